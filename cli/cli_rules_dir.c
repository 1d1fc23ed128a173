/* cli — where the default rule set is, for a run without --rules:
 *   1. a yosan in its build directory (YS_BUILD_DIR) uses the source tree's rules/, so that a
 *      developer's edit to a rule file is what the next run reads;
 *   2. otherwise the rules installed beside the binary, YS_RULES_RELATIVE from the directory
 *      /proc/self/exe is in (bin/../share/yosan/rules): an installed tree works wherever it
 *      was installed or moved to, with the source tree gone;
 *   3. failing that, the directory the build was configured to install them to.
 * The first that exists is used; when none does, the last is returned and loading it fails
 * with a message that names it. */
#include "cli/cli.h"

#include <stdlib.h>

/* The directory the running binary is in, resolved; NULL when it cannot be told. */
static char *exe_dir(void) {
  char *exe = realpath("/proc/self/exe", NULL);
  if (exe == NULL)
    return NULL;
  char *dir = g_path_get_dirname(exe);
  free(exe);
  return dir;
}

static gboolean same_dir(const char *a, const char *b) {
  char *ra = realpath(a, NULL), *rb = realpath(b, NULL);
  gboolean same = ra != NULL && rb != NULL && strcmp(ra, rb) == 0;
  free(ra);
  free(rb);
  return same;
}

char *ys_cli_default_rules_dir(void) {
  g_autofree char *dir = exe_dir();
  if (dir != NULL) {
    if (same_dir(dir, YS_BUILD_DIR) && g_file_test(YS_RULES_DIR_BUILD, G_FILE_TEST_IS_DIR))
      return g_strdup(YS_RULES_DIR_BUILD);
    g_autofree char *beside = g_build_filename(dir, YS_RULES_RELATIVE, NULL);
    char *resolved = realpath(beside, NULL);
    if (resolved != NULL && g_file_test(resolved, G_FILE_TEST_IS_DIR)) {
      char *copy = g_strdup(resolved);
      free(resolved);
      return copy;
    }
    free(resolved);
  }
  return g_strdup(YS_RULES_DIR_INSTALL);
}
