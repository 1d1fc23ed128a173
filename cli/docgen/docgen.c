/* yosan-docgen — prints what is made from the option spec (cli/cli_spec.c), for the build and
 * for `make usage-doc`; not installed.
 *   yosan-docgen man VERSION      the man page yosan.1 (roff)
 *   yosan-docgen bash             the bash completion script
 *   yosan-docgen usage FILE       rewrites FILE's usage block (docs/usage.md: the fenced block
 *                                 after the line holding USAGE_MARK) with `yosan --help` */
#include "cli/cli.h"

#define USAGE_MARK "<!-- usage: made from cli/cli_spec.c"

static int rewrite_usage(const char *path) {
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  if (!g_file_get_contents(path, &text, NULL, &error)) {
    fprintf(stderr, "yosan-docgen: %s\n", error->message);
    return 2;
  }
  char *mark = strstr(text, USAGE_MARK);
  char *open = mark ? strstr(mark, "\n```\n") : NULL;
  char *close = open ? strstr(open + 5, "\n```\n") : NULL;
  if (close == NULL) {
    fprintf(stderr, "yosan-docgen: %s: no ``` block after a line with '%s'\n", path, USAGE_MARK);
    return 2;
  }
  g_autoptr(GString) help = ys_cli_help_text(NULL);
  g_autoptr(GString) out = g_string_new_len(text, open + 5 - text);
  g_string_append(out, help->str);
  g_string_append(out, close + 1);
  if (!g_file_set_contents(path, out->str, (gssize)out->len, &error)) {
    fprintf(stderr, "yosan-docgen: %s\n", error->message);
    return 2;
  }
  return 0;
}

int main(int argc, char **argv) {
  g_autoptr(GString) out = NULL;
  if (argc == 3 && strcmp(argv[1], "man") == 0)
    out = ys_cli_man_page(argv[2]);
  else if (argc == 2 && strcmp(argv[1], "bash") == 0)
    out = ys_cli_bash_completion();
  else if (argc == 3 && strcmp(argv[1], "usage") == 0)
    return rewrite_usage(argv[2]);
  else {
    fprintf(stderr, "usage: yosan-docgen man VERSION | bash | usage FILE\n");
    return 2;
  }
  fputs(out->str, stdout);
  return fflush(stdout) == 0 ? 0 : 2;
}
