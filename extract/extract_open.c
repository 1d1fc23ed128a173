/* extract — opening a source: reads the first bytes (or all of standard input), decides PDF or
 * text by content, hands over to extract_pdf.c or extract_text.c; page dispatch, accessors and
 * the free functions of the public types. */
#include "extract/extract_private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define YS_SNIFF_BYTES 1024 /* the PDF header may follow junk within the first 1024 bytes */

static gboolean has_pdf_magic(const char *data, gsize len) {
  gsize n = MIN(len, (gsize)YS_SNIFF_BYTES);
  for (gsize i = 0; i + 5 <= n; i++)
    if (memcmp(data + i, "%PDF-", 5) == 0)
      return TRUE;
  return FALSE;
}

static gboolean named_pdf(const char *path) {
  gsize n = strlen(path);
  return n >= 4 && g_ascii_strcasecmp(path + n - 4, ".pdf") == 0;
}

/* Whether PATH names a pipe (`<(…)`, a FIFO) or a device rather than a file or directory:
 * what it holds can be read only once, so it is neither sniffed first nor read page by page. */
static gboolean is_pipe(const char *path) {
  return g_file_test(path, G_FILE_TEST_EXISTS) &&
         !g_file_test(path, G_FILE_TEST_IS_REGULAR | G_FILE_TEST_IS_DIR);
}

/* Everything FD holds, to its end (standard input, a pipe). */
static GBytes *read_all(int fd, const char *source, GError **error) {
  g_autoptr(GByteArray) buf = g_byte_array_new();
  guint8 chunk[65536];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n == 0)
      break;
    if (n < 0) {
      if (errno == EINTR)
        continue;
      g_set_error(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_IO, "%s: cannot read: %s", source,
                  g_strerror(errno));
      return NULL;
    }
    g_byte_array_append(buf, chunk, (guint)n);
  }
  return g_byte_array_free_to_bytes(g_steal_pointer(&buf));
}

static void set_file_error(GError **error, const char *path, int err) {
  int code = (err == ENOENT || err == EACCES || err == EISDIR || err == ENOTDIR)
                 ? YS_EXTRACT_ERROR_NOT_FOUND
                 : YS_EXTRACT_ERROR_IO;
  g_set_error(error, YS_EXTRACT_ERROR, code, "%s: cannot read: %s", path, g_strerror(err));
}

/* Reads at most MAX bytes from the start of PATH into BUF; returns the count or -1. */
static gssize read_head(const char *path, char *buf, gsize max, GError **error) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    set_file_error(error, path, errno);
    return -1;
  }
  gsize n = fread(buf, 1, max, f);
  int err = ferror(f) ? errno : 0;
  fclose(f);
  if (err) {
    set_file_error(error, path, err);
    return -1;
  }
  return (gssize)n;
}

void ys_extract_prepare(const char *const *paths, guint n) {
  for (guint i = 0; i < n; i++) {
    const char *path = paths[i];
    /* a pipe's head is not read here: it would be gone for its reader */
    gboolean unknown = strcmp(path, "-") == 0 || is_pipe(path);
    char head[YS_SNIFF_BYTES];
    gssize got = unknown ? -1 : read_head(path, head, sizeof head, NULL);
    if (unknown || (got > 0 && has_pdf_magic(head, (gsize)got))) {
      (void)ys_poppler_load(NULL);
      return;
    }
  }
}

gboolean ys_extract_open(YsDocument **out, const char *path, const YsExtractOptions *options,
                         GError **error) {
  g_return_val_if_fail(out != NULL && path != NULL, FALSE);
  static const YsExtractOptions no_options = {0};
  if (!options)
    options = &no_options;
  *out = NULL;

  g_autoptr(YsDocument) doc = g_new0(YsDocument, 1);
  gboolean from_stdin = strcmp(path, "-") == 0;
  doc->source = g_strdup(from_stdin ? "<stdin>" : path);

  g_autoptr(GBytes) bytes = NULL;
  gboolean pdf;
  gboolean pipe = !from_stdin && is_pipe(path);
  if (from_stdin || pipe) {
    int fd = from_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      set_file_error(error, path, errno);
      return FALSE;
    }
    bytes = read_all(fd, doc->source, error);
    if (!from_stdin)
      close(fd);
    if (!bytes)
      return FALSE;
    gsize len;
    const char *data = g_bytes_get_data(bytes, &len);
    pdf = has_pdf_magic(data ? data : "", len);
  } else {
    if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
      set_file_error(error, path, EISDIR);
      return FALSE;
    }
    char head[YS_SNIFF_BYTES];
    gssize n = read_head(path, head, sizeof head, error);
    if (n < 0)
      return FALSE;
    pdf = has_pdf_magic(head, (gsize)n);
  }
  if (!pdf && !from_stdin && named_pdf(path)) {
    g_set_error(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_NOT_PDF,
                "%s: not a PDF file (no %%PDF- header in its first %d bytes)", path,
                YS_SNIFF_BYTES);
    return FALSE;
  }
  if (!pdf && !bytes) {
    if (ys_extract_text_stream_open(doc, path, options)) {
      *out = g_steal_pointer(&doc);
      return TRUE;
    }
    g_autofree char *contents = NULL;
    gsize len = 0;
    g_autoptr(GError) ferr = NULL;
    if (!g_file_get_contents(path, &contents, &len, &ferr)) {
      int err = ferr->code == G_FILE_ERROR_NOENT   ? ENOENT
                : ferr->code == G_FILE_ERROR_ACCES ? EACCES
                                                   : EIO;
      set_file_error(error, path, err);
      return FALSE;
    }
    bytes = g_bytes_new_take(g_steal_pointer(&contents), len);
  }

  doc->is_pdf = pdf;
  gboolean ok = pdf ? ys_extract_pdf_open(doc, path, bytes, options, error)
                    : ys_extract_text_open(doc, g_steal_pointer(&bytes), options, error);
  if (!ok)
    return FALSE;
  *out = g_steal_pointer(&doc);
  return TRUE;
}

gboolean ys_extract_open_bytes(YsDocument **out, const char *source, GBytes *bytes,
                               const YsExtractOptions *options, GError **error) {
  g_return_val_if_fail(out != NULL && source != NULL && bytes != NULL, FALSE);
  static const YsExtractOptions no_options = {0};
  if (!options)
    options = &no_options;
  *out = NULL;
  g_autoptr(YsDocument) doc = g_new0(YsDocument, 1);
  doc->source = g_strdup(source);
  gsize len;
  const char *data = g_bytes_get_data(bytes, &len);
  doc->is_pdf = has_pdf_magic(data ? data : "", len);
  gboolean ok = doc->is_pdf ? ys_extract_pdf_open(doc, source, bytes, options, error)
                            : ys_extract_text_open(doc, g_bytes_ref(bytes), options, error);
  if (!ok)
    return FALSE;
  *out = g_steal_pointer(&doc);
  return TRUE;
}

int ys_extract_page_count(const YsDocument *doc) {
  g_return_val_if_fail(doc != NULL, 0);
  return doc->n_pages;
}

gboolean ys_extract_is_pdf(const YsDocument *doc) {
  g_return_val_if_fail(doc != NULL, FALSE);
  return doc->is_pdf;
}

const char *ys_extract_encoding(const YsDocument *doc) {
  g_return_val_if_fail(doc != NULL, NULL);
  return doc->is_pdf ? NULL : doc->encoding;
}

const char *ys_extract_source(const YsDocument *doc) {
  g_return_val_if_fail(doc != NULL, NULL);
  return doc->source;
}

const char *ys_extract_open_warning(const YsDocument *doc) {
  g_return_val_if_fail(doc != NULL, NULL);
  return doc->open_warning;
}

gboolean ys_extract_page(YsDocument *doc, int number, YsPage **out, GError **error) {
  g_return_val_if_fail(doc != NULL && out != NULL, FALSE);
  *out = NULL;
  if (number < 1 || number > doc->n_pages) {
    g_set_error(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_PAGE,
                "%s: no page %d (the document has %d page%s)", doc->source, number, doc->n_pages,
                doc->n_pages == 1 ? "" : "s");
    return FALSE;
  }
  *out = doc->is_pdf ? ys_extract_pdf_page(doc, number) : ys_extract_text_page(doc, number, error);
  return *out != NULL;
}

YsRawLine *ys_raw_line_new(int page, int line) {
  YsRawLine *l = g_new0(YsRawLine, 1);
  l->page = page;
  l->line = line;
  l->cells = g_array_new(FALSE, FALSE, sizeof(YsCellSpan));
  return l;
}

void ys_raw_line_free(YsRawLine *line) {
  if (!line)
    return;
  g_free(line->text);
  if (line->cells)
    g_array_unref(line->cells);
  g_free(line);
}

YsPage *ys_page_new(int number) {
  YsPage *p = g_new0(YsPage, 1);
  p->number = number;
  p->status = YS_PAGE_OK;
  p->lines = g_ptr_array_new_with_free_func((GDestroyNotify)ys_raw_line_free);
  return p;
}

void ys_page_free(YsPage *page) {
  if (!page)
    return;
  g_free(page->warning);
  if (page->lines)
    g_ptr_array_unref(page->lines);
  if (page->store) {
    g_ptr_array_unref(page->store->cells);
    g_free(page->store->block);
    g_free(page->store->lines);
    g_free(page->store);
  }
  g_free(page);
}

void ys_extract_close(YsDocument *doc) {
  if (!doc)
    return;
  g_clear_pointer(&doc->ahead, ys_read_ahead_stop); /* before the document it reads goes */
  if (doc->pdf) {
    YsPopplerLog log;
    ys_poppler_log_begin(&log);
    g_clear_object(&doc->pdf);
    ys_poppler_log_end(&log);
    ys_poppler_log_clear(&log);
  }
  g_clear_pointer(&doc->pdf_bytes, g_bytes_unref);
  g_free(doc->source);
  g_free(doc->encoding_owned);
  g_free(doc->open_warning);
  g_free(doc->text.utf8);
  if (doc->text.streamed)
    close(doc->text.fd);
  if (doc->text.page_start)
    g_array_unref(doc->text.page_start);
  if (doc->text.page_end)
    g_array_unref(doc->text.page_end);
  g_free(doc);
}
