/* cli — the command-line front end: private declarations shared by the files of cli/.
 * Only cli/ prints or chooses an exit status; the stages below it return GErrors. */
#ifndef YS_CLI_H
#define YS_CLI_H

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "extract/extract.h"
#include "normalize/normalize.h"
#include "rules/rules.h"
#include "store/store.h"
#include "cli/cli_spec.h"

typedef enum {
  YS_CMD_TEXT,
  YS_CMD_RECORDS,
  YS_CMD_CHECK,
  YS_CMD_SCHEMA,
  YS_CMD_REPORT,
  YS_CMD_INGEST,  /* cli_ingest.c */
  YS_CMD_MERGE,   /* cli_store_read.c */
  YS_CMD_HISTORY, /* cli_history.c */
} YsCommand;
typedef enum { YS_FORMAT_TEXT, YS_FORMAT_CSV, YS_FORMAT_JSONL } YsFormat;
typedef enum { YS_OUT_UTF8, YS_OUT_CP932 } YsOutEncoding;

/* One range of --pages: FIRST to LAST, 1-based; LAST 0 = to the end. */
typedef struct {
  int first, last;
} YsPageRange;

/* What the command line asked for. The fields an option sets are named by its entry in the
 * spec (cli_spec.c); the rest are made from them by ys_cli_parse (cli_args.c). */
struct YsCliOptions {
  /* set by options (the strings are owned: ys_cli_options_clear frees them) */
  char *format_name;
  char *rules_dir; /* NULL: the default set, filled in by ys_cli_parse */
  char *encoding;
  char *password;
  char *output;     /* -o FILE; NULL = stdout */
  char *pages_spec; /* --pages RANGE as given */
  char *year_spec;  /* --year as given: 2026, 令和8 */
  char *output_encoding_name;
  int jobs;               /* cores to use */
  int timeout_seconds;    /* per file, 0 = none */
  gint64 memory_limit_mb; /* per file address space, 0 = none */
  gboolean quiet;
  gboolean verbose; /* show every finding, not only mismatches */
  gboolean no_isolate;
  gboolean version, help;
  gboolean bom;
  /* made from them */
  YsCommand command;
  const char *command_name;
  YsFormat format;
  YsOutEncoding out_encoding;
  YsPageRange *pages; /* --pages; NULL: every page */
  int document_year;  /* --year: a document's fiscal year when it states none; 0 none */
  guint n_pages;
  gboolean isolate;         /* run each file in a child process */
  gboolean read_ahead;      /* PDF pages read on a second thread: two cores per file to spare */
  gboolean progress;        /* draw progress on stderr (a terminal, not --quiet) */
  gboolean rules_default;   /* rules_dir is the default set, not --rules */
  GHashTable *report_pages; /* report: a FILE as given → its page's name in the -o directory */
  /* the store */
  char *db;           /* --db: the store (ingest, merge, history; records/check from it) */
  char *body;         /* --body: ingest names the issuing body; otherwise a filter */
  char *item_pattern; /* --item: records/check --db keep items matching this glob */
  int filter_year;    /* --year with --db: only documents of this fiscal year */
};

/* cli_args.c: ARGV into OPTIONS by the spec. Returns -1 when the command should run (its
 * arguments are then (*ARGS)[0 .. *N_ARGS)), else the exit status (help, version: 0; a usage
 * error, printed: 2). */
int ys_cli_parse(YsCliOptions *options, int argc, char **argv, char ***args, int *n_args);
void ys_cli_options_clear(YsCliOptions *options);
int ys_cli_usage_error(const char *format, ...) G_GNUC_PRINTF(1, 2); /* prints; returns 2 */
/* --pages: "3-5,9", "7-" into ranges; FALSE with a message on a bad one. */
gboolean ys_cli_parse_pages(const char *spec, YsPageRange **ranges, guint *n, GError **error);
gboolean ys_cli_page_selected(const YsCliOptions *options, int page);
/* The rule set a run uses when --rules is not given (cli_rules_dir.c). */
char *ys_cli_default_rules_dir(void);

/* The commands (their entries in cli_spec.c): text, records and check read documents
 * (cli_read.c); schema prints a Table Schema (cli_schema.c). */
int ys_cli_cmd_read(YsCliOptions *options, char **args, int n_args);
int ys_cli_cmd_schema(YsCliOptions *options, char **args, int n_args);
/* report (cli_report.c): an HTML page per document in the -o directory, and an index. */
int ys_cli_cmd_report(YsCliOptions *options, char **args, int n_args);
/* ingest, merge, history (cli_store_read.c): the store's commands; records and check with
 * --db read the store (ys_cli_cmd_read hands them over). */
int ys_cli_cmd_store(YsCliOptions *options, char **args, int n_args);

/* cli_progress.c: files and pages done, drawn on stderr over itself (see there). */
typedef struct {
  gint done, total; /* pages of one file read, and to read (0 until it is opened) */
} YsProgressSlot;
typedef struct YsProgress YsProgress;
YsProgress *ys_progress_new(guint n_files); /* NULL: no progress (it could not be set up) */
YsProgressSlot *ys_progress_slot(YsProgress *p, guint file);
void ys_progress_file_done(YsProgress *p, guint file);
void ys_progress_tick(YsProgress *p); /* draws, when due */
void ys_progress_hide(YsProgress *p); /* before printing anything else */
void ys_progress_free(YsProgress *p); /* hides it for good */

/* What one file produced: its part of stdout, its messages for stderr, and counts. Its part
 * of stdout is the first SPOOL_LEN bytes of SPOOL (when set), then OUT. */
typedef struct {
  GString *out;
  GString *err;
  FILE *spool; /* owned: a child's output, left there until it is delivered */
  guint64 spool_len;
  int spill_fd;    /* >= 0 in a child: OUT moves there as it grows */
  guint64 spilled; /* bytes moved there (ys_file_result_spill) */
  gboolean spill_failed;
  int status; /* 0 ok · 1 mismatch · 2 failed */
  guint checks, exact, rounding, mismatches;
  guint records, pages, pages_without_text;
  YsProgressSlot *progress; /* where its pages read are counted; NULL: not */
  YsProgress *ticker;       /* in this process: drawn as pages are read; NULL in a child */
} YsFileResult;

void ys_file_result_init(YsFileResult *result);
void ys_file_result_clear(YsFileResult *result);
/* Moves OUT to SPILL_FD once it holds a megabyte or more: a large output is written as it is
 * made instead of piling up in memory. */
void ys_file_result_spill(YsFileResult *result);

/* cli_run.c: the pipeline on one file, everything printed into RESULT. */
void ys_cli_run_file(const YsCliOptions *options, const YsRules *rules, const char *path,
                     YsFileResult *result);

/* cli_report.c: `yosan report -o DIR FILE...`, run from main once the rules are loaded. */
int ys_cli_report(const YsCliOptions *options, const YsRules *rules, char **paths, int n_paths);
/* In the reader of PATH (DOC, its records and findings): writes its page into the directory,
 * and what the index needs of it into RESULT's output. */
void ys_cli_report_file(const YsCliOptions *options, const char *path, YsDocument *doc,
                        const YsRecordSet *set, const GPtrArray *findings, YsFileResult *result);

/* cli_batch.c: every file, each in a child process with limits when options->isolate,
 * up to options->jobs at once; results delivered in argument order. */
typedef void (*YsResultSink)(const YsFileResult *result, gpointer user_data);
gboolean ys_write_all(int fd, const void *data, gsize len); /* FALSE: errno says why */
void ys_cli_run_batch(const YsCliOptions *options, const YsRules *rules, char **paths, int n_paths,
                      YsProgress *progress, YsResultSink sink, gpointer user_data);

/* cli_ingest.c: what a reader of one file adds for `yosan ingest` (its lines, its bytes'
 * sha256; at the end the packed document in RESULT's output), and the writer's side. */
typedef struct YsCliIngest YsCliIngest;
YsCliIngest *ys_cli_ingest_begin(const char *path);
void ys_cli_ingest_add_line(YsCliIngest *ingest, const YsNormLine *line);
/* Packs the document into RESULT's output (or its error into RESULT) and frees INGEST. */
void ys_cli_ingest_end(const YsCliOptions *options, const YsRules *rules, YsCliIngest *ingest,
                       int pages, const YsRecordSet *set, YsFileResult *result);
void ys_cli_ingest_free(YsCliIngest *ingest); /* a file given up before its end */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(YsCliIngest, ys_cli_ingest_free)
int ys_cli_ingest(const YsCliOptions *options, const YsRules *rules, char **paths, int n_paths);
/* cli_writer.c: the one writer of `yosan ingest`. With SEPARATE it is a process of its own,
 * forked before any reader and handed each document's spool file: the reader processes are
 * forked from a process that then writes little memory (the store's writes in the forking
 * process made every fork's pages copied, 2.7 ms a small file). */
typedef struct YsCliWriter YsCliWriter;
YsCliWriter *ys_cli_writer_open(const YsCliOptions *options, const YsRules *rules,
                                const YsStoreMaker *maker, gboolean separate, GError **error);
/* Stores RESULT's packed document (its spool, then its output), printing what was done. */
void ys_cli_writer_add(YsCliWriter *writer, const YsFileResult *result);
/* Waits for the last document to be stored; frees WRITER. */
void ys_cli_writer_close(YsCliWriter *writer, guint *added, guint *already, guint *failed);
/* cli_store_read.c: records/check --db, merge; cli_history.c: history. Exit status. */
int ys_cli_store_read(const YsCliOptions *options, const YsRules *rules);
int ys_cli_merge(const YsCliOptions *options, const YsRules *rules, char **parts, int n_parts);
int ys_cli_history(const YsCliOptions *options, const YsRules *rules, const char *item);
/* The store's commands (ingest, merge, history, records/check --db) with ARGS after the command:
 * the option checks done, the exit status returned. */
const char *ys_cli_store_usage(const YsCliOptions *options, int n_args);
int ys_cli_store_main(const YsCliOptions *options, const YsRules *rules, char **args, int n);

/* cli_format.c: output of each command and format. */
void ys_format_header(const YsCliOptions *options, GString *out);
/* One line of `text`: `PAGE:LINE: TEXT`, or with --format=jsonl its box and cells too. */
void ys_format_text_line(const YsCliOptions *options, const YsNormLine *line, GString *out);
/* Records [FROM, TO) of SET; the text format's heading comes with the piece from 0. */
void ys_format_records(const YsCliOptions *options, const YsRecordSet *set, guint from, guint to,
                       GString *out);
void ys_format_findings(const YsCliOptions *options, const YsRecordSet *set,
                        const GPtrArray *findings, GString *out);
/* The CSV header's columns of COMMAND's output (records, check), NULL-terminated; NULL: none. */
const char *const *ys_format_columns(YsCommand command);
void ys_csv_field(GString *out, const char *value);
void ys_json_string(GString *out, const char *value);
char *ys_format_year(int fiscal_year); /* 2026 → "令和8年度" */

/* cli_schema.c: the Table Schema of COMMAND's CSV (records, check) as JSON, each line after
 * the first indented by INDENT; FALSE for a column it does not describe. */
gboolean ys_schema_table(YsCommand command, const char *indent, GString *out, GError **error);
/* -o FILE.csv: FILE.datapackage.json beside it (nothing for other output). */
gboolean ys_schema_write_package(const YsCliOptions *options, GError **error);

/* cli_encode.c: UTF-8 into CP932, characters it lacks as their nearest form or '?', counted. */
typedef struct YsEncoder YsEncoder;
YsEncoder *ys_encoder_new_cp932(GError **error);
/* Appends DATA (LEN bytes of UTF-8, possibly ending inside a character) to OUT in CP932. */
void ys_encoder_convert(YsEncoder *enc, const char *data, gsize len, GString *out);
void ys_encoder_finish(YsEncoder *enc, GString *out); /* a character left cut short: '?' */
/* What was replaced, as a sentence ("3 characters CP932 has no form of: …"); NULL: nothing. */
char *ys_encoder_summary(const YsEncoder *enc);
void ys_encoder_free(YsEncoder *enc);

/* cli_outfile.c: -o FILE written to a temporary file in the same directory, renamed into
 * place only when complete, so an interrupted run never leaves a half-written file. The
 * output is UTF-8 as made, after a byte order mark with BOM, or converted to CP932. */
typedef struct YsOutFile YsOutFile;
/* NULL path = stdout */
YsOutFile *ys_outfile_open(const char *path, YsOutEncoding encoding, gboolean bom, GError **error);
gboolean ys_outfile_write(YsOutFile *file, const char *data, gsize len, GError **error);
/* Writes the first LEN bytes of FROM (read from its start). */
gboolean ys_outfile_copy(YsOutFile *file, FILE *from, guint64 len, GError **error);
/* Ends the conversion (call before commit) and says what CP932 lacked; NULL: nothing. */
char *ys_outfile_encoding_note(YsOutFile *file, GError **error);
gboolean ys_outfile_commit(YsOutFile *file, GError **error); /* closes and frees */
void ys_outfile_abort(YsOutFile *file);                      /* removes the temp, frees */
extern const char *volatile ys_outfile_pending_tmp;

#endif
