/* rules — a table's columns from its header lines (rules_columns.h).
 *
 * A line of cells that match column rules (and hold no amount) is a header line; consecutive
 * header lines add to the same table (`対前年度` over `増▲減額 | 増▲減率`, `7年度予算` over
 * `(補正)`). Each header cell gives the column under it its year, kind and role; a difference or
 * rate column compares the two nearest amount columns to its left (the newer is its own year and
 * kind, the older its base). A unit row (`千円 千円`) gives each column its unit. Cells are tied
 * to columns by x: the column they overlap most, or for cells off their header word the column
 * whose region (between the midpoints of neighbouring header centres) holds them.
 */
#include <string.h>

#include "rules/rules_columns.h"

void ys_columns_init(YsColumns *cols) {
  memset(cols, 0, sizeof *cols);
  cols->columns = g_array_new(FALSE, FALSE, sizeof(Column));
}

void ys_columns_clear(YsColumns *cols) {
  g_array_unref(cols->columns);
  cols->columns = NULL;
}

void ys_columns_reset(YsColumns *cols, gboolean keep_unit) {
  g_array_set_size(cols->columns, 0);
  cols->active = FALSE;
  cols->prev_header = FALSE;
  if (!keep_unit)
    cols->unit = NULL;
}

void ys_cells_split(const YsNormLine *line, GArray *cells) {
  g_array_set_size(cells, 0);
  const char *t = line->text;
  gsize len = line->len, start = 0;
  for (guint i = 0; start <= len; i++) {
    /* memchr: most of a line is cell text, not tabs */
    const char *tab = memchr(t + start, '\t', len - start);
    gsize p = tab ? (gsize)(tab - t) : len;
    Cell c = {start, p, i, i + 1};
    if (line->cells && i < line->cells->len) {
      const YsCellSpan *sp = &g_array_index(line->cells, YsCellSpan, i);
      c.x0 = sp->x0;
      c.x1 = sp->x1;
    }
    g_array_append_val(cells, c);
    start = p + 1;
  }
}

void ys_cell_trim(const char *t, gsize *s, gsize *e) {
  while (*s < *e && g_ascii_isspace(t[*s]))
    (*s)++;
  while (*e > *s && g_ascii_isspace(t[*e - 1]))
    (*e)--;
}

static double overlap(double a0, double a1, double b0, double b1) {
  double lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
  return hi - lo;
}

int ys_columns_at(const YsColumns *cols, double x0, double x1) {
  int best = -1;
  double most = 0;
  for (guint i = 0; i < cols->columns->len; i++) {
    const Column *c = ys_column(cols, (int)i);
    double o = overlap(x0, x1, c->x0, c->x1);
    if (o > most) {
      most = o;
      best = (int)i;
    }
  }
  return best;
}

int ys_columns_region(const YsColumns *cols, double x0, double x1) {
  int best = -1;
  double mid = (x0 + x1) / 2, start = -1e300;
  for (guint i = 0; i < cols->columns->len; i++) {
    const Column *c = ys_column(cols, (int)i);
    if (c->x0 <= mid && c->x0 > start) {
      start = c->x0;
      best = (int)i;
    }
  }
  return best;
}

guint ys_columns_labels(const YsColumns *cols) {
  guint labels = 0;
  for (guint i = 0; i < cols->columns->len; i++)
    labels += ys_column(cols, (int)i)->role == COL_LABEL;
  return labels;
}

gboolean ys_column_is_figure(const Column *k) {
  return k->role == COL_AMOUNT || k->role == COL_DIFFERENCE;
}

/* Difference and rate columns compare the two nearest amount columns to their left. */
static void bases(YsColumns *cols) {
  for (guint i = 0; i < cols->columns->len; i++) {
    Column *c = &g_array_index(cols->columns, Column, i);
    if (c->role != COL_DIFFERENCE && c->role != COL_RATE)
      continue;
    const Column *near = NULL, *far = NULL; /* nearest and second nearest on the left */
    for (guint j = 0; j < cols->columns->len; j++) {
      const Column *a = ys_column(cols, (int)j);
      if (a->role != COL_AMOUNT || a->x1 > c->x0 + 1e-6)
        continue;
      if (!near || a->x0 > near->x0) {
        far = near;
        near = a;
      } else if (!far || a->x0 > far->x0) {
        far = a;
      }
    }
    if (!far)
      continue;
    gboolean far_newer = far->has_offset && near->has_offset ? far->year_offset >= near->year_offset
                                                             : far->year >= near->year;
    const Column *nw = far_newer ? far : near;
    const Column *old = nw == far ? near : far;
    c->year = nw->year;
    c->year_offset = nw->year_offset;
    c->has_offset = nw->has_offset;
    c->kind = nw->kind;
    c->base_year = old->year;
    c->base_offset = old->year_offset;
    c->base_kind = old->kind;
  }
}

/* The column rule a header cell matches: alone, or completing the header above it
 * (`7年度予算` / `(補正)` → `7年度予算(補正)`); with cols->stacked, completing first (`比較` /
 * `増△減額` is one header, though 増△減額 is one alone). *TEXT gets the matched text (g_free). */
static const Rule *header_cell(YsColumns *cols, YsEmit *em, const char *t, const Cell *c, gsize s,
                               gsize e, char **text) {
  const Rule *r;
  *text = NULL;
  if (s >= e)
    return NULL;
  if (!cols->stacked && ys_emit_match(em, RK_COLUMN, t + s, e - s, &r)) {
    *text = g_strndup(t + s, e - s);
    return r;
  }
  const Column *above =
      cols->prev_header ? ys_column(cols, ys_columns_at(cols, c->x0, c->x1)) : NULL;
  if (above && *above->head) {
    char *both = g_strdup_printf("%s%.*s", above->head, (int)(e - s), t + s);
    if (ys_emit_match(em, RK_COLUMN, both, strlen(both), &r)) {
      *text = both;
      return r;
    }
    g_free(both);
  }
  if (cols->stacked && ys_emit_match(em, RK_COLUMN, t + s, e - s, &r)) {
    *text = g_strndup(t + s, e - s);
    return r;
  }
  return NULL;
}

/* Whether T[S, E) is a header: it matches a column rule, or (COLS, right under a header line)
 * it completes the header above it. */
static gboolean header_text(YsColumns *cols, YsEmit *em, const char *t, const Cell *c, gsize s,
                            gsize e) {
  if (ys_emit_match(em, RK_COLUMN, t + s, e - s, NULL))
    return TRUE;
  if (!cols)
    return FALSE;
  g_autofree char *text = NULL;
  return header_cell(cols, em, t, c, s, e, &text) != NULL;
}

/* Header words set apart by distributed alignment (`説<TAB>明`): a cell that is no header is
 * joined with the cells after it when together they are one (`\s` in the pattern takes the
 * TAB); with COLS, also when together they complete the header above (`予<TAB>算<TAB>額`). */
static void join_split_words(YsColumns *cols, YsEmit *em, const char *t, GArray *cells) {
  for (guint i = 0; i + 1 < cells->len; i++) {
    Cell *c = &g_array_index(cells, Cell, i);
    gsize s = c->s, e = c->e;
    ys_cell_trim(t, &s, &e);
    if (s == e || header_text(cols, em, t, c, s, e))
      continue;
    for (guint j = i + 1; j < cells->len && j <= i + 3; j++) {
      Cell *d = &g_array_index(cells, Cell, j);
      gsize ds = d->s, de = d->e;
      ys_cell_trim(t, &ds, &de);
      if (ds == de || header_text(cols, em, t, d, ds, de))
        break;
      Cell both = {c->s, d->e, c->x0, d->x1};
      if (header_text(cols, em, t, &both, s, de)) {
        c->e = d->e;
        c->x1 = d->x1;
        g_array_remove_range(cells, i + 1, j - i);
        break;
      }
    }
  }
}

gboolean ys_columns_is_header(YsColumns *cols, YsEmit *em, const char *t, GArray *cells) {
  guint matched = 0;
  if (cells->len < 2 && !cols->prev_header)
    return FALSE; /* one cell alone is a header only under another header line */
  for (guint i = 0; i < cells->len; i++) {
    Cell *c = &g_array_index(cells, Cell, i);
    gsize s = c->s, e = c->e, as, ae;
    ys_cell_trim(t, &s, &e);
    Amount a;
    if (s < e && ys_emit_find_amount(em, t + s, e - s, 0, &as, &ae, &a))
      return FALSE;
    g_autofree char *text = NULL;
    const Rule *r = header_cell(cols, em, t, c, s, e, &text);
    /* 区分 | 金額 alone are a header only under another header line */
    if (r && (cols->prev_header || (r->role != COL_PART && r->role != COL_PART_LABEL)))
      matched++;
  }
  return matched > 0;
}

/* A header cell that holds several headers printed close (`本年度予算額 前年度予算額`): when it
 * matches no column rule but each of its space-separated words does, it is split into a cell
 * per word, their extents shared out by characters. */
void ys_columns_split_headers(YsEmit *em, const char *t, GArray *cells) {
  for (guint i = 0; i < cells->len; i++) {
    Cell c = g_array_index(cells, Cell, i);
    gsize s = c.s, e = c.e;
    ys_cell_trim(t, &s, &e);
    if (s == e || !memchr(t + s, ' ', e - s))
      continue;
    /* each word a header, and the cell as a whole none? (the words first: most cells with a
     * space are prose, whose first word is no header) */
    gboolean all = TRUE;
    guint n_words = 0;
    for (gsize p = s; p < e && all; n_words++) {
      gsize q = p;
      while (q < e && t[q] != ' ')
        q++;
      all = ys_emit_match(em, RK_COLUMN, t + p, q - p, NULL);
      p = q;
      while (p < e && t[p] == ' ')
        p++;
    }
    if (!all || n_words < 2 || ys_emit_match(em, RK_COLUMN, t + s, e - s, NULL))
      continue;
    g_autoptr(GArray) words = g_array_sized_new(FALSE, FALSE, sizeof(Cell), n_words);
    glong chars = g_utf8_strlen(t + s, (gssize)(e - s));
    for (gsize p = s; p < e;) {
      gsize q = p;
      while (q < e && t[q] != ' ')
        q++;
      Cell w = {p, q, 0, 0};
      /* the word's share of the cell's extent, by the characters before and in it */
      double from = (double)g_utf8_strlen(t + s, (gssize)(p - s)) / (double)chars;
      double to = (double)g_utf8_strlen(t + s, (gssize)(q - s)) / (double)chars;
      w.x0 = c.x0 + (c.x1 - c.x0) * from;
      w.x1 = c.x0 + (c.x1 - c.x0) * to;
      g_array_append_val(words, w);
      p = q;
      while (p < e && t[p] == ' ')
        p++;
    }
    g_array_remove_index(cells, i);
    g_array_insert_vals(cells, i, words->data, words->len);
    i += words->len - 1;
  }
}

/* Every cell a header (with COLS: or the end of the one above it), none an amount. */
static gboolean all_headers(YsColumns *cols, YsEmit *em, const char *t, const GArray *cells) {
  g_autoptr(GArray) joined = g_array_copy((GArray *)cells);
  join_split_words(cols, em, t, joined);
  guint matched = 0;
  for (guint i = 0; i < joined->len; i++) {
    const Cell *c = &g_array_index(joined, Cell, i);
    gsize s = c->s, e = c->e, as, ae;
    ys_cell_trim(t, &s, &e);
    Amount a;
    if (s == e)
      continue;
    if (ys_emit_find_amount(em, t + s, e - s, 0, &as, &ae, &a) ||
        !header_text(cols, em, t, c, s, e))
      return FALSE;
    matched++;
  }
  return matched > 0;
}

gboolean ys_columns_all_headers(YsEmit *em, const char *t, const GArray *cells) {
  return all_headers(NULL, em, t, cells);
}

gboolean ys_columns_continue_header(YsColumns *cols, YsEmit *em, const char *t,
                                    const GArray *cells) {
  return cols->prev_header && all_headers(cols, em, t, cells);
}

/* The column a header cell's rule R (matched on TEXT, its groups in em->md) makes at C. */
static Column column_from(YsEmit *em, const Rule *r, const char *text, const Cell *c) {
  gsize ys, ye;
  Column col = {0};
  col.x0 = c->x0;
  col.x1 = c->x1;
  col.role = r->role;
  col.kind = r->budget >= 0 ? (YsBudgetKind)r->budget : YS_KIND_INITIAL;
  col.level = r->level ? r->level : 1;
  col.base_kind = YS_KIND_INITIAL;
  col.rule = r->name;
  col.centred = r->style != NULL && strcmp(r->style, "centred") == 0;
  g_strlcpy(col.head, text, sizeof col.head);
  int doc_year = ys_emit_default_year(em);
  if (ys_rule_group(em->md, r->groups[G_YEAR], &ys, &ye)) {
    col.year = ys_rules_year(em->rules, text + ys, ye - ys, em->era_offset, NULL);
    col.has_offset = doc_year && col.year;
    col.year_offset = col.has_offset ? col.year - doc_year : 0;
  } else {
    col.has_offset = r->has_offset;
    col.year_offset = r->year_offset;
    if (doc_year)
      col.year = doc_year + r->year_offset;
  }
  return col;
}

/* Whether column O (of the header line above) also lies over a cell of CELLS but the I-th. */
static gboolean spans_other_cell(const GArray *cells, guint i, const Column *o) {
  for (guint j = 0; j < cells->len; j++) {
    const Cell *d = &g_array_index(cells, Cell, j);
    if (j != i && d->e > d->s && overlap(o->x0, o->x1, d->x0, d->x1) > 0)
      return TRUE;
  }
  return FALSE;
}

void ys_columns_read_header(YsColumns *cols, YsEmit *em, const char *t, GArray *cells) {
  join_split_words(cols->prev_header ? cols : NULL, em, t, cells);
  for (guint i = 0; i < cells->len; i++) {
    Cell *c = &g_array_index(cells, Cell, i);
    gsize s = c->s, e = c->e;
    ys_cell_trim(t, &s, &e);
    g_autofree char *text = NULL;
    const Rule *r = header_cell(cols, em, t, c, s, e, &text);
    if (!r)
      continue;
    ys_emit_match(em, RK_COLUMN, text, strlen(text), &r); /* its groups, on TEXT */
    if (r->role == COL_SPAN)
      continue; /* a header over the headers below it: no column of its own */
    Column col = column_from(em, r, text, c);
    /* a header cell under a spanning one (対前年度) or completing one (7年度予算 / (補正))
     * replaces it; it spans the width of both, unless the one above spans a column of this
     * line too (支出予定額 over 期間 | 金額: the figures are under 金額 alone) */
    for (guint j = cols->columns->len; j-- > 0;) {
      const Column *o = ys_column(cols, (int)j);
      if (overlap(o->x0, o->x1, col.x0, col.x1) > 0 &&
          (o->role == COL_NONE || g_str_has_prefix(col.head, o->head))) {
        if (!spans_other_cell(cells, i, o)) {
          col.x0 = MIN(col.x0, o->x0);
          col.x1 = MAX(col.x1, o->x1);
        }
        g_array_remove_index(cols->columns, j);
      }
    }
    g_array_append_val(cols->columns, col);
  }
  bases(cols);
  cols->active = TRUE;
  cols->prev_header = TRUE;
}

gboolean ys_columns_unit_row(YsColumns *cols, YsEmit *em, const char *t, GArray *cells) {
  guint units = 0;
  for (guint i = 0; i < cells->len; i++) {
    Cell *c = &g_array_index(cells, Cell, i);
    gsize s = c->s, e = c->e;
    ys_cell_trim(t, &s, &e);
    if (s == e)
      continue;
    if (!ys_emit_match(em, RK_UNIT_CELL, t + s, e - s, NULL))
      return FALSE;
    units++;
  }
  if (!units)
    return FALSE;
  for (guint i = 0; i < cells->len; i++) {
    Cell *c = &g_array_index(cells, Cell, i);
    gsize s = c->s, e = c->e, us, ue;
    ys_cell_trim(t, &s, &e);
    const Rule *r;
    if (s == e || !ys_emit_match(em, RK_UNIT_CELL, t + s, e - s, &r))
      continue;
    if (!ys_rule_group(em->md, r->groups[G_UNIT], &us, &ue)) {
      us = 0;
      ue = e - s;
    }
    const Unit *u = ys_rules_unit(em->rules, t + s + us, ue - us);
    /* the column under it, or (a unit printed at the right edge of a wide column's figures,
     * off its header) the one whose header starts left of it */
    int col = ys_columns_at(cols, c->x0, c->x1);
    if (col < 0)
      col = ys_columns_region(cols, c->x0, c->x1);
    if (col >= 0) {
      g_array_index(cols->columns, Column, col).unit = u;
      g_array_index(cols->columns, Column, col).unit_x1 = c->x1;
    } else if (!cols->columns->len)
      cols->unit = u;
  }
  return TRUE;
}
