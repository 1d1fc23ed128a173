/* rules — 款/項/目 tables (予算書), read as a whole when they end (rules_ledger.h).
 *
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
#include <string.h>

#include "rules/rules_ledger.h"

#define YS_MAX_LEVELS 10 /* label levels a table nests */

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

struct YsLedger {
  YsEmit *em;
  GPtrArray *lines; /* BufLine*: the table's, until it ends */
  char *kan_name;   /* raw name (with its number) of the last 款 row of a finished table */
  char *kan_item;
  GArray *kan_cells; /* KanCell: its amounts */
};

static void buf_line_free(gpointer p) {
  BufLine *b = p;
  g_free(b->text);
  g_array_unref(b->cells);
  if (b->spans)
    g_array_unref(b->spans);
  g_free(b);
}

YsLedger *ys_ledger_new(YsEmit *em) {
  YsLedger *lg = g_new0(YsLedger, 1);
  lg->em = em;
  lg->lines = g_ptr_array_new_with_free_func(buf_line_free);
  lg->kan_cells = g_array_new(FALSE, FALSE, sizeof(KanCell));
  return lg;
}

void ys_ledger_free(YsLedger *lg) {
  if (!lg)
    return;
  g_ptr_array_unref(lg->lines);
  g_free(lg->kan_name);
  g_free(lg->kan_item);
  g_array_unref(lg->kan_cells);
  g_free(lg);
}

void ys_ledger_buffer(YsLedger *lg, const YsNormLine *line, const GArray *cells) {
  BufLine *b = g_new0(BufLine, 1);
  b->page = line->page;
  b->line = line->line;
  b->x0 = line->x0;
  b->y0 = line->y0;
  b->x1 = line->x1;
  b->y1 = line->y1;
  b->text = g_strdup(line->text);
  b->cells = g_array_copy((GArray *)cells);
  b->spans = line->cells ? g_array_copy(line->cells) : NULL;
  g_ptr_array_add(lg->lines, b);
}

typedef struct {
  int col;
  GString *raw;   /* fragments joined, number included */
  int first_line; /* index in the block */
  GArray *lines;  /* int: lines holding a fragment */
  int row;        /* the row it names, -1 none */
} Name;

typedef struct {
  int line; /* index in the block */
  int name; /* index in names, -1 none */
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

static double line_mid(const BufLine *b) {
  return (b->y0 + b->y1) / 2;
}

/* Cell I of buffered line B: its trimmed span [*S, *E) and the column whose region holds it;
 * -1 for an empty cell or one outside every region. */
static int cell_region(YsLedger *lg, const YsColumns *cols, const BufLine *b, guint i, gsize *s,
                       gsize *e) {
  const Cell *c = &g_array_index(b->cells, Cell, i);
  *s = c->s;
  *e = c->e;
  ys_cell_trim(b->text, s, e);
  int col = ys_columns_region(cols, c->x0, c->x1);
  return *s == *e ? -1 : col;
}

/* The item of a name: without its row number (`4デジタル推進費` → デジタル推進費), cleaned. */
static char *name_item(YsLedger *lg, const char *raw) {
  const Rule *r;
  gsize len = strlen(raw), skip = 0;
  if (ys_emit_match(lg->em, RK_ROW_NUMBER, raw, len, &r))
    skip = pcre2_get_ovector_pointer(lg->em->md)[1];
  if (skip >= len)
    skip = 0;
  return ys_emit_clean_item(lg->em, raw + skip, len - skip);
}

/* The figure of cell [S, E) of column K: a record, or NULL (no figure, not a number). */
static YsRecord *block_figure(YsLedger *lg, const YsColumns *cols, const BufLine *b,
                              const Column *k, gsize s, gsize e) {
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
  if (ys_emit_match(lg->em, RK_NO_FIGURE, t + s, e - s, NULL))
    return NULL;
  Amount a;
  gsize as, ae, gs, ge;
  const Rule *r;
  const Unit *bare = k->unit ? k->unit : cols->unit;
  if (!ys_emit_find_counted_amount(lg->em, t + s, e - s, &as, &ae, &a)) {
    if (!bare || !ys_emit_match(lg->em, RK_BARE_NUMBER, t + s, e - s, &r))
      return NULL;
    if (!ys_rule_group(lg->em->md, r->groups[G_AMOUNT], &gs, &ge)) {
      gs = 0;
      ge = e - s;
    }
    if (!ys_amount_parse(lg->em->rules, t + s + gs, ge - gs, bare, &a, NULL))
      return NULL;
  }
  YsRecord *rec = ys_emit_add(lg->em, &nl, &a, t + s, e - s);
  rec->role = k->role == COL_DIFFERENCE ? YS_ROLE_DIFFERENCE : YS_ROLE_AMOUNT;
  rec->fiscal_year = k->year;
  rec->kind = k->kind;
  if (rec->role == YS_ROLE_DIFFERENCE) {
    rec->base_year = k->base_year;
    rec->base_kind = k->base_kind;
  }
  return rec;
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

void ys_ledger_flush(YsLedger *lg, const YsColumns *cols) {
  YsLedger *bk = lg;
  if (!bk->lines->len)
    return;
  GPtrArray *lines = bk->lines;
  guint ncols = cols->columns->len;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(name_free);
  g_autofree int *current = g_new(int, ncols ? ncols : 1);
  for (guint c = 0; c < ncols; c++)
    current[c] = -1;
  int deepest_label = 0, top_label = YS_MAX_LEVELS;
  for (guint c = 0; c < ncols; c++) {
    const Column *k = &g_array_index(cols->columns, Column, c);
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
      int col = cell_region(lg, cols, b, i, &s, &e);
      if (col < 0)
        continue;
      const Column *k = &g_array_index(cols->columns, Column, col);
      if (ys_column_is_figure(k)) {
        figures[li] = TRUE;
        continue;
      }
      if (k->role != COL_LABEL && k->role != COL_PART_LABEL)
        continue;
      gboolean starts = ys_emit_match(lg->em, RK_ROW_NUMBER, b->text + s, e - s, NULL);
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
      const Column *k = &g_array_index(cols->columns, Column, n->col);
      if (k->role == COL_LABEL && n->row < 0 && name_on(n, (int)li) && k->level > w.level) {
        w.name = (int)j;
        w.level = k->level;
      }
    }
    if (w.name < 0) /* no name on the line: the last unused name above it */
      for (guint j = names->len; j-- > 0;) {
        Name *n = g_ptr_array_index(names, j);
        const Column *k = &g_array_index(cols->columns, Column, n->col);
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
    const Column *k = &g_array_index(cols->columns, Column, n->col);
    if (k->role == COL_LABEL && k->level == top_label && n->row < 0) {
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
    w->item = name_item(lg, n->raw->str);
    if (w->level > deepest)
      deepest = w->level;
  }
  /* parts: their lines, and the row each belongs to */
  g_autoptr(GArray) part_lines = g_array_new(FALSE, FALSE, sizeof(int));
  for (guint li = 0; li < lines->len; li++) {
    BufLine *b = g_ptr_array_index(lines, li);
    for (guint i = 0; i < b->cells->len; i++) {
      gsize s, e;
      int col = cell_region(lg, cols, b, i, &s, &e);
      if (col >= 0 && g_array_index(cols->columns, Column, col).role == COL_PART) {
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
      const Column *k = &g_array_index(cols->columns, Column, c);
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
      int col = cell_region(lg, cols, b, i, &s, &e);
      if (col < 0)
        continue;
      const Column *k = &g_array_index(cols->columns, Column, col);
      if (!ys_column_is_figure(k))
        continue;
      if (k->role == COL_AMOUNT && k->x0 < first_x) {
        first_x = k->x0;
        w->first_year = k->year;
        w->first_kind = k->kind;
        w->first_amount = 0;
      }
      YsRecord *rec = block_figure(lg, cols, b, k, s, e);
      if (!rec)
        continue;
      rec->item = ys_record_set_keep_str(lg->em->set, w->item);
      if (rec->role == YS_ROLE_AMOUNT) {
        if (level > 0) {
          rec->parent_id = up_ids[(level - 1) * ncols + col];
          ys_emit_mark_parts_complete(lg->em, rec->parent_id);
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
        const Column *k = &g_array_index(cols->columns, Column, c);
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
            g_array_index(cols->columns, Column, n->col).role == COL_PART_LABEL)
          group = n->raw->str;
      }
      for (guint i = 0; i < pb->cells->len; i++) {
        gsize s, e;
        int col = cell_region(lg, cols, pb, i, &s, &e);
        if (col < 0 || g_array_index(cols->columns, Column, col).role != COL_PART)
          continue;
        Column k = g_array_index(cols->columns, Column, col);
        k.role = COL_AMOUNT;
        k.year = w->first_year;
        k.kind = w->first_kind;
        YsRecord *rec = block_figure(lg, cols, pb, &k, s, e);
        if (!rec)
          continue;
        g_autofree char *g = group ? name_item(lg, group) : NULL;
        if (g && *g) {
          rec->group = ys_record_set_keep_str(lg->em->set, g);
          rec->item = ys_record_set_keep_joined(lg->em->set, w->item, g);
        } else {
          rec->item = ys_record_set_keep_str(lg->em->set, w->item);
        }
        rec->parent_id = w->first_amount;
        ys_emit_mark_parts_complete(lg->em, rec->parent_id);
      }
    }
  }
  for (guint r = 0; r < rows->len; r++)
    g_free(g_array_index(rows, Row, r).item);
  g_ptr_array_set_size(lines, 0);
}
