/* fuzz — the text decoder: any bytes, in any of the encodings (the first byte picks an
 * --encoding override or detection), must decode to valid UTF-8 lines or fail with a GError
 * in the extract domain; never a crash or mojibake passed on. PDF input is not this harness's
 * business (it goes to Poppler), so inputs with the PDF magic where extract/ looks for it
 * (%PDF- in the first 1024 bytes) are skipped.
 *
 * Most inputs are read from memory (ys_extract_open_bytes: the whole-text reader, detection
 * and decoding), which costs no file; one in 13 (the first byte's fifth a multiple of 16: each
 * encoding choice among them) goes through a file as the command line reads one (a memfd), so
 * that the page-by-page UTF-8 reader is fuzzed too. Through a file every
 * input cost an open, a stat and reads: about 1,000 executions a second. */
#define _GNU_SOURCE /* memfd_create, memmem */
#include "extract/extract.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* DOC's pages: each readable, every line valid UTF-8. */
static void read_pages(YsDocument *doc) {
  for (int n = 1; n <= ys_extract_page_count(doc); n++) {
    YsPage *page = NULL;
    if (!ys_extract_page(doc, n, &page, NULL))
      abort(); /* every page in range must be readable */
    for (guint i = 0; i < page->lines->len; i++) {
      const YsRawLine *line = g_ptr_array_index(page->lines, i);
      if (!g_utf8_validate(line->text, -1, NULL))
        abort();
    }
    ys_page_free(page);
  }
}

/* DATA opened through a file, as `yosan text FILE` opens it. */
static gboolean open_file(YsDocument **doc, const uint8_t *data, size_t size,
                          const YsExtractOptions *options, GError **error) {
  int fd = memfd_create("fuzz-text", 0);
  if (fd < 0 || write(fd, data, size) != (ssize_t)size)
    abort();
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  gboolean ok = ys_extract_open(doc, path, options, error);
  close(fd); /* a document read page by page keeps its own descriptor */
  return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const encodings[] = {NULL, "UTF-8", "CP932", "EUC-JP", "SHIFT_JIS"};
  if (size < 1 || memmem(data + 1, MIN(size - 1, 1024), "%PDF-", 5))
    return 0;
  YsExtractOptions options = {.encoding = encodings[data[0] % 5]};
  YsDocument *doc = NULL;
  GError *error = NULL;
  gboolean ok;
  if (data[0] / 5 % 16 == 0) {
    ok = open_file(&doc, data + 1, size - 1, &options, &error);
  } else {
    GBytes *bytes = g_bytes_new_static(data + 1, size - 1);
    ok = ys_extract_open_bytes(&doc, "fuzz", bytes, &options, &error);
    g_bytes_unref(bytes);
  }
  if (ok) {
    read_pages(doc);
    ys_extract_close(doc);
  } else {
    if (error == NULL || error->domain != YS_EXTRACT_ERROR)
      abort();
    g_error_free(error);
  }
  return 0;
}
