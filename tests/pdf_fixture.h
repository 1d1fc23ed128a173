/* tests — a minimal PDF writer for fixtures made by the tests themselves: objects and streams
 * are appended byte by byte, their offsets kept, and the cross-reference table and trailer
 * written at the end. Shared by the extract tests (well-formed pages) and the CLI hostile-PDF
 * tests (which write a valid file and then damage it on purpose). */
#ifndef YS_TEST_PDF_FIXTURE_H
#define YS_TEST_PDF_FIXTURE_H

#include <criterion/criterion.h>
#include <glib.h>
#include <stdarg.h>

typedef struct {
  GString *buf;
  GArray *offsets; /* gsize, by object number */
} Pdf;

static inline void pdf_begin(Pdf *p) {
  p->buf = g_string_new("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
  p->offsets = g_array_new(FALSE, TRUE, sizeof(gsize));
}

/* Records that object NUM starts here. */
static inline void pdf_mark(Pdf *p, int num) {
  if ((guint)num >= p->offsets->len)
    g_array_set_size(p->offsets, num + 1);
  g_array_index(p->offsets, gsize, num) = p->buf->len;
}

static inline void pdf_obj(Pdf *p, int num, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static inline void pdf_obj(Pdf *p, int num, const char *fmt, ...) {
  pdf_mark(p, num);
  g_string_append_printf(p->buf, "%d 0 obj\n", num);
  va_list ap;
  va_start(ap, fmt);
  g_string_append_vprintf(p->buf, fmt, ap);
  va_end(ap);
  g_string_append(p->buf, "\nendobj\n");
}

/* A stream object; DICT holds the entries other than /Length, which is LEN. */
static inline void pdf_stream(Pdf *p, int num, const char *dict, const char *data, gsize len) {
  pdf_mark(p, num);
  g_string_append_printf(p->buf, "%d 0 obj\n<< %s /Length %" G_GSIZE_FORMAT " >>\nstream\n", num,
                         dict, len);
  g_string_append_len(p->buf, data, (gssize)len);
  g_string_append(p->buf, "\nendstream\nendobj\n");
}

/* Appends the xref table and the trailer (/Root 1 0 R) and returns the whole file; P is
 * consumed. */
static inline GBytes *pdf_finish(Pdf *p) {
  gsize xref = p->buf->len;
  g_string_append_printf(p->buf, "xref\n0 %u\n0000000000 65535 f \n", p->offsets->len);
  for (guint i = 1; i < p->offsets->len; i++)
    g_string_append_printf(p->buf, "%010" G_GSIZE_FORMAT " 00000 n \n",
                           g_array_index(p->offsets, gsize, i));
  g_string_append_printf(
      p->buf, "trailer\n<< /Size %u /Root 1 0 R >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
      p->offsets->len, xref);
  g_array_unref(p->offsets);
  p->offsets = NULL;
  GBytes *bytes = g_string_free_to_bytes(p->buf);
  p->buf = NULL;
  return bytes;
}

/* Writes LEN bytes of DATA as YS_TEST_TMP/NAME; returns its path (owned). */
static inline char *pdf_save(const char *name, const void *data, gsize len) {
  char *path = g_build_filename(YS_TEST_TMP, name, NULL);
  cr_assert(g_file_set_contents(path, data, (gssize)len, NULL), "cannot write %s", path);
  return path;
}

/* Writes the xref and trailer and the file; returns its path (owned). */
static inline char *pdf_write(Pdf *p, const char *name) {
  g_autoptr(GBytes) bytes = pdf_finish(p);
  gsize len;
  const char *data = g_bytes_get_data(bytes, &len);
  return pdf_save(name, data, len);
}

#endif
