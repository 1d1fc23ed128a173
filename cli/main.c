/* cli — `yosan`: parse the command line, load the rules, run the files, print, exit.
 * Exit status: 0 all figures reconcile · 1 at least one mismatch · 2 usage or input error. */
#include "cli/cli.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

static void on_signal(int sig) {
  const char *tmp = ys_outfile_pending_tmp;
  if (tmp != NULL)
    unlink(tmp);
  signal(sig, SIG_DFL);
  raise(sig);
}

static int usage_error(const char *message) {
  fprintf(stderr, "yosan: %s\nTry 'yosan --help' for the commands and options.\n", message);
  return 2;
}

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

static gboolean parse_format(const char *name, YsFormat *format) {
  if (g_strcmp0(name, "text") == 0)
    *format = YS_FORMAT_TEXT;
  else if (g_strcmp0(name, "csv") == 0)
    *format = YS_FORMAT_CSV;
  else if (g_strcmp0(name, "jsonl") == 0)
    *format = YS_FORMAT_JSONL;
  else
    return FALSE;
  return TRUE;
}

static const char *default_rules_dir(void) {
  if (g_file_test(YS_RULES_DIR_BUILD, G_FILE_TEST_IS_DIR))
    return YS_RULES_DIR_BUILD;
  return YS_RULES_DIR_INSTALL;
}

static const char SUMMARY[] =
    "Commands:\n"
    "  text      normalized text of each page, page- and line-numbered\n"
    "  records   every amount as a record: item, fiscal year, kind, exact yen, page (CSV)\n"
    "  check     every total, difference and rate reconciled within the document's rounding\n"
    "  ingest    into the store (--db=PATH); records and check --db read from it\n"
    "  merge     stores made apart into one: yosan merge --db=ALL.db PART.db...\n"
    "  history   an item's figures by year from the store: yosan history --db=PATH ITEM\n"
    "\n"
    "FILE is a PDF or a text file (UTF-8, Shift_JIS/CP932 or EUC-JP); '-' reads standard input.\n"
    "Exit status: 0 all figures reconcile, 1 at least one mismatch, 2 usage or input error.";

int main(int argc, char **argv) {
  setlocale(LC_ALL, "");
  gboolean version = FALSE, no_isolate = FALSE;
  g_autofree char *format_name = NULL;
  g_autofree char *rules_dir = NULL, *encoding = NULL, *password = NULL, *output = NULL;
  g_autofree char *db = NULL, *body = NULL, *item = NULL; /* the store's options */
  YsCliOptions options = {.jobs = (int)g_get_num_processors(),
                          .timeout_seconds = 600,
                          .memory_limit_mb = 4096,
                          .isolate = TRUE};
  GOptionEntry entries[] = {
      {"format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
       "Output format: text (human), csv or jsonl (default: csv for records, text otherwise)",
       "text|csv|jsonl"},
      {"rules", 0, 0, G_OPTION_ARG_FILENAME, &rules_dir,
       "Directory of *.rules files to use instead of the default set", "DIR"},
      {"encoding", 0, 0, G_OPTION_ARG_STRING, &encoding,
       "Encoding of text input (e.g. CP932, EUC-JP, UTF-8); default: detected", "NAME"},
      {"password", 0, 0, G_OPTION_ARG_STRING, &password, "User password of an encrypted PDF",
       "PASSWORD"},
      {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
       "Write to FILE (replaced only when complete) instead of standard output", "FILE"},
      {"jobs", 'j', 0, G_OPTION_ARG_INT, &options.jobs,
       "Cores to use: files read at once, and a PDF's pages read ahead on a core to spare "
       "(default: all)",
       "N"},
      {"timeout", 0, 0, G_OPTION_ARG_INT, &options.timeout_seconds,
       "Give up on a file after SECONDS (default 600, 0 = never)", "SECONDS"},
      {"memory-limit", 0, 0, G_OPTION_ARG_INT64, &options.memory_limit_mb,
       "Give up on a file that needs more than MB of memory (default 4096, 0 = no limit)", "MB"},
      {"quiet", 'q', 0, G_OPTION_ARG_NONE, &options.quiet,
       "Print nothing but errors; the exit status tells the result", NULL},
      {"verbose", 'v', 0, G_OPTION_ARG_NONE, &options.verbose,
       "Show every finding (not only mismatches) and Poppler's own messages", NULL},
      {"no-isolate", 0, 0, G_OPTION_ARG_NONE, &no_isolate,
       "Read files in this process instead of one child process each (for debugging)", NULL},
      {"db", 0, 0, G_OPTION_ARG_FILENAME, &db,
       "The store (SQLite): ingest and merge into it; history, records and check read it", "PATH"},
      {"body", 0, 0, G_OPTION_ARG_STRING, &body,
       "ingest: the issuing body of the files; with --db: only its documents", "NAME"},
      {"year", 0, 0, G_OPTION_ARG_INT, &options.filter_year,
       "With --db: only documents of this fiscal year (Gregorian, e.g. 2026)", "YEAR"},
      {"item", 0, 0, G_OPTION_ARG_STRING, &item,
       "With --db: only records and findings whose item or path matches this glob", "PATTERN"},
      {"version", 'V', 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};

  g_autoptr(GOptionContext) context =
      g_option_context_new("COMMAND FILE... — budget documents into records, totals checked");
  g_option_context_add_main_entries(context, entries, NULL);
  g_option_context_set_summary(context, SUMMARY);
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse(context, &argc, &argv, &error))
    return usage_error(error->message);
  if (version) {
    printf("yosan %s (poppler-glib, PCRE2, GLib)\n", YS_VERSION);
    return 0;
  }
  if (argc < 2)
    return usage_error("no command given: use text, records or check");
  if (g_strcmp0(argv[1], "text") == 0)
    options.command = YS_CMD_TEXT;
  else if (g_strcmp0(argv[1], "records") == 0)
    options.command = YS_CMD_RECORDS;
  else if (g_strcmp0(argv[1], "check") == 0)
    options.command = YS_CMD_CHECK;
  else if (g_strcmp0(argv[1], "ingest") == 0)
    options.command = YS_CMD_INGEST;
  else if (g_strcmp0(argv[1], "merge") == 0)
    options.command = YS_CMD_MERGE;
  else if (g_strcmp0(argv[1], "history") == 0)
    options.command = YS_CMD_HISTORY;
  else {
    g_autofree char *msg = g_strdup_printf(
        "unknown command '%s': use text, records, check, ingest, merge or history", argv[1]);
    return usage_error(msg);
  }
  options.db = db;
  options.body = body;
  options.item_pattern = item;
  const char *store_usage = ys_cli_store_usage(&options, argc - 2);
  if (store_usage != NULL)
    return usage_error(store_usage);
  if (argc < 3 && db == NULL)
    return usage_error("no FILE given (a PDF or text file, or - for standard input)");
  options.format = options.command == YS_CMD_RECORDS ? YS_FORMAT_CSV : YS_FORMAT_TEXT;
  if (format_name != NULL && !parse_format(format_name, &options.format)) {
    g_autofree char *msg =
        g_strdup_printf("unknown format '%s': use text, csv or jsonl", format_name);
    return usage_error(msg);
  }
  if (options.jobs < 1 || options.timeout_seconds < 0 || options.memory_limit_mb < 0)
    return usage_error("--jobs must be at least 1; --timeout and --memory-limit at least 0");
  int n_stdin = 0;
  for (int i = 2; i < argc; i++)
    n_stdin += strcmp(argv[i], "-") == 0;
  if (n_stdin > 1)
    return usage_error("'-' (standard input) may be given only once");

  options.rules_dir = rules_dir ? rules_dir : default_rules_dir();
  options.encoding = encoding;
  options.password = password;
  options.output = output;
  options.isolate = !no_isolate;
  /* -j N is the number of cores yosan may use: files run at once take one each, and a file
   * has a second one for reading PDF pages ahead only when N leaves one to spare for it */
  int n_files = argc - 2, at_once = MIN(options.jobs, n_files);
  options.read_ahead = options.jobs >= 2 * at_once;

  g_autoptr(YsRules) rules = NULL;
  if (options.command != YS_CMD_TEXT && !ys_rules_load(&rules, options.rules_dir, &error)) {
    fprintf(stderr, "yosan: %s\n", error->message);
    return 2;
  }

  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  signal(SIGHUP, on_signal);
  signal(SIGPIPE, SIG_IGN);
  if (db != NULL) /* the store's commands print and write on their own */
    return ys_cli_store_main(&options, rules, argv + 2, argc - 2);
  YsOutFile *out = ys_outfile_open(output, &error);
  if (out == NULL) {
    fprintf(stderr, "yosan: %s\n", error->message);
    return 2;
  }
  Totals totals = {.options = &options, .out = out};
  g_autoptr(GString) header = g_string_new(NULL);
  ys_format_header(&options, header);
  if ((!options.quiet || output != NULL) &&
      !ys_outfile_write(out, header->str, header->len, &totals.write_error))
    totals.write_failed = TRUE;

  ys_cli_run_batch(&options, rules, argv + 2, argc - 2, print_result, &totals);

  if (options.command == YS_CMD_CHECK && options.format == YS_FORMAT_TEXT && !options.quiet) {
    g_autoptr(GString) summary = g_string_new(NULL);
    g_string_append_printf(summary,
                           "summary: %u file%s, %u checks run: %u exact, %u within rounding, "
                           "%u mismatch%s",
                           totals.files, totals.files == 1 ? "" : "s", totals.checks, totals.exact,
                           totals.rounding, totals.mismatches, totals.mismatches == 1 ? "" : "es");
    if (totals.pages_without_text > 0)
      g_string_append_printf(summary, ", %u page%s without usable text skipped",
                             totals.pages_without_text, totals.pages_without_text == 1 ? "" : "s");
    if (totals.failed > 0)
      g_string_append_printf(summary, ", %u file%s could not be read", totals.failed,
                             totals.failed == 1 ? "" : "s");
    g_string_append_c(summary, '\n');
    if (!totals.write_failed &&
        !ys_outfile_write(out, summary->str, summary->len, &totals.write_error))
      totals.write_failed = TRUE;
  }
  if (totals.write_failed) {
    /* a reader that stopped early (`| head`) is not worth a message */
    if (!g_error_matches(totals.write_error, G_FILE_ERROR, G_FILE_ERROR_PIPE))
      fprintf(stderr, "yosan: %s\n", totals.write_error->message);
    g_error_free(totals.write_error);
    ys_outfile_abort(out);
    return 2;
  }
  if (!ys_outfile_commit(out, &error)) {
    if (!g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_PIPE)) /* as above */
      fprintf(stderr, "yosan: %s\n", error->message);
    return 2;
  }
  return totals.status;
}
