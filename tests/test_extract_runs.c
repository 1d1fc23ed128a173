/* Tests of how the layout reads a page by its own geometry (extract_metrics.c, extract_runs.c,
 * extract_cells.c, the stacked-line cut of extract_layout.c), on glyphs placed as producers
 * other than the samples' place them: Chromium's Type 3 fonts (a guessed size twice the text,
 * boxes 2.6 em high), Writer's character spacing after every glyph (visible, or folded by
 * Poppler into the boxes of the glyphs it joins into a word), 均等割付 headers, and the tables
 * of the real 予算書 (header words 0.33 em apart over their columns, a figure 0.37 em from
 * the description beside it). */
#include "layout_fixture.h"

#include <string.h>

/* ---- the em ---- */

Test(extract_runs, the_em_is_the_advance_of_an_ideograph) {
  YsGlyph g[] = {
      {0x4E88, 10, 0, 22, 31.2, 24, 0},   /* 予 in a Type 3 font: size guessed at twice */
      {'1', 22, 0, 28.6, 31.2, 24, 0},    /* a digit of that size: the same em */
      {0x7B97, 40, 0, 47.1, 7, 6.82, 0},  /* 算 of a face whose advance is 1.04 of its size */
      {'A', 60, 0, 67, 10, 10, 0},        /* no ideograph of this size: the size */
      {'B', 80, 0, 87, 9, 0, 0},          /* no size: the box */
      {0x4E88, 100, 0, 112, 12, 1e300, 0} /* an absurd size is none */
  };
  ys_layout_measure(g, G_N_ELEMENTS(g));
  cr_assert_float_eq(g[0].em, 12, 1e-5);
  cr_assert_float_eq(g[1].em, 12, 1e-5);
  cr_assert_float_eq(g[2].em, 7.1, 1e-5);
  cr_assert_float_eq(g[3].em, 10, 1e-5);
  cr_assert_float_eq(g[4].em, 9, 1e-5);
  cr_assert_float_eq(g[5].em, 12, 1e-5);
}

/* Chromium: a cell of two lines 1.5 em apart with the figure beside it set between them, in a
 * font whose size Poppler guessed at 24 for 12 pt text and whose boxes are 31.2 high. By the
 * boxes, all three were one line and interleaved (イ(うンちハ新ウ規ス5研.2億究円)). */
Test(extract_runs, type3_boxes_keep_the_lines_of_a_cell_apart) {
  Page p;
  page_init(&p);
  put_sized(&p, "インハウス研究", 30, 169.2, 12, 0, 31.2, 24);
  put_sized(&p, "841億円", 300, 178.2, 12, 0, 31.2, 24);
  put_sized(&p, "(うち新規)", 30, 187.2, 12, 0, 31.2, 24);
  layout(&p, 612, 792);
  cr_assert_eq(p.lines->len, 2, "%u lines", p.lines->len);
  cr_assert_str_eq(text(&p, 0), "インハウス研究\t841億円");
  cr_assert_str_eq(text(&p, 1), "(うち新規)");
  page_clear(&p);
}

/* Chromium's header cells of one and two lines, each centred in its cell, put their lines 0.4-0.75
 * em apart (a 6 pt em, Type 3 boxes 15.6 high). With 1.5 em as the text's height they were one
 * line (8年度予算(案) (当初) 増▲減額増▲減率 (補正)); by the em they are three, and the cell
 * centred on the two-line ones joins their first line, as a producer aligning cells at the top
 * sets it. */
Test(extract_runs, type3_header_lines_a_fraction_of_an_em_apart_stay_apart) {
  Page p;
  page_init(&p);
  put_sized(&p, "対前年度", 180, 62.85, 6, 0, 15.6, 12);
  put_sized(&p, "７年度予算", 140, 65.10, 6, 0, 15.6, 12);
  put_sized(&p, "８年度予算", 100, 69.60, 6, 0, 15.6, 12);
  put_sized(&p, "（当初）", 140, 73.35, 6, 0, 15.6, 12);
  put_sized(&p, "増▲減額", 180, 75.60, 6, 0, 15.6, 12);
  put_sized(&p, "日本医療研究開発機構", 37, 87.60, 6, 0, 15.6, 12); /* the row under them */
  put_sized(&p, "1,238億円", 100, 87.60, 6, 0, 15.6, 12);
  put_sized(&p, "1,232億円", 145, 87.60, 6, 0, 15.6, 12);
  put_sized(&p, "+6億円", 190, 87.60, 6, 0, 15.6, 12);
  layout(&p, 842, 595);
  cr_assert_eq(p.lines->len, 3, "%u lines", p.lines->len);
  cr_assert_str_eq(text(&p, 0), "８年度予算\t７年度予算\t対前年度");
  cr_assert_str_eq(text(&p, 1), "（当初）\t増▲減額");
  page_clear(&p);
}

/* Two equal narrow glyphs side by side are no glyph drawn twice: with the box height as the
 * measure (31.2 for a Type 3 font), `ll` and `III` lost one of each (Interstel ar, I I.). */
Test(extract_runs, equal_narrow_glyphs_side_by_side_stay) {
  Page p;
  page_init(&p);
  put_sized(&p, "予", 10, 100, 12, 0, 31.2, 24);
  put_sized(&p, "llIII", 30, 100, 3.41, 0, 31.2, 24);
  put_sized(&p, "合", 60, 100, 12, 0, 31.2, 24);
  put_sized(&p, "合", 60.3, 100, 12, 0, 31.2, 24); /* fake bold: drawn again 0.3 pt right */
  layout(&p, 612, 792);
  cr_assert_str_eq(text(&p, 0), "予 llIII 合");
  page_clear(&p);
}

/* ---- character spacing ---- */

/* Writer: character spacing after every glyph, the last digit included, and its space between
 * Japanese and Latin text before the unit. One gap each decided alone made `1 , 2 3 8` and a
 * cell boundary before 億円. */
Test(extract_runs, spacing_after_every_glyph_keeps_figure_and_unit_in_one_cell) {
  Page p;
  page_init(&p);
  const double em = 10.5, spacing = 2.2;
  double x = 50;
  const char *figure[] = {"1", ",", "2", "3", "8"};
  const double advance[] = {5.8, 2.9, 5.8, 5.8, 5.8};
  for (guint i = 0; i < G_N_ELEMENTS(figure); i++) {
    put(&p, figure[i], x, 100, advance[i], 0, em);
    x += advance[i] + spacing;
  }
  put(&p, "億円", x + 2.1, 100, em, spacing, em); /* 2.1: Japanese and Latin text apart */
  layout(&p, 595, 842);
  cr_assert_eq(line(&p, 0)->cells->len, 1, "%s", text(&p, 0));
  cr_assert_str_eq(text(&p, 0), "1,238 億 円"); /* normalize joins them: 1,238億円 */
  page_clear(&p);
}

/* Writer again, where Poppler joined each run of glyphs into a word and folded the spacing into
 * their boxes (a CJK glyph 12.69 wide at 10.5 pt, a digit 8.0 where the word's last is 5.8):
 * only the gaps between words show, the spacing and what it surrounds. */
Test(extract_runs, spacing_folded_into_the_boxes_is_read_from_their_width) {
  Page p;
  page_init(&p);
  const double em = 10.5;
  put(&p, "研究の推", 50, 100, 12.69, 0, em);
  put(&p, "進", 50 + 4 * 12.69, 100, em, 0, em);
  double x = 50 + 4 * 12.69 + em + 7.0; /* a space: the spacing, the space, the spacing */
  const char *figure[] = {"1", ",", "2", "3", "8"};
  const double box[] = {8.0, 5.1, 8.0, 8.0, 5.8};
  for (guint i = 0; i < G_N_ELEMENTS(figure); i++) {
    put(&p, figure[i], x, 100, box[i], 0, em);
    x += box[i];
  }
  put(&p, "億", x + 4.3, 100, 12.69, 0, em); /* the spacing and Writer's space before Japanese */
  put(&p, "円", x + 4.3 + 12.69, 100, em, 0, em);
  layout(&p, 595, 842);
  cr_assert_str_eq(text(&p, 0), "研究の推進 1,238 億円");
  cr_assert_eq(line(&p, 0)->cells->len, 1);
  page_clear(&p);
}

/* Chromium's letter-spacing on a figure whose digits Poppler joined into words: `12 , 834 ,
 * 134`, each word's spacing folded into its boxes, and the same spacing between the words. */
Test(extract_runs, letter_spaced_figure_across_poppler_words_is_one_token) {
  Page p;
  page_init(&p);
  const double em = 12, d = 6.59, s = 3.0; /* a digit's advance, the spacing */
  double x = 80;
  const char *words[] = {"12", ",", "834", ",", "134"};
  for (guint i = 0; i < G_N_ELEMENTS(words); i++) {
    const char *w = words[i];
    guint len = (guint)strlen(w);
    for (guint k = 0; k < len; k++) {
      char c[2] = {w[k], 0};
      double box = w[k] == ',' ? 3.93 : k + 1 < len ? d + s : d;
      put_sized(&p, c, x, 100, box, 0, 31.2, 24);
      x += box;
    }
    x += s;
  }
  put_sized(&p, "計", 30, 100, em, 0, 31.2, 24);
  layout(&p, 612, 792);
  cr_assert_str_eq(text(&p, 0), "計\t12,834,134");
  page_clear(&p);
}

/* Three glyphs a word space apart are three words (`- 2 -`, a page number), not a spread one. */
Test(extract_runs, three_glyphs_a_space_apart_stay_apart) {
  Page p;
  page_init(&p);
  put(&p, "-2-", 300, 800, 3.3, 2.5, 10);
  layout(&p, 595, 842);
  cr_assert_str_eq(text(&p, 0), "- 2 -");
  page_clear(&p);
}

/* A word spread over its cell starts with no digit: `２　歳入` is a heading's number and name. */
Test(extract_runs, a_spread_word_starts_with_no_digit) {
  Page p;
  page_init(&p);
  put(&p, "２歳入", 100, 100, 10, 10, 10);
  layout(&p, 595, 842);
  cr_assert_str_eq(text(&p, 0), "２\t歳入");
  page_clear(&p);
}

/* ---- columns ---- */

/* The header of the 歳出 目 tables of the real 予算書 (fuji-r8-gikai.pdf p.1): 本年度予算額 and
 * 前年度予算額 2.2 pt (0.33 em) apart. The figures under them, set flush right, end where the
 * header words do: two cells. Alone, the same header is one cell with a space. */
Test(extract_runs, header_words_close_together_are_cells_where_the_columns_say_so) {
  for (int rows = 0; rows <= 1; rows++) {
    Page p;
    page_init(&p);
    const double em = 6.82;
    put(&p, "目", 45.0, 80.27, 6.9, 0, em);
    put(&p, "本年度予算額", 75.0, 80.27, 7.03, 0, em);
    put(&p, "前年度予算額", 119.40, 80.27, 7.03, 0, em);
    if (rows) {
      put(&p, "千円", 104.52, 103.11, 5.68, 0, 5.52);
      put(&p, "千円", 148.92, 103.11, 5.68, 0, 5.52);
      put(&p, "488,451", 92.40, 111.65, 3.341, 0, 6.61);
      put(&p, "499,446", 136.80, 111.65, 3.359, 0, 6.61);
    }
    layout(&p, 595, 842);
    cr_assert_str_eq(text(&p, 0),
                     rows ? "目\t本年度予算額\t前年度予算額" : "目\t本年度予算額 前年度予算額");
    page_clear(&p);
  }
}

/* 給与費明細書: figures set flush right, each 0.37 em from the description set flush left
 * beside it (`△87,608 職員構成の変動等`); read alone, each row glued its figure to the words. */
Test(extract_runs, figures_beside_descriptions_are_cells_of_their_own) {
  Page p;
  page_init(&p);
  const double em = 9.1, digit = 4.68;
  const char *figures[] = {"205,020", "87,608", "1,521"}; /* of different widths */
  const char *words[] = {"昇給に伴う増加分", "職員構成の変動等", "配偶者に係る扶養手当"};
  for (guint i = 0; i < 3; i++) {
    double y = 100 + 20.0 * i, w = digit * (double)strlen(figures[i]);
    put(&p, "区分", 40, y, em, 0, em);
    put(&p, figures[i], 200 - w, y, digit, 0, em);
    put(&p, words[i], 203.4, y, em, 0, em);
  }
  layout(&p, 595, 842);
  cr_assert_str_eq(text(&p, 0), "区分\t205,020\t昇給に伴う増加分");
  cr_assert_str_eq(text(&p, 1), "区分\t87,608\t職員構成の変動等");
  cr_assert_str_eq(text(&p, 2), "区分\t1,521\t配偶者に係る扶養手当");
  page_clear(&p);
}

/* Tokens of one width that all start alike (`1 議会費`, `2 総務費`: a number and its name) say
 * nothing of a column edge between them and the words after them. */
Test(extract_runs, equal_numbers_before_names_are_no_column) {
  Page p;
  page_init(&p);
  const char *names[] = {"1議会費", "2総務費", "3民生費"};
  for (guint i = 0; i < 3; i++) {
    put(&p, names[i], 40, 100 + 20.0 * i, 5, 0, 10);
    /* the name 0.33 em after the number: move every glyph but the first */
    for (guint k = p.glyphs->len - 3; k < p.glyphs->len; k++) {
      YsGlyph *g = &g_array_index(p.glyphs, YsGlyph, k);
      g->x0 += 3.3;
      g->x1 = g->x0 + 10;
      g->x0 += 5 * (k - (p.glyphs->len - 3));
      g->x1 += 5 * (k - (p.glyphs->len - 3));
    }
  }
  layout(&p, 595, 842);
  cr_assert_str_eq(text(&p, 0), "1 議会費");
  cr_assert_str_eq(text(&p, 2), "3 民生費");
  page_clear(&p);
}

/* Two words each spread over its cell, set closer to each other than their glyphs (Chromium,
 * text-justify: inter-character): the rows under them put a cell boundary between 較 and 説,
 * so the lone glyphs pair up as 比較 | 説明 and not 比 | 較説 | 明. */
Test(extract_runs, spread_words_pair_up_by_the_columns_under_them) {
  Page p;
  page_init(&p);
  put(&p, "比", 281.85, 50, 12, 0, 12);
  put(&p, "較", 350.80, 50, 12, 0, 12);
  put(&p, "説", 371.55, 50, 12, 0, 12);
  put(&p, "明", 479.54, 50, 12, 0, 12);
  for (guint r = 0; r < 2; r++) {
    double y = 80 + 20.0 * r;
    put(&p, "10,995", 362.8 - 6 * 6.6, y, 6.6, 0, 12);
    put(&p, "給与費", 371.55, y, 12, 0, 12);
  }
  layout(&p, 612, 792);
  cr_assert_str_eq(text(&p, 0), "比較\t説明");
  page_clear(&p);
}

/* 均等割付 spreads a Latin word as one unit among the full-width glyphs of its cell (Chromium:
 * （　AMED　）　対　象　経　費, every gap 2 em): the word is one token, not `(\tAMED\t)対象経費`.
 */
Test(extract_runs, a_latin_word_spread_with_full_width_glyphs_is_one_token) {
  Page p;
  page_init(&p);
  put(&p, "（", 37.32, 96, 6, 0, 6);
  put(&p, "A", 55.11, 96, 3.75, 0, 6);
  put(&p, "M", 58.86, 96, 5.25, 0, 6);
  put(&p, "E", 64.11, 96, 3.75, 0, 6);
  put(&p, "D", 67.86, 96, 4.13, 0, 6);
  put(&p, "）対象経費", 84.15, 96, 6, 11.79, 6);
  layout(&p, 595, 842);
  cr_assert_str_eq(text(&p, 0), "（AMED）対象経費");
  page_clear(&p);
}

/* ---- figures in Japanese prose ---- */

/* Impress sets half an em between Japanese text and a figure in it (`前年度予算額 850億円`,
 * `第 3 期`), as a half-width space of a fixed-pitch face is: wider than the gap that makes a
 * figure a cell of its own beside a label (0.4 em), but a figure with Japanese text on both
 * sides, neither gap wider than SCRIPT_TAB_GAP, is prose. Before this, each was cut into cells
 * there (`(前年度予算額\t850億円)`, `第\t3\t期`), and the rules missed the figures. */
Test(extract_runs, a_figure_set_inline_in_japanese_text_is_no_cell) {
  Page p;
  page_init(&p);
  const double em = 5.5, digit = 3.07;
  put(&p, "（前年度予算額", 34, 61, em, 0, em);
  put(&p, "850", 34 + 7 * em + 0.51 * em, 61, digit, 0, em);
  put(&p, "億円）", 34 + 7 * em + 0.81 * em + 3 * digit, 61, em, 0, em);
  put(&p, "第", 34, 90, em, 0, em);
  put(&p, "3", 34 + 1.51 * em, 90, digit, 0, em);
  put(&p, "期健康", 34 + 2.02 * em + digit, 90, em, 0, em);
  layout(&p, 842, 595);
  cr_assert_str_eq(text(&p, 0), "（前年度予算額 850 億円）");
  cr_assert_str_eq(text(&p, 1), "第 3 期健康");
  page_clear(&p);
}

/* The same half em after a code or before a figure at the edge of a table's cell is a cell
 * boundary (the 予算書: `001 給与費`, `支援指導事業 4,064×1/2`, set in a fixed-pitch face):
 * there is no Japanese text on the code's other side, nor right after the figure. */
Test(extract_runs, a_code_or_a_figure_half_an_em_from_a_label_is_a_cell) {
  Page p;
  page_init(&p);
  const double em = 6.7, digit = 3.45;
  put(&p, "001", 560, 100, digit, 0, em);
  put(&p, "給与費", 560 + 3 * digit + 0.5 * em, 100, em, 0, em);
  put(&p, "支援指導事業", 600, 130, em, 0, em);
  put(&p, "4,064×1/2", 600 + 6 * em + 0.52 * em, 130, digit, 0, em);
  layout(&p, 842, 595);
  cr_assert_str_eq(text(&p, 0), "001\t給与費");
  cr_assert_str_eq(text(&p, 1), "支援指導事業\t4,064×1/2");
  page_clear(&p);
}

/* Impress spaces the digits of a figure 0.18 em apart and sets the unit after it 0.46 em on:
 * two equal gaps make a figure's run (`3 5 5`), and the line's spaced figures tell the spacing
 * of one with one gap (`4 6`) and after the last digit of each. Before, 6 and 億 were two
 * cells (`4 6\t億円`). */
Test(extract_runs, spaced_digits_keep_their_unit_by_the_lines_figures) {
  Page p;
  page_init(&p);
  const double em = 6.01, digit = 3.34, spacing = 1.07;
  double x = 42;
  put(&p, "医薬品", x, 62, em, 0, em);
  x += 3 * em + 0.51 * em;
  put(&p, "355", x, 62, digit, spacing, em);
  x += 3 * digit + 2 * spacing + 0.46 * em;
  put(&p, "億円、インハウス", x, 62, em, 0, em);
  x += 8 * em + 0.51 * em;
  put(&p, "46", x, 62, digit, spacing, em);
  x += 2 * digit + spacing + 0.46 * em;
  put(&p, "億円", x, 62, em, 0, em);
  layout(&p, 842, 595);
  cr_assert_str_eq(text(&p, 0), "医薬品 355 億円、インハウス 46 億円");
  page_clear(&p);
}

/* ---- stacked lines ---- */

/* A figure centred on a label wrapped onto two lines (Chromium: 1 議会 over 費) took both lines
 * into one band, and the second line's glyph sorted in among the first's (1費議会). */
Test(extract_runs, a_cell_wrapped_around_a_centred_figure_is_two_lines) {
  Page p;
  page_init(&p);
  put_sized(&p, "1", 38.5, 70.2, 5.65, 0, 31.2, 24);
  put_sized(&p, "議会", 47.22, 70.2, 12, 0, 31.2, 24);
  put_sized(&p, "488,451", 130.35, 79.2, 6.2, 0, 31.2, 24);
  put_sized(&p, "費", 38.5, 87.45, 12, 0, 31.2, 24);
  layout(&p, 612, 792);
  cr_assert_eq(p.lines->len, 2, "%u lines", p.lines->len);
  cr_assert_str_eq(text(&p, 0), "1 議会\t488,451");
  cr_assert_str_eq(text(&p, 1), "費");
  page_clear(&p);
}

/* Impress centres its headers over cells whose labels it sets at the left: 款 and 項 are two lone
 * glyphs far apart, and the rows under them put a column edge between them (the 項 number and
 * name of `1<TAB>1<TAB>市税`, the line `1<TAB>市民税` starting there): 款 | 項, not 款項. */
Test(extract_runs, a_pair_of_headers_over_labels_set_left_is_two_words) {
  Page p;
  page_init(&p);
  put(&p, "款", 42.1, 80, 6, 0, 6);
  put(&p, "項", 83.6, 80, 6, 0, 6);
  put(&p, "目", 147.5, 80, 6, 0, 6);
  put(&p, "1", 41.3, 150, 3.6, 0, 7.5);
  put(&p, "1", 63.2, 150, 3.6, 0, 7.5);
  put(&p, "市税", 70.9, 150, 7.5, 0, 7.5);
  put(&p, "16,463,680", 199.7, 150, 3.8, 0, 7.5);
  put(&p, "1", 63.2, 183, 3.6, 0, 7.5);
  put(&p, "市民税", 70.9, 183, 7.5, 0, 7.5);
  put(&p, "8,850,290", 203.3, 183, 3.8, 0, 7.5);
  layout(&p, 595, 842);
  cr_assert_str_eq(text(&p, 0), "款\t項\t目");
  cr_assert_str_eq(text(&p, 2), "1\t市民税\t8,850,290");
  page_clear(&p);
}

/* Writer sets its headers at the left of their cells: 項 and 目 one cell apart, then 本年度予算額
 * spread tighter. The glyph where the wide spread meets the tight one is the tight one's first
 * (本), and the rows under 項 | 目 — the 項 column's labels reaching into the gap, the 目
 * column's starting at 目 — make them two words. */
Test(extract_runs, headers_set_left_in_their_cells_keep_apart) {
  Page p;
  page_init(&p);
  put(&p, "項", 48.3, 66.6, 6.5, 0, 6.5);
  put(&p, "目", 92.6, 66.6, 6.5, 0, 6.5);
  put(&p, "本年度予算額", 138.4, 66.6, 6.5, 6.5, 6.5);
  put(&p, "前年度予算額", 218.0, 66.6, 6.5, 6.5, 6.5);
  const char *rows[][2] = {{"1市税", "16,463,680"},
                           {"1個人", "8,445,728"},
                           {"2法人", "404,562"},
                           {"2固定資産税", "7,338,950"},
                           {"1固定資産税", "7,310,250"}};
  for (guint r = 0; r < G_N_ELEMENTS(rows); r++) {
    double x = r == 0 || r == 3 ? 48.3 : 92.6, y = 97 + 14.0 * r;
    put(&p, "1", x, y, 3.1, 1.7, 6.5); /* the row number, then its name */
    put(&p, rows[r][0] + 1, x + 4.8, y, 6.5, 0, 6.5);
    put(&p, rows[r][1], 138.4, y, 3.3, 0, 6.5);
  }
  layout(&p, 842, 595);
  cr_assert_str_eq(text(&p, 0), "項\t目\t本年度予算額\t前年度予算額");
  page_clear(&p);
}
