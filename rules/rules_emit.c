/* rules — the matching and record-making context the readers share (rules_emit.h): whether a
 * rule kind can match the line at all (one cached answer per kind and line, from the rules'
 * prechecks), matching a kind, cleaning item names, finding amounts that no ignore rule covers,
 * and adding records (amounts, rates, breakdown children) to the document's set. */
#include <string.h>

#include "rules/rules_emit.h"

void ys_emit_init(YsEmit *em, const YsRules *rules, const char *source) {
  memset(em, 0, sizeof *em);
  em->rules = rules;
  em->md = pcre2_match_data_create(64, NULL);
  em->set = ys_record_set_new_stored(source);
  em->record_source = ys_record_set_keep_str(em->set, source);
  em->scratch_item[0] = g_string_new(NULL);
  em->scratch_item[1] = g_string_new(NULL);
  em->scratch_counted = g_array_new(FALSE, FALSE, sizeof(Found));
  em->scratch_ignore = g_array_new(FALSE, FALSE, sizeof(gsize));
  em->need_seen = g_new0(guint8, rules->n_needs + 1);
}

void ys_emit_clear(YsEmit *em) {
  ys_record_set_free(em->set);
  em->set = NULL;
  pcre2_match_data_free(em->md);
  g_string_free(em->scratch_item[0], TRUE);
  g_string_free(em->scratch_item[1], TRUE);
  g_array_unref(em->scratch_counted);
  g_array_unref(em->scratch_ignore);
  g_free(em->need_seen);
}

void ys_emit_begin_line(YsEmit *em, const char *text, gsize len) {
  /* the line's characters, for this line only: its buffer is not ours once it is read */
  ys_line_chars_set_cached(&em->chars, text, len, em->need_seen, em->rules->n_needs);
  memset(em->kind_seen, 0, sizeof em->kind_seen);
}

void ys_emit_end_line(YsEmit *em) {
  ys_line_chars_set(&em->chars, NULL, 0);
}

void ys_emit_mark_parts_complete(YsEmit *em, guint parent_id) {
  YsRecord *p = parent_id ? ys_emit_record(em, parent_id) : NULL;
  if (p)
    p->parts_complete = TRUE;
}

YsRecord *ys_emit_record(YsEmit *em, guint id) {
  return (YsRecord *)ys_record_set_get(em->set, id);
}

gboolean ys_emit_cell_amount(YsEmit *em, const char *text, gsize len, const Unit *bare, Amount *a,
                             gsize *end) {
  gsize as, ae, gs, ge;
  const Rule *r;
  if (ys_emit_find_counted_amount(em, text, len, &as, &ae, a)) {
    if (end)
      *end = ae;
    return TRUE;
  }
  if (!bare || !ys_emit_match(em, RK_BARE_NUMBER, text, len, &r))
    return FALSE;
  if (!ys_rule_group(em->md, r->groups[G_AMOUNT], &gs, &ge)) {
    gs = 0;
    ge = len;
  }
  if (!ys_amount_parse(em->rules, text + gs, ge - gs, bare, a, NULL))
    return FALSE;
  if (end)
    *end = ge;
  return TRUE;
}

/* ---- matching --------------------------------------------------------------------------- */

gboolean ys_emit_kind_possible(YsEmit *em, RuleKind kind, const char *text, gsize len) {
  const YsLineChars *lc = &em->chars;
  if (!lc->text || text < lc->text || text + len > lc->text + lc->len)
    return TRUE;
  if (em->kind_seen[kind] == 0) {
    /* The kind's union precheck when it has one; else each rule's, asked of the whole line,
     * which also fills the per-need cache its own ys_rule_match calls then answer from. */
    const RuleNeed *kind_need = em->rules->kind_need[kind];
    gboolean any = kind_need ? ys_need_present_in_line(kind_need, &em->chars) : FALSE;
    const GPtrArray *rs = em->rules->by_kind[kind];
    for (guint i = 0; i < rs->len && !any && !kind_need; i++) {
      const Rule *r = g_ptr_array_index(rs, i);
      any = ys_need_present_in_line(r->need, &em->chars);
    }
    em->kind_seen[kind] = any ? 2 : 1;
  }
  return em->kind_seen[kind] == 2; /* what the whole line lacks, no part of it holds */
}

gboolean ys_emit_match(YsEmit *em, RuleKind kind, const char *text, gsize len, const Rule **which) {
  if (!ys_emit_kind_possible(em, kind, text, len))
    return FALSE;
  const GPtrArray *rs = em->rules->by_kind[kind];
  for (guint i = 0; i < rs->len; i++) {
    const Rule *r = g_ptr_array_index(rs, i);
    if (ys_rule_match(r, r->re, text, len, 0, em->md, &em->chars)) {
      if (which)
        *which = r;
      return TRUE;
    }
  }
  return FALSE;
}

/* Appends S without R's matches to OUT; FALSE (OUT untouched) when R does not match S. */
static gboolean strip_matches(YsEmit *em, const Rule *r, const GString *s, GString *out,
                              YsLineChars *lc) {
  gsize pos = 0;
  gboolean any = FALSE;
  while (pos <= s->len && ys_rule_match(r, r->re, s->str, s->len, pos, em->md, lc)) {
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(em->md);
    any = TRUE;
    g_string_append_len(out, s->str + pos, ov[0] - pos);
    if (ov[1] == ov[0]) { /* empty match: copy one character and go on */
      if (ov[0] >= s->len)
        break;
      const char *next = g_utf8_next_char(s->str + ov[0]);
      g_string_append_len(out, s->str + ov[0], next - (s->str + ov[0]));
      pos = next - s->str;
    } else {
      pos = ov[1];
    }
  }
  if (any && pos < s->len)
    g_string_append_len(out, s->str + pos, s->len - pos);
  return any;
}

/* Removes every match of every item-strip rule, in rule order. */
char *ys_emit_clean_item(YsEmit *em, const char *text, gsize len) {
  return ys_emit_strip(em, RK_ITEM_STRIP, text, len);
}

char *ys_emit_clean_name(YsEmit *em, const char *text, gsize len) {
  return ys_emit_strip(em, RK_NAME_STRIP, text, len);
}

char *ys_emit_strip(YsEmit *em, RuleKind kind, const char *text, gsize len) {
  GString *s = em->scratch_item[0], *out = em->scratch_item[1];
  g_string_truncate(s, 0);
  g_string_append_len(s, text, len);
  /* The item's own characters let the rules' prechecks skip their memmem. */
  YsLineChars lc;
  ys_line_chars_set(&lc, s->str, s->len);
  const GPtrArray *rs = em->rules->by_kind[kind];
  for (guint i = 0; i < rs->len; i++) {
    const Rule *r = g_ptr_array_index(rs, i);
    g_string_truncate(out, 0);
    if (!strip_matches(em, r, s, out, &lc))
      continue;
    GString *t = s;
    s = out;
    out = t;
    ys_line_chars_set(&lc, s->str, s->len); /* the item the next rule strips */
  }
  return g_strndup(s->str, s->len);
}

gboolean ys_emit_item_ok(YsEmit *em, const char *item) {
  if (!item || !*item)
    return FALSE;
  if (em->rules->by_kind[RK_ITEM_NAME]->len == 0)
    return TRUE;
  return ys_emit_match(em, RK_ITEM_NAME, item, strlen(item), NULL);
}

/* ---- amounts ---------------------------------------------------------------------------- */

/* Spans of ignore rules, as start/end pairs into SPANS: amounts overlapping one are not
 * amounts. */
static void ignore_spans(YsEmit *em, const char *text, gsize len, GArray *spans) {
  g_array_set_size(spans, 0);
  if (!ys_emit_kind_possible(em, RK_IGNORE, text, len))
    return;
  const GPtrArray *rs = em->rules->by_kind[RK_IGNORE];
  for (guint i = 0; i < rs->len; i++) {
    const Rule *r = g_ptr_array_index(rs, i);
    gsize pos = 0;
    while (ys_rule_match(r, r->re, text, len, pos, em->md, &em->chars)) {
      PCRE2_SIZE *ov = pcre2_get_ovector_pointer(em->md);
      gsize se[2] = {ov[0], ov[1]};
      g_array_append_vals(spans, se, 2);
      pos = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    }
  }
}

gboolean ys_emit_find_amount(YsEmit *em, const char *text, gsize len, gsize start, gsize *s,
                             gsize *e, Amount *a) {
  if (!ys_emit_kind_possible(em, RK_AMOUNT, text, len))
    return FALSE;
  const GPtrArray *rs = em->rules->by_kind[RK_AMOUNT];
  gboolean found = FALSE;
  gsize best_s = 0, best_e = 0;
  for (guint i = 0; i < rs->len; i++) {
    const Rule *r = g_ptr_array_index(rs, i);
    gsize pos = start;
    while (ys_rule_match(r, r->re, text, len, pos, em->md, &em->chars)) {
      gsize ms = 0, me = 0;
      if (!ys_rule_group(em->md, r->groups[G_AMOUNT], &ms, &me))
        ys_rule_whole(em->md, &ms, &me);
      Amount tmp;
      if (me > ms && ys_amount_parse(em->rules, text + ms, me - ms, NULL, &tmp, NULL)) {
        if (!found || ms < best_s) {
          found = TRUE;
          best_s = ms;
          best_e = me;
          *a = tmp;
        }
        break;
      }
      PCRE2_SIZE *ov = pcre2_get_ovector_pointer(em->md);
      pos = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    }
  }
  if (found) {
    *s = best_s;
    *e = best_e;
  }
  return found;
}

/* Every amount of the line that no ignore rule covers, into FOUND. */
void ys_emit_find_all(YsEmit *em, const char *text, gsize len, GArray *found) {
  g_array_set_size(found, 0);
  /* the spans that are never amounts, looked for once there is an amount to weigh against
   * them: most lines hold none (a calculation's `*` in prose costs a PCRE2 run otherwise) */
  GArray *ign = em->scratch_ignore;
  gboolean ign_known = FALSE;
  gsize pos = 0;
  Found f;
  while (pos < len && ys_emit_find_amount(em, text, len, pos, &f.s, &f.e, &f.a)) {
    if (!ign_known) {
      ignore_spans(em, text, len, ign);
      ign_known = TRUE;
    }
    gboolean skip = FALSE;
    for (guint i = 0; i + 1 < ign->len; i += 2)
      if (f.s < g_array_index(ign, gsize, i + 1) && g_array_index(ign, gsize, i) < f.e)
        skip = TRUE;
    if (!skip)
      g_array_append_val(found, f);
    pos = f.e > f.s ? f.e : f.s + 1;
  }
}

gboolean ys_emit_ignored(YsEmit *em, const char *text, gsize len) {
  GArray *spans = em->scratch_ignore;
  ignore_spans(em, text, len, spans);
  return spans->len > 0;
}

gboolean ys_emit_find_counted_amount(YsEmit *em, const char *text, gsize len, gsize *s, gsize *e,
                                     Amount *a) {
  GArray *found = em->scratch_counted; /* the table's cells: never while a line's are in use */
  ys_emit_find_all(em, text, len, found);
  if (!found->len)
    return FALSE;
  const Found *f = &g_array_index(found, Found, 0);
  *s = f->s;
  *e = f->e;
  *a = f->a;
  return TRUE;
}

int ys_emit_default_year(const YsEmit *em) {
  return em->set->fiscal_year ? em->set->fiscal_year : em->year_override;
}

/* ---- marks ------------------------------------------------------------------------------ */

static int qualifier_rank(YsQualifier q) {
  return q == YS_QUAL_PORTION  ? 4
         : q == YS_QUAL_PER    ? 3
         : q == YS_QUAL_MAX    ? 2
         : q == YS_QUAL_APPROX ? 1
                               : 0;
}

void ys_emit_apply_mark(Marks *m, MarkValue v) {
  YsQualifier q = YS_QUAL_NONE;
  switch (v) {
  case MARK_PORTION:
    q = YS_QUAL_PORTION;
    break;
  case MARK_APPROX:
    q = YS_QUAL_APPROX;
    break;
  case MARK_MAX:
    q = YS_QUAL_MAX;
    break;
  case MARK_PER:
    q = YS_QUAL_PER;
    m->other = TRUE;
    break;
  case MARK_NEW:
    m->is_new = TRUE;
    break;
  case MARK_OTHER:
    m->other = TRUE;
    break;
  }
  if (qualifier_rank(q) > qualifier_rank(m->qualifier))
    m->qualifier = q;
}

void ys_emit_marks(YsEmit *em, MarkSide side, const char *text, gsize len, Marks *m) {
  if (!ys_emit_kind_possible(em, RK_MARK, text, len))
    return;
  const GPtrArray *rs = em->rules->by_kind[RK_MARK];
  for (guint i = 0; i < rs->len; i++) {
    const Rule *r = g_ptr_array_index(rs, i);
    if (r->side == side && ys_rule_match(r, r->re, text, len, 0, em->md, &em->chars))
      ys_emit_apply_mark(m, r->mark);
  }
}

/* ---- records ---------------------------------------------------------------------------- */

/* TEXT[0..LEN) (to a NUL before LEN) without the ASCII spaces around it, as [*S, *E). */
static void stripped_span(const char *text, gsize len, gsize *s, gsize *e) {
  len = strnlen(text, len);
  while (len > 0 && g_ascii_isspace(text[len - 1]))
    len--;
  gsize from = 0;
  while (from < len && g_ascii_isspace(text[from]))
    from++;
  *s = from;
  *e = len;
}

/* The same, newly allocated: g_strstrip's result without a copy to strip first. */
char *ys_emit_strndup_stripped(const char *text, gsize len) {
  gsize s, e;
  stripped_span(text, len, &s, &e);
  return g_strndup(text + s, e - s);
}

/* The box of TEXT on LINE: the cell that holds it, the line's height. A PDF line has a height;
 * a line of text input is all zeros (no box). */
static void record_box(YsRecord *r, const YsNormLine *line, const char *text) {
  if (!(line->y1 > line->y0))
    return;
  r->has_box = TRUE;
  r->x0 = line->x0;
  r->x1 = line->x1;
  r->y0 = line->y0;
  r->y1 = line->y1;
  if (!line->cells || !line->text || text < line->text || text > line->text + line->len)
    return;
  guint cell = 0;
  for (const char *p = line->text; p < text; p++)
    cell += *p == '\t';
  if (cell < line->cells->len) {
    const YsCellSpan *sp = &g_array_index(line->cells, YsCellSpan, cell);
    r->x0 = sp->x0;
    r->x1 = sp->x1;
  }
}

YsRecord *ys_emit_add(YsEmit *em, const YsNormLine *line, const Amount *a, const char *text,
                      gsize tlen) {
  YsRecordSet *set = em->set;
  YsRecord *r = ys_record_set_add(set);
  r->source = em->record_source;
  r->page = line->page;
  r->line = line->line;
  r->fiscal_year = ys_emit_default_year(em);
  if (a) {
    r->amount_yen = a->amount;
    r->rounding_unit_yen = a->rounding_unit;
    r->unit_yen = a->unit_yen;
    r->unit = ys_record_set_keep_shared(set, a->unit->name);
    r->currency = ys_record_set_keep_shared(set, a->unit->currency);
  }
  gsize s, e;
  stripped_span(text, tlen, &s, &e);
  r->text = ys_record_set_keep(set, text + s, e - s);
  /* the records of one line share its text */
  if (!em->record_line || strcmp(em->record_line, line->text) != 0)
    em->record_line = ys_record_set_keep_str(set, line->text);
  r->line_text = em->record_line;
  r->item = ys_record_set_keep_shared(set, "");
  r->path = ys_record_set_keep_shared(set, "");
  record_box(r, line, text);
  return r;
}

YsRecord *ys_emit_add_rate(YsEmit *em, const YsNormLine *line, const char *text, gsize tlen,
                           gint64 scaled, int decimals) {
  YsRecord *rec = ys_emit_add(em, line, NULL, text, tlen);
  rec->role = YS_ROLE_RATE;
  rec->unit = ys_record_set_keep_shared(em->set, "%");
  rec->currency = ys_record_set_keep_shared(em->set, "");
  rec->rate_scaled = scaled;
  rec->rate_decimals = decimals;
  return rec;
}

gsize ys_emit_breakdown(YsEmit *em, const YsNormLine *line, guint parent_id, const char *text,
                        gsize len, gsize pos) {
  if (!ys_emit_kind_possible(em, RK_BREAKDOWN, text + pos, len - pos))
    return pos;
  const GPtrArray *rs = em->rules->by_kind[RK_BREAKDOWN];
  for (guint i = 0; i < rs->len; i++) {
    const Rule *r = g_ptr_array_index(rs, i);
    if (!ys_rule_match(r, r->re, text + pos, len - pos, 0, em->md, &em->chars))
      continue;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(em->md);
    gsize end = pos + ov[1], ls, le;
    if (!ys_rule_group(em->md, r->groups[G_LIST], &ls, &le)) {
      ls = ov[0];
      le = ov[1];
    }
    ls += pos;
    le += pos;
    /* records are held by pointer: PARENT stays put while children are added */
    const YsRecord *parent = ys_record_set_get(em->set, parent_id);
    const Unit *bare = ys_rules_unit(em->rules, parent->unit, strlen(parent->unit));
    gsize p = ls;
    while (p < le && ys_rule_match(r, r->re_element, text, le, p, em->md, &em->chars)) {
      PCRE2_SIZE *ev = pcre2_get_ovector_pointer(em->md);
      gsize es = ev[0], ee = ev[1], gs, ge, vs, ve;
      p = ee > es ? ee : es + 1;
      if (!ys_rule_group(em->md, r->element_groups[G_VALUE], &vs, &ve))
        continue;
      gboolean has_label = ys_rule_group(em->md, r->element_groups[G_LABEL], &gs, &ge);
      Amount a;
      if (!ys_amount_parse(em->rules, text + vs, ve - vs, bare, &a, NULL))
        continue;
      YsRecord *c = ys_emit_add(em, line, &a, text + es, ee - es);
      c->parent_id = parent_id;
      c->fiscal_year = parent->fiscal_year;
      c->kind = parent->kind;
      c->role = YS_ROLE_AMOUNT;
      if (has_label) {
        g_autofree char *label = g_strstrip(g_strndup(text + gs, ge - gs));
        const Entry *e = ys_rules_lookup(em->rules->groups, label, strlen(label));
        c->group = ys_record_set_keep_shared(em->set, e ? e->value : label);
      } else {
        c->group = ys_record_set_keep_shared(em->set, "");
      }
      c->item = ys_record_set_keep_joined(em->set, parent->item, c->group);
    }
    return end;
  }
  return pos;
}
