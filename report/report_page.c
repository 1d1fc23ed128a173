/* report — the page of one document: its description, the checks by kind and status, every
 * mismatch with its crops and arithmetic, the passes collapsed below; filled into the built-in
 * template. Crops are drawn here for mismatches only, one per page their figures are on. */
#include "report/report_private.h"

#include "normalize/normalize.h"

#include <string.h>

#define TITLE_LINES 3 /* a PDF without a title is named by the first lines of its first page */
#define N_CHECK_KINDS 4

GQuark ys_report_error_quark(void) {
  return g_quark_from_static_string("ys-report-error-quark");
}

void ys_report_entry_clear(YsReportEntry *entry) {
  g_free(entry->page);
  g_free(entry->source);
  g_free(entry->error);
  g_free(entry->title);
  g_free(entry->body);
  memset(entry, 0, sizeof *entry);
}

/* "令和8年度 (2026)"; "unknown" for 0. */
static char *year_text(int year, gboolean gregorian_too) {
  if (year <= 0)
    return g_strdup("unknown");
  g_autofree char *wareki = ys_norm_year_to_wareki(year);
  if (wareki == NULL)
    return g_strdup_printf("%d", year);
  return gregorian_too ? g_strdup_printf("%s (%d)", wareki, year) : g_steal_pointer(&wareki);
}

/* The first TITLE_LINES lines of the first page with text, cells joined by spaces. */
static char *first_lines(YsDocument *doc) {
  g_autoptr(GString) s = g_string_new(NULL);
  for (int number = 1; number <= ys_extract_page_count(doc) && s->len == 0; number++) {
    g_autoptr(YsPage) page = NULL;
    if (!ys_extract_page(doc, number, &page, NULL))
      break;
    for (guint i = 0, n = 0; i < page->lines->len && n < TITLE_LINES; i++) {
      const YsRawLine *l = g_ptr_array_index(page->lines, i);
      g_autofree char *text = g_strdup(l->text);
      g_strdelimit(text, "\t", ' ');
      if (*g_strstrip(text) == '\0')
        continue;
      g_string_append_printf(s, "%s%s", n++ ? " " : "", text);
    }
  }
  return g_string_free(g_steal_pointer(&s), FALSE);
}

static void describe(YsTmplData *d, YsDocument *doc, const YsRecordSet *set, YsReportEntry *e) {
  e->is_pdf = ys_extract_is_pdf(doc);
  const char *from = "the PDF's own title";
  e->title = ys_extract_title(doc);
  if (e->title == NULL) {
    e->title = first_lines(doc);
    from = "the first lines of its first page with text";
  }
  if (e->title[0] == '\0') {
    g_free(e->title);
    e->title = g_strdup(e->source);
    from = "its file name: it has neither a title nor text";
  }
  ys_tmpl_set(d, "title_from", from);
  g_autofree char *author = ys_extract_author(doc);
  e->body = g_strdup(author ? author : "");
  e->fiscal_year = set->fiscal_year;
  e->pages = ys_extract_page_count(doc);

  ys_tmpl_set(d, "title", e->title);
  ys_tmpl_set(d, "body", author ? author : "not stated in the file");
  ys_tmpl_set(d, "source", e->source);
  g_autofree char *year = year_text(set->fiscal_year, TRUE);
  ys_tmpl_set(d, "year", year);
  ys_tmpl_setf(d, "pages", "%d", e->pages);
  ys_tmpl_list(d, "skipped");
  if (e->pages_without_text > 0)
    ys_tmpl_setf(ys_tmpl_add(d, "skipped"), "count", "%d", e->pages_without_text);
  ys_tmpl_list(d, "declared");
  if (set->rounding != YS_ROUND_UNKNOWN) {
    YsTmplData *r = ys_tmpl_add(d, "declared");
    ys_tmpl_set(r, "mode", ys_rounding_name(set->rounding));
    ys_tmpl_setf(r, "page", "%d", set->rounding_page);
    ys_tmpl_set(r, "note", set->rounding_text);
  }
  ys_tmpl_flag(d, "text_input", !e->is_pdf);
}

/* The fields every finding shows, table row or article. */
static void finding_fields(YsTmplData *d, const YsFinding *f) {
  ys_tmpl_set(d, "check", ys_check_kind_name(f->check));
  ys_tmpl_setf(d, "page", "%d", f->page);
  ys_tmpl_setf(d, "line", "%d", f->line);
  ys_tmpl_set(d, "item", f->item);
  g_autofree char *year = year_text(f->fiscal_year, FALSE);
  ys_tmpl_set(d, "year", year);
  ys_tmpl_set(d, "kind", ys_budget_kind_name(f->kind));
  ys_tmpl_set(d, "detail", f->detail);
}

static void summary(YsTmplData *d, const GPtrArray *findings, YsReportEntry *e) {
  guint counts[N_CHECK_KINDS][3] = {{0}};
  for (guint i = 0; i < findings->len; i++) {
    const YsFinding *f = g_ptr_array_index(findings, i);
    counts[f->check][f->status]++;
  }
  ys_tmpl_list(d, "kinds");
  for (int k = 0; k < N_CHECK_KINDS; k++) {
    guint *c = counts[k];
    e->exact += c[YS_STATUS_EXACT];
    e->rounding += c[YS_STATUS_ROUNDING];
    e->mismatches += c[YS_STATUS_MISMATCH];
    if (c[0] + c[1] + c[2] == 0)
      continue;
    YsTmplData *row = ys_tmpl_add(d, "kinds");
    ys_tmpl_set(row, "kind", ys_check_kind_name((YsCheckKind)k));
    ys_tmpl_setf(row, "exact", "%u", c[YS_STATUS_EXACT]);
    ys_tmpl_setf(row, "rounding", "%u", c[YS_STATUS_ROUNDING]);
    ys_tmpl_setf(row, "mismatch", "%u", c[YS_STATUS_MISMATCH]);
    ys_tmpl_setf(row, "all", "%u", c[0] + c[1] + c[2]);
  }
  e->checks = findings->len;
  ys_tmpl_setf(d, "exact", "%u", e->exact);
  ys_tmpl_setf(d, "rounding", "%u", e->rounding);
  ys_tmpl_setf(d, "mismatch_count", "%u", e->mismatches);
  ys_tmpl_setf(d, "checks", "%u", e->checks);
}

/* The label of the I-th part of a finding of CHECK (of N parts). */
static char *part_label(YsCheckKind check, guint i) {
  if (check == YS_CHECK_DIFFERENCE || check == YS_CHECK_RATE)
    return g_strdup(i == 0 ? "new" : "old");
  if (check == YS_CHECK_DUPLICATE)
    return g_strdup("1st");
  return g_strdup_printf("%u", i + 1);
}

/* The stated record, then the parts, as marks; NULL records (ids out of range) left out. */
static GArray *marks_of(const YsRecordSet *set, const YsFinding *f) {
  GArray *marks = g_array_new(FALSE, TRUE, sizeof(YsCropMark));
  const YsRecord *stated = ys_record_set_get(set, f->record_id);
  if (stated != NULL) {
    YsCropMark m = {stated, g_strdup("S"), TRUE};
    g_array_append_val(marks, m);
  }
  for (guint i = 0; i < f->parts->len; i++) {
    const YsRecord *r = ys_record_set_get(set, g_array_index(f->parts, guint, i));
    if (r == NULL)
      continue;
    YsCropMark m = {r, part_label(f->check, i), FALSE};
    g_array_append_val(marks, m);
  }
  return marks;
}

static void marks_free(GArray *marks) {
  for (guint i = 0; i < marks->len; i++)
    g_free(g_array_index(marks, YsCropMark, i).label);
  g_array_unref(marks);
}

/* What a mark stands for in the legend: a breakdown part by its label, a figure compared or
 * printed before by its year and kind (the item is the finding's). */
static char *mark_name(YsCheckKind check, const YsCropMark *m) {
  const YsRecord *r = m->record;
  g_autofree char *year = year_text(r->fiscal_year, FALSE);
  if (m->stated)
    return g_strdup_printf("stated: %s %s", year, ys_budget_kind_name(r->kind));
  if (check == YS_CHECK_SUM)
    return g_strdup(r->group ? r->group : r->item);
  return g_strdup_printf("%s %s", year, ys_budget_kind_name(r->kind));
}

static void legend(YsTmplData *d, YsCheckKind check, GArray *marks) {
  ys_tmpl_list(d, "marks");
  for (guint i = 0; i < marks->len; i++) {
    const YsCropMark *m = &g_array_index(marks, YsCropMark, i);
    YsTmplData *row = ys_tmpl_add(d, "marks");
    ys_tmpl_set(row, "label", m->label);
    ys_tmpl_set(row, "role", m->stated ? "stated" : "part");
    g_autofree char *what = mark_name(check, m);
    ys_tmpl_set(row, "what", what);
    ys_tmpl_set(row, "printed", m->record->text);
    ys_tmpl_setf(row, "page", "%d", m->record->page);
    ys_tmpl_setf(row, "line", "%d", m->record->line);
  }
}

/* What a crop's caption says of the parts' marks: "1-5" the parts added, … */
static void caption_parts(YsTmplData *d, YsCheckKind check, guint n_parts) {
  if (check == YS_CHECK_DIFFERENCE || check == YS_CHECK_RATE) {
    ys_tmpl_set(d, "part_tags", "new, old");
    ys_tmpl_set(d, "part_role", "the figures compared");
  } else if (check == YS_CHECK_DUPLICATE) {
    ys_tmpl_set(d, "part_tags", "1st");
    ys_tmpl_set(d, "part_role", "its first printing");
  } else {
    if (n_parts == 1)
      ys_tmpl_set(d, "part_tags", "1");
    else
      ys_tmpl_setf(d, "part_tags", "1-%u", n_parts);
    ys_tmpl_set(d, "part_role", "the parts added up");
  }
}

/* One crop per page the marks are on (the stated figure's first); why not, where none. */
static gboolean crops(YsTmplData *d, YsDocument *doc, YsCheckKind check, GArray *marks,
                      YsReportEntry *e, GError **error) {
  ys_tmpl_list(d, "crops");
  ys_tmpl_list(d, "no_crop");
  if (!e->is_pdf) {
    ys_tmpl_set(ys_tmpl_add(d, "no_crop"), "why",
                "the source is a text file: it has no page to draw");
    return TRUE;
  }
  g_autoptr(GArray) pages = g_array_new(FALSE, FALSE, sizeof(int));
  for (guint i = 0; i < marks->len; i++) {
    const YsRecord *r = g_array_index(marks, YsCropMark, i).record;
    gboolean seen = FALSE;
    for (guint j = 0; j < pages->len && !seen; j++)
      seen = g_array_index(pages, int, j) == r->page;
    if (!seen && r->has_box)
      g_array_append_val(pages, r->page);
  }
  if (pages->len == 0)
    ys_tmpl_set(ys_tmpl_add(d, "no_crop"), "why",
                "no position on the page was recorded for "
                "these figures");
  for (guint j = 0; j < pages->len; j++) {
    int page = g_array_index(pages, int, j), pw, ph, sw, sh;
    g_autofree char *uri =
        ys_crop_render(doc, page, (YsCropMark *)marks->data, marks->len, &pw, &ph, &sw, &sh, error);
    if (uri == NULL) {
      g_prefix_error(error, "%s: p.%d: ", e->source, page);
      return FALSE;
    }
    YsTmplData *c = ys_tmpl_add(d, "crops");
    ys_tmpl_set(c, "src", uri);
    ys_tmpl_setf(c, "page", "%d", page);
    ys_tmpl_setf(c, "width", "%d", sw);
    ys_tmpl_setf(c, "height", "%d", sh);
    ys_tmpl_list(c, "with_parts");
    if (marks->len > 1)
      caption_parts(ys_tmpl_add(c, "with_parts"), check, marks->len - 1);
    e->crops++;
  }
  return TRUE;
}

static gboolean mismatch(YsTmplData *d, YsDocument *doc, const YsRecordSet *set, const YsFinding *f,
                         guint n, YsReportEntry *e, GError **error) {
  finding_fields(d, f);
  ys_tmpl_setf(d, "id", "finding-%u", n);
  if (f->has_yen) {
    ys_tmpl_setf(d, "stated_yen", "%" G_GINT64_FORMAT, f->stated_yen);
    ys_tmpl_setf(d, "computed_yen", "%" G_GINT64_FORMAT, f->computed_yen);
  } else {
    ys_tmpl_set(d, "stated_yen", "");
    ys_tmpl_set(d, "computed_yen", "");
  }
  ys_tmpl_flag(d, "placed", f->path != NULL && f->path[0] != '\0');
  ys_tmpl_set(d, "path", f->path);
  g_autofree char *text = g_strdup(f->text ? f->text : "");
  g_autoptr(GString) shown = g_string_new(text);
  g_string_replace(shown, "\t", " | ", 0); /* cells apart, as the text report shows them */
  ys_tmpl_set(d, "text", shown->str);
  GArray *marks = marks_of(set, f);
  legend(d, f->check, marks);
  gboolean ok = crops(d, doc, f->check, marks, e, error);
  marks_free(marks);
  return ok;
}

static gboolean findings_data(YsTmplData *d, YsDocument *doc, const YsRecordSet *set,
                              const GPtrArray *findings, YsReportEntry *e, GError **error) {
  ys_tmpl_list(d, "mismatches");
  ys_tmpl_list(d, "rounding_rows");
  ys_tmpl_list(d, "exact_rows");
  guint n = 0;
  for (guint i = 0; i < findings->len; i++) {
    const YsFinding *f = g_ptr_array_index(findings, i);
    if (f->status == YS_STATUS_MISMATCH) {
      if (!mismatch(ys_tmpl_add(d, "mismatches"), doc, set, f, ++n, e, error))
        return FALSE;
    } else {
      finding_fields(ys_tmpl_add(d, f->status == YS_STATUS_EXACT ? "exact_rows" : "rounding_rows"),
                     f);
    }
  }
  ys_tmpl_flag(d, "rounding_rows_any", e->rounding > 0);
  ys_tmpl_flag(d, "exact_rows_any", e->exact > 0);
  return TRUE;
}

gboolean ys_report_page(YsDocument *doc, const YsRecordSet *set, const GPtrArray *findings,
                        YsReportEntry *entry, GString *out, GError **error) {
  g_return_val_if_fail(doc != NULL && set != NULL && findings != NULL && entry != NULL, FALSE);
  /* the pages are read again (for the title and the crops' lines), out of order */
  ys_extract_stop_reading_ahead(doc);
  g_autoptr(YsTmplData) root = ys_tmpl_data_new();
  ys_tmpl_flag(root, "index", FALSE);
  YsTmplData *d = ys_tmpl_add(root, "document");
  describe(d, doc, set, entry);
  summary(d, findings, entry);
  if (!findings_data(d, doc, set, findings, entry, error))
    return FALSE;
  g_autofree char *title = g_strdup_printf("%s — yosan report", entry->title);
  ys_tmpl_set(root, "page_title", title);
  return ys_tmpl_render(ys_report_template_text, "report.html.in", root, out, error);
}
