/* rules — one sheet of a 予算書 table read into bands, names, rows, 節 and 説明 entries
 * (rules_ledger_private.h).
 *
 * (1) Bands: the sheet's lines by height; lines of one height (the halves of a landscape sheet)
 * make one band. Each cell goes to a column by position: a right-aligned figure column reaches
 * to its figures' right edge (the unit row's), a text column to midway to the next one.
 * (2) Names: a label-column fragment that starts with a row number (`1`, `1議会費`) starts a name,
 * one without goes on with the name above it in its column (a name wrapped over lines). With two
 * or more label columns (款 | 項 | 目), the columns are told apart by the indents the numbered
 * fragments start at, in order — a centred header says little about where its names start.
 * A table that numbers its rows in a column of their own (一連番号) names them otherwise: see
 * rules_ledger_serial.c.
 * (3) Rows: a band with figures in the table's amount columns, named by its deepest label name,
 * else by the last unused name above it. A row followed by a row named in the same column is
 * one level up (the 款 row printed in the 項 column), as is the first row named like the
 * vertical label of the outermost column. A 計/合計 row is a total.
 * (4) 節: a 区分 fragment with a number starts a 節, one without but with a 金額 is a 細節 of it,
 * one with neither goes on with its name; 説明: a figure at the right of the explanation with
 * the text before it (its code apart), its level by how far right the figure stands.
 * (5) Which row each belongs to: 節 lines start on their row's line and go down to the next row
 * (a page's first lines go with the last row of the page before), unless the table centres them
 * on their row (some lie above its first row): then the nearer row across the widest gap.
 */
#include <string.h>

#include "rules/rules_ledger_private.h"

/* Tolerances, in points. */
#define BAND_OVERLAP                                                                               \
  0.7                    /* lines overlapping by this share of the taller are one band (the halves \
                          * of a sheet print a row at one height; a label set vertically beside    \
                          * several lines is taller than each, and joins none) */
#define FIGURE_REACH 3.0 /* a right-aligned column's figures end at most this far right */
#define INDENT_SAME 6.0  /* numbered label fragments starting this close share an indent */
#define EDGE_SAME 2.5    /* 説明 figures ending this close are of one level */
#define NAME_WRAP_GAP 1.5 /* a name's next line starts within this many line heights below */

/* ---- (1) bands ---------------------------------------------------------------------------- */

static gboolean right_aligned(const Column *k) {
  return k->role == COL_AMOUNT || k->role == COL_DIFFERENCE || k->role == COL_RATE ||
         k->role == COL_PART || k->role == COL_BREAKDOWN;
}

/* Column indexes in order of x. */
static int by_x(gconstpointer a, gconstpointer b, gpointer cols) {
  const Column *x = ys_column(cols, *(const int *)a), *y = ys_column(cols, *(const int *)b);
  return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

/* The column of a cell X0..X1: the one whose span between its neighbours' bounds it overlaps
 * most (bounds: right of a right-aligned column, its figures' reach; after a text column,
 * midway to the next). A cell that ends before the header of the right-aligned column it falls
 * in starts is none of its figures but the text column's before it: Chromium with
 * text-align-last: justify sets a 款's name across its cell, up to a few points before the
 * 本年度 header (議　会　費), past the midway point. */
static int column_at(const YsColumns *cols, const int *order, const double *lo, const double *hi,
                     double x0, double x1) {
  int best = -1;
  guint at = 0;
  double most = -1;
  guint n = cols->columns->len;
  for (guint i = 0; i < n; i++) {
    double a = MAX(x0, lo[i]), b = MIN(x1, hi[i]);
    double o = b - a;
    if (x0 == x1 && x0 >= lo[i] && x0 < hi[i])
      o = 0;
    if (o >= 0 && o > most) {
      most = o;
      best = order[i];
      at = i;
    }
  }
  if (best >= 0 && at > 0 && right_aligned(ys_column(cols, best)) &&
      x1 < ys_column(cols, best)->x0 && !right_aligned(ys_column(cols, order[at - 1])))
    best = order[at - 1];
  return best;
}

static void bounds(const YsColumns *cols, int *order, double *lo, double *hi) {
  guint n = cols->columns->len;
  for (guint i = 0; i < n; i++)
    order[i] = (int)i;
  g_qsort_with_data(order, (gint)n, sizeof *order, by_x, (gpointer)cols);
  for (guint i = 0; i < n; i++) {
    lo[i] = i == 0 ? -1e300 : hi[i - 1];
    if (i + 1 == n) {
      hi[i] = 1e300;
      break;
    }
    const Column *a = ys_column(cols, order[i]), *b = ys_column(cols, order[i + 1]);
    double right = MAX(a->x1, a->unit_x1);
    if (right_aligned(a))
      hi[i] = MIN(right + FIGURE_REACH, MAX(right, b->x0));
    else
      hi[i] = (a->x1 + b->x0) / 2;
  }
}

static int cmp_line_y(gconstpointer a, gconstpointer b) {
  const LLine *x = *(const LLine *const *)a, *y = *(const LLine *const *)b;
  if (x->nl.y0 != y->nl.y0)
    return x->nl.y0 < y->nl.y0 ? -1 : 1;
  return 0;
}

static double overlap(double a0, double a1, double b0, double b1) {
  return MIN(a1, b1) - MAX(a0, b0);
}

static int cmp_scell_x(gconstpointer a, gconstpointer b) {
  const SCell *x = a, *y = b;
  return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

/* Whether C is a minus sign alone (△, ▲: a national table prints it at the left of its cell,
 * apart from the figure at the right, and the line comes out as two cells). */
static gboolean lone_sign(const SCell *c) {
  static const char *const signs[] = {"△", "▲"}; /* not `-`: a dash alone is no figure */
  const char *t = c->src->nl.text + c->s;
  for (guint i = 0; i < G_N_ELEMENTS(signs); i++)
    if (c->e - c->s == strlen(signs[i]) && memcmp(t, signs[i], c->e - c->s) == 0)
      return TRUE;
  return FALSE;
}

/* A lone sign right before a figure of its line (nothing between) makes that figure negative;
 * the sign is no cell of its own (it would fall in the column on its left). */
static void join_signs(Sheet *sh, GArray *cells) {
  for (guint i = 0; i + 1 < cells->len; i++) {
    SCell *c = &g_array_index(cells, SCell, i), *d = &g_array_index(cells, SCell, i + 1);
    const Column *k = ys_column(sh->cols, d->col);
    if (c->src != d->src || !lone_sign(c) || d->negative || !k || !ys_column_is_figure(k) ||
        !g_ascii_isdigit(d->src->nl.text[d->s]))
      continue;
    d->negative = TRUE;
    g_array_remove_index(cells, i);
  }
}

static void make_bands(Sheet *sh, GPtrArray *lines) {
  guint n = sh->cols->columns->len;
  g_autofree int *order = g_new(int, n + 1);
  g_autofree double *lo = g_new(double, n + 1), *hi = g_new(double, n + 1);
  bounds(sh->cols, order, lo, hi);
  g_autoptr(GPtrArray) sorted = g_ptr_array_copy(lines, NULL, NULL);
  /* stable: lines of one height keep their order (g_ptr_array_sort is a merge sort) */
  g_ptr_array_sort(sorted, cmp_line_y);
  for (guint i = 0; i < sorted->len; i++) {
    const LLine *l = g_ptr_array_index(sorted, i);
    Band fresh = {l->nl.y0, l->nl.y1, NULL, NULL};
    if (l->kind != LL_DATA) {
      fresh.heading = l;
      g_array_append_val(sh->bands, fresh);
      continue;
    }
    /* the band of this height, if one is open: the last few bands reach down to it (a band
     * keeps the height of its first line) */
    Band *band = NULL;
    for (guint b = sh->bands->len; b-- > 0;) {
      Band *o = &g_array_index(sh->bands, Band, b);
      if (o->y1 < l->nl.y0)
        break;
      double h = MAX(o->y1 - o->y0, l->nl.y1 - l->nl.y0);
      if (!o->heading && h > 0 && overlap(o->y0, o->y1, l->nl.y0, l->nl.y1) >= BAND_OVERLAP * h) {
        band = o;
        break;
      }
    }
    if (!band) {
      fresh.cells = g_array_new(FALSE, FALSE, sizeof(SCell));
      g_array_append_val(sh->bands, fresh);
      band = &g_array_index(sh->bands, Band, sh->bands->len - 1);
    }
    gboolean text_units = !(l->nl.y1 > l->nl.y0); /* cell i of a text line spans [i, i + 1) */
    for (guint c = 0; c < l->cells->len; c++) {
      const Cell *cell = &g_array_index(l->cells, Cell, c);
      SCell sc = {l, cell->s, cell->e, cell->x0, cell->x1, -1, FALSE};
      ys_cell_trim(l->nl.text, &sc.s, &sc.e);
      if (sc.s == sc.e)
        continue;
      sc.col = text_units ? ys_columns_at(sh->cols, sc.x0, sc.x1)
                          : column_at(sh->cols, order, lo, hi, sc.x0, sc.x1);
      g_array_append_val(band->cells, sc);
    }
    g_array_sort(band->cells, cmp_scell_x);
    join_signs(sh, band->cells);
  }
}

/* ---- (2) names ---------------------------------------------------------------------------- */

static void name_free(gpointer p) {
  Name *n = p;
  g_string_free(n->raw, TRUE);
  g_array_unref(n->bands);
  if (n->starts)
    g_array_unref(n->starts);
  g_free(n);
}

/* Whether band LOWER comes right under band UPPER: the next band of a text file, or on a page
 * within a line's height or so below it (a name wrapped onto the next line, not a title further
 * down). */
static gboolean follows(const Sheet *sh, int upper, int lower) {
  if (lower <= upper)
    return FALSE;
  const Band *u = &g_array_index(sh->bands, Band, upper),
             *l = &g_array_index(sh->bands, Band, lower);
  if (!(u->y1 > u->y0))
    return lower == upper + 1;
  return l->y0 - u->y1 <= NAME_WRAP_GAP * (u->y1 - u->y0);
}

static int last_band(const Name *n) {
  return g_array_index(n->bands, int, n->bands->len - 1);
}

static gboolean name_on(const Name *n, int band) {
  for (guint i = 0; i < n->bands->len; i++)
    if (g_array_index(n->bands, int, i) == band)
      return TRUE;
  return FALSE;
}

static int cmp_double(gconstpointer a, gconstpointer b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* With two or more label columns: each label fragment's column by its indent. The numbered
 * fragments' left edges form as many indents as there are label columns, in order; a fragment
 * goes with the indent at or left of where it starts. Left as it is when the indents and the
 * columns do not pair up. */
static void label_indents(Sheet *sh) {
  g_autoptr(GArray) labels = g_array_new(FALSE, FALSE, sizeof(int)); /* label columns by x */
  for (guint i = 0; i < sh->cols->columns->len; i++)
    if (ys_column(sh->cols, (int)i)->role == COL_LABEL) {
      int k = (int)i;
      g_array_append_val(labels, k);
    }
  if (labels->len < 2)
    return;
  g_array_sort_with_data(labels, by_x, (gpointer)sh->cols);
  g_autoptr(GArray) starts = g_array_new(FALSE, FALSE, sizeof(double));
  for (guint b = 0; b < sh->bands->len; b++) {
    const Band *band = &g_array_index(sh->bands, Band, b);
    for (guint i = 0; band->cells && i < band->cells->len; i++) {
      const SCell *c = &g_array_index(band->cells, SCell, i);
      if (numbered_label(sh, c))
        g_array_append_val(starts, c->x0);
    }
  }
  if (!starts->len)
    return;
  g_array_sort(starts, cmp_double);
  g_autoptr(GArray) indents = g_array_new(FALSE, FALSE, sizeof(double));
  for (guint i = 0; i < starts->len; i++) {
    double x = g_array_index(starts, double, i);
    if (!indents->len || x - g_array_index(indents, double, indents->len - 1) > INDENT_SAME)
      g_array_append_val(indents, x);
  }
  if (indents->len != labels->len)
    return;
  for (guint b = 0; b < sh->bands->len; b++) {
    Band *band = &g_array_index(sh->bands, Band, b);
    for (guint i = 0; band->cells && i < band->cells->len; i++) {
      SCell *c = &g_array_index(band->cells, SCell, i);
      if (!cell_role(sh, c, COL_LABEL))
        continue;
      guint k = 0;
      while (k + 1 < indents->len && g_array_index(indents, double, k + 1) <= c->x0 + INDENT_SAME)
        k++;
      c->col = g_array_index(labels, int, k);
    }
  }
}

gboolean ys_sheet_band_has_figures(const Sheet *sh, const Band *band) {
  for (guint i = 0; band->cells && i < band->cells->len; i++) {
    const SCell *c = &g_array_index(band->cells, SCell, i);
    const Column *k = cell_column(sh, c);
    if (k && (k->role == COL_AMOUNT || k->role == COL_DIFFERENCE) &&
        !ys_emit_match(sh->em, RK_NO_FIGURE, cell_text(c), c->e - c->s, NULL))
      return TRUE;
  }
  return FALSE;
}

/* A name centred on a number alone on its line (`2`, with `新型コロナ…減収補 特別` above it and
 * `交付金` below): the lines above it went on with the name before (whose own line held its
 * figures); as many of them as it has lines below are its own. */
static void centre_bare_numbers(Sheet *sh) {
  for (guint j = 1; j < sh->names->len; j++) {
    Name *m = g_ptr_array_index(sh->names, j), *prev = NULL;
    guint below = m->bands->len - 1;
    if (!m->bare || m->closed || below == 0)
      continue;
    for (guint i = j; i-- > 0 && !prev;)
      if (((Name *)g_ptr_array_index(sh->names, i))->col == m->col)
        prev = g_ptr_array_index(sh->names, i);
    if (!prev || prev->closed || prev->bands->len < 2 || !prev->starts ||
        prev->starts->len != prev->bands->len || !m->starts || m->starts->len != m->bands->len)
      continue;
    /* its lines with no figures after its last one with figures, right above M */
    guint movable = 0;
    while (movable + 1 < prev->bands->len) {
      int b = g_array_index(prev->bands, int, prev->bands->len - 1 - movable);
      if (b >= m->first_band || ys_sheet_band_has_figures(sh, &g_array_index(sh->bands, Band, b)))
        break;
      movable++;
    }
    guint move = MIN(movable, below);
    if (move == 0 ||
        !ys_sheet_band_has_figures(
            sh, &g_array_index(sh->bands, Band,
                               g_array_index(prev->bands, int, prev->bands->len - 1 - move))))
      continue; /* the name before must have had its figures on a line of its own above */
    gsize cut = g_array_index(prev->starts, gsize, prev->bands->len - move);
    gsize number = g_array_index(m->starts, gsize, 1);
    g_string_insert_len(m->raw, (gssize)number, prev->raw->str + cut,
                        (gssize)(prev->raw->len - cut));
    g_string_truncate(prev->raw, cut);
    g_array_prepend_vals(m->bands, &g_array_index(prev->bands, int, prev->bands->len - move), move);
    m->first_band = g_array_index(m->bands, int, 0);
    g_array_set_size(prev->bands, prev->bands->len - move);
    g_array_set_size(prev->starts, 0); /* no longer parallel: not used again */
    g_array_set_size(m->starts, 0);
  }
}

static void make_names(Sheet *sh) {
  if (ys_sheet_serial_names(sh))
    return;
  guint ncols = sh->cols->columns->len;
  g_autofree int *current = g_new(int, ncols + 1);
  for (guint c = 0; c <= ncols; c++)
    current[c] = -1;
  for (guint b = 0; b < sh->bands->len; b++) {
    const Band *band = &g_array_index(sh->bands, Band, b);
    for (guint i = 0; band->cells && i < band->cells->len; i++) {
      const SCell *c = &g_array_index(band->cells, SCell, i);
      if (!cell_role(sh, c, COL_LABEL))
        continue;
      /* a number, or a total row's label (計 under the last 目's name), starts a name; a
       * total's takes nothing after it (it is no name wrapped over lines) */
      gboolean total = ys_emit_match(sh->em, RK_TOTAL_ROW, cell_text(c), c->e - c->s, NULL);
      gboolean numbered =
          !total && ys_emit_match(sh->em, RK_ROW_NUMBER, cell_text(c), c->e - c->s, NULL);
      gboolean bare_number =
          numbered && pcre2_get_ovector_pointer(sh->em->md)[1] >= (PCRE2_SIZE)(c->e - c->s);
      gboolean starts = total || numbered;
      Name *n = current[c->col] >= 0 ? g_ptr_array_index(sh->names, current[c->col]) : NULL;
      if (!starts && n && n->closed)
        continue;
      /* a number and its name in two cells of one band (`1` | `議会費`) are one fragment */
      gboolean same_band = n && name_on(n, (int)b);
      /* a name with figures of its own, under one that had its figures already, is a row of
       * its own printed without a number (an abolished 目: 0 | 584,000 | −584,000) */
      gboolean figures = ys_sheet_band_has_figures(sh, band);
      if (!starts && n && !same_band && figures && n->has_figures)
        starts = TRUE;
      /* text further down (a title, a note) is no line of the name above */
      if (!starts && n && !same_band && !follows(sh, last_band(n), (int)b))
        starts = TRUE;
      if ((starts && !same_band) || !n) {
        n = g_new0(Name, 1);
        n->col = c->col;
        n->raw = g_string_new(NULL);
        n->first_band = (int)b;
        n->bands = g_array_new(FALSE, FALSE, sizeof(int));
        n->starts = g_array_new(FALSE, FALSE, sizeof(gsize));
        n->row = -1;
        n->bare = bare_number;
        current[c->col] = (int)sh->names->len;
        g_ptr_array_add(sh->names, n);
      } else if (same_band) {
        n->bare = FALSE; /* `1` | `議会費`: its name on its line */
      }
      int bi = (int)b;
      if (!name_on(n, bi)) {
        g_array_append_val(n->bands, bi);
        g_array_append_val(n->starts, n->raw->len);
      }
      g_string_append_len(n->raw, cell_text(c), c->e - c->s);
      n->closed = total;
      n->has_figures |= figures;
    }
  }
  centre_bare_numbers(sh);
}

/* ---- (3) rows ----------------------------------------------------------------------------- */

char *ys_sheet_item(YsEmit *em, const char *raw, char **segment) {
  const Rule *r;
  gsize len = strlen(raw), skip = 0;
  if (ys_emit_match(em, RK_ROW_NUMBER, raw, len, &r))
    skip = pcre2_get_ovector_pointer(em->md)[1];
  if (skip >= len)
    skip = 0;
  char *item = ys_emit_clean_name(em, raw + skip, len - skip);
  if (segment) {
    g_autofree char *number = g_strstrip(g_strndup(raw, skip));
    *segment = *number ? g_strdup_printf("%s %s", number, item) : g_strdup(item);
  }
  return item;
}

static void make_rows(Sheet *sh) {
  for (guint b = 0; b < sh->bands->len; b++) {
    const Band *band = &g_array_index(sh->bands, Band, b);
    if (band->heading || !ys_sheet_band_has_figures(sh, band))
      continue;
    Row w = {.band = (int)b, .name = -1};
    for (guint j = 0; j < sh->names->len; j++) {
      Name *n = g_ptr_array_index(sh->names, j);
      const Column *k = ys_column(sh->cols, n->col);
      if (n->row < 0 && name_on(n, (int)b) && k->level > w.level) {
        w.name = (int)j;
        w.level = k->level;
      }
    }
    if (w.name < 0) /* no name on the band: the last unused name above it */
      for (guint j = sh->names->len; j-- > 0;) {
        Name *n = g_ptr_array_index(sh->names, j);
        const Column *k = ys_column(sh->cols, n->col);
        if (n->row < 0 && n->first_band < (int)b && k->level > sh->top_label &&
            follows(sh, last_band(n), (int)b)) {
          w.name = (int)j;
          w.level = k->level;
          break;
        }
      }
    if (w.name < 0)
      continue;
    ((Name *)g_ptr_array_index(sh->names, w.name))->row = (int)sh->rows->len;
    g_array_append_val(sh->rows, w);
  }
}

/* In a table of one label column, the levels its names' numbers say (`1. 普通債` over `(1) 総務`:
 * the row-number rules' level attribute): how far below the column's level the row is. */
static int outline_depth(Sheet *sh, const Name *n) {
  const Rule *r;
  if (sh->top_label != sh->deepest_label || ys_columns_labels(sh->cols) != 1 ||
      !ys_emit_match(sh->em, RK_ROW_NUMBER, n->raw->str, n->raw->len, &r) || r->level < 1)
    return 0;
  return MIN(r->level - 1, LEDGER_LEVELS - 2 - sh->deepest_label);
}

/* Levels: a row followed by a row of the same column is one up; so is the first row named
 * like a vertical label of the outermost column (a name of it with no row). */
static void row_levels(Sheet *sh) {
  g_autoptr(GPtrArray) vertical = g_ptr_array_new();
  g_autoptr(GPtrArray) used = g_ptr_array_new(); /* non-NULL: the vertical label has its row */
  for (guint j = 0; j < sh->names->len; j++) {
    Name *n = g_ptr_array_index(sh->names, j);
    if (ys_column(sh->cols, n->col)->level == sh->top_label && n->row < 0) {
      g_ptr_array_add(vertical, n->raw->str);
      g_ptr_array_add(used, NULL);
    }
  }
  for (guint r = 0; r < sh->rows->len; r++) {
    Row *w = &g_array_index(sh->rows, Row, r);
    Name *n = g_ptr_array_index(sh->names, w->name);
    gboolean up = FALSE;
    if (r + 1 < sh->rows->len && w->level < sh->deepest_label) {
      Name *nx = g_ptr_array_index(sh->names, g_array_index(sh->rows, Row, r + 1).name);
      up = nx->col == n->col;
    }
    for (guint v = 0; v < vertical->len && w->level > sh->top_label; v++) {
      const char *vt = g_ptr_array_index(vertical, v);
      if (strcmp(vt, n->raw->str) == 0 && (up || !g_ptr_array_index(used, v))) {
        up = TRUE;
        g_ptr_array_index(used, v) = GINT_TO_POINTER(1); /* the first such row only */
        break;
      }
    }
    if (up && w->level > sh->top_label)
      w->level = sh->top_label;
    w->level += outline_depth(sh, n);
    w->item = ys_sheet_item(sh->em, n->raw->str, &w->segment);
    w->total = ys_emit_match(sh->em, RK_TOTAL_ROW, w->item, strlen(w->item), NULL);
  }
}

/* ---- (4) 節 and 説明 ------------------------------------------------------------------------- */

static void detail_clear(gpointer p) {
  Detail *d = p;
  if (d->name)
    g_string_free(d->name, TRUE);
  g_free(d->code);
}

/* A cell that holds a figure: a bare number or an amount that no ignore rule covers. */
static gboolean figure_cell(const Sheet *sh, const SCell *c) {
  Amount a;
  const Column *k = cell_column(sh, c);
  const Unit *bare = k && k->unit ? k->unit : sh->cols->unit;
  if (ys_emit_match(sh->em, RK_NO_FIGURE, cell_text(c), c->e - c->s, NULL))
    return FALSE;
  return ys_emit_cell_amount(sh->em, cell_text(c), c->e - c->s, bare, &a, NULL);
}

static void make_parts(Sheet *sh) {
  for (guint b = 0; b < sh->bands->len; b++) {
    const Band *band = &g_array_index(sh->bands, Band, b);
    g_autoptr(GString) label = g_string_new(NULL);
    const SCell *figure = NULL;
    gboolean numbered = FALSE;
    for (guint i = 0; band->cells && i < band->cells->len; i++) {
      const SCell *c = &g_array_index(band->cells, SCell, i);
      if (cell_role(sh, c, COL_PART_LABEL)) {
        if (!label->len)
          numbered = ys_emit_match(sh->em, RK_ROW_NUMBER, cell_text(c), c->e - c->s, NULL);
        g_string_append_len(label, cell_text(c), c->e - c->s);
      } else if (cell_role(sh, c, COL_PART) && !figure && figure_cell(sh, c)) {
        figure = c;
      }
    }
    Detail *last = sh->parts->len ? &g_array_index(sh->parts, Detail, sh->parts->len - 1) : NULL;
    if (!label->len && !figure)
      continue;
    if (!label->len) { /* a figure below its name */
      if (last && !last->figure)
        last->figure = figure;
      continue;
    }
    if (!numbered && !figure && last) { /* a name wrapped onto the next line */
      g_string_append(last->name, label->str);
      continue;
    }
    Detail d = {.band = (int)b,
                .name = g_string_new(label->str),
                .figure = figure,
                .sub = !numbered,
                .owner = -1};
    g_array_append_val(sh->parts, d);
  }
}

/* The level of a 説明 figure ending at X1: the figures furthest right are level 1, the next
 * edge in level 2, … (EDGES, sorted right to left, learnt over the table). */
static int remark_level(Carry *carry, double x1) {
  for (int i = 0; i < carry->n_edges; i++)
    if (x1 > carry->edges[i] - EDGE_SAME && x1 < carry->edges[i] + EDGE_SAME)
      return i + 1;
  if (carry->n_edges == G_N_ELEMENTS(carry->edges))
    return carry->n_edges;
  int at = 0;
  while (at < carry->n_edges && carry->edges[at] > x1)
    at++;
  memmove(carry->edges + at + 1, carry->edges + at, (carry->n_edges - at) * sizeof(double));
  carry->edges[at] = x1;
  carry->n_edges++;
  return at + 1;
}

/* The 説明 figures of a band: each figure cell with the text cells before it (back to the
 * figure before), its code apart — a list may stand in two columns (`小学校 4,891 中学校 2,629`).
 * The band's level is its last figure's; the others beside it are its siblings. */
static void make_remarks(Sheet *sh, Carry *carry) {
  for (guint b = 0; b < sh->bands->len; b++) {
    const Band *band = &g_array_index(sh->bands, Band, b);
    guint first = sh->remarks->len;
    g_autoptr(GString) name = g_string_new(NULL);
    g_autofree char *code = NULL;
    double name_x0 = 0;
    for (guint i = 0; band->cells && i < band->cells->len; i++) {
      const SCell *c = &g_array_index(band->cells, SCell, i);
      const Column *k = cell_column(sh, c);
      if (!k || k->role != COL_NONE)
        continue;
      /* a code in a cell of its own (`002` | `会計事務費` | `65,735`) is no figure */
      gboolean code_cell = !code && !name->len &&
                           ys_emit_match(sh->em, RK_REMARK_CODE, cell_text(c), c->e - c->s, NULL) &&
                           pcre2_get_ovector_pointer(sh->em->md)[1] == c->e - c->s;
      if (!code_cell && figure_cell(sh, c)) {
        Detail *above = sh->remarks->len > first ? NULL
                        : sh->remarks->len
                            ? &g_array_index(sh->remarks, Detail, sh->remarks->len - 1)
                            : NULL;
        if (!name->len && above && !above->figure && above->band + 1 == (int)b) {
          /* a name alone on its line, its figure on the next (`第二次…計画策定` / `9,900×45/100
           * 4,455`): one item */
          above->figure = c;
          above->level = remark_level(carry, c->x1);
        } else if (name->len) {
          Detail d = {.band = (int)b,
                      .name = g_string_new(name->str),
                      .code = g_steal_pointer(&code),
                      .figure = c,
                      .x0 = name_x0,
                      .owner = -1};
          g_array_append_val(sh->remarks, d);
        }
        g_string_truncate(name, 0);
        g_clear_pointer(&code, g_free);
        continue;
      }
      const char *t = cell_text(c);
      gsize len = c->e - c->s;
      const Rule *r;
      if (!code && !name->len && ys_emit_match(sh->em, RK_REMARK_CODE, t, len, &r)) {
        gsize ms, me;
        if (!ys_rule_group(sh->em->md, r->groups[G_MARKER], &ms, &me))
          ys_rule_whole(sh->em->md, &ms, &me);
        code = g_strndup(t + ms, me - ms);
        gsize end = pcre2_get_ovector_pointer(sh->em->md)[1];
        t += end;
        len -= end;
      }
      if (len == 0 || ys_emit_match(sh->em, RK_REMARK_COUNT, t, len, NULL) ||
          ys_emit_ignored(sh->em, t, len))
        continue; /* a count (`32人`) or a calculation (`404,000×98.9%`) */
      if (!name->len)
        name_x0 = c->x0;
      if (name->len)
        g_string_append_c(name, ' ');
      g_string_append_len(name, t, len);
    }
    if (sh->remarks->len == first) {
      /* a line of text alone: the heading of the items indented under it (施設型給付 over
       * 1号分 …, a school over its works), kept with its indent */
      if (name->len) {
        Detail d = {.band = (int)b, .name = g_string_new(name->str), .x0 = name_x0, .owner = -1};
        g_array_append_val(sh->remarks, d);
      }
      continue;
    }
    const Detail *last = &g_array_index(sh->remarks, Detail, sh->remarks->len - 1);
    int level = remark_level(carry, last->figure->x1);
    for (guint i = first; i < sh->remarks->len; i++)
      g_array_index(sh->remarks, Detail, i).level = level;
  }
}

/* ---- (5) which row -------------------------------------------------------------------------- */

static double band_mid(const Sheet *sh, int b) {
  const Band *band = &g_array_index(sh->bands, Band, b);
  return (band->y0 + band->y1) / 2;
}

/* The row a 節 line on band BAND belongs to, centred: the row on its band, else the one on the
 * near side of the widest gap between the rows around it; −1 for the row of the page before. */
static int row_centred(const Sheet *sh, int band, int deepest) {
  int before = -1, after = -1;
  for (guint r = 0; r < sh->rows->len; r++) {
    const Row *w = &g_array_index(sh->rows, Row, r);
    if (w->total)
      continue;
    if (w->band == band)
      return (int)r;
    if (w->band < band)
      before = (int)r;
    else if (after < 0)
      after = (int)r;
  }
  if (before < 0 || after < 0)
    return before < 0 ? after : before;
  int bb = g_array_index(sh->rows, Row, before).band, ab = g_array_index(sh->rows, Row, after).band;
  /* the heights from the row before to the row after: its 節 bands in between */
  double prev = band_mid(sh, bb), widest = -1;
  int split = ab; /* bands before SPLIT go with BEFORE */
  for (guint i = 0; i <= sh->parts->len; i++) {
    int pb = i < sh->parts->len ? g_array_index(sh->parts, Detail, i).band : ab;
    if (pb <= bb || pb > ab || (i < sh->parts->len && pb == ab))
      continue;
    double y = band_mid(sh, pb);
    if (y - prev > widest) {
      widest = y - prev;
      split = pb;
    }
    prev = y;
  }
  int pick = band < split ? before : after, other = pick == before ? after : before;
  if (g_array_index(sh->rows, Row, pick).level != deepest &&
      g_array_index(sh->rows, Row, other).level == deepest)
    pick = other;
  return pick;
}

/* … from its row's line down: the last row at or above it (−1: the page before's). */
static int row_above(const Sheet *sh, int band) {
  int pick = -1;
  for (guint r = 0; r < sh->rows->len; r++) {
    const Row *w = &g_array_index(sh->rows, Row, r);
    if (w->total)
      continue;
    if (w->band <= band)
      pick = (int)r;
  }
  return pick;
}

/* The number a 節 entry starts with (`3職員手当等` → 3), or −1. */
static int part_number(const Detail *d) {
  const char *p = d->name->str;
  if (d->sub || !g_ascii_isdigit(*p))
    return -1;
  return (int)g_ascii_strtoll(p, NULL, 10);
}

/* Whether the table centres its 節 on their row or prints them from the row's line down. A row's
 * 節 are numbered upwards, so the numbered 節 of the sheet, in order, fall into runs where the
 * number drops: a run is one row's. A run of two or more that holds a row's line says which:
 * the row on its first line (1報酬 on the line of 1 議会費, 2 給料 … below) is printed from the
 * line down; a row on a later line (1現年課税分 above the line of 1個人 and its 2滞納繰越分) is
 * centred. Decided by the sheet's runs that say, on the first sheet that has such runs; a page
 * that starts with the 節 of a row on the page before says neither. */
static void learn_layout(const Sheet *sh, Carry *carry, int deepest) {
  int centred = 0, down = 0;
  guint i = 0;
  while (i < sh->parts->len) {
    /* the run from part I: the numbered parts while their numbers rise */
    while (i < sh->parts->len && part_number(&g_array_index(sh->parts, Detail, i)) < 0)
      i++;
    if (i >= sh->parts->len)
      break;
    int first = g_array_index(sh->parts, Detail, i).band, last = first;
    int prev = part_number(&g_array_index(sh->parts, Detail, i)), count = 1;
    guint j = i + 1;
    for (; j < sh->parts->len; j++) {
      int n = part_number(&g_array_index(sh->parts, Detail, j));
      if (n < 0)
        continue;
      if (n <= prev)
        break;
      prev = n;
      last = g_array_index(sh->parts, Detail, j).band;
      count++;
    }
    for (guint r = 0; r < sh->rows->len && count >= 2; r++) {
      const Row *w = &g_array_index(sh->rows, Row, r);
      if (w->total || w->level != deepest || w->band < first || w->band > last)
        continue;
      w->band == first ? down++ : centred++;
      break;
    }
    i = j;
  }
  if (centred + down == 0)
    return;
  carry->centred = centred > down;
  carry->layout_known = TRUE;
}

static void assign(Sheet *sh, Carry *carry, const Rule *side) {
  int deepest = 0;
  for (guint r = 0; r < sh->rows->len; r++)
    deepest = MAX(deepest, g_array_index(sh->rows, Row, r).level);
  if (!carry->layout_known)
    learn_layout(sh, carry, deepest);
  for (guint i = 0; i < sh->parts->len; i++) {
    Detail *d = &g_array_index(sh->parts, Detail, i);
    d->owner = carry->centred ? row_centred(sh, d->band, deepest) : row_above(sh, d->band);
  }
  gboolean by_setsu = side && side->explains == YS_LEVEL_SETSU;
  for (guint i = 0; i < sh->remarks->len; i++) {
    Detail *d = &g_array_index(sh->remarks, Detail, i);
    if (!by_setsu) {
      d->owner = carry->centred ? row_centred(sh, d->band, deepest) : row_above(sh, d->band);
      continue;
    }
    d->owner = -1; /* the last 節 at or above it, else the page before's */
    for (guint p = 0; p < sh->parts->len; p++) {
      const Detail *pt = &g_array_index(sh->parts, Detail, p);
      if (!pt->sub && pt->band <= d->band)
        d->owner = (int)p;
    }
  }
}

/* ---- the sheet ------------------------------------------------------------------------------ */

void ys_sheet_read(Sheet *sh, GPtrArray *lines, Carry *carry, const Rule *side) {
  sh->bands = g_array_new(FALSE, FALSE, sizeof(Band));
  sh->names = g_ptr_array_new_with_free_func(name_free);
  sh->rows = g_array_new(FALSE, TRUE, sizeof(Row));
  sh->parts = g_array_new(FALSE, TRUE, sizeof(Detail));
  g_array_set_clear_func(sh->parts, detail_clear);
  sh->remarks = g_array_new(FALSE, TRUE, sizeof(Detail));
  g_array_set_clear_func(sh->remarks, detail_clear);
  sh->top_label = LEDGER_LEVELS;
  sh->deepest_label = 0;
  for (guint c = 0; c < sh->cols->columns->len; c++) {
    const Column *k = ys_column(sh->cols, (int)c);
    if (k->role == COL_LABEL) {
      sh->deepest_label = MAX(sh->deepest_label, k->level);
      sh->top_label = MIN(sh->top_label, k->level);
    }
  }
  make_bands(sh, lines);
  label_indents(sh);
  make_names(sh);
  make_rows(sh);
  row_levels(sh);
  make_parts(sh);
  make_remarks(sh, carry);
  assign(sh, carry, side);
}

void ys_sheet_clear(Sheet *sh) {
  for (guint b = 0; sh->bands && b < sh->bands->len; b++) {
    Band *band = &g_array_index(sh->bands, Band, b);
    if (band->cells)
      g_array_unref(band->cells);
  }
  g_clear_pointer(&sh->bands, g_array_unref);
  g_clear_pointer(&sh->names, g_ptr_array_unref);
  for (guint r = 0; sh->rows && r < sh->rows->len; r++) {
    g_free(g_array_index(sh->rows, Row, r).item);
    g_free(g_array_index(sh->rows, Row, r).segment);
  }
  g_clear_pointer(&sh->rows, g_array_unref);
  g_clear_pointer(&sh->parts, g_array_unref);
  g_clear_pointer(&sh->remarks, g_array_unref);
}
