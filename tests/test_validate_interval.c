/* tests — validate internals: the interval type (each mode's ends, both signs, open/closed
 * touching) and the integer-only amount formatter. */
#include <criterion/criterion.h>

#include "validate/format.h"
#include "validate/interval.h"

static void expect(YsInterval iv, ys_wide lo, ys_wide hi, gboolean lo_open, gboolean hi_open) {
  cr_assert(iv.lo == lo && iv.hi == hi, "ends %lld %lld, expected %lld %lld", (long long)iv.lo,
            (long long)iv.hi, (long long)lo, (long long)hi);
  cr_assert_eq(iv.lo_open, lo_open);
  cr_assert_eq(iv.hi_open, hi_open);
}

Test(validate_interval, printed_each_mode_and_sign) {
  /* half units: x = 5, u = 2 → 2x = 10 */
  expect(ys_interval_printed(5, 2, YS_ROUND_HALF), 8, 12, FALSE, TRUE);
  expect(ys_interval_printed(5, 2, YS_ROUND_UNKNOWN), 8, 12, FALSE, TRUE);
  expect(ys_interval_printed(5, 2, YS_ROUND_DOWN), 10, 14, FALSE, TRUE);
  expect(ys_interval_printed(5, 2, YS_ROUND_UP), 6, 10, TRUE, FALSE);
  /* negatives mirror: rounding acts on the magnitude */
  expect(ys_interval_printed(-5, 2, YS_ROUND_HALF), -12, -8, TRUE, FALSE);
  expect(ys_interval_printed(-5, 2, YS_ROUND_DOWN), -14, -10, TRUE, FALSE);
  expect(ys_interval_printed(-5, 2, YS_ROUND_UP), -10, -6, FALSE, TRUE);
  expect(ys_interval_printed(0, 2, YS_ROUND_HALF), -2, 2, TRUE, TRUE);
  expect(ys_interval_printed(0, 2, YS_ROUND_DOWN), -4, 4, TRUE, TRUE);
  expect(ys_interval_printed(0, 2, YS_ROUND_UP), 0, 0, FALSE, FALSE);
  /* an odd unit stays exact: 3 ± 1.5 → [3, 9) in half units */
  expect(ys_interval_printed(3, 3, YS_ROUND_HALF), 3, 9, FALSE, TRUE);
  expect(ys_interval_printed(7, 0, YS_ROUND_HALF), 14, 14, FALSE, FALSE);
}

Test(validate_interval, add_sub) {
  YsInterval a = ys_interval_printed(10, 1, YS_ROUND_HALF); /* [19, 21) */
  YsInterval b = ys_interval_printed(-4, 1, YS_ROUND_HALF); /* (-9, -7] */
  expect(ys_interval_add(a, b), 10, 14, TRUE, TRUE);
  expect(ys_interval_sub(a, a), -2, 2, TRUE, TRUE);
  expect(ys_interval_sub(a, ys_interval_point(4)), 15, 17, FALSE, TRUE);
  expect(ys_interval_sub(ys_interval_point(4), a), -17, -15, TRUE, FALSE);
}

Test(validate_interval, meets_open_and_closed_ends) {
  YsInterval closed_hi = {0, 10, FALSE, FALSE}, open_hi = {0, 10, FALSE, TRUE};
  YsInterval closed_lo = {10, 20, FALSE, FALSE}, open_lo = {10, 20, TRUE, FALSE};
  cr_assert(ys_interval_meets(closed_hi, closed_lo)); /* [0,10] and [10,20] share 10 */
  cr_assert(ys_interval_meets(closed_lo, closed_hi));
  cr_assert_not(ys_interval_meets(open_hi, closed_lo));
  cr_assert_not(ys_interval_meets(closed_hi, open_lo));
  cr_assert_not(ys_interval_meets(open_hi, open_lo));
  cr_assert(ys_interval_meets((YsInterval){0, 11, FALSE, TRUE}, open_lo));
  cr_assert_not(ys_interval_meets((YsInterval){0, 9, FALSE, FALSE}, closed_lo));
  /* equal ends: open if either is */
  cr_assert_not(ys_interval_meets(ys_interval_point(5), (YsInterval){5, 6, TRUE, FALSE}));
  cr_assert(ys_interval_meets(ys_interval_point(5), (YsInterval){4, 5, TRUE, FALSE}));
  cr_assert(ys_interval_meets(ys_interval_point(5), ys_interval_point(5)));
  cr_assert(ys_interval_contains(closed_hi, 10));
  cr_assert_not(ys_interval_contains(open_hi, 10));
  cr_assert(ys_interval_contains(open_hi, 0));
  cr_assert_not(ys_interval_contains(open_lo, 10));
}

Test(validate_interval, wide_sums_do_not_overflow) {
  YsInterval sum = ys_interval_point(0);
  for (int i = 0; i < 4; i++)
    sum = ys_interval_add(sum, ys_interval_printed(G_MAXINT64, 100000000, YS_ROUND_HALF));
  cr_assert(sum.hi > (ys_wide)G_MAXINT64 * 8);
}

static void expect_fmt(ys_wide num, ys_wide den, int decimals, gboolean plus, const char *want) {
  GString *s = g_string_new(NULL);
  ys_fmt_fixed(s, num, den, decimals, plus);
  cr_assert_str_eq(s->str, want);
  g_string_free(s, TRUE);
}

Test(validate_format, fixed) {
  gint64 oku = 100000000;
  expect_fmt(124000000000, oku, 0, FALSE, "1,240");
  expect_fmt(1260000000, oku, 1, FALSE, "12.6");
  expect_fmt(-40000000, oku, 1, FALSE, "-0.4");
  expect_fmt(35, 10, 1, TRUE, "+3.5");
  expect_fmt(-35, 10, 1, TRUE, "-3.5");
  expect_fmt(0, 10, 1, TRUE, "0.0");
  expect_fmt(999, 1, 0, FALSE, "999");
  expect_fmt(1000, 1, 0, FALSE, "1,000");
  expect_fmt(1234567, 1, 0, FALSE, "1,234,567");
  expect_fmt(G_MAXINT64, 1, 0, FALSE, "9,223,372,036,854,775,807");
  /* half away from zero */
  expect_fmt(25, 10, 0, FALSE, "3");
  expect_fmt(-25, 10, 0, FALSE, "-3");
  expect_fmt(24, 10, 0, FALSE, "2");
  expect_fmt(-4, 10, 0, FALSE, "0");
  /* 840.5 / 813.5 − 1 in percent, two decimals */
  expect_fmt((ys_wide)(1681 - 1627) * 100, 1627, 2, FALSE, "3.32");
}

Test(validate_format, decimals_and_amount) {
  GString *s = g_string_new(NULL);
  cr_assert_eq(ys_fmt_decimals(100000000, 100000000), 0);
  cr_assert_eq(ys_fmt_decimals(10000000, 100000000), 1);
  cr_assert_eq(ys_fmt_decimals(65000000, 100000000), 2);
  cr_assert_eq(ys_fmt_decimals(-65000000, 100000000), 2);
  cr_assert_eq(ys_fmt_decimals(0, 100000000), 0);
  cr_assert_eq(ys_fmt_decimals(1, 3), YS_FMT_MAX_DECIMALS);
  ys_fmt_amount(s, 1240 * (gint64)100000000, 100000000, 0, "億円");
  cr_assert_str_eq(s->str, "1,240億円");
  g_string_truncate(s, 0);
  ys_fmt_amount(s, 1260000000, 100000000, 1, "億円");
  cr_assert_str_eq(s->str, "12.6億円");
  g_string_truncate(s, 0);
  ys_fmt_amount(s, 15000000, 1000, 0, "千USドル");
  cr_assert_str_eq(s->str, "15,000千USドル");
  g_string_free(s, TRUE);
}
