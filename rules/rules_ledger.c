/* rules — the ledger takes the pages of a 予算書 table and reads each when it ends
 * (rules_ledger.h).
 *
 * A page is taken from its first 款/項 heading, side heading (歳入, 歳出) or header line with a
 * label column, to its end. Its header lines fall into groups (consecutive header lines): the
 * left half of a landscape sheet has one (目 | 本年度 | 前年度 | 比較), the right half another
 * (節 区分 | 金額 | 説明). A group whose columns are all new to the table is the other half of the
 * same rows: its lines are read with the first group's, side by side by height. A group that
 * repeats the table's columns is a facing page printed on the same sheet: read after it, as the
 * next page. A page whose first group repeats the open table's columns goes on with it (the
 * path, the parents, the last row and 節 for the lines at its top); other columns, or a new side,
 * start a new table. A page with no header at all, while no table is open, was no table: its
 * lines go back to the line reader.
 */
#include <string.h>

#include "rules/rules_ledger_private.h"

struct YsLedger {
  YsEmit *em;
  GPtrArray *page; /* LLine*: the lines of the page being taken */
  gboolean taking;
  gboolean open;        /* a table is open: the next page may go on with it */
  GPtrArray *signature; /* const char*: the open table's column rules, sorted */
  const Rule *side;     /* the side heading in force (歳入, 歳出), or NULL */
  char *side_text;      /* … as printed (normalized), to tell a new side */
  Carry carry;
  const Unit *unit_above; /* a unit note on the page above its first table ((単位:千円) beside
                           * the title, before the ledger takes the page) */
  RuleNeed *label_need;   /* what a line with a label column's header holds, or NULL: unknown */
};

static void lline_free(gpointer p) {
  LLine *l = p;
  g_free(l->nl.text);
  if (l->nl.cells)
    g_array_unref(l->nl.cells);
  g_array_unref(l->cells);
  g_free(l);
}

YsLedger *ys_ledger_new(YsEmit *em) {
  YsLedger *lg = g_new0(YsLedger, 1);
  lg->em = em;
  lg->page = g_ptr_array_new_with_free_func(lline_free);
  lg->signature = g_ptr_array_new();
  ys_carry_init(&lg->carry);
  /* the label columns' prechecks together: most lines hold none, and skip asking each cell */
  const GPtrArray *columns = em->rules->by_kind[RK_COLUMN];
  g_autoptr(GPtrArray) needs = g_ptr_array_new();
  for (guint i = 0; i < columns->len; i++) {
    const Rule *r = g_ptr_array_index(columns, i);
    if (r->role == COL_LABEL)
      g_ptr_array_add(needs, r->need);
  }
  if (needs->len)
    lg->label_need = ys_need_union((RuleNeed *const *)needs->pdata, needs->len);
  if (lg->label_need)
    ys_need_set_id(lg->label_need, G_MAXUINT); /* no slot: its answer is not kept */
  return lg;
}

void ys_ledger_free(YsLedger *lg) {
  if (!lg)
    return;
  g_ptr_array_unref(lg->page);
  g_ptr_array_unref(lg->signature);
  g_free(lg->side_text);
  ys_carry_clear(&lg->carry);
  ys_need_free(lg->label_need);
  g_free(lg);
}

gboolean ys_ledger_taking(const YsLedger *lg) {
  return lg->taking;
}

/* A header line one of whose cells is a label column (款 | 項 | 目 | 節). */
static gboolean label_header(YsLedger *lg, const YsNormLine *line, GArray *cells) {
  gboolean label = FALSE;
  ys_columns_split_headers(lg->em, line->text, cells);
  if (lg->label_need && !ys_need_present(lg->label_need, &lg->em->chars, line->text, line->len))
    return FALSE; /* no cell can be a label column's header */
  for (guint i = 0; i < cells->len && !label; i++) {
    const Cell *c = &g_array_index(cells, Cell, i);
    gsize s = c->s, e = c->e;
    ys_cell_trim(line->text, &s, &e);
    const Rule *r;
    label = s < e && ys_emit_match(lg->em, RK_COLUMN, line->text + s, e - s, &r) &&
            r->role == COL_LABEL;
  }
  return label && ys_columns_all_headers(lg->em, line->text, cells);
}

gboolean ys_ledger_wants(YsLedger *lg, const YsNormLine *line, GArray *cells) {
  if (lg->taking)
    return TRUE;
  const Rule *r;
  gsize us, ue;
  if (ys_emit_match(lg->em, RK_UNIT_NOTE, line->text, line->len, &r) &&
      ys_rule_group(lg->em->md, r->groups[G_UNIT], &us, &ue))
    lg->unit_above = ys_rules_unit(lg->em->rules, line->text + us, ue - us);
  if (ys_emit_match(lg->em, RK_LEVEL_HEADING, line->text, line->len, NULL) ||
      ys_emit_match(lg->em, RK_SIDE, line->text, line->len, NULL))
    return TRUE;
  return label_header(lg, line, cells);
}

void ys_ledger_take(YsLedger *lg, const YsNormLine *line, GArray *cells) {
  LLine *l = g_new0(LLine, 1);
  l->nl = *line;
  l->nl.text = g_strndup(line->text, line->len);
  l->nl.raw = NULL;
  l->nl.raw_offset = NULL;
  l->nl.cells = line->cells ? g_array_copy(line->cells) : NULL;
  l->cells = g_array_copy(cells);
  l->group = -1;
  g_ptr_array_add(lg->page, l);
  lg->taking = TRUE;
}

/* ---- the page's lines and header groups ---------------------------------------------------- */

typedef struct {
  YsColumns cols;
  int first_line, last_line; /* the group's header lines (indexes in the page) */
} Group;

static void group_free(gpointer p) {
  Group *g = p;
  ys_columns_clear(&g->cols);
  g_free(g);
}

/* Whether the match just made covers the whole of T but spaces (`(単位<TAB>千円)`, a note
 * spread over cells, not a figure's line that holds one). */
static gboolean whole_line_matched(YsEmit *em, const char *t, gsize len) {
  gsize ms, me, s = 0, e = len;
  ys_cell_trim(t, &s, &e);
  return ys_rule_whole(em->md, &ms, &me) && ms <= s && me >= e;
}

/* Sorts out the page's lines: headings, sides, header groups (into GROUPS), unit rows, page
 * numbers, and the data lines under each group. */
static void classify(YsLedger *lg, GPtrArray *groups) {
  YsEmit *em = lg->em;
  Group *cur = NULL;
  gboolean prev_header = FALSE;
  const Unit *note = lg->unit_above; /* a unit note for the next group's bare numbers */
  for (guint i = 0; i < lg->page->len; i++) {
    LLine *l = g_ptr_array_index(lg->page, i);
    const char *t = l->nl.text;
    gsize len = l->nl.len;
    const Rule *r;
    gsize us, ue;
    l->group = (int)groups->len - 1;
    ys_emit_begin_line(em, t, len);
    gboolean header = FALSE;
    /* a page number or a running head (`1款 市税 2項 固定資産税`) first: no heading */
    if (ys_emit_match(em, RK_SECTION_END, t, len, NULL)) {
      l->kind = LL_SKIP;
    } else if (ys_emit_match(em, RK_LEVEL_HEADING, t, len, NULL)) {
      l->kind = LL_HEADING;
    } else if (ys_emit_match(em, RK_SIDE, t, len, NULL)) {
      l->kind = LL_SIDE;
    } else if (ys_emit_match(em, RK_UNIT_NOTE, t, len, &r) &&
               (l->cells->len < 2 || whole_line_matched(em, t, len)) &&
               ys_rule_group(em->md, r->groups[G_UNIT], &us, &ue)) {
      l->kind = LL_UNIT;
      const Unit *u = ys_rules_unit(em->rules, t + us, ue - us);
      if (cur && !prev_header && lg->page->len > i + 1)
        note = u; /* (単位:千円) between tables: for the next one */
      else if (cur)
        cur->cols.unit = u;
      else
        note = u; /* above the headers it is for */
    } else {
      ys_columns_split_headers(em, t, l->cells);
      header = ys_columns_all_headers(em, t, l->cells) ||
               (prev_header && cur && ys_columns_continue_header(&cur->cols, em, t, l->cells));
      if (header) {
        if (!prev_header || !cur) {
          cur = g_new0(Group, 1);
          ys_columns_init(&cur->cols);
          cur->cols.stacked = TRUE;
          cur->cols.unit = note;
          cur->first_line = (int)i;
          g_ptr_array_add(groups, cur);
        }
        ys_columns_read_header(&cur->cols, em, t, l->cells);
        cur->last_line = (int)i;
        l->kind = LL_HEADER;
        l->group = (int)groups->len - 1;
      } else if (cur && ys_columns_unit_row(&cur->cols, em, t, l->cells)) {
        l->kind = LL_UNIT;
      } else {
        l->kind = LL_DATA;
      }
    }
    prev_header = header;
    ys_emit_end_line(em);
  }
}

/* Whether line L holds a figure: a cell of digits (and commas) only. */
static gboolean figure_line(const LLine *l) {
  for (guint c = 0; c < l->cells->len; c++) {
    const Cell *cell = &g_array_index(l->cells, Cell, c);
    gsize s = cell->s, e = cell->e, digits = 0;
    ys_cell_trim(l->nl.text, &s, &e);
    for (; s < e && (g_ascii_isdigit(l->nl.text[s]) || l->nl.text[s] == ','); s++)
      digits += g_ascii_isdigit(l->nl.text[s]) != 0;
    if (s == e && digits)
      return TRUE;
  }
  return FALSE;
}

/* Whether group B's columns (but text ones) are all new to A's (the other half of A's rows), … */
static gboolean other_half(const GPtrArray *page, const Group *a, const Group *b) {
  /* … and no row with figures was printed above B's headers since A's: headers under the rows
   * of a table are a table of their own (国庫債務負担行為 under the 各目明細), whatever their
   * columns (a facing page's headers are printed at the height of A's, above its rows) */
  const LLine *top = g_ptr_array_index(page, b->first_line);
  for (int i = a->last_line + 1; i < b->first_line && top->nl.y1 > top->nl.y0; i++) {
    const LLine *l = g_ptr_array_index(page, i);
    if (l->kind == LL_DATA && l->nl.y1 > l->nl.y0 && l->nl.y1 <= top->nl.y0 && figure_line(l))
      return FALSE;
  }
  for (guint i = 0; i < b->cols.columns->len; i++) {
    const Column *cb = ys_column(&b->cols, (int)i);
    if (cb->role == COL_NONE)
      continue; /* text beside the figures (期間) may stand in both halves */
    for (guint j = 0; j < a->cols.columns->len; j++)
      if (strcmp(ys_column(&a->cols, (int)j)->rule, cb->rule) == 0)
        return FALSE;
  }
  return TRUE;
}

static int cmp_str(gconstpointer a, gconstpointer b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The rules of COLS's label and figure columns, sorted: two sheets of one table share them (the
 * columns that a page may print or not, as it reads, do not count: 財源, 節, 説明). */
static GPtrArray *signature_of(const YsColumns *cols) {
  GPtrArray *sig = g_ptr_array_new();
  for (guint i = 0; i < cols->columns->len; i++) {
    const Column *k = ys_column(cols, (int)i);
    if (k->role == COL_LABEL || k->role == COL_AMOUNT || k->role == COL_DIFFERENCE)
      g_ptr_array_add(sig, (gpointer)k->rule);
  }
  g_ptr_array_sort(sig, cmp_str);
  return sig;
}

static gboolean same_signature(const GPtrArray *a, const GPtrArray *b) {
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (strcmp(g_ptr_array_index(a, i), g_ptr_array_index(b, i)) != 0)
      return FALSE;
  return TRUE;
}

/* The union of the groups FIRST..LAST's columns, in order of x. */
static void merge_columns(YsEmit *em, GPtrArray *groups, guint first, guint last, YsColumns *out) {
  for (guint g = first; g <= last; g++) {
    const Group *gr = g_ptr_array_index(groups, g);
    for (guint i = 0; i < gr->cols.columns->len; i++) {
      Column c = *ys_column(&gr->cols, (int)i);
      if (!c.unit)
        c.unit = gr->cols.unit;
      g_array_append_val(out->columns, c);
    }
    if (!out->unit)
      out->unit = gr->cols.unit;
  }
  /* 金額 with no 区分 beside it and no 本年度 is no 節's column but the table's own figures
   * (第1表 歳入歳出予算: 款 | 項 | 金額): this year's, as the document states it */
  gboolean amounts = FALSE, part_labels = FALSE, parts = FALSE, labels = FALSE;
  for (guint i = 0; i < out->columns->len; i++) {
    const Column *k = ys_column(out, (int)i);
    amounts |= k->role == COL_AMOUNT;
    part_labels |= k->role == COL_PART_LABEL;
    parts |= k->role == COL_PART;
    labels |= k->role == COL_LABEL;
  }
  /* 区分 with no 金額 and no other label column is no 節's name but the table's row label (地方債
   * 調書: 区分 | 6年度末現在高 | …) */
  for (guint i = 0; i < out->columns->len && part_labels && !parts && !labels && amounts; i++) {
    Column *k = &g_array_index(out->columns, Column, i);
    if (k->role == COL_PART_LABEL) {
      k->role = COL_LABEL;
      k->level = 1;
    }
  }
  for (guint i = 0; i < out->columns->len && !amounts && !part_labels; i++) {
    Column *k = &g_array_index(out->columns, Column, i);
    if (k->role != COL_PART)
      continue;
    k->role = COL_AMOUNT;
    k->has_offset = TRUE;
    k->year_offset = 0;
    k->year = ys_emit_default_year(em);
    k->kind = YS_KIND_INITIAL;
  }
}

/* ---- tables -------------------------------------------------------------------------------- */

/* The open table ends: its open blocks are complete when its last row was a total (歳入合計
 * ends its 款); else it may have been cut (a book's excerpt, a page skipped) and they stay
 * partial, whatever follows. */
static void close_table(YsLedger *lg) {
  ys_carry_end_blocks(&lg->carry, lg->em, lg->carry.clean);
  lg->open = FALSE;
  g_ptr_array_set_size(lg->signature, 0);
  ys_carry_reset(&lg->carry);
}

/* Reads the sheet of the page's lines FROM..TO (indexes, inclusive) under COLS. */
static void read_sheet(YsLedger *lg, guint from, guint to, const YsColumns *cols) {
  g_autoptr(GPtrArray) lines = g_ptr_array_new();
  for (guint i = from; i <= to && i < lg->page->len; i++) {
    LLine *l = g_ptr_array_index(lg->page, i);
    if (l->kind == LL_SIDE) {
      /* a new side (歳入 → 歳出) is a new table; the same side printed again is not */
      const Rule *r;
      ys_emit_begin_line(lg->em, l->nl.text, l->nl.len);
      gboolean side = ys_emit_match(lg->em, RK_SIDE, l->nl.text, l->nl.len, &r);
      ys_emit_end_line(lg->em);
      g_autofree char *name = NULL;
      if (side) {
        gsize s, e;
        if (!ys_rule_group(lg->em->md, r->groups[G_ITEM], &s, &e)) {
          s = 0;
          e = l->nl.len;
        }
        /* 歳<TAB>入, 歳 入: the side's name without the spaces it was spread with */
        name = g_malloc(e - s + 1);
        gsize n = 0;
        for (gsize k = s; k < e; k++)
          if (!g_ascii_isspace(l->nl.text[k]))
            name[n++] = l->nl.text[k];
        name[n] = '\0';
      }
      if (name && g_strcmp0(name, lg->side_text) != 0) {
        if (lines->len == 0) { /* the table read so far ends; this one starts afresh */
          ys_carry_end_blocks(&lg->carry, lg->em, lg->carry.clean);
          ys_carry_reset(&lg->carry);
        }
        g_free(lg->side_text);
        lg->side_text = g_strdup(name);
        lg->side = r;
      }
    }
    if (l->kind == LL_DATA || l->kind == LL_HEADING || l->kind == LL_SIDE)
      g_ptr_array_add(lines, l);
  }
  Sheet sh = {0};
  sh.em = lg->em;
  sh.cols = cols;
  g_free(lg->carry.segment[0]);
  lg->carry.segment[0] = g_strdup(lg->side_text ? lg->side_text : "");
  ys_sheet_read(&sh, lines, &lg->carry, lg->side);
  ys_sheet_emit(&sh, &lg->carry, lg->side);
  ys_sheet_clear(&sh);
}

/* The first line of group GR's part of the page: its first header, or the side heading right
 * above it (国庫債務負担行為 over a table under the 各目明細: that table's side, not theirs). */
static guint group_start(YsLedger *lg, const Group *gr) {
  guint i = (guint)gr->first_line;
  while (i > 0 && ((LLine *)g_ptr_array_index(lg->page, i - 1))->kind == LL_SIDE)
    i--;
  return i;
}

/* The page's table parts: a group and the other halves that follow it, or a facing page. */
static void read_page(YsLedger *lg, GPtrArray *groups) {
  guint g = 0;
  while (g < groups->len) {
    guint last = g;
    while (last + 1 < groups->len &&
           other_half(lg->page, g_ptr_array_index(groups, g), g_ptr_array_index(groups, last + 1)))
      last++;
    YsColumns cols;
    ys_columns_init(&cols);
    merge_columns(lg->em, groups, g, last, &cols);
    g_autoptr(GPtrArray) sig = signature_of(&cols);
    if (lg->open && !same_signature(sig, lg->signature))
      close_table(lg);
    if (!lg->open) {
      g_ptr_array_set_size(lg->signature, 0);
      for (guint i = 0; i < sig->len; i++)
        g_ptr_array_add(lg->signature, g_ptr_array_index(sig, i));
      lg->open = TRUE;
    }
    /* the lines from the page's top (or the group's first header) to the next part's */
    guint from = g == 0 ? 0 : group_start(lg, g_ptr_array_index(groups, g));
    guint to = last + 1 < groups->len ? group_start(lg, g_ptr_array_index(groups, last + 1)) - 1
                                      : lg->page->len - 1;
    read_sheet(lg, from, to, &cols);
    ys_columns_clear(&cols);
    g = last + 1;
  }
}

void ys_ledger_page_end(YsLedger *lg, gboolean final, GPtrArray *give_back) {
  if (lg->page->len) {
    g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func(group_free);
    classify(lg, groups);
    if (groups->len == 0) {
      /* no table on the page: its lines were the line reader's after all */
      if (lg->open)
        close_table(lg);
      for (guint i = 0; i < lg->page->len; i++) {
        LLine *l = g_ptr_array_index(lg->page, i);
        YsNormLine *nl = g_new0(YsNormLine, 1);
        *nl = l->nl;
        l->nl.text = NULL;
        l->nl.cells = NULL;
        g_ptr_array_add(give_back, nl);
      }
    } else {
      read_page(lg, groups);
    }
    g_ptr_array_set_size(lg->page, 0);
  }
  lg->unit_above = NULL;
  lg->taking = FALSE;
  if (final && lg->open)
    close_table(lg);
}
