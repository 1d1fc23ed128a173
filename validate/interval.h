/* validate — private: intervals of true values behind printed figures, in integers.
 *
 * A YsInterval holds the true values a printed figure may stand for, in half-yen units (yen × 2)
 * so that u/2 of any rounding unit u is exact, with an open/closed flag per end. The end points
 * are __int128 so that sums of many int64 figures cannot overflow.
 *
 * Sign convention (see ys_interval_printed): 四捨五入, 切り捨て and 切り上げ act on the magnitude,
 * as Japanese tables print ▲ figures: a negative printed value's interval is the mirror of the
 * positive one. For x > 0 with unit u:
 *   HALF [x − u/2, x + u/2)   DOWN [x, x + u)   UP (x − u, x]
 * for x < 0 the mirror images (x − u/2, x + u/2], (x − u, x], [x, x + u); for x = 0:
 *   HALF (−u/2, u/2)          DOWN (−u, u)      UP [0, 0]
 * UNKNOWN is read as HALF (the caller says so in its finding).
 */
#ifndef YS_VALIDATE_INTERVAL_H
#define YS_VALIDATE_INTERVAL_H

#include <glib.h>

#include "rules/record.h"

__extension__ typedef __int128 ys_wide;
__extension__ typedef unsigned __int128 ys_uwide;

typedef struct {
  ys_wide lo, hi; /* half-yen (or half of whatever unit the caller scales by) */
  gboolean lo_open, hi_open;
} YsInterval;

/* [v, v] in half units. */
YsInterval ys_interval_point(ys_wide v2);
/* The true values behind printed X (whole units) with rounding unit U, in half units.
 * U <= 0 means exact: the point [2x, 2x]. */
YsInterval ys_interval_printed(gint64 x, gint64 u, YsRounding mode);
YsInterval ys_interval_add(YsInterval a, YsInterval b);
/* Minkowski difference a − b: every t − s with t in a and s in b. */
YsInterval ys_interval_sub(YsInterval a, YsInterval b);
gboolean ys_interval_contains(YsInterval a, ys_wide v2);
/* TRUE when a and b share at least one value (open ends respected). */
gboolean ys_interval_meets(YsInterval a, YsInterval b);

#endif
