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
  YsPackLines *lines;
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
  doc->lines = ys_pack_lines_new();
  doc->title = g_string_new(NULL);
  doc->first_pages = g_ptr_array_new_with_free_func(g_free);
  return doc;
}

void ys_store_doc_set_file(YsStoreDoc *doc, const char *sha256, guint64 bytes) {
  g_free(doc->sha256);
  doc->sha256 = g_strdup(sha256);
  doc->bytes = bytes;
}

void ys_store_doc_free(YsStoreDoc *doc) {
  if (doc == NULL)
    return;
  ys_pack_lines_free(doc->lines);
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
  double box[4] = {line->x0, line->y0, line->x1, line->y1};
  guint n_cells = line->cells ? line->cells->len : 0;
  /* YsCellSpan is two doubles, x0 then x1: the pairs as they lie */
  G_STATIC_ASSERT(sizeof(YsCellSpan) == 2 * sizeof(double));
  ys_pack_lines_add(doc->lines, line->page, line->line, box, line->text,
                    n_cells ? (const double *)(const void *)line->cells->data : NULL, n_cells);
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

void ys_store_doc_set_result(YsStoreDoc *doc, const YsRules *rules, const char *body, int pages,
                             const YsRecordSet *set, const GPtrArray *findings) {
  if (doc->packed != NULL)
    return; /* set once */
  doc->packed = g_variant_ref_sink(g_variant_new(
      YS_STORE_DOC_FORMAT, doc->source, doc->sha256 ? doc->sha256 : "", doc->bytes, doc->title->str,
      body ? body : find_body(doc, rules), set ? set->fiscal_year : 0,
      ys_budget_kind_name(document_kind(set)), pages, set ? (int)set->rounding : 0,
      set ? set->rounding_page : 0, set && set->rounding_text ? set->rounding_text : "",
      ys_pack_lines_end(g_steal_pointer(&doc->lines)), ys_pack_records(set),
      ys_pack_findings(findings), "", "", ""));
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
  /* Not trusted: GVariant checks each value as it is read, and a damaged one reads as empty
   * (no sha256 then: refused here rather than stored as a document of nothing) */
  const char *sha256;
  g_variant_get_child(doc, YS_PACK_SHA256, "&s", &sha256);
  if (strlen(sha256) != 64) {
    g_variant_unref(doc);
    g_set_error(error, YS_STORE_ERROR, YS_STORE_ERROR_PACKED,
                "the reader process handed over a damaged document (%" G_GSIZE_FORMAT
                " bytes): this is a bug in yosan",
                g_bytes_get_size(bytes));
    return NULL;
  }
  return doc;
}

/* The text of line (PAGE, LINE) among the lines (in page and line order), or NULL. */
static const char *line_text(const YsPackLinesView *lines, int page, int line) {
  gsize lo = 0, hi = ys_pack_lines_count(lines);
  while (lo < hi) {
    gsize mid = lo + (hi - lo) / 2;
    YsPackLine l;
    ys_pack_lines_get(lines, mid, &l);
    if (l.page == page && l.line == line)
      return l.text;
    if (l.page < page || (l.page == page && l.line < line))
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

YsRecordSet *ys_store_unpack_records(GVariant *doc, GError **error) {
  g_autoptr(GVariant) source = g_variant_get_child_value(doc, YS_PACK_SOURCE);
  g_autoptr(YsRecordSet) set = ys_record_set_new(g_variant_get_string(source, NULL));
  gint32 rounding;
  const char *rounding_text;
  g_variant_get_child(doc, YS_PACK_YEAR, "i", &set->fiscal_year);
  g_variant_get_child(doc, YS_PACK_ROUNDING, "i", &rounding);
  g_variant_get_child(doc, YS_PACK_ROUNDING_PAGE, "i", &set->rounding_page);
  g_variant_get_child(doc, YS_PACK_ROUNDING_TEXT, "&s", &rounding_text);
  set->rounding = rounding >= 0 && rounding <= YS_ROUND_UP ? (YsRounding)rounding : 0;
  set->rounding_text = rounding_text[0] ? g_strdup(rounding_text) : NULL;
  g_autoptr(GVariant) records = g_variant_get_child_value(doc, YS_PACK_RECORDS);
  g_autoptr(GVariant) lines = g_variant_get_child_value(doc, YS_PACK_LINES);
  YsPackLinesView *view = ys_pack_lines_view(lines, error);
  if (view == NULL || !ys_pack_unpack_records(records, set, error)) {
    ys_pack_lines_view_free(view);
    return NULL;
  }
  /* the line a record was printed on, quoted by a finding: only a figure for an earlier year
   * can still get one (cross-year), and most records are not */
  for (guint i = 0; i < set->records->len; i++) {
    YsRecord *r = g_ptr_array_index(set->records, i);
    if (r->role == YS_ROLE_AMOUNT && r->fiscal_year != 0 && r->fiscal_year < set->fiscal_year)
      r->line_text = g_strdup(line_text(view, r->page, r->line));
  }
  ys_pack_lines_view_free(view);
  return g_steal_pointer(&set);
}
