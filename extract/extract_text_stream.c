/* extract — a UTF-8 text file read page by page instead of whole. Opening reads the file once
 * in chunks, checking it (strict UTF-8, no NUL) and noting where each page (form feed) starts
 * and ends; a page is read again from the file when asked for. Memory then holds one page of
 * the text, not all of it: a 2 GB file needs no 2 GB buffer, and its pages are not fresh
 * memory the kernel must first clear. Anything else (not UTF-8, a NUL byte, standard input, a
 * file that cannot be read this way) is left to the whole-text reader, which detects and
 * decodes it and words its errors. */
#include "extract/extract_private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK_BYTES (256u << 10)

/* The scan's buffer is mapped from the system, not taken from malloc: freeing a large malloc
 * block makes glibc consolidate its whole heap, or raise its mmap threshold for every later
 * allocation; either cost the run 3–5%. */
static char *buffer_new(gsize size) {
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

static void buffer_free(char *buffer, gsize size) {
  if (buffer)
    munmap(buffer, size);
}

/* The length of the complete UTF-8 characters at the start of DATA[0..LEN): LEN but for a
 * character cut by the chunk's end (at most 3 bytes, carried over to the next chunk). */
static gsize complete_prefix(const guchar *data, gsize len) {
  gsize back = 0;
  while (back < 3 && back < len && (data[len - 1 - back] & 0xC0) == 0x80)
    back++;
  if (back == len) /* only continuation bytes: invalid anyway, the check says so */
    return len;
  guchar lead = data[len - 1 - back];
  gsize need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return need > back + 1 ? len - 1 - back : len;
}

static gboolean all_line_ends(const char *p, gsize n) {
  for (gsize i = 0; i < n; i++)
    if (p[i] != '\r' && p[i] != '\n')
      return FALSE;
  return TRUE;
}

/* A pread(2) that goes on after a signal and reads all of N unless the file ends. */
static gssize read_full(int fd, char *buf, gsize n, off_t at) {
  gsize got = 0;
  while (got < n) {
    gssize r = pread(fd, buf + got, n - got, at + (off_t)got);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      return -1;
    if (r == 0)
      break;
    got += (gsize)r;
  }
  return (gssize)got;
}

/* scan_pages' loop, in BUF (CHUNK_BYTES + 4 bytes). */
static gboolean scan_chunks(int fd, YsTextSource *t, char *buf) {
  gsize carry = 0;           /* bytes of a character cut by the last chunk, at the start of BUF */
  off_t at = 0;              /* file offset of buf[0] */
  off_t start = 0;           /* of the page being scanned */
  gboolean ends_only = TRUE; /* the page so far holds only line ends */
  gboolean first = TRUE;
  for (;;) {
    gssize r = read_full(fd, buf + carry, CHUNK_BYTES, at + (off_t)carry);
    if (r < 0)
      return FALSE;
    gsize n = carry + (gsize)r;
    gboolean last = (gsize)r < CHUNK_BYTES;
    gsize skip = 0;
    if (first && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
      skip = 3; /* the BOM: not text; offsets still count from the file's start */
      start = 3;
    }
    first = FALSE;
    gsize whole = last ? n : complete_prefix((const guchar *)buf, n);
    if (!ys_extract_utf8_valid(buf + skip, whole - skip)) /* NUL bytes too */
      return FALSE;
    for (const char *p = buf + skip, *end = buf + whole; p < end;) {
      const char *ff = memchr(p, '\f', (gsize)(end - p));
      const char *seg_end = ff ? ff : end;
      ends_only = ends_only && all_line_ends(p, (gsize)(seg_end - p));
      if (!ff)
        break;
      gsize page_end = (gsize)(at + (ff - buf));
      gsize page_start = (gsize)start;
      g_array_append_val(t->page_start, page_start);
      g_array_append_val(t->page_end, page_end);
      start = (off_t)page_end + 1;
      ends_only = TRUE;
      p = ff + 1;
    }
    if (last) {
      gsize file_end = (gsize)(at + (off_t)n);
      /* what follows the last form feed is a page only if it holds more than line ends */
      gboolean trailing_empty = ends_only;
      if (!(trailing_empty && (t->page_start->len > 0 || file_end == (gsize)start))) {
        gsize page_start = (gsize)start;
        g_array_append_val(t->page_start, page_start);
        g_array_append_val(t->page_end, file_end);
      }
      return TRUE;
    }
    carry = n - whole;
    memmove(buf, buf + whole, carry);
    at += (off_t)whole;
  }
}

/* The one pass of opening: TRUE when FD holds strict UTF-8 without NUL (a BOM skipped), with
 * the pages noted in T. FALSE says nothing but "let the whole-text reader have it". */
static gboolean scan_pages(int fd, YsTextSource *t) {
  char *buf = buffer_new(CHUNK_BYTES + 4);
  if (!buf)
    return FALSE;
  gboolean ok = scan_chunks(fd, t, buf);
  buffer_free(buf, CHUNK_BYTES + 4);
  return ok;
}

gboolean ys_extract_text_stream_open(YsDocument *doc, const char *path,
                                     const YsExtractOptions *options) {
  if (options->encoding && g_ascii_strcasecmp(options->encoding, "UTF-8") != 0 &&
      g_ascii_strcasecmp(options->encoding, "UTF8") != 0)
    return FALSE; /* decoded whole */
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return FALSE;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return FALSE;
  }
  YsTextSource *t = &doc->text;
  t->page_start = g_array_new(FALSE, FALSE, sizeof(gsize));
  t->page_end = g_array_new(FALSE, FALSE, sizeof(gsize));
  if (!scan_pages(fd, t)) {
    g_clear_pointer(&t->page_start, g_array_unref);
    g_clear_pointer(&t->page_end, g_array_unref);
    close(fd);
    return FALSE;
  }
  t->streamed = TRUE;
  t->fd = fd;
  t->size = st.st_size;
  t->mtime_sec = st.st_mtim.tv_sec;
  t->mtime_nsec = st.st_mtim.tv_nsec;
  doc->encoding = "UTF-8";
  doc->n_pages = (int)t->page_start->len;
  return TRUE;
}

gboolean ys_extract_text_stream_read(YsDocument *doc, gsize start, gsize end, char *into,
                                     GError **error) {
  YsTextSource *t = &doc->text;
  /* the file must still be the one checked at opening: its pages were found in that one */
  struct stat st;
  gsize n = end - start;
  gboolean same = fstat(t->fd, &st) == 0 && st.st_size == t->size &&
                  st.st_mtim.tv_sec == t->mtime_sec && st.st_mtim.tv_nsec == t->mtime_nsec &&
                  read_full(t->fd, into, n, (off_t)start) == (gssize)n;
  if (!same) {
    g_set_error(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_IO,
                "%s: the file changed while it was being read; read it again", doc->source);
    return FALSE;
  }
  into[n] = '\0';
  return TRUE;
}
