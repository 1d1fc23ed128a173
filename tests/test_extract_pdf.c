/* Tests of the extract stage on PDFs: error cases (missing, not a PDF, truncated, passwords),
 * page statuses (image only, unmapped font, blank, damaged stream, zero pages), lines and cells
 * of a table row, and that nothing Poppler says reaches stderr. Small PDFs are written here
 * byte by byte (tests/pdf_fixture.h); the encrypted ones are fixtures made by
 * tests/data/extract/make-fixtures.sh. */
#include "extract/extract.h"
#include "extract/extract_private.h"
#include "pdf_fixture.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* ---- documents (the writer is in pdf_fixture.h) ---- */

/* A document of N_PAGES pages (objects 10+2i page, 11+2i content) with Helvetica as /F1 and a
 * font whose ToUnicode map sends digits to the private-use area as /F2, and a 2×2 image /Im1. */
static char *make_pdf(const char *name, int n_pages, const char *const *contents,
                      const char *const *content_dicts, double width, double height) {
  Pdf p;
  pdf_begin(&p);
  pdf_obj(&p, 1, "<< /Type /Catalog /Pages 2 0 R >>");
  g_autoptr(GString) kids = g_string_new(NULL);
  for (int i = 0; i < n_pages; i++)
    g_string_append_printf(kids, "%d 0 R ", 10 + 2 * i);
  pdf_obj(&p, 2, "<< /Type /Pages /Kids [%s] /Count %d >>", kids->str, n_pages);
  pdf_obj(&p, 3,
          "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  pdf_obj(&p, 4, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 5 0 R >>");
  const char *cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
                     "/CMapName /Garbage def /CMapType 2 def\n"
                     "1 begincodespacerange <00> <FF> endcodespacerange\n"
                     "1 beginbfrange <20> <7E> <E020> endbfrange\n"
                     "endcmap CMapName currentdict /CMap defineresource pop end end";
  pdf_stream(&p, 5, "", cmap, strlen(cmap));
  pdf_stream(&p, 6,
             "/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
             "/BitsPerComponent 8",
             "\x00\xff\xff\x00", 4);
  for (int i = 0; i < n_pages; i++) {
    pdf_obj(&p, 10 + 2 * i,
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Contents %d 0 R "
            "/Resources << /Font << /F1 3 0 R /F2 4 0 R >> /XObject << /Im1 6 0 R >> >> >>",
            width, height, 11 + 2 * i);
    const char *c = contents[i];
    pdf_stream(&p, 11 + 2 * i, content_dicts && content_dicts[i] ? content_dicts[i] : "", c,
               strlen(c));
  }
  return pdf_write(&p, name);
}

/* ---- helpers ---- */

typedef struct {
  int saved;
  char *path;
} StderrCapture;

static void stderr_begin(StderrCapture *c, const char *name) {
  fflush(stderr);
  c->path = g_build_filename(YS_TEST_TMP, name, NULL);
  int fd = open(c->path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
  cr_assert(fd >= 0);
  c->saved = dup(2);
  dup2(fd, 2);
  close(fd);
}

/* Returns what was written to stderr since stderr_begin (owned). */
static char *stderr_end(StderrCapture *c) {
  fflush(stderr);
  dup2(c->saved, 2);
  close(c->saved);
  char *s = NULL;
  cr_assert(g_file_get_contents(c->path, &s, NULL, NULL));
  g_free(c->path);
  return s;
}

static YsPage *page_of(YsDocument *doc, int n) {
  YsPage *page = NULL;
  g_autoptr(GError) error = NULL;
  cr_assert(ys_extract_page(doc, n, &page, &error), "page %d: %s", n, error ? error->message : "");
  cr_assert_eq(page->number, n);
  return page;
}

static const char *line_text(const YsPage *page, guint i) {
  cr_assert_lt(i, page->lines->len, "page has only %u lines", page->lines->len);
  return ((YsRawLine *)page->lines->pdata[i])->text;
}

static YsDocument *open_with(const char *path, const char *password, gboolean read_ahead) {
  YsExtractOptions o = {.password = password, .read_ahead = read_ahead};
  YsDocument *doc = NULL;
  g_autoptr(GError) error = NULL;
  cr_assert(ys_extract_open(&doc, path, &o, &error), "%s: %s", path, error ? error->message : "");
  cr_assert_null(error);
  return doc;
}

static YsDocument *open_ok(const char *path, const char *password) {
  return open_with(path, password, FALSE);
}

static GError *open_fails(const char *path, const char *password) {
  YsExtractOptions o = {.password = password};
  YsDocument *doc = NULL;
  GError *error = NULL;
  cr_assert_not(ys_extract_open(&doc, path, &o, &error), "%s opened", path);
  cr_assert_null(doc);
  cr_assert_not_null(error);
  cr_assert_eq(error->domain, YS_EXTRACT_ERROR);
  cr_assert(strstr(error->message, path) != NULL, "message does not name the file: %s",
            error->message);
  return error;
}

static const char *TABLE_PAGE = "BT /F1 12 Tf 72 720 Td (Budget table) Tj ET\n"
                                "BT /F1 12 Tf 72 700 Td (Total) Tj ET\n"
                                "BT /F1 12 Tf 200 700 Td (1,238) Tj ET\n"
                                "BT /F1 12 Tf 300 700 Td (1,197) Tj ET\n"
                                "BT /F1 12 Tf 400 700 Td (+3.5%) Tj ET\n"
                                "BT /F1 12 Tf 72 680 Td (Life science 2 8) Tj ET\n";

static void setup(void) {
  g_mkdir_with_parents(YS_TEST_TMP, 0755);
  /* let GLib show INFO messages, so that a Poppler complaint escaping the capture would reach
   * stderr and fail the stderr checks */
  g_setenv("G_MESSAGES_DEBUG", "all", TRUE);
}

TestSuite(extract_pdf, .init = setup);

/* ---- lines and cells ---- */

Test(extract_pdf, table_row_cells_and_reading_order) {
  const char *contents[] = {TABLE_PAGE};
  g_autofree char *path = make_pdf("table.pdf", 1, contents, NULL, 612, 792);
  g_autoptr(YsDocument) doc = open_ok(path, NULL);
  cr_assert(ys_extract_is_pdf(doc));
  cr_assert_null(ys_extract_encoding(doc));
  cr_assert_eq(ys_extract_page_count(doc), 1);
  g_autoptr(YsPage) page = page_of(doc, 1);
  cr_assert_eq(page->status, YS_PAGE_OK);
  cr_assert_null(page->warning);
  cr_assert_float_eq(page->width, 612, 0.01);
  cr_assert_float_eq(page->height, 792, 0.01);
  cr_assert_eq(page->lines->len, 3);
  cr_assert_str_eq(line_text(page, 0), "Budget table");
  cr_assert_str_eq(line_text(page, 1), "Total\t1,238\t1,197\t+3.5%");
  cr_assert_str_eq(line_text(page, 2), "Life science 2 8");
  YsRawLine *row = page->lines->pdata[1];
  cr_assert_eq(row->len, strlen(row->text));
  cr_assert_eq(row->page, 1);
  cr_assert_eq(row->line, 2);
  cr_assert_eq(row->cells->len, 4);
  YsCellSpan c0 = g_array_index(row->cells, YsCellSpan, 0);
  YsCellSpan c1 = g_array_index(row->cells, YsCellSpan, 1);
  YsCellSpan c3 = g_array_index(row->cells, YsCellSpan, 3);
  cr_assert_float_eq(c0.x0, 72, 0.5);
  cr_assert_float_eq(c1.x0, 200, 0.5);
  cr_assert_float_eq(c3.x0, 400, 0.5);
  cr_assert_gt(c1.x1, c1.x0 + 20);
  /* top-left origin: 792 - 700 - ascent */
  cr_assert_float_eq(row->y1, 792 - 700 + 12 * 0.25, 3);
  cr_assert_lt(row->y0, row->y1);
  cr_assert_float_eq(row->x0, 72, 0.5);
}

Test(extract_pdf, facing_pages_on_landscape_sheet_stay_apart) {
  /* Two A5 pages on one A4 landscape sheet; their lines share baselines. */
  const char *contents[] = {
      "BT /F1 10 Tf 40 500 Td (Left heading) Tj ET\n"
      "BT /F1 10 Tf 40 480 Td (Cost) Tj ET BT /F1 10 Tf 300 480 Td (120) Tj ET\n"
      "BT /F1 10 Tf 461 500 Td (Right heading) Tj ET\n"
      "BT /F1 10 Tf 461 480 Td (Staff) Tj ET BT /F1 10 Tf 700 480 Td (45) Tj ET\n"};
  g_autofree char *path = make_pdf("facing.pdf", 1, contents, NULL, 842, 595);
  g_autoptr(YsDocument) doc = open_ok(path, NULL);
  g_autoptr(YsPage) page = page_of(doc, 1);
  cr_assert_eq(page->lines->len, 4);
  cr_assert_str_eq(line_text(page, 0), "Left heading");
  cr_assert_str_eq(line_text(page, 1), "Cost\t120");
  cr_assert_str_eq(line_text(page, 2), "Right heading");
  cr_assert_str_eq(line_text(page, 3), "Staff\t45");
}

Test(extract_pdf, portrait_page_keeps_wide_row_together) {
  const char *contents[] = {
      "BT /F1 10 Tf 40 500 Td (Cost) Tj ET BT /F1 10 Tf 500 500 Td (120) Tj ET\n"};
  g_autofree char *path = make_pdf("portrait.pdf", 1, contents, NULL, 595, 842);
  g_autoptr(YsDocument) doc = open_ok(path, NULL);
  g_autoptr(YsPage) page = page_of(doc, 1);
  cr_assert_eq(page->lines->len, 1);
  cr_assert_str_eq(line_text(page, 0), "Cost\t120");
}

/* ---- page statuses ---- */

static void check_statuses(gboolean read_ahead) {
  const char *contents[] = {
      TABLE_PAGE,
      "",
      "q 200 0 0 200 100 400 cm /Im1 Do Q\n",
      "BT /F2 12 Tf 72 700 Td (Total 1,238 1,197) Tj ET\n",
      "this is not a zlib stream at all, the flate decoder must reject it",
  };
  const char *dicts[] = {NULL, NULL, NULL, NULL, "/Filter /FlateDecode"};
  g_autofree char *path = make_pdf("statuses.pdf", 5, contents, dicts, 612, 792);
  StderrCapture cap;
  stderr_begin(&cap, "statuses.stderr");
  YsDocument *doc = open_with(path, NULL, read_ahead);
  YsPage *pages[5];
  for (int i = 0; i < 5; i++)
    pages[i] = page_of(doc, i + 1);
  ys_extract_close(doc);
  g_autofree char *err = stderr_end(&cap);

  cr_assert_str_empty(err, "something reached stderr: %s", err);
  cr_assert_eq(pages[0]->status, YS_PAGE_OK);
  cr_assert_str_eq(line_text(pages[0], 1), "Total\t1,238\t1,197\t+3.5%");

  cr_assert_eq(pages[1]->status, YS_PAGE_BLANK);
  cr_assert_null(pages[1]->warning);
  cr_assert_eq(pages[1]->lines->len, 0);

  cr_assert_eq(pages[2]->status, YS_PAGE_IMAGE_ONLY);
  cr_assert_str_eq(pages[2]->warning, "no extractable text (image only); OCR is not supported");
  cr_assert_eq(pages[2]->lines->len, 0);

  cr_assert_eq(pages[3]->status, YS_PAGE_UNMAPPED_FONT);
  cr_assert(strstr(pages[3]->warning, "no Unicode map") != NULL, "%s", pages[3]->warning);
  cr_assert(strstr(pages[3]->warning, "not used") != NULL, "%s", pages[3]->warning);
  cr_assert_eq(pages[3]->lines->len, 0);

  cr_assert_eq(pages[4]->status, YS_PAGE_DAMAGED);
  cr_assert_not_null(pages[4]->warning);
  cr_assert(strstr(pages[4]->warning, "not used") != NULL, "%s", pages[4]->warning);
  cr_assert_eq(pages[4]->lines->len, 0);
  for (int i = 0; i < 5; i++)
    ys_page_free(pages[i]);
}

Test(extract_pdf, statuses_blank_image_unmapped_and_damaged) {
  check_statuses(FALSE);
}

/* the same pages read by the read-ahead thread: Poppler's complaints are still caught there */
Test(extract_pdf, statuses_blank_image_unmapped_and_damaged_read_ahead) {
  check_statuses(TRUE);
}

Test(extract_pdf, page_number_out_of_range) {
  const char *contents[] = {TABLE_PAGE};
  g_autofree char *path = make_pdf("range.pdf", 1, contents, NULL, 612, 792);
  g_autoptr(YsDocument) doc = open_ok(path, NULL);
  YsPage *page = NULL;
  g_autoptr(GError) error = NULL;
  cr_assert_not(ys_extract_page(doc, 2, &page, &error));
  cr_assert_null(page);
  cr_assert(g_error_matches(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_PAGE));
  cr_assert(strstr(error->message, path) != NULL);
  g_clear_error(&error);
  cr_assert_not(ys_extract_page(doc, 0, &page, &error));
}

Test(extract_pdf, zero_page_pdf_opens_with_no_pages) {
  g_autofree char *path = make_pdf("zero.pdf", 0, NULL, NULL, 612, 792);
  StderrCapture cap;
  stderr_begin(&cap, "zero.stderr");
  YsDocument *doc = open_ok(path, NULL);
  int n = ys_extract_page_count(doc);
  ys_extract_close(doc);
  g_autofree char *err = stderr_end(&cap);
  cr_assert_eq(n, 0);
  cr_assert_str_empty(err);
}

/* ---- errors ---- */

Test(extract_pdf, missing_file) {
  g_autofree char *path = g_build_filename(YS_TEST_TMP, "no-such-file.pdf", NULL);
  g_autoptr(GError) error = open_fails(path, NULL);
  cr_assert_eq(error->code, YS_EXTRACT_ERROR_NOT_FOUND);
}

Test(extract_pdf, pdf_name_without_pdf_content) {
  g_autofree char *path = g_build_filename(YS_TEST_TMP, "fake.pdf", NULL);
  cr_assert(g_file_set_contents(path, "Just some text\n", -1, NULL));
  g_autoptr(GError) error = open_fails(path, NULL);
  cr_assert_eq(error->code, YS_EXTRACT_ERROR_NOT_PDF, "%s", error->message);
  cr_assert(strstr(error->message, "not a PDF") != NULL);
}

Test(extract_pdf, pdf_content_decides_not_the_name_and_leading_junk_is_allowed) {
  const char *contents[] = {TABLE_PAGE};
  g_autofree char *path = make_pdf("junk-src.pdf", 1, contents, NULL, 612, 792);
  g_autofree char *data = NULL;
  gsize len;
  cr_assert(g_file_get_contents(path, &data, &len, NULL));
  /* 100 bytes of junk before %PDF-: offsets are off, Poppler reconstructs or adjusts */
  g_autoptr(GString) junk = g_string_new(NULL);
  for (int i = 0; i < 10; i++)
    g_string_append(junk, "junkjunk\r\n");
  g_string_append_len(junk, data, (gssize)len);
  g_autofree char *named_txt = g_build_filename(YS_TEST_TMP, "really-a-pdf.txt", NULL);
  cr_assert(g_file_set_contents(named_txt, junk->str, (gssize)junk->len, NULL));
  StderrCapture cap;
  stderr_begin(&cap, "junk.stderr");
  YsDocument *doc = open_ok(named_txt, NULL);
  cr_assert(ys_extract_is_pdf(doc));
  YsPage *page = page_of(doc, 1);
  ys_extract_close(doc);
  g_autofree char *err = stderr_end(&cap);
  cr_assert_str_empty(err);
  cr_assert_str_eq(line_text(page, 1), "Total\t1,238\t1,197\t+3.5%");
  ys_page_free(page);
}

Test(extract_pdf, truncated_pdf_is_damaged) {
  const char *contents[] = {TABLE_PAGE};
  g_autofree char *path = make_pdf("whole.pdf", 1, contents, NULL, 612, 792);
  g_autofree char *data = NULL;
  gsize len;
  cr_assert(g_file_get_contents(path, &data, &len, NULL));
  g_autofree char *cut = g_build_filename(YS_TEST_TMP, "truncated.pdf", NULL);
  cr_assert(g_file_set_contents(cut, data, 40, NULL));
  StderrCapture cap;
  stderr_begin(&cap, "truncated.stderr");
  g_autoptr(GError) error = open_fails(cut, NULL);
  g_autofree char *err = stderr_end(&cap);
  cr_assert_eq(error->code, YS_EXTRACT_ERROR_DAMAGED, "%s", error->message);
  cr_assert(strstr(error->message, "damaged") != NULL);
  cr_assert_str_empty(err);
}

Test(extract_pdf, truncated_in_the_middle_never_crashes_or_prints) {
  const char *contents[] = {TABLE_PAGE, TABLE_PAGE, TABLE_PAGE};
  g_autofree char *path = make_pdf("whole3.pdf", 3, contents, NULL, 612, 792);
  g_autofree char *data = NULL;
  gsize len;
  cr_assert(g_file_get_contents(path, &data, &len, NULL));
  g_autofree char *cut = g_build_filename(YS_TEST_TMP, "truncated-mid.pdf", NULL);
  cr_assert(g_file_set_contents(cut, data, (gssize)(len * 2 / 3), NULL));
  StderrCapture cap;
  stderr_begin(&cap, "truncated-mid.stderr");
  YsDocument *doc = NULL;
  g_autoptr(GError) error = NULL;
  YsExtractOptions o = {0};
  if (ys_extract_open(&doc, cut, &o, &error)) {
    for (int i = 1; i <= ys_extract_page_count(doc); i++) {
      YsPage *page = NULL;
      cr_assert(ys_extract_page(doc, i, &page, NULL));
      cr_assert(page->status == YS_PAGE_OK || page->status == YS_PAGE_DAMAGED ||
                page->status == YS_PAGE_BLANK);
      ys_page_free(page);
    }
    ys_extract_close(doc);
  } else {
    cr_assert_eq(error->code, YS_EXTRACT_ERROR_DAMAGED);
  }
  g_autofree char *err = stderr_end(&cap);
  cr_assert_str_empty(err);
}

static char *fixture(const char *name) {
  return g_build_filename(YS_SOURCE_DIR, "tests", "data", "extract", name, NULL);
}

Test(extract_pdf, user_password_needed) {
  g_autofree char *path = fixture("user-password.pdf");
  g_autoptr(GError) error = open_fails(path, NULL);
  cr_assert_eq(error->code, YS_EXTRACT_ERROR_PASSWORD);
  cr_assert(strstr(error->message, "--password") != NULL, "%s", error->message);
}

Test(extract_pdf, user_password_wrong) {
  g_autofree char *path = fixture("user-password.pdf");
  g_autoptr(GError) error = open_fails(path, "guess");
  cr_assert_eq(error->code, YS_EXTRACT_ERROR_PASSWORD);
  cr_assert(strstr(error->message, "--password") != NULL, "%s", error->message);
}

Test(extract_pdf, user_password_given) {
  g_autofree char *path = fixture("user-password.pdf");
  g_autoptr(YsDocument) doc = open_ok(path, "yosan-user");
  cr_assert_eq(ys_extract_page_count(doc), 1);
  g_autoptr(YsPage) page = page_of(doc, 1);
  cr_assert_eq(page->status, YS_PAGE_OK);
  cr_assert_str_eq(line_text(page, 1), "Total\t1,238\t1,197\t+3.5%");
}

Test(extract_pdf, owner_password_only_extracts) {
  g_autofree char *path = fixture("owner-password.pdf");
  g_autoptr(YsDocument) doc = open_ok(path, NULL);
  g_autoptr(YsPage) page = page_of(doc, 1);
  cr_assert_eq(page->status, YS_PAGE_OK);
  cr_assert_str_eq(line_text(page, 0), "Budget table");
  cr_assert_str_eq(line_text(page, 1), "Total\t1,238\t1,197\t+3.5%");
}

Test(extract_pdf, pdf_from_stdin) {
  const char *contents[] = {TABLE_PAGE};
  g_autofree char *path = make_pdf("stdin.pdf", 1, contents, NULL, 612, 792);
  int fd = open(path, O_RDONLY);
  cr_assert(fd >= 0);
  int saved = dup(0);
  dup2(fd, 0);
  close(fd);
  YsDocument *doc = open_ok("-", NULL);
  dup2(saved, 0);
  close(saved);
  cr_assert(ys_extract_is_pdf(doc));
  cr_assert_str_eq(ys_extract_source(doc), "<stdin>");
  YsPage *page = page_of(doc, 1);
  cr_assert_str_eq(line_text(page, 1), "Total\t1,238\t1,197\t+3.5%");
  ys_page_free(page);
  ys_extract_close(doc);
}

/* ---- pages read ahead (extract_read_ahead.c) ---- */

/* N_PAGES pages, page i saying "Page i" and a figure of its own. */
static char *make_numbered_pdf(const char *name, int n_pages) {
  g_autoptr(GPtrArray) contents = g_ptr_array_new_with_free_func(g_free);
  for (int i = 1; i <= n_pages; i++)
    g_ptr_array_add(
        contents,
        g_strdup_printf("BT /F1 12 Tf 72 700 Td (Page %d total %d,%03d) Tj ET\n", i, i, 7 * i));
  return make_pdf(name, n_pages, (const char *const *)contents->pdata, NULL, 612, 792);
}

Test(extract_pdf, pages_asked_out_of_order_are_the_pages_asked_for) {
  g_autofree char *path = make_numbered_pdf("numbered.pdf", 12);
  YsDocument *doc = open_with(path, NULL, TRUE);
  /* in order, then jumps forward, back, to the last page and back again, then a page twice */
  const int order[] = {1, 2, 3, 7, 8, 2, 12, 11, 4, 5, 5, 1};
  for (gsize k = 0; k < G_N_ELEMENTS(order); k++) {
    int n = order[k];
    YsPage *page = page_of(doc, n);
    g_autofree char *want = g_strdup_printf("Page %d total %d,%03d", n, n, 7 * n);
    cr_assert_eq(page->status, YS_PAGE_OK, "page %d", n);
    cr_assert_str_eq(line_text(page, 0), want, "step %zu asked for page %d", k, n);
    ys_page_free(page);
  }
  ys_extract_close(doc);
}

Test(extract_pdf, closing_while_pages_are_read_ahead_frees_them) {
  /* ASan and valgrind (ctest -L valgrind) see any page read ahead and never freed */
  g_autofree char *path = make_numbered_pdf("numbered-close.pdf", 12);
  for (int taken = 0; taken <= 3; taken++) {
    YsDocument *doc = open_with(path, NULL, TRUE);
    for (int n = 1; n <= taken; n++)
      ys_page_free(page_of(doc, n));
    ys_extract_close(doc);
  }
  YsDocument *doc = open_with(path, NULL, TRUE);
  YsPage *last = page_of(doc, 12); /* the last page: nothing left to read ahead */
  cr_assert_str_eq(line_text(last, 0), "Page 12 total 12,084");
  ys_page_free(last);
  ys_extract_close(doc);
}

/* ---- font sizes and Type 3 fonts ---- */

/* One page with a Type 3 font of two CJK glyphs (予, 算: 1000 units wide, named so that Poppler
 * finds no 'm' nor letter to guess its scale by) whose bounding box is three ems high, as
 * Chromium embeds its fonts; CONTENT uses it as /F3. */
static char *make_type3_pdf(const char *name, const char *content) {
  Pdf p;
  pdf_begin(&p);
  pdf_obj(&p, 1, "<< /Type /Catalog /Pages 2 0 R >>");
  pdf_obj(&p, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  pdf_obj(&p, 3,
          "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
          "/Resources << /Font << /F3 5 0 R >> >> >>");
  pdf_stream(&p, 4, "", content, strlen(content));
  pdf_obj(&p, 5,
          "<< /Type /Font /Subtype /Type3 /FontBBox [0 -1500 1000 1500] "
          "/FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << /g1 6 0 R /g2 7 0 R >> "
          "/Encoding << /Type /Encoding /Differences [1 /g1 /g2] >> /FirstChar 1 /LastChar 2 "
          "/Widths [1000 1000] /ToUnicode 8 0 R /Resources << >> >>");
  const char *glyph = "1000 0 0 -120 1000 880 d1 100 0 800 800 re f";
  pdf_stream(&p, 6, "", glyph, strlen(glyph));
  pdf_stream(&p, 7, "", glyph, strlen(glyph));
  const char *cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
                     "/CMapName /T3 def /CMapType 2 def\n"
                     "1 begincodespacerange <00> <FF> endcodespacerange\n"
                     "2 beginbfchar <01> <4E88> <02> <7B97> endbfchar\n"
                     "endcmap CMapName currentdict /CMap defineresource pop end end";
  pdf_stream(&p, 8, "", cmap, strlen(cmap));
  return pdf_write(&p, name);
}

/* Poppler's size for a Type 3 font is a guess (here twice the text: it takes the one glyph's
 * width for half an em) and its boxes are the font's bounding box, three ems high: two lines
 * 1.25 em apart overlapped by most of their boxes and came out as one line, their glyphs
 * interleaved (予予算算). The ideographs' advance gives the em, the em the lines. */
Test(extract_pdf, type3_font_lines_stay_apart) {
  const char *content = "BT /F3 12 Tf 72 700 Td <0102> Tj ET\n"
                        "BT /F3 12 Tf 72 685 Td <0201> Tj ET\n"
                        "BT /F3 12 Tf 200 700 Td <01> Tj ET\n";
  g_autofree char *path = make_type3_pdf("type3.pdf", content);
  g_autoptr(YsDocument) doc = open_ok(path, NULL);
  g_autoptr(YsPage) page = page_of(doc, 1);
  cr_assert_eq(page->status, YS_PAGE_OK);
  cr_assert_eq(page->lines->len, 2, "%u lines", page->lines->len);
  cr_assert_str_eq(line_text(page, 0), "予算\t予");
  cr_assert_str_eq(line_text(page, 1), "算予");
}

/* Each glyph gets the size of its font from poppler_page_get_text_attributes. */
Test(extract_pdf, glyphs_carry_their_font_size) {
  const char *contents[] = {"BT /F1 12 Tf 72 720 Td (Budget) Tj ET\n"
                            "BT /F1 7.5 Tf 72 700 Td (note) Tj /F1 20 Tf (BIG) Tj ET\n"};
  g_autofree char *path = make_pdf("sizes.pdf", 1, contents, NULL, 612, 792);
  g_autoptr(YsDocument) doc = open_ok(path, NULL);
  YsPdfPageRead *read = ys_extract_pdf_read(doc, 1);
  cr_assert_not_null(read->glyphs);
  GString *seen = g_string_new(NULL);
  for (guint i = 0; i < read->glyphs->len; i++) {
    const YsGlyph *g = &g_array_index(read->glyphs, YsGlyph, i);
    g_string_append_printf(seen, "%c%g ", (char)g->ch, g->size);
  }
  /* in the order of Poppler's text, which reads the line's larger words first */
  cr_assert_str_eq(seen->str, "B12 u12 d12 g12 e12 t12 B20 I20 G20 n7.5 o7.5 t7.5 e7.5 ");
  g_string_free(seen, TRUE);
  ys_pdf_page_read_free(read);
}
