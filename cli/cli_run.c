/* cli — the pipeline on one file: extract each page, normalize each line, then print it
 * (`text`) or feed it to the rules reader (`records`, `check`); the checks run on the records.
 * Pages are streamed one at a time and freed, so memory holds only the records. */
#include "cli/cli.h"

#include "report/report.h"
#include "validate/validate.h"

/* Records formatted at a time: the output of one piece is spilled before the next is made. */
#define RECORDS_PER_PIECE 4096u
/* A child's output past this is written out (its buffer's pages are reused, not grown). */
#define SPILL_BYTES (1u << 20)

void ys_file_result_init(YsFileResult *result) {
  memset(result, 0, sizeof *result);
  result->out = g_string_new(NULL);
  result->err = g_string_new(NULL);
  result->spill_fd = -1;
}

void ys_file_result_clear(YsFileResult *result) {
  if (result->out)
    g_string_free(result->out, TRUE);
  if (result->err)
    g_string_free(result->err, TRUE);
  if (result->spool)
    fclose(result->spool);
  result->out = result->err = NULL;
  result->spool = NULL;
}

void ys_file_result_spill(YsFileResult *result) {
  if (result->spill_fd < 0 || result->spill_failed || result->out->len < SPILL_BYTES)
    return;
  if (!ys_write_all(result->spill_fd, result->out->str, result->out->len)) {
    result->spill_failed = TRUE; /* the child reports it by its exit status */
    return;
  }
  result->spilled += result->out->len;
  g_string_truncate(result->out, 0);
}

static void fail(YsFileResult *result, const GError *error) {
  g_string_append_printf(result->err, "yosan: %s\n", error->message);
  result->status = 2;
}

static void count_findings(YsFileResult *result, const GPtrArray *findings) {
  for (guint i = 0; i < findings->len; i++) {
    const YsFinding *f = g_ptr_array_index(findings, i);
    result->checks++;
    if (f->status == YS_STATUS_EXACT)
      result->exact++;
    else if (f->status == YS_STATUS_ROUNDING)
      result->rounding++;
    else
      result->mismatches++;
  }
  if (result->mismatches > 0 && result->status == 0)
    result->status = 1;
}

/* How many of the N_PAGES pages --pages names; pages it names past the end are noted, and a
 * file none of whose pages it names fails. */
static int count_selected(const YsCliOptions *options, const char *source, int n_pages,
                          YsFileResult *result) {
  int selected = 0;
  for (int number = 1; number <= n_pages; number++)
    selected += ys_cli_page_selected(options, number);
  if (options->pages == NULL)
    return selected;
  gboolean past_end = FALSE;
  for (guint i = 0; i < options->n_pages; i++)
    past_end |= options->pages[i].first > n_pages || options->pages[i].last > n_pages;
  if (selected == 0) {
    g_string_append_printf(result->err,
                           "yosan: %s: --pages=%s names none of its %d page%s; give pages "
                           "from 1 to %d\n",
                           source, options->pages_spec, n_pages, n_pages == 1 ? "" : "s", n_pages);
    result->status = 2;
  } else if (past_end && !options->quiet) {
    g_string_append_printf(result->err,
                           "yosan: %s: warning: it has %d page%s; --pages=%s reads %d of them\n",
                           source, n_pages, n_pages == 1 ? "" : "s", options->pages_spec, selected);
  }
  return selected;
}

/* Page NUMBER: its lines printed (text) or fed to READER. FALSE: the file failed. */
static gboolean read_page(const YsCliOptions *options, YsDocument *doc, int number,
                          YsReader *reader, YsCliIngest *stored, YsNormLine **line,
                          YsFileResult *result) {
  g_autoptr(GError) error = NULL;
  g_autoptr(YsPage) page = NULL;
  if (!ys_extract_page(doc, number, &page, &error)) {
    fail(result, error);
    return FALSE;
  }
  result->pages++;
  if (page->warning != NULL) {
    result->pages_without_text++;
    g_string_append_printf(result->err, "yosan: %s: p.%d: %s\n", ys_extract_source(doc), number,
                           page->warning);
  }
  for (guint i = 0; i < page->lines->len; i++) {
    const YsRawLine *raw = g_ptr_array_index(page->lines, i);
    /* the reader passes over blank lines (a page break it sees at the page's next line): an
     * empty one is not even normalized for it. A third of a text file's lines are empty. */
    if (reader != NULL && raw->text[0] == '\0')
      continue;
    if (*line == NULL)
      *line = ys_norm_line_new(raw);
    else
      ys_norm_line_reset(*line, raw);
    if (stored != NULL)
      ys_cli_ingest_add_line(stored, *line);
    if (reader == NULL) {
      ys_format_text_line(options, *line, result->out);
    } else if (!ys_reader_feed(reader, *line, &error)) {
      fail(result, error);
      return FALSE;
    }
  }
  return TRUE;
}

/* A document that states no fiscal year (a part of a book split by 款): say so, and what it
 * costs, rather than leave the year column empty without a word. */
static void warn_no_year(const YsRecordSet *set, const char *source, YsFileResult *result) {
  guint relative = 0, unplaced = 0;
  for (guint i = 0; i < set->records->len; i++) {
    const YsRecord *r = g_ptr_array_index(set->records, i);
    if (r->fiscal_year == 0 && r->kind != YS_KIND_OTHER)
      r->year_relative ? relative++ : unplaced++;
  }
  if (set->fiscal_year != 0 || relative + unplaced == 0)
    return;
  g_string_append_printf(result->err,
                         "yosan: %s: the document states no fiscal year: %u records have none",
                         source, relative + unplaced);
  if (unplaced == 0)
    g_string_append(result->err, " (本年度 and 前年度 are still told apart: every check ran)");
  else
    g_string_append_printf(result->err,
                           "; %u of them cannot be placed in a year and take part "
                           "in no difference or duplicate check",
                           unplaced);
  g_string_append(result->err, "; give --year=2026 (or --year=令和8) to set it\n");
}

void ys_cli_run_file(const YsCliOptions *options, const YsRules *rules, const char *path,
                     YsFileResult *result) {
  YsExtractOptions extract_options = {options->encoding, options->password, options->read_ahead};
  g_autoptr(GError) error = NULL;
  g_autoptr(YsDocument) doc = NULL;
  if (!ys_extract_open(&doc, path, &extract_options, &error)) {
    fail(result, error);
    return;
  }
  const char *source = ys_extract_source(doc);
  if (ys_extract_open_warning(doc) != NULL && options->verbose)
    g_string_append_printf(result->err, "yosan: %s: note: the PDF needed repair: %s\n", source,
                           ys_extract_open_warning(doc));
  int n_pages = ys_extract_page_count(doc);
  int selected = count_selected(options, source, n_pages, result);
  if (selected == 0)
    return;
  if (result->progress)
    g_atomic_int_set(&result->progress->total, selected);
  g_autoptr(YsReader) reader = NULL;
  g_autoptr(YsCliIngest) stored = NULL; /* ingest: what the store keeps of the file */
  if (options->command == YS_CMD_INGEST)
    stored = ys_cli_ingest_begin(path);
  if (options->command != YS_CMD_TEXT)
    reader = ys_reader_new(rules, source);
  else if (options->format != YS_FORMAT_JSONL)
    g_string_append_printf(result->out, "# %s\n", source);
  if (reader != NULL && options->document_year)
    ys_reader_set_year(reader, options->document_year);

  g_autoptr(YsNormLine) line = NULL; /* one object refilled for every line: no per-line malloc */
  for (int number = 1; number <= n_pages; number++) {
    if (!ys_cli_page_selected(options, number))
      continue;
    if (!read_page(options, doc, number, reader, stored, &line, result))
      return;
    ys_file_result_spill(result);
    if (result->progress)
      g_atomic_int_inc(&result->progress->done);
    ys_progress_tick(result->ticker);
  }
  if (result->pages > 0 && result->pages_without_text == result->pages) {
    /* nothing was read: no check "reconciles", the file failed (the pages are named above) */
    g_string_append_printf(result->err,
                           "yosan: %s: no page could be read (%u of %u had no usable text): the "
                           "file may be damaged or scanned; check that it opens in a PDF viewer "
                           "(OCR is not supported)\n",
                           source, result->pages_without_text, result->pages);
    result->status = 2;
    return;
  }
  if (result->pages_without_text > 0)
    g_string_append_printf(result->err,
                           "yosan: %s: %u of %u pages had no usable text and were skipped\n",
                           source, result->pages_without_text, result->pages);
  if (reader == NULL)
    return;

  g_autoptr(YsRecordSet) set = ys_reader_finish(g_steal_pointer(&reader));
  result->records = set->records->len;
  warn_no_year(set, source, result);
  if (stored != NULL) {
    ys_cli_ingest_end(options, rules, g_steal_pointer(&stored), n_pages, set, result);
    return;
  }
  if (options->command == YS_CMD_RECORDS) {
    guint n = set->records->len, from = 0;
    do {
      guint to = MIN(from + RECORDS_PER_PIECE, n);
      ys_format_records(options, set, from, to, result->out);
      ys_file_result_spill(result);
      from = to;
    } while (from < n);
    return;
  }
  g_autoptr(GPtrArray) findings = ys_check_run(set);
  count_findings(result, findings);
  if (options->command == YS_CMD_REPORT) {
    ys_cli_report_file(options, path, doc, set, findings, result);
    g_clear_pointer(&doc, ys_extract_close);
    ys_report_release();
    return;
  }
  ys_format_findings(options, set, findings, result->out);
}
