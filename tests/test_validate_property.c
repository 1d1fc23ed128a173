/* tests — validate, property tests: true values drawn at random (seeded GRand, the seed printed on
 * failure), printed as each rounding mode says at random units (億円, 0.1億円, 千円); the sums,
 * differences, rates and duplicates of the true values, printed the same way, must always pass;
 * a total moved beyond the reported tolerance must always fail; and at the edge of the tolerance
 * the verdict must match an independent oracle (open ends, so the edge itself fails). */
#include "test_validate_helpers.h"
#include "validate/interval.h"

static const guint32 seeds[] = {1, 42, 20260116, 0xC0FFEE, 7777};
#define ITERATIONS 1500

typedef struct {
  gint64 unit_yen, rounding;
  const char *unit;
} Unit;

static const Unit units[] = {
    {100000000, 100000000, "億円"},
    {100000000, 10000000, "億円"},
    {1000, 1000, "千円"},
};

static const YsRounding modes[] = {YS_ROUND_HALF, YS_ROUND_DOWN, YS_ROUND_UP};

/* Rounds T to a multiple of U on its magnitude, as the document would print it. */
static gint64 round_as(gint64 t, gint64 u, YsRounding mode) {
  gint64 m = t < 0 ? -t : t;
  gint64 q = m / u, r = m % u;
  if (mode == YS_ROUND_HALF && 2 * r >= u)
    q++;
  else if (mode == YS_ROUND_UP && r > 0)
    q++;
  return (t < 0 ? -q : q) * u;
}

/* A true value in [lo, hi) units of 1億円, with a quarter of them on a rounding edge of U. */
static gint64 draw_true(GRand *rand, gint64 lo_oku, gint64 hi_oku, gint64 u) {
  gint64 v = (gint64)g_rand_int_range(rand, (gint32)lo_oku, (gint32)hi_oku) * TV_OKU +
             g_rand_int_range(rand, 0, (gint32)TV_OKU);
  switch (g_rand_int_range(rand, 0, 8)) {
  case 0:
    v = v - v % u;
    break; /* on the grid */
  case 1:
    v = v - v % u + u / 2;
    break; /* the half point */
  case 2:
    v = v - v % u + u - 1;
    break; /* just below the next step */
  default:
    break;
  }
  return v;
}

static YsRecord *add_printed(YsRecordSet *set, guint parent, int line, const char *item,
                             YsRole role, gint64 printed, const Unit *un) {
  return tv_add_yen(set, parent, 1, line, item, 2026, YS_KIND_INITIAL, role, printed, un->unit,
                    un->unit_yen, un->rounding);
}

static const YsFinding *only_finding(GPtrArray *f, guint32 seed, int iter) {
  cr_assert_eq(f->len, 1, "seed %u iteration %d: %u findings", seed, iter, f->len);
  return g_ptr_array_index(f, 0);
}

typedef struct {
  YsRounding mode;
  int n;
  gint64 printed[9];
  const Unit *unit[9];
  const Unit *total_unit;
  gint64 computed, sum_u;
} SumCase;

static YsStatus sum_status(const SumCase *c, gint64 stated, gint64 *tolerance, guint32 seed,
                           int iter) {
  YsRecordSet *set = tv_set_new(c->mode);
  YsRecord *p = add_printed(set, 0, 1, "総額", YS_ROLE_AMOUNT, stated, c->total_unit);
  GPtrArray *f;
  const YsFinding *x;
  YsStatus st;
  for (int i = 0; i < c->n; i++) {
    g_autofree char *item = g_strdup_printf("総額/%d", i);
    YsRecord *r = add_printed(set, p->id, 2 + i, item, YS_ROLE_AMOUNT, c->printed[i], c->unit[i]);
    r->group = g_strdup_printf("%d", i);
  }
  f = ys_check_run(set);
  x = only_finding(f, seed, iter);
  st = x->status;
  /* invariants of every finding: exact ⇔ no difference; beyond the tolerance ⇒ mismatch */
  cr_assert_eq(st == YS_STATUS_EXACT, x->difference_yen == 0, "seed %u iteration %d: %s", seed,
               iter, x->detail);
  if (x->difference_yen > x->tolerance_yen || -x->difference_yen > x->tolerance_yen)
    cr_assert_eq(st, YS_STATUS_MISMATCH, "seed %u iteration %d: %s", seed, iter, x->detail);
  cr_assert_eq(x->difference_yen, x->stated_yen - x->computed_yen);
  if (tolerance != NULL)
    *tolerance = x->tolerance_yen;
  g_ptr_array_unref(f);
  tv_set_free(set);
  return st;
}

/* Oracle for all-positive figures: is stated − computed = D allowed? (in yen; open ends) */
static gboolean oracle_allows(const SumCase *c, gint64 d) {
  gint64 U = c->total_unit->rounding, S = c->sum_u;
  switch (c->mode) {
  case YS_ROUND_DOWN:
    return -U < d && d < S; /* [s, s+U) vs [c, c+S) */
  case YS_ROUND_UP:
    return -S < d && d < U; /* (s−U, s] vs (c−S, c] */
  default:
    return 2 * d > -(U + S) && 2 * d < U + S; /* half-open ± (U+S)/2 */
  }
}

static gint64 oracle_tolerance(const SumCase *c) {
  gint64 U = c->total_unit->rounding, S = c->sum_u;
  if (c->mode == YS_ROUND_HALF)
    return (U + S + 1) / 2;
  return U > S ? U : S;
}

static gint64 floor_div(gint64 a, gint64 b) {
  gint64 q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

Test(validate_property, sums_of_positive_parts) {
  for (guint s = 0; s < G_N_ELEMENTS(seeds); s++) {
    GRand *rand = g_rand_new_with_seed(seeds[s]);
    for (int it = 0; it < ITERATIONS; it++) {
      SumCase c = {0};
      gint64 truth = 0, stated, tol = 0, U;
      YsStatus st;

      c.mode = modes[g_rand_int_range(rand, 0, 3)];
      c.n = g_rand_int_range(rand, 1, 9);
      c.total_unit = &units[g_rand_int_range(rand, 0, 3)];
      U = c.total_unit->rounding;
      for (int i = 0; i < c.n; i++) {
        gint64 t;
        c.unit[i] = &units[g_rand_int_range(rand, 0, 3)];
        t = draw_true(rand, 10, 10000, c.unit[i]->rounding);
        truth += t;
        c.printed[i] = round_as(t, c.unit[i]->rounding, c.mode);
        c.computed += c.printed[i];
        c.sum_u += c.unit[i]->rounding;
      }
      stated = round_as(truth, U, c.mode);

      /* the truth, printed, always reconciles; exact exactly when the printed figures add up */
      st = sum_status(&c, stated, &tol, seeds[s], it);
      cr_assert_neq(st, YS_STATUS_MISMATCH,
                    "seed %u iteration %d: true total %" G_GINT64_FORMAT
                    " printed %" G_GINT64_FORMAT " vs %" G_GINT64_FORMAT " flagged",
                    seeds[s], it, truth, stated, c.computed);
      cr_assert_eq(st == YS_STATUS_EXACT, stated == c.computed, "seed %u iteration %d", seeds[s],
                   it);
      cr_assert_eq(tol, oracle_tolerance(&c),
                   "seed %u iteration %d: tolerance %" G_GINT64_FORMAT
                   " expected %" G_GINT64_FORMAT,
                   seeds[s], it, tol, oracle_tolerance(&c));

      /* moved beyond the tolerance by one unit or more, either way: always a mismatch */
      {
        gint64 k = g_rand_int_range(rand, 1, 4);
        gint64 up = (floor_div(c.computed + tol, U) + k) * U;
        gint64 down = (floor_div(c.computed - tol, U) - k + 1) * U - U;
        cr_assert_eq(sum_status(&c, up, NULL, seeds[s], it), YS_STATUS_MISMATCH,
                     "seed %u iteration %d: %" G_GINT64_FORMAT " passed", seeds[s], it, up);
        cr_assert_eq(sum_status(&c, down, NULL, seeds[s], it), YS_STATUS_MISMATCH,
                     "seed %u iteration %d: %" G_GINT64_FORMAT " passed", seeds[s], it, down);
      }

      /* around both edges, on the stated grid: the verdict is the oracle's, edges included */
      {
        gint64 edges[2] = {c.computed + tol, c.computed - tol};
        for (int e = 0; e < 2; e++) {
          gint64 m0 = floor_div(edges[e], U);
          for (gint64 m = m0 - 1; m <= m0 + 1; m++) {
            gint64 st2 = m * U;
            gboolean allowed = oracle_allows(&c, st2 - c.computed);
            YsStatus got = sum_status(&c, st2, NULL, seeds[s], it);
            cr_assert_eq(got != YS_STATUS_MISMATCH, allowed,
                         "seed %u iteration %d mode %d: stated %" G_GINT64_FORMAT
                         " computed %" G_GINT64_FORMAT " tol %" G_GINT64_FORMAT,
                         seeds[s], it, (int)c.mode, st2, c.computed, tol);
          }
        }
      }
    }
    g_rand_free(rand);
  }
}

/* The edge itself must come up: five parts of 1億円 under 四捨五入 put it at exactly ±3億円. */
Test(validate_property, exact_edges_are_reached) {
  static const YsRounding ms[] = {YS_ROUND_HALF, YS_ROUND_DOWN, YS_ROUND_UP};
  for (guint m = 0; m < 3; m++) {
    SumCase c = {0};
    gint64 tol = 0;
    c.mode = ms[m];
    c.n = 5;
    c.total_unit = &units[0];
    for (int i = 0; i < 5; i++) {
      c.unit[i] = &units[0];
      c.printed[i] = (100 + i) * TV_OKU;
      c.computed += c.printed[i];
      c.sum_u += TV_OKU;
    }
    sum_status(&c, c.computed, &tol, 0, (int)m);
    cr_assert_eq(tol % TV_OKU, 0);
    cr_assert_eq(sum_status(&c, c.computed + tol, NULL, 0, (int)m), YS_STATUS_MISMATCH);
    cr_assert_eq(sum_status(&c, c.computed - tol, NULL, 0, (int)m), YS_STATUS_MISMATCH);
    cr_assert_eq(oracle_allows(&c, tol - TV_OKU) || oracle_allows(&c, -tol + TV_OKU), TRUE);
    cr_assert_eq(sum_status(&c, c.computed + tol - TV_OKU, NULL, 0, (int)m) != YS_STATUS_MISMATCH,
                 oracle_allows(&c, tol - TV_OKU));
    cr_assert_eq(sum_status(&c, c.computed - tol + TV_OKU, NULL, 0, (int)m) != YS_STATUS_MISMATCH,
                 oracle_allows(&c, -tol + TV_OKU));
  }
}

/* Parts of either sign (▲ figures): still never a false alarm, and beyond the tolerance a fail. */
Test(validate_property, sums_of_signed_parts) {
  for (guint s = 0; s < G_N_ELEMENTS(seeds); s++) {
    GRand *rand = g_rand_new_with_seed(seeds[s] ^ 0x5a5a5a5a);
    for (int it = 0; it < ITERATIONS; it++) {
      SumCase c = {0};
      gint64 truth = 0, stated, tol = 0, U;
      c.mode = modes[g_rand_int_range(rand, 0, 3)];
      c.n = g_rand_int_range(rand, 2, 9);
      c.total_unit = &units[g_rand_int_range(rand, 0, 3)];
      U = c.total_unit->rounding;
      for (int i = 0; i < c.n; i++) {
        gint64 t;
        c.unit[i] = &units[g_rand_int_range(rand, 0, 3)];
        t = draw_true(rand, 0, 50, c.unit[i]->rounding);
        if (g_rand_boolean(rand))
          t = -t;
        truth += t;
        c.printed[i] = round_as(t, c.unit[i]->rounding, c.mode);
        c.computed += c.printed[i];
        c.sum_u += c.unit[i]->rounding;
      }
      stated = round_as(truth, U, c.mode);
      cr_assert_neq(sum_status(&c, stated, &tol, seeds[s], it), YS_STATUS_MISMATCH,
                    "seed %u iteration %d: true %" G_GINT64_FORMAT " printed %" G_GINT64_FORMAT
                    " vs %" G_GINT64_FORMAT,
                    seeds[s], it, truth, stated, c.computed);
      cr_assert_leq(tol, U + c.sum_u, "seed %u iteration %d", seeds[s], it);
      /* a figure's interval is never wider than its unit, whatever its sign: a total moved by
       * U + Σu or more cannot meet (the tolerance itself depends on the stated figure's sign) */
      {
        gint64 span = U + c.sum_u;
        gint64 up = (floor_div(c.computed + span - 1, U) + 1) * U;
        gint64 down = floor_div(c.computed - span, U) * U;
        cr_assert_eq(sum_status(&c, up, NULL, seeds[s], it), YS_STATUS_MISMATCH,
                     "seed %u iteration %d", seeds[s], it);
        cr_assert_eq(sum_status(&c, down, NULL, seeds[s], it), YS_STATUS_MISMATCH,
                     "seed %u iteration %d", seeds[s], it);
      }
    }
    g_rand_free(rand);
  }
}

/* new and old drawn at random; their true difference and rate, printed, always reconcile. */
Test(validate_property, differences_and_rates) {
  for (guint s = 0; s < G_N_ELEMENTS(seeds); s++) {
    GRand *rand = g_rand_new_with_seed(seeds[s] + 1000);
    for (int it = 0; it < ITERATIONS; it++) {
      YsRounding mode = modes[g_rand_int_range(rand, 0, 3)];
      const Unit *un = &units[g_rand_int_range(rand, 0, 3)];
      const Unit *uo = &units[g_rand_int_range(rand, 0, 3)];
      const Unit *ud = &units[g_rand_int_range(rand, 0, 3)];
      gint64 tn = draw_true(rand, 1, 3000, un->rounding);
      gint64 to = draw_true(rand, 1, 3000, uo->rounding);
      int dec = g_rand_int_range(rand, 0, 3);
      gint64 p10 = dec == 0 ? 1 : dec == 1 ? 10 : 100;
      ys_wide num = (ys_wide)(tn - to) * 100 * p10;
      ys_wide mag = num < 0 ? -num : num;
      gint64 q = (gint64)(mag / to), r = (gint64)(mag % to);
      gint64 rate;
      YsRecordSet *set = tv_set_new(mode);
      YsRecord *d, *rt;
      GPtrArray *f;

      if (mode == YS_ROUND_HALF && 2 * r >= to)
        q++;
      else if (mode == YS_ROUND_UP && r > 0)
        q++;
      rate = num < 0 ? -q : q;

      tv_add_yen(set, 0, 1, 1, "事業", 2026, YS_KIND_INITIAL, YS_ROLE_AMOUNT,
                 round_as(tn, un->rounding, mode), un->unit, un->unit_yen, un->rounding);
      tv_add_yen(set, 0, 1, 1, "事業", 2025, YS_KIND_INITIAL, YS_ROLE_AMOUNT,
                 round_as(to, uo->rounding, mode), uo->unit, uo->unit_yen, uo->rounding);
      d = tv_add_yen(set, 0, 1, 1, "事業", 2026, YS_KIND_INITIAL, YS_ROLE_DIFFERENCE,
                     round_as(tn - to, ud->rounding, mode), ud->unit, ud->unit_yen, ud->rounding);
      d->base_year = 2025;
      rt = tv_rate(set, 1, 1, "事業", 2026, 2025, rate, dec);
      f = ys_check_run(set);
      cr_assert_eq(f->len, 2, "seed %u iteration %d", seeds[s], it);
      cr_assert_neq(tv_only(f, YS_CHECK_DIFFERENCE, d->id)->status, YS_STATUS_MISMATCH,
                    "seed %u iteration %d: %s", seeds[s], it,
                    tv_only(f, YS_CHECK_DIFFERENCE, d->id)->detail);
      cr_assert_neq(tv_only(f, YS_CHECK_RATE, rt->id)->status, YS_STATUS_MISMATCH,
                    "seed %u iteration %d: %s", seeds[s], it,
                    tv_only(f, YS_CHECK_RATE, rt->id)->detail);
      g_ptr_array_unref(f);

      /* a difference beyond its tolerance, a rate off by (width of the widest range) + 1 point */
      {
        gint64 tol = 0;
        f = ys_check_run(set);
        tol = tv_only(f, YS_CHECK_DIFFERENCE, d->id)->tolerance_yen;
        g_ptr_array_unref(f);
        d->amount_yen =
            (floor_div(round_as(tn, un->rounding, mode) - round_as(to, uo->rounding, mode) + tol,
                       ud->rounding) +
             1) *
            ud->rounding;
        rt->rate_scaled = rate + (g_rand_boolean(rand) ? 1 : -1) * 100 * p10 * 1000;
        f = ys_check_run(set);
        cr_assert_eq(tv_only(f, YS_CHECK_DIFFERENCE, d->id)->status, YS_STATUS_MISMATCH,
                     "seed %u iteration %d", seeds[s], it);
        cr_assert_eq(tv_only(f, YS_CHECK_RATE, rt->id)->status, YS_STATUS_MISMATCH,
                     "seed %u iteration %d", seeds[s], it);
        g_ptr_array_unref(f);
      }
      tv_set_free(set);
    }
    g_rand_free(rand);
  }
}

/* One true figure printed twice at random precisions always agrees with itself. */
Test(validate_property, duplicates_agree) {
  for (guint s = 0; s < G_N_ELEMENTS(seeds); s++) {
    GRand *rand = g_rand_new_with_seed(seeds[s] + 2000);
    for (int it = 0; it < ITERATIONS; it++) {
      YsRounding mode = modes[g_rand_int_range(rand, 0, 3)];
      const Unit *ua = &units[g_rand_int_range(rand, 0, 3)];
      const Unit *ub = &units[g_rand_int_range(rand, 0, 3)];
      gint64 t = draw_true(rand, 1, 5000, ua->rounding);
      YsRecordSet *set = tv_set_new(mode);
      GPtrArray *f;
      YsRecord *b;
      tv_add_yen(set, 0, 1, 1, "事業", 2026, YS_KIND_INITIAL, YS_ROLE_AMOUNT,
                 round_as(t, ua->rounding, mode), ua->unit, ua->unit_yen, ua->rounding);
      b = tv_add_yen(set, 0, 2, 1, "事業", 2026, YS_KIND_INITIAL, YS_ROLE_AMOUNT,
                     round_as(t, ub->rounding, mode), ub->unit, ub->unit_yen, ub->rounding);
      f = ys_check_run(set);
      cr_assert_neq(only_finding(f, seeds[s], it)->status, YS_STATUS_MISMATCH,
                    "seed %u iteration %d: %s", seeds[s], it,
                    only_finding(f, seeds[s], it)->detail);
      g_ptr_array_unref(f);
      /* two steps of the coarser unit away never agrees */
      b->amount_yen += 2 * (ua->rounding > ub->rounding ? ua->rounding : ub->rounding);
      f = ys_check_run(set);
      cr_assert_eq(only_finding(f, seeds[s], it)->status, YS_STATUS_MISMATCH,
                   "seed %u iteration %d", seeds[s], it);
      g_ptr_array_unref(f);
      tv_set_free(set);
    }
    g_rand_free(rand);
  }
}
