/* rules — tables for the reader: column headers, unit rows, data rows, row labels
 * (rules_table.h).
 *
 * The columns come from header lines (rules_columns.c). Every later line with two or more cells
 * is a data row: its label cells (outside any figure column) name the item, its figure cells
 * become records. In a table with a label column a row is a part of the last row one label level
 * up. A line of figures without a label of its own goes on with the row above (data_row and
 * continue_row make a cell's record with one helper, add_cell). A line with one cell ends the
 * table, unless it is a figure alone in a figure column the row above left empty (a vertically
 * centred 比較: it goes on with that row) or a row label alone (no figure): a row-tail rule says
 * when it finishes the row above, else it starts the next row's label. A 予算書 table (a label
 * column 款 | 項 | 目 | 節, or 款/項 headings) is the ledger's (rules_ledger.c): it takes those
 * pages whole and reads each when it ends.
 */
#include <string.h>

#include "rules/rules_table.h"

#define YS_MAX_LEVELS 10

/* A record of one of the table's outermost rows, in column COL: a part of the next total row. */
typedef struct {
  int col;
  guint id;
} TopCell;

struct YsTable {
  YsEmit *em;
  YsColumns cols;
  GArray *cells;                   /* Cell: the line being read, reused */
  YsLedger *ledger;                /* 予算書 tables (款 | 項 | 目 …) */
  gboolean no_ledger;              /* lines the ledger gave back: not for it again */
  char *row_pending;               /* row label seen before its figures */
  guint row_first_id, row_last_id; /* records of the last data row */
  char *row_label;
  int row_level;                  /* label level of the last data row */
  gboolean row_total;             /* … which is a total row (合計), */
  GArray *row_parts;              /* TopCell: … whose amounts are the totals of these */
  GArray *row_ids[YS_MAX_LEVELS]; /* guint per column: last row's records by label level */
  GArray *tops; /* TopCell: records of the table's outermost rows since its start or the last
                 * total row, the parts of the next total row */
};

YsTable *ys_table_new(YsEmit *em) {
  YsTable *tb = g_new0(YsTable, 1);
  tb->em = em;
  ys_columns_init(&tb->cols);
  tb->cells = g_array_new(FALSE, FALSE, sizeof(Cell));
  tb->ledger = ys_ledger_new(em);
  tb->row_parts = g_array_new(FALSE, FALSE, sizeof(TopCell));
  for (int i = 0; i < YS_MAX_LEVELS; i++)
    tb->row_ids[i] = g_array_new(FALSE, TRUE, sizeof(guint));
  tb->tops = g_array_new(FALSE, FALSE, sizeof(TopCell));
  return tb;
}

void ys_table_free(YsTable *tb) {
  if (!tb)
    return;
  ys_columns_clear(&tb->cols);
  g_array_unref(tb->cells);
  ys_ledger_free(tb->ledger);
  g_free(tb->row_pending);
  g_free(tb->row_label);
  g_array_unref(tb->row_parts);
  for (int i = 0; i < YS_MAX_LEVELS; i++)
    g_array_unref(tb->row_ids[i]);
  g_array_unref(tb->tops);
  g_free(tb);
}

void ys_table_page_end(YsTable *tb, gboolean final, GPtrArray *give_back) {
  ys_ledger_page_end(tb->ledger, final, give_back);
  ys_table_end(tb);
}

void ys_table_give_back(YsTable *tb, gboolean on) {
  tb->no_ledger = on;
}

void ys_table_given_free(gpointer p) {
  YsNormLine *l = p;
  g_free(l->text);
  if (l->cells)
    g_array_unref(l->cells);
  g_free(l);
}

/* A header line: a new table when the line before was none (the one being read ends first). */
static gboolean header_line(YsTable *tb, const char *t, GArray *cells) {
  if (!ys_columns_is_header(&tb->cols, tb->em, t, cells))
    return FALSE;
  if (!tb->cols.prev_header) {
    const Unit *keep = tb->cols.unit;
    ys_table_end(tb);
    tb->cols.unit = keep;
  }
  ys_columns_read_header(&tb->cols, tb->em, t, cells);
  return TRUE;
}

void ys_table_end(YsTable *tb) {
  ys_columns_reset(&tb->cols, FALSE);
  g_clear_pointer(&tb->row_pending, g_free);
  g_clear_pointer(&tb->row_label, g_free);
  tb->row_first_id = tb->row_last_id = 0;
  tb->row_total = FALSE;
  if (tb->row_parts)
    g_array_set_size(tb->row_parts, 0);
  for (int i = 0; i < YS_MAX_LEVELS; i++)
    g_array_set_size(tb->row_ids[i], 0);
  g_array_set_size(tb->tops, 0);
}

static void rename_row(YsTable *tb, const char *label) {
  for (guint id = tb->row_first_id; id && id <= tb->row_last_id; id++) {
    YsRecord *r = (YsRecord *)ys_record_set_get(tb->em->set, id);
    if (!r)
      continue;
    if (r->parent_id >= tb->row_first_id && r->group)
      r->item = ys_record_set_keep_joined(tb->em->set, label, r->group);
    else
      r->item = ys_record_set_keep_str(tb->em->set, label);
  }
}

/* A row label without figures: the end of the row above, or the start of the next. */
static void label_only(YsTable *tb, const char *label) {
  if (tb->row_label && tb->row_last_id &&
      ys_emit_match(tb->em, RK_ROW_TAIL, label, strlen(label), NULL)) {
    g_autofree char *joined = g_strconcat(tb->row_label, label, NULL);
    g_autofree char *clean = ys_emit_clean_item(tb->em, joined, strlen(joined));
    rename_row(tb, clean);
    g_free(tb->row_label);
    tb->row_label = g_strdup(clean);
    return;
  }
  char *p = g_strconcat(tb->row_pending ? tb->row_pending : "", label, NULL);
  g_free(tb->row_pending);
  tb->row_pending = p;
}

static void continue_row(YsTable *tb, const YsNormLine *line, GArray *cells, const char *tail);
static gboolean lone_figure(YsTable *tb, const YsNormLine *line, GArray *cells, gsize len);

/* The figure column (amount, difference, rate) that cell C of line text T falls in, with the
 * cell's trimmed span [*S, *E) and column index *COL; NULL for an empty cell, a label or part
 * column, or a cell that prints no figure (－). */
static const Column *figure_cell(YsTable *tb, const char *t, const Cell *c, gsize *s, gsize *e,
                                 int *col) {
  *s = c->s;
  *e = c->e;
  ys_cell_trim(t, s, e);
  *col = ys_columns_at(&tb->cols, c->x0, c->x1);
  if (*s == *e || *col < 0)
    return NULL;
  const Column *k = &g_array_index(tb->cols.columns, Column, *col);
  if (k->role == COL_NONE || k->role == COL_SERIAL || k->role == COL_LABEL || k->role == COL_PART ||
      k->role == COL_PART_LABEL || ys_emit_match(tb->em, RK_NO_FIGURE, t + *s, *e - *s, NULL))
    return NULL;
  return k;
}

/* A rate cell (`+3.5%`) of a 増▲減率 column as a RATE record; NULL if the cell holds none. */
static YsRecord *add_rate_cell(YsTable *tb, const YsNormLine *line, const char *cell, gsize len) {
  const Rule *r;
  gsize gs, ge;
  gint64 scaled;
  int decimals;
  if (!ys_emit_match(tb->em, RK_RATE, cell, len, &r))
    return NULL;
  if (!ys_rule_group(tb->em->md, r->groups[G_RATE], &gs, &ge)) {
    gs = 0;
    ge = len;
  }
  if (!ys_rate_parse(cell + gs, ge - gs, &scaled, &decimals))
    return NULL;
  return ys_emit_add_rate(tb->em, line, cell, len, scaled, decimals);
}

/* The row a figure cell is read into: the last data row (tb->row_*), set by data_row. */
static int row_level(const YsTable *tb) {
  return tb->row_level > 0 && tb->row_level < YS_MAX_LEVELS ? tb->row_level : 1;
}

/* Figure cell [S, E) of column K (index COL) of LINE as a record of the last data row, or NULL
 * if it holds no figure. A rate column's cell is a RATE; any other an amount found by the amount
 * rule or, failing that, a bare number in the column's or the table's unit (a 千円 table's
 * `6,500`). Year, kind, role and (difference, rate) base are the column's, the item is the row's.
 * An amount is a part of the row one label level up in its column; a total row's amount is the
 * parent of the row parts in its column, any other amount without a parent is one of the table's
 * outermost rows (a part of the next total row); a breakdown right after it is its children. The
 * record goes into the row's cell COL (tb->row_ids), which the caller has sized. */
static YsRecord *add_cell(YsTable *tb, const YsNormLine *line, const Column *k, int col, gsize s,
                          gsize e) {
  const char *t = line->text;
  int level = row_level(tb);
  YsRecord *rec;
  gsize end = e;
  if (k->role == COL_RATE) {
    rec = add_rate_cell(tb, line, t + s, e - s);
    if (!rec)
      return NULL;
  } else {
    Amount a;
    gsize as, ae, gs, ge;
    const Rule *r;
    const Unit *bare = k->unit ? k->unit : tb->cols.unit;
    if (ys_emit_find_counted_amount(tb->em, t + s, e - s, &as, &ae, &a)) {
      end = s + ae;
    } else if (bare && ys_emit_match(tb->em, RK_BARE_NUMBER, t + s, e - s, &r)) {
      if (!ys_rule_group(tb->em->md, r->groups[G_AMOUNT], &gs, &ge)) {
        gs = 0;
        ge = e - s;
      }
      if (!ys_amount_parse(tb->em->rules, t + s + gs, ge - gs, bare, &a, NULL))
        return NULL;
      end = s + ge;
    } else {
      return NULL;
    }
    rec = ys_emit_add(tb->em, line, &a, t + s, e - s);
    rec->role = k->role == COL_DIFFERENCE ? YS_ROLE_DIFFERENCE : YS_ROLE_AMOUNT;
  }
  guint id = rec->id;
  rec->fiscal_year = k->year;
  rec->kind = k->kind;
  if (rec->role != YS_ROLE_AMOUNT) {
    rec->base_year = k->base_year;
    rec->base_kind = k->base_kind;
  }
  rec->item = ys_record_set_keep_str(tb->em->set, tb->row_label ? tb->row_label : "");
  if (rec->role == YS_ROLE_AMOUNT && level > 1 && (guint)col < tb->row_ids[level - 1]->len) {
    rec->parent_id = g_array_index(tb->row_ids[level - 1], guint, col);
    ys_emit_mark_parts_complete(tb->em, rec->parent_id);
  }
  if (rec->role == YS_ROLE_AMOUNT && tb->row_total) {
    gboolean labelled = (ys_columns_labels(&tb->cols) > 0);
    for (guint j = 0; tb->row_parts && j < tb->row_parts->len; j++) {
      const TopCell *tc = &g_array_index(tb->row_parts, TopCell, j);
      YsRecord *part = (YsRecord *)ys_record_set_get(tb->em->set, tc->id);
      if (tc->col == col && part && !part->parent_id && part->id != id) {
        part->parent_id = id;
        if (labelled)
          ys_emit_mark_parts_complete(tb->em, id);
      }
    }
  } else if (rec->role == YS_ROLE_AMOUNT && !rec->parent_id) {
    TopCell tc = {col, id};
    g_array_append_val(tb->tops, tc);
  }
  g_array_index(tb->row_ids[level], guint, col) = id;
  if (!tb->row_first_id)
    tb->row_first_id = id;
  if (rec->role == YS_ROLE_AMOUNT)
    ys_emit_breakdown(tb->em, line, id, t, e, end);
  tb->row_last_id = tb->em->set->records->len;
  return rec;
}

/* Whether a line of figures without a label of its own goes on with the last data row. */
static gboolean row_goes_on(const YsTable *tb) {
  return tb->row_last_id && tb->row_label && !tb->row_pending;
}

static void data_row(YsTable *tb, const YsNormLine *line, GArray *cells, const char *current_item) {
  const char *t = line->text;
  GString *label = g_string_new(NULL);
  int level = 1;
  gboolean figures = FALSE;
  /* the label: cells outside figure columns */
  for (guint i = 0; i < cells->len; i++) {
    Cell *c = &g_array_index(cells, Cell, i);
    gsize s = c->s, e = c->e;
    ys_cell_trim(t, &s, &e);
    if (s == e)
      continue;
    int col = ys_columns_at(&tb->cols, c->x0, c->x1);
    const Column *k = col >= 0 ? &g_array_index(tb->cols.columns, Column, col) : NULL;
    if (!k || k->role == COL_LABEL || k->role == COL_PART_LABEL) {
      if (k && k->role == COL_LABEL)
        level = k->level;
      if (label->len)
        g_string_append_c(label, ' ');
      g_string_append_len(label, t + s, e - s);
    } else if (k->role != COL_NONE && k->role != COL_SERIAL && k->role != COL_PART &&
               !ys_emit_match(tb->em, RK_NO_FIGURE, t + s, e - s, NULL)) {
      figures = TRUE;
    }
  }
  if (!figures) {
    if (label->len)
      label_only(tb, label->str);
    g_string_free(label, TRUE);
    return;
  }
  /* a line of figures without a label of its own (or with a row-tail label) goes on with the
   * row above: `+6億円 +0.5%` set between the two lines of its row, `(AMED)対象経費 (こ7,…)` */
  if (row_goes_on(tb) &&
      (!label->len || ys_emit_match(tb->em, RK_ROW_TAIL, label->str, label->len, NULL))) {
    continue_row(tb, line, cells, label->str);
    g_string_free(label, TRUE);
    return;
  }
  g_autofree char *joined = g_strconcat(tb->row_pending ? tb->row_pending : "", label->str, NULL);
  g_string_free(label, TRUE);
  g_clear_pointer(&tb->row_pending, g_free);
  char *item = ys_emit_clean_item(tb->em, joined, strlen(joined));
  if (!*item && current_item) {
    g_free(item);
    item = g_strdup(current_item);
  }
  /* the new row: its item, level and cells; a total row (合計, 歳出合計) takes the table's
   * outermost rows above it as its parts */
  g_free(tb->row_label);
  tb->row_label = item;
  tb->row_level = level < YS_MAX_LEVELS ? level : YS_MAX_LEVELS - 1;
  level = row_level(tb); /* the level add_cell files the row's cells under */
  tb->row_total = *joined && ys_emit_match(tb->em, RK_TOTAL_ROW, joined, strlen(joined), NULL);
  if (!tb->row_parts)
    tb->row_parts = g_array_new(FALSE, FALSE, sizeof(TopCell));
  g_array_set_size(tb->row_parts, 0);
  if (tb->row_total) {
    g_array_append_vals(tb->row_parts, tb->tops->data, tb->tops->len);
    g_array_set_size(tb->tops, 0);
  }
  for (int l = level; l < YS_MAX_LEVELS; l++)
    g_array_set_size(tb->row_ids[l], 0);
  g_array_set_size(tb->row_ids[level], tb->cols.columns->len);
  tb->row_first_id = 0;
  for (guint i = 0; i < cells->len; i++) {
    gsize s, e;
    int col;
    const Column *k = figure_cell(tb, t, &g_array_index(cells, Cell, i), &s, &e, &col);
    if (k)
      add_cell(tb, line, k, col, s, e);
  }
}

gboolean ys_table_feed(YsTable *tb, const YsNormLine *line, const char *current_item) {
  const char *t = line->text;
  gsize len = line->len;
  const Rule *r;
  gsize us, ue;
  /* the table's array, reused line after line; nothing below keeps it (the ledger copies) */
  GArray *cells = tb->cells;
  ys_cells_split(line, cells);
  if (!tb->no_ledger && ys_ledger_wants(tb->ledger, line, cells)) {
    if (!ys_ledger_taking(tb->ledger))
      ys_table_end(tb); /* a summary table above it ends */
    ys_ledger_take(tb->ledger, line, cells);
    return TRUE;
  }
  if (ys_emit_match(tb->em, RK_UNIT_NOTE, t, len, &r) &&
      ys_rule_group(tb->em->md, r->groups[G_UNIT], &us, &ue)) {
    tb->cols.unit = ys_rules_unit(tb->em->rules, t + us, ue - us);
    if (cells->len < 2)
      return TRUE;
  }
  if (cells->len >= 2) {
    if (header_line(tb, t, cells))
      return TRUE;
    tb->cols.prev_header = FALSE;
    if (ys_columns_unit_row(&tb->cols, tb->em, t, cells))
      return TRUE;
    if (tb->cols.active) {
      data_row(tb, line, cells, current_item);
      return TRUE;
    }
    return FALSE;
  }
  if (cells->len == 1 && header_line(tb, t, cells))
    return TRUE;
  tb->cols.prev_header = FALSE;
  if (!tb->cols.active)
    return FALSE;
  if (lone_figure(tb, line, cells, len))
    return TRUE;
  /* one cell: a row label alone, or the end of the table */
  gsize s = 0, e = len, as, ae;
  ys_cell_trim(t, &s, &e);
  Amount a;
  g_autofree char *label = g_strndup(t + s, e - s);
  if (s < e && !ys_emit_find_amount(tb->em, t + s, e - s, 0, &as, &ae, &a) &&
      ys_emit_item_ok(tb->em, label) && !ys_emit_match(tb->em, RK_SECTION_END, t, len, NULL)) {
    label_only(tb, label);
    return TRUE;
  }
  ys_table_end(tb);
  return FALSE;
}

/* A line that goes on with the last data row: its figures join that row (a cell already filled
 * in the row is not replaced) as data_row reads them, a breakdown alone in a figure column is
 * the breakdown of the row's figure above it, and a row-tail label finishes the row's name. */
static void continue_row(YsTable *tb, const YsNormLine *line, GArray *cells, const char *tail) {
  const char *t = line->text;
  GArray *ids = tb->row_ids[row_level(tb)];
  if (ids->len < tb->cols.columns->len)
    g_array_set_size(ids, tb->cols.columns->len);
  for (guint i = 0; i < cells->len; i++) {
    gsize s, e;
    int col;
    const Column *k = figure_cell(tb, t, &g_array_index(cells, Cell, i), &s, &e, &col);
    if (k == NULL)
      continue;
    guint above = g_array_index(ids, guint, col);
    if (above && k->role == COL_AMOUNT)
      ys_emit_breakdown(tb->em, line, above, t, e, s);
    else if (!above)
      add_cell(tb, line, k, col, s, e);
  }
  tb->row_last_id = tb->em->set->records->len;
  if (tail && *tail) {
    g_autofree char *joined = g_strconcat(tb->row_label, tail, NULL);
    g_autofree char *clean = ys_emit_clean_item(tb->em, joined, strlen(joined));
    g_free(tb->row_label);
    tb->row_label = g_strdup(clean);
  }
  rename_row(tb, tb->row_label);
}

/* A line of one cell that is a figure alone in a figure column whose cell in the last data row
 * is empty (a 比較 printed vertically centred between the two lines of its row): it goes on with
 * that row. FALSE (nothing read) for anything else, a page number included. */
static gboolean lone_figure(YsTable *tb, const YsNormLine *line, GArray *cells, gsize len) {
  gsize s, e;
  int col;
  if (cells->len != 1 || !row_goes_on(tb) ||
      ys_emit_match(tb->em, RK_SECTION_END, line->text, len, NULL))
    return FALSE;
  const Column *k = figure_cell(tb, line->text, &g_array_index(cells, Cell, 0), &s, &e, &col);
  GArray *ids = tb->row_ids[row_level(tb)];
  if (!k || ((guint)col < ids->len && g_array_index(ids, guint, col)))
    return FALSE;
  /* only a figure: no note or prose line that happens to lie over a figure column */
  gsize as, ae;
  Amount a;
  if (k->role != COL_RATE && !ys_emit_match(tb->em, RK_BARE_NUMBER, line->text + s, e - s, NULL) &&
      !(ys_emit_find_counted_amount(tb->em, line->text + s, e - s, &as, &ae, &a) && as == 0 &&
        ae == e - s))
    return FALSE;
  if (ids->len < tb->cols.columns->len)
    g_array_set_size(ids, tb->cols.columns->len);
  if (!add_cell(tb, line, k, col, s, e))
    return FALSE;
  rename_row(tb, tb->row_label);
  return TRUE;
}
