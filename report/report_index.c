/* report — the index: one row per document (its title linking to its page, who issued it, its
 * year, pages and checks by status; a file that could not be read, with why), and the totals. */
#include "report/report_private.h"

#include "normalize/normalize.h"

static const char *state_of(const YsReportEntry *e) {
  return e->error ? "failed" : e->mismatches ? "mismatch" : "ok";
}

/* A count of E's; blank for a file that could not be read, not a 0 that looks like a clean one. */
static void count(YsTmplData *row, const char *name, guint value, const YsReportEntry *e) {
  if (e->error != NULL)
    ys_tmpl_set(row, name, "");
  else
    ys_tmpl_setf(row, name, "%u", value);
}

static void document_row(YsTmplData *row, const YsReportEntry *e) {
  ys_tmpl_set(row, "state", state_of(e));
  ys_tmpl_set(row, "source", e->source);
  ys_tmpl_set(row, "title", e->title ? e->title : e->source);
  ys_tmpl_flag(row, "linked", e->error == NULL && e->page != NULL);
  /* a file name in a link is a URI path: 概要.html is percent-encoded */
  g_autofree char *href = g_uri_escape_string(e->page ? e->page : "", NULL, FALSE);
  ys_tmpl_set(row, "href", href);
  ys_tmpl_list(row, "failure");
  if (e->error != NULL)
    ys_tmpl_set(ys_tmpl_add(row, "failure"), "message", e->error);
  ys_tmpl_set(row, "body", e->body);
  g_autofree char *wareki = e->fiscal_year > 0 ? ys_norm_year_to_wareki(e->fiscal_year) : NULL;
  ys_tmpl_set(row, "year", wareki ? wareki : "");
  ys_tmpl_list(row, "skipped");
  if (e->pages_without_text > 0)
    ys_tmpl_setf(ys_tmpl_add(row, "skipped"), "count", "%d", e->pages_without_text);
  count(row, "pages", (guint)e->pages, e);
  count(row, "checks", e->checks, e);
  count(row, "exact", e->exact, e);
  count(row, "rounding", e->rounding, e);
  count(row, "mismatches", e->mismatches, e);
}

gboolean ys_report_index(const YsReportEntry *const *entries, guint n, GString *out,
                         GError **error) {
  g_autoptr(YsTmplData) root = ys_tmpl_data_new();
  ys_tmpl_set(root, "page_title", "yosan report");
  ys_tmpl_flag(root, "document", FALSE);
  YsTmplData *d = ys_tmpl_add(root, "index");
  guint checks = 0, exact = 0, rounding = 0, mismatches = 0, failed = 0;
  ys_tmpl_list(d, "documents");
  for (guint i = 0; i < n; i++) {
    const YsReportEntry *e = entries[i];
    document_row(ys_tmpl_add(d, "documents"), e);
    checks += e->checks;
    exact += e->exact;
    rounding += e->rounding;
    mismatches += e->mismatches;
    failed += e->error != NULL;
  }
  ys_tmpl_setf(d, "documents_count", "%u", n);
  ys_tmpl_setf(d, "checks", "%u", checks);
  ys_tmpl_setf(d, "exact", "%u", exact);
  ys_tmpl_setf(d, "rounding", "%u", rounding);
  ys_tmpl_setf(d, "mismatches", "%u", mismatches);
  ys_tmpl_setf(d, "failed", "%u", failed);
  ys_tmpl_flag(d, "failed_any", failed > 0);
  return ys_tmpl_render(ys_report_template_text, "report.html.in", root, out, error);
}
