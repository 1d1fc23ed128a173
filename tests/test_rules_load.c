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
    cr_expect_eq(ys_rules_year(rules, lettered, strlen(lettered), 0, NULL), eras[i].first + 1, "%s",
                 lettered);
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

/* The precheck (rules_precheck.c): literal strings one of which every match holds, or none
 * when unsure. */
static void assert_need(const char *pattern, const char *want) {
  RuleNeed *need = ys_need_analyze(pattern, strlen(pattern));
  g_autofree char *got = ys_need_describe(need);
  cr_assert_str_eq(got ? got : "-", want, "%s", pattern);
  ys_need_free(need);
}

Test(rules_load, precheck_literals) {
  assert_need("(?<year>[0-9]{1,4})\\s*年度\\s*(?:当初)?", "年度");
  assert_need("[0-9]+\\s*(?:千円|円|ドル)", "ドル|千円|円");
  assert_need("予算額?|本年度", "本年度|予算");
  assert_need("^(?<n>[0-9]+)\\s*款\\t(?:x)?$", "款"); /* a tab is a character, no literal */
  assert_need("a|[0-9]", "-");                        /* a branch without a literal */
  assert_need("a|[^0-9]", "-");
  assert_need("[0-9,]*[×*]\\s*", "-"); /* classes require no literal */
  assert_need("(?i)年度", "-");        /* option settings: unsure */
  assert_need("(?=年度)x", "x");       /* lookarounds never count */
  assert_need("\\Qa\\E", "-");         /* \Q…\E: unsure */
  assert_need("ab{0,2}c", "a");        /* an optional atom ends the run */
  assert_need("ab+c", "ab");           /* a repeated one too, after itself */
  assert_need("\\(案\\)", "(案)");     /* escaped punctuation is literal */
  assert_need("x{,2}", "-");           /* `{` that is no quantifier: unsure */
  assert_need("(?:a|)x", "x");         /* an optional group: its sibling */
  assert_need("\\p{Han}+事業", "事業");
  assert_need("第\\s*[0-9]+\\s*条", "第");
}

/* The shipped rules' kinds each get one precheck asked once a line; the amount kind's holds
 * the unit names (so a line without a unit skips PCRE2 for every amount rule). */
Test(rules_load, precheck_kinds_of_the_default_set) {
  YsRules *rules = test_rules_default();
  cr_assert(rules->kind_need[RK_AMOUNT] != NULL);
  cr_expect(ys_need_present(rules->kind_need[RK_AMOUNT], NULL, "37億円", strlen("37億円")));
  cr_expect(!ys_need_present(rules->kind_need[RK_AMOUNT], NULL, "研究開発の推進",
                             strlen("研究開発の推進")));
  int with = 0;
  for (int k = 0; k < RK_COUNT; k++)
    with += rules->kind_need[k] != NULL;
  cr_expect_geq(with, 5, "%d kinds with a precheck", with);
  ys_rules_free(rules);
}
