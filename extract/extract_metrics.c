/* extract — the measures the layout works in: the em of each glyph, and a median.
 *
 * Every threshold of the layout's lines is a multiple of the em: the advance of a full-width
 * glyph, the unit Japanese text is set in. Poppler gives each glyph the size of its word, which
 * is that em for most fonts, but not for all: the advance of a DocuWorks face is 1.04-1.1 of
 * its size, and for a Type 3 font Poppler cannot know the glyphs' scale without drawing them
 * and guesses it from the width of one of the font's glyphs ('m', else a letter, else any)
 * taken as half an em — for a font whose first glyph is a CJK ideograph, a whole em wide, twice
 * the size (Chromium embeds every font as Type 3; its boxes are taller still: the font's
 * bounding box, two or three times the text). What no producer changes is that a CJK ideograph
 * is one em wide. So the glyphs of one size that include ideographs take the advance of the
 * narrowest of them (the others may have character spacing folded into their boxes) as their
 * em; glyphs of a size without ideographs keep the size. */
#include "extract/extract_private.h"

#include <stdlib.h>

/* Sizes measured apart on one page; glyphs of further sizes keep Poppler's. */
#define EM_MAX_SIZES 32
/* No em is smaller (nor a box lower) than this many points: a degenerate box still measures. */
#define EM_MIN 0.1
/* … nor larger, so that thresholds stay finite. */
#define EM_MAX 1e9

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void swap_double(double *v, guint i, guint j) {
  double t = v[i];
  v[i] = v[j];
  v[j] = t;
}

static double middle_of_three(double a, double b, double c) {
  if (a > b) {
    double t = a;
    a = b;
    b = t;
  }
  return c < a ? a : c > b ? b : c;
}

/* Quickselect with a three-way partition: glyph heights are mostly equal (one font size), which
 * a two-way partition turns quadratic. A sort of the whole array per page was a visible share
 * of the layout time. Rounds are bounded: an unlucky input falls back to sorting its range. */
double ys_layout_median(double *v, guint n) {
  guint k = n / 2, lo = 0, hi = n;
  for (guint rounds = 0; hi - lo > 1; rounds++) {
    if (rounds > 64) {
      qsort(v + lo, hi - lo, sizeof *v, cmp_double);
      return v[k];
    }
    double p = middle_of_three(v[lo], v[lo + (hi - lo) / 2], v[hi - 1]);
    guint lt = lo, i = lo, gt = hi; /* [lo, lt) < p, [lt, i) == p, [gt, hi) > p */
    while (i < gt) {
      if (v[i] < p)
        swap_double(v, lt++, i++);
      else if (v[i] > p)
        swap_double(v, i, --gt);
      else
        i++;
    }
    if (k < lt)
      hi = lt;
    else if (k >= gt)
      lo = gt;
    else
      return p;
  }
  return v[k];
}

/* A CJK ideograph: one em wide in any Japanese font (kana may be proportional). */
static gboolean is_ideograph(gunichar c) {
  return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x3FFFF);
}

static gboolean usable(double x) {
  return x >= EM_MIN && x <= EM_MAX; /* FALSE for NaN */
}

typedef struct {
  double size;      /* Poppler's */
  double narrowest; /* advance of its narrowest ideograph; 0 while none is seen */
} SizeClass;

/* The class of SIZE in C[0..*n), with ADD added when there is room; NULL when there is none.
 * LAST is where the previous glyph's was: glyphs of one size come in runs. */
static SizeClass *class_of(SizeClass *c, guint *n, guint *last, double size, gboolean add) {
  if (*last < *n && c[*last].size == size)
    return &c[*last];
  for (guint k = 0; k < *n; k++) {
    if (c[k].size == size) {
      *last = k;
      return &c[k];
    }
  }
  if (!add || *n == EM_MAX_SIZES)
    return NULL;
  c[*n] = (SizeClass){size, 0};
  *last = (*n)++;
  return &c[*last];
}

void ys_layout_measure(YsGlyph *g, guint n) {
  SizeClass classes[EM_MAX_SIZES];
  guint n_classes = 0, last = 0;
  for (guint i = 0; i < n; i++) {
    if (!usable(g[i].size) || !is_ideograph(g[i].ch))
      continue;
    SizeClass *c = class_of(classes, &n_classes, &last, g[i].size, TRUE);
    double w = g[i].x1 - g[i].x0;
    if (c && usable(w) && (c->narrowest == 0 || w < c->narrowest))
      c->narrowest = w;
  }
  double last_size = 0, last_em = 0; /* glyphs of one size come in runs */
  for (guint i = 0; i < n; i++) {
    double em = g[i].size;
    if (em == last_size && last_size != 0) {
      em = last_em;
    } else if (usable(em)) {
      SizeClass *c = n_classes > 0 ? class_of(classes, &n_classes, &last, em, FALSE) : NULL;
      last_size = em;
      if (c && c->narrowest > 0)
        em = c->narrowest;
      last_em = em;
    } else {
      /* no size (a caller that does not know it): the box, as high as the text or higher */
      em = g[i].y1 - g[i].y0;
    }
    g[i].em = em >= EM_MIN ? MIN(em, EM_MAX) : EM_MIN;
  }
}
