/* tests — pages of glyphs placed by hand for the layout tests (test_extract_layout.c,
 * test_extract_runs.c): a glyph box is one em high, its font size that em, unless a test says
 * otherwise. */
#ifndef YS_TEST_LAYOUT_FIXTURE_H
#define YS_TEST_LAYOUT_FIXTURE_H

#include "extract/extract_private.h"

#include <criterion/criterion.h>

typedef struct {
  GArray *glyphs;
  GPtrArray *lines;
} Page;

static inline void page_init(Page *p) {
  p->glyphs = g_array_new(FALSE, FALSE, sizeof(YsGlyph));
  p->lines = g_ptr_array_new_with_free_func((GDestroyNotify)ys_raw_line_free);
}

static inline void page_clear(Page *p) {
  g_array_unref(p->glyphs);
  g_ptr_array_unref(p->lines);
}

/* Places the glyphs of UTF8 from x, each WIDTH wide and then GAP apart, on a line whose top is
 * at y, boxes H high, in a font of size SIZE. */
static inline void put_sized(Page *p, const char *utf8, double x, double y, double width,
                             double gap, double h, double size) {
  for (const char *c = utf8; *c; c = g_utf8_next_char(c)) {
    YsGlyph g = {g_utf8_get_char(c), x, y, x + width, y + h, size, 0};
    g_array_append_val(p->glyphs, g);
    x += width + gap;
  }
}

/* The same in a font of size H. */
static inline void put(Page *p, const char *utf8, double x, double y, double width, double gap,
                       double h) {
  put_sized(p, utf8, x, y, width, gap, h, h);
}

/* Places the glyphs of UTF8 stacked downwards from (x, y), PITCH apart. */
static inline void put_vertical(Page *p, const char *utf8, double x, double y, double pitch,
                                double h) {
  for (const char *c = utf8; *c; c = g_utf8_next_char(c)) {
    YsGlyph g = {g_utf8_get_char(c), x, y, x + h, y + h, h, 0};
    g_array_append_val(p->glyphs, g);
    y += pitch;
  }
}

static inline void layout(Page *p, double w, double h) {
  ys_layout_lines(p->glyphs, w, h, 3, p->lines);
}

static inline const char *text(const Page *p, guint i) {
  cr_assert_lt(i, p->lines->len, "only %u lines", p->lines->len);
  return ((YsRawLine *)p->lines->pdata[i])->text;
}

static inline YsRawLine *line(const Page *p, guint i) {
  cr_assert_lt(i, p->lines->len);
  return p->lines->pdata[i];
}

#endif
