/* cli — the pipeline on one file: extract each page, normalize each line, then print it
 * (`text`) or feed it to the rules reader (`records`, `check`); the checks run on the records.
 * Pages are streamed one at a time and freed, so memory holds only the records. */
#include "cli/cli.h"

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
  g_autoptr(YsReader) reader = NULL;
  g_autoptr(YsCliIngest) stored = NULL; /* ingest: what the store keeps of the file */
  if (options->command == YS_CMD_INGEST)
    stored = ys_cli_ingest_begin(path);
  if (options->command != YS_CMD_TEXT)
    reader = ys_reader_new(rules, source);
  else if (options->format == YS_FORMAT_TEXT)
    g_string_append_printf(result->out, "# %s\n", source);

  g_autoptr(YsNormLine) line = NULL; /* one object refilled for every line: no per-line malloc */
  for (int number = 1; number <= n_pages; number++) {
    g_autoptr(YsPage) page = NULL;
    if (!ys_extract_page(doc, number, &page, &error)) {
      fail(result, error);
      return;
    }
    result->pages++;
    if (page->warning != NULL) {
      result->pages_without_text++;
      g_string_append_printf(result->err, "yosan: %s: p.%d: %s\n", source, number, page->warning);
    }
    for (guint i = 0; i < page->lines->len; i++) {
      const YsRawLine *raw = g_ptr_array_index(page->lines, i);
      /* the reader passes over blank lines (a page break it sees at the page's next line): an
       * empty one is not even normalized for it. A third of a text file's lines are empty. */
      if (reader != NULL && raw->text[0] == '\0')
        continue;
      if (line == NULL)
        line = ys_norm_line_new(raw);
      else
        ys_norm_line_reset(line, raw);
      if (stored != NULL)
        ys_cli_ingest_add_line(stored, line);
      if (reader == NULL) {
        ys_format_text_line(line, result->out);
      } else if (!ys_reader_feed(reader, line, &error)) {
        fail(result, error);
        return;
      }
    }
    ys_file_result_spill(result);
  }
  if (result->pages_without_text > 0)
    g_string_append_printf(result->err,
                           "yosan: %s: %u of %u pages had no usable text and were skipped\n",
                           source, result->pages_without_text, result->pages);
  if (reader == NULL)
    return;

  g_autoptr(YsRecordSet) set = ys_reader_finish(g_steal_pointer(&reader));
  result->records = set->records->len;
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
  ys_format_findings(options, set, findings, result->out);
}
