/* validate — integer-only formatting of amounts and percentages for finding details. */
#include "validate/format.h"

ys_wide ys_fmt_pow10(int n) {
  ys_wide p = 1;
  while (n-- > 0)
    p *= 10;
  return p;
}

int ys_fmt_decimals(ys_wide num, ys_wide den) {
  if (num < 0)
    num = -num;
  for (int d = 0; d < YS_FMT_MAX_DECIMALS; d++) {
    if ((num * ys_fmt_pow10(d)) % den == 0)
      return d;
  }
  return YS_FMT_MAX_DECIMALS;
}

static void append_grouped(GString *out, ys_uwide v) {
  char digits[48];
  int n = 0;

  do {
    digits[n++] = (char)('0' + (int)(v % 10));
    v /= 10;
  } while (v > 0);
  for (int i = n - 1; i >= 0; i--) {
    g_string_append_c(out, digits[i]);
    if (i > 0 && i % 3 == 0)
      g_string_append_c(out, ',');
  }
}

void ys_fmt_fixed(GString *out, ys_wide num, ys_wide den, int decimals, gboolean plus) {
  gboolean negative = num < 0;
  ys_uwide mag = negative ? (ys_uwide)(-num) : (ys_uwide)num;
  ys_uwide scale, q, r, whole, frac;

  if (decimals < 0)
    decimals = 0;
  if (decimals > YS_FMT_MAX_DECIMALS)
    decimals = YS_FMT_MAX_DECIMALS;
  scale = (ys_uwide)ys_fmt_pow10(decimals);
  q = mag * scale / (ys_uwide)den;
  r = mag * scale % (ys_uwide)den;
  if (2 * r >= (ys_uwide)den)
    q++; /* half away from zero */
  if (negative && q > 0)
    g_string_append_c(out, '-');
  else if (plus && q > 0)
    g_string_append_c(out, '+');
  whole = q / scale;
  frac = q % scale;
  append_grouped(out, whole);
  if (decimals > 0) {
    char buf[YS_FMT_MAX_DECIMALS + 1];
    for (int i = decimals - 1; i >= 0; i--) {
      buf[i] = (char)('0' + (int)(frac % 10));
      frac /= 10;
    }
    buf[decimals] = '\0';
    g_string_append_c(out, '.');
    g_string_append(out, buf);
  }
}

void ys_fmt_amount(GString *out, ys_wide yen, gint64 unit_yen, int decimals, const char *unit) {
  ys_fmt_fixed(out, yen, unit_yen > 0 ? unit_yen : 1, decimals, FALSE);
  if (unit != NULL)
    g_string_append(out, unit);
}
