/* validate — ys_check_run: builds the shared context (document rounding, an index of amounts by
 * item, year and kind), runs the sum, difference/rate and duplicate checks, and sorts the
 * findings by page and line. Also the helper that turns one stated figure against one computed
 * interval into a finding with its status, tolerance and human arithmetic. */
#include "validate/check_private.h"
#include "validate/format.h"

#include <string.h>

static char *amount_key(const char *item, int year, YsBudgetKind kind) {
  return g_strdup_printf("%d|%d|%s", year, (int)kind, item != NULL ? item : "");
}

const YsRecord *ys_ctx_record(const YsCheckCtx *ctx, guint id) {
  return ys_record_set_get(ctx->set, id);
}

gint64 ys_ctx_unit_yen(const YsRecord *rec) {
  return rec->unit_yen > 0 ? rec->unit_yen : 1;
}

const char *ys_ctx_unit(const YsRecord *rec) {
  if (rec->unit != NULL && rec->unit_yen > 0)
    return rec->unit;
  return "円";
}

static gint64 rounding_unit(const YsRecord *rec) {
  if (rec->rounding_unit_yen > 0)
    return rec->rounding_unit_yen;
  return rec->unit_yen > 0 ? rec->unit_yen : 0;
}

/* REC's interval in MODE; with no mode, as printed — but (x − u, x + u) when printed coarser than
 * FINEST, the finest figure of its check (then *FORCED). */
static YsInterval interval_in(const YsRecord *rec, YsRounding mode, gint64 finest,
                              gboolean *forced) {
  if (mode != YS_ROUND_UNKNOWN)
    return ys_interval_printed(rec->amount_yen, rounding_unit(rec), mode);
  gint64 u = rounding_unit(rec);
  if (finest > 0 && u > finest) {
    /* printed coarser than the rest of the check, rounded we know not how */
    *forced = TRUE;
    YsInterval iv = {2 * (ys_wide)rec->amount_yen - 2 * (ys_wide)u,
                     2 * (ys_wide)rec->amount_yen + 2 * (ys_wide)u, TRUE, TRUE};
    return iv;
  }
  return ys_interval_point(2 * (ys_wide)rec->amount_yen);
}

YsInterval ys_ctx_interval(YsCheckCtx *ctx, const YsRecord *rec) {
  return interval_in(rec, ctx->mode, ctx->finest, &ctx->forced);
}

YsInterval ys_record_interval(YsCheckCtx *ctx, const YsRecord *rec, YsRounding mode) {
  return interval_in(rec, mode, ctx->finest, &ctx->forced);
}

void ys_ctx_precision(YsCheckCtx *ctx, const YsRecord *const *ops, guint n) {
  ctx->finest = 0;
  ctx->forced = FALSE;
  for (guint i = 0; i < n; i++) {
    gint64 u = ops[i] ? rounding_unit(ops[i]) : 0;
    if (u > 0 && (ctx->finest == 0 || u < ctx->finest))
      ctx->finest = u;
  }
}

int ys_ctx_year_key(const YsRecord *rec) {
  if (rec->fiscal_year != 0)
    return rec->fiscal_year;
  return rec->year_relative ? 100000 + rec->year_offset : 0;
}

int ys_ctx_decimals(const YsRecord *rec, gint64 unit_yen) {
  gint64 u = rounding_unit(rec);
  int by_unit = u > 0 ? ys_fmt_decimals(u, unit_yen) : 0;
  int by_value = ys_fmt_decimals(rec->amount_yen, unit_yen);
  /* a value finer than its stated precision (should not happen) is still shown exactly */
  return by_value > by_unit ? by_value : by_unit;
}

gboolean ys_ctx_same_currency(const YsRecord *a, const YsRecord *b) {
  const char *ca = a->currency != NULL ? a->currency : "JPY";
  const char *cb = b->currency != NULL ? b->currency : "JPY";
  /* a rate (%) has no currency (""): it compares the figures of whatever currency they are */
  if (*ca == '\0' || *cb == '\0')
    return TRUE;
  return strcmp(ca, cb) == 0;
}

GPtrArray *ys_ctx_amounts(const YsCheckCtx *ctx, const char *item, int year, YsBudgetKind kind) {
  g_autofree char *key = amount_key(item, year, kind);
  return g_hash_table_lookup(ctx->amounts, key);
}

const YsRecord *ys_ctx_find_amount(const YsCheckCtx *ctx, const char *item, int year,
                                   YsBudgetKind kind, YsQualifier qualifier, const YsRecord *near) {
  GPtrArray *candidates = ys_ctx_amounts(ctx, item, year, kind);
  const YsRecord *best = NULL;
  int best_tier = 0, best_distance = 0;

  if (candidates == NULL)
    return NULL;
  for (guint i = 0; i < candidates->len; i++) {
    const YsRecord *c = g_ptr_array_index(candidates, i);
    int tier, distance;
    if (c == near || c->qualifier != qualifier || !ys_ctx_same_currency(c, near))
      continue;
    if (c->page == near->page && c->line == near->line) {
      tier = 0;
      distance = 0;
    } else if (c->page == near->page) {
      tier = 1;
      distance = ABS(c->line - near->line);
    } else {
      tier = 2;
      distance = ABS(c->page - near->page);
    }
    /* ties keep the earlier record: candidates are in document order */
    if (best == NULL || tier < best_tier || (tier == best_tier && distance < best_distance)) {
      best = c;
      best_tier = tier;
      best_distance = distance;
    }
  }
  return best;
}

YsFinding *ys_ctx_add_finding(YsCheckCtx *ctx, YsCheckKind check, const YsRecord *stated,
                              const YsRecord *const *parts, guint n_parts) {
  YsFinding *f = g_new0(YsFinding, 1);
  f->parts = g_array_sized_new(FALSE, FALSE, sizeof(guint), n_parts);
  for (guint i = 0; i < n_parts; i++)
    g_array_append_val(f->parts, parts[i]->id);
  f->check = check;
  f->source = g_strdup(stated->source != NULL ? stated->source : ctx->set->source);
  f->page = stated->page;
  f->line = stated->line;
  f->item = g_strdup(stated->item);
  f->fiscal_year = stated->fiscal_year;
  f->kind = stated->kind;
  f->text = g_strdup(stated->line_text ? stated->line_text : stated->text);
  f->record_id = stated->id;
  f->path = g_strdup(stated->path ? stated->path : "");
  g_ptr_array_add(ctx->findings, f);
  return f;
}

void ys_ctx_append_notes(const YsCheckCtx *ctx, GString *detail) {
  if (ctx->mode != YS_ROUND_UNKNOWN)
    return;
  if (ctx->forced)
    g_string_append(detail, " [no rounding note: a figure printed coarser than the others may be "
                            "rounded either way]");
  else
    g_string_append(detail, " [no rounding note: figures taken as printed]");
}

static gboolean fits_int64(ys_wide v) {
  return v >= G_MININT64 && v <= G_MAXINT64;
}

gboolean ys_ctx_judge_yen(YsCheckCtx *ctx, YsCheckKind check, const YsRecord *stated,
                          const YsRecord *const *parts, guint n_parts, ys_wide computed_yen,
                          YsInterval computed, const char *expression, int computed_decimals,
                          const char *note) {
  YsInterval s_iv = ys_ctx_interval(ctx, stated);
  YsInterval diff_iv = ys_interval_sub(s_iv, computed);
  ys_wide diff = (ys_wide)stated->amount_yen - computed_yen;
  /* allowed stated − computed, in half-yen: (−below … +above), ends as diff_iv's */
  ys_wide above = 2 * diff - diff_iv.lo;
  ys_wide below = diff_iv.hi - 2 * diff;
  ys_wide widest = above > below ? above : below;
  ys_wide tolerance = (widest + 1) / 2;
  gint64 unit_yen = ys_ctx_unit_yen(stated);
  const char *unit = ys_ctx_unit(stated);
  YsFinding *f;
  GString *d;

  if (!fits_int64(computed_yen) || !fits_int64(diff) || !fits_int64(tolerance)) {
    /* never drop a check silently: an auditor must see that it could not be made */
    f = ys_ctx_add_finding(ctx, check, stated, parts, n_parts);
    f->status = YS_STATUS_MISMATCH;
    f->detail = g_strdup("the figures reach beyond int64 yen (9.2 × 10^18): not checked");
    return FALSE;
  }
  f = ys_ctx_add_finding(ctx, check, stated, parts, n_parts);
  f->has_yen = TRUE;
  f->stated_yen = stated->amount_yen;
  f->computed_yen = (gint64)computed_yen;
  f->difference_yen = (gint64)diff;
  f->tolerance_yen = (gint64)tolerance;
  if (diff == 0)
    f->status = YS_STATUS_EXACT;
  else if (ys_interval_meets(s_iv, computed))
    f->status = YS_STATUS_ROUNDING;
  else
    f->status = YS_STATUS_MISMATCH;

  d = g_string_new(NULL);
  ys_fmt_amount(d, stated->amount_yen, unit_yen, ys_ctx_decimals(stated, unit_yen), unit);
  g_string_append(d, f->status == YS_STATUS_EXACT      ? " = "
                     : f->status == YS_STATUS_ROUNDING ? " ≈ "
                                                       : " ≠ ");
  if (expression != NULL) {
    g_string_append(d, expression);
    g_string_append(d, " = ");
  }
  ys_fmt_amount(d, computed_yen, unit_yen, computed_decimals, unit);
  if (note != NULL) {
    g_string_append_c(d, ' ');
    g_string_append(d, note);
  }
  g_string_append(d, " (差 ");
  ys_fmt_amount(d, diff < 0 ? -diff : diff, unit_yen, ys_fmt_decimals(diff, unit_yen), unit);
  g_string_append(d, ", 許容 ");
  if (above == below) {
    g_string_append(d, "±");
    ys_fmt_amount(d, above, 2 * (ys_wide)unit_yen, ys_fmt_decimals(above, 2 * (ys_wide)unit_yen),
                  unit);
  } else {
    ys_fmt_fixed(d, -below, 2 * (ys_wide)unit_yen, ys_fmt_decimals(below, 2 * (ys_wide)unit_yen),
                 FALSE);
    g_string_append(d, "〜");
    ys_fmt_fixed(d, above, 2 * (ys_wide)unit_yen, ys_fmt_decimals(above, 2 * (ys_wide)unit_yen),
                 TRUE);
    g_string_append(d, unit);
  }
  g_string_append_c(d, ')');
  ys_ctx_append_notes(ctx, d);
  f->detail = g_string_free(d, FALSE);
  return TRUE;
}

static int compare_findings(gconstpointer pa, gconstpointer pb) {
  const YsFinding *a = *(YsFinding *const *)pa;
  const YsFinding *b = *(YsFinding *const *)pb;
  if (a->page != b->page)
    return a->page < b->page ? -1 : 1;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  if (a->record_id != b->record_id)
    return a->record_id < b->record_id ? -1 : 1;
  if (a->check != b->check)
    return a->check < b->check ? -1 : 1;
  return 0;
}

/* Appends R to INDEX's list under KEY (taken over). */
static void index_add(GHashTable *index, char *key, const YsRecord *r) {
  GPtrArray *list = g_hash_table_lookup(index, key);
  if (list == NULL) {
    list = g_ptr_array_new();
    g_hash_table_insert(index, key, list);
  } else {
    g_free(key);
  }
  g_ptr_array_add(list, (gpointer)r);
}

GPtrArray *ys_check_run(const YsRecordSet *set) {
  YsCheckCtx ctx = {0};
  GPtrArray *records;

  ctx.findings = g_ptr_array_new_with_free_func((GDestroyNotify)ys_finding_free);
  if (set == NULL || set->records == NULL)
    return ctx.findings;
  records = set->records;
  ctx.set = set;
  ctx.mode = set->rounding;
  ctx.amounts =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  ctx.printed =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  for (guint i = 0; i < records->len; i++) {
    const YsRecord *r = g_ptr_array_index(records, i);
    if (r->role != YS_ROLE_AMOUNT || r->item == NULL)
      continue;
    index_add(ctx.amounts, amount_key(r->item, ys_ctx_year_key(r), r->kind), r);
    /* a figure printed twice is the same place in the outline (a path), else the same item */
    const char *ident = r->path != NULL && *r->path ? r->path : r->item;
    index_add(ctx.printed, amount_key(ident, ys_ctx_year_key(r), r->kind), r);
  }

  ys_check_sums(&ctx);
  ys_check_changes(&ctx);
  ys_check_duplicates(&ctx);
  ys_check_balances(&ctx);

  g_hash_table_unref(ctx.amounts);
  g_hash_table_unref(ctx.printed);
  g_ptr_array_sort(ctx.findings, compare_findings);
  return ctx.findings;
}
