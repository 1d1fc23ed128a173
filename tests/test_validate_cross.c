/* tests — ys_check_cross_year: one figure a document prints for an earlier year against the
 * earlier document's own, each read in its own document's rounding. */
#include "test_validate_helpers.h"

/* The finding for STATED (printed in a document of ROUND_NEW) against EARLIER (ROUND_OLD). */
static YsFinding *cross(const char *stated, YsRounding round_new, const char *earlier,
                        YsRounding round_old) {
  YsRecordSet *later = tv_set_new(round_new), *before = tv_set_new(round_old);
  before->fiscal_year = 2025;
  const YsRecord *s = tv_oku(later, 0, 2, 3, "BINDS", 2025, YS_KIND_INITIAL, stated);
  const YsRecord *e = tv_oku(before, 0, 7, 1, "BINDS", 2025, YS_KIND_INITIAL, earlier);
  YsFinding *f = ys_check_cross_year(later, s, before, e, "r7.pdf, document 1, p.7");
  tv_set_free(later);
  tv_set_free(before);
  return f;
}

Test(cross_year, equal_figures_are_exact) {
  YsFinding *f = cross("36", YS_ROUND_HALF, "36", YS_ROUND_HALF);
  cr_assert_eq(f->check, YS_CHECK_CROSS_YEAR);
  cr_assert_str_eq(ys_check_kind_name(f->check), "cross-year");
  cr_assert_eq(f->status, YS_STATUS_EXACT);
  cr_assert_eq(f->stated_yen, 36 * TV_OKU);
  cr_assert_eq(f->computed_yen, 36 * TV_OKU);
  cr_assert_eq(f->fiscal_year, 2025);
  cr_assert(strstr(f->detail, "r7.pdf, document 1, p.7") != NULL, "%s", f->detail);
  ys_finding_free(f);
}

Test(cross_year, coarser_print_within_rounding) {
  /* 13 (四捨五入: 12.5 … 13.5) meets 12.6 (12.55 … 12.65) */
  YsFinding *f = cross("13", YS_ROUND_HALF, "12.6", YS_ROUND_HALF);
  cr_assert_eq(f->status, YS_STATUS_ROUNDING);
  cr_assert_eq(f->difference_yen, 4 * TV_OKU / 10);
  ys_finding_free(f);
}

Test(cross_year, each_side_in_its_own_rounding) {
  /* 13 切り捨て is [13, 14): 12.6 四捨五入 [12.55, 12.65) does not meet it, 13.4 四捨五入
   * [13.35, 13.45) does */
  YsFinding *f = cross("13", YS_ROUND_DOWN, "12.6", YS_ROUND_HALF);
  cr_assert_eq(f->status, YS_STATUS_MISMATCH);
  ys_finding_free(f);
  f = cross("13", YS_ROUND_DOWN, "13.4", YS_ROUND_HALF);
  cr_assert_eq(f->status, YS_STATUS_ROUNDING);
  ys_finding_free(f);
  /* the same pair the other way round: 13 四捨五入 [12.5, 13.5) meets 12.6 */
  f = cross("13", YS_ROUND_HALF, "12.6", YS_ROUND_DOWN);
  cr_assert_eq(f->status, YS_STATUS_ROUNDING);
  ys_finding_free(f);
}

Test(cross_year, different_figures_mismatch) {
  YsFinding *f = cross("38", YS_ROUND_HALF, "37", YS_ROUND_HALF);
  cr_assert_eq(f->status, YS_STATUS_MISMATCH);
  cr_assert_eq(f->difference_yen, TV_OKU);
  cr_assert(strstr(f->detail, "≠") != NULL, "%s", f->detail);
  ys_finding_free(f);
}

Test(cross_year, earlier_without_note_says_so) {
  YsFinding *f = cross("36", YS_ROUND_HALF, "36", YS_ROUND_UNKNOWN);
  cr_assert_eq(f->status, YS_STATUS_EXACT);
  cr_assert(strstr(f->detail, "earlier document: no rounding note") != NULL, "%s", f->detail);
  ys_finding_free(f);
}
