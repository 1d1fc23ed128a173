/* Tests for normalize: YsNormLine (copied fields, cells, the byte map back to the raw text)
 * and ys_norm_line_raw_span (what a record quotes). */
#include <criterion/criterion.h>
#include <string.h>

#include "normalize/normalize.h"

static YsRawLine *raw_line(const char *text) {
  YsRawLine *r = g_new0(YsRawLine, 1);
  r->page = 3;
  r->line = 17;
  r->x0 = 1.5;
  r->y0 = 2.5;
  r->x1 = 300.25;
  r->y1 = 12.75;
  r->text = g_strdup(text);
  r->cells = g_array_new(FALSE, FALSE, sizeof(YsCellSpan));
  int cells = 1;
  for (const char *p = text; *p; p++)
    cells += *p == '\t';
  for (int i = 0; i < cells; i++) {
    YsCellSpan s = {i * 100.0, i * 100.0 + 90.0};
    g_array_append_val(r->cells, s);
  }
  return r;
}

static void raw_line_free(YsRawLine *r) {
  g_free(r->text);
  g_array_unref(r->cells);
  g_free(r);
}

/* Normalized bytes [start, end) of the first occurrence of NEEDLE in LINE's text. */
static char *span_of(YsNormLine *line, const char *needle) {
  const char *at = strstr(line->text, needle);
  cr_assert(at, "“%s” not in “%s”", needle, line->text);
  gsize start = (gsize)(at - line->text);
  return ys_norm_line_raw_span(line, start, start + strlen(needle));
}

Test(normalize_map, copies_fields_and_cells) {
  YsRawLine *r = raw_line("インハウス研究 機関経費\t8 4 1 億円\t+ 3.5 %");
  YsNormLine *l = ys_norm_line_new(r);
  cr_assert_eq(l->page, 3);
  cr_assert_eq(l->line, 17);
  cr_assert(l->x0 == 1.5 && l->y0 == 2.5 && l->x1 == 300.25 && l->y1 == 12.75);
  cr_assert_str_eq(l->raw, r->text);
  cr_assert_neq(l->raw, r->text, "raw must be a copy");
  cr_assert_str_eq(l->text, "インハウス研究 機関経費\t841億円\t+3.5%");
  cr_assert_eq(l->len, strlen(l->text));
  cr_assert_eq(l->cells->len, 3);
  cr_assert(g_array_index(l->cells, YsCellSpan, 2).x0 == 200.0);
  cr_assert_null(l->raw_offset, "offsets are made only when asked for");
  cr_assert_eq(ys_norm_line_raw_offsets(l)[l->len], strlen(r->text));
  cr_assert_eq(l->raw_offset, ys_norm_line_raw_offsets(l), "made once, then kept");
  /* a line refilled by reset has its own offsets, again made when asked for */
  YsRawLine *r2 = raw_line("ＡＢ　1 2 3");
  ys_norm_line_reset(l, r2);
  cr_assert_str_eq(l->text, "AB 123");
  cr_assert_null(l->raw_offset);
  const gsize *off = ys_norm_line_raw_offsets(l);
  const gsize want[] = {0, 3, 6, 9, 11, 13, strlen(r2->text)};
  for (gsize k = 0; k <= l->len; k++)
    cr_expect_eq(off[k], want[k], "byte %zu", k);
  raw_line_free(r2);
  ys_norm_line_free(l);
  raw_line_free(r);
}

Test(normalize_map, every_byte_points_into_its_raw_character) {
  const char *raw = "（１）ＮＢＲＰ　１２．６億円\t1, 2 3 8 億円 （こ7）\t▲ 1 2\tｶﾞ①";
  YsRawLine *r = raw_line(raw);
  YsNormLine *l = ys_norm_line_new(r);
  cr_assert_str_eq(l->text, "(1)NBRP 12.6億円\t1,238億円 (こ7)\t-12\tガ①");
  const gsize *off = ys_norm_line_raw_offsets(l);
  /* each normalized character against the raw character it must come from */
  struct {
    const char *norm;
    const char *raw;
  } pairs[] = {
      {"(", "（"},  {"1", "１"}, {"N", "Ｎ"},  {" ", "　"}, {".", "．"},
      {"億", "億"}, {"-", "▲"},  {"ガ", "ｶﾞ"}, {"①", "①"},
  };
  for (gsize k = 0; k < G_N_ELEMENTS(pairs); k++) {
    const char *at = strstr(l->text, pairs[k].norm);
    cr_assert(at);
    gsize i = (gsize)(at - l->text);
    for (gsize b = 0; b < strlen(pairs[k].norm); b++)
      cr_expect_eq(strncmp(raw + off[i + b], pairs[k].raw, strlen(pairs[k].raw)), 0,
                   "byte %zu of “%s” maps to “%.6s”, not “%s”", b, pairs[k].norm, raw + off[i + b],
                   pairs[k].raw);
  }
  /* the digits of 1,238 come from the spread digits, tabs from tabs */
  const char *n1238 = strstr(l->text, "1,238");
  const char *r1238 = strstr(raw, "1, 2 3 8");
  gsize i = (gsize)(n1238 - l->text), ri = (gsize)(r1238 - raw);
  gsize want[] = {0, 1, 3, 5, 7};
  for (int k = 0; k < 5; k++)
    cr_expect_eq(off[i + k], ri + want[k]);
  for (gsize k = 0; k < l->len; k++) {
    cr_assert(off[k] < strlen(raw));
    cr_assert(((unsigned char)raw[off[k]] & 0xC0) != 0x80, "byte %zu maps mid-character", k);
    if (k)
      cr_assert(off[k] >= off[k - 1]);
    if (l->text[k] == '\t')
      cr_assert_eq(raw[off[k]], '\t');
  }
  ys_norm_line_free(l);
  raw_line_free(r);
}

Test(normalize_map, raw_span_quotes_the_page) {
  YsRawLine *r = raw_line(
      "日本医療研究開発機構 （AMED）対象経費\t1, 2 3 8 億円 （こ7,総3）\t１２．６億円\t㍻");
  YsNormLine *l = ys_norm_line_new(r);
  g_autofree char *a = span_of(l, "1,238億円");
  cr_expect_str_eq(a, "1, 2 3 8 億円");
  g_autofree char *b = span_of(l, "1,238");
  cr_expect_str_eq(b, "1, 2 3 8", "no trailing dropped space");
  g_autofree char *c = span_of(l, "(AMED)");
  cr_expect_str_eq(c, "（AMED）");
  g_autofree char *d = span_of(l, "12.6億円");
  cr_expect_str_eq(d, "１２．６億円");
  g_autofree char *e = span_of(l, "平");
  cr_expect_str_eq(e, "㍻", "half of an expanded character quotes the whole character");
  g_autofree char *f = span_of(l, "(こ7,総3)");
  cr_expect_str_eq(f, "（こ7,総3）");
  g_autofree char *empty = ys_norm_line_raw_span(l, 5, 5);
  cr_expect_str_eq(empty, "");
  g_autofree char *all = ys_norm_line_raw_span(l, 0, l->len + 10);
  cr_expect_str_eq(all, r->text);
  ys_norm_line_free(l);
  raw_line_free(r);
}

Test(normalize_map, trims_and_collapses_with_map) {
  g_autofree gsize *map = NULL;
  const char *raw = "  ab   cd\t  ef\u3000\u3000gh  ";
  g_autofree char *t = ys_norm_text(raw, &map);
  cr_assert_str_eq(t, "ab cd\tef gh");
  gsize want[] = {2,  3,  4 /* first of three spaces */,    7,  8,  9 /* tab */,
                  12, 13, 14 /* first ideographic space */, 20, 21, 24 /* raw length */};
  for (gsize i = 0; i < G_N_ELEMENTS(want); i++)
    cr_expect_eq(map[i], want[i], "map[%zu] = %zu", i, map[i]);
}

Test(normalize_map, odd_input) {
  g_autofree gsize *map = NULL;
  g_autofree char *empty = ys_norm_text("", &map);
  cr_assert_str_eq(empty, "");
  cr_assert_eq(map[0], 0);
  g_autofree char *bad = ys_norm_text("a\xff"
                                      "b\xe3\x81",
                                      NULL);
  cr_assert(g_utf8_validate(bad, -1, NULL));
  cr_assert_str_eq(bad, "a\xEF\xBF\xBD"
                        "b\xEF\xBF\xBD\xEF\xBF\xBD");
  YsRawLine r = {0};
  YsNormLine *l = ys_norm_line_new(&r);
  cr_assert_str_eq(l->text, "");
  cr_assert_eq(l->len, 0);
  cr_assert_eq(l->cells->len, 0);
  ys_norm_line_free(l);
  ys_norm_line_free(NULL);
  /* a long line of spread digits and spaces stays linear and valid */
  GString *big = g_string_new(NULL);
  for (int i = 0; i < 20000; i++)
    g_string_append(big, "1 2 3 億円 A B ");
  g_autofree char *out = ys_norm_text(big->str, NULL);
  cr_assert(g_str_has_prefix(out, "123億円 AB 123億円"));
  g_string_free(big, TRUE);
}

/* Normalizes RAW with and without the byte map: the texts must agree (a line's raw offsets are
 * made by normalizing it again with the map, ys_norm_line_raw_offsets, and must fit the text
 * made without). Returns 1 when they do not. */
static int differs_with_map(const char *raw) {
  g_autofree gsize *map = NULL;
  g_autofree char *with = ys_norm_text(raw, &map);
  g_autofree char *without = ys_norm_text(raw, NULL);
  if (strcmp(with, without) == 0)
    return 0;
  cr_expect_str_eq(without, with, "for %s", raw);
  return 1;
}

/* Every character of the BMP and the first supplementary planes, alone and in the company the
 * fast paths care about: in a run of kanji and kana, after ASCII and spaces, before and after
 * marks that merge into the character before them, at a cell's edges; and the reference
 * document line by line. */
Test(normalize_map, the_text_is_the_same_with_and_without_the_map) {
  static const char *const contexts[] = {
      "%s",        "漢字%sかな",      "a %s b", "%s\xCC\x81", "%s\xE3\x82\x99", "%s\xEF\xBE\x9E",
      " %s\t %s ", "1 2%s3 億円",     "ｶ%sﾞ",   "%s%s%s",     "\t%s\xCC\x81 x", "▲%s 1",
      "%s　%s",    "ガ%s\xE3\x82\x9A"};
  int bad = 0;
  char ch[8];
  for (gunichar c = 1; c < 0x20000 && bad < 10; c++) {
    if (c >= 0xD800 && c <= 0xDFFF)
      continue;
    ch[g_unichar_to_utf8(c, ch)] = '\0';
    for (gsize k = 0; k < G_N_ELEMENTS(contexts); k++) {
      g_autofree char *raw = g_strdup_printf(contexts[k], ch, ch, ch);
      bad += differs_with_map(raw);
    }
  }
  g_autofree char *reference = NULL;
  cr_assert(g_file_get_contents(YS_SOURCE_DIR "/samples/mext-lifescience-r8.txt", &reference, NULL,
                                NULL));
  g_auto(GStrv) lines = g_strsplit(reference, "\n", -1);
  for (int n = 0; lines[n] && bad < 10; n++)
    bad += differs_with_map(lines[n]);
  cr_assert_eq(bad, 0);
}
