/* tests — loading rule files: errors name file, line, rule, PCRE2's message and offset; an
 * extra rule file adds a unit and a header wording without any C. */
#include <glib/gstdio.h>

#include "rules/rules_private.h"
#include "test_rules_support.h"

static char *write_tmp(const char *name, const char *text) {
  g_mkdir_with_parents(YS_TEST_TMP, 0755);
  char *path = g_build_filename(YS_TEST_TMP, name, NULL);
  cr_assert(g_file_set_contents(path, text, -1, NULL));
  return path;
}

Test(rules_load, default_set_loads) {
  YsRules *rules = test_rules_default();
  ys_rules_free(rules);
}

/* The era table is normalize/'s (norm_eras.c): every era in it is read as a year, by name and
 * by letter, with no `era` line in any rule file; an era-less year is in the current era. */
Test(rules_load, eras_come_from_the_normalize_table) {
  YsRules *rules = test_rules_default();
  gsize n;
  const YsEra *eras = ys_norm_eras(&n);
  cr_assert_geq(n, 5);
  for (gsize i = 0; i < n; i++) {
    g_autofree char *named = g_strdup_printf("%s2", eras[i].name);
    g_autofree char *lettered = g_strdup_printf("%c2", eras[i].abbr);
    cr_expect_eq(ys_rules_year(rules, named, strlen(named), 0, NULL), eras[i].first + 1, "%s",
                 named);
    cr_expect_eq(ys_rules_year(rules, lettered, strlen(lettered), 0, NULL), eras[i].first + 1,
                 "%s", lettered);
  }
  cr_expect_eq(ys_rules_year(rules, "大正10", strlen("大正10"), 0, NULL), 1921);
  cr_expect_eq(ys_rules_year(rules, "明治元", strlen("明治元"), 0, NULL), 1868);
  cr_expect_eq(ys_rules_year(rules, "8", 1, 0, NULL), 2026);
  ys_rules_free(rules);
}

Test(rules_load, bad_pattern_names_file_line_offset) {
  YsRules *rules = test_rules_default();
  g_autofree char *path = write_tmp("bad.rules", "# a broken rule\n"
                                                 "rule broken-year\n"
                                                 "  kind    label\n"
                                                 "  budget  initial\n"
                                                 "  pattern 令和(?<year>[0-9]+年度\n");
  GError *error = NULL;
  cr_assert_not(ys_rules_add_file(rules, path, &error));
  cr_assert(g_error_matches(error, YS_RULES_ERROR, YS_RULES_ERROR_PATTERN), "%s", error->message);
  g_autofree char *where = g_strdup_printf("%s:5: rule broken-year: PCRE2 ", path);
  cr_expect(g_str_has_prefix(error->message, where), "%s", error->message);
  cr_expect(strstr(error->message, "at offset 26"), "%s", error->message);
  g_clear_error(&error);
  ys_rules_free(rules);
}

Test(rules_load, bad_subpattern_and_syntax) {
  g_autofree char *dir = g_build_filename(YS_TEST_TMP, "badset", NULL);
  g_mkdir_with_parents(dir, 0755);
  g_autofree char *f = g_build_filename(dir, "a.rules", NULL);
  cr_assert(g_file_set_contents(f, "rule x\n  kind amount\n  pattern {nosuch}円\n", -1, NULL));
  YsRules *rules = NULL;
  GError *error = NULL;
  cr_assert_not(ys_rules_load(&rules, dir, &error));
  cr_expect(g_error_matches(error, YS_RULES_ERROR, YS_RULES_ERROR_SYNTAX));
  cr_expect(strstr(error->message, "a.rules:3: rule x: unknown sub-pattern {nosuch}"), "%s",
            error->message);
  g_clear_error(&error);
  cr_assert(g_file_set_contents(f, "rule x\n  kind nonsense\n  pattern x\n", -1, NULL));
  cr_assert_not(ys_rules_load(&rules, dir, &error));
  cr_expect(strstr(error->message, "a.rules:2: unknown rule kind"), "%s", error->message);
  g_clear_error(&error);
  cr_assert(g_file_set_contents(f, "unit 億円 lots JPY\n", -1, NULL));
  cr_assert_not(ys_rules_load(&rules, dir, &error));
  cr_expect(strstr(error->message, "a.rules:1: unit wants"), "%s", error->message);
  g_clear_error(&error);
  cr_assert_not(ys_rules_load(&rules, YS_TEST_TMP "/no-such-dir", &error));
  cr_expect(g_error_matches(error, YS_RULES_ERROR, YS_RULES_ERROR_IO));
  g_clear_error(&error);
  g_remove(f);
  cr_assert_not(ys_rules_load(&rules, dir, &error), "an empty directory is an error");
  cr_expect(g_error_matches(error, YS_RULES_ERROR, YS_RULES_ERROR_IO));
  g_clear_error(&error);
  cr_expect_null(rules);
}

Test(rules_load, extra_file_adds_unit_and_header_wording) {
  YsRules *rules = test_rules_default();
  const char *doc = "令和8年度予算案\n"
                    "\t8年度政府案\t7年度予算(当初)\n"
                    "AMED対象経費\t1,238億円\t1,232億円\n"
                    "研究費 5十億円\n";
  YsRecordSet *before = test_read(rules, doc);
  cr_expect_null(test_find(before, "AMED対象経費", G_GINT64_CONSTANT(123800000000), 2026));
  ys_record_set_free(before);
  gint64 amount, rounding;
  char *unit = NULL;
  cr_assert(ys_rules_parse_amount(rules, "5十億円", &amount, &rounding, &unit, NULL, NULL));
  cr_expect_str_eq(unit, "億円", "十 is read as a multiplier before the new unit exists");
  g_free(unit);

  g_autofree char *path =
      write_tmp("extra.rules", "unit 十億円 1000000000 JPY\n"
                               "\n"
                               "rule column-government-draft\n"
                               "  kind    column\n"
                               "  role    amount\n"
                               "  budget  initial\n"
                               "  pattern ^(?<year>{year})\\s*年度\\s*政府案$\n"
                               "  means   8年度政府案: the draft's year, initial\n");
  GError *error = NULL;
  cr_assert(ys_rules_add_file(rules, path, &error), "%s", error ? error->message : "");
  cr_assert(ys_rules_parse_amount(rules, "5十億円", &amount, &rounding, &unit, NULL, NULL));
  cr_expect_str_eq(unit, "十億円");
  cr_expect_eq(amount, G_GINT64_CONSTANT(5000000000));
  cr_expect_eq(rounding, G_GINT64_CONSTANT(1000000000));
  g_free(unit);
  YsRecordSet *after = test_read(rules, doc);
  const YsRecord *r = test_find(after, "AMED対象経費", G_GINT64_CONSTANT(123800000000), 2026);
  cr_assert(r, "the new header wording gives its column year and kind");
  cr_expect_eq(r->kind, YS_KIND_INITIAL);
  const YsRecord *x = test_find(after, "研究費", G_GINT64_CONSTANT(5000000000), 2026);
  cr_assert(x, "the amount rule's {unit} now includes 十億円");
  cr_expect_str_eq(x->unit, "十億円");
  ys_record_set_free(after);
  ys_rules_free(rules);
}

/* The precheck (rules_need.c): literal text every match must contain, or none when unsure. */
static void assert_need(const char *pattern, const char *want) {
  RuleNeed *need = ys_need_analyze(pattern, strlen(pattern));
  g_autofree char *got = ys_need_describe(need);
  cr_assert_str_eq(got ? got : "-", want, "%s", pattern);
  ys_need_free(need);
}

Test(rules_load, precheck_literals) {
  assert_need("(?<year>[0-9]{1,4})\\s*年度\\s*(?:当初)?", "年度");
  assert_need("[0-9]+\\s*(?:千円|円|ドル)", "ドル|円"); /* 千円 holds 円; longer first */
  assert_need("予算額?|本年度", "予算|本年度");
  assert_need("a|[0-9]", "a|0|1|2|3|4|5|6|7|8|9"); /* a class: its characters */
  assert_need("a|[^0-9]", "-");                    /* a branch without literal */
  assert_need("a|[\\p{Han}]", "-");
  assert_need("[0-9,]*[×*]\\s*", "×|*"); /* optional classes never count */
  assert_need("[-*\\]]x?", "-|*|]");
  assert_need("\\s", "\t|\n|\v|\f|\r| |\xc2\x85|\u00a0|\u1680|\u180e|\u2000|\u2001|\u2002|"
                     "\u2003|\u2004|\u2005|\u2006|\u2007|\u2008|\u2009|\u200a|\u2028|\u2029|"
                     "\u202f|\u205f|\u3000");
  assert_need("(?i)年度", "-");  /* flags: unsure */
  assert_need("(?=年度)x", "x"); /* lookarounds never count */
  assert_need("\\x41B", "-");    /* bare escape argument: unsure */
  assert_need("\\pLB", "-");
  assert_need("ab{0,2}c", "a");
}

Test(rules_load, precheck_line_bits) {
  RuleNeed *need = ys_need_analyze("年度", strlen("年度"));
  const char *line = "令和8年度予算 37億円";
  YsLineChars lc;
  ys_line_chars_set(&lc, line, strlen(line));
  cr_assert(ys_need_present(need, &lc, line, strlen(line)));
  cr_assert(!ys_need_present(need, &lc, line + 10, strlen(line) - 10));
  cr_assert(!ys_need_present(need, NULL, "予算", strlen("予算")));
  ys_need_free(need);
}

Test(rules_load, precheck_class_chars) {
  RuleNeed *need = ys_need_analyze("[×*]", strlen("[×*]"));
  const char *line = "単価 408,000×98.9%";
  YsLineChars lc;
  ys_line_chars_set(&lc, line, strlen(line));
  cr_assert(ys_need_present(need, &lc, line, strlen(line)));
  cr_assert(!ys_need_present(need, &lc, line, 4)); /* a part without it */
  cr_assert(ys_need_present(need, NULL, line, strlen(line)));
  const char *other = "令和8年度予算 37億円";
  ys_line_chars_set(&lc, other, strlen(other));
  cr_assert(!ys_need_present(need, &lc, other, strlen(other)));
  ys_need_free(need);
}

/* ---- prechecks (rules_need.c): necessary conditions tried before PCRE2 ---- */

static gboolean need_on(const char *pattern, const char *subject) {
  RuleNeed *need = ys_need_analyze(pattern, strlen(pattern));
  YsLineChars lc;
  ys_line_chars_set(&lc, subject, strlen(subject));
  gboolean with_line = ys_need_present(need, &lc, subject, strlen(subject));
  gboolean alone = ys_need_present(need, NULL, subject, strlen(subject));
  cr_assert_eq(with_line, alone, "/%s/ on [%s]: same answer with and without the line", pattern,
               subject);
  ys_need_free(need);
  return alone;
}

/* A branch ending with $: the subject's last character other than a space. */
Test(rules_load, precheck_tail) {
  cr_expect(need_on("[^、。]{2,60}?(?:事業|計画)\\s*$", "研究開発事業  "));
  cr_expect_not(need_on("[^、。]{2,60}?(?:事業|計画)\\s*$", "事業を推進する。"));
  cr_expect(need_on("^\\s*[0-9]{1,3}\\s*$", " 56 "));
  cr_expect_not(need_on("^\\s*[0-9]{1,3}\\s*$", "- 認知症等の克服につながる研究開発を推進。"));
  /* required spaces at the end: the very last character (or the one before a newline) */
  cr_expect(need_on("\\s+$", "研究費 "));
  cr_expect(need_on("[ (]+$", "研究費 (\n"));
  cr_expect_not(need_on("\\s+$", "研究 費"));
  cr_expect(need_on("(?:として|が)+$", "研究費として"));
  cr_expect_not(need_on("(?:として|が)+$", "研究費として計上"));
}

/* One branch: its lead, its tail and its strings must all hold. */
Test(rules_load, precheck_all_of) {
  cr_expect(need_on("^第\\s*[0-9]+\\s*条", "第3条 借入金"));
  cr_expect_not(need_on("^第\\s*[0-9]+\\s*条", "借入金 第3条")); /* no lead */
  cr_expect_not(need_on("^第\\s*[0-9]+\\s*項$", "第3条の項目")); /* no tail */
}

/* Every sequence's requirements hold together: 予, 算 and 額, not only the best of them. */
Test(rules_load, precheck_also) {
  const char *p = "本\\s*年\\s*度\\s*予\\s*算\\s*額|予\\s*算\\s*額\\s*\\(\\s*案\\s*\\)";
  cr_expect(need_on(p, "本年度予算額 37億円"));
  cr_expect(need_on(p, "予算額(案) 37億円"));
  cr_expect_not(need_on(p, "本日の予定"));
  cr_expect_not(need_on("[0-9][0-9,.]*\\s*[×*]\\s*[0-9]|[×*]\\s*[0-9]", "**経済財政運営**"));
}
/* A branch whose first required character may be a space: its very first character, not the
 * first other than a space (strip-bullets, strip-spaces). */
Test(rules_load, precheck_lead_exact) {
  cr_expect(need_on("^[-*・\\s]+", "・研究費"));
  cr_expect(need_on("^[-*・\\s]+", " 研究費"));           /* the space itself is the match */
  cr_expect_not(need_on("^[-*・\\s]+", "研究 費・施設")); /* spaces and bullets inside only */
  cr_expect(need_on("^x?\\s+", "x 研究費"));              /* optional atoms' characters count */
  cr_expect(need_on("^\\s+|\\s+$", " 研究費"));
  cr_expect(need_on("^\\s+|\\s+$", "研究費 "));
  cr_expect_not(need_on("^\\s+|\\s+$", "研究 費"));
}

/* A positive lookahead's requirement is a further check; the main strings stay the match's
 * own (describe still says x for `(?=年度)x`); other lookarounds never count. */
Test(rules_load, precheck_lookahead) {
  const char *p = "(?:対\\s*前\\s*年\\s*度|増\\s*減\\s*額?)\\s*:?\\s*(?=[-+]?\\s*[0-9])";
  cr_expect(need_on(p, "対前年度 -2億円"));
  cr_expect_not(need_on(p, "対前年度比較")); /* no digit anywhere */
  cr_expect(need_on("(?<=年度)x", "x"));     /* a lookbehind may look before the subject */
  cr_expect(need_on("(?!年度)x", "x"));
  cr_expect(need_on("(?<=(?=年度)年度)x", "x")); /* a lookahead inside one neither */
  cr_expect(need_on("(?=年度)?x", "x"));         /* optional */
  cr_expect_not(need_on("(?=年度)x", "x"));
}
