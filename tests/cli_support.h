/* tests — running the yosan binary as a user would, for the CLI tests. */
#ifndef YS_TEST_CLI_SUPPORT_H
#define YS_TEST_CLI_SUPPORT_H

#include <criterion/criterion.h>
#include <glib.h>
#include <sys/wait.h>

typedef struct {
  char *out;
  char *err;
  int status; /* exit status, or 128 + signal */
} YsRun;

/* The yosan binary followed by ARGS (NULL-terminated), NULL-terminated in turn: an argv whose
 * strings the caller keeps (free the array alone). */
static inline GPtrArray *ys_argv(const char *const *args) {
  GPtrArray *argv = g_ptr_array_new();
  g_ptr_array_add(argv, (gpointer)YS_BINARY);
  for (int i = 0; args[i]; i++)
    g_ptr_array_add(argv, (gpointer)args[i]);
  g_ptr_array_add(argv, NULL);
  return argv;
}

/* Runs yosan with ARGS (NULL-terminated) from the source directory; STDIN_TEXT may be NULL. */
static inline YsRun ys_run(const char *const *args, const char *stdin_path) {
  GPtrArray *argv = ys_argv(args);
  g_autofree char *cmd = NULL;
  YsRun run = {0};
  int wait_status = 0;
  GError *error = NULL;
  if (stdin_path != NULL) {
    /* go through the shell for the redirection */
    GString *line = g_string_new(NULL);
    for (guint i = 0; argv->pdata[i]; i++) {
      g_autofree char *q = g_shell_quote(argv->pdata[i]);
      g_string_append_printf(line, "%s ", q);
    }
    g_autofree char *qin = g_shell_quote(stdin_path);
    g_string_append_printf(line, "< %s", qin);
    const char *sh[] = {"/bin/sh", "-c", line->str, NULL};
    cr_assert(g_spawn_sync(YS_SOURCE_DIR, (char **)sh, NULL, 0, NULL, NULL, &run.out, &run.err,
                           &wait_status, &error));
    g_string_free(line, TRUE);
  } else {
    cr_assert(g_spawn_sync(YS_SOURCE_DIR, (char **)argv->pdata, NULL, 0, NULL, NULL, &run.out,
                           &run.err, &wait_status, &error),
              "cannot run %s", YS_BINARY);
  }
  g_ptr_array_free(argv, TRUE);
  run.status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
  return run;
}

static inline void ys_run_clear(YsRun *run) {
  g_free(run->out);
  g_free(run->err);
}

/* Reads a file under the source directory. */
static inline char *ys_read_source_file(const char *relative) {
  g_autofree char *path = g_build_filename(YS_SOURCE_DIR, relative, NULL);
  char *text = NULL;
  GError *error = NULL;
  cr_assert(g_file_get_contents(path, &text, NULL, &error), "cannot read %s", path);
  return text;
}

#endif
