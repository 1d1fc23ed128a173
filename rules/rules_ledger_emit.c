/* rules — a 予算書 sheet's records, their paths and parents (rules_ledger_private.h).
 *
 * Bands are read top to bottom. A 款/項 heading sets the path at its level (`1 市税`) and, with an
 * amount, is a record: a part of the heading one level up the first time its path is printed
 * (a heading repeated on the next page is the same figure again, which validate checks as a
 * duplicate). A row's figures are records at its level, each a part of the figure of the same
 * column one level up — a row above it, or for the 本年度 column the heading — and a 計 row is
 * the total of the rows of one level since the last total, which it takes over as parts (its item
 * and path are its heading's: 計 is no item). A 比較 is the difference of its row's two amounts;
 * a 財源内訳 figure a part of its row's 本年度. 節 figures are parts of their row's first amount,
 * 細節 of their 節; 説明 figures of their 節 (歳入) or row (歳出), level 2 of level 1 and so on —
 * save, where the side says so, items without a code, which are notable items among more.
 * All of a table's levels are exhaustive, so every parent is marked parts_complete — once its
 * block is seen to end: a page cut from a book may end inside one, and then its parent is
 * partial instead (its parts may go on past what was read).
 */
#include <string.h>

#include "rules/rules_ledger_private.h"

static YsLevel level_of(int level) {
  switch (level) {
  case 1:
    return YS_LEVEL_KAN;
  case 2:
    return YS_LEVEL_KOU;
  case 3:
    return YS_LEVEL_MOKU;
  case 4:
    return YS_LEVEL_SETSU;
  default:
    return YS_LEVEL_NONE;
  }
}

/* ---- what a table carries ---------------------------------------------------------------- */

static void balance_free(gpointer p) {
  Balance *b = p;
  g_free(b->label);
  g_free(b);
}

void ys_carry_init(Carry *carry) {
  memset(carry, 0, sizeof *carry);
  carry->open = g_array_new(FALSE, FALSE, sizeof(OpenBlock));
  carry->linked = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (int k = 0; k < LEDGER_KEYS; k++)
    carry->tops[k] = g_array_new(FALSE, FALSE, sizeof(guint));
  carry->balances = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, balance_free);
}

static void forget_remarks(Carry *carry, int from);

static void forget_row(Carry *carry) {
  carry->row_first = 0;
  g_clear_pointer(&carry->row_path, g_free);
  g_clear_pointer(&carry->row_item, g_free);
  carry->setsu_id = 0;
  g_clear_pointer(&carry->setsu_path, g_free);
  g_clear_pointer(&carry->setsu_item, g_free);
  forget_remarks(carry, 0);
}

static void forget_remarks(Carry *carry, int from) {
  for (int l = from; l < LEDGER_LEVELS; l++) {
    carry->remark_id[l] = 0;
    g_clear_pointer(&carry->remark_path[l], g_free);
  }
  g_clear_pointer(&carry->remark_group, g_free);
}

/* Forgets the path, parents and totals from LEVEL down. */
static void forget_levels(Carry *carry, int level) {
  for (int l = MAX(level, 0); l < LEDGER_LEVELS; l++) {
    g_clear_pointer(&carry->segment[l], g_free);
    g_clear_pointer(&carry->item[l], g_free);
    carry->heading_id[l] = 0;
    for (int k = 0; k < LEDGER_KEYS; k++)
      carry->up[l][k] = 0;
  }
}

static void forget_tops(Carry *carry) {
  for (int k = 0; k < LEDGER_KEYS; k++)
    g_array_set_size(carry->tops[k], 0);
  carry->tops_level = 0;
}

/* Ends the open blocks of RANK and inside them, innermost first: COMPLETE (their parents have
 * all their parts) or partial (the parts may go on in what was not read). */
static void end_blocks_from(Carry *carry, YsEmit *em, int rank, gboolean complete) {
  while (carry->open->len) {
    const OpenBlock *b = &g_array_index(carry->open, OpenBlock, carry->open->len - 1);
    if (b->rank < rank)
      break;
    if (b->parts && complete) {
      ys_emit_mark_parts_complete(em, b->id);
    } else if (b->parts) {
      YsRecord *r = ys_emit_record(em, b->id);
      if (r)
        r->parts_partial = TRUE;
    }
    g_array_set_size(carry->open, carry->open->len - 1);
  }
}

void ys_carry_close_blocks(Carry *carry, YsEmit *em, int rank) {
  end_blocks_from(carry, em, rank, TRUE);
}

void ys_carry_end_blocks(Carry *carry, YsEmit *em, gboolean complete) {
  end_blocks_from(carry, em, 0, complete);
}

/* A block of RANK opens for the parts of record ID (the blocks of its rank and inside them end
 * first). */
static void open_block(Carry *carry, YsEmit *em, int rank, guint id) {
  OpenBlock b = {rank, id, FALSE};
  g_array_append_val(carry->open, b);
  (void)em;
}

void ys_carry_reset(Carry *carry) {
  g_array_set_size(carry->open, 0);
  carry->seen_code = FALSE;
  carry->clean = FALSE;
  carry->serial_last = 0;
  carry->serial_gap = FALSE;
  forget_levels(carry, 0);
  forget_tops(carry);
  forget_row(carry);
  g_hash_table_remove_all(carry->linked);
  carry->layout_known = carry->centred = FALSE;
  carry->n_edges = 0;
  carry->n_keys = 0;
}

void ys_carry_clear(Carry *carry) {
  ys_carry_reset(carry);
  g_array_unref(carry->open);
  g_hash_table_unref(carry->linked);
  g_hash_table_unref(carry->balances);
  for (int k = 0; k < LEDGER_KEYS; k++)
    g_array_unref(carry->tops[k]);
}

char *ys_carry_path(const Carry *carry, int level, const char *last) {
  GString *p = g_string_new(NULL);
  for (int l = 0; l <= level && l < LEDGER_LEVELS; l++) {
    if (!carry->segment[l] || !*carry->segment[l])
      continue;
    if (p->len)
      g_string_append(p, " / ");
    g_string_append(p, carry->segment[l]);
  }
  if (last && *last) {
    if (p->len)
      g_string_append(p, " / ");
    g_string_append(p, last);
  }
  return g_string_free(p, FALSE);
}

static char *join_path(const char *path, const char *last) {
  if (!path || !*path)
    return g_strdup(last);
  return g_strconcat(path, " / ", last, NULL);
}

/* A column's key: its rule and year (a rule may make columns of several years: 6年度末 |
 * 7年度末 | 8年度末 現在高), the same on every page. */
static int key_of(Carry *carry, const Column *col) {
  int year = col->has_offset ? col->year_offset : col->year;
  for (int k = 0; k < carry->n_keys; k++)
    if (strcmp(carry->key_rule[k], col->rule) == 0 && carry->key_year[k] == year)
      return k;
  if (carry->n_keys == LEDGER_KEYS)
    return -1;
  carry->key_rule[carry->n_keys] = col->rule;
  carry->key_year[carry->n_keys] = year;
  return carry->n_keys++;
}

/* ---- records ------------------------------------------------------------------------------ */

/* What the emit walk of one sheet knows. */
typedef struct {
  Sheet *sh;
  Carry *carry;
  const Rule *side;
  int first_key; /* key of the leftmost amount column (本年度): the headings' figures */
} Walk;

static void set_strings(Walk *wk, YsRecord *rec, const char *item, const char *path,
                        YsLevel level) {
  YsRecordSet *set = wk->sh->em->set;
  rec->item = ys_record_set_keep_str(set, item ? item : "");
  rec->path = ys_record_set_keep_str(set, path ? path : "");
  rec->level = level;
}

/* The figure of cell C under column K (or the table's unit): a record, or NULL. */
static YsRecord *figure(Walk *wk, const SCell *c, const Column *k) {
  Sheet *sh = wk->sh;
  const char *t = c->src->nl.text + c->s;
  gsize len = c->e - c->s;
  if (ys_emit_match(sh->em, RK_NO_FIGURE, t, len, NULL))
    return NULL;
  Amount a;
  const Unit *bare = k && k->unit ? k->unit : sh->cols->unit;
  if (!ys_emit_cell_amount(sh->em, t, len, bare, &a, NULL))
    return NULL;
  if (c->negative)
    a.amount = -a.amount;
  return ys_emit_add(sh->em, &c->src->nl, &a, t, len);
}

/* REC is a part of PARENT; PARENT's block says when its parts are complete. */
static void link(Walk *wk, YsRecord *rec, guint parent) {
  if (!parent || parent == rec->id)
    return;
  rec->parent_id = parent;
  GArray *open = wk->carry->open;
  for (guint i = open->len; i-- > 0;)
    if (g_array_index(open, OpenBlock, i).id == parent) {
      g_array_index(open, OpenBlock, i).parts = TRUE;
      break;
    }
}

static void year_from(YsRecord *rec, const YsRecord *from) {
  rec->fiscal_year = from->fiscal_year;
  rec->kind = from->kind;
  rec->year_relative = from->year_relative;
  rec->year_offset = from->year_offset;
}

static void emit_heading(Walk *wk, const LLine *l) {
  YsEmit *em = wk->sh->em;
  Carry *carry = wk->carry;
  const char *t = l->nl.text;
  const Rule *r;
  gsize s, e;
  ys_emit_begin_line(em, t, l->nl.len);
  gboolean ok = ys_emit_match(em, RK_LEVEL_HEADING, t, l->nl.len, &r);
  if (!ok) {
    ys_emit_end_line(em);
    return;
  }
  int level = r->level ? r->level : 1;
  g_autofree char *number = NULL, *item = NULL;
  if (ys_rule_group(em->md, r->groups[G_NUMBER], &s, &e))
    number = g_strndup(t + s, e - s);
  if (ys_rule_group(em->md, r->groups[G_ITEM], &s, &e))
    item = ys_emit_clean_name(em, t + s, e - s);
  gsize as = 0, ae = 0;
  gboolean has_amount = ys_rule_group(em->md, r->groups[G_AMOUNT], &as, &ae);
  ys_emit_end_line(em);
  if (!item || !*item)
    return;
  g_autofree char *segment = number ? g_strdup_printf("%s %s", number, item) : g_strdup(item);
  gboolean repeat = g_strcmp0(carry->segment[level], segment) == 0;
  if (!repeat) {
    /* a new heading after a total ends what it summed; one that comes while rows are still
     * open (pages cut out before it, or files united) leaves them partial: never checked */
    end_blocks_from(carry, em, level * 10, carry->clean);
    carry->clean = FALSE;
    forget_levels(carry, level);
    forget_tops(carry);
    forget_row(carry);
    carry->segment[level] = g_strdup(segment);
    carry->item[level] = g_strdup(item);
  }
  if (!has_amount)
    return;
  Amount a;
  if (!ys_amount_parse(em->rules, t + as, ae - as, NULL, &a, NULL))
    return;
  YsRecord *rec = ys_emit_add(em, &l->nl, &a, t + as, ae - as);
  rec->year_relative = TRUE;
  rec->year_offset = 0;
  g_autofree char *path = ys_carry_path(carry, level, NULL);
  set_strings(wk, rec, item, path, level_of(level));
  if (!g_hash_table_contains(carry->linked, path)) {
    g_hash_table_add(carry->linked, g_strdup(path));
    if (level > 1)
      link(wk, rec, carry->heading_id[level - 1]);
  }
  if (!carry->heading_id[level]) {
    carry->heading_id[level] = rec->id;
    open_block(carry, em, level * 10, rec->id);
  }
}

/* The parent of a row's figure at LEVEL in column KEY: the figure one level up in that column,
 * or the heading's for the first amount column; the first level up that has one. */
static guint parent_of(Walk *wk, int level, int key) {
  Carry *carry = wk->carry;
  for (int l = level - 1; l >= 1; l--) {
    if (key >= 0 && carry->up[l][key])
      return carry->up[l][key];
    if (key == wk->first_key && carry->heading_id[l])
      return carry->heading_id[l];
    if (carry->segment[l])
      return 0; /* the level above printed no figure of this column */
  }
  return 0;
}

/* The row's record in the amount column of YEAR_OFFSET/YEAR and KIND, among IDS (per column). */
static guint compared(Walk *wk, const guint *ids, int year, int offset, YsBudgetKind kind) {
  const YsColumns *cols = wk->sh->cols;
  for (guint c = 0; c < cols->columns->len; c++) {
    const Column *k = ys_column(cols, (int)c);
    if (ids[c] && k->role == COL_AMOUNT && k->kind == kind &&
        (k->has_offset ? k->year_offset == offset : k->year == year))
      return ids[c];
  }
  return 0;
}

/* Whether A and B are figures of one year and kind (the document's year may be unknown: then
 * their offsets from it). */
static gboolean same_year(const YsRecord *a, const YsRecord *b) {
  if (a->kind != b->kind || a->year_relative != b->year_relative)
    return FALSE;
  return a->year_relative ? a->year_offset == b->year_offset : a->fiscal_year == b->fiscal_year;
}

/* The figure a funding-source column B breaks down, among the row's IDS: the nearest amount
 * left of it of FIRST's year and kind (本年度 beside 前年度 | 比較; the 支出予定額 of a 債務負担
 * 行為, not its 限度額), else FIRST. */
static const YsRecord *broken_down(Walk *wk, const guint *ids, const Column *b,
                                   const YsRecord *first) {
  const YsColumns *cols = wk->sh->cols;
  const YsRecord *best = first;
  double best_x = -1e300;
  for (guint c = 0; c < cols->columns->len; c++) {
    const Column *k = ys_column(cols, (int)c);
    const YsRecord *rec = ids[c] ? ys_emit_record(wk->sh->em, ids[c]) : NULL;
    if (rec && k->role == COL_AMOUNT && k->x1 <= b->x0 && k->x0 > best_x && same_year(rec, first)) {
      best = rec;
      best_x = k->x0;
    }
  }
  return best;
}

/* A total REC of row W whose label a balance rule names (歳出合計): it must equal the first such
 * total of its year and kind under another label (歳入合計); the first of each is kept. */
static void balance(Walk *wk, const Row *w, YsRecord *rec) {
  YsEmit *em = wk->sh->em;
  if (rec->role != YS_ROLE_AMOUNT || !ys_emit_match(em, RK_BALANCE, w->item, strlen(w->item), NULL))
    return;
  g_autofree char *key = g_strdup_printf("%d|%d|%d|%d", rec->fiscal_year, rec->year_relative,
                                         rec->year_offset, (int)rec->kind);
  const Balance *other = g_hash_table_lookup(wk->carry->balances, key);
  if (other == NULL) {
    Balance *b = g_new0(Balance, 1);
    b->label = g_strdup(w->item);
    b->id = rec->id;
    g_hash_table_insert(wk->carry->balances, g_steal_pointer(&key), b);
  } else if (strcmp(other->label, w->item) != 0) {
    rec->equals_id = other->id;
  }
}

static void emit_row(Walk *wk, Row *w) {
  Sheet *sh = wk->sh;
  Carry *carry = wk->carry;
  const Band *band = &g_array_index(sh->bands, Band, w->band);
  int level = MIN(MAX(w->level, 1), LEDGER_LEVELS - 1);
  g_autofree char *path = NULL;
  const char *item = w->item;
  int total_level = 0;
  if (w->total) {
    /* the total of the rows since the last one: its heading's figure (計 is no item) */
    level = carry->tops_level > 0 ? carry->tops_level - 1 : level - 1;
    level = MAX(level, 0);
    if (carry->item[level] && level > 0)
      item = carry->item[level];
    /* with no heading of that level above it, the table's own total (a 調書's 合計): no level */
    total_level = carry->segment[level] ? level : 0;
    path = ys_carry_path(carry, level, NULL);
  } else {
    forget_levels(carry, level + 1);
    g_free(carry->segment[level]);
    carry->segment[level] = g_strdup(w->segment);
    g_free(carry->item[level]);
    carry->item[level] = g_strdup(w->item);
    path = ys_carry_path(carry, level, NULL);
  }
  /* the row before of this level (and what it held) ends here; a total ends the rows it sums */
  ys_carry_close_blocks(carry, sh->em, (w->total ? MAX(carry->tops_level, 1) : level) * 10);
  carry->clean = w->total;
  guint ncols = sh->cols->columns->len;
  g_autofree guint *ids = g_new0(guint, ncols + 1);
  const YsRecord *first = NULL;
  double first_x = 1e300;
  /* amounts first (a 比較 and a 財源 refer to them), then the rest */
  for (int pass = 0; pass < 2; pass++) {
    for (guint i = 0; i < band->cells->len; i++) {
      const SCell *c = &g_array_index(band->cells, SCell, i);
      const Column *k = ys_column(sh->cols, c->col);
      if (!k || (pass == 0) != (k->role == COL_AMOUNT) ||
          (k->role != COL_AMOUNT && k->role != COL_DIFFERENCE && k->role != COL_BREAKDOWN))
        continue;
      YsRecord *rec = figure(wk, c, k);
      if (!rec)
        continue;
      int key = c->col < 64 ? sh->key[c->col] : -1;
      ids[c->col] = rec->id;
      if (k->role == COL_BREAKDOWN) {
        if (!first)
          continue;
        const YsRecord *whole = broken_down(wk, ids, k, first);
        year_from(rec, whole);
        g_autofree char *head = ys_emit_clean_name(sh->em, k->head, strlen(k->head));
        g_autofree char *bpath = join_path(path && *path ? path : item, head);
        set_strings(wk, rec, item, bpath, YS_LEVEL_BREAKDOWN);
        rec->group = ys_record_set_keep_str(sh->em->set, head);
        link(wk, rec, whole->id);
        continue;
      }
      rec->fiscal_year = k->year;
      rec->kind = k->kind;
      rec->year_relative = k->has_offset;
      rec->year_offset = k->year_offset;
      set_strings(wk, rec, item, path, level_of(w->total ? total_level : w->level));
      if (k->role == COL_DIFFERENCE) {
        rec->role = YS_ROLE_DIFFERENCE;
        rec->base_year = k->base_year;
        rec->base_kind = k->base_kind;
        rec->new_id = compared(wk, ids, k->year, k->year_offset, k->kind);
        rec->old_id = compared(wk, ids, k->base_year, k->base_offset, k->base_kind);
        continue;
      }
      if (k->x0 < first_x) {
        first_x = k->x0;
        first = rec;
      }
      if (key < 0)
        continue;
      if (w->total) {
        /* its parts: the rows since the last total, in its column */
        GArray *tops = carry->tops[key];
        for (guint j = 0; j < tops->len; j++) {
          YsRecord *part = ys_emit_record(sh->em, g_array_index(tops, guint, j));
          if (part) {
            part->parent_id = 0;
            link(wk, part, rec->id);
          }
        }
        balance(wk, w, rec);
        if (tops->len && !carry->serial_gap) /* the rows it sums all came before it */
          ys_emit_mark_parts_complete(sh->em, rec->id);
        else if (tops->len) /* … but for rows not read (numbered from 61, not 1) */
          rec->parts_partial = TRUE;
        continue;
      }
      link(wk, rec, parent_of(wk, level, key));
      open_block(carry, sh->em, level * 10, rec->id);
      carry->up[level][key] = rec->id;
      if (carry->tops_level == 0 || level < carry->tops_level) {
        forget_tops(carry);
        carry->tops_level = level;
      }
      if (level == carry->tops_level)
        g_array_append_val(carry->tops[key], rec->id);
    }
  }
  if (w->total) {
    forget_tops(carry);
    carry->serial_last = 0;
    carry->serial_gap = FALSE;
  }
  /* what its 節 and 説明 read */
  w->first = first;
  w->path = g_strdup(path);
  if (!w->total) {
    forget_row(carry);
    carry->row_first = first ? first->id : 0;
    carry->row_path = g_strdup(path);
    carry->row_item = g_strdup(item);
  }
}

/* A 節 or 細節 entry D of the row OWNER (−1: the one carried from the page before). */
static void emit_part(Walk *wk, Detail *d) {
  Sheet *sh = wk->sh;
  Carry *carry = wk->carry;
  const Row *owner = d->owner >= 0 ? &g_array_index(sh->rows, Row, d->owner) : NULL;
  const YsRecord *first = owner ? owner->first : ys_emit_record(sh->em, carry->row_first);
  const char *row_path = owner ? owner->path : carry->row_path;
  if (!d->figure || !first)
    return;
  YsRecord *rec = figure(wk, d->figure, ys_column(sh->cols, d->figure->col));
  if (!rec)
    return;
  year_from(rec, first);
  g_autofree char *segment = NULL;
  g_autofree char *item = ys_sheet_item(sh->em, d->name->str, &segment);
  carry->clean = FALSE;
  if (d->sub && carry->setsu_id) {
    g_autofree char *path = join_path(carry->setsu_path, item);
    set_strings(wk, rec, item, path, YS_LEVEL_SAISETSU);
    link(wk, rec, carry->setsu_id);
    return;
  }
  g_autofree char *path = join_path(row_path, segment);
  set_strings(wk, rec, item, path, YS_LEVEL_SETSU);
  link(wk, rec, first->id);
  ys_carry_close_blocks(carry, sh->em, 100);
  open_block(carry, sh->em, 100, rec->id);
  carry->setsu_id = rec->id;
  g_free(carry->setsu_path);
  carry->setsu_path = g_strdup(path);
  if (wk->side && wk->side->explains == YS_LEVEL_SETSU)
    forget_remarks(carry, 0);
}

/* A 説明 figure D: its owner is the 節 (or row) it was assigned to, or the one carried. */
static void emit_remark(Walk *wk, Detail *d) {
  Sheet *sh = wk->sh;
  Carry *carry = wk->carry;
  const YsRecord *owner = NULL;
  const char *owner_path = NULL;
  gboolean by_setsu = wk->side && wk->side->explains == YS_LEVEL_SETSU;
  if (by_setsu) {
    owner = ys_emit_record(sh->em, carry->setsu_id);
    owner_path = carry->setsu_path;
  } else if (d->owner >= 0) {
    const Row *w = &g_array_index(sh->rows, Row, d->owner);
    owner = w->first;
    owner_path = w->path;
  } else {
    owner = ys_emit_record(sh->em, carry->row_first);
    owner_path = carry->row_path;
  }
  if (!owner)
    return;
  if (!d->figure) { /* a heading for the items indented under it */
    g_free(carry->remark_group);
    carry->remark_group = ys_emit_clean_name(sh->em, d->name->str, d->name->len);
    carry->remark_group_x0 = d->x0;
    return;
  }
  /* under that heading while indented deeper than it */
  if (carry->remark_group && d->x0 <= carry->remark_group_x0 + 1)
    g_clear_pointer(&carry->remark_group, g_free);
  YsRecord *rec = figure(wk, d->figure, ys_column(sh->cols, d->figure->col));
  if (!rec)
    return;
  year_from(rec, owner);
  int level = MIN(MAX(d->level, 1), LEDGER_LEVELS - 1);
  guint parent = owner->id;
  const char *parent_path = owner_path;
  for (int l = level - 1; l >= 1; l--)
    if (carry->remark_id[l]) {
      parent = carry->remark_id[l];
      parent_path = carry->remark_path[l];
      break;
    }
  g_autofree char *item = ys_emit_clean_name(sh->em, d->name->str, d->name->len);
  g_autofree char *segment = d->code ? g_strdup_printf("%s %s", d->code, item) : g_strdup(item);
  g_autofree char *under = carry->remark_group ? join_path(parent_path, carry->remark_group) : NULL;
  g_autofree char *path = join_path(under ? under : parent_path, segment);
  set_strings(wk, rec, item, path, YS_LEVEL_SETSUMEI);
  /* a price per unit (入港外国貿易船純トン数当たり 20円), a limit: no part of anything */
  Marks m = {0};
  ys_emit_marks(sh->em, SIDE_LINE, d->name->str, d->name->len, &m);
  ys_emit_marks(sh->em, SIDE_BEFORE, d->name->str, d->name->len, &m);
  rec->qualifier = m.qualifier;
  if (m.other)
    rec->kind = YS_KIND_OTHER;
  /* items without a code beside coded ones are notable ones among more (歳出's 事業): no parts;
   * the side says so, or with no side known, the table's codes do */
  if (d->code)
    carry->seen_code = TRUE;
  gboolean coded = wk->side ? wk->side->coded_parts : carry->seen_code;
  if (!(coded && !d->code) && !m.other && !m.qualifier)
    link(wk, rec, parent);
  carry->clean = FALSE;
  ys_carry_close_blocks(carry, sh->em, 200 + level);
  open_block(carry, sh->em, 200 + level, rec->id);
  g_autofree char *group = g_steal_pointer(&carry->remark_group); /* deeper items keep it */
  forget_remarks(carry, level);
  carry->remark_group = g_steal_pointer(&group);
  carry->remark_id[level] = rec->id;
  carry->remark_path[level] = g_strdup(path);
}

void ys_sheet_emit(Sheet *sh, Carry *carry, const Rule *side) {
  Walk wk = {sh, carry, side, -1};
  double first_x = 1e300;
  for (guint c = 0; c < sh->cols->columns->len && c < 64; c++) {
    const Column *k = ys_column(sh->cols, (int)c);
    sh->key[c] = key_of(carry, k);
    if (k->role == COL_AMOUNT && k->x0 < first_x) {
      first_x = k->x0;
      wk.first_key = sh->key[c];
    }
  }
  if (sh->serial_first) { /* numbered rows go on from the sheet before, or from 1 */
    carry->serial_gap |= sh->serial_gap || sh->serial_first != carry->serial_last + 1;
    carry->serial_last = sh->serial_last;
  }
  gboolean by_setsu = side && side->explains == YS_LEVEL_SETSU;
  guint r = 0, p = 0, m = 0;
  for (guint b = 0; b < sh->bands->len; b++) {
    const Band *band = &g_array_index(sh->bands, Band, b);
    if (band->heading && band->heading->kind == LL_HEADING)
      emit_heading(&wk, band->heading);
    while (r < sh->rows->len && g_array_index(sh->rows, Row, r).band == (int)b) {
      emit_row(&wk, &g_array_index(sh->rows, Row, r));
      /* the row's 節 and 説明, wherever they lie (centred: some above it) */
      for (guint i = 0; i < sh->parts->len; i++) {
        Detail *d = &g_array_index(sh->parts, Detail, i);
        if (d->owner != (int)r)
          continue;
        emit_part(&wk, d);
        for (guint j = 0; by_setsu && j < sh->remarks->len; j++) {
          Detail *x = &g_array_index(sh->remarks, Detail, j);
          if (x->owner == (int)i)
            emit_remark(&wk, x);
        }
      }
      for (guint j = 0; !by_setsu && j < sh->remarks->len; j++) {
        Detail *x = &g_array_index(sh->remarks, Detail, j);
        if (x->owner == (int)r)
          emit_remark(&wk, x);
      }
      r++;
    }
    /* 節 and 説明 of the row carried from the page before, where they lie */
    for (; p < sh->parts->len && g_array_index(sh->parts, Detail, p).band <= (int)b; p++) {
      Detail *d = &g_array_index(sh->parts, Detail, p);
      if (d->owner >= 0)
        continue;
      emit_part(&wk, d);
      for (guint j = 0; by_setsu && j < sh->remarks->len; j++) {
        Detail *x = &g_array_index(sh->remarks, Detail, j);
        if (x->owner == (int)p)
          emit_remark(&wk, x);
      }
    }
    for (; m < sh->remarks->len && g_array_index(sh->remarks, Detail, m).band <= (int)b; m++) {
      Detail *x = &g_array_index(sh->remarks, Detail, m);
      if (x->owner < 0)
        emit_remark(&wk, x);
    }
  }
  for (guint i = 0; i < sh->rows->len; i++)
    g_clear_pointer(&g_array_index(sh->rows, Row, i).path, g_free);
}
