/* cli — the command-line front end: private declarations shared by the files of cli/.
 * Only cli/ prints or chooses an exit status; the stages below it return GErrors. */
#ifndef YS_CLI_H
#define YS_CLI_H

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "rules/rules.h"
#include "store/store.h"
#include "validate/validate.h"

typedef enum {
  YS_CMD_TEXT,
  YS_CMD_RECORDS,
  YS_CMD_CHECK,
  YS_CMD_INGEST,  /* cli_ingest.c */
  YS_CMD_MERGE,   /* cli_store_read.c */
  YS_CMD_HISTORY, /* cli_history.c */
} YsCommand;
typedef enum { YS_FORMAT_TEXT, YS_FORMAT_CSV, YS_FORMAT_JSONL } YsFormat;

typedef struct {
  YsCommand command;
  YsFormat format;
  const char *rules_dir;
  const char *encoding;
  const char *password;
  const char *output;       /* -o FILE; NULL = stdout */
  int jobs;                 /* files checked at once */
  int timeout_seconds;      /* per file, 0 = none */
  gint64 memory_limit_mb;   /* per file address space, 0 = none */
  gboolean quiet;
  gboolean verbose;         /* show every finding, not only mismatches */
  gboolean isolate;         /* run each file in a child process */
  gboolean read_ahead;      /* PDF pages read on a second thread: two cores per file to spare */
  const char *db;           /* --db: the store (ingest, merge, history; records/check from it) */
  const char *body;         /* --body: ingest names the issuing body; otherwise a filter */
  const char *item_pattern; /* --item: records/check --db keep items matching this glob */
  int filter_year;          /* --year: records/check --db keep documents of this fiscal year */
} YsCliOptions;

/* What one file produced: its part of stdout, its messages for stderr, and counts. Its part
 * of stdout is the first SPOOL_LEN bytes of SPOOL (when set), then OUT. */
typedef struct {
  GString *out;
  GString *err;
  FILE *spool;              /* owned: a child's output, left there until it is delivered */
  guint64 spool_len;
  int spill_fd;             /* >= 0 in a child: OUT moves there as it grows */
  guint64 spilled;          /* bytes moved there (ys_file_result_spill) */
  gboolean spill_failed;
  int status;               /* 0 ok · 1 mismatch · 2 failed */
  guint checks, exact, rounding, mismatches;
  guint records, pages, pages_without_text;
} YsFileResult;

void ys_file_result_init(YsFileResult *result);
void ys_file_result_clear(YsFileResult *result);
/* Moves OUT to SPILL_FD once it holds a megabyte or more: a large output is written as it is
 * made instead of piling up in memory. */
void ys_file_result_spill(YsFileResult *result);

/* cli_run.c: the pipeline on one file, everything printed into RESULT. */
void ys_cli_run_file(const YsCliOptions *options, const YsRules *rules, const char *path,
                     YsFileResult *result);

/* cli_batch.c: every file, each in a child process with limits when options->isolate,
 * up to options->jobs at once; results delivered in argument order. */
typedef void (*YsResultSink)(const YsFileResult *result, gpointer user_data);
gboolean ys_write_all(int fd, const void *data, gsize len); /* FALSE: errno says why */
void ys_cli_run_batch(const YsCliOptions *options, const YsRules *rules, char **paths,
                      int n_paths, YsResultSink sink, gpointer user_data);

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
void ys_format_text_line(const YsNormLine *line, GString *out);
/* Records [FROM, TO) of SET; the text format's heading comes with the piece from 0. */
void ys_format_records(const YsCliOptions *options, const YsRecordSet *set, guint from, guint to,
                       GString *out);
void ys_format_findings(const YsCliOptions *options, const YsRecordSet *set,
                        const GPtrArray *findings, GString *out);
void ys_csv_field(GString *out, const char *value);
void ys_json_string(GString *out, const char *value);
char *ys_format_year(int fiscal_year);   /* 2026 → "令和8年度" */

/* cli_outfile.c: -o FILE written to a temporary file in the same directory, renamed into
 * place only when complete, so an interrupted run never leaves a half-written file. */
typedef struct YsOutFile YsOutFile;
YsOutFile *ys_outfile_open(const char *path, GError **error);  /* NULL path = stdout */
gboolean ys_outfile_write(YsOutFile *file, const char *data, gsize len, GError **error);
/* Writes the first LEN bytes of FROM (read from its start). */
gboolean ys_outfile_copy(YsOutFile *file, FILE *from, guint64 len, GError **error);
gboolean ys_outfile_commit(YsOutFile *file, GError **error);   /* closes and frees */
void ys_outfile_abort(YsOutFile *file);                        /* removes the temp, frees */
/* The temporary file being written, or NULL: read by the signal handler in main.c. */
extern const char *volatile ys_outfile_pending_tmp;

#endif
