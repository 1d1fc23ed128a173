/* rules — tables for the reader: column headers, unit rows, data rows, row labels.
 *
 * A line of two or more cells whose cells match column rules (and hold no amount) is a header
 * line; consecutive header lines add to the same table (`対前年度` over `増▲減額 | 増▲減率`).
 * Each header cell gives the column under it (matched by x-overlap of the cell spans) its
 * year, kind and role; a difference or rate column compares the two nearest amount columns to
 * its left (the newer is its own year/kind, the older its base). A unit row (`千円 千円`) or a
 * unit note (`（単位：千円）`) gives bare-number cells their unit. Every later line with two or
 * more cells is a data row: its label cells (outside any figure column) name the item, its
 * figure cells become records. In a table with label columns (款/項/目) a row is a part of the
 * last row one label level up. A line of figures without a label of its own goes on with the
 * row above (data_row and continue_row make a cell's record with one helper, add_cell). A line
 * with one cell ends the table, unless it is a figure alone in a figure column the row above left
 * empty (a vertically centred 比較: it goes on with that row) or a row label alone (no figure): a
 * row-tail rule says when it finishes the row above, else it starts the next row's label.
 */
#include <string.h>

#include "rules/rules_private.h"

typedef struct {
  gsize s, e;       /* byte span in the line text */
  double x0, x1;
} Cell;

/* The line's cells into CELLS. */
static void split_cells(const YsNormLine *line, gsize len, GArray *cells) {
  g_array_set_size(cells, 0);
  const char *t = line->text;
  gsize start = 0;
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

static void trim(const char *t, gsize *s, gsize *e) {
  while (*s < *e && g_ascii_isspace(t[*s]))
    (*s)++;
  while (*e > *s && g_ascii_isspace(t[*e - 1]))
    (*e)--;
}

static double overlap(double a0, double a1, double b0, double b1) {
  double lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
  return hi - lo;
}

/* The column a cell falls under, or -1. */
static int column_of(YsReader *rd, double x0, double x1) {
  int best = -1;
  double most = 0;
  for (guint i = 0; i < rd->columns->len; i++) {
    const Column *c = &g_array_index(rd->columns, Column, i);
    double o = overlap(x0, x1, c->x0, c->x1);
    if (o > most) {
      most = o;
      best = (int)i;
    }
  }
  return best;
}

/* PARENT_ID's parts come from the rows of a label-column table (款/項/目/節, or a total row under
 * them): exhaustive by construction, so validate checks even a lone part. */
static void mark_parts_complete(YsReader *rd, guint parent_id) {
  YsRecord *p = parent_id ? (YsRecord *)ys_record_set_get(rd->set, parent_id) : NULL;
  if (p)
    p->parts_complete = TRUE;
}

static gboolean has_label_column(const YsReader *rd) {
  for (guint i = 0; i < rd->columns->len; i++)
    if (g_array_index(rd->columns, Column, i).role == COL_LABEL)
      return TRUE;
  return FALSE;
}

/* ---- 款/項/目 tables (予算書) ---------------------------------------------------------------
 * A table with two or more label columns (款 | 項 | 目) is read when it ends, as a whole: its
 * rows interleave over several lines (a 目's 節 lines above and below its figure line, names
 * wrapped onto the next line, a 款 name printed vertically in its narrow column). A cell belongs
 * to the column whose region (between the midpoints of neighbouring header cells) it overlaps
 * most. A label fragment that starts with a row number (row-number rule) starts a name, one
 * without continues the name above it in its column. A line with figures is a row, named by its
 * deepest label column; a row followed by a row named in the same column is one level up (the
 * 款 row printed in the 項 column), as is the first row named like the vertical label of the
 * 款 column. A row's amounts are parts of the last row one level up (same column); a table
 * that starts below the 款 level goes on with the 款 of the table before. 節 (part) amounts are
 * parts of the first amount of the deepest-level row they belong to: the row on their line, or
 * the nearer of the rows around them, split at the widest vertical gap. */

typedef struct {
  int page, line;
  double x0, y0, x1, y1;
  char *text;
  GArray *cells; /* Cell */
  GArray *spans; /* YsCellSpan: the line's own, for the records' boxes */
} BufLine;

typedef struct {
  int year;
  YsBudgetKind kind;
  guint id;
} KanCell;

typedef struct Block {
  GPtrArray *lines;   /* BufLine* */
  char *kan_name;     /* raw name (with its number) of the last 款 row of a finished table */
  char *kan_item;
  GArray *kan_cells;  /* KanCell: its amounts */
} Block;

static void buf_line_free(gpointer p) {
  BufLine *b = p;
  g_free(b->text);
  g_array_unref(b->cells);
  if (b->spans)
    g_array_unref(b->spans);
  g_free(b);
}

static Block *block_get(YsReader *rd) {
  if (!rd->block) {
    rd->block = g_new0(Block, 1);
    rd->block->lines = g_ptr_array_new_with_free_func(buf_line_free);
    rd->block->kan_cells = g_array_new(FALSE, FALSE, sizeof(KanCell));
  }
  return rd->block;
}

void ys_table_free(YsReader *rd) {
  g_clear_pointer(&rd->row_parts, g_array_unref);
  if (!rd->block)
    return;
  g_ptr_array_unref(rd->block->lines);
  g_free(rd->block->kan_name);
  g_free(rd->block->kan_item);
  g_array_unref(rd->block->kan_cells);
  g_clear_pointer(&rd->block, g_free);
}

/* Row-label columns: two or more make the table a block table. */
static gboolean block_table(YsReader *rd) {
  guint labels = 0;
  for (guint i = 0; i < rd->columns->len; i++)
    labels += g_array_index(rd->columns, Column, i).role == COL_LABEL;
  return labels >= 2;
}

/* The column whose region (midpoints between neighbouring header cell centres) X0..X1 overlaps
 * most; -1 if none. */
static int region_of(YsReader *rd, double x0, double x1) {
  int best = -1;
  double most = 0;
  guint n = rd->columns->len;
  for (guint i = 0; i < n; i++) {
    const Column *c = &g_array_index(rd->columns, Column, i);
    double mid = (c->x0 + c->x1) / 2, lo = -1e300, hi = 1e300;
    for (guint j = 0; j < n; j++) {
      const Column *o = &g_array_index(rd->columns, Column, j);
      double om = (o->x0 + o->x1) / 2;
      if (om < mid && (om + mid) / 2 > lo)
        lo = (om + mid) / 2;
      if (om > mid && (om + mid) / 2 < hi)
        hi = (om + mid) / 2;
    }
    double o = overlap(x0, x1, lo, hi);
    if (x0 == x1 && x0 >= lo && x0 < hi)
      o = 1e-9;
    if (o > most) {
      most = o;
      best = (int)i;
    }
  }
  return best;
}

static void block_buffer(YsReader *rd, const YsNormLine *line, GArray *cells) {
  BufLine *b = g_new0(BufLine, 1);
  b->page = line->page;
  b->line = line->line;
  b->x0 = line->x0;
  b->y0 = line->y0;
  b->x1 = line->x1;
  b->y1 = line->y1;
  b->text = g_strdup(line->text);
  b->cells = g_array_copy(cells);
  b->spans = line->cells ? g_array_copy(line->cells) : NULL;
  g_ptr_array_add(block_get(rd)->lines, b);
}

typedef struct {
  int col;
  GString *raw;       /* fragments joined, number included */
  int first_line;     /* index in the block */
  GArray *lines;      /* int: lines holding a fragment */
  int row;            /* the row it names, -1 none */
} Name;

typedef struct {
  int line;           /* index in the block */
  int name;           /* index in names, -1 none */
  int level;
  char *item;
  guint first_amount; /* record of its leftmost amount column */
  int first_year;
  YsBudgetKind first_kind;
} Row;

static void name_free(gpointer p) {
  Name *n = p;
  g_string_free(n->raw, TRUE);
  g_array_unref(n->lines);
  g_free(n);
}

static gboolean name_on(const Name *n, int li) {
  for (guint i = 0; i < n->lines->len; i++)
    if (g_array_index(n->lines, int, i) == li)
      return TRUE;
  return FALSE;
}

static double line_mid(const BufLine *b) { return (b->y0 + b->y1) / 2; }

/* Cell I of buffered line B: its trimmed span [*S, *E) and the column whose region holds it;
 * -1 for an empty cell or one outside every region. */
static int cell_region(YsReader *rd, const BufLine *b, guint i, gsize *s, gsize *e) {
  const Cell *c = &g_array_index(b->cells, Cell, i);
  *s = c->s;
  *e = c->e;
  trim(b->text, s, e);
  int col = region_of(rd, c->x0, c->x1);
  return *s == *e ? -1 : col;
}

/* The item of a name: without its row number (`4デジタル推進費` → デジタル推進費), cleaned. */
static char *name_item(YsReader *rd, const char *raw) {
  const Rule *r;
  gsize len = strlen(raw), skip = 0;
  if (ys_reader_match(rd, RK_ROW_NUMBER, raw, len, &r))
    skip = pcre2_get_ovector_pointer(rd->md)[1];
  if (skip >= len)
    skip = 0;
  return ys_reader_clean_item(rd, raw + skip, len - skip);
}

/* The figure of cell [S, E) of column K: a record, or NULL (no figure, not a number). */
static YsRecord *block_figure(YsReader *rd, const BufLine *b, const Column *k, gsize s, gsize e) {
  const char *t = b->text;
  YsNormLine nl = {0};
  nl.page = b->page;
  nl.line = b->line;
  nl.x0 = b->x0;
  nl.y0 = b->y0;
  nl.x1 = b->x1;
  nl.y1 = b->y1;
  nl.text = b->text;
  nl.len = strlen(b->text);
  nl.cells = b->spans;
  if (ys_reader_match(rd, RK_NO_FIGURE, t + s, e - s, NULL))
    return NULL;
  Amount a;
  gsize as, ae, gs, ge;
  const Rule *r;
  const Unit *bare = k->unit ? k->unit : rd->table_unit;
  if (!ys_reader_find_counted_amount(rd, t + s, e - s, &as, &ae, &a)) {
    if (!bare || !ys_reader_match(rd, RK_BARE_NUMBER, t + s, e - s, &r))
      return NULL;
    if (!ys_rule_group(rd->md, r->groups[G_AMOUNT], &gs, &ge)) {
      gs = 0;
      ge = e - s;
    }
    if (!ys_amount_parse(rd->rules, t + s + gs, ge - gs, bare, &a, NULL))
      return NULL;
  }
  YsRecord *rec = ys_reader_add(rd, &nl, &a, t + s, e - s);
  rec->role = k->role == COL_DIFFERENCE ? YS_ROLE_DIFFERENCE : YS_ROLE_AMOUNT;
  rec->fiscal_year = k->year;
  rec->kind = k->kind;
  if (rec->role == YS_ROLE_DIFFERENCE) {
    rec->base_year = k->base_year;
    rec->base_kind = k->base_kind;
  }
  return rec;
}

static gboolean is_figure_col(const Column *k) {
  return k->role == COL_AMOUNT || k->role == COL_DIFFERENCE;
}

/* Which row a part on line LI belongs to: the row on its line, else the one on the near side
 * of the widest gap between the rows around it. */
static int part_row(const GPtrArray *lines, const GArray *rows, const GArray *part_lines, int li,
                    int deepest) {
  int before = -1, after = -1;
  for (guint r = 0; r < rows->len; r++) {
    const Row *w = &g_array_index(rows, Row, r);
    if (w->line == li)
      return (int)r;
    if (w->line < li)
      before = (int)r;
    else if (after < 0)
      after = (int)r;
  }
  if (before < 0 || after < 0)
    return before < 0 ? after : before;
  int bl = g_array_index(rows, Row, before).line, al = g_array_index(rows, Row, after).line;
  /* the y positions from the row before to the row after: its part lines in between */
  double prev = line_mid(g_ptr_array_index(lines, bl)), widest = -1;
  int split = al; /* lines before SPLIT go with BEFORE */
  for (guint i = 0; i <= part_lines->len; i++) {
    int pl = i < part_lines->len ? g_array_index(part_lines, int, i) : al;
    if (pl <= bl || pl > al || (i < part_lines->len && pl == al))
      continue;
    double y = line_mid(g_ptr_array_index(lines, pl));
    if (y - prev > widest) {
      widest = y - prev;
      split = pl;
    }
    prev = y;
  }
  int pick = li < split ? before : after, other = pick == before ? after : before;
  if (g_array_index(rows, Row, pick).level != deepest &&
      g_array_index(rows, Row, other).level == deepest)
    pick = other;
  return pick;
}

static void block_flush(YsReader *rd) {
  Block *bk = rd->block;
  if (!bk || !bk->lines->len)
    return;
  GPtrArray *lines = bk->lines;
  guint ncols = rd->columns->len;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(name_free);
  g_autofree int *current = g_new(int, ncols ? ncols : 1);
  for (guint c = 0; c < ncols; c++)
    current[c] = -1;
  int deepest_label = 0, top_label = YS_MAX_LEVELS;
  for (guint c = 0; c < ncols; c++) {
    const Column *k = &g_array_index(rd->columns, Column, c);
    if (k->role == COL_LABEL && k->level > deepest_label)
      deepest_label = k->level;
    if (k->role == COL_LABEL && k->level < top_label)
      top_label = k->level;
  }
  /* label fragments into names; figure lines */
  g_autofree gboolean *figures = g_new0(gboolean, lines->len);
  for (guint li = 0; li < lines->len; li++) {
    BufLine *b = g_ptr_array_index(lines, li);
    for (guint i = 0; i < b->cells->len; i++) {
      gsize s, e;
      int col = cell_region(rd, b, i, &s, &e);
      if (col < 0)
        continue;
      const Column *k = &g_array_index(rd->columns, Column, col);
      if (is_figure_col(k)) {
        figures[li] = TRUE;
        continue;
      }
      if (k->role != COL_LABEL && k->role != COL_PART_LABEL)
        continue;
      gboolean starts = ys_reader_match(rd, RK_ROW_NUMBER, b->text + s, e - s, NULL);
      Name *n = current[col] >= 0 ? g_ptr_array_index(names, current[col]) : NULL;
      if (starts || !n) {
        n = g_new0(Name, 1);
        n->col = col;
        n->raw = g_string_new(NULL);
        n->first_line = (int)li;
        n->lines = g_array_new(FALSE, FALSE, sizeof(int));
        n->row = -1;
        current[col] = (int)names->len;
        g_ptr_array_add(names, n);
      }
      g_string_append_len(n->raw, b->text + s, e - s);
      int l = (int)li;
      g_array_append_val(n->lines, l);
    }
  }
  /* rows: lines with figures, named by their deepest label column */
  g_autoptr(GArray) rows = g_array_new(FALSE, TRUE, sizeof(Row));
  for (guint li = 0; li < lines->len; li++) {
    if (!figures[li])
      continue;
    Row w = {(int)li, -1, 0, NULL, 0, 0, YS_KIND_INITIAL};
    for (guint j = 0; j < names->len; j++) {
      Name *n = g_ptr_array_index(names, j);
      const Column *k = &g_array_index(rd->columns, Column, n->col);
      if (k->role == COL_LABEL && n->row < 0 && name_on(n, (int)li) && k->level > w.level) {
        w.name = (int)j;
        w.level = k->level;
      }
    }
    if (w.name < 0) /* no name on the line: the last unused name above it */
      for (guint j = names->len; j-- > 0;) {
        Name *n = g_ptr_array_index(names, j);
        const Column *k = &g_array_index(rd->columns, Column, n->col);
        if (k->role == COL_LABEL && n->row < 0 && n->first_line < (int)li && k->level > top_label) {
          w.name = (int)j;
          w.level = k->level;
          break;
        }
      }
    if (w.name < 0)
      continue;
    ((Name *)g_ptr_array_index(names, w.name))->row = (int)rows->len;
    g_array_append_val(rows, w);
  }
  /* vertical labels: names of the outermost label column without a row */
  g_autoptr(GPtrArray) vertical = g_ptr_array_new();
  g_autoptr(GPtrArray) used = g_ptr_array_new(); /* non-NULL: the vertical label has its row */
  for (guint j = 0; j < names->len; j++) {
    Name *n = g_ptr_array_index(names, j);
    const Column *k = &g_array_index(rd->columns, Column, n->col);
    if (k->role == COL_LABEL && k->level == top_label && n->row < 0)
    {
      g_ptr_array_add(vertical, n->raw->str);
      g_ptr_array_add(used, NULL);
    }
  }
  /* levels: a row followed by a row of the same column is one up; so is the first row named
   * like a vertical label */
  int deepest = 0;
  for (guint r = 0; r < rows->len; r++) {
    Row *w = &g_array_index(rows, Row, r);
    Name *n = g_ptr_array_index(names, w->name);
    gboolean up = FALSE;
    if (r + 1 < rows->len && w->level < deepest_label) {
      Name *nx = g_ptr_array_index(names, g_array_index(rows, Row, r + 1).name);
      up = nx->col == n->col;
    }
    for (guint v = 0; v < vertical->len && w->level > top_label; v++) {
      const char *vt = g_ptr_array_index(vertical, v);
      if (vt && strcmp(vt, n->raw->str) == 0 && (up || !g_ptr_array_index(used, v))) {
        up = TRUE;
        g_ptr_array_index(used, v) = GINT_TO_POINTER(1); /* the first such row only */
        break;
      }
    }
    if (up && w->level > top_label)
      w->level = top_label;
    w->item = name_item(rd, n->raw->str);
    if (w->level > deepest)
      deepest = w->level;
  }
  /* parts: their lines, and the row each belongs to */
  g_autoptr(GArray) part_lines = g_array_new(FALSE, FALSE, sizeof(int));
  for (guint li = 0; li < lines->len; li++) {
    BufLine *b = g_ptr_array_index(lines, li);
    for (guint i = 0; i < b->cells->len; i++) {
      gsize s, e;
      int col = cell_region(rd, b, i, &s, &e);
      if (col >= 0 && g_array_index(rd->columns, Column, col).role == COL_PART) {
        int l = (int)li;
        g_array_append_val(part_lines, l);
        break;
      }
    }
  }
  /* records: row by row, each row's parts after it */
  g_autofree guint *up_ids = g_new0(guint, (gsize)YS_MAX_LEVELS * (ncols ? ncols : 1));
  /* a table that starts below the 款 level goes on with the 款 of the table before */
  if (rows->len && g_array_index(rows, Row, 0).level > top_label && bk->kan_item &&
      (!vertical->len || !g_ptr_array_index(vertical, 0) ||
       strcmp(g_ptr_array_index(vertical, 0), bk->kan_name) == 0))
    for (guint c = 0; c < ncols; c++) {
      const Column *k = &g_array_index(rd->columns, Column, c);
      for (guint q = 0; q < bk->kan_cells->len && k->role == COL_AMOUNT; q++) {
        const KanCell *kc = &g_array_index(bk->kan_cells, KanCell, q);
        if (kc->year == k->year && kc->kind == k->kind)
          up_ids[top_label * ncols + c] = kc->id;
      }
    }
  for (guint r = 0; r < rows->len; r++) {
    Row *w = &g_array_index(rows, Row, r);
    BufLine *b = g_ptr_array_index(lines, w->line);
    int level = w->level < YS_MAX_LEVELS ? w->level : YS_MAX_LEVELS - 1;
    for (int l = level; l < YS_MAX_LEVELS; l++)
      for (guint c = 0; c < ncols; c++)
        up_ids[l * ncols + c] = 0;
    double first_x = 1e300;
    for (guint i = 0; i < b->cells->len; i++) {
      gsize s, e;
      int col = cell_region(rd, b, i, &s, &e);
      if (col < 0)
        continue;
      const Column *k = &g_array_index(rd->columns, Column, col);
      if (!is_figure_col(k))
        continue;
      if (k->role == COL_AMOUNT && k->x0 < first_x) {
        first_x = k->x0;
        w->first_year = k->year;
        w->first_kind = k->kind;
        w->first_amount = 0;
      }
      YsRecord *rec = block_figure(rd, b, k, s, e);
      if (!rec)
        continue;
      rec->item = ys_record_set_keep_str(rd->set, w->item);
      if (rec->role == YS_ROLE_AMOUNT) {
        if (level > 0) {
          rec->parent_id = up_ids[(level - 1) * ncols + col];
          mark_parts_complete(rd, rec->parent_id);
        }
        up_ids[level * ncols + col] = rec->id;
        if (k->x0 <= first_x)
          w->first_amount = rec->id;
      }
    }
    if (level == top_label) {
      g_free(bk->kan_name);
      bk->kan_name = g_strdup(((Name *)g_ptr_array_index(names, w->name))->raw->str);
      g_free(bk->kan_item);
      bk->kan_item = g_strdup(w->item);
      g_array_set_size(bk->kan_cells, 0);
      for (guint c = 0; c < ncols; c++) {
        const Column *k = &g_array_index(rd->columns, Column, c);
        KanCell kc = {k->year, k->kind, up_ids[level * ncols + c]};
        if (kc.id && k->role == COL_AMOUNT)
          g_array_append_val(bk->kan_cells, kc);
      }
    }
    /* its parts */
    for (guint pi = 0; pi < part_lines->len; pi++) {
      int pl = g_array_index(part_lines, int, pi);
      if (part_row(lines, rows, part_lines, pl, deepest) != (int)r)
        continue;
      BufLine *pb = g_ptr_array_index(lines, pl);
      const char *group = NULL;
      for (guint j = 0; j < names->len; j++) {
        Name *n = g_ptr_array_index(names, j);
        if (n->first_line == pl &&
            g_array_index(rd->columns, Column, n->col).role == COL_PART_LABEL)
          group = n->raw->str;
      }
      for (guint i = 0; i < pb->cells->len; i++) {
        gsize s, e;
        int col = cell_region(rd, pb, i, &s, &e);
        if (col < 0 || g_array_index(rd->columns, Column, col).role != COL_PART)
          continue;
        Column k = g_array_index(rd->columns, Column, col);
        k.role = COL_AMOUNT;
        k.year = w->first_year;
        k.kind = w->first_kind;
        YsRecord *rec = block_figure(rd, pb, &k, s, e);
        if (!rec)
          continue;
        g_autofree char *g = group ? name_item(rd, group) : NULL;
        if (g && *g) {
          rec->group = ys_record_set_keep_str(rd->set, g);
          rec->item = ys_record_set_keep_joined(rd->set, w->item, g);
        } else {
          rec->item = ys_record_set_keep_str(rd->set, w->item);
        }
        rec->parent_id = w->first_amount;
        mark_parts_complete(rd, rec->parent_id);
      }
    }
  }
  for (guint r = 0; r < rows->len; r++)
    g_free(g_array_index(rows, Row, r).item);
  g_ptr_array_set_size(lines, 0);
}

void ys_table_end(YsReader *rd) {
  block_flush(rd);
  g_array_set_size(rd->columns, 0);
  rd->table_active = FALSE;
  rd->prev_header = FALSE;
  rd->table_unit = NULL;
  g_clear_pointer(&rd->row_pending, g_free);
  g_clear_pointer(&rd->row_label, g_free);
  rd->row_first_id = rd->row_last_id = 0;
  rd->row_total = FALSE;
  if (rd->row_parts)
    g_array_set_size(rd->row_parts, 0);
  for (int i = 0; i < YS_MAX_LEVELS; i++)
    g_array_set_size(rd->row_ids[i], 0);
  g_array_set_size(rd->table_tops, 0);
}

/* Difference and rate columns compare the two nearest amount columns to their left. */
static void bases(YsReader *rd) {
  for (guint i = 0; i < rd->columns->len; i++) {
    Column *c = &g_array_index(rd->columns, Column, i);
    if (c->role != COL_DIFFERENCE && c->role != COL_RATE)
      continue;
    const Column *near = NULL, *far = NULL; /* nearest and second nearest on the left */
    for (guint j = 0; j < rd->columns->len; j++) {
      const Column *a = &g_array_index(rd->columns, Column, j);
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
    const Column *nw = far->year >= near->year ? far : near;
    const Column *old = nw == far ? near : far;
    c->year = nw->year;
    c->kind = nw->kind;
    c->base_year = old->year;
    c->base_kind = old->kind;
  }
}

/* The column rule a header cell matches: alone, or completing the header above it
 * (`7年度予算` / `(補正)` → `7年度予算(補正)`). *TEXT gets the matched text (g_free). */
static const Rule *header_cell(YsReader *rd, const char *t, const Cell *c, gsize s, gsize e,
                               char **text) {
  const Rule *r;
  *text = NULL;
  if (s >= e)
    return NULL;
  if (ys_reader_match(rd, RK_COLUMN, t + s, e - s, &r)) {
    *text = g_strndup(t + s, e - s);
    return r;
  }
  if (!rd->prev_header)
    return NULL;
  int col = column_of(rd, c->x0, c->x1);
  if (col < 0)
    return NULL;
  const Column *above = &g_array_index(rd->columns, Column, col);
  char *both = g_strdup_printf("%s%.*s", above->head, (int)(e - s), t + s);
  if (*above->head && ys_reader_match(rd, RK_COLUMN, both, strlen(both), &r)) {
    *text = both;
    return r;
  }
  g_free(both);
  return NULL;
}

/* Header words set apart by distributed alignment (`説<TAB>明`): a cell that matches no column
 * rule is joined with the cells after it when together they match one (`\s` in the pattern
 * takes the TAB). */
static void join_split_words(YsReader *rd, const char *t, GArray *cells) {
  for (guint i = 0; i + 1 < cells->len; i++) {
    Cell *c = &g_array_index(cells, Cell, i);
    gsize s = c->s, e = c->e;
    trim(t, &s, &e);
    if (s == e || ys_reader_match(rd, RK_COLUMN, t + s, e - s, NULL))
      continue;
    for (guint j = i + 1; j < cells->len && j <= i + 3; j++) {
      Cell *d = &g_array_index(cells, Cell, j);
      gsize ds = d->s, de = d->e;
      trim(t, &ds, &de);
      if (ds == de || ys_reader_match(rd, RK_COLUMN, t + ds, de - ds, NULL))
        break;
      if (ys_reader_match(rd, RK_COLUMN, t + s, de - s, NULL)) {
        c->e = d->e;
        c->x1 = d->x1;
        g_array_remove_range(cells, i + 1, j - i);
        break;
      }
    }
  }
}

static gboolean header_line(YsReader *rd, const char *t, GArray *cells) {
  guint matched = 0;
  if (cells->len < 2 && !rd->prev_header)
    return FALSE; /* one cell alone is a header only under another header line */
  for (guint i = 0; i < cells->len; i++) {
    Cell *c = &g_array_index(cells, Cell, i);
    gsize s = c->s, e = c->e, as, ae;
    trim(t, &s, &e);
    Amount a;
    if (s < e && ys_reader_find_amount(rd, t + s, e - s, 0, &as, &ae, &a))
      return FALSE;
    g_autofree char *text = NULL;
    const Rule *r = header_cell(rd, t, c, s, e, &text);
    /* 区分 | 金額 alone are a header only under another header line */
    if (r && (rd->prev_header || (r->role != COL_PART && r->role != COL_PART_LABEL)))
      matched++;
  }
  if (!matched)
    return FALSE;
  join_split_words(rd, t, cells);
  if (!rd->prev_header) {
    const Unit *keep = rd->table_unit;
    ys_table_end(rd);
    rd->table_unit = keep;
  }
  for (guint i = 0; i < cells->len; i++) {
    Cell *c = &g_array_index(cells, Cell, i);
    gsize s = c->s, e = c->e, ys, ye;
    trim(t, &s, &e);
    g_autofree char *text = NULL;
    const Rule *r = header_cell(rd, t, c, s, e, &text);
    if (!r)
      continue;
    ys_reader_match(rd, RK_COLUMN, text, strlen(text), &r); /* its groups, on TEXT */
    Column col = {c->x0, c->x1, r->role, 0, r->budget >= 0 ? r->budget : YS_KIND_INITIAL,
                  r->level ? r->level : 1, NULL, 0, YS_KIND_INITIAL, ""};
    g_strlcpy(col.head, text, sizeof col.head);
    if (ys_rule_group(rd->md, r->groups[G_YEAR], &ys, &ye))
      col.year = ys_rules_year(rd->rules, text + ys, ye - ys, rd->era_offset, NULL);
    else if (ys_reader_default_year(rd))
      col.year = ys_reader_default_year(rd) + r->year_offset;
    /* a header cell under a spanning one (対前年度) or completing one (7年度予算 / (補正))
     * replaces it */
    for (guint j = rd->columns->len; j-- > 0;) {
      const Column *o = &g_array_index(rd->columns, Column, j);
      if (overlap(o->x0, o->x1, col.x0, col.x1) > 0 &&
          (o->role == COL_NONE || g_str_has_prefix(col.head, o->head))) {
        if (o->x0 < col.x0)
          col.x0 = o->x0;
        if (o->x1 > col.x1)
          col.x1 = o->x1;
        g_array_remove_index(rd->columns, j);
      }
    }
    g_array_append_val(rd->columns, col);
  }
  bases(rd);
  rd->table_active = TRUE;
  rd->prev_header = TRUE;
  return TRUE;
}

static gboolean unit_row(YsReader *rd, const char *t, GArray *cells) {
  guint units = 0;
  for (guint i = 0; i < cells->len; i++) {
    Cell *c = &g_array_index(cells, Cell, i);
    gsize s = c->s, e = c->e;
    trim(t, &s, &e);
    if (s == e)
      continue;
    if (!ys_reader_match(rd, RK_UNIT_CELL, t + s, e - s, NULL))
      return FALSE;
    units++;
  }
  if (!units)
    return FALSE;
  for (guint i = 0; i < cells->len; i++) {
    Cell *c = &g_array_index(cells, Cell, i);
    gsize s = c->s, e = c->e, us, ue;
    trim(t, &s, &e);
    const Rule *r;
    if (s == e || !ys_reader_match(rd, RK_UNIT_CELL, t + s, e - s, &r))
      continue;
    if (!ys_rule_group(rd->md, r->groups[G_UNIT], &us, &ue)) {
      us = 0;
      ue = e - s;
    }
    const Unit *u = ys_rules_unit(rd->rules, t + s + us, ue - us);
    int col = column_of(rd, c->x0, c->x1);
    if (col >= 0)
      g_array_index(rd->columns, Column, col).unit = u;
    else if (!rd->columns->len)
      rd->table_unit = u;
  }
  return TRUE;
}

static void rename_row(YsReader *rd, const char *label) {
  for (guint id = rd->row_first_id; id && id <= rd->row_last_id; id++) {
    YsRecord *r = (YsRecord *)ys_record_set_get(rd->set, id);
    if (!r)
      continue;
    if (r->parent_id >= rd->row_first_id && r->group)
      r->item = ys_record_set_keep_joined(rd->set, label, r->group);
    else
      r->item = ys_record_set_keep_str(rd->set, label);
  }
}

/* A row label without figures: the end of the row above, or the start of the next. */
static void label_only(YsReader *rd, const char *label) {
  if (rd->row_label && rd->row_last_id &&
      ys_reader_match(rd, RK_ROW_TAIL, label, strlen(label), NULL)) {
    g_autofree char *joined = g_strconcat(rd->row_label, label, NULL);
    g_autofree char *clean = ys_reader_clean_item(rd, joined, strlen(joined));
    rename_row(rd, clean);
    g_free(rd->row_label);
    rd->row_label = g_strdup(clean);
    return;
  }
  char *p = g_strconcat(rd->row_pending ? rd->row_pending : "", label, NULL);
  g_free(rd->row_pending);
  rd->row_pending = p;
}

static void continue_row(YsReader *rd, const YsNormLine *line, GArray *cells, const char *tail);
static gboolean lone_figure(YsReader *rd, const YsNormLine *line, GArray *cells, gsize len);

/* The figure column (amount, difference, rate) that cell C of line text T falls in, with the
 * cell's trimmed span [*S, *E) and column index *COL; NULL for an empty cell, a label or part
 * column, or a cell that prints no figure (－). */
static const Column *figure_cell(YsReader *rd, const char *t, const Cell *c, gsize *s, gsize *e,
                                 int *col) {
  *s = c->s;
  *e = c->e;
  trim(t, s, e);
  *col = column_of(rd, c->x0, c->x1);
  if (*s == *e || *col < 0)
    return NULL;
  const Column *k = &g_array_index(rd->columns, Column, *col);
  if (k->role == COL_NONE || k->role == COL_LABEL || k->role == COL_PART ||
      k->role == COL_PART_LABEL || ys_reader_match(rd, RK_NO_FIGURE, t + *s, *e - *s, NULL))
    return NULL;
  return k;
}

/* A rate cell (`+3.5%`) of a 増▲減率 column as a RATE record; NULL if the cell holds none. */
static YsRecord *add_rate_cell(YsReader *rd, const YsNormLine *line, const char *cell,
                               gsize len) {
  const Rule *r;
  gsize gs, ge;
  gint64 scaled;
  int decimals;
  if (!ys_reader_match(rd, RK_RATE, cell, len, &r))
    return NULL;
  if (!ys_rule_group(rd->md, r->groups[G_RATE], &gs, &ge)) {
    gs = 0;
    ge = len;
  }
  if (!ys_rate_parse(cell + gs, ge - gs, &scaled, &decimals))
    return NULL;
  return ys_reader_add_rate(rd, line, cell, len, scaled, decimals);
}

/* The row a figure cell is read into: the last data row (rd->row_*), set by data_row. */
static int row_level(const YsReader *rd) {
  return rd->row_level > 0 && rd->row_level < YS_MAX_LEVELS ? rd->row_level : 1;
}

/* Figure cell [S, E) of column K (index COL) of LINE as a record of the last data row, or NULL
 * if it holds no figure. A rate column's cell is a RATE; any other an amount found by the amount
 * rule or, failing that, a bare number in the column's or the table's unit (a 千円 table's
 * `6,500`). Year, kind, role and (difference, rate) base are the column's, the item is the row's.
 * An amount is a part of the row one label level up in its column; a total row's amount is the
 * parent of the row parts in its column, any other amount without a parent is one of the table's
 * outermost rows (a part of the next total row); a breakdown right after it is its children. The
 * record goes into the row's cell COL (rd->row_ids), which the caller has sized. */
static YsRecord *add_cell(YsReader *rd, const YsNormLine *line, const Column *k, int col, gsize s,
                          gsize e) {
  const char *t = line->text;
  int level = row_level(rd);
  YsRecord *rec;
  gsize end = e;
  if (k->role == COL_RATE) {
    rec = add_rate_cell(rd, line, t + s, e - s);
    if (!rec)
      return NULL;
  } else {
    Amount a;
    gsize as, ae, gs, ge;
    const Rule *r;
    const Unit *bare = k->unit ? k->unit : rd->table_unit;
    if (ys_reader_find_counted_amount(rd, t + s, e - s, &as, &ae, &a)) {
      end = s + ae;
    } else if (bare && ys_reader_match(rd, RK_BARE_NUMBER, t + s, e - s, &r)) {
      if (!ys_rule_group(rd->md, r->groups[G_AMOUNT], &gs, &ge)) {
        gs = 0;
        ge = e - s;
      }
      if (!ys_amount_parse(rd->rules, t + s + gs, ge - gs, bare, &a, NULL))
        return NULL;
      end = s + ge;
    } else {
      return NULL;
    }
    rec = ys_reader_add(rd, line, &a, t + s, e - s);
    rec->role = k->role == COL_DIFFERENCE ? YS_ROLE_DIFFERENCE : YS_ROLE_AMOUNT;
  }
  guint id = rec->id;
  rec->fiscal_year = k->year;
  rec->kind = k->kind;
  if (rec->role != YS_ROLE_AMOUNT) {
    rec->base_year = k->base_year;
    rec->base_kind = k->base_kind;
  }
  rec->item = ys_record_set_keep_str(rd->set, rd->row_label ? rd->row_label : "");
  if (rec->role == YS_ROLE_AMOUNT && level > 1 && (guint)col < rd->row_ids[level - 1]->len) {
    rec->parent_id = g_array_index(rd->row_ids[level - 1], guint, col);
    mark_parts_complete(rd, rec->parent_id);
  }
  if (rec->role == YS_ROLE_AMOUNT && rd->row_total) {
    gboolean labelled = has_label_column(rd);
    for (guint j = 0; rd->row_parts && j < rd->row_parts->len; j++) {
      const TopCell *tc = &g_array_index(rd->row_parts, TopCell, j);
      YsRecord *part = (YsRecord *)ys_record_set_get(rd->set, tc->id);
      if (tc->col == col && part && !part->parent_id && part->id != id) {
        part->parent_id = id;
        if (labelled)
          mark_parts_complete(rd, id);
      }
    }
  } else if (rec->role == YS_ROLE_AMOUNT && !rec->parent_id) {
    TopCell tc = {col, id};
    g_array_append_val(rd->table_tops, tc);
  }
  g_array_index(rd->row_ids[level], guint, col) = id;
  if (!rd->row_first_id)
    rd->row_first_id = id;
  if (rec->role == YS_ROLE_AMOUNT)
    ys_reader_breakdown(rd, line, id, t, e, end);
  rd->row_last_id = rd->set->records->len;
  return rec;
}

/* Whether a line of figures without a label of its own goes on with the last data row. */
static gboolean row_goes_on(const YsReader *rd) {
  return rd->row_last_id && rd->row_label && !rd->row_pending;
}

static void data_row(YsReader *rd, const YsNormLine *line, GArray *cells) {
  const char *t = line->text;
  GString *label = g_string_new(NULL);
  int level = 1;
  gboolean figures = FALSE;
  /* the label: cells outside figure columns */
  for (guint i = 0; i < cells->len; i++) {
    Cell *c = &g_array_index(cells, Cell, i);
    gsize s = c->s, e = c->e;
    trim(t, &s, &e);
    if (s == e)
      continue;
    int col = column_of(rd, c->x0, c->x1);
    const Column *k = col >= 0 ? &g_array_index(rd->columns, Column, col) : NULL;
    if (!k || k->role == COL_LABEL || k->role == COL_PART_LABEL) {
      if (k && k->role == COL_LABEL)
        level = k->level;
      if (label->len)
        g_string_append_c(label, ' ');
      g_string_append_len(label, t + s, e - s);
    } else if (k->role != COL_NONE && k->role != COL_PART &&
               !ys_reader_match(rd, RK_NO_FIGURE, t + s, e - s, NULL)) {
      figures = TRUE;
    }
  }
  if (!figures) {
    if (label->len)
      label_only(rd, label->str);
    g_string_free(label, TRUE);
    return;
  }
  /* a line of figures without a label of its own (or with a row-tail label) goes on with the
   * row above: `+6億円 +0.5%` set between the two lines of its row, `(AMED)対象経費 (こ7,…)` */
  if (row_goes_on(rd) &&
      (!label->len || ys_reader_match(rd, RK_ROW_TAIL, label->str, label->len, NULL))) {
    continue_row(rd, line, cells, label->str);
    g_string_free(label, TRUE);
    return;
  }
  g_autofree char *joined = g_strconcat(rd->row_pending ? rd->row_pending : "", label->str, NULL);
  g_string_free(label, TRUE);
  g_clear_pointer(&rd->row_pending, g_free);
  char *item = ys_reader_clean_item(rd, joined, strlen(joined));
  if (!*item && rd->current_item) {
    g_free(item);
    item = g_strdup(rd->current_item);
  }
  /* the new row: its item, level and cells; a total row (合計, 歳出合計) takes the table's
   * outermost rows above it as its parts */
  g_free(rd->row_label);
  rd->row_label = item;
  rd->row_level = level < YS_MAX_LEVELS ? level : YS_MAX_LEVELS - 1;
  level = row_level(rd); /* the level add_cell files the row's cells under */
  rd->row_total = *joined && ys_reader_match(rd, RK_TOTAL_ROW, joined, strlen(joined), NULL);
  if (!rd->row_parts)
    rd->row_parts = g_array_new(FALSE, FALSE, sizeof(TopCell));
  g_array_set_size(rd->row_parts, 0);
  if (rd->row_total) {
    g_array_append_vals(rd->row_parts, rd->table_tops->data, rd->table_tops->len);
    g_array_set_size(rd->table_tops, 0);
  }
  for (int l = level; l < YS_MAX_LEVELS; l++)
    g_array_set_size(rd->row_ids[l], 0);
  g_array_set_size(rd->row_ids[level], rd->columns->len);
  rd->row_first_id = 0;
  for (guint i = 0; i < cells->len; i++) {
    gsize s, e;
    int col;
    const Column *k = figure_cell(rd, t, &g_array_index(cells, Cell, i), &s, &e, &col);
    if (k)
      add_cell(rd, line, k, col, s, e);
  }
}

gboolean ys_table_feed(YsReader *rd, const YsNormLine *line) {
  const char *t = line->text;
  gsize len = line->len;
  const Rule *r;
  gsize us, ue;
  /* the reader's array, reused line after line; nothing below keeps it (block_buffer copies) */
  if (!rd->scratch_cells)
    rd->scratch_cells = g_array_new(FALSE, FALSE, sizeof(Cell));
  GArray *cells = rd->scratch_cells;
  split_cells(line, len, cells);
  if (ys_reader_match(rd, RK_UNIT_NOTE, t, len, &r) &&
      ys_rule_group(rd->md, r->groups[G_UNIT], &us, &ue)) {
    rd->table_unit = ys_rules_unit(rd->rules, t + us, ue - us);
    if (cells->len < 2)
      return TRUE;
  }
  if (cells->len >= 2) {
    if (header_line(rd, t, cells))
      return TRUE;
    rd->prev_header = FALSE;
    if (unit_row(rd, t, cells))
      return TRUE;
    if (rd->table_active && block_table(rd)) {
      block_buffer(rd, line, cells);
      return TRUE;
    }
    if (rd->table_active) {
      data_row(rd, line, cells);
      return TRUE;
    }
    return FALSE;
  }
  if (cells->len == 1 && header_line(rd, t, cells))
    return TRUE;
  rd->prev_header = FALSE;
  if (!rd->table_active)
    return FALSE;
  /* one cell: in a 款/項/目 table a cell within one column's region (a name's second line, a
   * vertical 款 name, an explanation) */
  if (block_table(rd) && cells->len == 1) {
    const Cell *c = &g_array_index(cells, Cell, 0);
    int col = region_of(rd, c->x0, c->x1);
    /* a vertical `1` in the 款 column is no page number */
    if (col >= 0 && region_of(rd, c->x0, c->x0) == col && region_of(rd, c->x1, c->x1) == col &&
        (g_array_index(rd->columns, Column, col).role == COL_LABEL ||
         !ys_reader_match(rd, RK_SECTION_END, t, len, NULL))) {
      block_buffer(rd, line, cells);
      return TRUE;
    }
  }
  if (!block_table(rd) && lone_figure(rd, line, cells, len))
    return TRUE;
  /* one cell: a row label alone, or the end of the table */
  gsize s = 0, e = len, as, ae;
  trim(t, &s, &e);
  Amount a;
  g_autofree char *label = g_strndup(t + s, e - s);
  if (s < e && !ys_reader_find_amount(rd, t + s, e - s, 0, &as, &ae, &a) &&
      ys_reader_item_ok(rd, label) && !ys_reader_match(rd, RK_SECTION_END, t, len, NULL)) {
    label_only(rd, label);
    return TRUE;
  }
  ys_table_end(rd);
  return FALSE;
}

/* A line that goes on with the last data row: its figures join that row (a cell already filled
 * in the row is not replaced) as data_row reads them, a breakdown alone in a figure column is
 * the breakdown of the row's figure above it, and a row-tail label finishes the row's name. */
static void continue_row(YsReader *rd, const YsNormLine *line, GArray *cells, const char *tail) {
  const char *t = line->text;
  GArray *ids = rd->row_ids[row_level(rd)];
  if (ids->len < rd->columns->len)
    g_array_set_size(ids, rd->columns->len);
  for (guint i = 0; i < cells->len; i++) {
    gsize s, e;
    int col;
    const Column *k = figure_cell(rd, t, &g_array_index(cells, Cell, i), &s, &e, &col);
    if (k == NULL)
      continue;
    guint above = g_array_index(ids, guint, col);
    if (above && k->role == COL_AMOUNT)
      ys_reader_breakdown(rd, line, above, t, e, s);
    else if (!above)
      add_cell(rd, line, k, col, s, e);
  }
  rd->row_last_id = rd->set->records->len;
  if (tail && *tail) {
    g_autofree char *joined = g_strconcat(rd->row_label, tail, NULL);
    g_autofree char *clean = ys_reader_clean_item(rd, joined, strlen(joined));
    g_free(rd->row_label);
    rd->row_label = g_strdup(clean);
  }
  rename_row(rd, rd->row_label);
}

/* A line of one cell that is a figure alone in a figure column whose cell in the last data row
 * is empty (a 比較 printed vertically centred between the two lines of its row): it goes on with
 * that row. FALSE (nothing read) for anything else, a page number included. */
static gboolean lone_figure(YsReader *rd, const YsNormLine *line, GArray *cells, gsize len) {
  gsize s, e;
  int col;
  if (cells->len != 1 || !row_goes_on(rd) ||
      ys_reader_match(rd, RK_SECTION_END, line->text, len, NULL))
    return FALSE;
  const Column *k = figure_cell(rd, line->text, &g_array_index(cells, Cell, 0), &s, &e, &col);
  GArray *ids = rd->row_ids[row_level(rd)];
  if (!k || ((guint)col < ids->len && g_array_index(ids, guint, col)))
    return FALSE;
  /* only a figure: no note or prose line that happens to lie over a figure column */
  gsize as, ae;
  Amount a;
  if (k->role != COL_RATE && !ys_reader_match(rd, RK_BARE_NUMBER, line->text + s, e - s, NULL) &&
      !(ys_reader_find_counted_amount(rd, line->text + s, e - s, &as, &ae, &a) && as == 0 &&
        ae == e - s))
    return FALSE;
  if (ids->len < rd->columns->len)
    g_array_set_size(ids, rd->columns->len);
  if (!add_cell(rd, line, k, col, s, e))
    return FALSE;
  rename_row(rd, rd->row_label);
  return TRUE;
}
