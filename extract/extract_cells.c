/* extract — cells: which soft spaces of a region's lines are cell boundaries, and each line
 * as extract hands it out (text, a tab between cells, each cell's x extent).
 *
 * A space may be a word space or the boundary between two cells set close together (the header
 * 本年度予算額 前年度予算額 3 pt apart over two columns of figures, a figure and the
 * description beside it). The line alone cannot tell; the rows around it can, since the rows of
 * a table share its columns. A soft space (extract_runs.c) becomes a cell boundary when the
 * rows around it agree that a column edge lies there: of the nearest COLUMN_MAX_ROWS lines each
 * way (within COLUMN_REACH ems) that hold glyphs on both sides of it, at least COLUMN_MIN_ROWS
 * support it and more support it than lie across it. A row supports it with a cell boundary
 * that has an edge aligned with one of its edges and reaches past the other (figures set flush
 * right in their column, labels flush left), or with a soft space of its own aligned with it at
 * both edges, after a token that starts elsewhere (right-aligned figures of different widths;
 * tokens of one width that all start alike, `1 議会費`, `2 総務費`, say nothing); a line that
 * starts where the space ends (the left edge of a label in the column) supports it too.
 * Aligned means within COLUMN_ALIGN ems. Every decision is made on the gaps as extract_runs.c
 * left them: the order of the lines does not matter. */
#include "extract/extract_private.h"

#include <string.h>

/* Rows that must support a column edge: one row aligned with another may be chance. */
#define COLUMN_MIN_ROWS 2
/* Rows are looked for this many ems away at most: a table's header and the one row of figures
 * under it can be half a page apart on the last page of a section. */
#define COLUMN_REACH 60.0
/* … and at most this many rows each way: a table's own rows are near; nor more than this many
 * lines looked at each way to find them. */
#define COLUMN_MAX_ROWS 8
#define COLUMN_MAX_LOOKED 24
/* Two edges are aligned within this many ems: figures set flush right end at one x to a
 * rounding; a header word that fills its column ends within a fifth of an em of its figures. */
#define COLUMN_ALIGN 0.25

typedef YsLayoutLine Line;

static const YsGlyph *glyphs_of(const Line *l) {
  return (const YsGlyph *)l->glyphs->data;
}

static double centre_of(const Line *l) {
  return (l->y0 + l->y1) / 2;
}

/* The x where the token holding glyph K of L starts (tokens end at any gap but none). */
static double token_start(const Line *l, guint k) {
  while (k > 0 && l->gaps[k] == YS_GAP_NONE)
    k--;
  return glyphs_of(l)[k].x0;
}

/* Does line M hold glyphs both left of A and right of B? Only such a line can say whether a
 * column edge lies between A and B. */
static gboolean spans(const Line *m, double a, double b) {
  const YsGlyph *g = glyphs_of(m);
  guint n = m->glyphs->len;
  return g[0].x0 < a && g[n - 1].x1 > b;
}

/* The right edge of the cell of line M that holds its glyph K. */
static double cell_end(const Line *m, guint k) {
  const YsGlyph *g = glyphs_of(m);
  guint n = m->glyphs->len;
  while (k + 1 < n && m->gaps[k + 1] != YS_GAP_TAB && m->gaps[k + 1] != YS_GAP_COLUMN)
    k++;
  return g[k].x1;
}

/* Is glyph K of line M in a label of the column left of a pair whose left glyph starts at A0:
 * a cell set at the left of its column as that glyph is, which ends before the pair's right
 * glyph starts at B (項　目 over `2固定資産税`)? */
static gboolean left_label(const Line *m, guint k, double a0, double b, double tol) {
  const YsGlyph *g = glyphs_of(m);
  guint s = k;
  while (s > 0 && m->gaps[s] != YS_GAP_TAB && m->gaps[s] != YS_GAP_COLUMN)
    s--;
  return ABS(g[s].x0 - a0) <= tol && cell_end(m, k) <= b + tol;
}

/* Has line M a cell boundary (after its glyph FROM on) inside the gap A..B of a pair of lone
 * glyphs: a column edge between them (款 | 項 over `1<TAB>1<TAB>市税` and `1<TAB>市民税`, headers
 * centred over labels set at the left of their cells)? A figure set flush right under a word
 * spread over its cell starts in the gap but ends past it. */
static gboolean inner_boundary(const Line *m, guint from, double a, double b, double tol) {
  const YsGlyph *g = glyphs_of(m);
  guint n = m->glyphs->len;
  for (guint k = MAX(from, 1); k < n && g[k - 1].x1 <= b + tol; k++)
    if ((m->gaps[k] == YS_GAP_TAB || m->gaps[k] == YS_GAP_COLUMN) && g[k - 1].x1 >= a - tol &&
        g[k].x0 <= b + tol && !ys_layout_lone_pair(g, n, m->gaps, k))
      return TRUE;
  return FALSE;
}

/* What line M (holding glyphs on both sides of the soft space A..B of another line) says of a
 * column edge there, with tolerance TOL: 1 when it has a gap there that supports one, -1 when
 * one of its glyphs lies across the space, 0 when neither. The left token of that space
 * starts at FROM: a soft space of M supports it only if its own left token starts elsewhere
 * (right-aligned figures of different widths), not where tokens of one width all begin
 * (`1 議会費`, `2 総務費`: a number and its name). Under (BELOW) the gap of a PAIR of lone
 * glyphs, where the cells of their columns are, a cell boundary of M inside the gap supports a
 * column edge, and a label of the left column that reaches into it does not lie across it. */
static int verdict(const Line *m, double a, double b, double from, double tol, gboolean pair,
                   gboolean below) {
  const YsGlyph *g = glyphs_of(m);
  guint n = m->glyphs->len;
  /* the first glyph that ends right of A (M's glyphs are in order of x0, so nearly of x1) */
  guint lo = 0, hi = n;
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    if (g[mid].x1 <= a)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (pair && below && inner_boundary(m, lo, a, b, tol))
    return 1;
  /* a glyph across the space (its edges are the space's own, give or take TOL); under a pair,
   * not one of a label of the left column, which may reach into the gap of a pair set at the
   * left of its cells (項　目 over `2固定資産税` | `1個人`) */
  for (guint k = lo; k < n && g[k].x0 < b - tol; k++)
    if (g[k].x1 > a + tol && (!pair || !below || !left_label(m, k, from, b, tol)))
      return -1;
  for (guint k = MAX(lo, 1); k < n && g[k - 1].x1 <= b + tol; k++) {
    guint8 kind = m->gaps[k];
    double c = g[k - 1].x1, d = g[k].x0;
    if ((kind == YS_GAP_TAB || kind == YS_GAP_COLUMN) &&
        ((ABS(c - a) <= tol && d >= b - tol) || (ABS(d - b) <= tol && c <= a + tol)))
      return pair && ys_layout_lone_pair(g, n, m->gaps, k) ? 0 : 1;
    if (kind == YS_GAP_SOFT && ABS(c - a) <= tol && ABS(d - b) <= tol &&
        ABS(token_start(m, k - 1) - from) > tol)
      return 1;
  }
  return 0;
}

/* Do the rows of BY_Y (lines in order of their centres) around BY_Y[at] — the nearest
 * COLUMN_MAX_ROWS lines each way, within COLUMN_REACH ems, that hold glyphs on both sides of its
 * soft space before glyph I — agree that a column edge lies there: at least COLUMN_MIN_ROWS of
 * them support it, more than lie across it? */
static gboolean columns_agree(Line *const *by_y, guint n, guint at, guint i, gboolean pair) {
  const Line *l = by_y[at];
  const YsGlyph *g = glyphs_of(l);
  double em = (g[i - 1].em + g[i].em) / 2, a = g[i - 1].x1, b = g[i].x0;
  double reach = COLUMN_REACH * em, tol = COLUMN_ALIGN * em, y = centre_of(l);
  double from = token_start(l, i - 1);
  int support = 0, against = 0;
  for (int dir = -1; dir <= 1; dir += 2) {
    guint rows = 0, looked = 0;
    for (guint k = at; rows < COLUMN_MAX_ROWS && looked++ < COLUMN_MAX_LOOKED;) {
      if (dir < 0 ? k == 0 : k + 1 >= n)
        break;
      k = dir < 0 ? k - 1 : k + 1;
      const Line *m = by_y[k];
      if (!(ABS(centre_of(m) - y) <= reach))
        break;
      if (m->vertical)
        continue;
      if (!spans(m, a, b)) {
        /* a line that starts where the space ends, nothing of it left of the space: the left
         * edge of a label in the column (counted, but not as a row); for a pair, one that starts
         * between its glyphs with a cell boundary there too (a number and its label, set left in
         * their cell under a centred header) */
        double x0 = glyphs_of(m)[0].x0;
        gboolean starts = ABS(x0 - b) <= tol || (pair && dir > 0 && x0 > a - tol && x0 < b &&
                                                 inner_boundary(m, 0, a, b, tol));
        support += starts && m->glyphs->len > 1;
        continue;
      }
      rows++;
      int v = verdict(m, a, b, from, tol, pair, dir > 0);
      support += v > 0;
      against += v < 0;
    }
  }
  return support >= COLUMN_MIN_ROWS && support > against;
}

static int cmp_centre(const void *a, const void *b) {
  double x = centre_of(*(Line *const *)a), y = centre_of(*(Line *const *)b);
  return x < y ? -1 : x > y; /* NaN: equal, qsort stays within the array */
}

void ys_layout_cells(YsLayoutLine *const *lines, guint n) {
  g_autofree Line **by_y = g_memdup2(lines, n * sizeof *lines);
  qsort(by_y, n, sizeof *by_y, cmp_centre);
  /* the decisions, made on the gaps as they were and applied after */
  g_autoptr(GArray) promote = g_array_new(FALSE, FALSE, sizeof(guint8 *));
  for (guint at = 0; at < n; at++) {
    Line *l = by_y[at];
    if (l->vertical)
      continue;
    const YsGlyph *g = glyphs_of(l);
    guint len = l->glyphs->len;
    for (guint i = 1; i < len; i++) {
      gboolean soft = l->gaps[i] == YS_GAP_SOFT, pair = ys_layout_lone_pair(g, len, l->gaps, i);
      if ((soft || pair) && columns_agree(by_y, n, at, i, pair)) {
        guint8 *kind = &l->gaps[i];
        g_array_append_val(promote, kind);
      }
    }
  }
  for (guint k = 0; k < promote->len; k++) {
    guint8 *kind = g_array_index(promote, guint8 *, k);
    *kind = *kind == YS_GAP_SOFT ? YS_GAP_TAB : YS_GAP_COLUMN;
  }
  for (guint k = 0; k < n; k++)
    if (!lines[k]->vertical)
      ys_layout_join_lone_pairs(glyphs_of(lines[k]), lines[k]->glyphs->len, lines[k]->gaps);
}

/* G_UNICHAR_TO_UTF8 with the one- to three-byte forms (all of the BMP, as it writes them)
 * done inline: it is called for every glyph. */
static int put_utf8(gunichar c, char *out) {
  if (c < 0x80) {
    out[0] = (char)c;
    return 1;
  }
  if (c < 0x800) {
    out[0] = (char)(0xC0 | (c >> 6));
    out[1] = (char)(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = (char)(0xE0 | (c >> 12));
    out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[2] = (char)(0x80 | (c & 0x3F));
    return 3;
  }
  return g_unichar_to_utf8(c, out);
}

YsRawLine *ys_layout_emit(const YsLayoutLine *l, int page) {
  const YsGlyph *g = glyphs_of(l);
  guint n = l->glyphs->len;
  YsRawLine *out = ys_raw_line_new(page, 0);
  /* room for the longest line: a glyph takes at most 6 bytes (as g_unichar_to_utf8 writes
   * it) and a separator 1; one allocation instead of a growing string */
  char *text = g_malloc(7 * (gsize)n + 1), *w = text;
  out->x0 = out->y0 = G_MAXDOUBLE;
  out->x1 = out->y1 = -G_MAXDOUBLE;
  for (guint i = 0; i < n; i++) {
    out->x0 = MIN(out->x0, g[i].x0);
    out->y0 = MIN(out->y0, g[i].y0);
    out->x1 = MAX(out->x1, g[i].x1);
    out->y1 = MAX(out->y1, g[i].y1);
  }
  YsCellSpan span = {g[0].x0, g[0].x1};
  for (guint i = 0; i < n; i++) {
    guint8 kind = l->vertical || i == 0 ? YS_GAP_NONE : l->gaps[i];
    if (kind == YS_GAP_TAB || kind == YS_GAP_COLUMN) {
      g_array_append_val(out->cells, span);
      *w++ = '\t';
      span.x0 = g[i].x0;
      span.x1 = g[i].x1;
    } else if (kind != YS_GAP_NONE) {
      *w++ = ' ';
    }
    span.x0 = MIN(span.x0, g[i].x0);
    span.x1 = MAX(span.x1, g[i].x1);
    w += put_utf8(g[i].ch, w);
  }
  *w = '\0';
  g_array_append_val(out->cells, span);
  out->text = text;
  out->len = (gsize)(w - text);
  return out;
}
