/* cli — `yosan ingest --db=PATH FILE...`: each file read as `check` reads it, in a child
 * process of its own (cli_batch.c), which also keeps its normalized lines and hands the whole
 * document on packed (store/: a GVariant) as its output; the one writer (cli_writer.c) stores
 * each document in one transaction, in argument order. A file already in the
 * store (the same sha256) is reported and left alone. Exit status 0, or 2 when a file could
 * not be read or stored (the others still are). */
#include "cli/cli.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "validate/validate.h"

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

/* From this size on a file is hashed on a thread: 1 MiB takes about 5 ms to hash. */
#define HASH_THREAD_BYTES (1 << 20)

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
  /* a small file is hashed at once: a thread costs more than its hash */
  GStatBuf st;
  if (g_stat(path, &st) == 0 && st.st_size >= HASH_THREAD_BYTES)
    in->hasher = g_thread_try_new("yosan-sha256", hash_file, in, NULL);
  if (in->hasher == NULL)
    hash_file(in); /* small, or no thread to be had: the same, one after the other */
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
  YsCliWriter *writer;
  guint files, failed;
} Ingest;

static void deliver(const YsFileResult *result, gpointer user_data) {
  Ingest *in = user_data;
  in->files++;
  if (result->err->len > 0 && (!in->options->quiet || result->status == 2)) {
    fflush(stdout);
    fputs(result->err->str, stderr);
  }
  if (result->status == 2)
    in->failed++;
  else
    ys_cli_writer_add(in->writer, result);
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
  g_autofree char *version = rules_version(options->rules_dir);
  YsStoreMaker maker = {YS_VERSION, version};
  /* the writer in a process of its own when the readers are: see cli_writer.c */
  YsCliWriter *writer = ys_cli_writer_open(options, rules, &maker, options->isolate, &error);
  if (writer == NULL) {
    fprintf(stderr, "yosan: %s\n", error->message);
    return 2;
  }
  Ingest in = {.options = options, .writer = writer};
  ys_cli_run_batch(options, rules, paths, n_paths, NULL, deliver, &in);
  guint added = 0, already = 0, failed = 0;
  ys_cli_writer_close(writer, &added, &already, &failed);
  failed += in.failed;
  if (!options->quiet)
    printf("ingest: %u file%s: %u stored, %u already in the store, %u failed\n", in.files,
           in.files == 1 ? "" : "s", added, already, failed);
  return failed > 0 ? 2 : 0;
}
