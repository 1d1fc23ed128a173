/* extract — page geometry to lines: groups the glyphs Poppler placed on a page into lines in
 * reading order and hands the lines to the cell stages.
 *
 * Order of work: (0) each glyph is measured in ems (extract_metrics.c); (1) a landscape sheet
 * holding two facing pages is cut at its gutter and each half is laid out alone; (2) labels
 * printed vertically, one glyph per line, are taken out as lines of their own; (3) the other
 * glyphs are grouped into lines by the vertical overlap of their text (not of their boxes,
 * which some fonts make two or three times as high) and ordered left to right, and cells
 * centred on a row of two-line cells join its first line (extract_rows.c); (4) side-by-side
 * prose columns are read one after the other (extract_columns.c); (5) each line's gaps are read
 * by its own pitch (extract_runs.c) and (6) soft spaces become cell boundaries where the rows
 * around agree (extract_cells.c). The thresholds here are multiples of the glyphs' text height
 * (ys_glyph_height: the box, but no more than 1.5 em) or, across a line, of their em. */
#include "extract/extract_private.h"

#include <string.h>

/* Vertical labels: a glyph touched by none beside it closer than this … */
#define VERTICAL_TOUCH 0.08
/* … with no neighbour closer than this on its line … */
#define VERTICAL_ISOLATION 0.3
/* … stacked on the next glyph with at most this much space between them. */
#define VERTICAL_MAX_GAP 0.45
/* A grid of single glyphs (a two-line distributed header) is no label: a glyph's nearest
 * neighbour on its line as far as this is part of the grid. */
#define GRID_MAX_GAP 6.0
/* Facing pages: the empty band must be at least this many glyph heights wide, and this share
 * of the sheet's width; … */
#define GUTTER_MIN_GAP 2.5
#define GUTTER_MIN_SHARE 0.03
/* … or, centred on the sheet's middle within this share of its width (where two pages printed
 * on one sheet meet: Impress and Chromium leave 23 pt there), this many and this share. A
 * single wide table has its title and page number across the middle. */
#define GUTTER_CENTRED 0.005
#define GUTTER_CENTRED_MIN_GAP 1.5
#define GUTTER_CENTRED_MIN_SHARE 0.015
/* Two glyphs of one line whose centres are more than this many text heights apart are on two
 * lines, if they cover the same x; lines of more glyphs than this are not looked at for it. */
#define STACKED_SHIFT 0.5
#define STACKED_MAX_GLYPHS 4096
/* Such a line is cut into bands of glyphs whose centres are no further apart than this (mixed
 * fonts on one baseline differ by a tenth of that), and the bands joined again top down. */
#define STACKED_BAND 0.25
/* A glyph drawn twice (fake bold, shadow text) is shifted by less than this many ems, and by
 * less than this share of its advance: two equal glyphs side by side (`ll`, `III`) are not. */
#define DUPLICATE_SHIFT 0.1
#define DUPLICATE_SHARE 0.5

static double gh(const YsGlyph *g) {
  return ys_glyph_height(g);
}

/* The vertical centre of G's box, where its text sits for every glyph of its font. */
static double gcy(const YsGlyph *g) {
  return (g->y0 + g->y1) / 2;
}

/* The band of G's text: its height about the centre of its box. */
static double text_top(const YsGlyph *g) {
  return gcy(g) - gh(g) / 2;
}

static double text_bottom(const YsGlyph *g) {
  return gcy(g) + gh(g) / 2;
}

/* The height of G's ink, for stacking: its box, but no more than its em (a vertical label is
 * set one em a glyph, whatever its font's ascent and descent). */
static double ink(const YsGlyph *g) {
  double h = g->y1 - g->y0;
  return MAX(h < g->em ? h : g->em, 0.1);
}

static double ink_top(const YsGlyph *g) {
  return gcy(g) - ink(g) / 2;
}

static double ink_bottom(const YsGlyph *g) {
  return gcy(g) + ink(g) / 2;
}

static double gcx(const YsGlyph *g) {
  return (g->x0 + g->x1) / 2;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median_height(const YsGlyph *g, guint n) {
  if (n == 0)
    return 10;
  g_autofree double *h = g_new(double, n);
  for (guint i = 0; i < n; i++)
    h[i] = gh(&g[i]);
  return ys_layout_median(h, n);
}

static double vertical_overlap(double a0, double a1, double b0, double b1) {
  return MIN(a1, b1) - MAX(a0, b0);
}

/* ---- (1) facing pages ---- */

/* The search works on bins of one point; a sheet wider than this many points (a MediaBox of
 * 1e9) gets coarser bins, so that neither the allocation nor the loops follow the MediaBox. */
#define GUTTER_MAX_BINS 16384

/* X (already scaled) as a bin in [0, BINS]; clamped in floating point before the conversion,
 * which is undefined out of int's range. */
static int to_bin(double x, int bins) {
  if (!(x > 0))
    return 0; /* also NaN */
  if (x >= bins)
    return bins;
  return (int)x;
}

/* Returns the x of an empty vertical band near the middle of a landscape sheet that no glyph
 * crosses over the whole text height, or a negative value. */
static double find_gutter(const YsGlyph *g, guint n, double width, double height) {
  if (n < 4 || !(width > height) || width > G_MAXDOUBLE)
    return -1;
  double scale = width < GUTTER_MAX_BINS ? 1.0 : GUTTER_MAX_BINS / width;
  int bins = (int)(width * scale) + 1;
  /* the glyphs over each bin, as differences from the bin before: one pass over the bins
   * instead of one per glyph */
  g_autofree int *change = g_new0(int, bins + 2);
  for (guint i = 0; i < n; i++) {
    int a = to_bin(g[i].x0 * scale - 1, bins), b = to_bin(g[i].x1 * scale + 1, bins);
    if (a <= b) {
      change[a]++;
      change[b + 1]--;
    }
  }
  /* MAX(GUTTER_MIN_GAP × median glyph height, GUTTER_MIN_SHARE of the width), always
   * positive (and its centred form): negative while not known. The median is taken only for a
   * band that passes every other test. */
  double min_gap = -1, min_centred = -1;
  double best = -1, best_dist = width;
  int run_start = -1, over = 0;
  for (int x = 0; x <= bins; x++) {
    over += change[x];
    if (over == 0 && x < bins) {
      if (run_start < 0)
        run_start = x;
      continue;
    }
    if (run_start >= 0) {
      double a = run_start / scale, b = x / scale, mid = (a + b) / 2;
      gboolean centred = ABS(mid - width / 2) <= GUTTER_CENTRED * width;
      if (b - a >= (centred ? GUTTER_CENTRED_MIN_SHARE : GUTTER_MIN_SHARE) * width &&
          mid > 0.4 * width && mid < 0.6 * width && ABS(mid - width / 2) < best_dist) {
        if (min_gap < 0) {
          double h = median_height(g, n);
          min_gap = MAX(GUTTER_MIN_GAP * h, GUTTER_MIN_SHARE * width);
          min_centred = MAX(GUTTER_CENTRED_MIN_GAP * h, GUTTER_CENTRED_MIN_SHARE * width);
        }
        if (b - a >= (centred ? min_centred : min_gap)) {
          best = mid;
          best_dist = ABS(mid - width / 2);
        }
      }
      run_start = -1;
    }
  }
  if (best < 0)
    return -1;
  guint left = 0, right = 0;
  for (guint i = 0; i < n; i++) {
    if (gcx(&g[i]) < best)
      left++;
    else
      right++;
  }
  return left > 0 && right > 0 ? best : -1;
}

/* ---- (2) vertical labels ---- */

/* Glyphs go top to bottom by centre; on one centre (one line) left to right, so that a
 * glyph's neighbours in x sit beside it here. The page's glyphs were sorted by qsort with a
 * comparator; sorting small keys with the comparison inlined costs a fraction of that. The
 * sort is glibc's merge sort step for step (halves of n / 2, the left element first when not
 * greater), so that even glyphs whose comparison is inconsistent (NaN) end up where they did.
 * Without a NaN the comparison is a total preorder, every stable sort gives that same order,
 * and the one used takes the runs already in order — Poppler hands out the glyphs of most
 * pages nearly top to bottom — and merges them. */
typedef struct {
  double cy, x0;
  guint index;
} CyKey;

/* A before or level with B. */
static gboolean cy_key_le(const CyKey *a, const CyKey *b) {
  if (a->cy != b->cy)
    return a->cy < b->cy;
  return !(a->x0 > b->x0);
}

/* Merges K[0..n1) and K[n1..n1 + n2), each in order, through TMP; on a tie the left first. */
static void merge_keys(CyKey *k, guint n1, guint n2, CyKey *tmp) {
  guint n = n1 + n2;
  CyKey *b1 = k, *b2 = k + n1, *t = tmp;
  while (n1 > 0 && n2 > 0) {
    if (cy_key_le(b1, b2)) {
      *t++ = *b1++;
      n1--;
    } else {
      *t++ = *b2++;
      n2--;
    }
  }
  if (n1 > 0)
    memcpy(t, b1, n1 * sizeof *t);
  memcpy(k, tmp, (n - n2) * sizeof *k); /* what is left of the right half is in place */
}

static void sort_cy_keys(CyKey *k, CyKey *tmp, guint n) {
  if (n <= 1)
    return;
  guint n1 = n / 2;
  sort_cy_keys(k, tmp, n1);
  sort_cy_keys(k + n1, tmp, n - n1);
  merge_keys(k, n1, n - n1, tmp);
}

/* The end of the run in order that starts at K[from]. */
static guint run_end(const CyKey *k, guint n, guint from) {
  guint e = from + 1;
  while (e < n && cy_key_le(&k[e - 1], &k[e]))
    e++;
  return e;
}

/* A stable sort of K (no NaN) by merging neighbouring runs until one is left. */
static void merge_runs(CyKey *k, CyKey *tmp, guint n) {
  for (gboolean merged = n > 1; merged;) {
    merged = FALSE;
    for (guint a = 0; a < n;) {
      guint b = run_end(k, n, a);
      if (b == n)
        break;
      guint e = run_end(k, n, b);
      merge_keys(k + a, b - a, e - b, tmp);
      merged = TRUE;
      a = e;
    }
  }
}

static void sort_by_cy(YsGlyph *g, guint n) {
  g_autofree CyKey *keys = g_new(CyKey, n);
  g_autofree CyKey *tmp = g_new(CyKey, n);
  gboolean nan = FALSE;
  for (guint i = 0; i < n; i++) {
    keys[i] = (CyKey){gcy(&g[i]), g[i].x0, i};
    nan |= keys[i].cy != keys[i].cy || keys[i].x0 != keys[i].x0;
  }
  if (nan)
    sort_cy_keys(keys, tmp, n);
  else
    merge_runs(keys, tmp, n);
  g_autofree YsGlyph *copy = g_memdup2(g, n * sizeof *g);
  for (guint i = 0; i < n; i++)
    g[i] = copy[keys[i].index];
}

/* Do the inks of A and B overlap by half the lower at least? Both are centred on their boxes'
 * centres, so that is the centres no further apart than half the higher (a NaN: they do). */
static gboolean on_one_line(const YsGlyph *a, const YsGlyph *b) {
  return !(ABS(gcy(a) - gcy(b)) > MAX(ink(a), ink(b)) / 2);
}

/* Nearest glyph on the same line as G[i] and the horizontal gap to it (G sorted by centre y).
 * The search stops once a gap below ENOUGH is found: callers only ask whether a glyph stands
 * alone, and most glyphs touch a neighbour — without this the scan is quadratic in a line. */
static double nearest_beside(const YsGlyph *g, guint n, guint i, double maxh, double enough,
                             int *nearest) {
  double best = G_MAXDOUBLE;
  *nearest = -1;
  for (guint dir = 0; dir < 2 && best >= enough; dir++) {
    for (guint j = i;;) {
      if (dir == 0 ? j == 0 : j + 1 >= n)
        break;
      j = dir == 0 ? j - 1 : j + 1;
      if (ABS(gcy(&g[j]) - gcy(&g[i])) > maxh)
        break;
      if (!on_one_line(&g[i], &g[j]))
        continue;
      double gap = MAX(g[j].x0 - g[i].x1, g[i].x0 - g[j].x1);
      if (gap < best) {
        best = gap;
        *nearest = (int)j;
        if (best < enough)
          break;
      }
    }
  }
  return best;
}

/* Is G[i]'s next glyph (G sorted by centre y) on its line, closer than ENOUGH? It is the first
 * one nearest_beside() looks at to the right, with the same tests, so then the nearest gap is
 * below ENOUGH too — known without the scan to the left, which at the start of a line goes
 * through the lines above within MAXH. */
static gboolean touches_next(const YsGlyph *g, guint n, guint i, double maxh, double enough) {
  guint j = i + 1;
  if (j >= n || ABS(gcy(&g[j]) - gcy(&g[i])) > maxh)
    return FALSE;
  if (!on_one_line(&g[i], &g[j]))
    return FALSE;
  return MAX(g[j].x0 - g[i].x1, g[i].x0 - g[j].x1) < enough;
}

/* Marks in VERTICAL[] the glyphs that belong to a column of single glyphs stacked one per line
 * (a label printed vertically): same x, an even pitch, and closer to each other than to
 * anything beside them. A grid of single glyphs (a two-line header in distributed alignment)
 * is not a label. G must be sorted by centre y. */
static void find_vertical_runs(const YsGlyph *g, guint n, gboolean *vertical) {
  g_autofree gboolean *candidate = g_new0(gboolean, n);
  g_autofree gboolean *single = g_new0(gboolean, n);
  g_autofree double *beside = g_new(double, n);
  g_autofree int *nearest = g_new(int, n);
  double maxh = 0;
  for (guint i = 0; i < n; i++)
    maxh = MAX(maxh, ink(&g[i]));
  for (guint i = 0; i < n; i++) {
    double h = ink(&g[i]);
    /* beside[] and nearest[] are read only for candidates: letters no glyph touches */
    if (touches_next(g, n, i, maxh, VERTICAL_TOUCH * h) || !g_unichar_isalpha(g[i].ch)) {
      beside[i] = 0;
      nearest[i] = -1;
      continue; /* neither single nor a candidate */
    }
    beside[i] = nearest_beside(g, n, i, maxh, VERTICAL_TOUCH * h, &nearest[i]);
    single[i] = beside[i] > VERTICAL_TOUCH * h;
    candidate[i] = single[i] && !g_unichar_isdigit(g[i].ch) && beside[i] >= VERTICAL_ISOLATION * h;
  }
  /* Chain candidates top to bottom: same column, similar size, small vertical gap. */
  g_autofree int *next = g_new(int, n);
  g_autofree gboolean *has_prev = g_new0(gboolean, n);
  for (guint i = 0; i < n; i++) {
    next[i] = -1;
    if (!candidate[i])
      continue;
    double h = ink(&g[i]);
    for (guint j = i + 1; j < n; j++) {
      if (ink_top(&g[j]) - ink_bottom(&g[i]) > VERTICAL_MAX_GAP * h)
        break;
      if (!candidate[j] || has_prev[j])
        continue;
      double hj = ink(&g[j]);
      if (ink_top(&g[j]) < ink_top(&g[i]) + 0.5 * h || ABS(gcx(&g[j]) - gcx(&g[i])) > 0.3 * h ||
          hj > 1.4 * h || hj < 0.7 * h)
        continue;
      next[i] = (int)j;
      has_prev[j] = TRUE;
      break;
    }
  }
  /* A label is stacked at an even pitch: a link much wider or narrower than the chain's
   * usual one joins something else (the header glyph above a label, say) and is cut. */
  g_autoptr(GArray) chain = g_array_new(FALSE, FALSE, sizeof(int));
  g_autoptr(GArray) gaps = g_array_new(FALSE, FALSE, sizeof(double));
  for (guint i = 0; i < n; i++) {
    if (has_prev[i] || next[i] < 0)
      continue;
    g_array_set_size(chain, 0);
    g_array_set_size(gaps, 0);
    for (int k = (int)i; k >= 0; k = next[k]) {
      g_array_append_val(chain, k);
      if (next[k] >= 0) {
        double gap = ink_top(&g[next[k]]) - ink_bottom(&g[k]);
        g_array_append_val(gaps, gap);
      }
    }
    g_autofree double *sorted = g_memdup2(gaps->data, gaps->len * sizeof(double));
    qsort(sorted, gaps->len, sizeof(double), cmp_double);
    double median = sorted[gaps->len / 2];
    guint run_start = 0;
    for (guint c = 0; c < chain->len; c++) {
      gboolean cut = c + 1 == chain->len;
      if (!cut) {
        double h = ink(&g[g_array_index(chain, int, c)]);
        cut = ABS(g_array_index(gaps, double, c) - median) > 0.25 * h;
      }
      if (!cut)
        continue;
      if (c > run_start) {
        /* closer above and below than beside, and no single glyph beside (a grid) */
        double vgap = MAX(median, 0), side = 0;
        gboolean grid = FALSE;
        for (guint r = run_start; r <= c; r++) {
          int k = g_array_index(chain, int, r);
          side += MIN(beside[k], 100 * maxh);
          grid |= nearest[k] >= 0 && single[nearest[k]] && beside[k] <= GRID_MAX_GAP * ink(&g[k]);
        }
        side /= c - run_start + 1;
        double h = ink(&g[g_array_index(chain, int, run_start)]);
        if (!grid && side > 2 * vgap + 0.2 * h)
          for (guint r = run_start; r <= c; r++)
            vertical[g_array_index(chain, int, r)] = TRUE;
      }
      run_start = c + 1;
    }
  }
}

/* ---- (3) lines ---- */

typedef YsLayoutLine Line;

/* Widens L's band by a glyph's text, TOP to BOTTOM, without storing the glyph. */
static void line_band_add(Line *l, double top, double bottom) {
  double cy = (top + bottom) / 2, h = bottom - top;
  if (l->members++ == 0) {
    l->cy_min = l->cy_max = cy;
    l->h_min = h;
  } else {
    l->cy_min = MIN(l->cy_min, cy);
    l->cy_max = MAX(l->cy_max, cy);
    l->h_min = MIN(l->h_min, h);
  }
  l->sum_y0 += top;
  l->sum_y1 += bottom;
  l->y0 = l->sum_y0 / l->members;
  l->y1 = l->sum_y1 / l->members;
}

void ys_layout_line_add(Line *l, const YsGlyph *g) {
  g_array_append_val(l->glyphs, *g);
  line_band_add(l, text_top(g), text_bottom(g));
}

Line *ys_layout_line_new(void) {
  Line *l = g_new0(Line, 1);
  l->glyphs = g_array_new(FALSE, FALSE, sizeof(YsGlyph));
  return l;
}

void ys_layout_line_free(Line *l) {
  g_array_unref(l->glyphs);
  g_free(l->gaps);
  g_free(l);
}

static int cmp_x0(const void *a, const void *b) {
  const YsGlyph *x = a, *y = b;
  if (x->x0 != y->x0)
    return x->x0 < y->x0 ? -1 : 1;
  return x->y0 < y->y0 ? -1 : x->y0 > y->y0;
}

/* Are A's glyphs already in cmp_x0's order? Most lines are (glyphs of one font size join
 * their line left to right). The test is strict — no NaN passes it — so the order is a
 * consistent one, which the stable sort would keep as it is. */
static gboolean in_x0_order(const GArray *a) {
  const YsGlyph *g = (const YsGlyph *)a->data;
  for (guint k = 1; k < a->len; k++) {
    const YsGlyph *x = &g[k - 1], *y = &g[k];
    if (!(x->x0 < y->x0 || (x->x0 == y->x0 && x->y0 <= y->y0)))
      return FALSE;
  }
  return TRUE;
}

static int cmp_line_top(const void *a, const void *b) {
  const Line *x = *(Line *const *)a, *y = *(Line *const *)b;
  double tx = x->vertical ? text_top(&g_array_index(x->glyphs, YsGlyph, 0)) : x->y0;
  double ty = y->vertical ? text_top(&g_array_index(y->glyphs, YsGlyph, 0)) : y->y0;
  if (ABS(tx - ty) > 0.01)
    return tx < ty ? -1 : 1;
  double ax = g_array_index(x->glyphs, YsGlyph, 0).x0, bx = g_array_index(y->glyphs, YsGlyph, 0).x0;
  return ax < bx ? -1 : ax > bx;
}

/* Stores the glyphs of G[0..n) in the lines OWNER names (an index into OUT, or G_MAXUINT for
 * none), each line's in the order they joined it. Each array is sized once: appending glyph by
 * glyph was a visible share of the layout. */
static void fill_lines(const YsGlyph *g, guint n, const guint *owner, GPtrArray *out, guint first) {
  g_autofree guint *filled = g_new0(guint, out->len - first);
  for (guint k = first; k < out->len; k++) {
    Line *l = out->pdata[k];
    g_array_set_size(l->glyphs, l->members);
  }
  for (guint i = 0; i < n; i++) {
    if (owner[i] == G_MAXUINT)
      continue;
    Line *l = out->pdata[owner[i]];
    g_array_index(l->glyphs, YsGlyph, filled[owner[i] - first]++) = g[i];
  }
}

/* A glyph's text: its band and height, worked out once per glyph for the lines it is tried on. */
typedef struct {
  double top, bottom, h;
} Text;

/* How far T overlaps line L's band (OVER), and the height that is a share of (BASE: the lower
 * of the band's and T's). */
static void band_overlap(const Line *l, const Text *t, double *over, double *base) {
  *over = vertical_overlap(l->y0, l->y1, t->top, t->bottom);
  *base = MIN(l->y1 - l->y0 + 1e-6, t->h);
}

/* The open line (FIRST_OPEN on) that T overlaps most, by at least half, or
 * G_MAXUINT. Each share is a division by a band just divided out of its sums, so the
 * divisions form a chain from glyph to glyph. Most glyphs overlap one open line only (the
 * line above has ended) and lie within its band — OVER no less than BASE, a share of at least
 * 1 — and that line is the answer without dividing. */
static guint best_line(const GPtrArray *lines, guint first_open, const Text *t) {
  guint overlapping = 0, only = G_MAXUINT;
  double over, base, only_over = 0, only_base = 0;
  for (guint k = first_open; k < lines->len; k++) {
    band_overlap(lines->pdata[k], t, &over, &base);
    if (!(over > 0) && base > 0)
      continue; /* a share of at most 0 (or NaN) */
    overlapping++;
    only = k;
    only_over = over;
    only_base = base;
  }
  if (overlapping == 0)
    return G_MAXUINT;
  if (overlapping == 1 && only_base > 0 && only_base <= G_MAXDOUBLE && only_over >= only_base)
    return only;
  guint best = G_MAXUINT;
  double best_overlap = 0;
  for (guint k = first_open; k < lines->len; k++) {
    band_overlap(lines->pdata[k], t, &over, &base);
    double ov = over / base;
    if (ov >= 0.5 && ov > best_overlap) {
      best = k;
      best_overlap = ov;
    }
  }
  return best;
}

/* Groups G[0..n) (sorted by centre y, vertical ones skipped) into lines. */
static void group_lines(const YsGlyph *g, guint n, const gboolean *vertical, GPtrArray *out) {
  guint first = out->len, first_open = out->len;
  g_autofree guint *owner = g_new(guint, n);
  for (guint i = 0; i < n; i++) {
    owner[i] = G_MAXUINT;
    if (vertical[i])
      continue;
    double h = gh(&g[i]), cy = gcy(&g[i]);
    Text t = {cy - h / 2, cy + h / 2, h};
    guint best = best_line(out, first_open, &t);
    if (best == G_MAXUINT) {
      best = out->len;
      g_ptr_array_add(out, ys_layout_line_new());
    }
    line_band_add(out->pdata[best], t.top, t.bottom);
    owner[i] = best;
    /* lines whose band ends above this glyph's top can take no more glyphs */
    while (first_open < out->len && ((Line *)out->pdata[first_open])->y1 < t.top - h)
      first_open++;
  }
  fill_lines(g, n, owner, out, first);
}

/* Drops a glyph drawn twice at the same place (fake bold, shadow text). */
static void dedupe(Line *l) {
  GArray *a = l->glyphs;
  guint w = 0;
  for (guint i = 0; i < a->len; i++) {
    YsGlyph *g = &g_array_index(a, YsGlyph, i);
    if (w > 0) {
      YsGlyph *p = &g_array_index(a, YsGlyph, w - 1);
      double shift = ABS(p->x0 - g->x0);
      if (p->ch == g->ch && shift < DUPLICATE_SHIFT * g->em &&
          shift < DUPLICATE_SHARE * (p->x1 - p->x0) && ABS(gcy(p) - gcy(g)) < 0.2 * gh(g))
        continue;
    }
    g_array_index(a, YsGlyph, w++) = *g;
  }
  g_array_set_size(a, w);
}

/* ---- (3c) stacked lines ---- */

/* Do A and B cover the same x, by more than half the narrower, one above the other (their
 * centres more than STACKED_SHIFT text heights apart)? Glyphs of one line never do. */
static gboolean stacked(const YsGlyph *a, const YsGlyph *b) {
  if (!(ABS(gcy(a) - gcy(b)) > STACKED_SHIFT * MIN(gh(a), gh(b))))
    return FALSE; /* the usual answer, and the cheaper test */
  double over = MIN(a->x1, b->x1) - MAX(a->x0, b->x0);
  double narrower = MIN(a->x1 - a->x0, b->x1 - b->x0);
  return over > 0.5 * narrower;
}

/* Is any glyph of G[0..n) stacked on one of H[0..m) (each in order of x0)? */
static gboolean any_stacked(const YsGlyph *g, guint n, const YsGlyph *h, guint m) {
  for (guint i = 0, j0 = 0; i < n; i++) {
    while (j0 < m && h[j0].x1 <= g[i].x0)
      j0++; /* the x1 of glyphs in order of x0 are nearly in order: a check, not a search */
    for (guint j = j0; j < m && h[j].x0 < g[i].x1; j++)
      if (stacked(&g[i], &h[j]))
        return TRUE;
  }
  return FALSE;
}

static int cmp_cy(const void *a, const void *b) {
  double x = gcy(a), y = gcy(b);
  return x < y ? -1 : x > y;
}

/* A line whose band took in two lines of a cell and something set between them (a figure
 * centred on a label wrapped onto two lines: 1 議会 | 488,451 | 費) holds glyphs stacked one on
 * another. It is cut by height, top to bottom, into as few lines as hold no stacked glyphs:
 * what lies between joins the line above. The lines after the first go to REGION. */
static void split_stacked(Line *l, GPtrArray *region) {
  const YsGlyph *g = (const YsGlyph *)l->glyphs->data;
  guint n = l->glyphs->len;
  /* most lines have no two glyphs far enough apart in height to be stacked */
  if (!(l->cy_max - l->cy_min > STACKED_SHIFT * l->h_min))
    return;
  gboolean found = FALSE;
  for (guint k = 1; k < n && n <= STACKED_MAX_GLYPHS && !found; k++)
    found = stacked(&g[k - 1], &g[k]);
  if (!found)
    return;
  g_autofree YsGlyph *by_cy = g_memdup2(g, n * sizeof *g);
  qsort(by_cy, n, sizeof *by_cy, cmp_cy);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
  GArray *part = NULL; /* YsGlyph in order of x0 */
  for (guint a = 0; a < n;) {
    /* the next band of glyphs at one height */
    guint b = a + 1;
    while (b < n && !(gcy(&by_cy[b]) - gcy(&by_cy[b - 1]) >
                      STACKED_BAND * MIN(gh(&by_cy[b]), gh(&by_cy[b - 1]))))
      b++;
    GArray *band = g_array_new(FALSE, FALSE, sizeof(YsGlyph));
    g_array_append_vals(band, by_cy + a, b - a);
    g_array_sort(band, cmp_x0);
    if (part && !any_stacked((YsGlyph *)part->data, part->len, (YsGlyph *)band->data, band->len)) {
      g_array_append_vals(part, band->data, band->len);
      g_array_sort(part, cmp_x0);
      g_array_unref(band);
    } else {
      part = band;
      g_ptr_array_add(parts, part);
    }
    a = b;
  }
  for (guint k = 0; k < parts->len; k++) {
    GArray *p = parts->pdata[k];
    Line *to = l;
    if (k == 0) {
      g_array_set_size(l->glyphs, 0);
      l->members = 0;
      l->sum_y0 = l->sum_y1 = 0;
    } else {
      to = ys_layout_line_new();
      g_ptr_array_add(region, to);
    }
    for (guint i = 0; i < p->len; i++)
      ys_layout_line_add(to, &g_array_index(p, YsGlyph, i));
  }
}

/* Lays out one half (or the whole page) and appends its lines in reading order. */
static void layout_region(YsGlyph *g, guint n, int page, GPtrArray *lines) {
  if (n == 0)
    return;
  sort_by_cy(g, n);
  g_autofree gboolean *vertical = g_new0(gboolean, n);
  find_vertical_runs(g, n, vertical);

  g_autoptr(GPtrArray) region = g_ptr_array_new_with_free_func((GDestroyNotify)ys_layout_line_free);
  /* vertical runs, each as one line, top to bottom */
  g_autofree gboolean *taken = g_new0(gboolean, n);
  for (guint i = 0; i < n; i++) {
    if (!vertical[i] || taken[i])
      continue;
    Line *l = ys_layout_line_new();
    l->vertical = TRUE;
    ys_layout_line_add(l, &g[i]);
    taken[i] = TRUE;
    const YsGlyph *last = &g[i];
    for (guint j = i + 1; j < n; j++) {
      if (!vertical[j] || taken[j])
        continue;
      if (ABS(gcx(&g[j]) - gcx(last)) <= 0.3 * ink(last) &&
          ink_top(&g[j]) - ink_bottom(last) <= VERTICAL_MAX_GAP * ink(last) &&
          ink_top(&g[j]) >= ink_top(last) + 0.5 * ink(last)) {
        ys_layout_line_add(l, &g[j]);
        taken[j] = TRUE;
        last = &g[j];
      }
    }
    g_ptr_array_add(region, l);
  }
  group_lines(g, n, vertical, region);
  for (guint k = 0, lines_grouped = region->len; k < region->len; k++) {
    Line *l = region->pdata[k];
    if (!l->vertical) {
      if (!in_x0_order(l->glyphs))
        g_array_sort(l->glyphs, cmp_x0);
      dedupe(l);
      if (k < lines_grouped)
        split_stacked(l, region); /* the lines it adds are in order and split already */
    }
  }
  g_ptr_array_sort(region, cmp_line_top);
  ys_layout_join_centred(region);
  /* (3b) side-by-side columns: the horizontal lines in reading order; then each vertical label
   * goes where it stood in top-to-bottom order, before the first line below its top */
  g_autoptr(GPtrArray) horizontal = g_ptr_array_new();
  g_autoptr(GPtrArray) order = g_ptr_array_new();
  for (guint k = 0; k < region->len; k++)
    if (!((Line *)region->pdata[k])->vertical)
      g_ptr_array_add(horizontal, region->pdata[k]);
  ys_layout_columns(horizontal, region, order);
  for (guint k = 0; k < region->len; k++) {
    Line *v = region->pdata[k];
    if (!v->vertical)
      continue;
    guint at = 0;
    while (at < order->len &&
           (((Line *)order->pdata[at])->vertical || cmp_line_top(&order->pdata[at], &v) <= 0))
      at++;
    g_ptr_array_insert(order, (int)at, v);
  }
  /* (5) each line's gaps by its own pitch, (6) soft spaces by the columns of the region */
  for (guint k = 0; k < order->len; k++) {
    Line *l = order->pdata[k];
    if (l->vertical)
      continue;
    l->gaps = g_new0(guint8, l->glyphs->len);
    ys_layout_gaps((const YsGlyph *)l->glyphs->data, l->glyphs->len, l->gaps);
  }
  ys_layout_cells((Line *const *)order->pdata, order->len);
  for (guint k = 0; k < order->len; k++)
    g_ptr_array_add(lines, ys_layout_emit(order->pdata[k], page));
}

void ys_layout_lines(GArray *glyphs, double page_width, double page_height, int page_number,
                     GPtrArray *lines) {
  YsGlyph *g = (YsGlyph *)glyphs->data;
  guint n = glyphs->len;
  guint first = lines->len;
  ys_layout_measure(g, n);
  double gutter = find_gutter(g, n, page_width, page_height);
  if (gutter < 0) {
    layout_region(g, n, page_number, lines);
  } else {
    /* left half first: move its glyphs to the front */
    guint left = 0;
    for (guint i = 0; i < n; i++) {
      if (gcx(&g[i]) < gutter) {
        YsGlyph t = g[left];
        g[left++] = g[i];
        g[i] = t;
      }
    }
    layout_region(g, left, page_number, lines);
    layout_region(g + left, n - left, page_number, lines);
  }
  for (guint k = first; k < lines->len; k++)
    ((YsRawLine *)lines->pdata[k])->line = (int)(k - first + 1);
}
