/* rules — the amount grammar: one printed amount to exact integer yen and its precision.
 *
 *   amount  := sign? segment (big segment)* big? unit
 *   sign    := - + − ▲ △
 *   segment := arabic (`1,238`, `12.6`) with an optional 十/百/千 (`2千`), or a kanji numeral
 *              (`二千`, read by ys_norm_kanji_number)
 *   big     := 兆 億 万, strictly decreasing, each larger than the unit
 *   unit    := the longest name in the rule set's unit table that ends the text (億円, 千USドル …)
 *
 * Segments before a big multiplier count in the currency's base unit (3兆 = 3 × 10^12 円); the
 * last one counts in the unit (2,000億円 = 2000 × 10^8). The rounding unit is the value of the
 * last printed digit. Arithmetic is checked: beyond int64 is YS_RULES_ERROR_OVERFLOW.
 * Text is NFKC-folded and blanks are dropped first (normalize/'s ys_norm_figure), so `１２．６億円`
 * and `1, 2 3 8 億円` read too.
 */
#include <string.h>

#include "rules/rules_private.h"

static gboolean amount_error(GError **error, int code, const char *text, const char *why) {
  g_set_error(error, YS_RULES_ERROR, code, "\"%s\" is not an amount: %s", text, why);
  return FALSE;
}

const Unit *ys_rules_unit(const YsRules *rules, const char *name, gsize len) {
  for (guint i = 0; i < rules->units->len; i++) {
    const Unit *u = g_ptr_array_index(rules->units, i);
    if (u->name_len == len && memcmp(u->name, name, len) == 0)
      return u;
  }
  return NULL;
}

static gboolean mul(gint64 a, gint64 b, gint64 *out) {
  return !__builtin_mul_overflow(a, b, out);
}
static gboolean add(gint64 a, gint64 b, gint64 *out) {
  return !__builtin_add_overflow(a, b, out);
}

static gint64 pow10i(int n) {
  gint64 v = 1;
  while (n-- > 0)
    v *= 10;
  return v;
}

/* One segment: value = mantissa × mult / 10^decimals (exact integer arithmetic later). */
typedef struct {
  gint64 mantissa;
  gint64 mult; /* 十百千 after arabic digits, or 1 */
  int decimals;
  gint64 rounding; /* of the mantissa, before mult/decimals: 1, or a kanji numeral's place */
} Segment;

static gboolean is_kanji_digit(gunichar c) {
  return (c == 0x3007 || c == 0x4E00 || c == 0x4E8C || c == 0x4E09 || c == 0x56DB || c == 0x4E94 ||
          c == 0x516D || c == 0x4E03 || c == 0x516B || c == 0x4E5D || c == 0x5341 || c == 0x767E ||
          c == 0x5343);
}

static gint64 small_mult(gunichar c) {
  return c == 0x5341 ? 10 : c == 0x767E ? 100 : c == 0x5343 ? 1000 : 0; /* 十 百 千 */
}

static gboolean parse_segment(const char *s, gsize n, Segment *seg, const char *whole,
                              GError **error) {
  memset(seg, 0, sizeof *seg);
  seg->mult = 1;
  seg->rounding = 1;
  if (n == 0)
    return amount_error(error, YS_RULES_ERROR_AMOUNT, whole, "a multiplier without a number");
  gsize i = 0;
  gboolean arabic = g_ascii_isdigit(s[0]);
  if (arabic) {
    gboolean dot = FALSE, last_comma = FALSE;
    int digits = 0;
    for (; i < n; i++) {
      char c = s[i];
      if (g_ascii_isdigit(c)) {
        if (!mul(seg->mantissa, 10, &seg->mantissa) || !add(seg->mantissa, c - '0', &seg->mantissa))
          return amount_error(error, YS_RULES_ERROR_OVERFLOW, whole, "beyond int64 yen");
        if (dot)
          seg->decimals++;
        digits++;
        last_comma = FALSE;
      } else if (c == ',' && !dot && digits && !last_comma) {
        last_comma = TRUE;
      } else if (c == '.' && !dot && digits && !last_comma) {
        dot = TRUE;
        digits = 0;
      } else {
        break;
      }
    }
    if (last_comma || (dot && digits == 0))
      return amount_error(error, YS_RULES_ERROR_AMOUNT, whole, "a misplaced comma or point");
    if (i == n)
      return TRUE;
    gunichar c = g_utf8_get_char(s + i);
    gint64 m = small_mult(c);
    if (m && g_utf8_next_char(s + i) == s + n) {
      seg->mult = m;
      return TRUE;
    }
  }
  /* a kanji numeral (possibly mixed with arabic digits) */
  for (const char *p = s; p < s + n; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (!(g_unichar_isdigit(c) || c == ',' || is_kanji_digit(c) || small_mult(c)))
      return amount_error(error, YS_RULES_ERROR_AMOUNT, whole, "an unexpected character");
  }
  g_autoptr(GError) err = NULL;
  gint64 v;
  if (!ys_norm_kanji_number(s, (gssize)n, &v, &err)) {
    gboolean over = g_error_matches(err, YS_NORM_ERROR, YS_NORM_ERROR_OVERFLOW);
    return amount_error(error, over ? YS_RULES_ERROR_OVERFLOW : YS_RULES_ERROR_AMOUNT, whole,
                        over ? "beyond int64 yen" : "not a numeral");
  }
  seg->mantissa = v;
  seg->decimals = 0;
  seg->mult = 1;
  gint64 r = 1;
  while (v > 0 && r <= G_MAXINT64 / 10 && v % (r * 10) == 0)
    r *= 10;
  seg->rounding = r;
  return TRUE;
}

/* value × scale as exact integers; FALSE if below the smallest unit or beyond int64. */
static gboolean scale_segment(const Segment *seg, gint64 scale, gint64 *value, gint64 *rounding,
                              const char *whole, GError **error) {
  if (seg->decimals > 18) /* 10^19 is beyond int64: no unit is that fine */
    return amount_error(error, YS_RULES_ERROR_AMOUNT, whole, "too many decimals");
  gint64 num, den = pow10i(seg->decimals), r;
  if (!mul(seg->mantissa, seg->mult, &num) || !mul(num, scale, &num) ||
      !mul(seg->rounding, seg->mult, &r) || !mul(r, scale, &r))
    return amount_error(error, YS_RULES_ERROR_OVERFLOW, whole, "beyond int64 yen");
  if (num % den != 0 || r % den != 0)
    return amount_error(error, YS_RULES_ERROR_AMOUNT, whole,
                        "more decimals than the unit allows (finer than 1 of the currency)");
  *value = num / den;
  *rounding = r / den;
  return TRUE;
}

static gint64 big_mult(gunichar c) {
  return c == 0x5146   ? G_GINT64_CONSTANT(1000000000000) /* 兆 */
         : c == 0x5104 ? 100000000                        /* 億 */
         : c == 0x4E07 ? 10000                            /* 万 */
                       : 0;
}

static gboolean parse_body(const char *body, gsize n, gint64 unit_value, Amount *out,
                           const char *whole, GError **error) {
  gint64 total = 0, last_big = G_MAXINT64, rounding = 0;
  gsize start = 0;
  for (gsize i = 0; i <= n;) {
    gunichar c = i < n ? g_utf8_get_char(body + i) : 0;
    gint64 big = i < n ? big_mult(c) : 0;
    gsize next = i < n ? (gsize)(g_utf8_next_char(body + i) - body) : n + 1;
    if (big || i == n) {
      if (i == n && start == n && start > 0)
        break; /* ended on a big multiplier: `3兆` */
      Segment seg;
      if (!parse_segment(body + start, i - start, &seg, whole, error))
        return FALSE;
      gint64 scale = big ? big : unit_value;
      if (big && (big >= last_big || big <= unit_value))
        return amount_error(error, YS_RULES_ERROR_AMOUNT, whole,
                            "multipliers out of order (兆 before 億 before 万, above the unit)");
      if (big)
        last_big = big;
      gint64 v, seg_rounding;
      if (!scale_segment(&seg, scale, &v, &seg_rounding, whole, error))
        return FALSE;
      /* the finest digit printed anywhere sets the precision (32億800万 → 万) */
      if (rounding == 0 || (seg_rounding > 0 && seg_rounding < rounding))
        rounding = seg_rounding;
      if (!add(total, v, &total))
        return amount_error(error, YS_RULES_ERROR_OVERFLOW, whole, "beyond int64 yen");
      start = next;
    }
    i = next;
  }
  /* a printed amount is a whole number of its last digit; odd mixes (`1千0`) fall back */
  while (rounding > 1 && total % rounding != 0)
    rounding /= 10;
  out->amount = total;
  out->rounding_unit = rounding;
  return TRUE;
}

gboolean ys_amount_parse(const YsRules *rules, const char *text, gsize len, const Unit *bare_unit,
                         Amount *out, GError **error) {
  memset(out, 0, sizeof *out);
  /* the text as printed, for an error message only: the reader asks for none */
  g_autofree char *shown = error ? g_strndup(text, len) : NULL;
  char buf[128];
  g_autofree char *owned = NULL;
  const char *s = ys_norm_figure(text, len, buf, sizeof buf, &owned);
  if (!s || !*s)
    return amount_error(error, YS_RULES_ERROR_AMOUNT, shown, "empty");
  const char *p = s;
  gboolean negative = FALSE;
  if (*p == '-' || *p == '+') {
    negative = *p == '-';
    p++;
  }
  gsize n = strlen(p);
  /* The longest unit that ends the text and leaves a number before it. */
  const Unit *unit = NULL;
  gsize best = 0;
  for (guint i = 0; i < rules->units->len; i++) {
    const Unit *u = g_ptr_array_index(rules->units, i);
    gsize ul = u->name_len;
    if (ul < n && ul > best && memcmp(p + n - ul, u->name, ul) == 0) {
      /* 三千五百万円 is 三千五百 × 万円, not 三千五 × 百万円: after a kanji numeral a unit's
       * leading 十/百/千 belongs to the numeral */
      gunichar before = g_utf8_get_char(g_utf8_find_prev_char(p, p + n - ul));
      if ((is_kanji_digit(before) || small_mult(before)) && small_mult(g_utf8_get_char(u->name)))
        continue;
      unit = u;
      best = ul;
    }
  }
  if (!unit) {
    if (!bare_unit)
      return amount_error(error, YS_RULES_ERROR_AMOUNT, shown, "no unit from the unit table");
    unit = bare_unit;
    best = 0;
  }
  if (!parse_body(p, n - best, unit->value, out, shown, error))
    return FALSE;
  if (negative)
    out->amount = -out->amount;
  out->unit = unit;
  out->unit_yen = unit->value;
  return TRUE;
}

gboolean ys_rules_parse_amount(const YsRules *rules, const char *text, gint64 *amount,
                               gint64 *rounding_unit, char **unit, char **currency,
                               GError **error) {
  g_return_val_if_fail(rules && text, FALSE);
  Amount a;
  if (!ys_amount_parse(rules, text, strlen(text), NULL, &a, error))
    return FALSE;
  if (amount)
    *amount = a.amount;
  if (rounding_unit)
    *rounding_unit = a.rounding_unit;
  if (unit)
    *unit = g_strdup(a.unit->name);
  if (currency)
    *currency = g_strdup(a.unit->currency);
  return TRUE;
}

gboolean ys_rate_parse(const char *text, gsize len, gint64 *scaled, int *decimals) {
  char buf[128];
  g_autofree char *owned = NULL;
  const char *s = ys_norm_figure(text, len, buf, sizeof buf, &owned);
  if (!s)
    return FALSE;
  const char *p = s;
  gboolean negative = FALSE;
  if (*p == '-' || *p == '+')
    negative = *p++ == '-';
  gint64 v = 0;
  int dec = 0, digits = 0;
  gboolean dot = FALSE;
  for (; *p && *p != '%'; p++) {
    if (g_ascii_isdigit(*p)) {
      if (!mul(v, 10, &v) || !add(v, *p - '0', &v))
        return FALSE;
      digits++;
      if (dot)
        dec++;
    } else if (*p == '.' && !dot && digits) {
      dot = TRUE;
    } else {
      return FALSE;
    }
  }
  if (!digits || (dot && !dec) || (*p == '%' && p[1]))
    return FALSE;
  *scaled = negative ? -v : v;
  *decimals = dec;
  return TRUE;
}

int ys_rules_year(const YsRules *rules, const char *text, gsize len, int era_offset,
                  int *era_offset_out) {
  char buf[128];
  g_autofree char *owned = NULL;
  const char *s = ys_norm_figure(text, len, buf, sizeof buf, &owned);
  if (!s)
    return 0;
  const char *p = s;
  int offset = -1;
  gsize best = 0;
  for (guint i = 0; i < rules->eras->len; i++) {
    const Entry *e = g_ptr_array_index(rules->eras, i);
    gsize kl = e->key_len;
    if (kl > best && strncmp(p, e->key, kl) == 0) {
      best = kl;
      offset = e->number;
    }
  }
  p += best;
  int n = 0;
  if (g_str_has_prefix(p, "元")) {
    n = 1;
  } else {
    int digits = 0;
    for (; g_ascii_isdigit(*p) && digits < 5; p++, digits++)
      n = n * 10 + (*p - '0');
    if (!digits)
      return 0;
  }
  if (offset >= 0) {
    if (era_offset_out)
      *era_offset_out = offset;
    return offset + n;
  }
  if (n >= 1000)
    return n;
  /* an era-less year: the document's era, else the first era of the table (the current one) */
  if (era_offset <= 0 && rules->eras->len)
    era_offset = ((const Entry *)g_ptr_array_index(rules->eras, 0))->number;
  return era_offset > 0 ? era_offset + n : 0;
}
