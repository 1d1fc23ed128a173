/* Tests of the page layout of the extract stage (extract_layout.c) on glyph positions given
 * directly: gaps → nothing / space / tab, distributed-alignment headers kept in one cell,
 * labels printed vertically kept apart from the numbers beside them, facing pages on a
 * landscape sheet, reading order, and that no line ever holds a run of spaces. The line's
 * pitch, the columns and the em have their own tests (test_extract_runs.c). */
#include "layout_fixture.h"

#include <math.h>
#include <string.h>

Test(extract_layout, gaps_become_nothing_space_or_tab) {
  Page p;
  page_init(&p);
  /* digits spread by character spacing (0.3 h), then a cell 3 h away, then a tight word */
  put(&p, "1,238", 100, 100, 6, 3, 10);
  put(&p, "億円", 100 + 5 * 9 - 3 + 0.2, 100, 10, 0, 10);
  put(&p, "841", 200, 100, 6, 0, 10);
  layout(&p, 595, 842);
  cr_assert_eq(p.lines->len, 1);
  cr_assert_str_eq(text(&p, 0), "1,238億円\t841");
  YsRawLine *l = line(&p, 0);
  cr_assert_eq(l->page, 3);
  cr_assert_eq(l->line, 1);
  cr_assert_eq(l->cells->len, 2);
  cr_assert_float_eq(g_array_index(l->cells, YsCellSpan, 0).x0, 100, 1e-9);
  cr_assert_float_eq(g_array_index(l->cells, YsCellSpan, 1).x0, 200, 1e-9);
  cr_assert_float_eq(g_array_index(l->cells, YsCellSpan, 1).x1, 218, 1e-9);
  cr_assert_float_eq(l->y0, 100, 1e-9);
  cr_assert_float_eq(l->y1, 110, 1e-9);
  page_clear(&p);
}

Test(extract_layout, distributed_alignment_stays_one_cell) {
  Page p;
  page_init(&p);
  put(&p, "比", 100, 100, 10, 0, 10);
  put(&p, "較", 160, 100, 10, 0, 10);            /* 5 h apart: one word spread over its cell */
  put(&p, "本年度予算額", 100, 130, 10, 20, 10); /* equal 2 h gaps */
  put(&p, "区", 100, 160, 10, 0, 10);            /* two two-glyph words side by side */
  put(&p, "分", 130, 160, 10, 0, 10);
  put(&p, "比", 190, 160, 10, 0, 10);
  put(&p, "較", 220, 160, 10, 0, 10);
  put(&p, "計", 100, 190, 10, 0, 10); /* a CJK label and a number: two cells */
  put(&p, "12", 140, 190, 6, 0, 10);
  layout(&p, 595, 842);
  cr_assert_eq(p.lines->len, 4);
  cr_assert_str_eq(text(&p, 0), "比較");
  cr_assert_eq(line(&p, 0)->cells->len, 1);
  cr_assert_str_eq(text(&p, 1), "本年度予算額");
  cr_assert_str_eq(text(&p, 2), "区分\t比較");
  cr_assert_eq(line(&p, 2)->cells->len, 2);
  cr_assert_str_eq(text(&p, 3), "計\t12");
  page_clear(&p);
}

Test(extract_layout, vertical_label_kept_apart_from_numbers) {
  Page p;
  page_init(&p);
  /* a header row, then a label printed one glyph per line beside three rows of figures whose
   * baselines coincide with the label's glyphs */
  put(&p, "款", 50, 80, 10, 0, 10);
  put(&p, "予算額", 100, 80, 10, 0, 10);
  put_vertical(&p, "議会費", 50, 100, 10.5, 10);
  put(&p, "1,234", 100, 100, 6, 0, 10);
  put(&p, "56", 100, 110.5, 6, 0, 10);
  put(&p, "7", 100, 121, 6, 0, 10);
  layout(&p, 595, 842);
  cr_assert_eq(p.lines->len, 5);
  cr_assert_str_eq(text(&p, 0), "款\t予算額");
  cr_assert_str_eq(text(&p, 1), "議会費");
  cr_assert_str_eq(text(&p, 2), "1,234");
  cr_assert_str_eq(text(&p, 3), "56");
  cr_assert_str_eq(text(&p, 4), "7");
  cr_assert_float_eq(line(&p, 1)->y0, 100, 1e-9);
  cr_assert_float_eq(line(&p, 1)->y1, 131, 1e-9);
  page_clear(&p);
}

Test(extract_layout, stacked_single_digits_are_rows_not_a_label) {
  Page p;
  page_init(&p);
  put(&p, "1", 100, 100, 6, 0, 10);
  put(&p, "2", 100, 112, 6, 0, 10);
  put(&p, "3", 100, 124, 6, 0, 10);
  layout(&p, 595, 842);
  cr_assert_eq(p.lines->len, 3);
  cr_assert_str_eq(text(&p, 0), "1");
  cr_assert_str_eq(text(&p, 2), "3");
  page_clear(&p);
}

Test(extract_layout, paragraph_text_is_not_taken_for_vertical_labels) {
  Page p;
  page_init(&p);
  put(&p, "研究開発を推進", 100, 100, 10, 0, 10);
  put(&p, "体制を整備する", 100, 112, 10, 0, 10);
  layout(&p, 595, 842);
  cr_assert_eq(p.lines->len, 2);
  cr_assert_str_eq(text(&p, 0), "研究開発を推進");
  cr_assert_str_eq(text(&p, 1), "体制を整備する");
  page_clear(&p);
}

Test(extract_layout, facing_pages_left_half_first) {
  Page p;
  page_init(&p);
  put(&p, "左ページ", 40, 50, 10, 0, 10);
  put(&p, "経費", 40, 70, 10, 0, 10);
  put(&p, "120", 300, 70, 6, 0, 10);
  put(&p, "右ページ", 460, 50, 10, 0, 10);
  put(&p, "人件費", 460, 70, 10, 0, 10);
  put(&p, "45", 700, 70, 6, 0, 10);
  layout(&p, 842, 595);
  cr_assert_eq(p.lines->len, 4);
  cr_assert_str_eq(text(&p, 0), "左ページ");
  cr_assert_str_eq(text(&p, 1), "経費\t120");
  cr_assert_str_eq(text(&p, 2), "右ページ");
  cr_assert_str_eq(text(&p, 3), "人件費\t45");
  for (guint i = 0; i < 4; i++)
    cr_assert_eq(line(&p, i)->line, (int)i + 1);
  page_clear(&p);
}

Test(extract_layout, landscape_without_gutter_is_one_region) {
  Page p;
  page_init(&p);
  put(&p, "令和8年度予算（案）の内容について", 200, 30, 14, 0, 14); /* title across the middle */
  put(&p, "経費", 40, 70, 10, 0, 10);
  put(&p, "120", 700, 70, 6, 0, 10);
  layout(&p, 842, 595);
  cr_assert_eq(p.lines->len, 2);
  cr_assert_str_eq(text(&p, 1), "経費\t120");
  page_clear(&p);
}

/* Regression (hostile PDFs): the gutter search used one bin per point of the sheet's width, so
 * a MediaBox 3e9 wide overflowed int and asked for 2^64 bytes, and 1e9 took seconds. */
Test(extract_layout, absurd_sheet_widths_are_bounded) {
  const double widths[] = {3e9, 1e12, 1e300, 1.0 / 0.0};
  for (guint k = 0; k < G_N_ELEMENTS(widths); k++) {
    Page p;
    page_init(&p);
    put(&p, "経費", 40, 70, 10, 0, 10);
    put(&p, "120", 300, 70, 6, 0, 10);
    put(&p, "遠い", 2.5e9, 70, 10, 0, 10); /* beyond int */
    put(&p, "x", -3e9, 70, 10, 0, 10);
    layout(&p, widths[k], 595);
    cr_assert_gt(p.lines->len, 0, "width %g", widths[k]);
    page_clear(&p);
  }
}

Test(extract_layout, facing_pages_on_a_sheet_a_billion_points_wide) {
  Page p;
  page_init(&p);
  put(&p, "左ページ", 0.2e9, 50, 10, 0, 10);
  put(&p, "経費", 0.2e9, 70, 10, 0, 10);
  put(&p, "右ページ", 0.7e9, 50, 10, 0, 10);
  put(&p, "人件費", 0.7e9, 70, 10, 0, 10);
  layout(&p, 1e9, 5e8);
  cr_assert_eq(p.lines->len, 4);
  cr_assert_str_eq(text(&p, 0), "左ページ");
  cr_assert_str_eq(text(&p, 1), "経費");
  cr_assert_str_eq(text(&p, 2), "右ページ");
  cr_assert_str_eq(text(&p, 3), "人件費");
  page_clear(&p);
}

Test(extract_layout, reading_order_and_mixed_sizes) {
  Page p;
  page_init(&p);
  put(&p, "second", 100, 130, 5, 0, 10);
  put(&p, "Title", 100, 100, 8, 0, 16);
  put(&p, "note", 150, 106, 4, 0, 8); /* smaller text on the title's baseline */
  layout(&p, 595, 842);
  cr_assert_eq(p.lines->len, 2);
  cr_assert_str_eq(text(&p, 0), "Title note");
  cr_assert_str_eq(text(&p, 1), "second");
  page_clear(&p);
}

Test(extract_layout, glyphs_drawn_twice_count_once) {
  Page p;
  page_init(&p);
  put(&p, "合計", 100, 100, 10, 0, 10);
  put(&p, "合計", 100.3, 100, 10, 0, 10); /* fake bold */
  layout(&p, 595, 842);
  cr_assert_eq(p.lines->len, 1);
  cr_assert_str_eq(text(&p, 0), "合計");
  page_clear(&p);
}

Test(extract_layout, never_a_run_of_spaces) {
  GRand *rand = g_rand_new_with_seed(42);
  for (int round = 0; round < 200; round++) {
    Page p;
    page_init(&p);
    int n = g_rand_int_range(rand, 1, 80);
    for (int i = 0; i < n; i++) {
      const char *chars[] = {"1", "2", ",", "億", "円", "比", "較", "A", "△"};
      double h = g_rand_double_range(rand, 6, 14);
      put(&p, chars[g_rand_int_range(rand, 0, 9)], g_rand_double_range(rand, 0, 800),
          g_rand_double_range(rand, 0, 580), h * g_rand_double_range(rand, 0.4, 1.1), 0, h);
    }
    double w = round % 2 ? 842 : 595, hgt = round % 2 ? 595 : 842;
    layout(&p, w, hgt);
    guint glyphs_out = 0;
    for (guint i = 0; i < p.lines->len; i++) {
      YsRawLine *l = line(&p, i);
      cr_assert_null(strstr(l->text, "  "), "%s", l->text);
      cr_assert_null(strstr(l->text, " \t"), "%s", l->text);
      cr_assert_null(strstr(l->text, "\t "), "%s", l->text);
      cr_assert_neq(l->text[0], ' ');
      guint tabs = 0;
      for (const char *c = l->text; *c; c = g_utf8_next_char(c)) {
        tabs += *c == '\t';
        glyphs_out += *c != '\t' && *c != ' ';
      }
      cr_assert_eq(l->cells->len, tabs + 1);
      cr_assert_eq(l->line, (int)i + 1);
    }
    /* nothing lost but exact duplicates */
    cr_assert_leq(glyphs_out, (guint)n);
    cr_assert_geq(glyphs_out, (guint)n / 2);
    page_clear(&p);
  }
  g_rand_free(rand);
}

/* The header row of samples/city-yosansho-r8.pdf p.2 as Poppler measures it: single-glyph 款,
 * two distributed six-glyph words 0.55 h inside and 0.97 h apart, and 比　較 spread over its
 * cell. Each header word must stay its own cell: the rules tie columns to them. */
Test(extract_layout, header_row_of_distributed_words_keeps_its_cells) {
  Page p;
  page_init(&p);
  const double h = 13.65, w = 9.5, inner = 7.5;
  put(&p, "款", 136.73, 139.16, w, 0, h);
  put(&p, "本年度予算額", 218.98, 139.16, w, inner, h);
  put(&p, "前年度予算額", 326.69, 139.16, w, inner, h);
  put(&p, "比", 434.41, 139.16, w, 0, h);
  put(&p, "較", 508.04, 139.16, w, 0, h);
  layout(&p, 595, 842);
  cr_assert_eq(p.lines->len, 1);
  cr_assert_str_eq(text(&p, 0), "款\t本年度予算額\t前年度予算額\t比較");
  cr_assert_eq(line(&p, 0)->cells->len, 4);
  page_clear(&p);
}

/* Two prose columns side by side whose lines share baselines (two programmes on one slide):
 * each column's lines come out on their own, the left column's before the right one's, and
 * the title above and the note below, which cross the gutter, stay where they are. */
Test(extract_layout, prose_columns_sharing_baselines_are_read_one_after_the_other) {
  Page p;
  page_init(&p);
  put(&p, "二つの事業を一枚に並べたページの見出しをここに置く", 40, 30, 10, 0, 10);
  const char *left[] = {"○戦略的国際共同研究プログラム甲", "2.9億円 (3.3億円)",
                        "相手国との相互発展を図る国際共同研究を推進する",
                        "新興国や多国間との合意に基づく共同研究を行う"};
  const char *right[] = {"○地球規模課題対応国際科学技術協力乙", "3.2億円 (3.2億円)",
                         "開発途上国の研究者とともに地球規模課題に取り組む",
                         "感染症分野等の課題の解決につながる研究を実施する"};
  for (guint i = 0; i < 4; i++) {
    put(&p, left[i], 40, 60 + 14.0 * i, 10, 0, 10);
    put(&p, right[i], 310, 60 + 14.0 * i, 10, 0, 10);
  }
  put(&p, "※計数はそれぞれ四捨五入しているため端数において合計とは合致しないものがある", 40, 130, 7,
      0, 10);
  layout(&p, 595, 842);
  cr_assert_eq(p.lines->len, 10);
  cr_assert_str_eq(text(&p, 0), "二つの事業を一枚に並べたページの見出しをここに置く");
  for (guint i = 0; i < 4; i++) {
    cr_assert_str_eq(text(&p, 1 + i), left[i]);
    cr_assert_str_eq(text(&p, 5 + i), right[i]);
    cr_assert_eq(line(&p, 1 + i)->cells->len, 1);
    cr_assert_eq(line(&p, 5 + i)->cells->len, 1);
  }
  cr_assert(g_str_has_prefix(text(&p, 9), "※計数は"));
  for (guint i = 0; i < 10; i++)
    cr_assert_eq(line(&p, i)->line, (int)i + 1);
  page_clear(&p);
}

/* A table with the same gutter between its columns: short cells of figures aligned row by row
 * stay one line per row, each cell apart. */
Test(extract_layout, table_with_the_same_gutter_is_not_split) {
  Page p;
  page_init(&p);
  put(&p, "二つの事業を一枚に並べたページの見出しをここに置く", 40, 30, 10, 0, 10);
  const char *label[] = {"区分", "事業A", "事業B(新規)", "事業C(終了)", "合計"};
  const char *now[] = {"本年度予算額", "1,200", "500", "", "1,700"};
  const char *before[] = {"前年度予算額", "1,000", "-", "300", "1,300"};
  const char *diff[] = {"比較", "200", "500", "-300", "400"};
  for (guint i = 0; i < 5; i++) {
    double y = 60 + 14.0 * i, w = i == 0 ? 10 : 6;
    put(&p, label[i], 40, y, 10, 0, 10);
    /* right-aligned figures: the left one ends where the prose column ended above */
    put(&p, now[i], 260 - w * g_utf8_strlen(now[i], -1), y, w, 0, 10);
    put(&p, before[i], 310, y, w, 0, 10);
    put(&p, diff[i], 520 - w * g_utf8_strlen(diff[i], -1), y, w, 0, 10);
  }
  layout(&p, 595, 842);
  cr_assert_eq(p.lines->len, 6);
  cr_assert_str_eq(text(&p, 1), "区分\t本年度予算額\t前年度予算額\t比較");
  cr_assert_str_eq(text(&p, 2), "事業A\t1,200\t1,000\t200");
  cr_assert_str_eq(text(&p, 3), "事業B(新規)\t500\t-\t500");
  cr_assert_str_eq(text(&p, 4), "事業C(終了)\t300\t-300");
  cr_assert_str_eq(text(&p, 5), "合計\t1,700\t1,300\t400");
  cr_assert_eq(line(&p, 2)->cells->len, 4);
  page_clear(&p);
}

/* Two columns of prose with, here and there, a glyph whose left edge is NaN (what a broken
 * text matrix can give): the column search once cast such an edge to a bin index and wrote
 * out of bounds. Every glyph with a position must still come out. */
Test(extract_layout, glyphs_without_a_position_beside_columns) {
  g_autoptr(GRand) rand = g_rand_new_with_seed(1);
  for (int round = 0; round < 50; round++) {
    Page p;
    page_init(&p);
    guint placed = 0;
    int n_lines = g_rand_int_range(rand, 2, 10);
    for (int l = 0; l < n_lines; l++) {
      for (int side = 0; side < 2; side++) {
        double x = side ? 400 : 40, y = 50 + 14.0 * l;
        int n = g_rand_int_range(rand, 8, 28);
        for (int k = 0; k < n; k++, x += 10) {
          YsGlyph g = {0x3042, x, y, x + 10, y + 10, 10, 0}; /* あ */
          if (g_rand_int_range(rand, 0, 60) == 0)
            g.x0 = NAN;
          else
            placed++;
          g_array_append_val(p.glyphs, g);
        }
      }
    }
    layout(&p, 842, 1190);
    guint seen = 0;
    for (guint i = 0; i < p.lines->len; i++)
      for (const char *c = text(&p, i); *c; c = g_utf8_next_char(c))
        seen += g_utf8_get_char(c) == 0x3042;
    cr_assert_geq(seen, placed, "round %d: %u of %u glyphs", round, seen, placed);
    page_clear(&p);
  }
}

/* Impress and Chromium print two pages on a landscape sheet 23 pt apart, their tables at
 * different heights: a gap that narrow is a gutter where it is centred on the sheet's middle
 * (the left page's row and the right page's row at one height stay apart), not elsewhere. */
Test(extract_layout, facing_pages_with_a_narrow_gutter_at_the_middle) {
  for (int centred = 1; centred >= 0; centred--) {
    Page p;
    page_init(&p);
    put(&p, "歳出", 40, 50, 10, 0, 10);
    put(&p, "議会費", 40, 80, 10, 0, 10);
    put(&p, "412,300", 541, 80, 6, 0, 10); /* ends at 583 */
    put(&p, "(単位:千円)", 607, 40, 10, 0, 10);
    put(&p, "総務費", 607, 80, 10, 0, 10);
    put(&p, "510,400", 900, 80, 6, 0, 10);
    layout(&p, centred ? 1190.55 : 1250, 842);
    if (centred) {
      cr_assert_eq(p.lines->len, 4);
      cr_assert_str_eq(text(&p, 1), "議会費\t412,300");
      cr_assert_str_eq(text(&p, 3), "総務費\t510,400");
    } else {
      cr_assert_eq(p.lines->len, 3);
      cr_assert_str_eq(text(&p, 2), "議会費\t412,300\t総務費\t510,400");
    }
    page_clear(&p);
  }
}
