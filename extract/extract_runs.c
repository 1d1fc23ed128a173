/* extract — the gaps of one line, read by the line's own pitch.
 *
 * Between two neighbouring glyphs of a line lies nothing, a word space or a cell boundary. One
 * gap says little: producers space glyphs apart for many reasons (character spacing after every
 * glyph, 均等割付 spreading a header over its cell, the space Writer puts between Japanese and
 * Latin text), and Poppler hides part of it: the glyphs it joins into one word get boxes that
 * reach to the next glyph, the spacing folded in. So a gap is read against its neighbours:
 *   (1) a run of single glyphs at a regular pitch — the gaps between them equal — is one token
 *       whatever its spacing: character spacing up to LETTER_SPACING_MAX, CJK glyphs spread
 *       over their cell up to DISTRIBUTED_MAX_GAP; the line's spaced figures also tell the
 *       spacing of a figure too short to be a run, and after the last digit of each;
 *   (2) any other gap is measured against the character spacing around it (of the runs beside
 *       it up to SPACING_AROUND_MAX, or folded into Poppler's boxes and read from their
 *       widths, or the line's): a gap that holds no
 *       more than the spacing is nothing; one that holds more holds a space, which spacing
 *       surrounds on both sides, and that space is a cell boundary when it is wider than a
 *       threshold that depends on the script on either side (wider for a figure set inline in
 *       Japanese text, Japanese on both sides of it);
 *   (3) a space of at least SOFT_GAP is soft: extract_cells.c makes it a cell boundary where
 *       the rows around agree that a column edge lies there;
 *   (4) then two lone CJK glyphs between cells are one word spread over its cell (比　　　較),
 *       unless the columns say their gap is a cell boundary.
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
/* … but beside a figure set inline in Japanese text (Japanese on both sides of it, neither gap
 * wider than this), a space up to this wide is one the columns must confirm (a soft one): a
 * half-width space is half an em in fixed-pitch faces, and Impress sets 0.5 em there in prose
 * (`前年度予算額 850億円`, `第 3 期`); a code before its label and a figure at the edge of its
 * cell (`001 給与費`, `支援指導事業 4,064×1/2`, 0.5 em in the 予算書) have no Japanese text on
 * their other side and stay apart; … */
#define SCRIPT_TAB_GAP 0.6
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
/* A figure's own glyphs (digits, commas, points) set at one pitch are a run from two gaps
 * (`3 5 5億円` spaced 0.18 em: no two numbers are set that close). */
#define RUN_MIN_GAPS_FIGURE 2
/* Where a run of gaps this wide at least (words spread over cells of their own, not one word
 * over its cell) meets one at most this share of its spacing, the glyph between them is the
 * tighter one's: in a grid of titles spread over their cells (消　防　監 消防正監) the glyph
 * after a word may stand as close to the next word as that word's own glyphs. */
#define JUNCTION_WIDE 2.0
#define JUNCTION_TIGHT 0.5
/* A run is followed for at most this many gaps (a line of thousands of equal gaps stays linear). */
#define RUN_MAX_GAPS 256
/* Lines of up to this many glyphs are read without an allocation. */
#define GAPS_ON_STACK 256
/* Character spacing read from the width of a box counts from this many ems (fonts whose CJK
 * glyphs are a little wider than the size they are set at read as less) up to this many. */
#define FOLDED_MIN 0.1
#define FOLDED_MAX 0.6

/* A digit: ASCII without a call, the others as GLib knows them. */
static gboolean is_digit(gunichar c) {
  return c < 0x80 ? c >= '0' && c <= '9' : g_unichar_isdigit(c);
}

static gboolean open_gap(double w) {
  return w > JOIN_EPS; /* FALSE for NaN */
}

static gboolean equal_gaps(double a, double b, gboolean cjk) {
  if (cjk)
    return ABS(a - b) <= MAX(REGULAR_ABS_CJK, REGULAR_REL_CJK * MAX(a, b));
  return ABS(a - b) <= MAX(REGULAR_ABS, REGULAR_REL * MAX(a, b));
}

/* The character spacing folded into the box of G, which touches NEXT, in ems: how much wider
 * than an em a CJK glyph is (one em wide in any Japanese font; narrower kana read 0), or a
 * digit than the digit after it that ends Poppler's word (digits of one font are one width).
 * Negative when the box cannot tell. */
static double folded(const YsGlyph *g, const YsGlyph *next, gboolean next_ends_word) {
  double w = (g->x1 - g->x0) / g->em, f;
  if (ys_layout_is_cjk(g->ch))
    f = w - 1;
  else if (next_ends_word && is_digit(g->ch) && is_digit(next->ch))
    f = w - (next->x1 - next->x0) / g->em;
  else
    return -1;
  return f >= FOLDED_MIN ? MIN(f, FOLDED_MAX) : 0; /* also NaN */
}

/* The character spacing Poppler folded into each word of the line (glyphs touching), in ems,
 * into WORD[k] for each of its glyphs: how much wider than set tight a glyph of it is — a CJK
 * glyph than an em, a digit than the digit that ends the word (see folded()); 0 for a word set
 * tight or a single glyph. */
static void word_spacings(const YsGlyph *g, guint n, const double *width, double *word) {
  for (guint a = 0; a < n;) {
    guint b = a; /* the word: glyphs a..b */
    while (b + 1 < n && !open_gap(width[b + 1]))
      b++;
    double s = 0;
    for (guint i = a; i < b; i++)
      s = MAX(s, folded(&g[i], &g[b], TRUE));
    for (guint i = a; i <= b; i++)
      word[i] = s;
    a = b + 1;
  }
}

static gboolean single(const double *width, guint n, guint k) {
  return (k == 0 || open_gap(width[k])) && (k + 1 == n || open_gap(width[k + 1]));
}

/* Is G[k], beside a gap of GAP ems, spaced as that gap: single, or in a word whose folded
 * spacing is as wide (`12 , 834 , 134` spaced 0.25 em; not `本年度予算額 前年度予算額`, words
 * spaced 0.2 em set 1.2 em apart)? */
static gboolean spaced_as(const double *width, const double *word, guint n, guint k, double gap) {
  return single(width, n, k) || (word[k] > 0 && equal_gaps(word[k], gap, FALSE));
}

/* Can gap I be part of a regular run: does it lie between two glyphs spaced as it is? A gap
 * beside a word set tight (`億円 <`) is a word space. */
static gboolean run_gap(const double *width, const double *word, guint n, guint i) {
  return open_gap(width[i]) && spaced_as(width, word, n, i - 1, width[i]) &&
         spaced_as(width, word, n, i, width[i]);
}

/* Set as CJK text is, one em a glyph: kana, ideographs, and the full-width punctuation and
 * forms (（ ）、 ８) that Japanese sets among them. */
static gboolean full_width(gunichar c) {
  return ys_layout_is_cjk(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6);
}

/* Are G[s..e) all full-width, or all not, as FULL says? */
static gboolean all_of_kind(const YsGlyph *g, guint s, guint e, gboolean full) {
  for (guint k = s; k < e; k++)
    if (full_width(g[k].ch) != full)
      return FALSE;
  return TRUE;
}

static gboolean latin_letter(gunichar c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Are G[s..e) glyphs a word spread over its cell is made of: full-width ones, and Latin words
 * set tight, which 均等割付 spreads as one unit (（　AMED　）　対　象)? */
static gboolean spread_units(const YsGlyph *g, guint s, guint e) {
  for (guint k = s; k < e; k++)
    if (!full_width(g[k].ch) && !latin_letter(g[k].ch))
      return FALSE;
  return TRUE;
}

/* Gap I of a spread word: between two of its units, single full-width glyphs or Latin words. */
static gboolean spread_gap(const YsGlyph *g, const double *width, const double *word, guint n,
                           guint i) {
  return open_gap(width[i]) &&
         (spaced_as(width, word, n, i - 1, width[i]) || latin_letter(g[i - 1].ch)) &&
         (spaced_as(width, word, n, i, width[i]) || latin_letter(g[i].ch));
}

/* A glyph of a figure: a digit, or the comma or point between its digits. */
static gboolean figure_glyph(gunichar c) {
  return is_digit(c) || c == ',' || c == '.' || c == 0xFF0C || c == 0xFF0E;
}

/* Are G[s..e) all glyphs of figures? */
static gboolean all_figures(const YsGlyph *g, guint s, guint e) {
  for (guint k = s; k < e; k++)
    if (!figure_glyph(g[k].ch))
      return FALSE;
  return TRUE;
}

/* The end of the regular run that starts at gap OPEN[J] (of one kind of glyph, CJK or not),
 * its gaps' widths added to *SUM (which holds the first's): the run is open[j..k). */
static guint run_end(const YsGlyph *g, guint n, const double *width, const double *word,
                     const guint *open, guint m, guint j, gboolean cjk, double *sum) {
  guint k = j + 1;
  while (
      k < m && k - j < RUN_MAX_GAPS &&
      (cjk ? spread_gap(g, width, word, n, open[k]) && spread_units(g, open[k - 1], open[k] + 1)
           : run_gap(width, word, n, open[k]) && all_of_kind(g, open[k - 1], open[k] + 1, cjk)) &&
      equal_gaps(width[open[k]], *sum / (k - j), cjk))
    *sum += width[open[k++]];
  return k;
}

/* (1) Regular runs: open gaps (OPEN[0..m), their indexes) in a row, equal to each other, each
 * between two single glyphs or words Poppler folded spacing into (`12 , 834 , 134`); each one's
 * mean goes to RUN[] when the run is one token: character spacing, at least RUN_MIN_GAPS gaps,
 * or a CJK word spread over its cell, at least RUN_MIN_GAPS_CJK. A run is of one kind of glyph:
 * full-width (up to DISTRIBUTED_MAX_GAP) or not (up to LETTER_SPACING_MAX). */
static void mark_runs(const YsGlyph *g, guint n, const double *width, const double *word,
                      double *run, const guint *open, guint m) {
  for (guint j = 0; j < m;) {
    guint a = open[j];
    /* the word left of the first gap, and the glyph right of it */
    guint left = j > 0 ? open[j - 1] : 0;
    gboolean cjk = full_width(g[a - 1].ch);
    gboolean starts = (cjk ? spread_gap(g, width, word, n, a) && spread_units(g, left, a + 1)
                           : run_gap(width, word, n, a) && all_of_kind(g, left, a + 1, cjk)) &&
                      !(cjk && is_digit(g[left].ch));
    double sum = width[a];
    guint k = starts ? run_end(g, n, width, word, open, m, j, cjk, &sum) : j + 1;
    /* where a word spread wide meets one spread tight, the glyph between them is the tight
     * one's first (`項　　目　　本 年 度 予 算 額`: Writer's headers at the left of their cells) */
    if (starts && cjk && k - j >= 2 && k < m && open[k] == open[k - 1] + 1) {
      double tight = width[open[k]];
      guint e = run_end(g, n, width, word, open, m, k, cjk, &tight);
      if (e - k >= RUN_MIN_GAPS_CJK && sum / (k - j) >= JUNCTION_WIDE &&
          tight / (e - k) <= JUNCTION_TIGHT * sum / (k - j))
        sum -= width[open[--k]];
    }
    /* a spread word ends with no digit: `２　歳入` is a heading's number and its name, while
     * `令　和　８　年` is one word */
    while (starts && cjk && k > j && is_digit(g[open[k - 1]].ch))
      sum -= width[open[--k]];
    guint gaps = starts ? k - j : 0;
    double mean = gaps > 0 ? sum / gaps : 0;
    guint min_gaps = RUN_MIN_GAPS;
    if (gaps >= RUN_MIN_GAPS_FIGURE && all_figures(g, left, k < m ? open[k] : n))
      min_gaps = RUN_MIN_GAPS_FIGURE;
    gboolean regular = cjk ? gaps >= RUN_MIN_GAPS_CJK && mean <= DISTRIBUTED_MAX_GAP
                           : gaps >= min_gaps && mean <= LETTER_SPACING_MAX;
    for (guint q = j; regular && q < k; q++)
      run[open[q]] = mean;
    /* a run that is no token may be one without its first gap (`文　書　配　達` after a number
     * the same distance away) */
    j = regular ? k : j + 1;
  }
}

/* Is G[k] set like the glyphs of a run beside it: single, or in a word Poppler folded the
 * spacing into? A word set tight beside a run (`億円 < A M E D`) is not spaced: the gap between
 * them is a word space, whatever the run's spacing. */
static gboolean spaced(const double *width, const double *word, guint n, guint k) {
  return single(width, n, k) || word[k] > 0;
}

/* (2) The character spacing around gap I (not in a run): of a run of character spacing beside
 * it, or folded into the boxes beside it; negative when nothing beside it tells. */
static double spacing_at(const YsGlyph *g, guint n, const double *width, const double *word,
                         const double *run, guint i) {
  double s = -1; /* not known */
  /* a figure's glyphs are spaced alike to its last (`1 , 2 3 8億円`): never split a figure */
  gboolean figure = figure_glyph(g[i - 1].ch) && figure_glyph(g[i].ch);
  /* … and the last glyph of a spaced figure is spaced too (`3 5 5 億円`) */
  gboolean after_figure = i > 1 && figure_glyph(g[i - 2].ch) && figure_glyph(g[i - 1].ch);
  if (i > 1 && run[i - 1] >= 0 && run[i - 1] <= SPACING_AROUND_MAX &&
      (figure || after_figure || spaced(width, word, n, i)))
    s = MAX(s, run[i - 1]);
  if (i + 1 < n && run[i + 1] >= 0 && run[i + 1] <= SPACING_AROUND_MAX &&
      (figure || spaced(width, word, n, i - 1)))
    s = MAX(s, run[i + 1]);
  if (i > 1 && !open_gap(width[i - 1]))
    s = MAX(s, folded(&g[i - 2], &g[i - 1], TRUE));
  if (i + 1 < n && !open_gap(width[i + 1]))
    s = MAX(s, folded(&g[i], &g[i + 1], FALSE));
  return s;
}

/* The line's own character spacing, where nothing beside a gap tells: the median spacing
 * folded into the boxes of its CJK glyphs (0 for a line with fewer than three). */
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
  if (is_digit(a) || is_digit(b))
    return DIGIT_TAB_GAP;
  return TAB_GAP;
}

/* Japanese text, not a figure of it. */
static gboolean text_glyph(gunichar c) {
  return full_width(c) && !is_digit(c);
}

/* Is the figure G[s..e] set inline in Japanese text: Japanese text on both sides of it, neither
 * gap wider than SCRIPT_TAB_GAP (`前年度予算額 850億円`, `インハウス 4 6 億円`, `第 3 期`: the
 * space Japanese text puts around a Latin run)? Not a code or a figure at the edge of a table's
 * cell (`001 給与費`, `支援指導事業 4,064×1/2`). */
static gboolean inline_figure(const YsGlyph *g, guint n, const double *width, guint s, guint e) {
  if (s == 0 || e + 1 >= n || !text_glyph(g[s - 1].ch) || !text_glyph(g[e + 1].ch))
    return FALSE;
  return width[s] <= SCRIPT_TAB_GAP && width[e + 1] <= SCRIPT_TAB_GAP; /* NaN: no */
}

/* The widest space gap I of G[0..n) may hold and still not be a cell boundary. */
static double tab_gap_at(const YsGlyph *g, guint n, const double *width, guint i) {
  gboolean into = text_glyph(g[i - 1].ch) && is_digit(g[i].ch);
  gboolean out = is_digit(g[i - 1].ch) && text_glyph(g[i].ch);
  if (into || out) {
    /* the figure beside the gap: its glyphs up to letter spacing apart */
    guint s = out ? i - 1 : i, e = out ? i - 1 : i;
    while (s > 0 && figure_glyph(g[s - 1].ch) && width[s] <= LETTER_SPACING_MAX)
      s--;
    while (e + 1 < n && figure_glyph(g[e + 1].ch) && width[e + 1] <= LETTER_SPACING_MAX)
      e++;
    if (inline_figure(g, n, width, s, e))
      return SCRIPT_TAB_GAP;
  }
  return tab_gap(g[i - 1].ch, g[i].ch);
}

/* The spacing of the line's spaced figures (the mean gap of its runs of figure glyphs), or -1
 * when it has none. */
static double figure_spacing(const YsGlyph *g, guint n, const double *run, double *scratch) {
  guint m = 0;
  for (guint i = 1; i < n; i++)
    if (run[i] >= 0 && figure_glyph(g[i - 1].ch) && figure_glyph(g[i].ch))
      scratch[m++] = run[i];
  return m > 0 ? ys_layout_median(scratch, m) : -1;
}

static gboolean boundary(const guint8 *kind, guint i) {
  return kind[i] == YS_GAP_TAB || kind[i] == YS_GAP_SOFT || kind[i] == YS_GAP_COLUMN;
}

/* Is G[k] (of N) between two boundaries (or the line's ends)? */
static gboolean lone(const guint8 *kind, guint n, guint k) {
  return (k == 0 || boundary(kind, k)) && (k + 1 == n || boundary(kind, k + 1));
}

static double gap_width(const YsGlyph *g, guint i) {
  return (g[i].x0 - g[i - 1].x1) / ((g[i - 1].em + g[i].em) / 2);
}

gboolean ys_layout_lone_pair(const YsGlyph *g, guint n, const guint8 *kind, guint i) {
  return kind[i] == YS_GAP_TAB && lone(kind, n, i - 1) && lone(kind, n, i) &&
         ys_layout_is_cjk(g[i - 1].ch) && ys_layout_is_cjk(g[i].ch) &&
         gap_width(g, i) <= DISTRIBUTED_MAX_GAP;
}

/* (3) Lone CJK glyphs with cell boundaries between them (or soft spaces beside them): each pair
 * whose gap is narrower than the gaps beside it (区　分 | 比　較) is one word spread over its
 * cell, unless the columns put a cell boundary there (YS_GAP_COLUMN: 比　　較 | 説　　明 set
 * closer to each other than their glyphs). */
void ys_layout_join_lone_pairs(const YsGlyph *g, guint n, guint8 *kind) {
  gboolean prev = FALSE; /* gap i - 1 is a candidate */
  for (guint i = 1; i < n; i++) {
    gboolean here = ys_layout_lone_pair(g, n, kind, i);
    if (here) {
      gboolean next = i + 1 < n && ys_layout_lone_pair(g, n, kind, i + 1);
      if ((!prev || gap_width(g, i) < gap_width(g, i - 1)) &&
          (!next || gap_width(g, i) < gap_width(g, i + 1))) {
        kind[i] = YS_GAP_NONE;
        here = FALSE; /* its glyphs are a word now: the next gap is no candidate */
      }
    }
    prev = here;
  }
}

void ys_layout_gaps(const YsGlyph *g, guint n, guint8 *kind) {
  if (n < 2)
    return;
  /* width, word, run and scratch: on the stack for most lines (a line is laid out in this
   * thread's stack frame anyway), on the heap for long ones */
  double small[4 * GAPS_ON_STACK];
  guint small_open[GAPS_ON_STACK];
  g_autofree double *heap = n > GAPS_ON_STACK ? g_new(double, 4 * (gsize)n) : NULL;
  g_autofree guint *heap_open = n > GAPS_ON_STACK ? g_new(guint, n) : NULL;
  double *width = heap ? heap : small, *word = width + n, *run = word + n, *scratch = run + n;
  guint *open = heap_open ? heap_open : small_open;
  guint m = 0;
  for (guint i = 1; i < n; i++) {
    width[i] = (g[i].x0 - g[i - 1].x1) / ((g[i - 1].em + g[i].em) / 2);
    run[i] = -1;
    kind[i] = YS_GAP_NONE;
    if (open_gap(width[i]))
      open[m++] = i;
  }
  if (m == 0)
    return; /* a line set tight: every gap is none */
  width[0] = run[0] = 0;
  word_spacings(g, n, width, word);
  mark_runs(g, n, width, word, run, open, m);
  double line = -1;    /* the line's spacing, once a gap needs it */
  double figures = -2; /* its figures' (-1: it has no spaced figure), once a gap needs it */
  for (guint i = 1; i < n; i++) {
    if (run[i] >= 0 || !open_gap(width[i]))
      continue; /* a gap no wider than JOIN_EPS holds nothing whatever the spacing */
    double s = spacing_at(g, n, width, word, run, i);
    /* beside a figure, the spacing of the line's spaced figures: between two of its glyphs set
     * that far apart (`4 6`), never wider ones, and after its last glyph (`4 6 億円`) */
    if (figure_glyph(g[i - 1].ch)) {
      if (figures < -1)
        figures = figure_spacing(g, n, run, scratch);
      gboolean spaced_last = i > 1 && figure_glyph(g[i - 2].ch) && open_gap(width[i - 1]) &&
                             equal_gaps(width[i - 1], figures, FALSE);
      if (figure_glyph(g[i].ch) ? equal_gaps(width[i], figures, FALSE) : s < 0 || spaced_last)
        s = MAX(s, figures);
    }
    if (s < 0) {
      if (line < 0)
        line = line_spacing(g, n, width, scratch);
      s = line;
    }
    /* a space in spaced text has the spacing on both sides of it; between two CJK glyphs,
     * which Japanese sets without spaces, what the gap holds beyond the spacing is the
     * space between two cells (or a full-width space, spaced once) */
    gboolean cjk = ys_layout_is_cjk(g[i - 1].ch) && ys_layout_is_cjk(g[i].ch);
    double space = width[i] - (cjk ? 1 : 2) * s;
    if (!(width[i] - s > SPACE_GAP))
      kind[i] = YS_GAP_NONE;
    else if (space > tab_gap_at(g, n, width, i))
      kind[i] = YS_GAP_TAB;
    else
      kind[i] = space >= SOFT_GAP ? YS_GAP_SOFT : YS_GAP_SPACE;
  }
}
