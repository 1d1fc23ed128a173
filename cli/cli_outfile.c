/* cli — output written with -o FILE goes to a temporary file beside FILE and is renamed into
 * place only once complete: an interrupted or failed run never leaves a half-written CSV.
 * An interrupting signal removes the temporary file (see on_signal in main.c). Standard
 * output and FILE alike may start with a UTF-8 byte order mark (--bom) or be written in CP932
 * (--output-encoding=cp932, through cli_encode.c). */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

struct YsOutFile {
  char *path;     /* final name; NULL for stdout */
  char *tmp_path; /* the temporary file being written */
  FILE *stream;
  YsEncoder *enc;   /* CP932 output; NULL: UTF-8 as made */
  GString *scratch; /* the converted piece */
  gboolean bom;     /* a byte order mark to write before the first byte (none: no mark) */
};

/* The temporary file's name, for the signal handler (process-wide, as cli_batch.c's jobs). */
const char *volatile ys_outfile_pending_tmp = NULL;

static void outfile_free(YsOutFile *file) {
  ys_encoder_free(file->enc);
  if (file->scratch)
    g_string_free(file->scratch, TRUE);
  g_free(file->path);
  g_free(file->tmp_path);
  g_free(file);
}

static gboolean raw_write(YsOutFile *file, const char *data, gsize len, GError **error) {
  if (len > 0 && fwrite(data, 1, len, file->stream) != len) {
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "cannot write %s: %s",
                file->path ? file->path : "standard output", g_strerror(errno));
    return FALSE;
  }
  return TRUE;
}

/* The encoding asked for, once the stream is open. */
static YsOutFile *start(YsOutFile *file, YsOutEncoding encoding, gboolean bom, GError **error) {
  if (encoding == YS_OUT_CP932) {
    file->enc = ys_encoder_new_cp932(error);
    if (file->enc == NULL) {
      ys_outfile_abort(file);
      return NULL;
    }
    file->scratch = g_string_new(NULL);
  }
  file->bom = bom;
  return file;
}

YsOutFile *ys_outfile_open(const char *path, YsOutEncoding encoding, gboolean bom, GError **error) {
  YsOutFile *file = g_new0(YsOutFile, 1);
  if (path == NULL || g_strcmp0(path, "-") == 0) {
    file->stream = stdout;
    return start(file, encoding, bom, error);
  }
  g_autofree char *dir = g_path_get_dirname(path);
  g_autofree char *base = g_path_get_basename(path);
  file->path = g_strdup(path);
  file->tmp_path = g_strdup_printf("%s/.%s.yosan-XXXXXX", dir, base);
  int fd = g_mkstemp(file->tmp_path);
  if (fd < 0) {
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
                "cannot write %s: %s (check that the directory exists and is writable)", path,
                g_strerror(errno));
    outfile_free(file);
    return NULL;
  }
  file->stream = fdopen(fd, "w");
  if (file->stream == NULL) {
    int err = errno;
    close(fd);
    unlink(file->tmp_path);
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "cannot write %s: %s", path,
                g_strerror(err));
    outfile_free(file);
    return NULL;
  }
  ys_outfile_pending_tmp = file->tmp_path;
  return start(file, encoding, bom, error);
}

gboolean ys_outfile_write(YsOutFile *file, const char *data, gsize len, GError **error) {
  if (file->bom && len > 0) { /* output that prints nothing (-q) gets no mark either */
    file->bom = FALSE;
    if (!raw_write(file, "\xEF\xBB\xBF", 3, error))
      return FALSE;
  }
  if (file->enc == NULL)
    return raw_write(file, data, len, error);
  g_string_truncate(file->scratch, 0);
  ys_encoder_convert(file->enc, data, len, file->scratch);
  return raw_write(file, file->scratch->str, file->scratch->len, error);
}

char *ys_outfile_encoding_note(YsOutFile *file, GError **error) {
  if (file->enc == NULL)
    return NULL;
  g_string_truncate(file->scratch, 0);
  ys_encoder_finish(file->enc, file->scratch);
  if (!raw_write(file, file->scratch->str, file->scratch->len, error))
    return NULL;
  return ys_encoder_summary(file->enc);
}

gboolean ys_outfile_copy(YsOutFile *file, FILE *from, guint64 len, GError **error) {
  char buffer[1 << 16];
  if (len > 0 && fseek(from, 0, SEEK_SET) != 0) {
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
                "cannot read back a file's output from its temporary file: %s", g_strerror(errno));
    return FALSE;
  }
  while (len > 0) {
    size_t want = (size_t)MIN(len, (guint64)sizeof buffer);
    if (fread(buffer, 1, want, from) != want) {
      g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_IO,
                  "cannot read back a file's output from its temporary file: %s",
                  ferror(from) ? g_strerror(errno) : "it is shorter than written");
      return FALSE;
    }
    if (!ys_outfile_write(file, buffer, want, error))
      return FALSE;
    len -= want;
  }
  return TRUE;
}

gboolean ys_outfile_commit(YsOutFile *file, GError **error) {
  gboolean ok = TRUE;
  if (file->path == NULL) {
    ok = fflush(stdout) == 0;
    if (!ok)
      g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
                  "cannot write standard output: %s", g_strerror(errno));
    outfile_free(file);
    return ok;
  }
  if (fflush(file->stream) != 0 || fsync(fileno(file->stream)) != 0) {
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "cannot write %s: %s",
                file->path, g_strerror(errno));
    ok = FALSE;
  }
  fclose(file->stream);
  if (ok && rename(file->tmp_path, file->path) != 0) {
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "cannot create %s: %s",
                file->path, g_strerror(errno));
    ok = FALSE;
  }
  if (!ok)
    unlink(file->tmp_path);
  ys_outfile_pending_tmp = NULL;
  outfile_free(file);
  return ok;
}

void ys_outfile_abort(YsOutFile *file) {
  if (file == NULL)
    return;
  if (file->path != NULL) {
    fclose(file->stream);
    unlink(file->tmp_path);
    ys_outfile_pending_tmp = NULL;
  }
  outfile_free(file);
}
