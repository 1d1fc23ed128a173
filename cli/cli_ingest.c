/* cli — `yosan ingest --db=PATH FILE...`: each file read as `check` reads it, in a child
 * process of its own (cli_batch.c), which also keeps its normalized lines and hands the whole
 * document to the parent packed (store/: a GVariant) as its output; the parent is the one
 * writer and stores each document in one transaction, in argument order. A file already in the
 * store (the same sha256) is reported and left alone. Exit status 0, or 2 when a file could
 * not be read or stored (the others still are). */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>

/* The sha256 of the file's bytes, read in pieces. */
static gboolean file_sha256(const char *path, char **hex, guint64 *bytes, GError **error) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    int e = errno;
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s: %s", path, g_strerror(e));
    return FALSE;
  }
  g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
  guchar buffer[65536];
  size_t n;
  *bytes = 0;
  while ((n = fread(buffer, 1, sizeof buffer, f)) > 0) {
    g_checksum_update(sum, buffer, (gssize)n);
    *bytes += n;
  }
  gboolean failed = ferror(f) != 0;
  fclose(f);
  if (failed) {
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_IO, "%s: read error", path);
    return FALSE;
  }
  *hex = g_strdup(g_checksum_get_string(sum));
  return TRUE;
}

/* A file being read for the store: its sha256 is made on a thread of its own while the
 * pipeline reads the file (a 300-page PDF's hash took as long as storing it). */
struct YsCliIngest {
  YsStoreDoc *doc;
  char *path, *sha256;
  guint64 bytes;
  GError *error;
  GThread *hasher;
};

static gpointer hash_file(gpointer data) {
  YsCliIngest *in = data;
  file_sha256(in->path, &in->sha256, &in->bytes, &in->error);
  return NULL;
}

YsCliIngest *ys_cli_ingest_begin(const char *path) {
  YsCliIngest *in = g_new0(YsCliIngest, 1);
  in->path = g_strdup(path);
  in->doc = ys_store_doc_new(path, NULL, 0);
  in->hasher = g_thread_try_new("yosan-sha256", hash_file, in, NULL);
  if (in->hasher == NULL)
    hash_file(in); /* no thread to be had: the same, one after the other */
  return in;
}

void ys_cli_ingest_add_line(YsCliIngest *in, const YsNormLine *line) {
  ys_store_doc_add_line(in->doc, line);
}

void ys_cli_ingest_free(YsCliIngest *in) {
  if (in == NULL)
    return;
  if (in->hasher)
    g_thread_join(in->hasher);
  ys_store_doc_free(in->doc);
  g_clear_error(&in->error);
  g_free(in->sha256);
  g_free(in->path);
  g_free(in);
}

void ys_cli_ingest_end(const YsCliOptions *options, const YsRules *rules, YsCliIngest *in,
                       int pages, const YsRecordSet *set, YsFileResult *result) {
  if (in->hasher)
    g_thread_join(in->hasher);
  in->hasher = NULL;
  if (in->error != NULL) {
    g_string_append_printf(result->err, "yosan: %s\n", in->error->message);
    result->status = 2;
    ys_cli_ingest_free(in);
    return;
  }
  g_autoptr(GPtrArray) findings = ys_check_run(set);
  ys_store_doc_set_file(in->doc, in->sha256, in->bytes);
  ys_store_doc_set_result(in->doc, rules, options->body, pages, set, findings);
  g_autoptr(GBytes) packed = ys_store_doc_pack(g_steal_pointer(&in->doc));
  gsize len = 0;
  const char *data = g_bytes_get_data(packed, &len);
  g_string_append_len(result->out, data, (gssize)len);
  ys_cli_ingest_free(in);
}

static gint by_name(gconstpointer a, gconstpointer b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The rule set's version: the sha256 of its files' names and contents, in name order. */
static char *rules_version(const char *dir) {
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  const char *name;
  while (d != NULL && (name = g_dir_read_name(d)) != NULL)
    if (g_str_has_suffix(name, ".rules"))
      g_ptr_array_add(names, g_strdup(name));
  g_ptr_array_sort(names, by_name);
  g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
  for (guint i = 0; i < names->len; i++) {
    g_autofree char *path = g_build_filename(dir, g_ptr_array_index(names, i), NULL);
    g_autofree char *text = NULL;
    gsize len = 0;
    g_checksum_update(sum, g_ptr_array_index(names, i), -1);
    if (g_file_get_contents(path, &text, &len, NULL))
      g_checksum_update(sum, (const guchar *)text, (gssize)len);
  }
  return g_strdup(g_checksum_get_string(sum));
}

typedef struct {
  const YsCliOptions *options;
  const YsRules *rules;
  YsStore *store;
  YsStoreMaker maker;
  guint files, added, already, failed;
} Ingest;

/* The packed document: what the child left in its spool, then what is still in memory. */
static GBytes *result_bytes(const YsFileResult *result) {
  GByteArray *bytes = g_byte_array_sized_new((guint)(result->spool_len + result->out->len));
  if (result->spool != NULL && result->spool_len > 0) {
    g_byte_array_set_size(bytes, (guint)result->spool_len);
    rewind(result->spool);
    if (fread(bytes->data, 1, result->spool_len, result->spool) != result->spool_len)
      g_byte_array_set_size(bytes, 0); /* unpacking says it is damaged */
  }
  g_byte_array_append(bytes, (const guint8 *)result->out->str, (guint)result->out->len);
  return g_byte_array_free_to_bytes(bytes);
}

static void say_added(const Ingest *in, const YsStoreAdded *a) {
  if (in->options->quiet)
    return;
  if (a->already) {
    printf("%s: already in the store as document %" G_GINT64_FORMAT
           " (the same bytes): nothing to do\n",
           a->file_name, a->document_id);
    return;
  }
  g_autofree char *year =
      a->fiscal_year ? ys_format_year(a->fiscal_year) : g_strdup("year unknown");
  printf("%s: stored as document %" G_GINT64_FORMAT " (%s, %s, %s, version %d", a->file_name,
         a->document_id, a->body[0] ? a->body : "body unknown", year, a->budget_kind, a->version);
  if (a->superseded_id != 0)
    printf(", supersedes document %" G_GINT64_FORMAT, a->superseded_id);
  printf("): %u lines, %u records, %u findings, %u cross-year (%u mismatch%s)", a->lines,
         a->records, a->findings, a->cross_year, a->cross_mismatches,
         a->cross_mismatches == 1 ? "" : "es");
  if (a->later_documents > 0)
    printf("; %u later document%s checked against it again: %u cross-year (%u mismatch%s)",
           a->later_documents, a->later_documents == 1 ? "" : "s", a->later_cross_year,
           a->later_mismatches, a->later_mismatches == 1 ? "" : "es");
  putchar('\n');
}

static void store_result(const YsFileResult *result, gpointer user_data) {
  Ingest *in = user_data;
  in->files++;
  if (result->err->len > 0 && (!in->options->quiet || result->status == 2)) {
    fflush(stdout);
    fputs(result->err->str, stderr);
  }
  if (result->status == 2) {
    in->failed++;
    return;
  }
  g_autoptr(GBytes) packed = result_bytes(result);
  g_autoptr(GError) error = NULL;
  YsStoreAdded added;
  if (!ys_store_add(in->store, in->rules, packed, &in->maker, &added, &error)) {
    fflush(stdout);
    fprintf(stderr, "yosan: %s\n", error->message);
    in->failed++;
    ys_store_added_clear(&added);
    return;
  }
  if (added.already)
    in->already++;
  else
    in->added++;
  say_added(in, &added);
  fflush(stdout);
  ys_store_added_clear(&added);
}

int ys_cli_ingest(const YsCliOptions *options, const YsRules *rules, char **paths, int n_paths) {
  /* a document is known by its file's bytes, read twice (hashed while the pipeline reads
   * them): standard input or a pipe cannot be */
  for (int i = 0; i < n_paths; i++)
    if (strcmp(paths[i], "-") == 0 || (g_file_test(paths[i], G_FILE_TEST_EXISTS) &&
                                       !g_file_test(paths[i], G_FILE_TEST_IS_REGULAR))) {
      fprintf(stderr,
              "yosan: %s: ingest reads regular files, not standard input or a pipe: a "
              "document is known by its file's bytes; save it to a file first\n",
              strcmp(paths[i], "-") == 0 ? "<stdin>" : paths[i]);
      return 2;
    }
  g_autoptr(GError) error = NULL;
  g_autoptr(YsStore) store = NULL;
  if (!ys_store_open(&store, options->db, TRUE, &error)) {
    fprintf(stderr, "yosan: %s\n", error->message);
    return 2;
  }
  g_autofree char *version = rules_version(options->rules_dir);
  Ingest in = {.options = options, .rules = rules, .store = store, .maker = {YS_VERSION, version}};
  ys_cli_run_batch(options, rules, paths, n_paths, store_result, &in);
  if (!options->quiet)
    printf("ingest: %u file%s: %u stored, %u already in the store, %u failed\n", in.files,
           in.files == 1 ? "" : "s", in.added, in.already, in.failed);
  return in.failed > 0 ? 2 : 0;
}
