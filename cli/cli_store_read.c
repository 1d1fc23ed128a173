/* cli — reading the store: `yosan records --db=PATH` and `yosan check --db=PATH` read each
 * selected document's stored lines again with the current rules (what records/check on the
 * file would give), check gets the cross-year findings too; `--body`, `--year` (the document's
 * fiscal year) and `--item=PATTERN` (a glob on the item or its path) select. Also
 * `yosan merge --db=ALL.db PART.db...`. Output as for files: the same formats, -o atomically. */
#include "cli/cli.h"

#include "validate/validate.h"

static gboolean item_selected(const YsCliOptions *options, const char *item, const char *path) {
  if (options->item_pattern == NULL)
    return TRUE;
  return (item != NULL && g_pattern_match_simple(options->item_pattern, item)) ||
         (path != NULL && path[0] != '\0' && g_pattern_match_simple(options->item_pattern, path));
}

/* Counts as YsFileResult does (for the summary and the exit status). */
typedef struct {
  guint files, checks, exact, rounding, mismatches;
} Counts;

static void format_records(const YsCliOptions *options, const YsRecordSet *set, GString *out) {
  if (options->item_pattern == NULL) {
    ys_format_records(options, set, 0, set->records->len, out);
    return;
  }
  /* a view of the selected records: borrowed, in order, with their own ids */
  YsRecordSet view = *set;
  view.records = g_ptr_array_new();
  for (guint i = 0; i < set->records->len; i++) {
    YsRecord *r = g_ptr_array_index(set->records, i);
    if (item_selected(options, r->item, r->path))
      g_ptr_array_add(view.records, r);
  }
  ys_format_records(options, &view, 0, view.records->len, out);
  g_ptr_array_unref(view.records);
}

/* DOC's findings: its own checks, the cross-year ones, then ACROSS (its cross-document ones,
 * taken). */
static gboolean check_document(const YsCliOptions *options, const YsRules *rules, YsStore *store,
                               const YsStoreDocInfo *doc, const YsRecordSet *set, GPtrArray *across,
                               Counts *counts, GString *out, GError **error) {
  g_autoptr(GPtrArray) all = ys_check_run(set);
  if (!ys_store_cross_year(store, rules, doc, set, TRUE, all, error))
    return FALSE;
  g_ptr_array_extend_and_steal(all, g_ptr_array_ref(across));
  g_ptr_array_set_size(across, 0);
  g_autoptr(GPtrArray) findings = g_ptr_array_new();
  for (guint i = 0; i < all->len; i++) {
    YsFinding *f = g_ptr_array_index(all, i);
    if (!item_selected(options, f->item, f->path))
      continue;
    g_ptr_array_add(findings, f);
    counts->checks++;
    counts->exact += f->status == YS_STATUS_EXACT;
    counts->rounding += f->status == YS_STATUS_ROUNDING;
    counts->mismatches += f->status == YS_STATUS_MISMATCH;
  }
  ys_format_findings(options, set, findings, out);
  return TRUE;
}

/* The checks across the files of each book among DOCS: documents of one body, fiscal year and
 * kind, in the store's order (SETS their records; ACROSS gets each one's findings). */
static void check_across_books(const GPtrArray *docs, const GPtrArray *sets, GPtrArray *across) {
  g_autofree gboolean *done = g_new0(gboolean, docs->len + 1);
  for (guint i = 0; i < docs->len; i++) {
    const YsStoreDocInfo *a = g_ptr_array_index(docs, i);
    if (done[i] || a->fiscal_year == 0)
      continue;
    g_autoptr(GPtrArray) book = g_ptr_array_new(); /* const YsRecordSet* */
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) found = g_ptr_array_new(); /* GPtrArray* of ACROSS */
    for (guint j = i; j < docs->len; j++) {
      const YsStoreDocInfo *b = g_ptr_array_index(docs, j);
      if (done[j] || b->fiscal_year != a->fiscal_year || g_strcmp0(b->body, a->body) != 0 ||
          g_strcmp0(b->budget_kind, a->budget_kind) != 0)
        continue;
      done[j] = TRUE;
      g_ptr_array_add(book, g_ptr_array_index(sets, j));
      g_ptr_array_add(names, g_path_get_basename(b->file_name));
      g_ptr_array_add(found, g_ptr_array_index(across, j));
    }
    if (book->len > 1)
      ys_check_across_documents((const YsRecordSet *const *)book->pdata,
                                (const char *const *)names->pdata, book->len,
                                (GPtrArray *const *)found->pdata);
  }
}

static void append_summary(const Counts *c, GString *out) {
  g_string_append_printf(out,
                         "summary: %u document%s from the store, %u checks run: %u exact, %u "
                         "within rounding, %u mismatch%s\n",
                         c->files, c->files == 1 ? "" : "s", c->checks, c->exact, c->rounding,
                         c->mismatches, c->mismatches == 1 ? "" : "es");
}

static int fail(const GError *error) {
  fprintf(stderr, "yosan: %s\n", error->message);
  return 2;
}

int ys_cli_store_read(const YsCliOptions *options, const YsRules *rules) {
  g_autoptr(GError) error = NULL;
  g_autoptr(YsStore) store = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  YsStoreFilter filter = {.body = options->body, .fiscal_year = options->filter_year};
  if (!ys_store_open(&store, options->db, FALSE, &error) ||
      !ys_store_documents(store, &filter, &docs, &error))
    return fail(error);
  YsOutFile *file = ys_outfile_open(options->output, options->out_encoding, options->bom, &error);
  if (file == NULL)
    return fail(error);
  g_autoptr(GString) out = g_string_new(NULL);
  ys_format_header(options, out);
  Counts counts = {0};
  gboolean ok = TRUE;
  /* check: every selected document read first, for the checks across a book's files */
  g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func((GDestroyNotify)ys_record_set_free);
  g_autoptr(GPtrArray) across = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  for (guint i = 0; i < docs->len && ok && options->command == YS_CMD_CHECK; i++) {
    YsRecordSet *set = NULL;
    ok = ys_store_reread(store, rules, g_ptr_array_index(docs, i), &set, &error);
    g_ptr_array_add(sets, set);
    g_ptr_array_add(across, g_ptr_array_new_with_free_func((GDestroyNotify)ys_finding_free));
  }
  if (ok && options->command == YS_CMD_CHECK)
    check_across_books(docs, sets, across);
  for (guint i = 0; i < docs->len && ok; i++) {
    const YsStoreDocInfo *doc = g_ptr_array_index(docs, i);
    g_autoptr(YsRecordSet) set = NULL;
    if (options->command == YS_CMD_CHECK)
      set = g_steal_pointer(&g_ptr_array_index(sets, i));
    else
      ok = ys_store_reread(store, rules, doc, &set, &error);
    if (ok && options->command == YS_CMD_RECORDS)
      format_records(options, set, out);
    else if (ok)
      ok = check_document(options, rules, store, doc, set, g_ptr_array_index(across, i), &counts,
                          out, &error);
    counts.files++;
    /* written document by document: a large store is never held as text */
    if (ok && !options->quiet)
      ok = ys_outfile_write(file, out->str, out->len, &error);
    g_string_truncate(out, 0);
  }
  if (ok && options->command == YS_CMD_CHECK && options->format == YS_FORMAT_TEXT &&
      !options->quiet) {
    append_summary(&counts, out);
    ok = ys_outfile_write(file, out->str, out->len, &error);
  }
  if (!ok) {
    ys_outfile_abort(file);
    if (!g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_PIPE))
      fail(error);
    return 2;
  }
  if (!ys_outfile_commit(file, &error))
    return g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_PIPE) ? 2 : fail(error);
  return counts.mismatches > 0 ? 1 : 0;
}

int ys_cli_merge(const YsCliOptions *options, const YsRules *rules, char **parts, int n_parts) {
  g_autoptr(GError) error = NULL;
  g_autoptr(YsStore) store = NULL;
  if (!ys_store_open(&store, options->db, TRUE, &error))
    return fail(error);
  int status = 0;
  for (int i = 0; i < n_parts; i++) {
    guint added = 0, already = 0;
    if (!ys_store_merge(store, rules, parts[i], &added, &already, &error)) {
      fprintf(stderr, "yosan: %s (the documents merged before it stay)\n", error->message);
      g_clear_error(&error);
      status = 2;
      continue;
    }
    if (!options->quiet)
      printf("%s: %u document%s added, %u already in %s\n", parts[i], added, added == 1 ? "" : "s",
             already, options->db);
  }
  return status;
}

int ys_cli_store_main(const YsCliOptions *options, const YsRules *rules, char **args, int n) {
  switch (options->command) {
  case YS_CMD_INGEST:
    return ys_cli_ingest(options, rules, args, n);
  case YS_CMD_MERGE:
    return ys_cli_merge(options, rules, args, n);
  case YS_CMD_HISTORY:
    return ys_cli_history(options, rules, args[0]);
  default:
    return ys_cli_store_read(options, rules);
  }
}

const char *ys_cli_store_usage(const YsCliOptions *options, int n_args) {
  gboolean store_command = options->command >= YS_CMD_INGEST;
  if (store_command && options->db == NULL)
    return "this command needs --db=PATH (the store)";
  if (!store_command && options->db == NULL &&
      (options->item_pattern != NULL || options->body != NULL))
    return "--body and --item select documents of the store: give --db=PATH";
  if (options->command == YS_CMD_HISTORY && n_args != 1)
    return "history wants one ITEM (quote a name with spaces)";
  if (options->command == YS_CMD_MERGE && n_args < 1)
    return "merge wants the stores to add: yosan merge --db=ALL.db PART.db...";
  if (options->command == YS_CMD_INGEST && n_args < 1)
    return "ingest wants FILEs to store";
  if (!store_command && options->db != NULL && n_args > 0)
    return "records and check read either FILEs or the store (--db), not both";
  return NULL;
}

int ys_cli_cmd_store(YsCliOptions *options, char **args, int n_args) {
  const char *usage = ys_cli_store_usage(options, n_args);
  if (usage != NULL)
    return ys_cli_usage_error("%s", usage);
  if (options->command == YS_CMD_INGEST) {
    int at_once = MIN(options->jobs, n_args);
    options->read_ahead = options->jobs >= 2 * at_once;
  }
  g_autoptr(GError) error = NULL;
  g_autoptr(YsRules) rules = NULL;
  if (!ys_rules_load(&rules, options->rules_dir, &error)) {
    fprintf(stderr, "yosan: %s\n", error->message);
    return 2;
  }
  return ys_cli_store_main(options, rules, args, n_args);
}
