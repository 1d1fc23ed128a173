/* tests — the validator on the broken copies of the reference PDF: each deliberate error gives
 * exactly its expected mismatches and nothing else; the unchanged samples give none. The cases
 * are data (tests/data/cli/broken-copies.cases). */
#include "cli_support.h"

#include <string.h>

typedef struct {
  char *check;
  char *item;
  gboolean seen;
} Expected;

/* The mismatch rows of `yosan check --format=csv FILE` as "check\titem" strings. */
static GPtrArray *mismatches(const char *file, int *status) {
  const char *args[] = {"check", "--format=csv", file, NULL};
  YsRun r = ys_run(args, NULL);
  *status = r.status;
  GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);
  g_auto(GStrv) lines = g_strsplit(r.out, "\n", -1);
  for (int i = 1; lines[i]; i++) {
    g_auto(GStrv) f = g_strsplit(lines[i], ",", 6);
    if (g_strv_length(f) >= 5 && strcmp(f[1], "mismatch") == 0)
      g_ptr_array_add(rows, g_strdup_printf("%s\t%s", f[0], f[4]));
  }
  ys_run_clear(&r);
  return rows;
}

Test(cli_broken, each_copy_gives_exactly_its_mismatches) {
  g_autofree char *cases = ys_read_source_file("tests/data/cli/broken-copies.cases");
  g_autoptr(GHashTable) want =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free); /* in case order */
  g_auto(GStrv) lines = g_strsplit(cases, "\n", -1);
  for (int i = 0; lines[i]; i++) {
    if (lines[i][0] == '#' || lines[i][0] == '\0')
      continue;
    g_auto(GStrv) f = g_strsplit(lines[i], "|", 3);
    cr_assert_eq(g_strv_length(f), 3, "bad case line: %s", lines[i]);
    char *file = g_strstrip(f[0]);
    GPtrArray *list = g_hash_table_lookup(want, file);
    if (list == NULL) {
      list = g_ptr_array_new_with_free_func(g_free);
      g_hash_table_insert(want, g_strdup(file), list);
      g_ptr_array_add(files, g_strdup(file));
    }
    if (strcmp(g_strstrip(f[1]), "none") != 0)
      g_ptr_array_add(list, g_strdup_printf("%s\t%s", g_strstrip(f[1]), g_strstrip(f[2])));
  }
  for (guint k = 0; k < files->len; k++) {
    const char *file = files->pdata[k];
    GPtrArray *expected = g_hash_table_lookup(want, file);
    int status = 0;
    g_autoptr(GPtrArray) got = mismatches(file, &status);
    cr_expect_eq(status, expected->len ? 1 : 0, "%s: exit status %d", file, status);
    cr_expect_eq(got->len, expected->len, "%s: %u mismatches, want %u", file, got->len,
                 expected->len);
    for (guint i = 0; i < expected->len; i++) {
      g_auto(GStrv) e = g_strsplit(expected->pdata[i], "\t", 2);
      gboolean found = FALSE;
      for (guint j = 0; j < got->len && !found; j++) {
        g_auto(GStrv) g = g_strsplit(got->pdata[j], "\t", 2);
        found = strcmp(g[0], e[0]) == 0 && strstr(g[1], e[1]) != NULL;
      }
      cr_expect(found, "%s: no %s mismatch on an item containing %s", file, e[0], e[1]);
    }
  }
}
