/* fuzz — the page layout (extract_layout.c and the stages it calls: the em, the gaps by the
 * line's pitch, the cells by the columns, prose columns, facing pages, vertical labels) with no
 * Poppler: glyphs with boxes and font sizes in (fuzz/layout_input.h, as ys-glyph-dump writes a
 * PDF page's), lines and cells out. Whatever the glyphs — NaN or infinite coordinates and sizes,
 * boxes turned inside out, thousands on one line — the layout must not crash, hang or leak, and
 * what it hands out must hold: valid UTF-8, a tab between cells and never a space beside one
 * or two spaces in a row, one cell span per cell, lines numbered in order, no more characters
 * than glyphs came in. */
#include "fuzz/layout_input.h"

#include <stdint.h>
#include <stdlib.h>

/* Pages of more glyphs take longer than a fuzzer's run should; Poppler pages rarely hold more
 * than a few thousand. */
#define MAX_GLYPHS 20000

static void check_line(const YsRawLine *l, int number, guint *chars) {
  if (l->line != number || !g_utf8_validate(l->text, -1, NULL) || strlen(l->text) != l->len)
    abort();
  guint tabs = 0;
  const char *t = l->text;
  if (t[0] == ' ' || t[0] == '\t')
    abort(); /* a line starts with a glyph */
  for (const char *c = t; *c; c = g_utf8_next_char(c)) {
    if (*c == '\t') {
      tabs++;
      if (c[1] == ' ' || c[1] == '\t' || c[1] == '\0')
        abort(); /* a cell is never empty, nor starts with a space */
    } else if (*c == ' ') {
      if (c[1] == ' ' || c[1] == '\t' || c[1] == '\0')
        abort(); /* one space at most, never beside a tab, never at the end */
    } else {
      (*chars)++;
    }
  }
  if (l->cells->len != tabs + 1)
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  double width, height;
  GArray *glyphs = g_array_new(FALSE, FALSE, sizeof(YsGlyph));
  if (!ys_layout_input_decode(data, size, &width, &height, glyphs) || glyphs->len > MAX_GLYPHS) {
    g_array_unref(glyphs);
    return 0;
  }
  guint in = glyphs->len, out = 0;
  GPtrArray *lines = g_ptr_array_new_with_free_func((GDestroyNotify)ys_raw_line_free);
  ys_layout_lines(glyphs, width, height, 1, lines);
  for (guint k = 0; k < lines->len; k++)
    check_line(lines->pdata[k], (int)k + 1, &out);
  if (out > in)
    abort(); /* a glyph is written once, or dropped as a duplicate */
  g_ptr_array_unref(lines);
  g_array_unref(glyphs);
  return 0;
}
