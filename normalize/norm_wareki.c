/* normalize — 和暦 years to Gregorian: 令和元年度 → 2019, 平成30年度 → 2018, R8 → 2026.
 * The era table (norm_eras.c) is the whole of the calendar knowledge; a year outside its era's span
 * (平成32, 昭和65) is rejected, not extrapolated. 令和 is open-ended (capped at 9999 AD).
 */
#include <string.h>

#include "normalize/normalize.h"

typedef YsEra Era;

static const Era *find_era(const char *name) {
  gsize n;
  const Era *eras = ys_norm_eras(&n);
  for (gsize i = 0; i < n; i++) {
    const Era *e = &eras[i];
    if (strcmp(name, e->name) == 0 || strcmp(name, e->square) == 0)
      return e;
    if (name[0] && !name[1] && g_ascii_toupper(name[0]) == e->abbr)
      return e;
  }
  return NULL;
}

static gboolean in_era(const Era *e, int year, int *gregorian) {
  if (year < 1)
    return FALSE;
  if (e->last_in_era ? year > e->last_in_era : year > 9999 - e->first + 1)
    return FALSE;
  *gregorian = e->first + year - 1;
  return TRUE;
}

char *ys_norm_year_to_wareki(int gregorian) {
  /* eras are listed newest first: the first that began by then holds the year */
  gsize n;
  const Era *eras = ys_norm_eras(&n);
  for (gsize i = 0; i < n; i++) {
    const Era *e = &eras[i];
    if (gregorian < e->first)
      continue;
    int year = gregorian - e->first + 1;
    if (e->last_in_era && year > e->last_in_era)
      return NULL;
    return year == 1 ? g_strdup_printf("%s元年度", e->name)
                     : g_strdup_printf("%s%d年度", e->name, year);
  }
  return NULL;
}

gboolean ys_norm_wareki_year(const char *era, int year_in_era, int *gregorian, GError **error) {
  g_return_val_if_fail(era != NULL && gregorian != NULL, FALSE);
  const Era *e = find_era(era);
  if (!e) {
    g_set_error(error, YS_NORM_ERROR, YS_NORM_ERROR_INVALID, "“%s” is not a known era", era);
    return FALSE;
  }
  if (!in_era(e, year_in_era, gregorian)) {
    g_set_error(error, YS_NORM_ERROR, YS_NORM_ERROR_INVALID, "%s %d is outside the era", e->name,
                year_in_era);
    return FALSE;
  }
  return TRUE;
}

static const char *skip_spaces(const char *p) {
  for (;;) {
    if (*p == ' ')
      p++;
    else if (strncmp(p, "\xE3\x80\x80", 3) == 0) /* U+3000 */
      p += 3;
    else
      return p;
  }
}

static gboolean starts(const char **p, const char *s) {
  gsize n = strlen(s);
  if (strncmp(*p, s, n) != 0)
    return FALSE;
  *p += n;
  return TRUE;
}

/* The era at P: its name, square form, or ASCII / full-width capital letter. */
static const Era *era_at(const char **p, gboolean *abbreviated) {
  gsize n;
  const Era *eras = ys_norm_eras(&n);
  for (gsize i = 0; i < n; i++) {
    if (starts(p, eras[i].name) || starts(p, eras[i].square)) {
      *abbreviated = FALSE;
      return &eras[i];
    }
  }
  gunichar c = g_utf8_get_char_validated(*p, -1);
  if (c >= 0xFF21 && c <= 0xFF3A)
    c = c - 0xFF21 + 'A';
  for (gsize i = 0; i < n; i++) {
    if (c == (gunichar)eras[i].abbr) {
      *p = g_utf8_next_char(*p);
      *abbreviated = TRUE;
      return &eras[i];
    }
  }
  return NULL;
}

/* Year number at P: 元, 1–4 arabic digits (ASCII or full-width), or kanji digits (八, 三十). */
static gboolean year_at(const char **p, int *year) {
  if (starts(p, "元")) {
    *year = 1;
    return TRUE;
  }
  int y = 0, digits = 0;
  const char *q = *p;
  for (;;) {
    gunichar c = g_utf8_get_char_validated(q, -1);
    int d = c >= '0' && c <= '9'         ? (int)(c - '0')
            : c >= 0xFF10 && c <= 0xFF19 ? (int)(c - 0xFF10)
                                         : -1;
    if (d < 0 || digits == 4)
      break;
    y = y * 10 + d;
    digits++;
    q = g_utf8_next_char(q);
  }
  if (digits == 0) {
    static const char kanji[] = "〇一二三四五六七八九十百";
    const char *r = q;
    while (*r) {
      gunichar c = g_utf8_get_char_validated(r, -1);
      if (c == (gunichar)-1 || c == (gunichar)-2 || c == 0)
        break;
      char ch[8] = {0};
      g_unichar_to_utf8(c, ch);
      if (!strstr(kanji, ch))
        break;
      r = g_utf8_next_char(r);
    }
    gint64 v;
    if (r == q || !ys_norm_kanji_number(q, r - q, &v, NULL) || v > 9999)
      return FALSE;
    y = (int)v;
    q = r;
  }
  if (digits == 4) { /* a fifth digit: a number, not a year */
    gunichar c = g_utf8_get_char_validated(q, -1);
    if ((c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19))
      return FALSE;
  }
  *p = q;
  *year = y;
  return TRUE;
}

gboolean ys_norm_parse_wareki(const char *text, int *gregorian, gsize *consumed) {
  g_return_val_if_fail(text != NULL && gregorian != NULL, FALSE);
  const char *p = text;
  gboolean abbreviated = FALSE;
  const Era *e = era_at(&p, &abbreviated);
  if (!e)
    return FALSE;
  if (!abbreviated)
    p = skip_spaces(p);
  int year;
  if (!year_at(&p, &year))
    return FALSE;
  const char *after_year = p;
  p = skip_spaces(p);
  if (starts(&p, "年")) {
    starts(&p, "度");
  } else if (abbreviated) {
    /* R8 must stand as a year, not as part of a model number (R2-D2) or a word (Rate) */
    char c = *after_year;
    if (!(c == '\0' || c == '.' || c == '/' || c == ' ' || c == '\t'))
      return FALSE;
    p = after_year;
  } else {
    p = after_year;
  }
  int g;
  if (!in_era(e, year, &g))
    return FALSE;
  *gregorian = g;
  if (consumed)
    *consumed = (gsize)(p - text);
  return TRUE;
}
