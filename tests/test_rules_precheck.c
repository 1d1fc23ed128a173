/* tests — a differential check of the prechecks (rules_precheck.c) against PCRE2. Every subject
 * PCRE2 matches must pass its pattern's precheck: alone, as a whole line (twice: the second from
 * the line's cache), and as a part of a longer line holding other bytes (some not UTF-8) around
 * it, after the whole line was asked. Patterns mix literals, classes, groups, lookarounds, ^ and
 * $ branches. And the prechecks must filter: many of the random patterns get one, and most
 * subjects without a match are turned away. */
#include "rules/rules_private.h"
#include "test_rules_support.h"
static const char *atoms[] = {"a",
                              "b",
                              "ab",
                              "-",
                              "*",
                              "・",
                              "(",
                              "\\(",
                              "\\s",
                              "\\s*",
                              "[0-9]",
                              "[-*・\\s]",
                              "[ab]",
                              "[^a]",
                              ".",
                              "x",
                              "年",
                              "度",
                              "年度",
                              " ",
                              "(?:a|b)",
                              "(?:-|x)",
                              "(?=a)",
                              "(?!b)",
                              "(?<n>a)",
                              "(?:ab)",
                              "\\d",
                              "[a-c]",
                              "(?:)",
                              "(?:a|)",
                              "\\.",
                              "予算",
                              "算",
                              "が",
                              "は",
                              "$",
                              "\\s+$",
                              "[年度]",
                              "$",
                              "\\s*$",
                              "[a\\s]+$",
                              "(?:ab|が)+$",
                              "[ab]$",
                              "(?:a|b\\s*)$",
                              "(?<=a)",
                              "(?:x$)",
                              "$(?=a)",
                              "[\\s(「]+$",
                              "(?:として|が)+$",
                              "\\s",
                              "(?:a\\s)?",
                              "\\n",
                              "\\t",
                              "\\t\\s*",
                              "a\\r",
                              "(?=a\\s*[0-9])",
                              "(?=年)",
                              "(?=[ab])",
                              "(?=x|年度)",
                              "(?<=(?=a)a)",
                              "(?!(?=a)b)",
                              "(?=(?=b)b)",
                              "(?<!(?=年)a)",
                              "^[-*・\\s]+",
                              "^\\s+",
                              "(?:\\s|a)+",
                              "[\\s年]"};
static const char *quants[] = {"", "", "", "?", "*", "+", "{0,2}", "{1,3}", "{2}"};
static const char *chars[] = {
    "a",  "b",  "-",  "*", "・", "(",  ")",  " ",  "\t", "x",  "年", "度",       "0",
    "5",  ".",  "　", "c", "予", "算", "が", "は", "\n", "\r", "\v", "\xc2\x85", "\xe2\x80\xa8",
    "「", "て", "と", "し"};
static const char *junk[] = {"\xe5", "\x80", "\xe5\xb9", "\xff", "年", "予算", "a", " "};
#define NPAT 6
Test(rules_precheck, random_patterns_never_wrongly_skip) {
  GRand *rand = g_rand_new_with_seed(7);
  pcre2_match_data *md = pcre2_match_data_create(16, NULL);
  long sets = 0, matches = 0, bad = 0, checks = 0, with_need = 0, misses = 0, skipped = 0;
  for (int it = 0; it < 4000; it++) {
    pcre2_code *re[NPAT];
    RuleNeed *need[NPAT];
    char *pat[NPAT];
    int np = 0;
    while (np < NPAT) {
      GString *p = g_string_new(NULL);
      int nb = g_rand_int_range(rand, 1, 3);
      for (int b = 0; b < nb; b++) {
        if (b)
          g_string_append_c(p, '|');
        if (!g_rand_int_range(rand, 0, 3))
          g_string_append_c(p, '^');
        int na = g_rand_int_range(rand, 1, 5);
        for (int a = 0; a < na; a++) {
          g_string_append(p, atoms[g_rand_int_range(rand, 0, G_N_ELEMENTS(atoms))]);
          g_string_append(p, quants[g_rand_int_range(rand, 0, G_N_ELEMENTS(quants))]);
        }
        static const char *ends[] = {"", "$", "\\s*$", "\\s+$", "$", "[ab\\s]+$", "(?:は|\\s)$"};
        g_string_append(p, ends[g_rand_int_range(rand, 0, G_N_ELEMENTS(ends))]);
      }
      int code;
      PCRE2_SIZE off;
      re[np] = pcre2_compile((PCRE2_SPTR)p->str, p->len, PCRE2_UTF | PCRE2_UCP, &code, &off, NULL);
      if (!re[np]) {
        g_string_free(p, TRUE);
        continue;
      }
      need[np] = ys_need_analyze(p->str, p->len);
      if (need[np])
        ys_need_set_id(need[np], np);
      with_need += need[np] != NULL;
      pat[np] = g_string_free(p, FALSE);
      np++;
    }
    sets++;
    for (int s = 0; s < 40; s++) {
      GString *t = g_string_new(NULL);
      int n = g_rand_int_range(rand, 0, 8);
      for (int k = 0; k < n; k++)
        g_string_append(t, chars[g_rand_int_range(rand, 0, G_N_ELEMENTS(chars))]);
      GString *line = g_string_new(NULL);
      int pre = g_rand_int_range(rand, 0, 4), post = g_rand_int_range(rand, 0, 4);
      for (int k = 0; k < pre; k++)
        g_string_append(line, junk[g_rand_int_range(rand, 0, G_N_ELEMENTS(junk))]);
      gsize off = line->len;
      g_string_append(line, t->str);
      for (int k = 0; k < post; k++)
        g_string_append(line, junk[g_rand_int_range(rand, 0, G_N_ELEMENTS(junk))]);
      for (int i = 0; i < NPAT; i++) {
        int rc = pcre2_match(re[i], (PCRE2_SPTR)t->str, t->len, 0, 0, md, NULL);
        if (rc <= 0) {
          if (need[i]) {
            misses++;
            skipped += !ys_need_present(need[i], NULL, t->str, t->len);
          }
          continue;
        }
        matches++;
        YsLineChars lc;
        guint8 seen[NPAT];
        ys_line_chars_set_cached(&lc, t->str, t->len, seen, NPAT);
        gboolean whole = ys_need_present(need[i], &lc, t->str, t->len);
        gboolean whole2 = ys_need_present(need[i], &lc, t->str, t->len); /* cached */
        gboolean alone = ys_need_present(need[i], NULL, t->str, t->len);
        ys_line_chars_set_cached(&lc, line->str, line->len, seen, NPAT);
        /* any match in the part is one in the line */
        gboolean wline = ys_need_present(need[i], &lc, line->str, line->len);
        gboolean part = ys_need_present(need[i], &lc, line->str + off, t->len);
        YsLineChars bits;
        ys_line_chars_set(&bits, line->str, line->len);
        gboolean pbits = ys_need_present(need[i], &bits, line->str + off, t->len) && whole2;
        /* as ys_rule_match asks it for a match from an offset (strip_matches) */
        gboolean from = TRUE;
        for (gsize k = 1; k <= t->len && from; k++)
          if ((t->str[k] & 0xC0) != 0x80 &&
              pcre2_match(re[i], (PCRE2_SPTR)t->str, t->len, k, PCRE2_NO_UTF_CHECK, md, NULL) > 0)
            from = ys_need_present(need[i], NULL, t->str + k, t->len - k);
        checks += 6;
        if (!whole || !alone || !part || !pbits || !from || !wline) {
          bad++;
          cr_log_error("BAD /%s/ subj [%s] line [%s] whole=%d alone=%d wline=%d part=%d bits=%d\n",
                       pat[i], t->str, line->str, whole, alone, wline, part, pbits);
        }
      }
      g_string_free(t, TRUE);
      g_string_free(line, TRUE);
    }
    for (int i = 0; i < NPAT; i++) {
      ys_need_free(need[i]);
      pcre2_code_free(re[i]);
      g_free(pat[i]);
    }
  }
  pcre2_match_data_free(md);
  g_rand_free(rand);
  cr_expect_gt(matches, 10000, "the subjects exercise the patterns (%ld sets, %ld checks)", sets,
               checks);
  cr_expect_eq(bad, 0);
  cr_expect_gt(with_need, sets * NPAT / 4, "%ld of %ld patterns have a precheck", with_need,
               sets * NPAT);
  cr_expect_gt(skipped, misses / 2, "%ld of %ld subjects without a match turned away", skipped,
               misses);
}
