/* Tests of the extract stage on text input: encoding detection (UTF-8 with and without BOM,
 * Shift_JIS/CP932, EUC-JP) on the reference document and its re-encoded copies in samples/,
 * --encoding overrides, invalid bytes reported with their offset and line, form feeds as page
 * breaks, tabs as cells, CRLF, standard input. */
#include "extract/extract.h"
#include "extract/extract_private.h" /* ys_extract_utf8_valid */

#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void setup(void) {
  g_mkdir_with_parents(YS_TEST_TMP, 0755);
}

TestSuite(extract_text, .init = setup);

static char *sample(const char *name) {
  return g_build_filename(YS_SOURCE_DIR, "samples", name, NULL);
}

static char *tmp_file(const char *name, const char *data, gssize len) {
  char *path = g_build_filename(YS_TEST_TMP, name, NULL);
  cr_assert(g_file_set_contents(path, data, len, NULL));
  return path;
}

static YsDocument *open_ok(const char *path, const char *encoding) {
  YsExtractOptions o = {.encoding = encoding};
  YsDocument *doc = NULL;
  g_autoptr(GError) error = NULL;
  cr_assert(ys_extract_open(&doc, path, &o, &error), "%s: %s", path, error ? error->message : "");
  cr_assert_not(ys_extract_is_pdf(doc));
  return doc;
}

static GError *open_fails(const char *path, const char *encoding) {
  YsExtractOptions o = {.encoding = encoding};
  YsDocument *doc = NULL;
  GError *error = NULL;
  cr_assert_not(ys_extract_open(&doc, path, &o, &error), "%s opened", path);
  cr_assert_null(doc);
  cr_assert(g_error_matches(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_ENCODING), "%s",
            error->message);
  cr_assert(strstr(error->message, path) != NULL, "message does not name the file: %s",
            error->message);
  return error;
}

static YsPage *page_of(YsDocument *doc, int n) {
  YsPage *page = NULL;
  cr_assert(ys_extract_page(doc, n, &page, NULL));
  return page;
}

static const char *line_text(const YsPage *page, guint i) {
  cr_assert_lt(i, page->lines->len);
  return ((YsRawLine *)page->lines->pdata[i])->text;
}

/* The reference text as the re-encoded copies hold it. */
static char **reference_lines(gboolean substituted) {
  g_autofree char *path = sample("mext-lifescience-r8.txt");
  g_autofree char *data = NULL;
  cr_assert(g_file_get_contents(path, &data, NULL, NULL));
  if (substituted) {
    const char *from[] = {"变", "啮", "✓"}, *to[] = {"変", "齧", "・"};
    for (int i = 0; i < 3; i++) {
      char **parts = g_strsplit(data, from[i], -1);
      g_free(data);
      data = g_strjoinv(to[i], parts);
      g_strfreev(parts);
    }
  }
  gsize n = strlen(data);
  if (n > 0 && data[n - 1] == '\n')
    data[n - 1] = '\0';
  return g_strsplit(data, "\n", -1);
}

static void assert_reference(YsDocument *doc, gboolean substituted) {
  g_auto(GStrv) want = reference_lines(substituted);
  cr_assert_eq(ys_extract_page_count(doc), 1);
  g_autoptr(YsPage) page = page_of(doc, 1);
  cr_assert_eq(page->status, YS_PAGE_OK);
  cr_assert_eq(page->lines->len, g_strv_length(want));
  for (guint i = 0; i < page->lines->len; i++) {
    YsRawLine *l = page->lines->pdata[i];
    cr_assert_str_eq(l->text, want[i], "line %u", i + 1);
    cr_assert_eq(l->line, (int)i + 1);
    cr_assert_eq(l->page, 1);
  }
  /* line 103 is a table row: 区分 | 8年度 | 7年度 | … as tab-separated cells */
  YsRawLine *row = page->lines->pdata[102];
  cr_assert(g_str_has_prefix(row->text, "日本医療研究開発機構 （AMED）対象経費\t1, 2 3 8 億円"),
            "%s", row->text);
  guint tabs = 0;
  for (const char *c = row->text; *c; c++)
    tabs += *c == '\t';
  cr_assert_eq(row->cells->len, tabs + 1);
  YsCellSpan c1 = g_array_index(row->cells, YsCellSpan, 1);
  cr_assert_float_eq(c1.x0, 1, 1e-9);
  cr_assert_float_eq(c1.x1, 2, 1e-9);
}

Test(extract_text, utf8_reference_detected) {
  g_autofree char *path = sample("mext-lifescience-r8.txt");
  g_autoptr(YsDocument) doc = open_ok(path, NULL);
  cr_assert_str_eq(ys_extract_encoding(doc), "UTF-8");
  cr_assert_str_eq(ys_extract_source(doc), path);
  assert_reference(doc, FALSE);
}

Test(extract_text, shift_jis_reference_detected) {
  g_autofree char *path = sample("mext-lifescience-r8.sjis.txt");
  g_autoptr(YsDocument) doc = open_ok(path, NULL);
  cr_assert_str_eq(ys_extract_encoding(doc), "CP932");
  assert_reference(doc, TRUE);
}

Test(extract_text, euc_jp_reference_detected) {
  g_autofree char *path = sample("mext-lifescience-r8.eucjp.txt");
  g_autoptr(YsDocument) doc = open_ok(path, NULL);
  cr_assert_str_eq(ys_extract_encoding(doc), "EUC-JP");
  assert_reference(doc, TRUE);
}

Test(extract_text, short_texts_detected) {
  /* "令和8年度　①合計" in CP932 and in EUC-JP-MS: ① needs the Microsoft extensions */
  const char sjis[] = "\x97\xdf\x98\x61\x38\x94\x4e\x93\x78\x81\x40\x87\x40\x8d\x87\x8c\x76\n";
  const char euc[] = "\xce\xe1\xcf\xc2\x38\xc7\xaf\xc5\xd9\xa1\xa1\xad\xa1\xb9\xe7\xb7\xd7\n";
  g_autofree char *p1 = tmp_file("short.sjis", sjis, -1);
  g_autofree char *p2 = tmp_file("short.euc", euc, -1);
  g_autoptr(YsDocument) d1 = open_ok(p1, NULL);
  g_autoptr(YsDocument) d2 = open_ok(p2, NULL);
  cr_assert_str_eq(ys_extract_encoding(d1), "CP932");
  cr_assert_str_eq(ys_extract_encoding(d2), "EUC-JP");
  g_autoptr(YsPage) a = page_of(d1, 1);
  g_autoptr(YsPage) b = page_of(d2, 1);
  cr_assert_str_eq(line_text(a, 0), "令和8年度　①合計");
  cr_assert_str_eq(line_text(b, 0), "令和8年度　①合計");
}

Test(extract_text, utf8_bom_is_dropped) {
  g_autofree char *path = tmp_file("bom.txt", "\xEF\xBB\xBF区分\t8年度\r\n合計\t1,238億円\r\n", -1);
  g_autoptr(YsDocument) doc = open_ok(path, NULL);
  cr_assert_str_eq(ys_extract_encoding(doc), "UTF-8");
  g_autoptr(YsPage) page = page_of(doc, 1);
  cr_assert_eq(page->lines->len, 2);
  cr_assert_str_eq(line_text(page, 0), "区分\t8年度");
  cr_assert_str_eq(line_text(page, 1), "合計\t1,238億円");
  YsRawLine *l = page->lines->pdata[1];
  cr_assert_eq(l->cells->len, 2);
  cr_assert_float_eq(g_array_index(l->cells, YsCellSpan, 0).x0, 0, 1e-9);
  cr_assert_float_eq(g_array_index(l->cells, YsCellSpan, 1).x1, 2, 1e-9);
  cr_assert_float_eq(l->x0 + l->x1 + l->y0 + l->y1, 0, 1e-9);
}

Test(extract_text, encoding_override) {
  g_autofree char *path = sample("mext-lifescience-r8.sjis.txt");
  g_autoptr(YsDocument) doc = open_ok(path, "Shift_JIS");
  cr_assert_str_eq(ys_extract_encoding(doc), "CP932");
  assert_reference(doc, TRUE);

  g_autofree char *euc = sample("mext-lifescience-r8.eucjp.txt");
  g_autoptr(YsDocument) d2 = open_ok(euc, "euc-jp");
  cr_assert_str_eq(ys_extract_encoding(d2), "EUC-JP");
  assert_reference(d2, TRUE);
}

Test(extract_text, wrong_override_is_an_error_not_mojibake) {
  g_autofree char *path = sample("mext-lifescience-r8.txt");
  g_autoptr(GError) error = open_fails(path, "EUC-JP");
  cr_assert(strstr(error->message, "EUC-JP") != NULL, "%s", error->message);
  cr_assert(strstr(error->message, "byte offset") != NULL, "%s", error->message);
  cr_assert(strstr(error->message, "(line ") != NULL, "%s", error->message);
}

Test(extract_text, unknown_encoding_name) {
  g_autofree char *path = sample("mext-lifescience-r8.txt");
  g_autoptr(GError) error = open_fails(path, "NO-SUCH-CHARSET");
  cr_assert(strstr(error->message, "NO-SUCH-CHARSET") != NULL, "%s", error->message);
}

/* "合計\t1,238億円\n" then on line 2 "計" and a lead byte 0x81 followed by a space */
static const char BAD_SJIS[] = "\x8d\x87\x8c\x76\t1,238\x89\xad\x89\x7e\n\x8c\x76\x81 x\n";

/* Bytes already in memory read as the file they came from: the Shift_JIS reference detected
 * and decoded alike, the name given in messages, and a PDF told by its content. */
Test(extract_text, bytes_read_as_their_file) {
  g_autofree char *path = sample("mext-lifescience-r8.sjis.txt");
  g_autofree char *data = NULL;
  gsize len = 0;
  cr_assert(g_file_get_contents(path, &data, &len, NULL));
  g_autoptr(GBytes) bytes = g_bytes_new(data, len);
  g_autoptr(YsDocument) doc = NULL;
  cr_assert(ys_extract_open_bytes(&doc, "memory", bytes, NULL, NULL));
  cr_assert_not(ys_extract_is_pdf(doc));
  cr_assert_str_eq(ys_extract_encoding(doc), "CP932");
  cr_assert_str_eq(ys_extract_source(doc), "memory");
  assert_reference(doc, TRUE);

  g_autoptr(GBytes) bad = g_bytes_new_static(BAD_SJIS, sizeof BAD_SJIS - 1);
  YsExtractOptions o = {.encoding = "Shift_JIS"};
  YsDocument *none = NULL;
  g_autoptr(GError) error = NULL;
  cr_assert_not(ys_extract_open_bytes(&none, "in memory", bad, &o, &error));
  cr_assert_null(none);
  cr_assert(g_error_matches(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_ENCODING));
  cr_assert(strstr(error->message, "in memory: ") == error->message, "%s", error->message);
  cr_assert(strstr(error->message, "byte offset 17 (line 2)") != NULL, "%s", error->message);

  g_autofree char *pdf_path = sample("features.pdf");
  g_autofree char *pdf = NULL;
  cr_assert(g_file_get_contents(pdf_path, &pdf, &len, NULL));
  g_autoptr(GBytes) pdf_bytes = g_bytes_new(pdf, len);
  g_autoptr(YsDocument) pdf_doc = NULL;
  cr_assert(ys_extract_open_bytes(&pdf_doc, "pdf in memory", pdf_bytes, NULL, NULL));
  cr_assert(ys_extract_is_pdf(pdf_doc));
  cr_assert_gt(ys_extract_page_count(pdf_doc), 0);
}

Test(extract_text, invalid_shift_jis_names_offset_with_override) {
  g_autofree char *path = tmp_file("bad.sjis.txt", BAD_SJIS, -1);
  g_autoptr(GError) error = open_fails(path, "Shift_JIS");
  cr_assert(strstr(error->message, "CP932") != NULL, "%s", error->message);
  cr_assert(strstr(error->message, "byte offset 17 (line 2)") != NULL, "%s", error->message);
  cr_assert(strstr(error->message, "0x81") != NULL, "%s", error->message);
}

Test(extract_text, invalid_shift_jis_names_offset_when_detecting) {
  g_autofree char *path = tmp_file("bad2.sjis.txt", BAD_SJIS, -1);
  g_autoptr(GError) error = open_fails(path, NULL);
  cr_assert(strstr(error->message, "byte offset 17 (line 2)") != NULL, "%s", error->message);
  cr_assert(strstr(error->message, "CP932") != NULL, "%s", error->message);
  cr_assert(strstr(error->message, "--encoding") != NULL, "%s", error->message);
}

Test(extract_text, invalid_utf8_after_bom) {
  g_autofree char *path = tmp_file("bad-bom.txt",
                                   "\xEF\xBB\xBF"
                                   "ab\n\xE3\x81\n",
                                   -1);
  g_autoptr(GError) error = open_fails(path, NULL);
  cr_assert(strstr(error->message, "UTF-8") != NULL, "%s", error->message);
  cr_assert(strstr(error->message, "byte offset 6 (line 2)") != NULL, "%s", error->message);
}

Test(extract_text, nul_bytes_are_not_text) {
  g_autofree char *path = tmp_file("nul.txt", "abc\n\0def", 8);
  g_autoptr(GError) error = open_fails(path, NULL);
  cr_assert(strstr(error->message, "offset 4") != NULL, "%s", error->message);
}

Test(extract_text, form_feed_is_a_page_break) {
  g_autofree char *path = tmp_file("pages.txt", "p1 a\np1\tb\n\fp2 a\r\n\f\n\fp4\n\f", -1);
  g_autoptr(YsDocument) doc = open_ok(path, NULL);
  cr_assert_eq(ys_extract_page_count(doc), 4);
  g_autoptr(YsPage) p1 = page_of(doc, 1);
  g_autoptr(YsPage) p2 = page_of(doc, 2);
  g_autoptr(YsPage) p3 = page_of(doc, 3);
  g_autoptr(YsPage) p4 = page_of(doc, 4);
  cr_assert_eq(p1->lines->len, 2);
  cr_assert_str_eq(line_text(p1, 1), "p1\tb");
  cr_assert_eq(((YsRawLine *)p1->lines->pdata[1])->cells->len, 2);
  cr_assert_eq(p2->lines->len, 1);
  cr_assert_str_eq(line_text(p2, 0), "p2 a");
  cr_assert_eq(((YsRawLine *)p2->lines->pdata[0])->page, 2);
  /* each line carries its length (without the \r\n) */
  cr_assert_eq(((YsRawLine *)p1->lines->pdata[1])->len, strlen("p1\tb"));
  cr_assert_eq(((YsRawLine *)p2->lines->pdata[0])->len, strlen("p2 a"));
  cr_assert_eq(p3->status, YS_PAGE_BLANK);
  cr_assert_eq(p3->lines->len, 0);
  cr_assert_eq(p4->status, YS_PAGE_OK);
  cr_assert_str_eq(line_text(p4, 0), "p4");
  YsPage *none = NULL;
  g_autoptr(GError) error = NULL;
  cr_assert_not(ys_extract_page(doc, 5, &none, &error));
  cr_assert(g_error_matches(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_PAGE));
}

Test(extract_text, empty_file_has_no_pages) {
  g_autofree char *path = tmp_file("empty.txt", "", 0);
  g_autoptr(YsDocument) doc = open_ok(path, NULL);
  cr_assert_eq(ys_extract_page_count(doc), 0);
}

Test(extract_text, missing_text_file) {
  g_autofree char *path = g_build_filename(YS_TEST_TMP, "missing.txt", NULL);
  YsDocument *doc = NULL;
  g_autoptr(GError) error = NULL;
  cr_assert_not(ys_extract_open(&doc, path, NULL, &error));
  cr_assert(g_error_matches(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_NOT_FOUND));
  cr_assert(strstr(error->message, path) != NULL);
}

/* The domain's name is the one written, not clang-format's `ys - extract - error - quark`. */
Test(extract_text, error_domain_name) {
  cr_assert_str_eq(g_quark_to_string(YS_EXTRACT_ERROR), "ys-extract-error-quark");
}

/* PATH opened as standard input ("-"), which is read whole. */
static YsDocument *open_as_stdin(const char *path) {
  int fd = open(path, O_RDONLY);
  cr_assert(fd >= 0);
  int saved = dup(0);
  dup2(fd, 0);
  close(fd);
  YsDocument *doc = open_ok("-", NULL);
  dup2(saved, 0);
  close(saved);
  return doc;
}

Test(extract_text, stdin_text) {
  g_autofree char *src = sample("mext-lifescience-r8.sjis.txt");
  YsDocument *doc = open_as_stdin(src);
  cr_assert_str_eq(ys_extract_source(doc), "<stdin>");
  cr_assert_str_eq(ys_extract_encoding(doc), "CP932");
  assert_reference(doc, TRUE);
  ys_extract_close(doc);
}

/* Whether the document at PATH (two pages or more) is read page by page: only then does
 * shortening the file after opening it fail the next page. */
static gboolean is_streamed(const char *path) {
  g_autoptr(YsDocument) doc = open_ok(path, NULL);
  cr_assert_geq(ys_extract_page_count(doc), 2);
  cr_assert(truncate(path, 0) == 0);
  YsPage *page = NULL;
  g_autoptr(GError) error = NULL;
  gboolean read = ys_extract_page(doc, 2, &page, &error);
  ys_page_free(page);
  return !read && g_error_matches(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_IO);
}

/* A UTF-8 file is read page by page (extract_text_stream.c), standard input whole: both must
 * cut the same pages and lines. */
static void assert_same_pages(const char *data, gsize len) {
  g_autofree char *path = tmp_file("streamed.txt", data, (gssize)len);
  g_autoptr(YsDocument) streamed = open_ok(path, NULL);
  g_autoptr(YsDocument) whole = open_as_stdin(path);
  cr_assert_eq(ys_extract_page_count(streamed), ys_extract_page_count(whole), "length %zu", len);
  for (int n = 1; n <= ys_extract_page_count(whole); n++) {
    g_autoptr(YsPage) a = page_of(streamed, n);
    g_autoptr(YsPage) b = page_of(whole, n);
    cr_assert_eq(a->status, b->status, "length %zu page %d", len, n);
    cr_assert_eq(a->lines->len, b->lines->len, "length %zu page %d", len, n);
    for (guint i = 0; i < a->lines->len; i++) {
      YsRawLine *la = a->lines->pdata[i], *lb = b->lines->pdata[i];
      cr_assert_str_eq(la->text, lb->text, "length %zu page %d line %u", len, n, i + 1);
      cr_assert_eq(la->len, lb->len);
      cr_assert_eq(la->cells->len, lb->cells->len);
    }
  }
}

Test(extract_text, streamed_pages_match_whole_reading) {
  /* edge cases of the page cut: form feeds at either end, pages of line ends only, a BOM */
  const char *small[] = {"",
                         "\n\n",
                         "\f",
                         "a\f",
                         "\fa",
                         "a\f\n\r\n",
                         "a\f\fb\f\n",
                         "\xEF\xBB\xBF",
                         "\xEF\xBB\xBF\f",
                         "\xEF\xBB\xBFx\fy"};
  for (gsize i = 0; i < G_N_ELEMENTS(small); i++)
    assert_same_pages(small[i], strlen(small[i]));
  /* larger than the reading chunk (256 KiB), with a three-byte character cut by the chunk's
   * end at each of its offsets, and page and line breaks in between */
  static const char unit[] = "予算額\t1,234億円（前年度 1,200億円）\r\n※ 四捨五入\n\f";
  GString *big = g_string_new(NULL);
  for (int shift = 0; shift < 3; shift++) {
    g_string_truncate(big, 0);
    for (int k = 0; k < shift; k++)
      g_string_append_c(big, 'x');
    while (big->len < 3 * 256 * 1024 + 100)
      g_string_append(big, unit);
    assert_same_pages(big->str, big->len);
    /* and read in chunks, not handed to the whole-text reader for a cut character */
    g_autofree char *path = tmp_file("streamed.txt", big->str, (gssize)big->len);
    cr_assert(is_streamed(path), "shift %d", shift);
  }
  g_string_free(big, TRUE);
}

Test(extract_text, text_file_changed_while_read) {
  g_autofree char *path = tmp_file("changing.txt", "予算 10億円\n\f予算 20億円\n", -1);
  g_autoptr(YsDocument) doc = open_ok(path, NULL);
  g_autoptr(YsPage) first = page_of(doc, 1);
  cr_assert_str_eq(line_text(first, 0), "予算 10億円");
  FILE *f = fopen(path, "w"); /* shortened in place meanwhile (a rename would leave ours be) */
  cr_assert(f && fputs("予算 10億円\n", f) >= 0 && fclose(f) == 0);
  YsPage *second = NULL;
  g_autoptr(GError) error = NULL;
  cr_assert_not(ys_extract_page(doc, 2, &second, &error));
  cr_assert_null(second);
  cr_assert(g_error_matches(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_IO));
  cr_assert(strstr(error->message, path) && strstr(error->message, "changed"), "%s",
            error->message);
}

/* Tabs, stray \r and line ends found wherever they sit against the eight-byte steps of the
 * line scan: a tab at each offset of a long line, a stray \r becoming a space, CRLF ends. */
Test(extract_text, tabs_and_stray_returns_at_any_offset) {
  GString *data = g_string_new(NULL);
  /* the stray \r of line AT + 1 (not the last byte: that \r would end the line as CRLF) */
#define STRAY_CR(at) ((at) == 0 ? 12 : 23 - (at))
  for (int at = 0; at < 20; at++) {
    for (int k = 0; k < 24; k++)
      g_string_append_c(data, k == at ? '\t' : k == STRAY_CR(at) ? '\r' : 'a' + k % 26);
    g_string_append(data, at % 2 ? "\r\n" : "\n");
  }
  g_autofree char *path = tmp_file("tabs.txt", data->str, (gssize)data->len);
  g_autoptr(YsDocument) doc = open_ok(path, NULL);
  g_autoptr(YsPage) page = page_of(doc, 1);
  cr_assert_eq(page->lines->len, 20);
  for (int at = 0; at < 20; at++) {
    const YsRawLine *l = page->lines->pdata[at];
    cr_assert_eq(l->len, 24, "line %d", at + 1);
    cr_assert_eq(l->cells->len, 2, "line %d: %u cells", at + 1, l->cells->len);
    cr_assert_eq(l->text[at], '\t', "line %d", at + 1);
    cr_assert_eq(l->text[STRAY_CR(at)], ' ', "line %d: stray \\r kept", at + 1);
    cr_assert_null(strchr(l->text, '\r'));
  }
  g_string_free(data, TRUE);
}

/* The validator's kana/kanji run takes a character in one load while a fourth byte follows,
 * and byte by byte before the end: with either, every 3-byte sequence (and broken ones) must be
 * judged as GLib judges it: surrogates (ED A0–BF) and overlongs (E0 80–9F) are not UTF-8. */
Test(extract_text, utf8_check_agrees_with_glib_on_every_three_byte_sequence) {
  guchar tails[68];
  guint n_tails = 0;
  for (guint b = 0x80; b <= 0xBF; b++)
    tails[n_tails++] = (guchar)b;
  tails[n_tails++] = 0x00;
  tails[n_tails++] = 0x7F;
  tails[n_tails++] = 0xC0;
  tails[n_tails++] = 0xFF;
  guint mismatches = 0;
  for (guint lead = 0xE0; lead <= 0xEF; lead++)
    for (guint i = 0; i < n_tails; i++)
      for (guint j = 0; j < n_tails; j++) {
        /* after a kanji (in the run), then with a kanji after it and at the very end */
        const guchar in_run[] = {0xE6,     0xBC, 0xA2, (guchar)lead, tails[i],
                                 tails[j], 0xE5, 0xAD, 0x97};
        for (gsize len = 6; len <= sizeof in_run; len += sizeof in_run - 6) {
          gboolean glib = g_utf8_validate_len((const char *)in_run, len, NULL) &&
                          memchr(in_run, 0, len) == NULL;
          if (ys_extract_utf8_valid((const char *)in_run, len) != glib && mismatches++ < 5)
            cr_expect_fail("%02X %02X %02X (%zu bytes): GLib says %s", lead, tails[i], tails[j],
                           len, glib ? "valid" : "invalid");
        }
      }
  cr_expect_eq(mismatches, 0);
}
