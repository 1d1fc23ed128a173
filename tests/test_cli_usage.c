/* tests — the command line as a user meets it: --help, --version, usage errors, unreadable
 * input (each exit status 2 with the file named), the CSV header contract, -o written
 * atomically. */
#include "cli_support.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

Test(cli_usage, version_prints_name_and_exits_0) {
  const char *args[] = {"--version", NULL};
  YsRun r = ys_run(args, NULL);
  cr_expect_eq(r.status, 0);
  cr_expect(g_str_has_prefix(r.out, "yosan "), "got: %s", r.out);
  ys_run_clear(&r);
}

Test(cli_usage, help_lists_the_three_commands) {
  const char *args[] = {"--help", NULL};
  YsRun r = ys_run(args, NULL);
  cr_expect_eq(r.status, 0);
  cr_expect(strstr(r.out, "text") && strstr(r.out, "records") && strstr(r.out, "check"));
  cr_expect(strstr(r.out, "--format") != NULL);
  ys_run_clear(&r);
}

Test(cli_usage, no_command_is_a_usage_error) {
  const char *args[] = {NULL};
  YsRun r = ys_run(args, NULL);
  cr_expect_eq(r.status, 2);
  cr_expect(strstr(r.err, "no command") != NULL, "got: %s", r.err);
  ys_run_clear(&r);
}

Test(cli_usage, unknown_command_and_format_are_usage_errors) {
  const char *a1[] = {"frobnicate", "x.pdf", NULL};
  YsRun r = ys_run(a1, NULL);
  cr_expect_eq(r.status, 2);
  cr_expect(strstr(r.err, "frobnicate") != NULL);
  ys_run_clear(&r);
  const char *a2[] = {"check", "--format=xml", "samples/mext-lifescience-r8.txt", NULL};
  r = ys_run(a2, NULL);
  cr_expect_eq(r.status, 2);
  cr_expect(strstr(r.err, "xml") != NULL);
  ys_run_clear(&r);
}

Test(cli_usage, missing_file_names_the_file_and_exits_2) {
  const char *args[] = {"check", "no/such/budget.pdf", NULL};
  YsRun r = ys_run(args, NULL);
  cr_expect_eq(r.status, 2);
  cr_expect(strstr(r.err, "no/such/budget.pdf") != NULL, "got: %s", r.err);
  ys_run_clear(&r);
}

Test(cli_usage, not_a_pdf_names_the_file_and_exits_2) {
  g_autofree char *path = g_build_filename(YS_TEST_TMP, "not-a-pdf.pdf", NULL);
  cr_assert(g_file_set_contents(path, "<html>this is not a PDF</html>\n", -1, NULL));
  const char *args[] = {"records", path, NULL};
  YsRun r = ys_run(args, NULL);
  cr_expect_eq(r.status, 2);
  cr_expect(strstr(r.err, "not-a-pdf.pdf") != NULL, "got: %s", r.err);
  ys_run_clear(&r);
}

Test(cli_usage, a_bad_file_does_not_stop_the_others) {
  const char *args[] = {"records", "no-such.pdf", "samples/mext-lifescience-r8.txt", NULL};
  YsRun r = ys_run(args, NULL);
  cr_expect_eq(r.status, 2);
  cr_expect(strstr(r.err, "no-such.pdf") != NULL);
  cr_expect(strstr(r.out, "mext-lifescience-r8.txt") != NULL, "the good file was not read");
  ys_run_clear(&r);
}

/* -j 1 reads a PDF on one core; -j 4 lets Poppler read its pages ahead on a second thread
 * (extract_read_ahead.c). The records and findings must not depend on it. */
Test(cli_usage, pages_read_ahead_give_the_same_output) {
  const char *commands[] = {"records", "check"};
  for (gsize c = 0; c < G_N_ELEMENTS(commands); c++) {
    const char *one[] = {commands[c], "--format=csv", "-j", "1", "samples/mext-lifescience-r8.pdf",
                         NULL};
    const char *ahead[] = {
        commands[c], "--format=csv", "-j", "4", "samples/mext-lifescience-r8.pdf", NULL};
    YsRun a = ys_run(one, NULL), b = ys_run(ahead, NULL);
    cr_expect_eq(a.status, 0, "%s -j 1: %s", commands[c], a.err);
    cr_expect_eq(b.status, 0, "%s -j 4: %s", commands[c], b.err);
    cr_expect_gt(strlen(a.out), 1000, "%s: %s", commands[c], a.out);
    cr_expect_str_eq(b.out, a.out, "%s", commands[c]);
    ys_run_clear(&a);
    ys_run_clear(&b);
  }
}

Test(cli_usage, records_csv_header_is_the_contract) {
  const char *args[] = {"records", "samples/mext-lifescience-r8.txt", NULL};
  YsRun r = ys_run(args, NULL);
  cr_expect_eq(r.status, 0, "stderr: %s", r.err);
  cr_expect(g_str_has_prefix(r.out, "source,page,line,item,fiscal_year,budget_kind,amount_yen,"
                                    "unit,rounding_unit_yen,qualifier,currency,text"),
            "header: %.200s", r.out);
  ys_run_clear(&r);
}

Test(cli_usage, findings_csv_header_is_the_contract) {
  const char *args[] = {"check", "--format=csv", "samples/mext-lifescience-r8.txt", NULL};
  YsRun r = ys_run(args, NULL);
  cr_expect(r.status == 0 || r.status == 1, "status %d: %s", r.status, r.err);
  cr_expect(g_str_has_prefix(r.out, "check,status,source,page,item,fiscal_year,budget_kind,"
                                    "stated_yen,computed_yen,difference_yen,tolerance_yen,detail"),
            "header: %.200s", r.out);
  ys_run_clear(&r);
}

/* A file's output past a megabyte leaves its child in pieces, as it is made (cli_run.c's
 * spill), and the parent copies it from the spool without reading it into memory: what arrives
 * must be what the same run prints in one process, to stdout and to -o FILE alike. */
Test(cli_usage, a_large_output_arrives_whole_from_its_child) {
  g_autofree char *sample = ys_read_source_file("samples/mext-lifescience-r8.txt");
  GString *big = g_string_new(NULL);
  for (int i = 0; i < 80; i++)
    g_string_append_printf(big, "%s%s", i ? "\f" : "", sample);
  g_autofree char *path = g_build_filename(YS_TEST_TMP, "large-output.txt", NULL);
  g_autofree char *out_path = g_build_filename(YS_TEST_TMP, "large-output.csv", NULL);
  cr_assert(g_file_set_contents(path, big->str, (gssize)big->len, NULL));
  g_string_free(big, TRUE);
  const char *jobs[][3] = {{"records", "--format=csv", "2"},
                           {"records", "--format=text", "1"},
                           {"text", "--format=text", "2"}};
  for (gsize j = 0; j < G_N_ELEMENTS(jobs); j++) {
    const char *in_process[] = {jobs[j][0], jobs[j][1], "--no-isolate", path, NULL};
    const char *child[] = {jobs[j][0], jobs[j][1], path, NULL};
    const char *to_file[] = {jobs[j][0], jobs[j][1], "-o", out_path, path, NULL};
    YsRun a = ys_run(in_process, NULL), b = ys_run(child, NULL), c = ys_run(to_file, NULL);
    cr_expect_eq(a.status, 0, "%s: %s", jobs[j][0], a.err);
    cr_expect_eq(b.status, 0, "%s: %s", jobs[j][0], b.err);
    cr_expect_eq(c.status, 0, "%s: %s", jobs[j][0], c.err);
    /* more than the megabyte a piece is spilled at: several pieces */
    gsize megabytes = (gsize)g_ascii_strtoull(jobs[j][2], NULL, 10);
    cr_expect_gt(strlen(a.out), megabytes << 20, "%s %s: %zu bytes", jobs[j][0], jobs[j][1],
                 strlen(a.out));
    cr_expect(strcmp(a.out, b.out) == 0, "%s %s: the child's output differs", jobs[j][0],
              jobs[j][1]);
    g_autofree char *written = NULL;
    cr_assert(g_file_get_contents(out_path, &written, NULL, NULL));
    cr_expect(strcmp(a.out, written) == 0, "%s %s: -o FILE differs", jobs[j][0], jobs[j][1]);
    ys_run_clear(&a);
    ys_run_clear(&b);
    ys_run_clear(&c);
  }
  g_unlink(path);
  g_unlink(out_path);
}

Test(cli_usage, output_file_is_complete_or_absent) {
  g_autofree char *good = g_build_filename(YS_TEST_TMP, "records-good.csv", NULL);
  g_autofree char *bad = g_build_filename(YS_TEST_TMP, "records-bad.csv", NULL);
  g_unlink(good);
  g_unlink(bad);
  const char *a1[] = {"records", "-o", good, "samples/mext-lifescience-r8.txt", NULL};
  YsRun r = ys_run(a1, NULL);
  cr_expect_eq(r.status, 0, "stderr: %s", r.err);
  g_autofree char *text = NULL;
  cr_assert(g_file_get_contents(good, &text, NULL, NULL), "-o FILE was not written");
  cr_expect(g_str_has_prefix(text, "source,page,line,"));
  ys_run_clear(&r);
  /* a run that fails: the file is still written for the files that could be read, and no
   * temporary file is left behind in the directory (of these two outputs: other tests, run at
   * the same time, write theirs there too) */
  const char *a2[] = {"records", "-o", bad, "no-such.pdf", NULL};
  r = ys_run(a2, NULL);
  cr_expect_eq(r.status, 2);
  g_autoptr(GDir) dir = g_dir_open(YS_TEST_TMP, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name(dir)) != NULL)
    cr_expect(!g_str_has_prefix(name, ".records-good.csv.yosan-") &&
                  !g_str_has_prefix(name, ".records-bad.csv.yosan-"),
              "temporary file left behind: %s", name);
  ys_run_clear(&r);
}

Test(cli_usage, output_into_a_missing_directory_is_an_error) {
  const char *args[] = {"records", "-o", "/nonexistent-dir/x.csv",
                        "samples/mext-lifescience-r8.txt", NULL};
  YsRun r = ys_run(args, NULL);
  cr_expect_eq(r.status, 2);
  cr_expect(strstr(r.err, "/nonexistent-dir/x.csv") != NULL, "got: %s", r.err);
  ys_run_clear(&r);
}

Test(cli_usage, a_bad_rule_pattern_names_file_line_and_offset) {
  g_autofree char *dir = g_build_filename(YS_TEST_TMP, "bad-rules", NULL);
  g_mkdir_with_parents(dir, 0755);
  g_autofree char *path = g_build_filename(dir, "broken.rules", NULL);
  cr_assert(g_file_set_contents(path,
                                "# a rule file with one bad pattern\n"
                                "unit 億円 100000000 JPY\n"
                                "\n"
                                "rule broken-amount\n"
                                "  kind    amount\n"
                                "  pattern (?<amount>[0-9]+(億円)\n",
                                -1, NULL));
  g_autofree char *opt = g_strdup_printf("--rules=%s", dir);
  const char *args[] = {"records", opt, "samples/mext-lifescience-r8.txt", NULL};
  YsRun r = ys_run(args, NULL);
  cr_expect_eq(r.status, 2);
  cr_expect(strstr(r.err, "broken.rules:") != NULL, "no file:line in: %s", r.err);
  cr_expect(strstr(r.err, "broken-amount") != NULL, "no rule name in: %s", r.err);
  cr_expect(strstr(r.err, "offset") != NULL, "no offset in: %s", r.err);
  cr_expect_str_eq(r.out, "", "nothing may be printed before the rules load");
  ys_run_clear(&r);
}

/* Runs yosan with ARGS into a pipe nobody reads (`yosan records … | head` once head is done):
 * returns its exit status and puts what it printed on standard error in *ERR. */
static int run_into_closed_pipe(const char *const *args, char **err) {
  int out[2], errp[2];
  cr_assert(pipe(out) == 0 && pipe(errp) == 0);
  close(out[0]); /* the reader is gone before yosan writes a byte */
  pid_t pid = fork();
  cr_assert(pid >= 0);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(errp[1], STDERR_FILENO);
    if (chdir(YS_SOURCE_DIR) != 0)
      _exit(127);
    execv(YS_BINARY, (char **)ys_argv(args)->pdata);
    _exit(127);
  }
  close(out[1]);
  close(errp[1]);
  GString *text = g_string_new(NULL);
  char buf[4096];
  ssize_t n;
  while ((n = read(errp[0], buf, sizeof buf)) > 0)
    g_string_append_len(text, buf, n);
  close(errp[0]);
  int status = 0;
  cr_assert(waitpid(pid, &status, 0) == pid);
  *err = g_string_free(text, FALSE);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* A reader that stopped early is not an error worth a message: yosan stops, quietly, with
 * status 2 (its output is incomplete). Short output reaches the pipe only when yosan ends;
 * long output while it runs, in the parent and in the in-process path alike. */
Test(cli_usage, a_reader_that_stopped_early_gets_no_message) {
  g_autofree char *tiny = NULL;
  int fd = g_file_open_tmp("yosan-tiny-XXXXXX.txt", &tiny, NULL);
  cr_assert(fd >= 0);
  static const char line[] = "令和8年度予算額 852億円\n";
  cr_assert(write(fd, line, sizeof line - 1) == (ssize_t)(sizeof line - 1));
  close(fd);
  const char *short_output[] = {"records", tiny, NULL};
  const char *long_output[] = {"text", "samples/mext-lifescience-r8.txt", NULL};
  const char *long_in_process[] = {"text", "--no-isolate", "samples/mext-lifescience-r8.txt", NULL};
  const char *const *cases[] = {short_output, long_output, long_in_process};
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *err = NULL;
    int status = run_into_closed_pipe(cases[i], &err);
    cr_expect_eq(status, 2, "case %u: status %d", i, status);
    cr_expect_str_empty(err, "case %u printed: %s", i, err);
  }
  g_unlink(tiny);
}

/* Runs yosan with ARGS and the dynamic loader's file log on (LD_DEBUG=files): how many times
 * poppler-glib was loaded, in all the processes of the run. */
static int poppler_loads(const char *const *args) {
  GPtrArray *argv = ys_argv(args);
  g_auto(GStrv) env = g_environ_setenv(g_get_environ(), "LD_DEBUG", "files", TRUE);
  g_autofree char *err = NULL;
  int wait_status = 0;
  cr_assert(g_spawn_sync(YS_SOURCE_DIR, (char **)argv->pdata, env, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                         NULL, NULL, &err, &wait_status, NULL));
  g_ptr_array_free(argv, TRUE);
  cr_assert(WIFEXITED(wait_status) && WEXITSTATUS(wait_status) < 2, "yosan failed: %.2000s", err);
  /* one line for each time a process maps it: "file=libpoppler-glib.so.8 [0];  needed by …"
   * (linked) or "…;  dynamically loaded by …" (dlopen) */
  int loads = 0;
  g_auto(GStrv) lines = g_strsplit(err, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    loads += strstr(lines[i], "file=libpoppler-glib") &&
             (strstr(lines[i], "needed by") || strstr(lines[i], "dynamically loaded by"));
  return loads;
}

/* Poppler is loaded when a PDF is read, not at start: a text file never loads it (its 45
 * libraries cost a short text a third of its time), and a batch of PDFs loads it once, before
 * the readers are forked, not once in each. */
Test(cli_usage, poppler_is_loaded_only_for_pdfs_and_once_per_run) {
  const char *text[] = {"records", "samples/mext-lifescience-r8.txt", NULL};
  const char *text_in_process[] = {"records", "--no-isolate", "samples/mext-lifescience-r8.txt",
                                   NULL};
  const char *pdfs[] = {
      "check", "-j", "2", "samples/mext-lifescience-r8.pdf", "samples/city-yosansho-r8.pdf", NULL};
  const char *pdf_in_process[] = {"records", "--no-isolate", "samples/mext-lifescience-r8.pdf",
                                  NULL};
  cr_expect_eq(poppler_loads(text), 0);
  cr_expect_eq(poppler_loads(text_in_process), 0);
  cr_expect_eq(poppler_loads(pdfs), 1);
  cr_expect_eq(poppler_loads(pdf_in_process), 1);
}

/* Standard output of `sh -c SCRIPT` run in the source directory (YOSAN in it is the binary). */
static char *sh_output(const char *script) {
  g_autofree char *quoted = g_shell_quote(YS_BINARY);
  g_autofree char *full = g_strdup_printf("YOSAN=%s; %s", quoted, script);
  const char *argv[] = {"/bin/sh", "-c", full, NULL};
  char *out = NULL;
  int wait_status = 0;
  cr_assert(g_spawn_sync(YS_SOURCE_DIR, (char **)argv, NULL, 0, NULL, NULL, &out, NULL,
                         &wait_status, NULL));
  cr_assert(WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0, "%s: status %d", script,
            wait_status);
  return out;
}

/* CSV rows without their first column (the source, which names the file as given). */
static char *without_source(const char *csv) {
  GString *out = g_string_new(NULL);
  g_auto(GStrv) lines = g_strsplit(csv, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    const char *comma = strchr(lines[i], ',');
    g_string_append_printf(out, "%s\n", comma ? comma : lines[i]);
  }
  return g_string_free(out, FALSE);
}

/* A file named on the command line that is a pipe (`yosan check <(…)`, a FIFO) can be read
 * only once: it is read whole, as standard input is, and gives what the file itself gives.
 * (Its first kilobyte used to go to deciding PDF or text, and the rest failed to read.) */
Test(cli_usage, a_pipe_given_by_name_is_read_like_the_file) {
  const char *samples[] = {"samples/mext-lifescience-r8.txt",
                           "samples/mext-lifescience-r8.sjis.txt",
                           "samples/mext-lifescience-r8.pdf"};
  g_autofree char *dir = g_dir_make_tmp("yosan-fifo-XXXXXX", NULL);
  cr_assert(dir);
  g_autofree char *fifo = g_build_filename(dir, "in", NULL);
  g_autofree char *qfifo = g_shell_quote(fifo);
  for (guint i = 0; i < G_N_ELEMENTS(samples); i++) {
    for (int isolate = 0; isolate < 2; isolate++) {
      cr_assert(mkfifo(fifo, 0600) == 0);
      const char *flag = isolate ? "" : "--no-isolate";
      g_autofree char *direct_script =
          g_strdup_printf("\"$YOSAN\" records %s %s", flag, samples[i]);
      g_autofree char *pipe_script =
          g_strdup_printf("cat %s > %s & \"$YOSAN\" records %s %s", samples[i], qfifo, flag, qfifo);
      g_autofree char *direct = sh_output(direct_script);
      g_autofree char *piped = sh_output(pipe_script);
      g_autofree char *a = without_source(direct);
      g_autofree char *b = without_source(piped);
      cr_expect(strlen(a) > 1000, "%s: too little output", samples[i]);
      cr_expect_str_eq(b, a, "%s through a pipe (%s)", samples[i], flag);
      g_unlink(fifo);
    }
  }
  g_rmdir(dir);
}
