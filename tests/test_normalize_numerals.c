/* Tests for normalize: kanji numerals (ys_norm_kanji_number) and 和暦 years
 * (ys_norm_wareki_year, ys_norm_parse_wareki). */
#include <criterion/criterion.h>
#include <string.h>

#include "normalize/normalize.h"

typedef struct {
  const char *text;
  gint64 value;
} KanjiOk;

static const KanjiOk kanji_ok[] = {
    {"一億二千万", 120000000},
    {"百億", G_GINT64_CONSTANT(10000000000)},
    {"三千五百", 3500},
    {"十", 10},
    {"二十", 20},
    {"十二", 12},
    {"百十", 110},
    {"千二百三十四", 1234},
    {"〇", 0},
    {"零", 0},
    {"二〇二六", 2026},
    {"一〇", 10},
    {"3兆2,000億", G_GINT64_CONSTANT(3200000000000)},
    {"1億2千万", 120000000},
    {"12,345万", 123450000},
    {"1.5億", 150000000},
    {"12.6億", 1260000000},
    {"二十一万", 210000},
    {"一兆", G_GINT64_CONSTANT(1000000000000)},
    {"九百京", G_GINT64_CONSTANT(9000000000000000000)},
    {"壱万弐千参百", 12300},
    {"拾", 10},
    {"壱萬", 10000},
    {"１，２３８", 1238},
    {"1,238", 1238},
    {"7", 7},
    {"九百二十二京三千三百七十二兆三百六十八億五千四百七十七万五千八百七", G_MAXINT64},
};

static const char *const kanji_invalid[] = {
    "",     "億",    "万",  "万億",  "一億億", "一万一億", "十百",
    "千千", "百円",  "abc", "1,23",  "1,2345", "12,34",    "1.5",
    "1.",   "2〇26", "三.", "一 億", ",123",   "1,,000",   "0,123",
};

static const char *const kanji_overflow[] = {
    "一千京",
    "九百二十二京三千三百七十二兆三百六十八億五千四百七十七万五千八百八",
    "99999999999999999999",
    "10000000京",
};

Test(normalize_numerals, kanji_values) {
  for (gsize i = 0; i < G_N_ELEMENTS(kanji_ok); i++) {
    gint64 v = -1;
    GError *error = NULL;
    gboolean ok = ys_norm_kanji_number(kanji_ok[i].text, -1, &v, &error);
    cr_expect(ok, "%s: %s", kanji_ok[i].text, error ? error->message : "");
    cr_expect_eq(v, kanji_ok[i].value, "%s → %" G_GINT64_FORMAT ", want %" G_GINT64_FORMAT,
                 kanji_ok[i].text, v, kanji_ok[i].value);
    g_clear_error(&error);
  }
}

Test(normalize_numerals, kanji_invalid) {
  for (gsize i = 0; i < G_N_ELEMENTS(kanji_invalid); i++) {
    gint64 v = 42;
    GError *error = NULL;
    cr_expect(!ys_norm_kanji_number(kanji_invalid[i], -1, &v, &error),
              "“%s” accepted as %" G_GINT64_FORMAT, kanji_invalid[i], v);
    cr_expect(g_error_matches(error, YS_NORM_ERROR, YS_NORM_ERROR_INVALID), "“%s”: wrong error",
              kanji_invalid[i]);
    cr_expect_eq(v, 42, "value written on failure");
    g_clear_error(&error);
  }
}

Test(normalize_numerals, kanji_overflow) {
  for (gsize i = 0; i < G_N_ELEMENTS(kanji_overflow); i++) {
    gint64 v;
    GError *error = NULL;
    cr_expect(!ys_norm_kanji_number(kanji_overflow[i], -1, &v, &error), "“%s” accepted",
              kanji_overflow[i]);
    cr_expect(g_error_matches(error, YS_NORM_ERROR, YS_NORM_ERROR_OVERFLOW), "“%s”: %s",
              kanji_overflow[i], error ? error->message : "no error");
    g_clear_error(&error);
  }
}

Test(normalize_numerals, kanji_length_bounds_the_text) {
  gint64 v;
  cr_assert(ys_norm_kanji_number("百億円", strlen("百億"), &v, NULL));
  cr_assert_eq(v, G_GINT64_CONSTANT(10000000000));
  cr_assert(!ys_norm_kanji_number("百億円", -1, &v, NULL), "NULL error must be allowed");
}

Test(normalize_numerals, wareki_year) {
  struct {
    const char *era;
    int year;
    int want;
  } ok[] = {
      {"令和", 1, 2019}, {"令和", 8, 2026}, {"R", 8, 2026},     {"平成", 30, 2018},
      {"H", 30, 2018},   {"平成", 1, 1989}, {"平成", 31, 2019}, {"昭和", 64, 1989},
      {"昭和", 1, 1926}, {"S", 64, 1989},   {"大正", 15, 1926}, {"明治", 45, 1912},
      {"㋿", 8, 2026},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(ok); i++) {
    int g = 0;
    GError *error = NULL;
    cr_expect(ys_norm_wareki_year(ok[i].era, ok[i].year, &g, &error), "%s %d", ok[i].era,
              ok[i].year);
    cr_expect_eq(g, ok[i].want, "%s %d → %d", ok[i].era, ok[i].year, g);
    g_clear_error(&error);
  }
  struct {
    const char *era;
    int year;
  } bad[] = {
      {"令和", 0},  {"令和", -1}, {"平成", 32}, {"平成", 0}, {"昭和", 65},     {"大正", 16},
      {"明治", 46}, {"西暦", 1},  {"", 1},      {"X", 1},    {"令和", 100000},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    int g = -7;
    GError *error = NULL;
    cr_expect(!ys_norm_wareki_year(bad[i].era, bad[i].year, &g, &error), "%s %d accepted",
              bad[i].era, bad[i].year);
    cr_expect(g_error_matches(error, YS_NORM_ERROR, YS_NORM_ERROR_INVALID));
    cr_expect_eq(g, -7);
    g_clear_error(&error);
  }
}

Test(normalize_numerals, parse_wareki) {
  struct {
    const char *text;
    int want;
    const char *rest;
  } ok[] = {
      {"令和元年度", 2019, ""},
      {"令和元年", 2019, ""},
      {"平成30年度予算", 2018, "予算"},
      {"令和8年", 2026, ""},
      {"令和 8 年度", 2026, ""},
      {"令和　８年度", 2026, ""},
      {"令和8年度～11年度", 2026, "～11年度"},
      {"昭和64", 1989, ""},
      {"昭和64年1月7日", 1989, "1月7日"},
      {"平成31年度", 2019, ""},
      {"R8年度", 2026, ""},
      {"H30年度", 2018, ""},
      {"R8", 2026, ""},
      {"R8.4.1", 2026, ".4.1"},
      {"Ｒ８年度", 2026, ""},
      {"令和八年度", 2026, ""},
      {"平成三十年", 2018, ""},
      {"㍻30年度", 2018, ""},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(ok); i++) {
    int g = 0;
    gsize used = 0;
    cr_expect(ys_norm_parse_wareki(ok[i].text, &g, &used), "“%s” rejected", ok[i].text);
    cr_expect_eq(g, ok[i].want, "“%s” → %d", ok[i].text, g);
    cr_expect_str_eq(ok[i].text + used, ok[i].rest, "“%s”: consumed %zu", ok[i].text, used);
  }
  const char *bad[] = {
      "令和0年度", "平成32年度", "昭和65年", "令和年度", "西暦2026年", "2026年",      "",
      "R2-D2",     "Rate",       "R 8年度",  "令和",     "H",          "に令和8年度", "令和12345年",
  };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    int g = -7;
    gsize used = 99;
    cr_expect(!ys_norm_parse_wareki(bad[i], &g, &used), "“%s” accepted as %d", bad[i], g);
    cr_expect_eq(g, -7);
    cr_expect_eq(used, 99);
  }
}

Test(wareki, gregorian_back_to_wareki) {
  static const struct {
    int year;
    const char *want;
  } cases[] = {{2026, "令和8年度"},  {2019, "令和元年度"}, {2018, "平成30年度"},
               {1989, "平成元年度"}, {1988, "昭和63年度"}, {1926, "昭和元年度"},
               {1868, "明治元年度"}, {1867, NULL}};
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *got = ys_norm_year_to_wareki(cases[i].year);
    if (cases[i].want == NULL)
      cr_expect_null(got, "%d gave %s", cases[i].year, got);
    else
      cr_expect_str_eq(got ? got : "(null)", cases[i].want, "%d", cases[i].year);
  }
}
