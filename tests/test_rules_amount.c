/* tests — the amount grammar, from tests/data/rules/amounts.cases (one case a line). */
#include "test_rules_support.h"

static void run_case(const YsRules *rules, const char *file, int n, char **f) {
  g_autofree char *input = g_strstrip(g_strdup(f[0]));
  const char *want = g_strstrip(f[1]);
  gint64 amount = 0, rounding = 0;
  g_autofree char *unit = NULL, *currency = NULL;
  GError *error = NULL;
  gboolean ok = ys_rules_parse_amount(rules, input, &amount, &rounding, &unit, &currency, &error);
  if (strcmp(want, "error") == 0) {
    const char *code = g_strstrip(f[2]);
    cr_expect(!ok, "%s:%d: \"%s\" read as %" G_GINT64_FORMAT " %s, wanted an error", file, n, input,
              amount, unit ? unit : "");
    if (!ok) {
      int c = strcmp(code, "OVERFLOW") == 0 ? YS_RULES_ERROR_OVERFLOW : YS_RULES_ERROR_AMOUNT;
      cr_expect(g_error_matches(error, YS_RULES_ERROR, c), "%s:%d: \"%s\": wrong error: %s", file,
                n, input, error->message);
    }
    g_clear_error(&error);
    return;
  }
  cr_expect(ok, "%s:%d: \"%s\": %s", file, n, input, error ? error->message : "");
  if (!ok) {
    g_clear_error(&error);
    return;
  }
  gint64 want_amount = g_ascii_strtoll(want, NULL, 10);
  gint64 want_rounding = g_ascii_strtoll(g_strstrip(f[3]), NULL, 10);
  cr_expect_eq(amount, want_amount, "%s:%d: \"%s\": amount %" G_GINT64_FORMAT, file, n, input,
               amount);
  cr_expect_str_eq(unit, g_strstrip(f[2]), "%s:%d: \"%s\": unit", file, n, input);
  cr_expect_eq(rounding, want_rounding, "%s:%d: \"%s\": rounding %" G_GINT64_FORMAT, file, n, input,
               rounding);
  cr_expect_str_eq(currency, g_strstrip(f[4]), "%s:%d: \"%s\": currency", file, n, input);
}

Test(rules_amount, cases_file) {
  YsRules *rules = test_rules_default();
  const char *file = YS_SOURCE_DIR "/tests/data/rules/amounts.cases";
  g_autofree char *text = NULL;
  cr_assert(g_file_get_contents(file, &text, NULL, NULL), "cannot read %s", file);
  char **lines = g_strsplit(text, "\n", -1);
  int cases = 0;
  for (int i = 0; lines[i]; i++) {
    if (lines[i][0] == '#' || !strchr(lines[i], '|'))
      continue;
    char **f = g_strsplit(lines[i], "|", -1);
    guint nf = g_strv_length(f);
    g_autofree char *second = nf >= 2 ? g_strstrip(g_strdup(f[1])) : g_strdup("");
    gboolean is_error = strcmp(second, "error") == 0;
    cr_assert(nf == (is_error ? 3u : 5u), "%s:%d: wants 5 fields (or 3 for an error)", file, i + 1);
    run_case(rules, file, i + 1, f);
    g_strfreev(f);
    cases++;
  }
  g_strfreev(lines);
  cr_expect_geq(cases, 60, "only %d cases", cases);
  ys_rules_free(rules);
}

Test(rules_amount, null_outputs_allowed) {
  YsRules *rules = test_rules_default();
  cr_expect(ys_rules_parse_amount(rules, "852億円", NULL, NULL, NULL, NULL, NULL));
  ys_rules_free(rules);
}
