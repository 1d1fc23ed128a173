/* validate — checks between documents. Cross-year: what a document prints for an earlier year
 * (前年度予算額 850億円) against the same item's figure in the earlier year's own document (the
 * caller, store/, finds the pair; this file judges it). Cross-document: the files of one book
 * (a 予算書 split by 款 beside its 総括) print a 款's figure in each; the same path's figures must
 * agree. Both with the same interval arithmetic as the checks inside a document, each side read
 * with its own document's declared rounding. */
#include "validate/check_private.h"
#include "validate/format.h"

/* STATED (of STATED_SET) against OTHER (of OTHER_SET) as a finding of KIND. */
static YsFinding *judge_pair(YsCheckKind kind, const YsRecordSet *stated_set,
                             const YsRecord *stated, const YsRecordSet *earlier_set,
                             const YsRecord *earlier, const char *where) {
  YsCheckCtx ctx = {0};
  ctx.set = stated_set;
  ctx.mode = stated_set->rounding;
  ctx.findings = g_ptr_array_new_with_free_func((GDestroyNotify)ys_finding_free);
  const YsRecord *ops[] = {stated, earlier};
  ys_ctx_precision(&ctx, ops, G_N_ELEMENTS(ops));
  YsInterval computed = ys_record_interval(&ctx, earlier, earlier_set->rounding);
  g_autoptr(GString) note = g_string_new(NULL);
  if (where != NULL)
    g_string_append_printf(note, "(%s)", where);
  if (earlier_set->rounding == YS_ROUND_UNKNOWN)
    g_string_append_printf(note, "%s[%s document: no rounding note; taken as printed]",
                           note->len > 0 ? " " : "",
                           kind == YS_CHECK_CROSS_YEAR ? "earlier" : "other");
  ys_ctx_judge_yen(&ctx, kind, stated, &earlier, 1, earlier->amount_yen, computed, NULL,
                   ys_ctx_decimals(earlier, ys_ctx_unit_yen(stated)),
                   note->len > 0 ? note->str : NULL);
  YsFinding *f = ctx.findings->len > 0 ? g_ptr_array_steal_index(ctx.findings, 0) : NULL;
  g_ptr_array_unref(ctx.findings);
  return f;
}

YsFinding *ys_check_cross_year(const YsRecordSet *stated_set, const YsRecord *stated,
                               const YsRecordSet *earlier_set, const YsRecord *earlier,
                               const char *where) {
  return judge_pair(YS_CHECK_CROSS_YEAR, stated_set, stated, earlier_set, earlier, where);
}

/* ---- across the files of one book ---------------------------------------------------------- */

typedef struct {
  guint set;
  const YsRecord *record;
} Printed;

/* A figure that one book's files may print again: a table's 款, 項 or 目 amount for the book's
 * own year (its 前年度 figures are the cross-year check's), placed by its path. */
static gboolean across_eligible(const YsRecordSet *set, const YsRecord *r) {
  return r->role == YS_ROLE_AMOUNT && r->qualifier == YS_QUAL_NONE && r->kind != YS_KIND_OTHER &&
         r->fiscal_year != 0 && r->fiscal_year == set->fiscal_year && r->path != NULL &&
         r->path[0] != '\0' &&
         (r->level == YS_LEVEL_KAN || r->level == YS_LEVEL_KOU || r->level == YS_LEVEL_MOKU);
}

static char *across_key(const YsRecord *r) {
  return g_strdup_printf("%d|%d|%s|%s", r->fiscal_year, (int)r->kind, r->currency, r->path);
}

/* The findings of set I: each of its paths printed in an earlier set, once. */
static void judge_file(const YsRecordSet *const *sets, const char *const *names, guint i,
                       GHashTable *earlier, GPtrArray *findings) {
  g_autoptr(GHashTable) done = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint k = 0; k < sets[i]->records->len; k++) {
    const YsRecord *r = g_ptr_array_index(sets[i]->records, k);
    if (!across_eligible(sets[i], r))
      continue;
    char *key = across_key(r);
    GArray *there = g_hash_table_lookup(earlier, key);
    if (there == NULL) {
      g_free(key);
      continue;
    }
    if (!g_hash_table_add(done, key)) /* one finding per path and file */
      continue;
    const Printed *other = &g_array_index(there, Printed, 0);
    for (guint m = 0; m < there->len; m++)
      if (g_array_index(there, Printed, m).record->amount_yen == r->amount_yen) {
        other = &g_array_index(there, Printed, m);
        break;
      }
    g_autofree char *where = g_strdup_printf("%s, p.%d", names[other->set], other->record->page);
    g_ptr_array_add(findings, judge_pair(YS_CHECK_CROSS_DOC, sets[i], r, sets[other->set],
                                         other->record, where));
  }
}

/* Set I's figures into EARLIER, for the sets after it. */
static void remember_file(const YsRecordSet *set, guint i, GHashTable *earlier) {
  for (guint k = 0; k < set->records->len; k++) {
    const YsRecord *r = g_ptr_array_index(set->records, k);
    if (!across_eligible(set, r))
      continue;
    char *key = across_key(r);
    GArray *list = g_hash_table_lookup(earlier, key);
    if (list == NULL) {
      list = g_array_new(FALSE, FALSE, sizeof(Printed));
      g_hash_table_insert(earlier, key, list);
    } else {
      g_free(key);
    }
    Printed p = {i, r};
    g_array_append_val(list, p);
  }
}

void ys_check_across_documents(const YsRecordSet *const *sets, const char *const *names, guint n,
                               GPtrArray *const *findings) {
  /* path key → GArray of Printed, in the sets before the one being checked */
  g_autoptr(GHashTable) earlier =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
  for (guint i = 0; i < n; i++) {
    judge_file(sets, names, i, earlier, findings[i]);
    remember_file(sets[i], i, earlier);
  }
}
