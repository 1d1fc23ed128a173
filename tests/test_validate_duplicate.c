/* tests — the checks of one figure printed twice: the same item printed again (duplicate), two
 * totals that print one figure (balance: 歳出合計 = 歳入合計), and the files of one book printing
 * the same path (cross-document). */
#include "test_validate_helpers.h"

Test(validate_duplicate, agree_within_precision) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  YsRecord *b, *c;
  GPtrArray *f;
  const YsFinding *s;
  tv_oku(set, 0, 3, 95, "ASPIRE", 2025, YS_KIND_SUPPLEMENTARY, "59");
  b = tv_oku(set, 0, 20, 1248, "ASPIRE", 2025, YS_KIND_SUPPLEMENTARY, "59.4");
  c = tv_oku(set, 0, 21, 3, "ASPIRE", 2025, YS_KIND_SUPPLEMENTARY, "59");
  f = ys_check_run(set);
  cr_assert_eq(f->len, 2);
  s = tv_only(f, YS_CHECK_DUPLICATE, b->id);
  cr_assert_eq(s->status, YS_STATUS_ROUNDING);
  cr_assert_eq(s->stated_yen, 5940000000);
  cr_assert_eq(s->computed_yen, 5900000000);
  cr_assert_eq(s->tolerance_yen, 55000000);
  cr_assert_str_eq(s->detail, "59.4億円 ≈ 59億円 (p.3) (差 0.4億円, 許容 ±0.55億円)");
  cr_assert_eq(tv_only(f, YS_CHECK_DUPLICATE, c->id)->status, YS_STATUS_EXACT);
  g_ptr_array_unref(f);
  tv_set_free(set);
}

Test(validate_duplicate, disagree) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  YsRecord *b;
  GPtrArray *f;
  tv_oku(set, 0, 2, 31, "バイオバンク", 2025, YS_KIND_SUPPLEMENTARY, "43");
  b = tv_oku(set, 0, 9, 330, "バイオバンク", 2025, YS_KIND_SUPPLEMENTARY, "45");
  tv_oku(set, 0, 9, 331, "バイオバンク", 2025, YS_KIND_INITIAL, "45");      /* another kind */
  tv_oku(set, 0, 9, 332, "バイオバンク", 2024, YS_KIND_SUPPLEMENTARY, "1"); /* another year */
  tv_oku(set, 0, 9, 333, "バイオバンク", 2025, YS_KIND_SUPPLEMENTARY, "9")->qualifier =
      YS_QUAL_PORTION;
  f = ys_check_run(set);
  cr_assert_eq(f->len, 1);
  cr_assert_eq(tv_only(f, YS_CHECK_DUPLICATE, b->id)->status, YS_STATUS_MISMATCH);
  g_ptr_array_unref(f);
  tv_set_free(set);
}

Test(validate_balance, the_total_marked_equal_to_another) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  YsRecord *revenue = tv_oku(set, 0, 6, 40, "歳入合計", 2026, YS_KIND_INITIAL, "1108");
  YsRecord *spent = tv_oku(set, 0, 9, 40, "歳出合計", 2026, YS_KIND_INITIAL, "1108");
  YsRecord *off = tv_oku(set, 0, 18, 30, "歳出合計", 2026, YS_KIND_INITIAL, "1109");
  spent->equals_id = revenue->id;
  off->equals_id = revenue->id;
  GPtrArray *f = ys_check_run(set);
  cr_assert_eq(tv_only(f, YS_CHECK_BALANCE, spent->id)->status, YS_STATUS_EXACT);
  const YsFinding *bad = tv_only(f, YS_CHECK_BALANCE, off->id);
  cr_assert_eq(bad->status, YS_STATUS_MISMATCH);
  cr_assert_eq(bad->difference_yen, 100000000);
  cr_assert(strstr(bad->detail, "(歳入合計 p.6)") != NULL, "%s", bad->detail);
  cr_assert_eq(tv_count(f, YS_CHECK_BALANCE, YS_STATUS_EXACT), 1);
  g_ptr_array_unref(f);
  tv_set_free(set);
}

/* A 款 figure in two files of one book: compared on the later file, once per path, an equal
 * printing first; 前年度 figures, other levels and figures of another path are left alone. */
Test(validate_across, one_finding_per_path_on_the_later_file) {
  YsRecordSet *a = tv_set_new(YS_ROUND_HALF), *b = tv_set_new(YS_ROUND_HALF);
  a->fiscal_year = b->fiscal_year = 2026;
  YsRecord *x = tv_oku(a, 0, 4, 5, "市税", 2026, YS_KIND_INITIAL, "493");
  x->path = g_strdup("歳入 / 1 市税");
  x->level = YS_LEVEL_KAN;
  YsRecord *prior = tv_oku(a, 0, 4, 5, "市税", 2025, YS_KIND_INITIAL, "484");
  prior->path = g_strdup("歳入 / 1 市税");
  prior->level = YS_LEVEL_KAN;
  for (int page = 1; page <= 2; page++) { /* the 款 heading printed on two pages of its file */
    YsRecord *y = tv_oku(b, 0, page, 1, "市税", 2026, YS_KIND_INITIAL, page == 1 ? "494" : "493");
    y->path = g_strdup("歳入 / 1 市税");
    y->level = YS_LEVEL_KAN;
  }
  YsRecord *p25 = tv_oku(b, 0, 1, 9, "市税", 2025, YS_KIND_INITIAL, "483"); /* 前年度: not here */
  p25->path = g_strdup("歳入 / 1 市税");
  p25->level = YS_LEVEL_KAN;
  const YsRecordSet *sets[] = {a, b};
  const char *names[] = {"00_概要.pdf", "01款.pdf"};
  GPtrArray *fa = g_ptr_array_new_with_free_func((GDestroyNotify)ys_finding_free);
  GPtrArray *fb = g_ptr_array_new_with_free_func((GDestroyNotify)ys_finding_free);
  GPtrArray *found[] = {fa, fb};
  ys_check_across_documents(sets, names, 2, found);
  cr_assert_eq(fa->len, 0);
  cr_assert_eq(fb->len, 1);
  const YsFinding *f = g_ptr_array_index(fb, 0);
  cr_assert_eq(f->check, YS_CHECK_CROSS_DOC);
  cr_assert_eq(f->status, YS_STATUS_MISMATCH); /* the first printing of the path, 494 ≠ 493 */
  cr_assert_eq(f->stated_yen, 49400000000);
  cr_assert(strstr(f->detail, "(00_概要.pdf, p.4)") != NULL, "%s", f->detail);
  g_ptr_array_unref(fa);
  g_ptr_array_unref(fb);
  tv_set_free(a);
  tv_set_free(b);
}
