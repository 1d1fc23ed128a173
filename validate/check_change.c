/* validate — the difference and rate checks: a printed 増▲減額 / 比較 against new − old, and a
 * printed 増▲減率 against (new − old) / old, with new the item's figure for the record's year and
 * kind and old the one for its base year and kind (the same table row preferred), or the figures
 * the reader linked it to. A change whose new or old figure is not in the document is not
 * checked.
 *
 * Rates stay in integers: a printed rate r at d decimals is the interval of r in units of
 * 10^−d percent (the document's rounding mode), i.e. the fraction R / (2 · 100 · 10^d) in half
 * units; the computed range is [n_lo/o_hi − 1, n_hi/o_lo − 1] (old > 0) as fractions, and every
 * comparison is a cross-multiplication in __int128. */
#include "validate/check_private.h"
#include "validate/format.h"

#define YS_RATE_MAX_DECIMALS 6
#define YS_RATE_MAX_SCALED ((gint64)1000000000000) /* 10^12: beyond it the record is garbage */

typedef struct {
  ys_wide num, den; /* den > 0 */
  gboolean open;
} Frac;

/* sign of a/as − f.num/f.den, with as, f.den > 0 */
static int cmp_scaled(ys_wide a, ys_wide as, Frac f) {
  ys_wide l = a * f.den, r = f.num * as;
  return l < r ? -1 : l > r ? 1 : 0;
}

/* The figures change C compares: the ones the reader linked it to (a table row's cells), else
 * its item's figures for its year and kind and for its base year and kind. FALSE when either is
 * not in the document. */
static gboolean compared(const YsCheckCtx *ctx, const YsRecord *c, const YsRecord **nw,
                         const YsRecord **old) {
  if (c->new_id && c->old_id) {
    *nw = ys_ctx_record(ctx, c->new_id);
    *old = ys_ctx_record(ctx, c->old_id);
  } else {
    if (c->fiscal_year == 0 || c->base_year == 0)
      return FALSE;
    *nw = ys_ctx_find_amount(ctx, c->item, c->fiscal_year, c->kind, c->qualifier, c);
    *old = ys_ctx_find_amount(ctx, c->item, c->base_year, c->base_kind, c->qualifier, c);
  }
  return *nw != NULL && *old != NULL && *nw != *old;
}

static void check_difference(YsCheckCtx *ctx, const YsRecord *d) {
  const YsRecord *nw, *old;
  gint64 unit_yen = ys_ctx_unit_yen(d);
  int dn, dold;
  g_autoptr(GString) expr = g_string_new(NULL);

  if (!compared(ctx, d, &nw, &old))
    return;
  const YsRecord *ops[] = {d, nw, old};
  ys_ctx_precision(ctx, ops, G_N_ELEMENTS(ops));
  dn = ys_ctx_decimals(nw, unit_yen);
  dold = ys_ctx_decimals(old, unit_yen);
  ys_fmt_fixed(expr, nw->amount_yen, unit_yen, dn, FALSE);
  g_string_append(expr, " − ");
  ys_fmt_fixed(expr, old->amount_yen, unit_yen, dold, FALSE);
  const YsRecord *parts[] = {nw, old};
  ys_ctx_judge_yen(ctx, YS_CHECK_DIFFERENCE, d, parts, 2, (ys_wide)nw->amount_yen - old->amount_yen,
                   ys_interval_sub(ys_ctx_interval(ctx, nw), ys_ctx_interval(ctx, old)), expr->str,
                   dn > dold ? dn : dold, NULL);
}

static void check_rate(YsCheckCtx *ctx, const YsRecord *rate) {
  const YsRecord *nw, *old;
  YsInterval n_iv, o_iv, r_iv;
  Frac qmin, qmax, point;
  ys_wide scale; /* half units of the last printed digit per 1 (a fraction, not percent) */
  gboolean meets, exact;
  gint64 unit_yen;
  int dn, dold, shown;
  YsFinding *f;
  GString *detail;

  if (rate->rate_decimals < 0 || rate->rate_decimals > YS_RATE_MAX_DECIMALS ||
      rate->rate_scaled > YS_RATE_MAX_SCALED || rate->rate_scaled < -YS_RATE_MAX_SCALED)
    return;
  if (!compared(ctx, rate, &nw, &old) || old->amount_yen <= 0)
    return;
  const YsRecord *ops[] = {nw, old};
  ys_ctx_precision(ctx, ops, G_N_ELEMENTS(ops));
  n_iv = ys_ctx_interval(ctx, nw);
  o_iv = ys_ctx_interval(ctx, old);
  if (o_iv.lo <= 0)
    return; /* the old figure may be zero: no rate to speak of */

  /* n/o − 1 over the box: the smallest at (n_lo, o_hi) when n_lo ≥ 0, the largest at (n_hi, o_lo)
   */
  if (n_iv.lo >= 0)
    qmin = (Frac){n_iv.lo - o_iv.hi, o_iv.hi, n_iv.lo_open || o_iv.hi_open};
  else
    qmin = (Frac){n_iv.lo - o_iv.lo, o_iv.lo, n_iv.lo_open || o_iv.lo_open};
  if (n_iv.hi >= 0)
    qmax = (Frac){n_iv.hi - o_iv.lo, o_iv.lo, n_iv.hi_open || o_iv.lo_open};
  else
    qmax = (Frac){n_iv.hi - o_iv.hi, o_iv.hi, n_iv.hi_open || o_iv.hi_open};
  point = (Frac){(ys_wide)nw->amount_yen - old->amount_yen, old->amount_yen, FALSE};

  /* a printed rate is rounded at its last digit; with no note, either way */
  if (ctx->mode == YS_ROUND_UNKNOWN) {
    r_iv = (YsInterval){2 * (ys_wide)rate->rate_scaled - 2, 2 * (ys_wide)rate->rate_scaled + 2,
                        TRUE, TRUE};
    ctx->forced = TRUE;
  } else {
    r_iv = ys_interval_printed(rate->rate_scaled, 1, ctx->mode);
  }
  scale = 2 * 100 * ys_fmt_pow10(rate->rate_decimals);
  {
    int lo_vs_max = cmp_scaled(r_iv.lo, scale, qmax);
    int hi_vs_min = cmp_scaled(r_iv.hi, scale, qmin);
    meets = (lo_vs_max < 0 || (lo_vs_max == 0 && !r_iv.lo_open && !qmax.open)) &&
            (hi_vs_min > 0 || (hi_vs_min == 0 && !r_iv.hi_open && !qmin.open));
  }
  {
    int lo_vs_p = cmp_scaled(r_iv.lo, scale, point);
    int hi_vs_p = cmp_scaled(r_iv.hi, scale, point);
    exact = (lo_vs_p < 0 || (lo_vs_p == 0 && !r_iv.lo_open)) &&
            (hi_vs_p > 0 || (hi_vs_p == 0 && !r_iv.hi_open));
  }

  const YsRecord *parts[] = {nw, old};
  f = ys_ctx_add_finding(ctx, YS_CHECK_RATE, rate, parts, 2);
  f->has_yen = FALSE;
  f->status = exact ? YS_STATUS_EXACT : meets ? YS_STATUS_ROUNDING : YS_STATUS_MISMATCH;

  unit_yen = ys_ctx_unit_yen(old);
  dn = ys_ctx_decimals(nw, unit_yen);
  dold = ys_ctx_decimals(old, unit_yen);
  shown = rate->rate_decimals + 1 > 2 ? rate->rate_decimals + 1 : 2;
  detail = g_string_new(NULL);
  ys_fmt_fixed(detail, rate->rate_scaled, ys_fmt_pow10(rate->rate_decimals), rate->rate_decimals,
               TRUE);
  g_string_append(detail, "% vs ");
  ys_fmt_fixed(detail, qmin.num * 100, qmin.den, shown, FALSE);
  g_string_append(detail, "%…");
  ys_fmt_fixed(detail, qmax.num * 100, qmax.den, shown, FALSE);
  g_string_append(detail, "% (");
  ys_fmt_fixed(detail, point.num, unit_yen, dn > dold ? dn : dold, FALSE);
  g_string_append_c(detail, '/');
  ys_fmt_fixed(detail, point.den, unit_yen, dold, FALSE);
  g_string_append_c(detail, ')');
  ys_ctx_append_notes(ctx, detail);
  f->detail = g_string_free(detail, FALSE);
}

void ys_check_changes(YsCheckCtx *ctx) {
  GPtrArray *records = ctx->set->records;
  for (guint i = 0; i < records->len; i++) {
    const YsRecord *r = g_ptr_array_index(records, i);
    if (r->item == NULL)
      continue;
    if (r->role == YS_ROLE_DIFFERENCE)
      check_difference(ctx, r);
    else if (r->role == YS_ROLE_RATE)
      check_rate(ctx, r);
  }
}
