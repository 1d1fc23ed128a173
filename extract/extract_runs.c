/* extract — the gaps of one line, read by the line's own pitch.
 *
 * Between two neighbouring glyphs of a line lies nothing, a word space or a cell boundary. One
 * gap says little: producers space glyphs apart for many reasons (character spacing after every
 * glyph, 均等割付 spreading a header over its cell, the space Writer puts between Japanese and
 * Latin text), and Poppler hides part of it: the glyphs it joins into one word get boxes that
 * reach to the next glyph, the spacing folded in. So a gap is read against its neighbours:
 *   (1) a run of single glyphs at a regular pitch — the gaps between them equal — is one token
 *       whatever its spacing: character spacing up to LETTER_SPACING_MAX, CJK glyphs spread
 *       over their cell up to DISTRIBUTED_MAX_GAP;
 *   (2) any other gap is measured against the character spacing around it (of the runs beside
 *       it up to SPACING_AROUND_MAX, or folded into Poppler's boxes and read from their
 *       widths, or the line's): a gap that holds no
 *       more than the spacing is nothing; one that holds more holds a space, which spacing
 *       surrounds on both sides, and that space is a cell boundary when it is wider than a
 *       threshold that depends on the script on either side;
 *   (3) two lone CJK glyphs between cells are one word spread over its cell (比　　　較);
 *   (4) a space of at least SOFT_GAP is soft: extract_cells.c makes it a cell boundary where
 *       the rows around agree that a column edge lies there.
 * Every threshold is in ems of the glyphs beside the gap (extract_metrics.c). */
#include "extract/extract_private.h"

/* A gap narrower than this is none: the glyphs touch (rounding, kerning). */
#define JOIN_EPS 0.03
/* What a gap holds beyond the character spacing: above this, a space (a word space is
 * 0.25-0.33 em; Writer's between Japanese and Latin text 0.2). */
#define SPACE_GAP 0.1
/* A space this wide may be a cell boundary when the columns say so (extract_cells.c); Writer's
 * space between a figure and its unit (0.2 em) stays below: a figure keeps its unit. */
#define SOFT_GAP 0.3
/* A space wider than this is a cell boundary: between two CJK glyphs, which Japanese sets
 * without spaces (a header 予算額 | 前年度 set 0.6 em apart); … */
#define CJK_TAB_GAP 0.5
/* … beside a digit, since a word space is 0.25-0.33 em: never glue a figure to the next
 * column; … */
#define DIGIT_TAB_GAP 0.4
/* … and elsewhere (a full-width space, 1 em, is still a space in prose). */
#define TAB_GAP 1.2
/* Two gaps are equal when they differ by at most this many ems, or this share of the wider:
 * loosely between letters and digits (proportional glyphs, kerning), closely between
 * full-width glyphs, which a spread word sets at exactly equal distances. */
#define REGULAR_ABS 0.08
#define REGULAR_REL 0.15
#define REGULAR_ABS_CJK 0.04
#define REGULAR_REL_CJK 0.08
/* A regular run of gaps up to this wide is character spacing, in any script; … */
#define LETTER_SPACING_MAX 0.6
/* … and up to this wide spacing that surrounds a space too, so that the gaps beside the run
 * are read less it (a wider one spreads a word over its cell: 本　年　度 | 前　年　度). */
#define SPACING_AROUND_MAX 0.35
/* … of single CJK glyphs up to this wide, one word spread over its cell (distributed). */
#define DISTRIBUTED_MAX_GAP 9.0
/* A run is this many equal gaps at least: three for letters and digits (`- 2 -`, three glyphs
 * set a space apart, is no word), two for CJK glyphs spread over their cell (予　算　額). */
#define RUN_MIN_GAPS 3
#define RUN_MIN_GAPS_CJK 2
/* A run is followed for at most this many gaps (a line of thousands of equal gaps stays linear). */
#define RUN_MAX_GAPS 256
/* Character spacing read from the width of a box counts from this many ems (fonts whose CJK
 * glyphs are a little wider than the size they are set at read as less) up to this many. */
#define FOLDED_MIN 0.1
#define FOLDED_MAX 0.6

static double absd(double x) {
  return x < 0 ? -x : x;
}

static gboolean open_gap(double w) {
  return w > JOIN_EPS; /* FALSE for NaN */
}

static gboolean equal_gaps(double a, double b, gboolean cjk) {
  if (cjk)
    return absd(a - b) <= MAX(REGULAR_ABS_CJK, REGULAR_REL_CJK * MAX(a, b));
  return absd(a - b) <= MAX(REGULAR_ABS, REGULAR_REL * MAX(a, b));
}

/* The character spacing folded into the box of G, which touches NEXT, in ems: how much wider
 * than an em a CJK glyph is (one em wide in any Japanese font; narrower kana read 0), or a
 * digit than the digit after it that ends Poppler's word (digits of one font are one width).
 * Negative when the box cannot tell. */
static double folded(const YsGlyph *g, const YsGlyph *next, gboolean next_ends_word) {
  double w = (g->x1 - g->x0) / g->em, f;
  if (ys_layout_is_cjk(g->ch))
    f = w - 1;
  else if (next_ends_word && g_unichar_isdigit(g->ch) && g_unichar_isdigit(next->ch))
    f = w - (next->x1 - next->x0) / g->em;
  else
    return -1;
  return f >= FOLDED_MIN ? MIN(f, FOLDED_MAX) : 0; /* also NaN */
}

/* Does G[k], which touches a neighbour, belong to a word Poppler folded character spacing
 * into? Then the word is spaced like the single glyphs beside it. */
static gboolean in_folded_word(const YsGlyph *g, guint n, const double *width, guint k) {
  if (k + 1 < n && !open_gap(width[k + 1]))
    return folded(&g[k], &g[k + 1], FALSE) > 0;
  return k > 0 && folded(&g[k - 1], &g[k], TRUE) > 0;
}

/* Can gap I be part of a regular run: does it lie between two single glyphs (or glyphs of a
 * word spaced out like them)? A gap beside a word set tight (`億円 <`) is a word space. */
static gboolean run_gap(const YsGlyph *g, guint n, const double *width, guint i) {
  if (!open_gap(width[i]))
    return FALSE;
  gboolean left = i == 1 || open_gap(width[i - 1]) || in_folded_word(g, n, width, i - 1);
  gboolean right = i + 1 == n || open_gap(width[i + 1]) || in_folded_word(g, n, width, i);
  return left && right;
}

/* Set as CJK text is, one em a glyph: kana, ideographs, and the full-width punctuation and
 * forms (（ ）、 ８) that Japanese sets among them. */
static gboolean full_width(gunichar c) {
  return ys_layout_is_cjk(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6);
}

/* (1) Regular runs: gaps WIDTH[a..b), equal to each other, between single glyphs G[a-1..b-1];
 * each one's mean goes to RUN[] when the run is one token: character spacing, at least
 * RUN_MIN_GAPS gaps, or a CJK word spread over its cell, at least RUN_MIN_GAPS_CJK. */
static void mark_runs(const YsGlyph *g, guint n, const double *width, double *run) {
  for (guint a = 1; a < n;) {
    if (!run_gap(g, n, width, a)) {
      a++;
      continue;
    }
    /* a run is of one kind of glyph: full-width (a word spread over its cell, up to
     * DISTRIBUTED_MAX_GAP) or not (letter spacing, up to LETTER_SPACING_MAX) */
    gboolean cjk = full_width(g[a - 1].ch);
    double sum = width[a];
    guint b = a;
    if (full_width(g[a].ch) == cjk && !(cjk && g_unichar_isdigit(g[a - 1].ch))) {
      for (b = a + 1; b < n && b - a < RUN_MAX_GAPS && full_width(g[b].ch) == cjk &&
                      run_gap(g, n, width, b) && equal_gaps(width[b], sum / (b - a), cjk);
           b++)
        sum += width[b];
      /* a spread word starts and ends with no digit: `２　歳入` is a heading's number and its
       * name, `令　和　８　年` one word */
      while (cjk && b > a && g_unichar_isdigit(g[b - 1].ch))
        sum -= width[--b];
    }
    guint gaps = b - a;
    double mean = gaps > 0 ? sum / gaps : 0;
    gboolean regular = cjk ? gaps >= RUN_MIN_GAPS_CJK && mean <= DISTRIBUTED_MAX_GAP
                           : gaps >= RUN_MIN_GAPS && mean <= LETTER_SPACING_MAX;
    for (guint k = a; regular && k < b; k++)
      run[k] = mean;
    /* a run that is no token may be one without its first gap (`文　書　配　達` after a number
     * the same distance away) */
    a = regular ? b : a + 1;
  }
}

/* Is G[k] set like the glyphs of a run beside it: single, or in a word Poppler folded the
 * spacing into? A word set tight beside a run (`億円 < A M E D`) is not spaced: the gap between
 * them is a word space, whatever the run's spacing. */
static gboolean spaced(const YsGlyph *g, guint n, const double *width, guint k) {
  gboolean single = (k == 0 || open_gap(width[k])) && (k + 1 == n || open_gap(width[k + 1]));
  return single || in_folded_word(g, n, width, k);
}

/* A glyph of a figure: a digit, or the comma or point between its digits. */
static gboolean figure_glyph(gunichar c) {
  return g_unichar_isdigit(c) || c == ',' || c == '.' || c == 0xFF0C || c == 0xFF0E;
}

/* (2) The character spacing around gap I (not in a run): of a run of character spacing beside
 * it, or folded into the boxes beside it; else the line's (LINE). */
static double spacing_at(const YsGlyph *g, guint n, const double *width, const double *run, guint i,
                         double line) {
  double s = -1; /* not known */
  /* a figure's glyphs are spaced alike to its last (`1 , 2 3 8億円`): never split a figure */
  gboolean figure = figure_glyph(g[i - 1].ch) && figure_glyph(g[i].ch);
  if (i > 1 && run[i - 1] >= 0 && run[i - 1] <= SPACING_AROUND_MAX &&
      (figure || spaced(g, n, width, i)))
    s = MAX(s, run[i - 1]);
  if (i + 1 < n && run[i + 1] >= 0 && run[i + 1] <= SPACING_AROUND_MAX &&
      (figure || spaced(g, n, width, i - 1)))
    s = MAX(s, run[i + 1]);
  if (i > 1 && !open_gap(width[i - 1]))
    s = MAX(s, folded(&g[i - 2], &g[i - 1], TRUE));
  if (i + 1 < n && !open_gap(width[i + 1]))
    s = MAX(s, folded(&g[i], &g[i + 1], FALSE));
  return s >= 0 ? s : line;
}

/* The line's own character spacing, where nothing beside a gap tells: the median spacing
 * folded into the boxes of its CJK glyphs (0 for a line without). */
static double line_spacing(const YsGlyph *g, guint n, const double *width, double *scratch) {
  guint m = 0;
  for (guint i = 0; i + 1 < n; i++)
    if (ys_layout_is_cjk(g[i].ch) && !open_gap(width[i + 1]))
      scratch[m++] = MAX(folded(&g[i], &g[i + 1], FALSE), 0);
  return m >= 3 ? ys_layout_median(scratch, m) : 0;
}

static double tab_gap(gunichar a, gunichar b) {
  if (ys_layout_is_cjk(a) && ys_layout_is_cjk(b))
    return CJK_TAB_GAP;
  if (g_unichar_isdigit(a) || g_unichar_isdigit(b))
    return DIGIT_TAB_GAP;
  return TAB_GAP;
}

/* (3) Lone CJK glyphs with cell boundaries between them: each pair whose gap is narrower than
 * the gaps beside it (区　分 | 比　較) is one word spread over its cell. */
static void join_lone_pairs(const YsGlyph *g, guint n, const double *width, guint8 *kind) {
  /* gap i is a candidate: a boundary between two lone CJK glyphs, not too wide */
#define LONE(k)                                                                                    \
  (((k) == 0 || kind[k] == YS_GAP_TAB) && ((k) + 1 == n || kind[(k) + 1] == YS_GAP_TAB))
#define CANDIDATE(i)                                                                               \
  (kind[i] == YS_GAP_TAB && LONE((i)-1) && LONE(i) && ys_layout_is_cjk(g[(i)-1].ch) &&             \
   ys_layout_is_cjk(g[i].ch) && width[i] <= DISTRIBUTED_MAX_GAP)
  gboolean prev = FALSE; /* gap i - 1 is a candidate */
  for (guint i = 1; i < n; i++) {
    gboolean here = CANDIDATE(i);
    if (here) {
      gboolean next = i + 1 < n && CANDIDATE(i + 1);
      if ((!prev || width[i] < width[i - 1]) && (!next || width[i] < width[i + 1])) {
        kind[i] = YS_GAP_NONE;
        here = FALSE; /* its glyphs are a word now: the next gap is no candidate */
      }
    }
    prev = here;
  }
#undef CANDIDATE
#undef LONE
}

void ys_layout_gaps(const YsGlyph *g, guint n, guint8 *kind) {
  if (n < 2)
    return;
  g_autofree double *width = g_new(double, 3 * (gsize)n);
  double *run = width + n, *scratch = run + n;
  for (guint i = 1; i < n; i++) {
    width[i] = (g[i].x0 - g[i - 1].x1) / ((g[i - 1].em + g[i].em) / 2);
    run[i] = -1;
  }
  width[0] = run[0] = 0;
  mark_runs(g, n, width, run);
  double line = line_spacing(g, n, width, scratch);
  for (guint i = 1; i < n; i++) {
    if (run[i] >= 0) {
      kind[i] = YS_GAP_NONE;
      continue;
    }
    double s = spacing_at(g, n, width, run, i, line);
    /* a space in spaced text has the spacing on both sides of it */
    double space = width[i] - 2 * s;
    if (!(width[i] - s > SPACE_GAP))
      kind[i] = YS_GAP_NONE;
    else if (space > tab_gap(g[i - 1].ch, g[i].ch))
      kind[i] = YS_GAP_TAB;
    else
      kind[i] = space >= SOFT_GAP ? YS_GAP_SOFT : YS_GAP_SPACE;
  }
  join_lone_pairs(g, n, width, kind);
}
