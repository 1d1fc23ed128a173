/* cli — `yosan report [options] -o DIR FILE...`: one HTML page per document in DIR and an
 * index.html linking them (report/ makes the pages; this file names, writes and collects them).
 *
 * Each FILE is read in its own child process, as for `check` (cli_batch.c), and that reader
 * writes the file's page itself, since it has the open document its crops are drawn from. It
 * hands the parent what the index needs of the document as a GLib key file in its output; the
 * parent writes the index once every file is done. Every page and the index are written to a
 * temporary file renamed into place (cli_outfile.c): an interrupted run leaves no half page.
 * A file that cannot be read gets no page; the index lists it with why. */
#include "cli/cli.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "report/report.h"

#define ENTRY_GROUP "document"

/* ---- in the reader ---- */

static void put_entry(GString *out, const YsReportEntry *e) {
  g_autoptr(GKeyFile) kf = g_key_file_new();
  g_key_file_set_string(kf, ENTRY_GROUP, "page", e->page);
  g_key_file_set_string(kf, ENTRY_GROUP, "source", e->source);
  g_key_file_set_string(kf, ENTRY_GROUP, "title", e->title ? e->title : "");
  g_key_file_set_string(kf, ENTRY_GROUP, "body", e->body ? e->body : "");
  g_key_file_set_integer(kf, ENTRY_GROUP, "fiscal_year", e->fiscal_year);
  g_key_file_set_integer(kf, ENTRY_GROUP, "pages", e->pages);
  g_key_file_set_integer(kf, ENTRY_GROUP, "pages_without_text", e->pages_without_text);
  g_key_file_set_boolean(kf, ENTRY_GROUP, "is_pdf", e->is_pdf);
  g_key_file_set_uint64(kf, ENTRY_GROUP, "checks", e->checks);
  g_key_file_set_uint64(kf, ENTRY_GROUP, "exact", e->exact);
  g_key_file_set_uint64(kf, ENTRY_GROUP, "rounding", e->rounding);
  g_key_file_set_uint64(kf, ENTRY_GROUP, "mismatches", e->mismatches);
  g_key_file_set_uint64(kf, ENTRY_GROUP, "crops", e->crops);
  gsize len;
  g_autofree char *data = g_key_file_to_data(kf, &len, NULL);
  g_string_append_len(out, data, (gssize)len);
}

/* Writes TEXT to DIR/NAME through a temporary file renamed into place. */
static gboolean write_page(const char *dir, const char *name, const GString *text, GError **error) {
  g_autofree char *path = g_build_filename(dir, name, NULL);
  YsOutFile *file = ys_outfile_open(path, YS_OUT_UTF8, FALSE, error);
  if (file == NULL)
    return FALSE;
  if (!ys_outfile_write(file, text->str, text->len, error)) {
    ys_outfile_abort(file);
    return FALSE;
  }
  return ys_outfile_commit(file, error);
}

void ys_cli_report_file(const YsCliOptions *options, const char *path, YsDocument *doc,
                        const YsRecordSet *set, const GPtrArray *findings, YsFileResult *result) {
  YsReportEntry entry = {0};
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) html = g_string_new(NULL);
  entry.page = g_strdup(g_hash_table_lookup(options->report_pages, path));
  entry.source = g_strdup(ys_extract_source(doc));
  entry.pages_without_text = (int)result->pages_without_text;
  g_assert(entry.page != NULL); /* ys_cli_report names every file before they are read */
  if (ys_report_page(doc, set, findings, &entry, html, &error) &&
      write_page(options->output, entry.page, html, &error)) {
    put_entry(result->out, &entry);
  } else {
    g_string_append_printf(result->err, "yosan: %s\n", error->message);
    result->status = 2;
  }
  ys_report_entry_clear(&entry);
}

/* ---- in the parent ---- */

typedef struct {
  const YsCliOptions *options;
  mode_t mode;        /* a page's permissions: what the umask leaves of rw-rw-rw- */
  GPtrArray *entries; /* YsReportEntry*, in argument order */
  char **paths;
  int next; /* the index of the path whose result comes next */
  int status;
} Collect;

static void entry_free(gpointer p) {
  ys_report_entry_clear(p);
  g_free(p);
}

/* A reader's output: the part of it in its spool, then the rest. */
static char *output_of(const YsFileResult *result) {
  GString *text = g_string_new(NULL);
  if (result->spool != NULL && result->spool_len > 0 && fseek(result->spool, 0, SEEK_SET) == 0) {
    g_string_set_size(text, (gsize)result->spool_len);
    gsize got = fread(text->str, 1, (size_t)result->spool_len, result->spool);
    g_string_set_size(text, got);
  }
  g_string_append_len(text, result->out->str, (gssize)result->out->len);
  return g_string_free(text, FALSE);
}

static gboolean read_entry(const char *data, YsReportEntry *e) {
  g_autoptr(GKeyFile) kf = g_key_file_new();
  if (!g_key_file_load_from_data(kf, data, (gsize)-1, G_KEY_FILE_NONE, NULL))
    return FALSE;
  e->page = g_key_file_get_string(kf, ENTRY_GROUP, "page", NULL);
  e->title = g_key_file_get_string(kf, ENTRY_GROUP, "title", NULL);
  e->body = g_key_file_get_string(kf, ENTRY_GROUP, "body", NULL);
  e->fiscal_year = g_key_file_get_integer(kf, ENTRY_GROUP, "fiscal_year", NULL);
  e->pages = g_key_file_get_integer(kf, ENTRY_GROUP, "pages", NULL);
  e->pages_without_text = g_key_file_get_integer(kf, ENTRY_GROUP, "pages_without_text", NULL);
  e->is_pdf = g_key_file_get_boolean(kf, ENTRY_GROUP, "is_pdf", NULL);
  e->checks = (guint)g_key_file_get_uint64(kf, ENTRY_GROUP, "checks", NULL);
  e->exact = (guint)g_key_file_get_uint64(kf, ENTRY_GROUP, "exact", NULL);
  e->rounding = (guint)g_key_file_get_uint64(kf, ENTRY_GROUP, "rounding", NULL);
  e->mismatches = (guint)g_key_file_get_uint64(kf, ENTRY_GROUP, "mismatches", NULL);
  e->crops = (guint)g_key_file_get_uint64(kf, ENTRY_GROUP, "crops", NULL);
  return e->page != NULL && e->title != NULL && e->body != NULL;
}

/* The first line of a reader's messages, without its "yosan: " and for the index. */
static char *first_message(const char *err) {
  const char *start = g_str_has_prefix(err, "yosan: ") ? err + 7 : err;
  const char *end = strchr(start, '\n');
  return end ? g_strndup(start, (gsize)(end - start)) : g_strdup(start);
}

static void collect_result(const YsFileResult *result, gpointer user_data) {
  Collect *c = user_data;
  const YsCliOptions *o = c->options;
  YsReportEntry *e = g_new0(YsReportEntry, 1);
  e->source = g_strdup(c->paths[c->next++]);
  g_autofree char *data = output_of(result);
  int status = result->status;
  if (status != 2 && !read_entry(data, e)) {
    g_string_append_printf(result->err, "yosan: %s: its reader gave no report entry\n", e->source);
    status = 2;
  }
  if (status == 2) {
    g_clear_pointer(&e->page, g_free);
    e->error = first_message(result->err->len ? result->err->str : "could not be read");
  }
  c->status = MAX(c->status, status);
  if (result->err->len > 0 && (!o->quiet || status == 2)) {
    fflush(stdout);
    fputs(result->err->str, stderr);
  }
  if (status != 2) {
    /* written through a private temporary file (0600): readable as any other page now */
    g_autofree char *page = g_build_filename(o->output, e->page, NULL);
    g_chmod(page, c->mode);
    if (!o->quiet)
      printf("%s: %u checks, %u mismatch%s, %u crop%s\n", page, e->checks, e->mismatches,
             e->mismatches == 1 ? "" : "es", e->crops, e->crops == 1 ? "" : "s");
  }
  g_ptr_array_add(c->entries, e);
}

/* PATH's page name: its file name without the extension, .html, made unique among USED. */
static char *page_name(const char *path, GHashTable *used) {
  g_autofree char *base = strcmp(path, "-") == 0 ? g_strdup("stdin") : g_path_get_basename(path);
  char *dot = strrchr(base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  if (base[0] == '.' || base[0] == '\0' || strcmp(base, G_DIR_SEPARATOR_S) == 0) {
    char *named = g_strconcat("_", base[0] == '.' ? base + 1 : "", NULL);
    g_free(base);
    base = named;
  }
  char *name = g_strconcat(base, ".html", NULL);
  for (int n = 2; g_hash_table_contains(used, name) || strcmp(name, "index.html") == 0; n++) {
    g_free(name);
    name = g_strdup_printf("%s-%d.html", base, n);
  }
  g_hash_table_add(used, g_strdup(name));
  return name;
}

static gboolean make_dir(const char *dir) {
  if (g_mkdir_with_parents(dir, 0777) != 0 || !g_file_test(dir, G_FILE_TEST_IS_DIR)) {
    int err = errno;
    fprintf(stderr, "yosan: cannot create the report directory %s: %s\n", dir,
            g_file_test(dir, G_FILE_TEST_EXISTS) ? "a file of that name is in the way"
                                                 : g_strerror(err));
    return FALSE;
  }
  return TRUE;
}

int ys_cli_cmd_report(YsCliOptions *options, char **paths, int n_paths) {
  if (options->output == NULL || strcmp(options->output, "-") == 0)
    return ys_cli_usage_error("report needs -o DIR, the directory to write its pages to");
  if (n_paths < 1)
    return ys_cli_usage_error("no FILE given (a PDF or text file, or - for standard input)");
  int at_once = MIN(options->jobs, n_paths);
  options->read_ahead = options->jobs >= 2 * at_once;
  g_autoptr(GError) rules_error = NULL;
  g_autoptr(YsRules) rules = NULL;
  if (!ys_rules_load(&rules, options->rules_dir, &rules_error)) {
    fprintf(stderr, "yosan: %s\n", rules_error->message);
    return 2;
  }
  if (!make_dir(options->output))
    return 2;
  g_autoptr(GHashTable) pages = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (int i = 0; i < n_paths; i++)
    if (!g_hash_table_contains(pages, paths[i]))
      g_hash_table_insert(pages, paths[i], page_name(paths[i], used));
  YsCliOptions with_pages = *options;
  with_pages.report_pages = pages;

  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func(entry_free);
  mode_t mask = umask(0);
  umask(mask);
  Collect c = {&with_pages, 0666 & ~mask, entries, paths, 0, 0};
  ys_cli_run_batch(&with_pages, rules, paths, n_paths, NULL, collect_result, &c);

  g_autoptr(GError) error = NULL;
  g_autoptr(GString) html = g_string_new(NULL);
  if (!ys_report_index((const YsReportEntry *const *)entries->pdata, entries->len, html, &error) ||
      !write_page(options->output, "index.html", html, &error)) {
    fprintf(stderr, "yosan: %s\n", error->message);
    return 2;
  }
  g_autofree char *index = g_build_filename(options->output, "index.html", NULL);
  g_chmod(index, c.mode);
  if (!options->quiet) {
    guint mismatches = 0;
    for (guint i = 0; i < entries->len; i++)
      mismatches += ((const YsReportEntry *)g_ptr_array_index(entries, i))->mismatches;
    printf("%s: %u document%s, %u mismatch%s\n", index, entries->len, entries->len == 1 ? "" : "s",
           mismatches, mismatches == 1 ? "" : "es");
  }
  if (fflush(stdout) != 0 && c.status < 2)
    return 2;
  return c.status;
}
