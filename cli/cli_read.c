/* cli — the commands that read documents (text, records, check): every file through the
 * pipeline (cli_batch.c, cli_run.c), its output delivered in argument order to standard output
 * or -o FILE, then check's summary. Exit status: the worst of the files' (0 all figures
 * reconcile, 1 a mismatch, 2 a file that could not be read), or 2 when the output could not be
 * written. CSV written to a file gets its data package beside it (cli_schema.c). */
#include "cli/cli.h"

#include <unistd.h>

typedef struct {
  const YsCliOptions *options;
  YsOutFile *out;
  gboolean write_failed;
  GError *write_error;
  int status;
  guint files, checks, exact, rounding, mismatches, failed, pages_without_text;
} Totals;

static void print_result(const YsFileResult *result, gpointer user_data) {
  Totals *t = user_data;
  t->files++;
  t->checks += result->checks;
  t->exact += result->exact;
  t->rounding += result->rounding;
  t->mismatches += result->mismatches;
  t->pages_without_text += result->pages_without_text;
  if (result->status == 2)
    t->failed++;
  t->status = MAX(t->status, result->status);
  gboolean show_out = !t->options->quiet || t->options->output != NULL;
  if (show_out && !t->write_failed &&
      !(ys_outfile_copy(t->out, result->spool, result->spool_len, &t->write_error) &&
        ys_outfile_write(t->out, result->out->str, result->out->len, &t->write_error)))
    t->write_failed = TRUE;
  if (result->err->len > 0 && (!t->options->quiet || result->status == 2)) {
    fflush(stdout);
    fputs(result->err->str, stderr);
  }
}

static void write_summary(const YsCliOptions *options, Totals *totals) {
  if (options->command != YS_CMD_CHECK || options->format != YS_FORMAT_TEXT || options->quiet)
    return;
  g_autoptr(GString) summary = g_string_new(NULL);
  g_string_append_printf(summary,
                         "summary: %u file%s, %u checks run: %u exact, %u within rounding, "
                         "%u mismatch%s",
                         totals->files, totals->files == 1 ? "" : "s", totals->checks,
                         totals->exact, totals->rounding, totals->mismatches,
                         totals->mismatches == 1 ? "" : "es");
  if (totals->pages_without_text > 0)
    g_string_append_printf(summary, ", %u page%s without usable text skipped",
                           totals->pages_without_text, totals->pages_without_text == 1 ? "" : "s");
  if (totals->failed > 0)
    g_string_append_printf(summary, ", %u file%s could not be read", totals->failed,
                           totals->failed == 1 ? "" : "s");
  g_string_append_c(summary, '\n');
  if (!totals->write_failed &&
      !ys_outfile_write(totals->out, summary->str, summary->len, &totals->write_error))
    totals->write_failed = TRUE;
}

/* The output closed: complete and renamed into place, or removed. Returns the exit status. */
static int finish_output(const YsCliOptions *options, Totals *totals) {
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  if (!totals->write_failed) {
    note = ys_outfile_encoding_note(totals->out, &totals->write_error);
    totals->write_failed = totals->write_error != NULL;
  }
  if (totals->write_failed) {
    /* a reader that stopped early (`| head`) is not worth a message */
    if (!g_error_matches(totals->write_error, G_FILE_ERROR, G_FILE_ERROR_PIPE))
      fprintf(stderr, "yosan: %s\n", totals->write_error->message);
    g_error_free(totals->write_error);
    ys_outfile_abort(totals->out);
    return 2;
  }
  if (!ys_outfile_commit(totals->out, &error)) {
    if (!g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_PIPE)) /* as above */
      fprintf(stderr, "yosan: %s\n", error->message);
    return 2;
  }
  if (note != NULL && !options->quiet)
    fprintf(stderr, "yosan: %s: warning: %s\n",
            options->output ? options->output : "standard output", note);
  if (!ys_schema_write_package(options, &error)) {
    fprintf(stderr, "yosan: %s\n", error->message);
    return 2;
  }
  return totals->status;
}

int ys_cli_cmd_read(YsCliOptions *options, char **files, int n_files) {
  if (options->db != NULL || options->item_pattern != NULL || options->body != NULL)
    return ys_cli_cmd_store(options, files, n_files); /* records and check of the store */
  if (n_files < 1)
    return ys_cli_usage_error("no FILE given (a PDF or text file, or - for standard input)");
  int n_stdin = 0;
  for (int i = 0; i < n_files; i++)
    n_stdin += strcmp(files[i], "-") == 0;
  if (n_stdin > 1)
    return ys_cli_usage_error("'-' (standard input) may be given only once");
  /* -j N is the number of cores yosan may use: files run at once take one each, and a file
   * has a second one for reading PDF pages ahead only when N leaves one to spare for it */
  int at_once = MIN(options->jobs, n_files);
  options->read_ahead = options->jobs >= 2 * at_once;
  options->progress = !options->quiet && isatty(STDERR_FILENO);

  g_autoptr(GError) error = NULL;
  g_autoptr(YsRules) rules = NULL;
  if (options->command != YS_CMD_TEXT && !ys_rules_load(&rules, options->rules_dir, &error)) {
    fprintf(stderr, "yosan: %s\n", error->message);
    if (options->rules_default && g_error_matches(error, YS_RULES_ERROR, YS_RULES_ERROR_IO))
      fprintf(stderr, "yosan: that is where an installed yosan keeps its rules (beside "
                      "bin/, in share/yosan/rules): install it with 'make install', or name "
                      "a rule directory with --rules=DIR\n");
    return 2;
  }
  YsOutFile *out = ys_outfile_open(options->output, options->out_encoding, options->bom, &error);
  if (out == NULL) {
    fprintf(stderr, "yosan: %s\n", error->message);
    return 2;
  }
  Totals totals = {.options = options, .out = out};
  g_autoptr(GString) header = g_string_new(NULL);
  ys_format_header(options, header);
  if ((!options->quiet || options->output != NULL) &&
      !ys_outfile_write(out, header->str, header->len, &totals.write_error))
    totals.write_failed = TRUE;

  YsProgress *progress = options->progress ? ys_progress_new((guint)n_files) : NULL;
  ys_cli_run_batch(options, rules, files, n_files, progress, print_result, &totals);
  ys_progress_free(progress);
  write_summary(options, &totals);
  return finish_output(options, &totals);
}
