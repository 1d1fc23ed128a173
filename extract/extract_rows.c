/* extract — the lines of one row of a table whose cells hold different numbers of lines.
 *
 * A row of cells of two lines (a label wrapped, a header of two lines) with cells of one line
 * centred on it (Chromium's vertical-align: middle) gives three lines less than an em apart: the
 * cells' first lines, the centred cells, the second lines. The centred ones join the first
 * line, where a producer that aligns cells at their top puts them (インハウス研究 841億円 over
 * 機関経費), so that a row reads alike whoever made the file. */
#include "extract/extract_private.h"

typedef YsLayoutLine Line;

/* A line whose centre lies within this many ems of the lines above and below it, which hold the
 * two lines of the same cells, is set in the middle of their row (vertical-align: middle). */
#define CENTRED_MAX 1.0
/* Two glyphs cover the same x when they overlap by more than this many ems (not a touch). */
#define X_OVERLAP_MIN 0.1

static int cmp_x0(const void *a, const void *b) {
  const YsGlyph *x = a, *y = b;
  if (x->x0 != y->x0)
    return x->x0 < y->x0 ? -1 : 1;
  return x->y0 < y->y0 ? -1 : x->y0 > y->y0;
}

static double line_centre(const Line *l) {
  return (l->y0 + l->y1) / 2;
}

/* Are L's glyph boxes all taller than any text (ys_glyph_height took their em)? */
static gboolean em_high(const Line *l) {
  const YsGlyph *g = (const YsGlyph *)l->glyphs->data;
  for (guint i = 0; i < l->glyphs->len; i++)
    if (!(g[i].y1 - g[i].y0 > YS_TEXT_HEIGHT_MAX * g[i].em))
      return FALSE;
  return TRUE;
}

/* Does any glyph of A cover the same x as one of B (each in order of x0)? */
static gboolean x_overlap(const Line *a, const Line *b) {
  const YsGlyph *g = (const YsGlyph *)a->glyphs->data, *h = (const YsGlyph *)b->glyphs->data;
  guint n = a->glyphs->len, m = b->glyphs->len;
  for (guint i = 0, j0 = 0; i < n; i++) {
    while (j0 < m && h[j0].x1 <= g[i].x0)
      j0++;
    for (guint j = j0; j < m && h[j].x0 < g[i].x1; j++)
      if (MIN(g[i].x1, h[j].x1) - MAX(g[i].x0, h[j].x0) > X_OVERLAP_MIN * MIN(g[i].em, h[j].em))
        return TRUE;
  }
  return FALSE;
}

/* Lines are joined only where they were measured by the em (boxes taller than any text, Type
 * 3): boxes of the text's own height put a centred cell on the first line already, or set it
 * apart for good reason (the 予算書 header's 一般財源 between 特定財源 and its three columns). */
void ys_layout_join_centred(GPtrArray *region) {
  for (guint k = 1; k + 1 < region->len; k++) {
    Line *a = region->pdata[k - 1], *m = region->pdata[k], *b = region->pdata[k + 1];
    if (a->vertical || m->vertical || b->vertical || m->glyphs->len == 0)
      continue;
    double em = g_array_index(m->glyphs, YsGlyph, 0).em;
    double ca = line_centre(a), cm = line_centre(m), cb = line_centre(b);
    if (!(cm > ca && cb > cm && cm - ca <= CENTRED_MAX * em && cb - cm <= CENTRED_MAX * em))
      continue;
    if (!em_high(m) || !em_high(a) || !x_overlap(a, b) || x_overlap(a, m) || x_overlap(m, b))
      continue;
    for (guint i = 0; i < m->glyphs->len; i++)
      ys_layout_line_add(a, &g_array_index(m->glyphs, YsGlyph, i));
    g_array_sort(a->glyphs, cmp_x0);
    g_ptr_array_remove_index(region, k); /* frees M */
  }
}
