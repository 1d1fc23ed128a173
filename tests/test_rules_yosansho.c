/* tests — 予算書 tables read by `yosan check` as a user runs it. The table behaviours themselves
 * (levels and parts by position, facing halves, completeness, a lone 比較 on its own line, an
 * outline's parts) are case files read by test_rules_cases.c (tests/data/rules/); what stays
 * here needs the CLI: the check run on what the rules read. */
#include <stdio.h>

#include "test_rules_support.h"

TestSuite(rules_yosansho);

/* The same table as text (empty cells kept by the TABs): the figure line without a label goes
 * on with the row above, and yosan check's difference check runs on it and finds it exact. */
Test(rules_yosansho, lone_difference_is_checked) {
  const char *text = "令和8年度架空市一般会計予算\n"
                     "(単位:千円)\n"
                     "区分\t本年度予算額\t前年度予算額\t比較\n"
                     "\t千円\t千円\t千円\n"
                     "事務局運営\t1,234,500\t1,228,000\t\n"
                     "\t\t\t6,500\n"
                     "経費\n"
                     "施設管理\t95,700\t100,000\t\n"
                     "\t\t\t△4,300\n"
                     "経費\n";
  g_autofree char *path = g_build_filename(YS_TEST_TMP, "lone-difference.txt", NULL);
  cr_assert(g_file_set_contents(path, text, -1, NULL));
  const char *argv[] = {YS_BINARY, "check", "--format=csv", path, NULL};
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  cr_assert(g_spawn_sync(NULL, (char **)argv, NULL, 0, NULL, NULL, &out, &err, &status, NULL),
            "cannot run %s", YS_BINARY);
  const char *items[] = {"事務局運営経費", "施設管理経費"};
  for (guint i = 0; i < G_N_ELEMENTS(items); i++) {
    g_autofree char *want = g_strdup_printf(",%s,2026,initial,", items[i]);
    gboolean found = FALSE;
    g_auto(GStrv) rows = g_strsplit(out, "\n", -1);
    for (guint j = 0; rows[j]; j++)
      if (g_str_has_prefix(rows[j], "difference,exact,") && strstr(rows[j], want))
        found = TRUE;
    cr_expect(found, "no exact difference check of %s in:\n%s%s", items[i], out, err);
  }
}
