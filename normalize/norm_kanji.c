/* normalize — kanji numerals to integers: `一億二千万` → 120000000, `三千五百`, `二〇二六`
 * (positional), and arabic digits mixed with kanji multipliers (`3兆2,000億`, `1.5億`).
 *
 * Grammar: groups for 兆/億/万 (descending, each at most once) made of 千/百/十 terms (descending)
 * and a last plain number; a plain number is a run of kanji digits (positional, 〇 = 0) or of
 * arabic digits (commas in groups of 3, a decimal point only where a multiplier makes the value
 * whole). All arithmetic is checked int64.
 */
#include <string.h>

#include "normalize/normalize.h"

typedef struct {
  gint64 mant;  /* digits read, without the point */
  int scale;    /* digits after the point */
  gboolean set; /* a number has been read */
} Num;

static int kanji_digit(gunichar c) {
  switch (c) {
  case 0x3007:
  case 0x96F6:
    return 0; /* 〇 零 */
  case 0x4E00:
  case 0x58F1:
  case 0x58F9:
    return 1; /* 一 壱 壹 */
  case 0x4E8C:
  case 0x5F10:
  case 0x8CB3:
    return 2; /* 二 弐 貳 */
  case 0x4E09:
  case 0x53C2:
  case 0x53C3:
    return 3; /* 三 参 參 */
  case 0x56DB:
    return 4; /* 四 */
  case 0x4E94:
  case 0x4F0D:
    return 5; /* 五 伍 */
  case 0x516D:
    return 6; /* 六 */
  case 0x4E03:
    return 7; /* 七 */
  case 0x516B:
    return 8; /* 八 */
  case 0x4E5D:
    return 9; /* 九 */
  default:
    return -1;
  }
}

static int arabic_digit(gunichar c) {
  if (c >= '0' && c <= '9')
    return (int)(c - '0');
  if (c >= 0xFF10 && c <= 0xFF19)
    return (int)(c - 0xFF10);
  return -1;
}

static gint64 small_unit(gunichar c) {
  switch (c) {
  case 0x5341:
  case 0x62FE:
    return 10; /* 十 拾 */
  case 0x767E:
    return 100; /* 百 */
  case 0x5343:
    return 1000; /* 千 */
  default:
    return 0;
  }
}

static gint64 large_unit(gunichar c) {
  switch (c) {
  case 0x4E07:
  case 0x842C:
    return G_GINT64_CONSTANT(10000); /* 万 萬 */
  case 0x5104:
    return G_GINT64_CONSTANT(100000000); /* 億 */
  case 0x5146:
    return G_GINT64_CONSTANT(1000000000000); /* 兆 */
  case 0x4EAC:
    return G_GINT64_CONSTANT(10000000000000000); /* 京 */
  default:
    return 0;
  }
}

static gboolean fail(GError **error, YsNormError code, const char *text, gsize len,
                     const char *why) {
  g_set_error(error, YS_NORM_ERROR, code, "“%.*s” %s", (int)len, text, why);
  return FALSE;
}

/* N × UNIT, which must come out whole (1.5 × 億 yes, 1.5 × 十 no). */
static int scale_num(const Num *n, gint64 unit, gint64 *out) {
  gint64 v;
  if (__builtin_mul_overflow(n->mant, unit, &v))
    return YS_NORM_ERROR_OVERFLOW;
  for (int k = 0; k < n->scale; k++) {
    if (v % 10 != 0)
      return YS_NORM_ERROR_INVALID;
    v /= 10;
  }
  *out = v;
  return -1;
}

gboolean ys_norm_kanji_number(const char *text, gssize len, gint64 *value, GError **error) {
  g_return_val_if_fail(text != NULL && value != NULL, FALSE);
  gsize n = len < 0 ? strlen(text) : (gsize)len;
  if (n == 0 || !g_utf8_validate(text, (gssize)n, NULL))
    return fail(error, YS_NORM_ERROR_INVALID, text, n, "is not a numeral");

  gint64 total = 0, section = 0;
  gint64 last_large = G_MAXINT64, last_small = G_MAXINT64;
  gboolean any = FALSE, section_any = FALSE;
  Num num = {0, 0, FALSE};
  int kind = 0;   /* of the plain number being read: 1 kanji, 2 arabic */
  int group = -1; /* digits since the last comma; -1 before any comma */
  gboolean point = FALSE;
  const char *p = text, *end = text + n;

  while (p < end) {
    gunichar c = g_utf8_get_char(p);
    const char *next = g_utf8_next_char(p);
    int d;
    gint64 u;
    if ((d = kanji_digit(c)) >= 0 || (d = arabic_digit(c)) >= 0) {
      int k = kanji_digit(c) >= 0 ? 1 : 2;
      if (kind && kind != k)
        return fail(error, YS_NORM_ERROR_INVALID, text, n, "mixes kanji and arabic digits");
      kind = k;
      if (__builtin_mul_overflow(num.mant, (gint64)10, &num.mant) ||
          __builtin_add_overflow(num.mant, (gint64)d, &num.mant))
        return fail(error, YS_NORM_ERROR_OVERFLOW, text, n, "does not fit in 64 bits");
      if (point)
        num.scale++;
      if (group >= 0)
        group++;
      num.set = TRUE;
    } else if (c == ',' || c == 0xFF0C) {
      /* 1–3 digits before the first comma, exactly 3 between and after */
      if (kind != 2 || point || (group < 0 ? num.mant >= 1000 || !num.set : group != 3))
        return fail(error, YS_NORM_ERROR_INVALID, text, n, "has a misplaced comma");
      if (group < 0 && num.mant == 0 && num.set) { /* "0,123" */
        return fail(error, YS_NORM_ERROR_INVALID, text, n, "has a misplaced comma");
      }
      group = 0;
    } else if (c == '.' || c == 0xFF0E) {
      if (kind != 2 || point || !num.set || (group >= 0 && group != 3))
        return fail(error, YS_NORM_ERROR_INVALID, text, n, "has a misplaced decimal point");
      point = TRUE;
      group = -1;
    } else if ((u = small_unit(c)) != 0 || (u = large_unit(c)) != 0) {
      gboolean large = large_unit(c) != 0;
      if (group >= 0 && group != 3)
        return fail(error, YS_NORM_ERROR_INVALID, text, n, "has a misplaced comma");
      if (point && num.scale == 0)
        return fail(error, YS_NORM_ERROR_INVALID, text, n, "has a misplaced decimal point");
      gint64 v = 0;
      if (!large) {
        if (u >= last_small)
          return fail(error, YS_NORM_ERROR_INVALID, text, n, "has its multipliers out of order");
        Num one = {1, 0, TRUE};
        int rc = scale_num(num.set ? &num : &one, u, &v);
        if (rc >= 0)
          return fail(error, (YsNormError)rc, text, n,
                      rc == YS_NORM_ERROR_OVERFLOW ? "does not fit in 64 bits"
                                                   : "is not a whole number");
        if (__builtin_add_overflow(section, v, &section))
          return fail(error, YS_NORM_ERROR_OVERFLOW, text, n, "does not fit in 64 bits");
        last_small = u;
        section_any = TRUE;
      } else {
        if (u >= last_large)
          return fail(error, YS_NORM_ERROR_INVALID, text, n, "has its multipliers out of order");
        if (!num.set && !section_any)
          return fail(error, YS_NORM_ERROR_INVALID, text, n, "has a multiplier without a number");
        if (num.set) {
          int rc = scale_num(&num, u, &v);
          if (rc >= 0)
            return fail(error, (YsNormError)rc, text, n,
                        rc == YS_NORM_ERROR_OVERFLOW ? "does not fit in 64 bits"
                                                     : "is not a whole number");
        }
        gint64 s;
        if (__builtin_mul_overflow(section, u, &s) || __builtin_add_overflow(s, v, &s) ||
            __builtin_add_overflow(total, s, &total))
          return fail(error, YS_NORM_ERROR_OVERFLOW, text, n, "does not fit in 64 bits");
        section = 0;
        section_any = FALSE;
        last_large = u;
        last_small = G_MAXINT64;
      }
      num = (Num){0, 0, FALSE};
      kind = 0;
      group = -1;
      point = FALSE;
      any = TRUE;
    } else {
      return fail(error, YS_NORM_ERROR_INVALID, text, n, "is not a numeral");
    }
    p = next;
  }
  if (group >= 0 && group != 3)
    return fail(error, YS_NORM_ERROR_INVALID, text, n, "has a misplaced comma");
  if (point && num.scale == 0)
    return fail(error, YS_NORM_ERROR_INVALID, text, n, "has a misplaced decimal point");
  if (num.set) {
    gint64 v;
    int rc = scale_num(&num, 1, &v);
    if (rc >= 0)
      return fail(error, (YsNormError)rc, text, n, "is not a whole number");
    if (__builtin_add_overflow(section, v, &section))
      return fail(error, YS_NORM_ERROR_OVERFLOW, text, n, "does not fit in 64 bits");
    any = TRUE;
  }
  if (!any)
    return fail(error, YS_NORM_ERROR_INVALID, text, n, "is not a numeral");
  if (__builtin_add_overflow(total, section, &total))
    return fail(error, YS_NORM_ERROR_OVERFLOW, text, n, "does not fit in 64 bits");
  *value = total;
  return TRUE;
}
