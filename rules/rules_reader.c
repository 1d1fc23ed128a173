/* rules — the per-document reader: normalized lines in, amount records out.
 *
 * For each line (tables aside, see rules_table.c) the reader finds the amounts with the amount
 * rule, then decides for each from its context — all words and patterns from the rule files:
 *   item       the text before it in its TAB-separated cell, cleaned (item-strip) and accepted
 *              (item-name); else the line's first name; else, when no label precedes it, the
 *              label of the row's first cell; else the current item (heading / last named
 *              line); a name-start line before it is joined in front
 *   role       a label with role difference (対前年度 -2億円) makes the figure right behind it a
 *              difference against the year before; a rate-after match (`(-9.1%)`) its rate
 *   year/kind  a label between the previous amount and it; else a prior-gap ("54億円（54億円）"
 *              → the year before); else an earlier label on the line; else a label queued from
 *              label-only lines above (in order; a lone one taken by a one-figure line stays
 *              the caption of the one-figure lines right after it); else the section
 *              headline's, else the document year as initial. A label-after right behind it
 *              overrides.
 *   qualifier  marks before / after / on the line (portion > per > max > approx); new; other
 *   parent     a breakdown behind it makes children; an outline marker or a labelled part line
 *              makes it a part of the enclosing record (rules_outline.c); ※ asides stay alone
 * Document facts: the fiscal year (doc-year) and the rounding note (rounding-note).
 */
#include <string.h>

#include "rules/rules_reader.h"

/* ---- labels --------------------------------------------------------------------------- */

static gboolean overlaps(const GArray *hits, gsize s, gsize e) {
  for (guint i = 0; i < hits->len; i++) {
    const LabelHit *h = &g_array_index(hits, LabelHit, i);
    if (s < h->end && h->start < e)
      return TRUE;
  }
  return FALSE;
}

static gint by_start(gconstpointer a, gconstpointer b) {
  const LabelHit *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start;
}

static void label_year_kind(YsReader *rd, const Rule *r, const char *text, LabelHit *h) {
  gsize ys, ye;
  h->kind = r->budget >= 0 ? (YsBudgetKind)r->budget : YS_KIND_INITIAL;
  if (ys_rule_group(rd->em.md, r->groups[G_YEAR], &ys, &ye)) {
    h->year = ys_rules_year(rd->em.rules, text + ys, ye - ys, rd->em.era_offset, NULL);
  } else {
    int y = ys_emit_default_year(&rd->em);
    h->year = y ? y + r->year_offset : 0;
  }
}

/* Every label on the line into HITS, by position; of overlapping ones the earlier rule wins. */
static void find_labels(YsReader *rd, RuleKind kind, const char *text, gsize len, GArray *hits) {
  g_array_set_size(hits, 0);
  if (!ys_emit_kind_possible(&rd->em, kind, text, len))
    return;
  const GPtrArray *rs = rd->em.rules->by_kind[kind];
  for (guint i = 0; i < rs->len; i++) {
    const Rule *r = g_ptr_array_index(rs, i);
    gsize pos = 0;
    while (ys_rule_match(r, r->re, text, len, pos, rd->em.md, &rd->em.chars)) {
      PCRE2_SIZE *ov = pcre2_get_ovector_pointer(rd->em.md);
      LabelHit h = {ov[0], ov[1], 0, YS_KIND_INITIAL, r->role};
      pos = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
      if (h.end == h.start || overlaps(hits, h.start, h.end))
        continue;
      label_year_kind(rd, r, text, &h);
      g_array_append_val(hits, h);
    }
  }
  g_array_sort(hits, by_start);
}

/* ---- records -------------------------------------------------------------------------- */

/* ---- one line --------------------------------------------------------------------------- */

static const LabelHit *label_between(const GArray *labels, gsize from, gsize to) {
  const LabelHit *best = NULL;
  for (guint i = 0; i < labels->len; i++) {
    const LabelHit *h = &g_array_index(labels, LabelHit, i);
    if (h->start >= from && h->end <= to)
      best = h;
  }
  return best;
}

/* Start of the TAB-separated cell that holds byte POS (not before FROM): a name is looked for in
 * the amount's own cell, never in prose printed beside it. */
static gsize cell_start(const char *text, gsize from, gsize pos) {
  for (gsize p = pos; p > from; p--)
    if (text[p - 1] == '\t')
      return p;
  return from;
}

/* The first cell of a row whose figures are all in later cells, when that cell is a label as
 * printed (`支援規模<TAB>最大1億円程度 / 年・課題<TAB>…`), not a sentence a name would be cut
 * from: the item of the row's figures that have no name of their own. NULL otherwise. */
static char *row_label(YsReader *rd, const char *text, gsize len, gsize from, gsize first) {
  const char *tab = from < len ? memchr(text + from, '\t', len - from) : NULL;
  if (!tab || (gsize)(tab - text) >= first)
    return NULL;
  g_autofree char *raw = g_strndup(text + from, tab - (text + from));
  g_strstrip(raw);
  char *name = ys_emit_clean_item(&rd->em, raw, strlen(raw));
  if (ys_emit_item_ok(&rd->em, raw) && ys_emit_item_ok(&rd->em, name))
    return name;
  g_free(name);
  return NULL;
}

/* Right after a difference (`-2億円`), its rate (`(-9.1%)`): a RATE record like it; returns the
 * end of the rate in TEXT (or POS). */
static gsize rate_after(YsReader *rd, const YsNormLine *line, guint diff_id, const char *text,
                        gsize len, gsize pos) {
  if (!ys_emit_kind_possible(&rd->em, RK_RATE_AFTER, text + pos, len - pos))
    return pos;
  const GPtrArray *rs = rd->em.rules->by_kind[RK_RATE_AFTER];
  for (guint i = 0; i < rs->len; i++) {
    const Rule *r = g_ptr_array_index(rs, i);
    gsize gs, ge;
    gint64 scaled;
    int decimals;
    if (!ys_rule_match(r, r->re, text + pos, len - pos, 0, rd->em.md, &rd->em.chars) ||
        !ys_rule_group(rd->em.md, r->groups[G_RATE], &gs, &ge))
      continue;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(rd->em.md);
    gsize start = pos + ov[0], end = pos + ov[1];
    if (!ys_rate_parse(text + pos + gs, ge - gs, &scaled, &decimals))
      continue;
    /* the record quotes what the rule matched, `(-9.1%)`, like a table's rate cell */
    YsRecord *rec = ys_emit_add_rate(&rd->em, line, text + start, end - start, scaled, decimals);
    const YsRecord *d = ys_record_set_get(rd->em.set, diff_id);
    rec->fiscal_year = d->fiscal_year;
    rec->kind = d->kind;
    rec->base_year = d->base_year;
    rec->base_kind = d->base_kind;
    rec->qualifier = d->qualifier;
    rec->item = d->item; /* the set's strings are never freed alone: shared */
    return end;
  }
  return pos;
}

static void set_item(YsReader *rd, YsRecord *r, const char *item) {
  r->item = ys_record_set_keep_str(rd->em.set, item ? item : "");
}

static void line_without_amounts(YsReader *rd, const YsNormLine *line, const char *text,
                                 gsize len) {
  const Rule *r;
  gsize s, e;
  /* a label right after the amount on the line before: `59.4億円` / `（令和7年度第1次補正予算）` */
  if (rd->prev_last_id && rd->prev_tail && !*rd->prev_tail) {
    GArray *after = rd->scratch_after;
    find_labels(rd, RK_LABEL_AFTER, text, len, after);
    if (after->len && g_array_index(after, LabelHit, 0).start == 0) {
      YsRecord *p = (YsRecord *)ys_record_set_get(rd->em.set, rd->prev_last_id);
      p->fiscal_year = g_array_index(after, LabelHit, 0).year;
      p->kind = g_array_index(after, LabelHit, 0).kind;
      rd->prev_last_id = 0;
      return;
    }
  }
  rd->prev_last_id = 0;
  if (ys_emit_match(&rd->em, RK_HEADING, text, len, &r)) {
    if (!ys_rule_group(rd->em.md, r->groups[G_ITEM], &s, &e)) {
      s = 0;
      e = len;
    }
    g_autofree char *item = ys_emit_clean_item(&rd->em, text + s, e - s);
    ys_section_start(rd, item);
    return;
  }
  /* labelled parts: the line alone, or every cell of it (`「プロジェクト型」<TAB>「チャレンジ型」`)
   */
  GPtrArray *parts = rd->scratch_parts;
  g_ptr_array_set_size(parts, 0);
  for (gsize cs = 0; cs <= len;) {
    const char *tab = memchr(text + cs, '\t', len - cs);
    gsize ce = tab ? (gsize)(tab - text) : len, a = cs, b = ce;
    while (a < b && g_ascii_isspace(text[a]))
      a++;
    while (b > a && g_ascii_isspace(text[b - 1]))
      b--;
    if (a < b) {
      if (!ys_emit_match(&rd->em, RK_PART, text + a, b - a, &r)) {
        g_ptr_array_set_size(parts, 0);
        break;
      }
      if (!ys_rule_group(rd->em.md, r->groups[G_ITEM], &s, &e)) {
        s = 0;
        e = b - a;
      }
      g_ptr_array_add(parts, ys_emit_clean_item(&rd->em, text + a + s, e - s));
    }
    cs = ce + 1;
  }
  if (parts->len) {
    g_ptr_array_set_size(rd->parts, 0);
    for (guint i = 0; i < parts->len; i++) { /* moved, not copied */
      g_ptr_array_add(rd->parts, parts->pdata[i]);
      parts->pdata[i] = NULL;
    }
    g_ptr_array_set_size(parts, 0);
    return;
  }
  if (ys_emit_match(&rd->em, RK_OUTLINE, text, len, &r))
    ys_outline_enter(rd, r->style ? r->style : r->name);
  GArray *labels = rd->scratch_labels;
  find_labels(rd, RK_LABEL, text, len, labels);
  for (guint i = labels->len; i-- > 0;) /* a change label is for the figure right behind it */
    if (g_array_index(labels, LabelHit, i).role != COL_NONE)
      g_array_remove_index(labels, i);
  if (labels->len)
    g_array_append_vals(rd->queue, labels->data, labels->len);
  else
    g_array_set_size(rd->queue, 0);
  rd->has_caption = FALSE; /* a line between the items ends the list */
  g_clear_pointer(&rd->pending_name, g_free);
  rd->pending_marked = FALSE;
  if (ys_emit_match(&rd->em, RK_NAME_START, text, len, &r)) {
    if (!ys_rule_group(rd->em.md, r->groups[G_ITEM], &s, &e)) {
      s = 0;
      e = len;
    }
    rd->pending_name = ys_emit_clean_item(&rd->em, text + s, e - s);
    rd->pending_minor = r->line_scope;
    rd->pending_marked = r->has_mark;
    rd->pending_mark = r->mark;
  }
}

/* What the amounts of one line share while they are read, left to right. */
typedef struct {
  const YsNormLine *line;
  const char *text;
  gsize len;
  GArray *found;       /* Found: the line's amounts */
  OutlineLevel *level; /* the outline level of the line's marker, or NULL */
  gsize anchor;        /* end of that marker: names start after it */
  gboolean aside;      /* a ※ note: its amounts are parts of nothing */
  char *aside_item;    /* … with an item of its own (計算基盤の環境整備), or NULL */
  Marks marks;         /* the marks of the whole line */
  GArray *labels;      /* LabelHit: the line's year/kind labels */
  gboolean own_label;  /* an amount took a label of its own line */
  gboolean minor;      /* the line's name is for the line only (うち…) */
  char *line_item;     /* the line's first accepted name */
  char *row_item;      /* the label of the row's first cell, or NULL */
  gsize prev_end;      /* end of what the amounts before have read */
  guint prev_id;       /* the amount before on this line, 0 none */
} AmountLine;

/* Phase 1: the line's own context — its outline marker, whether it is a ※ aside, its marks and
 * labels, the label of its first cell. */
static void amount_line_start(YsReader *rd, AmountLine *al) {
  const Rule *r;
  gsize ms, me;
  const char *text = al->text;
  gsize len = al->len;
  if (ys_emit_match(&rd->em, RK_OUTLINE, text, len, &r)) {
    al->level = ys_outline_enter(rd, r->style ? r->style : r->name);
    if (ys_rule_group(rd->em.md, r->groups[G_MARKER], &ms, &me) ||
        ys_rule_whole(rd->em.md, &ms, &me))
      al->anchor = me;
  }
  const Rule *aside_rule = NULL;
  al->aside = ys_emit_match(&rd->em, RK_ASIDE, text, len, &aside_rule);
  /* ※上記の他、…の環境整備として、76億円: its own item */
  if (al->aside && ys_rule_group(rd->em.md, aside_rule->groups[G_ITEM], &ms, &me))
    al->aside_item = ys_emit_clean_item(&rd->em, text + ms, me - ms);
  if (al->aside_item && !ys_emit_item_ok(&rd->em, al->aside_item))
    g_clear_pointer(&al->aside_item, g_free);
  if (rd->pending_name && rd->pending_marked)
    ys_emit_apply_mark(&al->marks, rd->pending_mark);
  ys_emit_marks(&rd->em, SIDE_LINE, text, len, &al->marks);
  al->labels = rd->scratch_labels;
  find_labels(rd, RK_LABEL, text, len, al->labels);
  al->minor = rd->pending_name && rd->pending_minor;
  al->row_item = row_label(rd, text, len, al->anchor, g_array_index(al->found, Found, 0).s);
  al->prev_end = al->anchor;
}

/* Phase 2a: the item of amount I (F), behind label LAB (or NULL): the name before it in its
 * cell (a name-start line before joined in front), else the line's name, the row's label or
 * the current item. The result lives in AL, RD or *NAME (g_free). */
static const char *amount_item(YsReader *rd, AmountLine *al, guint i, const Found *f,
                               const LabelHit *lab, char **name) {
  const char *text = al->text;
  const Rule *mr;
  if (i == 0 && ys_emit_match(&rd->em, RK_MINOR_NAME, text + al->prev_end,
                              (lab ? lab->start : f->s) - al->prev_end, &mr)) {
    al->minor = TRUE;
    if (mr->has_mark) /* (うちAMED予算額(案) 583億円…): a portion of the figure above */
      ys_emit_apply_mark(&al->marks, mr->mark);
  }
  gsize cs = cell_start(text, al->prev_end, f->s);
  gsize seg_end = lab && lab->start >= cs ? lab->start : f->s;
  g_autofree char *seg = ys_emit_clean_item(&rd->em, text + cs, seg_end - cs);
  if (!*seg && lab) { /* 令和7年度補正予算に、AMED対象経費として404億円 */
    gsize from = lab->end > cs ? lab->end : cs;
    g_free(seg);
    seg = ys_emit_clean_item(&rd->em, text + from, f->s - from);
  }
  if (i == 0 && rd->pending_name) {
    g_autofree char *joined = g_strconcat(rd->pending_name, seg, NULL);
    *name = ys_emit_clean_item(&rd->em, joined, strlen(joined));
  } else {
    *name = g_strdup(seg);
  }
  if (al->aside_item)
    return al->aside_item;
  if (ys_emit_item_ok(&rd->em, *name)) {
    if (!al->line_item && i == 0)
      al->line_item = g_strdup(*name);
    return *name;
  }
  if (al->line_item)
    return al->line_item;
  if (!lab && al->row_item) {
    if (i == 0)
      al->line_item = g_strdup(al->row_item);
    return al->row_item;
  }
  /* a cell of a label and its figure only (`令和7年度補正予算額 59億円`, `対前年度 -2億円`) */
  return rd->current_item;
}

/* Phase 2b: the year and kind of amount I (F), behind label LAB (or NULL): that label; else a
 * prior-gap from the amount before (`54億円(54億円)`); else an earlier label on the line; else a
 * label queued from the lines above (or the caption of a one-figure list); else the section
 * headline's (*DEFAULTED). A label-after right behind it overrides. */
static LabelHit amount_year_kind(YsReader *rd, AmountLine *al, guint i, const Found *f,
                                 const LabelHit *lab, gboolean *defaulted) {
  const char *text = al->text;
  LabelHit yk = {0, 0, ys_emit_default_year(&rd->em), YS_KIND_INITIAL, COL_NONE};
  *defaulted = FALSE;
  const YsRecord *prev = al->prev_id ? ys_record_set_get(rd->em.set, al->prev_id) : NULL;
  g_autofree char *gap = NULL;
  if (prev)
    gap = g_strndup(text + al->prev_end, f->s - al->prev_end);
  else if (i == 0 && rd->prev_last_id && rd->prev_tail) {
    prev = ys_record_set_get(rd->em.set, rd->prev_last_id);
    gap = g_strconcat(rd->prev_tail, " ", NULL);
    g_autofree char *head = g_strndup(text, f->s);
    char *both = g_strconcat(gap, head, NULL);
    g_free(gap);
    gap = both;
  }
  const LabelHit *earlier = label_between(al->labels, 0, f->s);
  if (lab) {
    yk = *lab;
    al->own_label = TRUE;
  } else if (prev && ys_emit_match(&rd->em, RK_PRIOR, gap, strlen(gap), NULL)) {
    yk.year = prev->fiscal_year ? prev->fiscal_year - 1 : 0;
    yk.kind = prev->kind;
  } else if (earlier && earlier->role == COL_NONE) { /* a change label: its own figure only */
    yk = *earlier;
    al->own_label = TRUE;
  } else if (rd->queue->len) {
    yk = g_array_index(rd->queue, LabelHit, 0);
    rd->has_caption = rd->queue->len == 1 && al->found->len == 1;
    rd->caption = yk;
    g_array_remove_index(rd->queue, 0);
  } else if (rd->has_caption && al->found->len == 1) {
    yk = rd->caption;
  } else {
    *defaulted = TRUE;
    const YsRecord *head =
        rd->headline->len ? ys_record_set_get(rd->em.set, g_array_index(rd->headline, guint, 0))
                          : NULL;
    if (head) {
      yk.year = head->fiscal_year;
      yk.kind = head->kind;
    }
  }
  GArray *after = rd->scratch_after;
  find_labels(rd, RK_LABEL_AFTER, text + f->e, al->len - f->e, after);
  if (after->len && g_array_index(after, LabelHit, 0).start == 0) {
    yk.year = g_array_index(after, LabelHit, 0).year;
    yk.kind = g_array_index(after, LabelHit, 0).kind;
    *defaulted = FALSE;
  }
  return yk;
}

/* Phase 2c: where REC stands: a ※ aside is part of nothing; a labelled part waiting is a part
 * of the section headline; on a marker line it is a part of the enclosing level's figure; a
 * figure of the section's own item before any outline is its headline. */
static void amount_structure(YsReader *rd, AmountLine *al, YsRecord *rec, gboolean defaulted) {
  guint id = rec->id;
  if (al->aside) {
    /* a note beside the page's figures: part of nothing */
  } else if (rd->parts->len) {
    g_autofree char *part = g_ptr_array_steal_index(rd->parts, 0);
    guint head = rd->headline->len ? g_array_index(rd->headline, guint, 0) : 0;
    const YsRecord *h = ys_record_set_get(rd->em.set, head);
    if (h) {
      rec->parent_id = head;
      if (defaulted) {
        rec->fiscal_year = h->fiscal_year;
        rec->kind = h->kind;
      }
      rec->group = ys_record_set_keep_str(rd->em.set, part);
      rec->item = ys_record_set_keep_joined(rd->em.set, h->item, part);
    } else {
      set_item(rd, rec, part);
    }
  } else if (al->level) {
    rec->parent_id = ys_outline_parent(rd, al->level, rec->fiscal_year, rec->kind);
    g_array_append_val(al->level->ids, id);
  } else if (rd->section_item && !rd->outline_seen && strcmp(rec->item, rd->section_item) == 0 &&
             rec->kind != YS_KIND_OTHER && rec->role == YS_ROLE_AMOUNT) {
    g_array_append_val(rd->headline, id);
    rec->level = YS_LEVEL_HEADING;
  }
}

/* Phase 2: amount I (F) of the line as a record; returns it. */
static YsRecord *amount_record(YsReader *rd, AmountLine *al, guint i, const Found *f) {
  const char *text = al->text;
  gsize len = al->len;
  const LabelHit *lab = label_between(al->labels, al->prev_end, f->s);
  g_autofree char *name = NULL;
  const char *item = amount_item(rd, al, i, f, lab, &name);
  gboolean defaulted;
  LabelHit yk = amount_year_kind(rd, al, i, f, lab, &defaulted);
  /* qualifiers */
  Marks m = al->marks;
  ys_emit_marks(&rd->em, SIDE_BEFORE, text + al->prev_end, f->s - al->prev_end, &m);
  ys_emit_marks(&rd->em, SIDE_AFTER, text + f->e, len - f->e, &m);
  /* the record, quoting the cell the figure stands in (a line may hold a heading cell too) */
  gsize cell_s = f->s, cell_e = f->e;
  while (cell_s > 0 && text[cell_s - 1] != '\t')
    cell_s--;
  while (cell_e < len && text[cell_e] != '\t')
    cell_e++;
  YsRecord *rec = ys_emit_add(&rd->em, al->line, &f->a, text + cell_s, cell_e - cell_s);
  rec->fiscal_year = yk.year;
  rec->kind = m.other ? YS_KIND_OTHER : yk.kind;
  rec->qualifier = m.qualifier;
  rec->is_new = m.is_new;
  set_item(rd, rec, item);
  if (yk.role == COL_DIFFERENCE) { /* 対前年度 -2億円: the change from the year before */
    rec->role = YS_ROLE_DIFFERENCE;
    rec->base_year = yk.year ? yk.year - 1 : 0;
    rec->base_kind = yk.kind;
  }
  amount_structure(rd, al, rec, defaulted);
  al->prev_end = ys_emit_breakdown(&rd->em, al->line, rec->id, text, len, f->e);
  if (yk.role == COL_DIFFERENCE)
    al->prev_end = rate_after(rd, al->line, rec->id, text, len, al->prev_end);
  return rec;
}

/* A line with amounts: its context (phase 1), then each amount left to right (phase 2), then
 * what the lines below inherit from it (phase 3): the current item, the amount line before. */
static void line_with_amounts(YsReader *rd, const YsNormLine *line, const char *text, gsize len,
                              GArray *found) {
  AmountLine al = {.line = line, .text = text, .len = len, .found = found};
  amount_line_start(rd, &al);
  guint last_id = 0;
  for (guint i = 0; i < found->len; i++) {
    const Found *f = &g_array_index(found, Found, i);
    if (f->s < al.prev_end)
      continue; /* inside a breakdown already read */
    al.prev_id = last_id = amount_record(rd, &al, i, f)->id;
  }
  if (al.own_label) {
    g_array_set_size(rd->queue, 0);
    rd->has_caption = FALSE;
  }
  g_ptr_array_set_size(rd->parts, 0); /* parts are for the amount line right below them */
  rd->pending_marked = FALSE;
  if (al.line_item && !al.aside && !al.minor) {
    g_free(rd->current_item);
    rd->current_item = g_strdup(al.line_item);
  }
  g_clear_pointer(&rd->pending_name, g_free);
  rd->prev_last_id = last_id;
  g_free(rd->prev_tail);
  rd->prev_tail = ys_emit_strndup_stripped(text + al.prev_end, len - al.prev_end);
  g_free(al.aside_item);
  g_free(al.line_item);
  g_free(al.row_item);
}

/* ---- the public reader ------------------------------------------------------------------ */

YsReader *ys_reader_new(const YsRules *rules, const char *source) {
  g_return_val_if_fail(rules, NULL);
  YsReader *rd = g_new0(YsReader, 1);
  ys_emit_init(&rd->em, rules, source ? source : "");
  rd->table = ys_table_new(&rd->em);
  rd->queue = g_array_new(FALSE, FALSE, sizeof(LabelHit));
  rd->headline = g_array_new(FALSE, FALSE, sizeof(guint));
  rd->parts = g_ptr_array_new_with_free_func(g_free);
  rd->outline = g_ptr_array_new_with_free_func(ys_outline_free);
  rd->scratch_found = g_array_new(FALSE, FALSE, sizeof(Found));
  rd->scratch_labels = g_array_new(FALSE, FALSE, sizeof(LabelHit));
  rd->scratch_after = g_array_new(FALSE, FALSE, sizeof(LabelHit));
  rd->scratch_parts = g_ptr_array_new_with_free_func(g_free);
  return rd;
}

void ys_reader_set_year(YsReader *rd, int fiscal_year) {
  rd->em.year_override = fiscal_year;
}

void ys_reader_free(YsReader *rd) {
  if (!rd)
    return;
  ys_table_free(rd->table);
  ys_emit_clear(&rd->em);
  g_free(rd->current_item);
  g_free(rd->pending_name);
  g_free(rd->section_item);
  g_free(rd->prev_tail);
  g_array_unref(rd->queue);
  g_array_unref(rd->headline);
  g_ptr_array_unref(rd->parts);
  g_ptr_array_unref(rd->outline);
  g_array_unref(rd->scratch_found);
  g_array_unref(rd->scratch_labels);
  g_array_unref(rd->scratch_after);
  g_ptr_array_unref(rd->scratch_parts);
  g_free(rd);
}

static void page_end(YsReader *rd, gboolean final);

/* The place in the outline of the records the line reader made (the ledger places its own): a
 * record that is part of nothing stands for its item; a part is its parent's path and its own
 * name under it — a breakdown's label (文部科学省), an outline child's item. */
static void summary_paths(YsRecordSet *set) {
  for (guint i = 0; i < set->records->len; i++) {
    YsRecord *r = g_ptr_array_index(set->records, i);
    if (r->path && *r->path)
      continue;
    const YsRecord *p =
        r->parent_id && r->parent_id < r->id ? ys_record_set_get(set, r->parent_id) : NULL;
    if (!p || !p->path || !*p->path) {
      r->path = ys_record_set_keep_str(set, r->item ? r->item : "");
      continue;
    }
    const char *leaf = r->group && *r->group ? r->group : r->item ? r->item : "";
    gsize plen = p->item ? strlen(p->item) : 0;
    if (leaf == r->item && plen && g_str_has_prefix(leaf, p->item) && leaf[plen] == '/')
      leaf += plen + 1; /* <parent>/<part> */
    g_autofree char *path = g_strconcat(p->path, " / ", leaf, NULL);
    r->path = ys_record_set_keep_str(set, path);
    if (r->level == YS_LEVEL_NONE)
      r->level = r->group && *r->group ? YS_LEVEL_BREAKDOWN : YS_LEVEL_OUTLINE;
  }
}

YsRecordSet *ys_reader_finish(YsReader *rd) {
  g_return_val_if_fail(rd, NULL);
  page_end(rd, TRUE); /* a page taken by the ledger is read now */
  if (!rd->em.set->fiscal_year)
    rd->em.set->fiscal_year = rd->em.year_override;
  summary_paths(rd->em.set);
  YsRecordSet *set = rd->em.set;
  rd->em.set = NULL;
  ys_reader_free(rd);
  return set;
}

static void document_facts(YsReader *rd, const YsNormLine *line, const char *text, gsize len) {
  const Rule *r;
  gsize s, e;
  if (!rd->em.set->fiscal_year && ys_emit_match(&rd->em, RK_DOC_YEAR, text, len, &r) &&
      ys_rule_group(rd->em.md, r->groups[G_YEAR], &s, &e)) {
    int era = 0;
    rd->em.set->fiscal_year = ys_rules_year(rd->em.rules, text + s, e - s, 0, &era);
    if (era)
      rd->em.era_offset = era;
  }
  if (!rd->em.set->rounding_text && ys_emit_match(&rd->em, RK_ROUNDING, text, len, &r) &&
      ys_rule_group(rd->em.md, r->groups[G_MODE], &s, &e)) {
    const Entry *en = ys_rules_lookup(rd->em.rules->roundings, text + s, e - s);
    if (en) {
      rd->em.set->rounding = en->number;
      rd->em.set->rounding_page = line->page;
      rd->em.set->rounding_text = ys_emit_strndup_stripped(text, len);
    }
  }
}

static gboolean is_blank(const char *text) {
  const char *p = text;
  while (g_ascii_isspace(*p))
    p++;
  return *p == '\0';
}

static void feed_line(YsReader *rd, const YsNormLine *line, const char *text, gsize len);

/* Feeds one line (not blank) to the readers, with the characters it holds for the prechecks. */
static void feed_one(YsReader *rd, const YsNormLine *line) {
  const char *text = line->text ? line->text : "";
  gsize len = line->text ? line->len : 0;
  if (is_blank(text)) /* nothing to read: not even its characters are looked at */
    return;
  ys_emit_begin_line(&rd->em, text, len);
  feed_line(rd, line, text, len);
  ys_emit_end_line(&rd->em);
}

/* A page ends (FINAL: the document): the ledger reads what it took; lines it gives back, which
 * were no table after all, are read again by the line reader. */
static void page_end(YsReader *rd, gboolean final) {
  g_autoptr(GPtrArray) back = g_ptr_array_new_with_free_func(ys_table_given_free);
  ys_table_page_end(rd->table, final, back);
  ys_table_give_back(rd->table, TRUE);
  for (guint i = 0; i < back->len; i++)
    feed_one(rd, g_ptr_array_index(back, i));
  ys_table_give_back(rd->table, FALSE);
  if (back->len)
    ys_table_page_end(rd->table, final, back); /* a summary table among them */
}

static void feed_line(YsReader *rd, const YsNormLine *line, const char *text, gsize len) {
  document_facts(rd, line, text, len);
  if (ys_table_feed(rd->table, line, rd->current_item))
    return;
  if (ys_emit_match(&rd->em, RK_SECTION_END, text, len, NULL)) {
    ys_section_end(rd);
    /* a footer closes its programme: what follows before the next heading is no part of it */
    g_clear_pointer(&rd->current_item, g_free);
    rd->prev_last_id = 0;
    return;
  }
  GArray *found = rd->scratch_found;
  ys_emit_find_all(&rd->em, text, len, found);
  if (found->len == 0)
    line_without_amounts(rd, line, text, len);
  else
    line_with_amounts(rd, line, text, len, found);
}

gboolean ys_reader_feed(YsReader *rd, const YsNormLine *line, GError **error) {
  g_return_val_if_fail(rd && line && rd->em.set, FALSE);
  if (line->page != rd->last_page) {
    page_end(rd, FALSE);
    if (rd->last_page)
      ys_section_end(rd);
    rd->prev_last_id = 0;
    rd->last_page = line->page;
  }
  feed_one(rd, line);
  return TRUE;
}
