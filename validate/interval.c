/* validate — interval arithmetic on printed figures (see interval.h for the conventions).
 * Integers only: every end point is a half-unit count in __int128. */
#include "validate/interval.h"

YsInterval ys_interval_point(ys_wide v2) {
  YsInterval r = {v2, v2, FALSE, FALSE};
  return r;
}

YsInterval ys_interval_printed(gint64 x, gint64 u, YsRounding mode) {
  ys_wide x2 = (ys_wide)x * 2;
  ys_wide w = (ys_wide)u; /* u/2 in half units */
  YsInterval r;

  if (u <= 0)
    return ys_interval_point(x2);
  switch (mode) {
  case YS_ROUND_DOWN:
    /* magnitude truncated: x > 0 [x, x + u); x < 0 (x − u, x]; 0 (−u, u) */
    if (x > 0)
      r = (YsInterval){x2, x2 + 2 * w, FALSE, TRUE};
    else if (x < 0)
      r = (YsInterval){x2 - 2 * w, x2, TRUE, FALSE};
    else
      r = (YsInterval){-2 * w, 2 * w, TRUE, TRUE};
    break;
  case YS_ROUND_UP:
    /* magnitude raised: x > 0 (x − u, x]; x < 0 [x, x + u); 0 only from 0 */
    if (x > 0)
      r = (YsInterval){x2 - 2 * w, x2, TRUE, FALSE};
    else if (x < 0)
      r = (YsInterval){x2, x2 + 2 * w, FALSE, TRUE};
    else
      r = ys_interval_point(0);
    break;
  case YS_ROUND_HALF:
  case YS_ROUND_UNKNOWN:
  default:
    /* half away from zero: x > 0 [x − u/2, x + u/2); x < 0 (x − u/2, x + u/2]; 0 open */
    if (x > 0)
      r = (YsInterval){x2 - w, x2 + w, FALSE, TRUE};
    else if (x < 0)
      r = (YsInterval){x2 - w, x2 + w, TRUE, FALSE};
    else
      r = (YsInterval){-w, w, TRUE, TRUE};
    break;
  }
  return r;
}

YsInterval ys_interval_add(YsInterval a, YsInterval b) {
  YsInterval r = {a.lo + b.lo, a.hi + b.hi, a.lo_open || b.lo_open, a.hi_open || b.hi_open};
  return r;
}

YsInterval ys_interval_sub(YsInterval a, YsInterval b) {
  YsInterval r = {a.lo - b.hi, a.hi - b.lo, a.lo_open || b.hi_open, a.hi_open || b.lo_open};
  return r;
}

gboolean ys_interval_contains(YsInterval a, ys_wide v2) {
  gboolean above = v2 > a.lo || (v2 == a.lo && !a.lo_open);
  gboolean below = v2 < a.hi || (v2 == a.hi && !a.hi_open);
  return above && below;
}

gboolean ys_interval_meets(YsInterval a, YsInterval b) {
  ys_wide lo, hi;
  gboolean lo_open, hi_open;

  if (a.lo > b.lo) {
    lo = a.lo;
    lo_open = a.lo_open;
  } else if (b.lo > a.lo) {
    lo = b.lo;
    lo_open = b.lo_open;
  } else {
    lo = a.lo;
    lo_open = a.lo_open || b.lo_open;
  }
  if (a.hi < b.hi) {
    hi = a.hi;
    hi_open = a.hi_open;
  } else if (b.hi < a.hi) {
    hi = b.hi;
    hi_open = b.hi_open;
  } else {
    hi = a.hi;
    hi_open = a.hi_open || b.hi_open;
  }
  return lo < hi || (lo == hi && !lo_open && !hi_open);
}
