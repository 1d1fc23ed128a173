/* validate — private: integer-only formatting of amounts and percentages for finding details.
 *
 * A value is shown as NUM / DEN at a fixed number of decimals, rounded half away from zero, with
 * thousands separators in the integer part: (124000000000, 100000000, 0) → "1,240",
 * (1260000000, 100000000, 1) → "12.6". No floating point.
 */
#ifndef YS_VALIDATE_FORMAT_H
#define YS_VALIDATE_FORMAT_H

#include <glib.h>

#include "validate/interval.h"

#define YS_FMT_MAX_DECIMALS 12

/* 10^N (N >= 0) as a wide integer. */
ys_wide ys_fmt_pow10(int n);

/* The fewest decimals (≤ YS_FMT_MAX_DECIMALS) that show NUM / DEN exactly; the cap when none do.
 * (10000000, 100000000) → 1: a rounding unit of 0.1億円 needs one decimal. DEN > 0. */
int ys_fmt_decimals(ys_wide num, ys_wide den);

/* Appends NUM / DEN at DECIMALS decimals; "-" for negatives, "+" too when PLUS. DEN > 0. */
void ys_fmt_fixed(GString *out, ys_wide num, ys_wide den, int decimals, gboolean plus);

/* Appends YEN in the unit worth UNIT_YEN at DECIMALS, then UNIT (if not NULL): "1,240億円". */
void ys_fmt_amount(GString *out, ys_wide yen, gint64 unit_yen, int decimals, const char *unit);

#endif
