/* tests — report: HTML escaping, the template engine (values, sections, their errors) and the
 * built-in template rendering an index. */
#include <criterion/criterion.h>
#include <string.h>

#include "report/report_private.h"

static char *escaped(const char *text) {
  GString *out = g_string_new(NULL);
  ys_report_html_escape(out, text);
  return g_string_free(out, FALSE);
}

Test(report_escape, markup_quotes_and_controls) {
  g_autofree char *a = escaped("<a href=\"x\">R&D's</a>");
  g_autofree char *b = escaped("tab\tand\nline\x01\x7f");
  g_autofree char *c = escaped("1,238億円 ≠ 1,240億円");
  g_autofree char *d = escaped("bad \xff byte");
  g_autofree char *e = escaped("");
  cr_assert_str_eq(a, "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;");
  cr_assert_str_eq(b, "tab\tand\nline\xef\xbf\xbd\xef\xbf\xbd");
  cr_assert_str_eq(c, "1,238億円 ≠ 1,240億円"); /* UTF-8 passes as it is */
  cr_assert_str_eq(d, "bad \xef\xbf\xbd byte");
  cr_assert_str_eq(e, "");
  GString *out = g_string_new("kept");
  ys_report_html_escape(out, NULL);
  cr_assert_str_eq(out->str, "kept");
  g_string_free(out, TRUE);
}

/* TEMPLATE filled from DATA; NULL (and *ERROR) when it fails. */
static char *fill(const char *template_text, const YsTmplData *data, GError **error) {
  GString *out = g_string_new("<");
  if (!ys_tmpl_render(template_text, "t.html", data, out, error)) {
    cr_assert_str_eq(out->str, "<", "a failed render leaves the output as it was");
    g_string_free(out, TRUE);
    return NULL;
  }
  return g_string_free(out, FALSE);
}

Test(report_template, values_sections_and_scopes) {
  g_autoptr(YsTmplData) d = ys_tmpl_data_new();
  ys_tmpl_set(d, "title", "A & B");
  ys_tmpl_set(d, "unit", "億円");
  YsTmplData *row = ys_tmpl_add(d, "rows");
  ys_tmpl_set(row, "n", "1");
  ys_tmpl_setf(ys_tmpl_add(row, "inner"), "n", "%d", 11);
  row = ys_tmpl_add(d, "rows");
  ys_tmpl_set(row, "n", "<2>");
  ys_tmpl_list(row, "inner");
  ys_tmpl_list(d, "none");
  ys_tmpl_flag(d, "shown", TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *out =
      fill("{{title}}|{{#rows}}[{{n}}{{unit}}{{#inner}}({{n}}){{/inner}}{{^inner}}-{{/inner}}]"
           "{{/rows}}|{{^none}}empty{{/none}}{{#none}}never{{/none}}|{{#shown}}on{{/shown}}",
           d, &error);
  cr_assert_not_null(out, "%s", error ? error->message : "");
  /* an item's name first (n), then the scopes around it (unit), every value escaped */
  cr_assert_str_eq(out, "<A &amp; B|[1億円(11)][&lt;2&gt;億円-]|empty|on");
}

Test(report_template, nested_sections_of_one_name) {
  g_autoptr(YsTmplData) d = ys_tmpl_data_new();
  YsTmplData *outer = ys_tmpl_add(d, "s");
  ys_tmpl_set(outer, "v", "a");
  ys_tmpl_set(ys_tmpl_add(outer, "s"), "v", "b");
  ys_tmpl_list(ys_tmpl_add(outer, "s"), "s"); /* a third level, empty */
  g_autoptr(GError) error = NULL;
  g_autofree char *out = fill("{{#s}}<{{v}}{{#s}}{{v}}{{/s}}>{{/s}}.", d, &error);
  cr_assert_not_null(out, "%s", error ? error->message : "");
  /* the third item has no v of its own: its outer item's, "a" */
  cr_assert_str_eq(out, "<<aba>.");
}

static void expect_error(const char *template_text, const YsTmplData *d, const char *want) {
  g_autoptr(GError) error = NULL;
  g_autofree char *out = fill(template_text, d, &error);
  cr_assert_null(out, "%s rendered as %s", template_text, out);
  cr_assert(error != NULL && strstr(error->message, want) != NULL, "%s: got '%s', want '%s'",
            template_text, error ? error->message : "no error", want);
}

Test(report_template, mistakes_are_errors_with_their_line) {
  g_autoptr(YsTmplData) d = ys_tmpl_data_new();
  ys_tmpl_set(d, "v", "x");
  ys_tmpl_list(d, "l");
  expect_error("ok\n{{missing}}", d, "t.html:2: the data has no value or list 'missing'");
  expect_error("{{#l}}\n\nnever closed", d, "t.html:1: section never closed: 'l'");
  expect_error("{{/l}}", d, "closes a section that is not open: 'l'");
  expect_error("{{l}}", d, "a list used as a value: 'l'");
  expect_error("{{#v}}{{/v}}", d, "a value used as a section: 'v'");
  expect_error("{{ v }}", d, "malformed tag");
  expect_error("{{V}}", d, "malformed tag");
  expect_error("tail {{v", d, "malformed tag");
  expect_error("{{#l}}{{missing}}{{/l}}{{missing}}", d, "'missing'"); /* checked when shown */
}

Test(report_index, rows_escaped_linked_and_failed) {
  YsReportEntry ok = {.page = "概要 & more.html",
                      .source = "a/概要 & more.pdf",
                      .title = "<script>alert(1)</script>",
                      .body = "富士市",
                      .fiscal_year = 2026,
                      .pages = 19,
                      .checks = 10,
                      .exact = 7,
                      .rounding = 2,
                      .mismatches = 1};
  YsReportEntry bad = {.source = "broken.pdf", .error = "broken.pdf: damaged PDF"};
  const YsReportEntry *entries[] = {&ok, &bad};
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new(NULL);
  cr_assert(ys_report_index(entries, 2, out, &error), "%s", error ? error->message : "");
  cr_assert_null(strstr(out->str, "<script>alert"), "a title is text, never markup");
  cr_assert_not_null(strstr(out->str, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  /* the page's name is a URI path in the link, and escaped as an attribute */
  cr_assert_not_null(strstr(out->str, "href=\"%E6%A6%82%E8%A6%81%20%26%20more.html\""), "%s",
                     out->str);
  cr_assert_not_null(strstr(out->str, "令和8年度"));
  cr_assert_not_null(strstr(out->str, "could not be read:</span> broken.pdf: damaged PDF"));
  cr_assert_not_null(strstr(out->str, "1 file(s) could not be read"));
  const char *failed_row = strstr(out->str, "data-source=\"broken.pdf\"");
  cr_assert_not_null(failed_row);
  cr_assert_not_null(strstr(failed_row, "<td class=\"n\"></td>"), "no counts, not zeros");
  cr_assert_not_null(strstr(out->str, "10 checks"));
  cr_assert_null(strstr(out->str, "{{"), "every tag filled");
  g_string_free(out, TRUE);
}
