/* store — checks across years. A figure a document prints for an earlier year (前年度予算額,
 * `7年度予算（当初）`) is looked for in the current documents of that year and the same body:
 * a figure of that year and kind, role amount, the same qualifier and currency, whose item
 * matches by ys_store_match_key (the path when the record has one, else the item). Where that
 * year's documents print it more than once, the first that agrees is taken (an equal one
 * first), else the first; validate's ys_check_cross_year judges the pair, each side in its own
 * document's rounding. A figure with no counterpart makes no finding (nothing to compare). */
#include "store/store_private.h"

#include <string.h>

/* ---- matching items across years -------------------------------------------------------- */

static gboolean roman_numeral(char c) {
  return c == 'I' || c == 'V' || c == 'X';
}

/* Drops an outline number in front of a name: `2 教育債`, `1.医薬品`, `(1)NBRP`, `II. 東北…`
 * (① and （１） are already `1` and `(1)` after NFKC). A number that is the name (`2025年…`,
 * a figure) stays: only one followed by a space, a dot or its closing bracket goes. */
static const char *drop_outline_number(const char *s) {
  const char *p = s;
  if (*p == '(') {
    const char *q = p + 1;
    while (g_ascii_isdigit(*q))
      q++;
    if (q > p + 1 && *q == ')')
      p = q + 1;
  } else if (g_ascii_isdigit(*p) || roman_numeral(*p)) {
    const char *q = p;
    gboolean digits = g_ascii_isdigit(*p);
    while (digits ? g_ascii_isdigit(*q) : roman_numeral(*q))
      q++;
    if (*q == '.' || *q == ')')
      p = q + 1;
    else if (*q == ' ' && digits)
      p = q + 1;
  }
  while (*p == ' ')
    p++;
  return *p ? p : s;
}

char *ys_store_match_key(const YsRules *rules, const char *name) {
  if (name == NULL)
    return g_strdup("");
  g_autofree char *whole = g_strstrip(g_strdup(name));
  const char *renamed = rules ? ys_rules_renamed(rules, whole) : whole;
  g_auto(GStrv) parts = g_strsplit(renamed, "/", -1);
  GString *key = g_string_new(NULL);
  for (int i = 0; parts[i] != NULL; i++) {
    g_strstrip(parts[i]);
    const char *part = drop_outline_number(parts[i]);
    if (rules != NULL)
      part = ys_rules_renamed(rules, part);
    if (i > 0)
      g_string_append_c(key, '/');
    g_string_append(key, part);
  }
  return g_string_free(key, FALSE);
}

static const char *record_name(const YsRecord *r) {
  return r->path != NULL && r->path[0] != '\0' ? r->path : r->item;
}

/* ---- the earlier documents, read once per check -------------------------------------------- */

typedef struct {
  YsStoreDocInfo *info;
  YsRecordSet *set;
  GHashTable *by_key; /* "year|kind|qualifier|key" → GPtrArray of const YsRecord* */
} Earlier;

static void earlier_free(Earlier *e) {
  ys_store_doc_info_free(e->info);
  ys_record_set_free(e->set);
  g_hash_table_unref(e->by_key);
  g_free(e);
}

static char *figure_key(const YsRules *rules, const YsRecord *r) {
  g_autofree char *key = ys_store_match_key(rules, record_name(r));
  return g_strdup_printf("%d|%d|%d|%s", r->fiscal_year, (int)r->kind, (int)r->qualifier, key);
}

static gboolean comparable(const YsRecord *r) {
  const char *name = record_name(r);
  return r->role == YS_ROLE_AMOUNT && r->kind != YS_KIND_OTHER && r->fiscal_year != 0 &&
         name != NULL && name[0] != '\0';
}

static Earlier *earlier_load(YsStore *store, const YsRules *rules, gint64 id, gboolean reread,
                             GError **error) {
  g_autoptr(YsStoreDocInfo) info = ys_store_doc_info(store, id, error);
  YsRecordSet *set = NULL;
  if (info == NULL || !(reread ? ys_store_reread(store, rules, info, &set, error)
                               : ys_store_stored_records(store, info, &set, error)))
    return NULL;
  Earlier *e = g_new0(Earlier, 1);
  e->info = g_steal_pointer(&info);
  e->set = set;
  e->by_key =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  for (guint i = 0; i < set->records->len; i++) {
    const YsRecord *r = g_ptr_array_index(set->records, i);
    if (!comparable(r) || r->fiscal_year != e->info->fiscal_year)
      continue; /* a document speaks for its own year; its 前年度 figures are another's */
    char *key = figure_key(rules, r);
    GPtrArray *list = g_hash_table_lookup(e->by_key, key);
    if (list == NULL) {
      list = g_ptr_array_new();
      g_hash_table_insert(e->by_key, key, list);
    } else {
      g_free(key);
    }
    g_ptr_array_add(list, (gpointer)r);
  }
  return e;
}

typedef struct {
  YsStore *store;
  const YsRules *rules;
  gboolean reread;
  GHashTable *by_year; /* year → GPtrArray of Earlier* (that year's current documents) */
} Cross;

static GPtrArray *earlier_docs(Cross *cx, const YsStoreDocInfo *doc, int year, GError **error) {
  GPtrArray *docs = g_hash_table_lookup(cx->by_year, GINT_TO_POINTER(year));
  if (docs != NULL)
    return docs;
  sqlite3_stmt *st = ys_store_stmt(cx->store, "year_docs", error);
  if (st == NULL)
    return NULL;
  ys_store_bind_text(st, 1, doc->body);
  sqlite3_bind_int(st, 2, year);
  g_autoptr(GArray) ids = g_array_new(FALSE, FALSE, sizeof(gint64));
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    gint64 v = sqlite3_column_int64(st, 0);
    if (v != doc->id)
      g_array_append_val(ids, v);
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) {
    ys_store_fail(cx->store, error, "finding the earlier documents");
    return NULL;
  }
  docs = g_ptr_array_new_with_free_func((GDestroyNotify)earlier_free);
  for (guint i = 0; i < ids->len; i++) {
    Earlier *e =
        earlier_load(cx->store, cx->rules, g_array_index(ids, gint64, i), cx->reread, error);
    if (e == NULL) {
      g_ptr_array_unref(docs);
      return NULL;
    }
    g_ptr_array_add(docs, e);
  }
  g_hash_table_insert(cx->by_year, GINT_TO_POINTER(year), docs);
  return docs;
}

/* The counterpart of R among that year's documents: an equal figure first, then one that
 * agrees within both roundings, then the first found. */
static const YsRecord *counterpart(const GPtrArray *docs, const char *key, const YsRecord *r,
                                   const YsRecordSet *set, const Earlier **in) {
  const YsRecord *first = NULL, *agreeing = NULL;
  const Earlier *first_in = NULL, *agreeing_in = NULL;
  for (guint d = 0; d < docs->len; d++) {
    const Earlier *e = g_ptr_array_index(docs, d);
    GPtrArray *list = g_hash_table_lookup(e->by_key, key);
    for (guint i = 0; list && i < list->len; i++) {
      const YsRecord *c = g_ptr_array_index(list, i);
      if (g_strcmp0(c->currency, r->currency) != 0)
        continue;
      if (c->amount_yen == r->amount_yen) {
        *in = e;
        return c;
      }
      if (first == NULL) {
        first = c;
        first_in = e;
      }
      if (agreeing == NULL) {
        YsFinding *f = ys_check_cross_year(set, r, e->set, c, NULL);
        if (f->status != YS_STATUS_MISMATCH) {
          agreeing = c;
          agreeing_in = e;
        }
        ys_finding_free(f);
      }
    }
  }
  *in = agreeing ? agreeing_in : first_in;
  return agreeing ? agreeing : first;
}

static char *where_text(const Earlier *e, const YsRecord *c) {
  return g_strdup_printf("%s, document %" G_GINT64_FORMAT ", p.%d", e->info->file_name, e->info->id,
                         c->page);
}

/* The cross-year findings of DOC into FINDINGS, and the document and record each compared
 * with into COMPARED (gint64 pairs; may be NULL). */
static gboolean collect(Cross *cx, const YsStoreDocInfo *doc, const YsRecordSet *set,
                        GPtrArray *findings, GArray *compared, GError **error) {
  if (doc->fiscal_year == 0 || doc->superseded_by != 0)
    return TRUE;
  for (guint i = 0; i < set->records->len; i++) {
    const YsRecord *r = g_ptr_array_index(set->records, i);
    if (!comparable(r) || r->fiscal_year >= doc->fiscal_year)
      continue;
    GPtrArray *docs = earlier_docs(cx, doc, r->fiscal_year, error);
    if (docs == NULL)
      return FALSE;
    g_autofree char *key = figure_key(cx->rules, r);
    const Earlier *in = NULL;
    const YsRecord *c = counterpart(docs, key, r, set, &in);
    if (c == NULL)
      continue;
    g_autofree char *where = where_text(in, c);
    g_ptr_array_add(findings, ys_check_cross_year(set, r, in->set, c, where));
    if (compared != NULL) {
      gint64 pair[2] = {in->info->id, c->id};
      g_array_append_vals(compared, pair, 2);
    }
  }
  return TRUE;
}

static void cross_init(Cross *cx, YsStore *store, const YsRules *rules, gboolean reread) {
  cx->store = store;
  cx->rules = rules;
  cx->reread = reread;
  cx->by_year =
      g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)g_ptr_array_unref);
}

gboolean ys_store_cross_year(YsStore *store, const YsRules *rules, const YsStoreDocInfo *doc,
                             const YsRecordSet *set, gboolean reread, GPtrArray *findings,
                             GError **error) {
  Cross cx;
  cross_init(&cx, store, rules, reread);
  gboolean ok = collect(&cx, doc, set, findings, NULL, error);
  g_hash_table_unref(cx.by_year);
  return ok;
}

gboolean ys_store_cross_remake(YsStore *store, const YsRules *rules, gint64 id,
                               const YsRecordSet *given, guint *n, guint *mismatches,
                               GError **error) {
  sqlite3_stmt *st = ys_store_stmt(store, "cross_delete", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64(st, 1, id);
  if (!ys_store_step_done(store, st, error, "dropping old cross-year findings"))
    return FALSE;
  g_autoptr(YsStoreDocInfo) info = ys_store_doc_info(store, id, error);
  g_autoptr(YsRecordSet) set = NULL;
  if (info == NULL)
    return FALSE;
  if (info->fiscal_year == 0 || info->superseded_by != 0)
    return TRUE;
  if (given == NULL && !ys_store_stored_records(store, info, &set, error))
    return FALSE;
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func((GDestroyNotify)ys_finding_free);
  g_autoptr(GArray) compared = g_array_new(FALSE, FALSE, sizeof(gint64));
  Cross cx;
  cross_init(&cx, store, rules, FALSE);
  gboolean ok = collect(&cx, info, given ? given : set, findings, compared, error);
  g_hash_table_unref(cx.by_year);
  if (!ok || (st = ys_store_stmt(store, "finding_next_no", error)) == NULL)
    return FALSE;
  sqlite3_bind_int64(st, 1, id);
  gint64 next = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 1;
  sqlite3_reset(st);
  for (guint i = 0; i < findings->len; i++) {
    const YsFinding *f = g_ptr_array_index(findings, i);
    if (!ys_store_insert_finding(store, id, next + i, f, g_array_index(compared, gint64, 2 * i),
                                 (guint)g_array_index(compared, gint64, 2 * i + 1), error))
      return FALSE;
    if (mismatches != NULL && f->status == YS_STATUS_MISMATCH)
      (*mismatches)++;
  }
  if (n != NULL)
    *n += findings->len;
  return TRUE;
}
