/* tests — golden outputs, as data: every tests/golden/NAME.cmd holds the expected exit status
 * on its first line and the yosan arguments on its second (run from the source directory);
 * NAME.out is the expected standard output, read by eye before it was committed. Adding a case
 * needs no C. Set YOSAN_GOLDEN_UPDATE=1 to rewrite the .out files (then review the diff!). */
#include "cli_support.h"

#include <string.h>

static void run_case(const char *name) {
  g_autofree char *cmd_rel = g_strdup_printf("tests/golden/%s.cmd", name);
  g_autofree char *cmd = ys_read_source_file(cmd_rel);
  g_auto(GStrv) lines = g_strsplit(cmd, "\n", 3);
  cr_assert(lines[0] && lines[1], "%s: want the exit status, then the arguments", cmd_rel);
  int want_status = atoi(lines[0]);
  g_auto(GStrv) args = g_strsplit_set(g_strstrip(lines[1]), " ", -1);
  YsRun r = ys_run((const char *const *)args, NULL);
  g_autofree char *out_path = g_strdup_printf("%s/tests/golden/%s.out", YS_SOURCE_DIR, name);
  if (g_getenv("YOSAN_GOLDEN_UPDATE"))
    g_file_set_contents(out_path, r.out, -1, NULL);
  g_autofree char *want = NULL;
  cr_assert(g_file_get_contents(out_path, &want, NULL, NULL), "missing %s", out_path);
  cr_expect_eq(r.status, want_status, "%s: exit status %d, want %d; stderr:\n%s", name, r.status,
               want_status, r.err);
  if (strcmp(r.out, want) != 0) {
    /* point at the first differing line */
    g_auto(GStrv) got_lines = g_strsplit(r.out, "\n", -1);
    g_auto(GStrv) want_lines = g_strsplit(want, "\n", -1);
    guint i = 0;
    while (got_lines[i] && want_lines[i] && strcmp(got_lines[i], want_lines[i]) == 0)
      i++;
    cr_expect_fail("%s: output differs at line %u\n got: %s\nwant: %s", name, i + 1,
                   got_lines[i] ? got_lines[i] : "(end)", want_lines[i] ? want_lines[i] : "(end)");
  }
  ys_run_clear(&r);
}

Test(cli_golden, every_case) {
  g_autofree char *dir_path = g_build_filename(YS_SOURCE_DIR, "tests", "golden", NULL);
  g_autoptr(GDir) dir = g_dir_open(dir_path, 0, NULL);
  cr_assert(dir != NULL);
  const char *entry;
  int n = 0;
  while ((entry = g_dir_read_name(dir)) != NULL) {
    if (!g_str_has_suffix(entry, ".cmd"))
      continue;
    g_autofree char *name = g_strndup(entry, strlen(entry) - 4);
    run_case(name);
    n++;
  }
  cr_expect_geq(n, 8, "only %d golden cases found", n);
}
