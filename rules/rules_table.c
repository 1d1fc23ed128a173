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
 * last row one label level up. A line with one cell ends the table, unless it is a row label
 * alone (no figure): a row-tail rule says when it finishes the row above, else it starts the
 * next row's label.
 */
#include <string.h>

#include "rules/rules_private.h"

typedef struct {
  gsize s, e;       /* byte span in the line text */
  double x0, x1;
} Cell;

static GArray *split_cells(const YsNormLine *line) {
  GArray *cells = g_array_new(FALSE, FALSE, sizeof(Cell));
  const char *t = line->text;
  gsize start = 0, len = strlen(t);
  guint i = 0;
  for (gsize p = 0; p <= len; p++) {
    if (p == len || t[p] == '\t') {
      Cell c = {start, p, i, i + 1};
      if (line->cells && i < line->cells->len) {
        const YsCellSpan *sp = &g_array_index(line->cells, YsCellSpan, i);
        c.x0 = sp->x0;
        c.x1 = sp->x1;
      }
      g_array_append_val(cells, c);
      start = p + 1;
      i++;
    }
  }
  return cells;
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

void ys_table_end(YsReader *rd) {
  g_array_set_size(rd->columns, 0);
  rd->table_active = FALSE;
  rd->prev_header = FALSE;
  rd->table_unit = NULL;
  g_clear_pointer(&rd->row_pending, g_free);
  g_clear_pointer(&rd->row_label, g_free);
  rd->row_first_id = rd->row_last_id = 0;
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
    if (header_cell(rd, t, c, s, e, &text))
      matched++;
  }
  if (!matched)
    return FALSE;
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
    g_free(r->item);
    if (r->parent_id >= rd->row_first_id && r->group) {
      r->item = g_strdup_printf("%s/%s", label, r->group);
    } else {
      r->item = g_strdup(label);
    }
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
    if (!k || k->role == COL_LABEL) {
      if (k)
        level = k->level;
      if (label->len)
        g_string_append_c(label, ' ');
      g_string_append_len(label, t + s, e - s);
    } else if (k->role != COL_NONE && !ys_reader_match(rd, RK_NO_FIGURE, t + s, e - s, NULL)) {
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
  if (rd->row_last_id && rd->row_label && !rd->row_pending &&
      (!label->len || ys_reader_match(rd, RK_ROW_TAIL, label->str, label->len, NULL))) {
    continue_row(rd, line, cells, label->str);
    g_string_free(label, TRUE);
    return;
  }
  g_autofree char *joined = g_strconcat(rd->row_pending ? rd->row_pending : "", label->str, NULL);
  g_string_free(label, TRUE);
  g_clear_pointer(&rd->row_pending, g_free);
  g_autofree char *item = ys_reader_clean_item(rd, joined, strlen(joined));
  if (!*item && rd->current_item) {
    g_free(item);
    item = g_strdup(rd->current_item);
  }
  if (level >= YS_MAX_LEVELS)
    level = YS_MAX_LEVELS - 1;
  /* a total row (合計, 歳出合計): the sum of the table's outermost rows above it */
  gboolean total = *joined && ys_reader_match(rd, RK_TOTAL_ROW, joined, strlen(joined), NULL);
  g_autoptr(GArray) tops = g_array_copy(rd->table_tops);
  if (total)
    g_array_set_size(rd->table_tops, 0);
  guint ncols = rd->columns->len;
  for (int l = level; l < YS_MAX_LEVELS; l++)
    g_array_set_size(rd->row_ids[l], 0);
  g_array_set_size(rd->row_ids[level], ncols);
  rd->row_first_id = 0;
  for (guint i = 0; i < cells->len; i++) {
    Cell *c = &g_array_index(cells, Cell, i);
    gsize s = c->s, e = c->e;
    trim(t, &s, &e);
    int col = column_of(rd, c->x0, c->x1);
    if (s == e || col < 0)
      continue;
    const Column *k = &g_array_index(rd->columns, Column, col);
    if (k->role == COL_NONE || k->role == COL_LABEL ||
        ys_reader_match(rd, RK_NO_FIGURE, t + s, e - s, NULL))
      continue;
    YsRecord *rec = NULL;
    gsize end = e;
    const Rule *r;
    gsize gs, ge;
    if (k->role == COL_RATE) {
      gint64 scaled;
      int decimals;
      if (!ys_reader_match(rd, RK_RATE, t + s, e - s, &r))
        continue;
      if (!ys_rule_group(rd->md, r->groups[G_RATE], &gs, &ge)) {
        gs = 0;
        ge = e - s;
      }
      if (!ys_rate_parse(t + s + gs, ge - gs, &scaled, &decimals))
        continue;
      rec = ys_reader_add(rd, line, NULL, t + s, e - s);
      rec->role = YS_ROLE_RATE;
      rec->unit = g_strdup("%");
      rec->currency = g_strdup("");
      rec->rate_scaled = scaled;
      rec->rate_decimals = decimals;
    } else {
      Amount a;
      gsize as, ae;
      const Unit *bare = k->unit ? k->unit : rd->table_unit;
      if (ys_reader_find_counted_amount(rd, t + s, e - s, &as, &ae, &a)) {
        end = s + ae;
      } else if (bare && ys_reader_match(rd, RK_BARE_NUMBER, t + s, e - s, &r)) {
        if (!ys_rule_group(rd->md, r->groups[G_AMOUNT], &gs, &ge)) {
          gs = 0;
          ge = e - s;
        }
        if (!ys_amount_parse(rd->rules, t + s + gs, ge - gs, bare, &a, NULL))
          continue;
        end = s + ge;
      } else {
        continue;
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
    g_free(rec->item);
    rec->item = g_strdup(item);
    if (rec->role == YS_ROLE_AMOUNT && level > 1 &&
        (guint)col < rd->row_ids[level - 1]->len)
      rec->parent_id = g_array_index(rd->row_ids[level - 1], guint, col);
    if (rec->role == YS_ROLE_AMOUNT && total) {
      for (guint j = 0; j < tops->len; j++) {
        const TopCell *tc = &g_array_index(tops, TopCell, j);
        YsRecord *part = (YsRecord *)ys_record_set_get(rd->set, tc->id);
        if (tc->col == col && part && !part->parent_id && part->id != id)
          part->parent_id = id;
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
  }
  g_free(rd->row_label);
  rd->row_label = g_strdup(item);
  rd->row_level = level;
}

gboolean ys_table_feed(YsReader *rd, const YsNormLine *line, GError **error) {
  const char *t = line->text;
  gsize len = strlen(t);
  const Rule *r;
  gsize us, ue;
  g_autoptr(GArray) cells = split_cells(line);
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
 * in the row is not replaced), a breakdown alone in a figure column is the breakdown of the
 * row's figure above it, and a row-tail label finishes the row's name. */
static void continue_row(YsReader *rd, const YsNormLine *line, GArray *cells, const char *tail) {
  const char *t = line->text;
  int level = rd->row_level > 0 && rd->row_level < YS_MAX_LEVELS ? rd->row_level : 1;
  GArray *ids = rd->row_ids[level];
  if (ids->len < rd->columns->len)
    g_array_set_size(ids, rd->columns->len);
  for (guint i = 0; i < cells->len; i++) {
    Cell *c = &g_array_index(cells, Cell, i);
    gsize s = c->s, e = c->e;
    trim(t, &s, &e);
    int col = column_of(rd, c->x0, c->x1);
    if (s == e || col < 0)
      continue;
    const Column *k = &g_array_index(rd->columns, Column, col);
    if (k->role == COL_NONE || k->role == COL_LABEL ||
        ys_reader_match(rd, RK_NO_FIGURE, t + s, e - s, NULL))
      continue;
    guint above = g_array_index(ids, guint, col);
    if (above && k->role == COL_AMOUNT) {
      ys_reader_breakdown(rd, line, above, t, e, s);
      continue;
    }
    if (above)
      continue;
    YsRecord *rec = NULL;
    if (k->role == COL_RATE) {
      const Rule *r;
      gsize gs, ge;
      gint64 scaled;
      int decimals;
      if (!ys_reader_match(rd, RK_RATE, t + s, e - s, &r))
        continue;
      if (!ys_rule_group(rd->md, r->groups[G_RATE], &gs, &ge)) {
        gs = 0;
        ge = e - s;
      }
      if (!ys_rate_parse(t + s + gs, ge - gs, &scaled, &decimals))
        continue;
      rec = ys_reader_add(rd, line, NULL, t + s, e - s);
      rec->role = YS_ROLE_RATE;
      rec->unit = g_strdup("%");
      rec->currency = g_strdup("");
      rec->rate_scaled = scaled;
      rec->rate_decimals = decimals;
    } else {
      Amount a;
      gsize as, ae;
      if (!ys_reader_find_counted_amount(rd, t + s, e - s, &as, &ae, &a))
        continue;
      rec = ys_reader_add(rd, line, &a, t + s, e - s);
      rec->role = k->role == COL_DIFFERENCE ? YS_ROLE_DIFFERENCE : YS_ROLE_AMOUNT;
    }
    rec->fiscal_year = k->year;
    rec->kind = k->kind;
    if (rec->role != YS_ROLE_AMOUNT) {
      rec->base_year = k->base_year;
      rec->base_kind = k->base_kind;
    }
    g_free(rec->item);
    rec->item = g_strdup(rd->row_label);
    g_array_index(ids, guint, col) = rec->id;
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
