/* tests — report: a crop's area, a crop drawn from a sample PDF with its outline where the
 * figure's box is, and whole pages made from the samples through the real pipeline (a broken
 * copy's mismatch cropped; the text version of the same document listed without crops). */
#include <cairo.h>
#include <criterion/criterion.h>
#include <string.h>

#include "normalize/normalize.h"
#include "report/report_private.h"
#include "rules/rules.h"
#include "text_count.h"

#define SAMPLE(name) YS_SOURCE_DIR "/samples/" name

Test(report_crop, area_pads_widens_and_stays_on_the_page) {
  YsCropRect boxes[] = {{237.28, 130.28, 295.64, 148.0}, {201.46, 148.6, 331.62, 164.53}};
  YsCropRect lines[] = {{60, 130, 700, 148}};
  YsCropRect a = ys_crop_area(boxes, 2, NULL, 0, 842, 595);
  /* the union (201.46 … 331.62 wide: 130.16 + 36 of padding) widened to 240, centred */
  cr_assert_float_eq(a.x1 - a.x0, 240.0, 1e-9);
  cr_assert_float_eq((a.x0 + a.x1) / 2, (201.46 + 331.62) / 2, 1e-9);
  cr_assert(a.y0 < 130.28 - 10 && a.y1 > 164.53, "room above for a label: %f", a.y0);
  a = ys_crop_area(boxes, 2, lines, 1, 842, 595);
  cr_assert_float_eq(a.x0, 60 - 18.0, 1e-9, "the whole line is shown");
  cr_assert_float_eq(a.x1, 700 + 18.0, 1e-9);
  YsCropRect corner[] = {{2, 1, 30, 9}};
  a = ys_crop_area(corner, 1, NULL, 0, 100, 50);
  cr_assert(a.x0 == 0 && a.y0 == 0 && a.x1 <= 100 && a.y1 <= 50, "kept on the page");
}

typedef struct {
  const unsigned char *data;
  gsize len, at;
} PngReader;

static cairo_status_t read_png(void *closure, unsigned char *data, unsigned int length) {
  PngReader *r = closure;
  if (r->at + length > r->len)
    return CAIRO_STATUS_READ_ERROR;
  memcpy(data, r->data + r->at, length);
  r->at += length;
  return CAIRO_STATUS_SUCCESS;
}

/* The image in a data: URI of a PNG. */
static cairo_surface_t *decode(const char *uri) {
  const char *prefix = "data:image/png;base64,";
  cr_assert(g_str_has_prefix(uri, prefix), "not a PNG data URI: %.40s", uri);
  gsize len;
  g_autofree guchar *png = g_base64_decode(uri + strlen(prefix), &len);
  PngReader r = {png, len, 0};
  cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_png, &r);
  cr_assert_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS, "the PNG does not decode");
  return s;
}

/* Whether pixel (X, Y) of S is the outline's red (#c8102e), give or take antialiasing. */
static gboolean red_at(cairo_surface_t *s, int x, int y) {
  cairo_surface_flush(s);
  const unsigned char *row =
      cairo_image_surface_get_data(s) + (gsize)y * (gsize)cairo_image_surface_get_stride(s);
  guint32 px = ((const guint32 *)row)[x];
  int r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;
  return r > 150 && g < 90 && b < 110;
}

Test(report_crop, outline_drawn_on_the_stated_figure) {
  g_autoptr(YsDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  cr_assert(ys_extract_open(&doc, SAMPLE("errors/mext-table-total-digit.pdf"), NULL, &error));
  /* the 1,258億円 cell of p.3, as the records give it */
  YsRecord stated = {.id = 1,
                     .page = 3,
                     .line = 5,
                     .has_box = TRUE,
                     .x0 = 237.28,
                     .y0 = 130.28,
                     .x1 = 295.64,
                     .y1 = 148.0};
  YsCropMark mark = {&stated, "S", TRUE};
  int pw, ph, sw, sh;
  g_autofree char *uri = ys_crop_render(doc, 3, &mark, 1, &pw, &ph, &sw, &sh, &error);
  cr_assert_not_null(uri, "%s", error ? error->message : "");
  cairo_surface_t *s = decode(uri);
  cr_assert_eq(cairo_image_surface_get_width(s), pw);
  cr_assert_eq(cairo_image_surface_get_height(s), ph);
  cr_assert(ABS(sw * 4 - pw * 3) <= 4, "shown at 1.5 CSS pixels a point, drawn at 2: %d, %d", sw,
            pw);

  /* where the crop starts: the same area the renderer chose (the box and its whole line) */
  g_autoptr(YsPage) page = NULL;
  cr_assert(ys_extract_page(doc, 3, &page, &error));
  YsCropRect box = {stated.x0, stated.y0, stated.x1, stated.y1}, line = {0};
  for (guint i = 0; i < page->lines->len; i++) {
    const YsRawLine *l = g_ptr_array_index(page->lines, i);
    if (l->line == 5)
      line = (YsCropRect){l->x0, l->y0, l->x1, l->y1};
  }
  cr_assert(line.x1 > line.x0, "p.3 has a line 5");
  YsCropRect a = ys_crop_area(&box, 1, &line, 1, page->width, page->height);
  /* the outline runs 1.5 points outside the box: its left edge, halfway down */
  int x = (int)((box.x0 - 1.5 - a.x0) * 2 + 0.5), y = (int)(((box.y0 + box.y1) / 2 - a.y0) * 2);
  gboolean hit = FALSE;
  for (int dx = -1; dx <= 1; dx++)
    hit = hit || red_at(s, x + dx, y);
  cr_assert(hit, "no red outline at (%d, %d)", x, y);
  cr_assert(!red_at(s, 2, 2), "the crop's corner is the page, not the outline");
  cairo_surface_destroy(s);
}

Test(report_crop, text_input_has_no_page_to_draw) {
  g_autoptr(YsDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  double w, h;
  cr_assert(ys_extract_open(&doc, SAMPLE("mext-lifescience-r8.txt"), NULL, &error));
  cr_assert_not(ys_extract_page_size(doc, 1, &w, &h, &error));
  cr_assert(g_error_matches(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_NOT_PDF));
  cr_assert_not_null(strstr(error->message, "mext-lifescience-r8.txt"), "names the file");
  cr_assert_null(ys_extract_title(doc));
}

/* PATH through the pipeline into its report page; ENTRY filled. */
static char *page_of(const char *path, YsReportEntry *entry) {
  g_autoptr(GError) error = NULL;
  g_autoptr(YsRules) rules = NULL;
  g_autoptr(YsDocument) doc = NULL;
  cr_assert(ys_rules_load(&rules, YS_SOURCE_DIR "/rules", &error), "%s", error->message);
  cr_assert(ys_extract_open(&doc, path, NULL, &error), "%s", error->message);
  YsReader *reader = ys_reader_new(rules, path);
  for (int n = 1; n <= ys_extract_page_count(doc); n++) {
    g_autoptr(YsPage) page = NULL;
    cr_assert(ys_extract_page(doc, n, &page, &error));
    for (guint i = 0; i < page->lines->len; i++) {
      g_autoptr(YsNormLine) line = ys_norm_line_new(g_ptr_array_index(page->lines, i));
      cr_assert(ys_reader_feed(reader, line, &error), "%s", error->message);
    }
  }
  g_autoptr(YsRecordSet) set = ys_reader_finish(reader);
  g_autoptr(GPtrArray) findings = ys_check_run(set);
  GString *out = g_string_new(NULL);
  entry->page = g_strdup("x.html");
  entry->source = g_strdup(path);
  cr_assert(ys_report_page(doc, set, findings, entry, out, &error), "%s", error->message);
  return g_string_free(out, FALSE);
}

Test(report_page, mismatch_cropped_passes_listed) {
  YsReportEntry e = {0};
  g_autofree char *html = page_of(SAMPLE("errors/mext-diff-off-by-ten.pdf"), &e);
  cr_assert_eq(e.mismatches, 1);
  cr_assert_eq(e.crops, 1);
  cr_assert_eq(e.checks, e.exact + e.rounding + e.mismatches);
  cr_assert_str_eq(e.body, "文部科学省研究振興局ライフサイエンス課（yosan sample, typeset again）");
  cr_assert_eq(e.fiscal_year, 2026);
  cr_assert_eq(ys_count_of(html, "<article class=\"finding mismatch\""), 1);
  cr_assert_eq(ys_count_of(html, "<img class=\"crop\" src=\"data:image/png;base64,"), 1);
  cr_assert_not_null(
      strstr(html, "data-stated-yen=\"3800000000\" data-computed-yen=\"2800000000\""));
  cr_assert_not_null(strstr(html, "38億円 ≠ 841 − 813 = 28億円 (差 10億円, 許容 ±1.5億円)"));
  /* the passes: one row each, collapsed */
  cr_assert_eq(ys_count_of(html, "<tr class=\"finding rounding\""), e.rounding);
  cr_assert_eq(ys_count_of(html, "<tr class=\"finding exact\""), e.exact);
  cr_assert_not_null(strstr(html, "<details id=\"rounding\">"));
  cr_assert_null(strstr(html, "{{"));
  cr_assert_null(strstr(html, "src=\"http"), "nothing loaded from elsewhere");
  ys_report_entry_clear(&e);
}

Test(report_page, text_input_listed_without_crops) {
  /* the reference text with the broken copy's change: インハウス's +28億円 printed +38 */
  g_autofree char *text = NULL;
  cr_assert(g_file_get_contents(SAMPLE("mext-lifescience-r8.txt"), &text, NULL, NULL));
  g_autoptr(GString) broken = g_string_new(text);
  cr_assert_eq(g_string_replace(broken, "+ 2 8 億円", "+ 3 8 億円", 0), 1);
  g_autofree char *path = g_build_filename(YS_TEST_TMP, "report-diff-off-by-ten.txt", NULL);
  cr_assert(g_file_set_contents(path, broken->str, (gssize)broken->len, NULL));
  YsReportEntry e = {0};
  g_autofree char *html = page_of(path, &e);
  cr_assert_eq(e.mismatches, 1);
  cr_assert_eq(e.crops, 0);
  cr_assert_not(e.is_pdf);
  cr_assert_null(strstr(html, "<img"));
  cr_assert_not_null(strstr(html, "made from a text file, which has no page to draw"));
  cr_assert_not_null(strstr(html, "No crop: the source is a text file: it has no page to draw"));
  cr_assert_not_null(strstr(html, "38億円 ≠ 841 − 813 = 28億円"));
  /* no title in a text file: its first lines */
  cr_assert(g_str_has_prefix(e.title, "ライフサイエンス分野における"), "%s", e.title);
  ys_report_entry_clear(&e);
}
