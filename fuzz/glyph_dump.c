/* ys-glyph-dump — a developer's tool (not installed): a PDF page's glyphs as Poppler gives them
 * to the layout, and the layout of such a dump.
 *
 *   ys-glyph-dump PDF PAGE > page.glyphs     the glyphs in fuzz_layout's input format
 *                                            (fuzz/layout_input.h): its seed corpus is made so
 *   ys-glyph-dump --text PDF PAGE            the same as text: character, box, font size
 *   ys-glyph-dump --lay-out page.glyphs      the lines the layout makes of a dump, cells apart
 *                                            with their x spans
 * Exit status 2 with a message on a file it cannot read. */
#include "fuzz/layout_input.h"

#include <stdlib.h>

static int fail(const char *what, const GError *error) {
  fprintf(stderr, "ys-glyph-dump: %s%s%s\n", what, error ? ": " : "", error ? error->message : "");
  return 2;
}

static int dump(const char *path, const char *page_arg, gboolean text) {
  char *end = NULL;
  long number = strtol(page_arg, &end, 10);
  if (!end || *end || number < 1 || number > G_MAXINT)
    return fail("the page must be a number from 1", NULL);
  YsExtractOptions options = {0};
  g_autoptr(GError) error = NULL;
  g_autoptr(YsDocument) doc = NULL;
  if (!ys_extract_open(&doc, path, &options, &error))
    return fail(path, error);
  if (!ys_extract_is_pdf(doc))
    return fail("not a PDF", NULL);
  if (number > ys_extract_page_count(doc))
    return fail("no such page", NULL);
  YsPdfPageRead *read = ys_extract_pdf_read(doc, (int)number);
  if (!read->glyphs) {
    ys_pdf_page_read_free(read);
    return fail("the page has no text the layout would get", NULL);
  }
  const YsGlyph *g = (const YsGlyph *)read->glyphs->data;
  guint n = read->glyphs->len;
  if (text) {
    printf("page %ld: %g x %g points, %u glyphs\n", number, read->page->width, read->page->height,
           n);
    for (guint i = 0; i < n; i++) {
      char utf8[8] = {0};
      g_unichar_to_utf8(g[i].ch, utf8);
      printf("%s U+%04X %.2f %.2f %.2f %.2f size %.2f\n", utf8, g[i].ch, g[i].x0, g[i].y0, g[i].x1,
             g[i].y1, g[i].size);
    }
  } else {
    ys_layout_input_encode(stdout, read->page->width, read->page->height, g, n);
  }
  ys_pdf_page_read_free(read);
  return fflush(stdout) == 0 ? 0 : fail("cannot write the output", NULL);
}

static int lay_out(const char *path) {
  g_autofree char *data = NULL;
  gsize size = 0;
  g_autoptr(GError) error = NULL;
  if (!g_file_get_contents(path, &data, &size, &error))
    return fail(path, error);
  double width, height;
  g_autoptr(GArray) glyphs = g_array_new(FALSE, FALSE, sizeof(YsGlyph));
  if (!ys_layout_input_decode((const uint8_t *)data, size, &width, &height, glyphs))
    return fail("too short for a dump of glyphs", NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func((GDestroyNotify)ys_raw_line_free);
  ys_layout_lines(glyphs, width, height, 1, lines);
  for (guint k = 0; k < lines->len; k++) {
    const YsRawLine *l = lines->pdata[k];
    printf("%d: %s\n   y %.2f-%.2f x", l->line, l->text, l->y0, l->y1);
    for (guint c = 0; c < l->cells->len; c++) {
      const YsCellSpan *s = &g_array_index(l->cells, YsCellSpan, c);
      printf(" [%.2f %.2f]", s->x0, s->x1);
    }
    printf("\n");
  }
  return fflush(stdout) == 0 ? 0 : fail("cannot write the output", NULL);
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "--lay-out") == 0)
    return lay_out(argv[2]);
  if (argc == 4 && strcmp(argv[1], "--text") == 0)
    return dump(argv[2], argv[3], TRUE);
  if (argc == 3)
    return dump(argv[1], argv[2], FALSE);
  fprintf(stderr, "usage: ys-glyph-dump [--text] PDF PAGE | ys-glyph-dump --lay-out FILE\n");
  return 2;
}
