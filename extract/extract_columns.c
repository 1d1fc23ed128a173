/* extract — side-by-side text columns: a slide often sets two blocks of prose next to each
 * other (two programmes in two boxes, a paragraph with a box of figures beside it). Their lines
 * share baselines, so grouping glyphs by height alone joins the left block's line and the right
 * block's line into one, and a later stage reads the right block's figure as the left heading's
 * amount. This step cuts such blocks apart, recursive XY-cut style: within a band of
 * consecutive lines, an empty vertical gutter that no glyph crosses, with prose on both sides,
 * splits the band; the left block is read before the right one, and each block is cut again.
 *
 * Tables are not columns: a row's cells must stay one line, tied to its headers. A side counts
 * as prose only when at least two of its lines hold, next to the gutter, a cell of running text
 * (mostly letters, several glyphs) filling most of the side's width — wrapped paragraphs and
 * headings do, short cells of figures and the narrow cells of a ruled table do not.
 * All thresholds are multiples of the median glyph height of the block. */
#include "extract/extract_private.h"

#include <stdlib.h>
#include <string.h>

/* A gutter must be at least this many glyph heights wide (a tab gap is 0.5-1.1). */
#define COLUMN_MIN_GAP 1.5 /* must stay above PROSE_CELL_GAP: the search prefilter relies on it */
/* Lines holding glyphs on both sides of the gutter needed to cut a band. */
#define COLUMN_MIN_SHARED 2
/* Prose: a cell of at least this many glyphs, at most this share of them digits, … */
#define PROSE_MIN_GLYPHS 8
#define PROSE_MAX_DIGITS 0.3
/* … as wide as this share of its side at least, … */
#define PROSE_MIN_FILL 0.6
/* A wrapped paragraph: lines of at least this many glyphs filling the side; beside one, short
 * prose (a box of headline figures) is enough on the other side. */
#define PARAGRAPH_MIN_GLYPHS 20
#define PARAGRAPH_FILL 0.9
#define PROSE_SHORT_FILL 0.4
/* … where a cell ends at a gap wider than this (glyph heights); and this many such lines on
 * each side of the gutter. */
#define PROSE_CELL_GAP 1.0
#define PROSE_MIN_LINES 2
/* A band of columns is cut at a vertical space wider than this many glyph heights unless the
 * part below has a line with at least this many glyphs of text on each side of the gutter. */
#define COLUMN_MAX_VSPACE 2.0
#define SEGMENT_MIN_GLYPHS 6
/* Bounds on the work: the search uses bins of one point, at most this many, … */
#define COLUMN_MAX_BINS 2048
/* … on at most this many line × bin cells, and cuts at most this deep. */
#define COLUMN_MAX_CELLS (16u * 1024 * 1024)
#define COLUMN_MAX_DEPTH 12

typedef YsLayoutLine Line;

static double gh(const YsGlyph *g) {
  return ys_glyph_height(g);
}

static double gcx(const YsGlyph *g) {
  return (g->x0 + g->x1) / 2;
}

static const YsGlyph *glyph(const Line *l, guint i) {
  return &g_array_index(l->glyphs, YsGlyph, i);
}

/* Number of glyphs of L left of X (L's glyphs are left to right). */
static guint left_count(const Line *l, double x) {
  guint k = 0;
  while (k < l->glyphs->len && gcx(glyph(l, k)) < x)
    k++;
  return k;
}

/* The search judges hundreds of candidate gutters per block, each asking every line of a band
 * where the gutter splits it and which cells touch the split. Rescanning the glyphs for every
 * question made the search quadratic in a line's length, so each line is measured once per
 * block into flat arrays indexed by OFFSET[i] + k (glyph k of line i). */
typedef struct {
  Line **lines;
  guint n;
  double h;      /* median glyph height */
  guint *offset; /* n + 1 entries */
  double *reach; /* largest centre of glyphs 0..k: left_count is the first k reaching x, and
                  * a running maximum is sorted even where centres are not */
  guint *cell_a; /* first glyph of the cell holding glyph k (cells end at wide gaps) */
  guint *cell_b; /* last glyph of that cell */
  guint *digits; /* digits among glyphs 0..k */
  guint *split;  /* per line: left_count at the gutter last judged (they go left to right) */
} Block;

static void block_measure_line(Block *bk, guint i) {
  const Line *l = bk->lines[i];
  guint o = bk->offset[i], n = l->glyphs->len;
  double reach = -G_MAXDOUBLE;
  guint digits = 0, a = 0;
  for (guint k = 0; k < n; k++) {
    const YsGlyph *g = glyph(l, k);
    double c = gcx(g);
    /* a NaN centre stops left_count's scan whatever x is: it reaches everything */
    if (!(c <= reach))
      reach = c == c ? c : G_MAXDOUBLE;
    bk->reach[o + k] = reach;
    digits += g_unichar_isdigit(g->ch) != 0;
    bk->digits[o + k] = digits;
    /* a cell ends where the gap is not small: a NaN gap ends one too */
    if (k > 0 && !(g->x0 - glyph(l, k - 1)->x1 <= PROSE_CELL_GAP * bk->h))
      a = k;
    bk->cell_a[o + k] = a;
  }
  guint b = 0;
  for (guint k = n; k-- > 0;) {
    if (k + 1 == n || bk->cell_a[o + k + 1] == k + 1)
      b = k;
    bk->cell_b[o + k] = b;
  }
}

static void block_init(Block *bk, Line **lines, guint n, guint total, double h) {
  bk->lines = lines;
  bk->n = n;
  bk->h = h;
  bk->offset = g_new(guint, n + 1);
  bk->offset[0] = 0;
  for (guint i = 0; i < n; i++)
    bk->offset[i + 1] = bk->offset[i] + lines[i]->glyphs->len;
  bk->reach = g_new(double, total);
  bk->cell_a = g_new(guint, total);
  bk->cell_b = g_new(guint, total);
  bk->digits = g_new(guint, total);
  bk->split = g_new0(guint, n);
  for (guint i = 0; i < n; i++)
    block_measure_line(bk, i);
}

static void block_clear(Block *bk) {
  g_free(bk->offset);
  g_free(bk->reach);
  g_free(bk->cell_a);
  g_free(bk->cell_b);
  g_free(bk->digits);
  g_free(bk->split);
}

/* left_count(line I, X): the first glyph whose running maximum of the centres reaches X. The
 * search asks at gutters left to right, so the count only grows: it is taken on from the last
 * one, bk->split[i], and over a whole search walks each line once. */
static guint block_left_count(const Block *bk, guint i, double x) {
  const double *reach = bk->reach + bk->offset[i];
  guint k = bk->split[i], n = bk->lines[i]->glyphs->len;
  while (k < n && reach[k] < x)
    k++;
  return k;
}

/* The cell of line I next to the gutter (the last cell left of it when LEFT, else the first
 * right of it): its glyphs, digits and width. */
typedef struct {
  guint count, digits; /* count 0: no cell on that side */
  double width;
} SideCell;

static SideCell side_cell(const Block *bk, guint i, gboolean left) {
  SideCell c = {0, 0, 0};
  const Line *l = bk->lines[i];
  guint split = bk->split[i], n = l->glyphs->len, o = bk->offset[i];
  if (left ? split == 0 : split == n)
    return c;
  guint k = left ? split - 1 : split;
  guint a = bk->cell_a[o + k], b = bk->cell_b[o + k];
  c.count = b - a + 1;
  c.digits = bk->digits[o + b] - (a > 0 ? bk->digits[o + a - 1] : 0);
  c.width = glyph(l, b)->x1 - glyph(l, a)->x0;
  return c;
}

/* Is the cell running text at least FILL_MIN points wide? */
static gboolean prose(const SideCell *c, double fill_min, guint min_glyphs) {
  return c->count > 0 && c->count >= min_glyphs && c->digits <= PROSE_MAX_DIGITS * c->count &&
         c->width >= fill_min;
}

typedef struct {
  guint first, last; /* band: lines first..last */
  double x;          /* a point of the gutter */
  guint shared;      /* lines with glyphs on both sides */
  double width;      /* of the gutter */
} Cut;

/* Does line I hold text on both sides of the gutter? */
static gboolean text_both_sides(const Block *bk, guint i) {
  SideCell cl = side_cell(bk, i, TRUE);
  if (!prose(&cl, 0, SEGMENT_MIN_GLYPHS))
    return FALSE;
  SideCell cr = side_cell(bk, i, FALSE);
  return prose(&cr, 0, SEGMENT_MIN_GLYPHS);
}

/* Judges the band FIRST..LAST (lines free at X, bk->split set for them): it is a cut when its
 * gutter is wide enough and both sides are prose. */
static gboolean judge(const Block *bk, guint first, guint last, double x, Cut *cut) {
  Line **lines = bk->lines;
  double h = bk->h;
  /* a band goes on over a wide vertical space (a new section) only if what follows is two blocks
   * of text too: one of its lines holds text on both sides of the gutter */
  guint seg_first = first, kept_first = G_MAXUINT, kept_last = 0;
  for (guint i = first; i <= last; i++) {
    if (i < last && lines[i + 1]->y0 - lines[i]->y1 <= COLUMN_MAX_VSPACE * h)
      continue;
    gboolean text_both = FALSE;
    for (guint k = seg_first; k <= i && !text_both; k++)
      text_both = text_both_sides(bk, k);
    if (text_both && (kept_first == G_MAXUINT || kept_last + 1 == seg_first)) {
      kept_first = MIN(kept_first, seg_first);
      kept_last = i;
    }
    seg_first = i + 1;
  }
  if (kept_first == G_MAXUINT)
    return FALSE;
  first = kept_first;
  last = kept_last;
  double gl = -G_MAXDOUBLE, gr = G_MAXDOUBLE, lmin = G_MAXDOUBLE, rmax = -G_MAXDOUBLE;
  guint shared = 0;
  for (guint i = first; i <= last; i++) {
    const Line *l = lines[i];
    guint k = bk->split[i], n = l->glyphs->len;
    if (k > 0) {
      gl = MAX(gl, glyph(l, k - 1)->x1);
      lmin = MIN(lmin, glyph(l, 0)->x0);
    }
    if (k < n) {
      gr = MIN(gr, glyph(l, k)->x0);
      rmax = MAX(rmax, glyph(l, n - 1)->x1);
    }
    shared += k > 0 && k < n;
  }
  if (shared < COLUMN_MIN_SHARED || gr - gl < COLUMN_MIN_GAP * h)
    return FALSE;
  /* each side prose, or one side a wrapped paragraph and the other at least short prose (a
   * paragraph with a box of headline figures beside it) */
  guint prose_l = 0, prose_r = 0, short_l = 0, short_r = 0, para_l = 0, para_r = 0;
  double wl = gl - lmin, wr = rmax - gr;
  for (guint i = first; i <= last; i++) {
    SideCell cl = side_cell(bk, i, TRUE), cr = side_cell(bk, i, FALSE);
    prose_l += prose(&cl, PROSE_MIN_FILL * wl, PROSE_MIN_GLYPHS);
    prose_r += prose(&cr, PROSE_MIN_FILL * wr, PROSE_MIN_GLYPHS);
    short_l += prose(&cl, PROSE_SHORT_FILL * wl, PROSE_MIN_GLYPHS);
    short_r += prose(&cr, PROSE_SHORT_FILL * wr, PROSE_MIN_GLYPHS);
    para_l += prose(&cl, PARAGRAPH_FILL * wl, PARAGRAPH_MIN_GLYPHS);
    para_r += prose(&cr, PARAGRAPH_FILL * wr, PARAGRAPH_MIN_GLYPHS);
  }
  gboolean columns = (prose_l >= PROSE_MIN_LINES && prose_r >= PROSE_MIN_LINES) ||
                     (para_l >= PROSE_MIN_LINES && short_r >= PROSE_MIN_LINES) ||
                     (para_r >= PROSE_MIN_LINES && short_l >= PROSE_MIN_LINES);
  if (!columns)
    return FALSE;
  *cut = (Cut){first, last, (gl + gr) / 2, shared, gr - gl};
  return TRUE;
}

/* The band that starts highest first (a box beside the opening paragraph before the columns
 * below it), then the one with the most lines on both sides, then the widest gutter. */
static gboolean better(const Cut *a, const Cut *b) {
  if (a->first != b->first)
    return a->first < b->first;
  if (a->shared != b->shared)
    return a->shared > b->shared;
  return a->width > b->width;
}

/* Sets the splits of lines I..E at X and returns the left edge of the nearest glyph right of X
 * on them (at most LIMIT): every gutter up to there splits these lines alike. */
static double split_band(Block *bk, guint i, guint e, double x, double limit) {
  double next = limit;
  for (guint k = i; k <= e; k++) {
    guint c = block_left_count(bk, k, x);
    bk->split[k] = c;
    if (c < bk->lines[k]->glyphs->len)
      next = MIN(next, glyph(bk->lines[k], c)->x0);
  }
  return next;
}

/* The first line at or after FROM whose bit in ROW is USED, or N. */
static guint next_line(const guint64 *row, guint n, guint from, gboolean used) {
  while (from < n) {
    guint64 w = used ? row[from / 64] : ~row[from / 64];
    w >>= from % 64;
    if (w)
      return MIN(from + (guint)__builtin_ctzll(w), n);
    from = (from / 64 + 1) * 64;
  }
  return n;
}

/* ---- what a cut needs of single lines ----
 * judge() cuts a band only when COLUMN_MIN_SHARED of its lines hold glyphs on both sides of
 * the gutter, the gutter is at least COLUMN_MIN_GAP × h wide, and one of those lines holds
 * text on both sides (text_both_sides). Such a line is split between two neighbouring glyphs,
 * and the gutter (the nearest right part's left edge minus the farthest left part's right
 * edge, over the band) is no wider than the gap between those two: so each of the lines has a
 * gap that wide, and one of them has at such a gap a cell of text on each side — the gap ends
 * cells, being wider than PROSE_CELL_GAP. A band without such lines is no cut, whatever the
 * gutter, and is not judged; a block without them (most tables, single paragraphs) is not
 * searched at all. The argument needs ordered edges: a line with a NaN or infinite one counts
 * as able to take part in anything. */

enum { GAPS_NONE, GAPS_WIDE, GAPS_TEXT_BOTH, GAPS_UNORDERED };

static gboolean finite(double x) {
  return x - x == 0; /* FALSE for NaN and the infinities */
}

/* Is the cell of glyphs A..B-1 of L text: prose(…, 0, SEGMENT_MIN_GLYPHS), less the test of
 * the width (which only ever rejects more)? */
static gboolean text_cell(const Line *l, guint a, guint b) {
  guint count = b - a, digits = 0;
  if (count < SEGMENT_MIN_GLYPHS)
    return FALSE;
  for (guint k = a; k < b; k++)
    digits += g_unichar_isdigit(glyph(l, k)->ch) != 0;
  return digits <= PROSE_MAX_DIGITS * count;
}

/* The most line L can give a cut (median glyph height H): a gap of at least COLUMN_MIN_GAP × H
 * (GAPS_WIDE), such a gap between two cells of text (GAPS_TEXT_BOTH), or nothing. A NaN or
 * infinite edge makes a gap NaN or infinite, so finite gaps and outer edges mean every edge
 * is finite (an overflow only makes a line GAPS_UNORDERED, which costs time, not results). */
static int line_gaps(const Line *l, double h) {
  guint n = l->glyphs->len;
  if (n == 0)
    return GAPS_NONE;
  gboolean ordered = finite(glyph(l, 0)->x0) && finite(glyph(l, n - 1)->x1);
  int found = GAPS_NONE;
  guint prev = 0, start = 0;    /* the cell before the current one, the current one */
  gboolean wide_before = FALSE; /* the gap between the two */
  for (guint k = 1; k <= n; k++) {
    double gap = k < n ? glyph(l, k)->x0 - glyph(l, k - 1)->x1 : 0;
    ordered &= finite(gap);
    if (k < n && !(gap > PROSE_CELL_GAP * h))
      continue;
    /* the current cell ends before glyph k */
    if (found != GAPS_TEXT_BOTH && wide_before && text_cell(l, prev, start) &&
        text_cell(l, start, k))
      found = GAPS_TEXT_BOTH;
    wide_before = k < n && gap >= COLUMN_MIN_GAP * h;
    if (wide_before && found == GAPS_NONE)
      found = GAPS_WIDE;
    prev = start;
    start = k;
  }
  return ordered ? found : GAPS_UNORDERED;
}

/* Counts over lines 0..i-1 of a block (n + 1 entries each) of the lines with a wide gap, with
 * text on both sides of one, and with an unordered edge. */
typedef struct {
  guint *wide, *text, *unordered;
} Candidates;

static void candidates_init(Candidates *c, Line **lines, guint n, double h) {
  c->wide = g_new(guint, n + 1);
  c->text = g_new(guint, n + 1);
  c->unordered = g_new(guint, n + 1);
  c->wide[0] = c->text[0] = c->unordered[0] = 0;
  for (guint i = 0; i < n; i++) {
    /* an infinite h makes the wide gap no wider than a cell gap */
    int v = finite(h) ? line_gaps(lines[i], h) : GAPS_UNORDERED;
    c->wide[i + 1] = c->wide[i] + (v != GAPS_NONE);
    c->text[i + 1] = c->text[i] + (v == GAPS_TEXT_BOTH);
    c->unordered[i + 1] = c->unordered[i] + (v == GAPS_UNORDERED);
  }
}

static void candidates_clear(Candidates *c) {
  g_free(c->wide);
  g_free(c->text);
  g_free(c->unordered);
}

/* Can the band of lines FIRST..LAST be cut? */
static gboolean band_may_cut(const Candidates *c, guint first, guint last) {
  if (c->unordered[last + 1] > c->unordered[first])
    return TRUE;
  return c->text[last + 1] > c->text[first] &&
         c->wide[last + 1] - c->wide[first] >= COLUMN_MIN_SHARED;
}

/* The bin of X, clamped to 0..BINS-1 before the conversion (a NaN to 0). */
static int bin_of(double x, double x0, double scale, int bins) {
  double b = (x - x0) * scale;
  if (b > bins - 1)
    return bins - 1;
  return b >= 0 ? (int)b : 0;
}

/* The gutters of bins 1..BINS-2 (bit i of row b of USED, WORDS words: line i has a glyph over
 * bin b, whose centre is X0 + (b + 0.5) / SCALE): for each band of consecutive lines free at a
 * bin, the best cut. */
static gboolean search(Block *bk, const Candidates *cand, const guint64 *used, gsize words,
                       int bins, double x0, double x1, double scale, Cut *best) {
  guint n = bk->n;
  /* skip_to[i]: the band of lines i..skip_end[i] has been judged for gutters up to this bin */
  g_autofree int *skip_to = g_new0(int, n);
  g_autofree guint *skip_end = g_new0(guint, n);
  gboolean found = FALSE;
  /* the last bin searched, and the first bin after it where one of its bands would be judged
   * again: a bin before that with the same lines free has nothing new to judge */
  const guint64 *searched = NULL;
  int settled_to = 0;
  for (int b = 1; b + 1 < bins; b++) {
    const guint64 *row = used + (gsize)b * words;
    if (searched && b <= settled_to && memcmp(row, searched, words * sizeof *row) == 0)
      continue;
    searched = row;
    settled_to = G_MAXINT;
    double x = x0 + (b + 0.5) / scale;
    guint i = next_line(row, n, 0, FALSE);
    while (i < n) {
      guint e = next_line(row, n, i, TRUE) - 1; /* lines i..e are free at this bin */
      if (!band_may_cut(cand, i, e)) {
        /* judge() would say no: only the band is remembered, as it would have been */
        skip_end[i] = e;
      } else {
        if (!(skip_end[i] == e && b <= skip_to[i])) {
          double next = split_band(bk, i, e, x, x1);
          skip_end[i] = e;
          /* (a NaN edge, which made this conversion undefined, judges again at the next bin) */
          skip_to[i] = MAX(b, bin_of(next, x0, scale, bins) - 1);
          Cut c;
          if (judge(bk, i, e, x, &c) && (!found || better(&c, best))) {
            *best = c;
            found = TRUE;
          }
        }
        settled_to = MIN(settled_to, skip_to[i]);
      }
      i = next_line(row, n, e + 1, FALSE);
    }
  }
  return found;
}

/* Sets bit I of rows A..B of USED (WORDS words a row) by flipping it at A and after B; the
 * running XOR over the rows in mark_bins() fills in the rows between. */
static void flip_stretch(guint64 *used, gsize words, guint i, int a, int b) {
  guint64 bit = (guint64)1 << (i % 64);
  used[(gsize)a * words + i / 64] ^= bit;
  used[(gsize)(b + 1) * words + i / 64] ^= bit;
}

/* Are L's glyphs in order of x0? Then their first bins are in order too. */
static gboolean x0_in_order(const Line *l) {
  for (guint k = 1; k < l->glyphs->len; k++)
    if (!(glyph(l, k - 1)->x0 <= glyph(l, k)->x0))
      return FALSE;
  return TRUE;
}

/* Bit i of row b (WORDS words a row, BINS rows and a spare): line i has a glyph over bin b, a
 * bin being 1 / SCALE wide from X0. The scan in search() walks the lines of one bin a word at
 * a time. Setting the bit in every bin of every glyph was most of the cost of a search:
 * glyphs in order of x0 form a few stretches of bins per line (a glyph touches its neighbour),
 * each flipped at both ends and filled in by one pass over the rows; a line out of order is
 * marked bin by bin after that pass. */
static guint64 *mark_bins(Line **lines, guint n, double x0, double scale, int bins, gsize words) {
  guint64 *used = g_new0(guint64, ((gsize)bins + 1) * words);
  g_autofree gboolean *by_bin = g_new0(gboolean, n);
  for (guint i = 0; i < n; i++) {
    const Line *l = lines[i];
    by_bin[i] = !x0_in_order(l);
    int sa = -1, sb = -1; /* the stretch being extended */
    for (guint k = 0; k < l->glyphs->len && !by_bin[i]; k++) {
      int a = bin_of(glyph(l, k)->x0, x0, scale, bins);
      int b = bin_of(glyph(l, k)->x1, x0, scale, bins);
      if (b < a)
        continue; /* x1 left of x0: no bin, as in a loop from a to b */
      if (sa >= 0 && a <= sb + 1) {
        sb = MAX(sb, b);
        continue;
      }
      if (sa >= 0)
        flip_stretch(used, words, i, sa, sb);
      sa = a;
      sb = b;
    }
    if (sa >= 0)
      flip_stretch(used, words, i, sa, sb);
  }
  for (gsize c = words; c < (gsize)bins * words; c++)
    used[c] ^= used[c - words];
  for (guint i = 0; i < n; i++) {
    for (guint k = 0; by_bin[i] && k < lines[i]->glyphs->len; k++) {
      int a = bin_of(glyph(lines[i], k)->x0, x0, scale, bins);
      int b = bin_of(glyph(lines[i], k)->x1, x0, scale, bins);
      for (int c = a; c <= b; c++)
        used[(gsize)c * words + i / 64] |= (guint64)1 << (i % 64);
    }
  }
  return used;
}

/* Finds the best cut of LINES[0..n), if any. */
static gboolean find_cut(Line **lines, guint n, Cut *best) {
  double x0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE;
  guint total = 0;
  for (guint i = 0; i < n; i++) {
    const Line *l = lines[i];
    if (l->glyphs->len == 0)
      continue;
    x0 = MIN(x0, glyph(l, 0)->x0);
    for (guint k = 0; k < l->glyphs->len; k++)
      x1 = MAX(x1, glyph(l, k)->x1);
    total += l->glyphs->len;
  }
  if (total < 2 * PROSE_MIN_GLYPHS || !(x1 - x0 > 0) || x1 - x0 > G_MAXFLOAT)
    return FALSE;
  int bins = (int)MIN(x1 - x0, (double)COLUMN_MAX_BINS) + 1;
  if ((gsize)bins * n > COLUMN_MAX_CELLS)
    return FALSE;
  double scale = bins / (x1 - x0);
  g_autofree double *heights = g_new(double, total);
  guint m = 0;
  for (guint i = 0; i < n; i++)
    for (guint k = 0; k < lines[i]->glyphs->len; k++)
      heights[m++] = gh(glyph(lines[i], k));
  double h = ys_layout_median(heights, total);
  Candidates cand;
  candidates_init(&cand, lines, n, h);
  if (!band_may_cut(&cand, 0, n - 1)) {
    candidates_clear(&cand);
    return FALSE;
  }
  gsize words = (n + 63) / 64;
  g_autofree guint64 *used = mark_bins(lines, n, x0, scale, bins, words);
  Block bk;
  block_init(&bk, lines, n, total, h);
  gboolean found = search(&bk, &cand, used, words, bins, x0, x1, scale, best);
  block_clear(&bk);
  candidates_clear(&cand);
  return found;
}

static void order_block(Line **lines, guint n, GPtrArray *pool, GPtrArray *out, int depth) {
  Cut cut = {0}; /* zeroed: GCC cannot see find_cut only reads *best after setting it */
  if (n < 2 || depth >= COLUMN_MAX_DEPTH || !find_cut(lines, n, &cut)) {
    for (guint i = 0; i < n; i++)
      g_ptr_array_add(out, lines[i]);
    return;
  }
  guint band = cut.last - cut.first + 1;
  g_autofree Line **left = g_new(Line *, band);
  g_autofree Line **right = g_new(Line *, band);
  guint nl = 0, nr = 0;
  for (guint i = cut.first; i <= cut.last; i++) {
    Line *l = lines[i];
    guint k = left_count(l, cut.x);
    if (k == l->glyphs->len) {
      left[nl++] = l;
    } else if (k == 0) {
      right[nr++] = l;
    } else {
      Line *a = ys_layout_line_new(), *b = ys_layout_line_new();
      for (guint j = 0; j < l->glyphs->len; j++)
        ys_layout_line_add(j < k ? a : b, glyph(l, j));
      g_ptr_array_add(pool, a);
      g_ptr_array_add(pool, b);
      left[nl++] = a;
      right[nr++] = b;
    }
  }
  order_block(lines, cut.first, pool, out, depth + 1);
  order_block(left, nl, pool, out, depth + 1);
  order_block(right, nr, pool, out, depth + 1);
  order_block(lines + cut.last + 1, n - cut.last - 1, pool, out, depth + 1);
}

void ys_layout_columns(GPtrArray *lines, GPtrArray *pool, GPtrArray *out) {
  order_block((Line **)lines->pdata, lines->len, pool, out, 0);
}
