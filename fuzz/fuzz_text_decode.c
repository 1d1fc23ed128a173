/* fuzz — the text decoder: any bytes, in any of the encodings (the first byte picks an
 * --encoding override or detection), must decode to valid UTF-8 lines or fail with a GError
 * in the extract domain; never a crash or mojibake passed on. PDF input is not this harness's
 * business (it goes to Poppler), so inputs starting with %PDF are skipped. */
#define _GNU_SOURCE /* memfd_create */
#include "extract/extract.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const encodings[] = {NULL, "UTF-8", "CP932", "EUC-JP", "SHIFT_JIS"};
  if (size < 1 || (size >= 5 && memcmp(data + 1, "%PDF", 4) == 0))
    return 0;
  int fd = memfd_create("fuzz-text", 0);
  if (fd < 0 || write(fd, data + 1, size - 1) != (ssize_t)(size - 1))
    abort();
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  YsExtractOptions options = {.encoding = encodings[data[0] % 5]};
  YsDocument *doc = NULL;
  GError *error = NULL;
  if (ys_extract_open(&doc, path, &options, &error)) {
    for (int n = 1; n <= ys_extract_page_count(doc); n++) {
      YsPage *page = NULL;
      if (!ys_extract_page(doc, n, &page, &error))
        abort(); /* every page in range must be readable */
      for (guint i = 0; i < page->lines->len; i++) {
        const YsRawLine *line = g_ptr_array_index(page->lines, i);
        if (!g_utf8_validate(line->text, -1, NULL))
          abort();
      }
      ys_page_free(page);
    }
    ys_extract_close(doc);
  } else {
    if (error == NULL || error->domain != YS_EXTRACT_ERROR)
      abort();
    g_error_free(error);
  }
  close(fd);
  return 0;
}
