/* store — one document on its way from a reader to the writer: its lines as the rules read
 * them, the facts the documents table holds (title, issuing body, year, kind), its records and
 * findings, packed into a GVariant (layout in store_private.h). A reader process packs; the
 * writer unpacks, and a merge packs a stored document again so that one path writes them all. */
#include "store/store_private.h"

#include <string.h>

/* The title: the first lines with text, joined, at most this many bytes (whole characters). */
#define TITLE_LINES 3
#define TITLE_MAX_BYTES 160
/* The issuing body is looked for on the first pages only: later pages name other bodies. */
#define BODY_PAGES 2

struct YsStoreDoc {
  char *source, *sha256;
  guint64 bytes;
  GVariantBuilder lines;
  GString *title;
  guint title_lines;
  GPtrArray *first_pages; /* char*: the lines of the first BODY_PAGES pages */
  GVariant *packed;       /* floating until packed: the whole document */
};

YsStoreDoc *ys_store_doc_new(const char *source, const char *sha256, guint64 bytes) {
  YsStoreDoc *doc = g_new0(YsStoreDoc, 1);
  doc->source = g_strdup(source);
  doc->sha256 = g_strdup(sha256);
  doc->bytes = bytes;
  g_variant_builder_init(&doc->lines, G_VARIANT_TYPE("a" YS_STORE_LINE_T));
  doc->title = g_string_new(NULL);
  doc->first_pages = g_ptr_array_new_with_free_func(g_free);
  return doc;
}

void ys_store_doc_free(YsStoreDoc *doc) {
  if (doc == NULL)
    return;
  g_variant_builder_clear(&doc->lines);
  if (doc->packed)
    g_variant_unref(doc->packed);
  g_string_free(doc->title, TRUE);
  g_ptr_array_unref(doc->first_pages);
  g_free(doc->source);
  g_free(doc->sha256);
  g_free(doc);
}

static gboolean has_word(const char *text) {
  for (const char *p = text; *p; p = g_utf8_next_char(p))
    if (g_unichar_isalpha(g_utf8_get_char(p)))
      return TRUE;
  return FALSE;
}

static void add_title_line(YsStoreDoc *doc, const char *text) {
  if (doc->title_lines >= TITLE_LINES || !has_word(text))
    return;
  g_autoptr(GString) line = g_string_new(text);
  g_string_replace(line, "\t", " ", 0);
  g_strstrip(line->str);
  if (doc->title->len > 0)
    g_string_append_c(doc->title, ' ');
  g_string_append(doc->title, line->str);
  doc->title_lines++;
  if (doc->title->len > TITLE_MAX_BYTES) {
    const char *end = doc->title->str + TITLE_MAX_BYTES;
    while (end > doc->title->str && (*end & 0xC0) == 0x80)
      end--; /* back to the start of a character */
    g_string_truncate(doc->title, (gsize)(end - doc->title->str));
    doc->title_lines = TITLE_LINES;
  }
}

void ys_store_doc_add_line(YsStoreDoc *doc, const YsNormLine *line) {
  if (line->text[0] == '\0')
    return;
  GVariantBuilder cells;
  g_variant_builder_init(&cells, G_VARIANT_TYPE("ad"));
  for (guint i = 0; line->cells && i < line->cells->len; i++) {
    const YsCellSpan *c = &g_array_index(line->cells, YsCellSpan, i);
    g_variant_builder_add(&cells, "d", c->x0);
    g_variant_builder_add(&cells, "d", c->x1);
  }
  g_variant_builder_add(&doc->lines, YS_STORE_LINE_T, line->page, line->line, line->x0, line->y0,
                        line->x1, line->y1, line->text, &cells);
  add_title_line(doc, line->text);
  if (line->page <= BODY_PAGES)
    g_ptr_array_add(doc->first_pages, g_strdup(line->text));
}

/* The first of the rule files' bodies printed on the first pages, line by line. */
static const char *find_body(const YsStoreDoc *doc, const YsRules *rules) {
  const GPtrArray *bodies = rules ? ys_rules_bodies(rules) : NULL;
  for (guint i = 0; bodies && i < doc->first_pages->len; i++) {
    const char *text = g_ptr_array_index(doc->first_pages, i);
    for (guint b = 0; b < bodies->len; b++)
      if (strstr(text, g_ptr_array_index(bodies, b)) != NULL)
        return g_ptr_array_index(bodies, b);
  }
  return "";
}

/* The document's kind: the kind most of its figures for its own year have (initial on a tie,
 * and when it has none). */
static YsBudgetKind document_kind(const YsRecordSet *set) {
  guint count[YS_KIND_OTHER + 1] = {0};
  for (guint i = 0; set && i < set->records->len; i++) {
    const YsRecord *r = g_ptr_array_index(set->records, i);
    if (r->role == YS_ROLE_AMOUNT && r->kind != YS_KIND_OTHER &&
        (set->fiscal_year == 0 || r->fiscal_year == set->fiscal_year))
      count[r->kind]++;
  }
  YsBudgetKind best = YS_KIND_INITIAL;
  for (int k = YS_KIND_INITIAL; k < YS_KIND_OTHER; k++)
    if (count[k] > count[best])
      best = (YsBudgetKind)k;
  return best;
}

GVariant *ys_store_record_tuple(const YsRecord *r) {
  return g_variant_new(
      YS_STORE_RECORD_T, r->id, r->parent_id, r->page, r->line, r->item, r->fiscal_year,
      (guchar)r->kind, (guchar)r->role, r->amount_yen, r->unit, r->unit_yen, r->rounding_unit_yen,
      (guchar)r->qualifier, r->currency, r->text, r->rate_scaled, r->rate_decimals, r->base_year,
      (guchar)r->base_kind, r->group, r->is_new, r->parts_complete, r->path ? r->path : "",
      (guchar)r->level, r->has_box, r->x0, r->y0, r->x1, r->y1);
}

GVariant *ys_store_finding_tuple(const YsFinding *f) {
  return g_variant_new(YS_STORE_FINDING_T, (guchar)f->check, (guchar)f->status, f->page, f->line,
                       f->item, f->fiscal_year, (guchar)f->kind, f->has_yen, f->stated_yen,
                       f->computed_yen, f->difference_yen, f->tolerance_yen, f->detail, f->text,
                       f->record_id, f->path ? f->path : "");
}

void ys_store_doc_set_result(YsStoreDoc *doc, const YsRules *rules, const char *body, int pages,
                             const YsRecordSet *set, const GPtrArray *findings) {
  GVariantBuilder records, found;
  g_variant_builder_init(&records, G_VARIANT_TYPE("a" YS_STORE_RECORD_T));
  g_variant_builder_init(&found, G_VARIANT_TYPE("a" YS_STORE_FINDING_T));
  for (guint i = 0; set && i < set->records->len; i++)
    g_variant_builder_add_value(&records,
                                ys_store_record_tuple(g_ptr_array_index(set->records, i)));
  for (guint i = 0; findings && i < findings->len; i++)
    g_variant_builder_add_value(&found, ys_store_finding_tuple(g_ptr_array_index(findings, i)));
  if (doc->packed)
    g_variant_unref(doc->packed);
  doc->packed = g_variant_ref_sink(g_variant_new(
      YS_STORE_DOC_T, doc->source, doc->sha256, doc->bytes, doc->title->str,
      body ? body : find_body(doc, rules), set ? set->fiscal_year : 0,
      ys_budget_kind_name(document_kind(set)), pages, set ? (int)set->rounding : 0,
      set ? set->rounding_page : 0, set && set->rounding_text ? set->rounding_text : "",
      &doc->lines, &records, &found, "", "", ""));
}

GBytes *ys_store_doc_pack(YsStoreDoc *doc) {
  if (doc->packed == NULL)
    ys_store_doc_set_result(doc, NULL, NULL, 0, NULL, NULL);
  GBytes *bytes = g_variant_get_data_as_bytes(doc->packed);
  ys_store_doc_free(doc);
  return bytes;
}

GVariant *ys_store_unpack(GBytes *bytes, GError **error) {
  GVariant *doc =
      g_variant_new_from_bytes(G_VARIANT_TYPE(YS_STORE_DOC_T), bytes, FALSE /* not trusted */);
  g_variant_ref_sink(doc);
  /* a packed document comes from our own reader process, but through a file: check it */
  if (!g_variant_is_normal_form(doc)) {
    g_variant_unref(doc);
    g_set_error(error, YS_STORE_ERROR, YS_STORE_ERROR_PACKED,
                "the reader process handed over a damaged document (%" G_GSIZE_FORMAT
                " bytes): this is a bug in yosan",
                g_bytes_get_size(bytes));
    return NULL;
  }
  return doc;
}

char *ys_store_maybe_dup(GVariant *tuple, gsize i) {
  g_autoptr(GVariant) maybe = g_variant_get_child_value(tuple, i);
  g_autoptr(GVariant) inner = g_variant_get_maybe(maybe);
  return inner ? g_variant_dup_string(inner, NULL) : NULL;
}

/* A key for the line a record was printed on. */
static guint64 line_key(int page, int line) {
  return ((guint64)(guint32)page << 32) | (guint32)line;
}

static YsRecord *record_from_tuple(GVariant *t, GHashTable *line_texts) {
  YsRecord *r = ys_record_new(0);
  guchar kind, role, qualifier, base_kind, level;
  const char *path;
  /* YS_STORE_RECORD_T with its path borrowed (&s): a plain s would be a copy to free */
  g_variant_get(t, "(uuiimsiyyxmsxxymsmsxiiymsbb&sybdddd)", &r->id, &r->parent_id, &r->page,
                &r->line, NULL, &r->fiscal_year, &kind, &role, &r->amount_yen, NULL, &r->unit_yen,
                &r->rounding_unit_yen, &qualifier, NULL, NULL, &r->rate_scaled, &r->rate_decimals,
                &r->base_year, &base_kind, NULL, &r->is_new, &r->parts_complete, &path, &level,
                &r->has_box, &r->x0, &r->y0, &r->x1, &r->y1);
  r->item = ys_store_maybe_dup(t, 4);
  r->unit = ys_store_maybe_dup(t, 9);
  r->currency = ys_store_maybe_dup(t, 13);
  r->text = ys_store_maybe_dup(t, 14);
  r->group = ys_store_maybe_dup(t, 19);
  r->kind = MIN(kind, YS_KIND_OTHER);
  r->role = MIN(role, YS_ROLE_RATE);
  r->qualifier = MIN(qualifier, YS_QUAL_PER);
  r->base_kind = MIN(base_kind, YS_KIND_OTHER);
  r->level = MIN(level, YS_LEVEL_BREAKDOWN);
  r->path = g_strdup(path);
  r->line_text = g_strdup(g_hash_table_lookup(line_texts, &(guint64){line_key(r->page, r->line)}));
  return r;
}

YsRecordSet *ys_store_unpack_records(GVariant *doc) {
  g_autoptr(GVariant) source = g_variant_get_child_value(doc, YS_PACK_SOURCE);
  YsRecordSet *set = ys_record_set_new(g_variant_get_string(source, NULL));
  gint32 rounding;
  const char *rounding_text;
  g_variant_get_child(doc, YS_PACK_YEAR, "i", &set->fiscal_year);
  g_variant_get_child(doc, YS_PACK_ROUNDING, "i", &rounding);
  g_variant_get_child(doc, YS_PACK_ROUNDING_PAGE, "i", &set->rounding_page);
  g_variant_get_child(doc, YS_PACK_ROUNDING_TEXT, "&s", &rounding_text);
  set->rounding = rounding >= 0 && rounding <= YS_ROUND_UP ? (YsRounding)rounding : 0;
  set->rounding_text = rounding_text[0] ? g_strdup(rounding_text) : NULL;

  g_autoptr(GHashTable) line_texts =
      g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GVariant) lines = g_variant_get_child_value(doc, YS_PACK_LINES);
  gsize n_lines = g_variant_n_children(lines);
  for (gsize i = 0; i < n_lines; i++) {
    gint32 page, line;
    const char *text;
    g_variant_get_child(lines, i, "(ii@d@d@d@d&s@ad)", &page, &line, NULL, NULL, NULL, NULL, &text,
                        NULL);
    g_hash_table_insert(line_texts, g_memdup2(&(guint64){line_key(page, line)}, sizeof(guint64)),
                        (gpointer)text); /* lives as long as DOC */
  }
  g_autoptr(GVariant) records = g_variant_get_child_value(doc, YS_PACK_RECORDS);
  gsize n = g_variant_n_children(records);
  for (gsize i = 0; i < n; i++) {
    g_autoptr(GVariant) t = g_variant_get_child_value(records, i);
    YsRecord *r = record_from_tuple(t, line_texts);
    r->id = (guint)(i + 1); /* a set's ids are its positions, whatever the tuple said */
    if (r->parent_id > n)
      r->parent_id = 0;
    g_ptr_array_add(set->records, r);
  }
  return set;
}
