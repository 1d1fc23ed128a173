/* tests — validate: the four checks on hand-built record sets: the seed document's worked
 * reconciliations, exact cases, mismatches, skipped qualifiers, duplicates, missing figures,
 * each rounding mode's boundaries and the unknown-rounding note. */
#include "test_validate_helpers.h"

#define AMED "日本医療研究開発機構（AMED）対象経費"
#define INHOUSE "インハウス研究機関経費"

/* p.4 line 103, 8年度 1,238 (こ7,総3,文583,厚481,経166); TOTAL replaces 1238 when not NULL. */
static YsRecord *amed_2026(YsRecordSet *set, const char *total) {
  YsRecord *p = tv_oku(set, 0, 4, 103, AMED, 2026, YS_KIND_INITIAL, total ? total : "1238");
  tv_part(set, p, "こども家庭庁", "7");
  tv_part(set, p, "総務省", "3");
  tv_part(set, p, "文部科学省", "583");
  tv_part(set, p, "厚生労働省", "481");
  tv_part(set, p, "経済産業省", "166");
  return p;
}

/* The seed's table, rows 103 and 104, as the rules stage should read them. */
static YsRecordSet *seed_table(YsRounding rounding) {
  YsRecordSet *set = tv_set_new(rounding);
  YsRecord *p;
  amed_2026(set, NULL);
  p = tv_oku(set, 0, 4, 103, AMED, 2025, YS_KIND_INITIAL, "1232");
  tv_part(set, p, "こども家庭庁", "6");
  tv_part(set, p, "総務省", "3");
  tv_part(set, p, "文部科学省", "583");
  tv_part(set, p, "厚生労働省", "479");
  tv_part(set, p, "経済産業省", "161");
  tv_diff(set, 4, 103, AMED, 2026, 2025, "6");
  tv_rate(set, 4, 103, AMED, 2026, 2025, 5, 1);
  p = tv_oku(set, 0, 4, 103, AMED, 2025, YS_KIND_SUPPLEMENTARY, "404");
  tv_part(set, p, "内閣府", "120");
  tv_part(set, p, "文部科学省", "175");
  tv_part(set, p, "厚生労働省", "110");

  p = tv_oku(set, 0, 4, 104, INHOUSE, 2026, YS_KIND_INITIAL, "841");
  tv_part(set, p, "こども家庭庁", "0");
  tv_part(set, p, "文部科学省", "251");
  tv_part(set, p, "厚生労働省", "504");
  tv_part(set, p, "経済産業省", "86");
  p = tv_oku(set, 0, 4, 104, INHOUSE, 2025, YS_KIND_INITIAL, "813");
  tv_part(set, p, "こども家庭庁", "0");
  tv_part(set, p, "文部科学省", "251");
  tv_part(set, p, "厚生労働省", "500");
  tv_part(set, p, "経済産業省", "61");
  tv_diff(set, 4, 104, INHOUSE, 2026, 2025, "28");
  tv_rate(set, 4, 104, INHOUSE, 2026, 2025, 35, 1);
  p = tv_oku(set, 0, 4, 104, INHOUSE, 2025, YS_KIND_SUPPLEMENTARY, "334");
  tv_part(set, p, "厚生労働省", "334");
  return set;
}

static const YsRecord *find_record(const YsRecordSet *set, const char *item, int year,
                                   YsBudgetKind kind, YsRole role) {
  for (guint i = 0; i < set->records->len; i++) {
    const YsRecord *r = g_ptr_array_index(set->records, i);
    if (strcmp(r->item, item) == 0 && r->fiscal_year == year && r->kind == kind && r->role == role)
      return r;
  }
  cr_assert_fail("no record %s %d", item, year);
  return NULL;
}

Test(validate_seed, amed_1238_vs_1240_is_rounding) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  YsRecord *p = amed_2026(set, NULL);
  GPtrArray *f = ys_check_run(set);
  const YsFinding *s = tv_only(f, YS_CHECK_SUM, p->id);

  cr_assert_eq(f->len, 1);
  cr_assert_eq(s->status, YS_STATUS_ROUNDING);
  cr_assert(s->has_yen);
  cr_assert_eq(s->stated_yen, 1238 * TV_OKU);
  cr_assert_eq(s->computed_yen, 1240 * TV_OKU);
  cr_assert_eq(s->difference_yen, -2 * TV_OKU);
  cr_assert_eq(s->tolerance_yen, 3 * TV_OKU);
  cr_assert_str_eq(s->detail, "1,238億円 ≈ 7+3+583+481+166 = 1,240億円 (差 2億円, 許容 ±3億円)");
  cr_assert_eq(s->page, 4);
  cr_assert_eq(s->line, 103);
  cr_assert_str_eq(s->item, AMED);
  cr_assert_eq(s->fiscal_year, 2026);
  cr_assert_str_eq(s->text, p->text);
  cr_assert_str_eq(s->source, "test.txt");
  g_ptr_array_unref(f);
  tv_set_free(set);
}

Test(validate_seed, whole_table) {
  YsRecordSet *set = seed_table(YS_ROUND_HALF);
  GPtrArray *f = ys_check_run(set);
  const YsFinding *x;

  /* sums: 1238 r, 1232 e, 404 r, 841 e, 813 r, 334 e; differences 6 e, 28 e; rates 0.5 e, 3.5 r */
  cr_assert_eq(f->len, 10);
  cr_assert_eq(tv_count_status(f, YS_STATUS_MISMATCH), 0);
  cr_assert_eq(tv_count(f, YS_CHECK_SUM, YS_STATUS_ROUNDING), 3);
  cr_assert_eq(tv_count(f, YS_CHECK_SUM, YS_STATUS_EXACT), 3);
  cr_assert_eq(tv_count(f, YS_CHECK_DIFFERENCE, YS_STATUS_EXACT), 2);
  cr_assert_eq(tv_count(f, YS_CHECK_RATE, YS_STATUS_EXACT), 1);
  cr_assert_eq(tv_count(f, YS_CHECK_RATE, YS_STATUS_ROUNDING), 1);

  x = tv_only(f, YS_CHECK_SUM,
              find_record(set, INHOUSE, 2025, YS_KIND_INITIAL, YS_ROLE_AMOUNT)->id);
  cr_assert_eq(x->status, YS_STATUS_ROUNDING);
  cr_assert_str_eq(x->detail, "813億円 ≈ 0+251+500+61 = 812億円 (差 1億円, 許容 ±2.5億円)");
  cr_assert_eq(x->tolerance_yen, 250000000);

  x = tv_only(f, YS_CHECK_RATE, find_record(set, INHOUSE, 2026, YS_KIND_INITIAL, YS_ROLE_RATE)->id);
  cr_assert_eq(x->status, YS_STATUS_ROUNDING);
  cr_assert_not(x->has_yen);
  cr_assert_str_eq(x->detail, "+3.5% vs 3.32%…3.57% (28/813)");

  x = tv_only(f, YS_CHECK_RATE, find_record(set, AMED, 2026, YS_KIND_INITIAL, YS_ROLE_RATE)->id);
  cr_assert_eq(x->status, YS_STATUS_EXACT);
  cr_assert_str_eq(x->detail, "+0.5% vs 0.41%…0.57% (6/1,232)");

  x = tv_only(f, YS_CHECK_DIFFERENCE,
              find_record(set, INHOUSE, 2026, YS_KIND_INITIAL, YS_ROLE_DIFFERENCE)->id);
  cr_assert_eq(x->status, YS_STATUS_EXACT);
  cr_assert_eq(x->computed_yen, 28 * TV_OKU);
  cr_assert_eq(x->tolerance_yen, TV_OKU + TV_OKU / 2);
  cr_assert_str_eq(x->detail, "28億円 = 841 − 813 = 28億円 (差 0億円, 許容 ±1.5億円)");

  x = tv_only(f, YS_CHECK_SUM,
              find_record(set, INHOUSE, 2025, YS_KIND_SUPPLEMENTARY, YS_ROLE_AMOUNT)->id);
  cr_assert_eq(x->status, YS_STATUS_EXACT);
  cr_assert_eq(x->tolerance_yen, TV_OKU);

  /* sorted by page, then line */
  for (guint i = 1; i < f->len; i++) {
    const YsFinding *a = g_ptr_array_index(f, i - 1), *b = g_ptr_array_index(f, i);
    cr_assert(a->page < b->page || (a->page == b->page && a->line <= b->line));
  }
  g_ptr_array_unref(f);
  tv_set_free(set);
}

/* ライフサイエンス研究基盤整備事業 18億円（16億円）: (1) 12.6 = ① 10.4 + ② 2.2, (2) 5.2 = 2.6
 * + 2.7, (3) 0.6; the prior-year column (12.6, 2.6, 0.4 → 16) linked to the current-year parent. */
Test(validate_seed, outline_finer_children) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  YsRecord *top = tv_oku(set, 0, 12, 39, "基盤整備", 2026, YS_KIND_INITIAL, "18");
  YsRecord *top_old = tv_oku(set, 0, 12, 39, "基盤整備", 2025, YS_KIND_INITIAL, "16");
  YsRecord *nbrp = tv_oku(set, top->id, 12, 454, "NBRP", 2026, YS_KIND_INITIAL, "12.6");
  YsRecord *nldp, *x;
  GPtrArray *f;
  const YsFinding *s;

  tv_oku(set, top->id, 12, 454, "NBRP", 2025, YS_KIND_INITIAL, "12.6");
  tv_oku(set, nbrp->id, 12, 456, "中核的拠点", 2026, YS_KIND_INITIAL, "10.4");
  tv_oku(set, nbrp->id, 12, 459, "情報センター", 2026, YS_KIND_INITIAL, "2.2");
  nldp = tv_oku(set, top->id, 12, 464, "NLDP", 2026, YS_KIND_INITIAL, "5.2");
  tv_oku(set, top->id, 12, 464, "NLDP", 2025, YS_KIND_INITIAL, "2.6");
  tv_oku(set, nldp->id, 12, 466, "DB連携", 2026, YS_KIND_INITIAL, "2.6");
  tv_oku(set, nldp->id, 12, 468, "ポータル", 2026, YS_KIND_INITIAL, "2.7");
  tv_oku(set, top->id, 12, 471, "事務費", 2026, YS_KIND_INITIAL, "0.6");
  x = tv_oku(set, top->id, 12, 471, "事務費", 2025, YS_KIND_INITIAL, "0.4");
  (void)x;
  f = ys_check_run(set);

  cr_assert_eq(f->len, 4);
  s = tv_only(f, YS_CHECK_SUM, top->id);
  cr_assert_eq(s->status, YS_STATUS_ROUNDING);
  cr_assert_str_eq(s->detail, "18億円 ≈ 12.6+5.2+0.6 = 18.4億円 (差 0.4億円, 許容 ±0.65億円)");
  cr_assert_eq(s->tolerance_yen, 65000000);
  s = tv_only(f, YS_CHECK_SUM, top_old->id);
  cr_assert_eq(s->status, YS_STATUS_ROUNDING);
  cr_assert_eq(s->computed_yen, 1560000000);
  cr_assert_eq(tv_only(f, YS_CHECK_SUM, nbrp->id)->status, YS_STATUS_EXACT);
  cr_assert_eq(tv_only(f, YS_CHECK_SUM, nldp->id)->status, YS_STATUS_ROUNDING);
  g_ptr_array_unref(f);
  tv_set_free(set);
}

Test(validate_exact, sum_difference_rate_exact) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  YsRecord *p = tv_oku(set, 0, 2, 5, "事業", 2026, YS_KIND_INITIAL, "100");
  GPtrArray *f;
  const YsFinding *s;
  tv_part(set, p, "A", "60");
  tv_part(set, p, "B", "40");
  tv_oku(set, 0, 2, 5, "事業", 2025, YS_KIND_INITIAL, "80");
  tv_diff(set, 2, 5, "事業", 2026, 2025, "20");
  tv_rate(set, 2, 5, "事業", 2026, 2025, 25, 0);
  f = ys_check_run(set);
  cr_assert_eq(f->len, 3);
  cr_assert_eq(tv_count_status(f, YS_STATUS_EXACT), 3);
  s = tv_only(f, YS_CHECK_SUM, p->id);
  cr_assert_str_eq(s->detail, "100億円 = 60+40 = 100億円 (差 0億円, 許容 ±1.5億円)");
  cr_assert_eq(s->difference_yen, 0);
  g_ptr_array_unref(f);
  tv_set_free(set);
}

Test(validate_exact, negative_difference) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  YsRecord *d;
  GPtrArray *f;
  const YsFinding *s;
  tv_oku(set, 0, 3, 67, "感染症", 2026, YS_KIND_INITIAL, "20");
  tv_oku(set, 0, 3, 67, "感染症", 2025, YS_KIND_INITIAL, "22");
  d = tv_diff(set, 3, 67, "感染症", 2026, 2025, "-2");
  tv_rate(set, 3, 67, "感染症", 2026, 2025, -91, 1); /* −9.09…% → ▲9.1% */
  f = ys_check_run(set);
  cr_assert_eq(f->len, 2);
  s = tv_only(f, YS_CHECK_DIFFERENCE, d->id);
  cr_assert_eq(s->status, YS_STATUS_EXACT);
  cr_assert_str_eq(s->detail, "-2億円 = 20 − 22 = -2億円 (差 0億円, 許容 ±1.5億円)");
  cr_assert_eq(tv_count(f, YS_CHECK_RATE, YS_STATUS_EXACT), 1);
  g_ptr_array_unref(f);
  tv_set_free(set);
}

/* -------- mismatches: each gives exactly one -------- */

Test(validate_mismatch, total_1250) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  YsRecord *p = amed_2026(set, "1250");
  GPtrArray *f = ys_check_run(set);
  const YsFinding *s = tv_only(f, YS_CHECK_SUM, p->id);
  cr_assert_eq(tv_count_status(f, YS_STATUS_MISMATCH), 1);
  cr_assert_eq(s->status, YS_STATUS_MISMATCH);
  cr_assert_eq(s->difference_yen, 10 * TV_OKU);
  cr_assert_str_eq(s->detail, "1,250億円 ≠ 7+3+583+481+166 = 1,240億円 (差 10億円, 許容 ±3億円)");
  g_ptr_array_unref(f);
  tv_set_free(set);
}

static void expect_one_mismatch(YsRecordSet *set, YsCheckKind check, guint id) {
  GPtrArray *f = ys_check_run(set);
  cr_assert_eq(tv_count_status(f, YS_STATUS_MISMATCH), 1, "mismatches: %u",
               tv_count_status(f, YS_STATUS_MISMATCH));
  cr_assert_eq(tv_only(f, check, id)->status, YS_STATUS_MISMATCH);
  cr_assert_eq(f->len, 10);
  g_ptr_array_unref(f);
}

Test(validate_mismatch, difference_off_by_ten) {
  YsRecordSet *set = seed_table(YS_ROUND_HALF);
  YsRecord *d = (YsRecord *)find_record(set, AMED, 2026, YS_KIND_INITIAL, YS_ROLE_DIFFERENCE);
  GPtrArray *f;
  d->amount_yen = 16 * TV_OKU;
  expect_one_mismatch(set, YS_CHECK_DIFFERENCE, d->id);
  f = ys_check_run(set);
  cr_assert_str_eq(tv_only(f, YS_CHECK_DIFFERENCE, d->id)->detail,
                   "16億円 ≠ 1,238 − 1,232 = 6億円 (差 10億円, 許容 ±1.5億円)");
  g_ptr_array_unref(f);
  tv_set_free(set);
}

Test(validate_mismatch, rate_off_by_one_point) {
  YsRecordSet *set = seed_table(YS_ROUND_HALF);
  YsRecord *r = (YsRecord *)find_record(set, INHOUSE, 2026, YS_KIND_INITIAL, YS_ROLE_RATE);
  GPtrArray *f;
  r->rate_scaled = 45;
  expect_one_mismatch(set, YS_CHECK_RATE, r->id);
  f = ys_check_run(set);
  cr_assert_str_eq(tv_only(f, YS_CHECK_RATE, r->id)->detail, "+4.5% vs 3.32%…3.57% (28/813)");
  g_ptr_array_unref(f);
  r->rate_scaled = 25; /* one point below */
  expect_one_mismatch(set, YS_CHECK_RATE, r->id);
  tv_set_free(set);
}

Test(validate_mismatch, inflated_child) {
  YsRecordSet *set = seed_table(YS_ROUND_HALF);
  const YsRecord *p = find_record(set, INHOUSE, 2026, YS_KIND_INITIAL, YS_ROLE_AMOUNT);
  YsRecord *c =
      (YsRecord *)find_record(set, INHOUSE "/文部科学省", 2026, YS_KIND_INITIAL, YS_ROLE_AMOUNT);
  c->amount_yen = 261 * TV_OKU;
  expect_one_mismatch(set, YS_CHECK_SUM, p->id);
  tv_set_free(set);
}

Test(validate_mismatch, children_do_not_cover_parent) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  YsRecord *p = tv_oku(set, 0, 5, 1, "事業", 2026, YS_KIND_INITIAL, "355");
  GPtrArray *f;
  const YsFinding *s;
  tv_part(set, p, "AMED", "308");
  tv_part(set, p, "インハウス", "30");
  f = ys_check_run(set);
  s = tv_only(f, YS_CHECK_SUM, p->id);
  cr_assert_eq(s->status, YS_STATUS_MISMATCH);
  cr_assert_eq(s->difference_yen, 17 * TV_OKU); /* the unexplained remainder */
  cr_assert_str_eq(s->detail, "355億円 ≠ 308+30 = 338億円 (差 17億円, 許容 ±1.5億円)");
  g_ptr_array_unref(f);
  tv_set_free(set);
}

/* -------- what is not added, not checked -------- */

Test(validate_skip, qualified_children_not_added) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  YsRecord *p = tv_oku(set, 0, 2, 5, "事業", 2026, YS_KIND_INITIAL, "100");
  GPtrArray *f;
  tv_part(set, p, "A", "60");
  tv_part(set, p, "B", "40");
  tv_part(set, p, "C", "30")->qualifier = YS_QUAL_PORTION;
  tv_part(set, p, "D", "20")->qualifier = YS_QUAL_APPROX;
  tv_part(set, p, "E", "1")->qualifier = YS_QUAL_MAX;
  tv_part(set, p, "F", "5")->qualifier = YS_QUAL_PER;
  tv_oku(set, p->id, 2, 6, "来年", 2027, YS_KIND_INITIAL, "70"); /* other year, no counterpart */
  f = ys_check_run(set);
  cr_assert_eq(f->len, 1);
  cr_assert_eq(tv_only(f, YS_CHECK_SUM, p->id)->status, YS_STATUS_EXACT);
  g_ptr_array_unref(f);
  tv_set_free(set);
}

Test(validate_skip, single_child_only_when_breakdown) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  YsRecord *p = tv_oku(set, 0, 2, 5, "事業", 2026, YS_KIND_INITIAL, "100");
  YsRecord *q = tv_oku(set, 0, 2, 9, "別事業", 2026, YS_KIND_INITIAL, "50");
  GPtrArray *f;
  tv_oku(set, p->id, 2, 6, "事業(1)", 2026, YS_KIND_INITIAL, "90"); /* outline child, alone */
  tv_part(set, q, "厚生労働省", "52");                              /* (厚52): checked */
  f = ys_check_run(set);
  cr_assert_eq(f->len, 1);
  cr_assert_eq(tv_only(f, YS_CHECK_SUM, q->id)->status, YS_STATUS_MISMATCH);
  g_ptr_array_unref(f);
  tv_set_free(set);
}

Test(validate_skip, qualified_parent_not_checked) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  YsRecord *p = tv_oku(set, 0, 2, 5, "事業", 2026, YS_KIND_INITIAL, "106");
  GPtrArray *f;
  p->qualifier = YS_QUAL_PORTION;
  tv_part(set, p, "A", "1");
  tv_part(set, p, "B", "2");
  f = ys_check_run(set);
  cr_assert_eq(f->len, 0);
  g_ptr_array_unref(f);
  tv_set_free(set);
}

Test(validate_skip, missing_old_figure) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  GPtrArray *f;
  tv_oku(set, 0, 2, 29, "バイオバンク", 2026, YS_KIND_INITIAL, "41");
  tv_diff(set, 2, 29, "バイオバンク", 2026, 2025, "41");
  tv_rate(set, 2, 29, "バイオバンク", 2026, 2025, 100, 0);
  tv_diff(set, 2, 30, "どこにもない", 2026, 2025, "1");
  f = ys_check_run(set);
  cr_assert_eq(f->len, 0);
  g_ptr_array_unref(f);
  tv_set_free(set);
}

Test(validate_skip, empty_and_null) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  GPtrArray *f = ys_check_run(set);
  cr_assert_eq(f->len, 0);
  g_ptr_array_unref(f);
  f = ys_check_run(NULL);
  cr_assert_eq(f->len, 0);
  g_ptr_array_unref(f);
  tv_set_free(set);
}

/* The same row is preferred over another page's figure for the same item and year. */
Test(validate_difference, prefers_same_row) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  YsRecord *d;
  GPtrArray *f;
  tv_oku(set, 0, 1, 10, "事業", 2026, YS_KIND_INITIAL, "999");
  tv_oku(set, 0, 1, 10, "事業", 2025, YS_KIND_INITIAL, "1");
  tv_oku(set, 0, 7, 3, "事業", 2026, YS_KIND_INITIAL, "30");
  tv_oku(set, 0, 7, 3, "事業", 2025, YS_KIND_INITIAL, "20");
  d = tv_diff(set, 7, 3, "事業", 2026, 2025, "10");
  f = ys_check_run(set);
  cr_assert_eq(tv_only(f, YS_CHECK_DIFFERENCE, d->id)->status, YS_STATUS_EXACT);
  g_ptr_array_unref(f);
  tv_set_free(set);
}

/* -------- each rounding mode at the edge of its tolerance (AMED: five parts of 1億円) -------- */

static YsStatus amed_status(YsRounding mode, const char *total, gint64 *tolerance) {
  YsRecordSet *set = tv_set_new(mode);
  YsRecord *p = amed_2026(set, total);
  GPtrArray *f = ys_check_run(set);
  const YsFinding *s = tv_only(f, YS_CHECK_SUM, p->id);
  YsStatus st = s->status;
  if (tolerance != NULL)
    *tolerance = s->tolerance_yen;
  g_ptr_array_unref(f);
  tv_set_free(set);
  return st;
}

Test(validate_boundary, half_open_at_plus_minus_three) {
  gint64 tol = 0;
  /* stated [s−0.5, s+0.5), parts [1237.5, 1242.5): s − 1240 ∈ (−3, 3) */
  cr_assert_eq(amed_status(YS_ROUND_HALF, "1243", &tol), YS_STATUS_MISMATCH);
  cr_assert_eq(tol, 3 * TV_OKU);
  cr_assert_eq(amed_status(YS_ROUND_HALF, "1242", NULL), YS_STATUS_ROUNDING);
  cr_assert_eq(amed_status(YS_ROUND_HALF, "1240", NULL), YS_STATUS_EXACT);
  cr_assert_eq(amed_status(YS_ROUND_HALF, "1238", NULL), YS_STATUS_ROUNDING);
  cr_assert_eq(amed_status(YS_ROUND_HALF, "1237", NULL), YS_STATUS_MISMATCH);
  /* a finer stated figure has a narrower interval: [1242.45, 1242.55) still meets, 1242.6 not */
  cr_assert_eq(amed_status(YS_ROUND_HALF, "1242.5", &tol), YS_STATUS_ROUNDING);
  cr_assert_eq(tol, 255000000);
  cr_assert_eq(amed_status(YS_ROUND_HALF, "1242.6", NULL), YS_STATUS_MISMATCH);
  cr_assert_eq(amed_status(YS_ROUND_HALF, "1237.5", NULL), YS_STATUS_ROUNDING);
  cr_assert_eq(amed_status(YS_ROUND_HALF, "1237.4", NULL), YS_STATUS_MISMATCH);
}

Test(validate_boundary, down) {
  gint64 tol = 0;
  YsRecordSet *set;
  GPtrArray *f;
  /* stated [s, s+1), parts [1240, 1245): s − 1240 ∈ (−1, 5) */
  cr_assert_eq(amed_status(YS_ROUND_DOWN, "1245", &tol), YS_STATUS_MISMATCH);
  cr_assert_eq(tol, 5 * TV_OKU);
  cr_assert_eq(amed_status(YS_ROUND_DOWN, "1244", NULL), YS_STATUS_ROUNDING);
  cr_assert_eq(amed_status(YS_ROUND_DOWN, "1244.9", NULL), YS_STATUS_ROUNDING);
  cr_assert_eq(amed_status(YS_ROUND_DOWN, "1240", NULL), YS_STATUS_EXACT);
  cr_assert_eq(amed_status(YS_ROUND_DOWN, "1245.0", NULL), YS_STATUS_MISMATCH);
  cr_assert_eq(amed_status(YS_ROUND_DOWN, "1239", NULL), YS_STATUS_MISMATCH);
  /* [1239.9, 1240.0) touches [1240, …) only at its open end */
  cr_assert_eq(amed_status(YS_ROUND_DOWN, "1239.9", NULL), YS_STATUS_MISMATCH);
  set = tv_set_new(YS_ROUND_DOWN);
  amed_2026(set, "1244");
  f = ys_check_run(set);
  cr_assert_str_eq(((YsFinding *)g_ptr_array_index(f, 0))->detail,
                   "1,244億円 ≈ 7+3+583+481+166 = 1,240億円 (差 4億円, 許容 -1〜+5億円)");
  g_ptr_array_unref(f);
  tv_set_free(set);
}

Test(validate_boundary, up) {
  gint64 tol = 0;
  /* stated (s−1, s], parts (1235, 1240]: s − 1240 ∈ (−5, 1) */
  cr_assert_eq(amed_status(YS_ROUND_UP, "1241", &tol), YS_STATUS_MISMATCH);
  cr_assert_eq(tol, 5 * TV_OKU);
  /* (1240.0, 1240.1] touches (…, 1240] only at its open end */
  cr_assert_eq(amed_status(YS_ROUND_UP, "1240.1", NULL), YS_STATUS_MISMATCH);
  cr_assert_eq(amed_status(YS_ROUND_UP, "1235.1", NULL), YS_STATUS_ROUNDING);
  cr_assert_eq(amed_status(YS_ROUND_UP, "1235.0", NULL), YS_STATUS_MISMATCH);
  cr_assert_eq(amed_status(YS_ROUND_UP, "1240", NULL), YS_STATUS_EXACT);
  cr_assert_eq(amed_status(YS_ROUND_UP, "1236", NULL), YS_STATUS_ROUNDING);
  cr_assert_eq(amed_status(YS_ROUND_UP, "1235", NULL), YS_STATUS_MISMATCH);
}

/* 切り上げ: a printed 0 stands for exactly 0 — a closed point that must still meet a total of 0. */
Test(validate_boundary, up_zero_is_a_closed_point) {
  YsRecordSet *set = tv_set_new(YS_ROUND_UP);
  YsRecord *p = tv_oku(set, 0, 1, 1, "事業", 2026, YS_KIND_INITIAL, "0");
  YsRecord *q = tv_oku(set, 0, 1, 2, "事業2", 2026, YS_KIND_INITIAL, "0.1");
  GPtrArray *f;
  tv_part(set, p, "A", "0");
  tv_part(set, p, "B", "0");
  tv_part(set, q, "A", "0");
  tv_part(set, q, "B", "0");
  f = ys_check_run(set);
  cr_assert_eq(tv_only(f, YS_CHECK_SUM, p->id)->status, YS_STATUS_EXACT);
  cr_assert_eq(tv_only(f, YS_CHECK_SUM, p->id)->tolerance_yen, 0);
  /* (0, 0.1] does not meet [0, 0]: the open end excludes it */
  cr_assert_eq(tv_only(f, YS_CHECK_SUM, q->id)->status, YS_STATUS_MISMATCH);
  g_ptr_array_unref(f);
  tv_set_free(set);
}

/* The rate of the seed at each mode: under 切り捨て +3.5% means [3.5, 3.6), still meeting. */
Test(validate_boundary, rate_edges) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  YsRecord *r;
  GPtrArray *f;
  tv_oku(set, 0, 4, 104, INHOUSE, 2026, YS_KIND_INITIAL, "841");
  tv_oku(set, 0, 4, 104, INHOUSE, 2025, YS_KIND_INITIAL, "813");
  r = tv_rate(set, 4, 104, INHOUSE, 2026, 2025, 36, 1);
  /* computed max 841.5/812.5 − 1 = 3.569…%: +3.6% = [3.55, 3.65) meets, +3.7% does not */
  f = ys_check_run(set);
  cr_assert_eq(tv_only(f, YS_CHECK_RATE, r->id)->status, YS_STATUS_ROUNDING);
  g_ptr_array_unref(f);
  r->rate_scaled = 37;
  f = ys_check_run(set);
  cr_assert_eq(tv_only(f, YS_CHECK_RATE, r->id)->status, YS_STATUS_MISMATCH);
  g_ptr_array_unref(f);
  /* computed min 3.319…%: +3.3% = [3.25, 3.35) meets; +3.2% does not */
  r->rate_scaled = 33;
  f = ys_check_run(set);
  cr_assert_eq(tv_only(f, YS_CHECK_RATE, r->id)->status, YS_STATUS_ROUNDING);
  g_ptr_array_unref(f);
  r->rate_scaled = 32;
  f = ys_check_run(set);
  cr_assert_eq(tv_only(f, YS_CHECK_RATE, r->id)->status, YS_STATUS_MISMATCH);
  g_ptr_array_unref(f);
  /* 切り捨て: +3.4% = [3.4, 3.5) holds 28/813 = 3.44% exactly; +3.5% = [3.5, 3.6) only by rounding
   */
  set->rounding = YS_ROUND_DOWN;
  r->rate_scaled = 34;
  f = ys_check_run(set);
  cr_assert_eq(tv_only(f, YS_CHECK_RATE, r->id)->status, YS_STATUS_EXACT);
  g_ptr_array_unref(f);
  r->rate_scaled = 35;
  f = ys_check_run(set);
  cr_assert_eq(tv_only(f, YS_CHECK_RATE, r->id)->status, YS_STATUS_ROUNDING);
  g_ptr_array_unref(f);
  tv_set_free(set);
}

/* -------- unknown rounding, units -------- */

/* No rounding note: the figures are taken as printed. The reference table's 1,238 = 7+3+583+481+166
 * = 1,240 reconciles only by rounding, which the document no longer declares: a mismatch, and
 * every detail says what the tolerance rests on. */
Test(validate_unknown, taken_as_printed_and_said) {
  YsRecordSet *set = seed_table(YS_ROUND_UNKNOWN);
  GPtrArray *f = ys_check_run(set);
  cr_assert_eq(f->len, 10);
  const YsFinding *amed = NULL;
  for (guint i = 0; i < f->len; i++) {
    const YsFinding *x = g_ptr_array_index(f, i);
    if (x->check == YS_CHECK_SUM && x->stated_yen == 1238 * TV_OKU)
      amed = x;
    /* every figure is in whole 億円: none is coarser, nothing is tolerated (a rate is rounded at
     * its last digit, either way) */
    cr_assert(x->check == YS_CHECK_RATE || x->tolerance_yen == 0, "%s", x->detail);
    cr_assert(strstr(x->detail, "no rounding note") != NULL, "%s", x->detail);
  }
  cr_assert(amed);
  cr_expect_eq(amed->status, YS_STATUS_MISMATCH, "%s", amed->detail);
  cr_expect_eq(amed->tolerance_yen, 0);
  cr_expect(strstr(amed->detail, "figures taken as printed") != NULL, "%s", amed->detail);
  g_ptr_array_unref(f);
  tv_set_free(set);
  /* and a declared note says nothing of the kind */
  set = seed_table(YS_ROUND_HALF);
  f = ys_check_run(set);
  for (guint i = 0; i < f->len; i++)
    cr_assert_null(strstr(((YsFinding *)g_ptr_array_index(f, i))->detail, "no rounding note"));
  g_ptr_array_unref(f);
  tv_set_free(set);
}

/* No note, but a total printed coarser than its parts (12億円 over 5.2 + 6.6 = 11.8億円): the
 * total's precision forces a tolerance, a unit either way since the rounding is not said. 10億円
 * over the same parts is off by more than that. */
Test(validate_unknown, coarser_total_forces_its_precision) {
  YsRecordSet *set = tv_set_new(YS_ROUND_UNKNOWN);
  YsRecord *p = tv_oku(set, 0, 1, 1, "計", 2026, YS_KIND_INITIAL, "12");
  tv_oku(set, p->id, 1, 2, "A", 2026, YS_KIND_INITIAL, "5.2");
  tv_oku(set, p->id, 1, 3, "B", 2026, YS_KIND_INITIAL, "6.6");
  GPtrArray *f = ys_check_run(set);
  const YsFinding *sum = tv_only(f, YS_CHECK_SUM, p->id);
  cr_expect_eq(sum->status, YS_STATUS_ROUNDING, "%s", sum->detail);
  cr_expect(strstr(sum->detail, "printed coarser") != NULL, "%s", sum->detail);
  g_ptr_array_unref(f);
  tv_parse_oku("10", &p->amount_yen, &p->rounding_unit_yen);
  f = ys_check_run(set);
  cr_expect_eq(tv_only(f, YS_CHECK_SUM, p->id)->status, YS_STATUS_MISMATCH);
  g_ptr_array_unref(f);
  tv_set_free(set);
}

Test(validate_units, children_in_another_unit) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  YsRecord *p = tv_oku(set, 0, 1, 1, "事業", 2026, YS_KIND_INITIAL, "1");
  GPtrArray *f;
  const YsFinding *s;
  /* 5,000万円 + 4,800万円 vs 1億円 */
  tv_add_yen(set, p->id, 1, 2, "事業/A", 2026, YS_KIND_INITIAL, YS_ROLE_AMOUNT, 50000000, "万円",
             10000, 10000);
  tv_add_yen(set, p->id, 1, 3, "事業/B", 2026, YS_KIND_INITIAL, YS_ROLE_AMOUNT, 48000000, "万円",
             10000, 10000);
  f = ys_check_run(set);
  s = tv_only(f, YS_CHECK_SUM, p->id);
  cr_assert_eq(s->status, YS_STATUS_ROUNDING);
  cr_assert_str_eq(s->detail, "1億円 ≈ 0.5000+0.4800 = 0.9800億円 (差 0.02億円, 許容 ±0.5001億円)");
  g_ptr_array_unref(f);
  tv_set_free(set);
}

Test(validate_units, thousand_yen_table) {
  YsRecordSet *set = tv_set_new(YS_ROUND_DOWN);
  YsRecord *p = tv_add_yen(set, 0, 1, 1, "款", 2026, YS_KIND_INITIAL, YS_ROLE_AMOUNT, 1234567000,
                           "千円", 1000, 1000);
  GPtrArray *f;
  const YsFinding *s;
  tv_add_yen(set, p->id, 1, 2, "項A", 2026, YS_KIND_INITIAL, YS_ROLE_AMOUNT, 1000000000, "千円",
             1000, 1000);
  tv_add_yen(set, p->id, 1, 3, "項B", 2026, YS_KIND_INITIAL, YS_ROLE_AMOUNT, 234567000, "千円",
             1000, 1000);
  f = ys_check_run(set);
  s = tv_only(f, YS_CHECK_SUM, p->id);
  cr_assert_eq(s->status, YS_STATUS_EXACT);
  cr_assert_str_eq(s->detail, "1,234,567千円 = 1,000,000+234,567 = 1,234,567千円 (差 0千円, "
                              "許容 -1〜+2千円)");
  g_ptr_array_unref(f);
  tv_set_free(set);
}

/* A 比較 (difference) column with its own breakdown is summed like an amount. */
Test(validate_sum, difference_breakdown) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  YsRecord *d = tv_diff(set, 6, 10, "款", 2026, 2025, "-5");
  YsRecord *a = tv_diff(set, 6, 11, "款/項A", 2026, 2025, "-7");
  YsRecord *b = tv_diff(set, 6, 12, "款/項B", 2026, 2025, "2");
  GPtrArray *f;
  const YsFinding *s;
  a->parent_id = d->id;
  b->parent_id = d->id;
  f = ys_check_run(set);
  cr_assert_eq(f->len, 1); /* no new/old figures: only the sum */
  s = tv_only(f, YS_CHECK_SUM, d->id);
  cr_assert_eq(s->status, YS_STATUS_EXACT);
  cr_assert_str_eq(s->detail, "-5億円 = -7+2 = -5億円 (差 0億円, 許容 ±1.5億円)");
  g_ptr_array_unref(f);
  tv_set_free(set);
}

/* Prior-year children under a prior-year parent of their own are checked once, against it. */
Test(validate_sum, prior_year_children_checked_once) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  YsRecord *p = tv_oku(set, 0, 3, 1, "事業", 2026, YS_KIND_INITIAL, "10");
  YsRecord *q = tv_oku(set, 0, 3, 1, "事業", 2025, YS_KIND_INITIAL, "9");
  GPtrArray *f;
  tv_part(set, p, "A", "4");
  tv_part(set, p, "B", "6");
  tv_part(set, q, "A", "4");
  tv_part(set, q, "B", "5");
  /* a stray prior-year child also linked to the current-year parent */
  tv_oku(set, p->id, 3, 1, "事業/C", 2025, YS_KIND_INITIAL, "1");
  tv_oku(set, p->id, 3, 1, "事業/D", 2025, YS_KIND_INITIAL, "1");
  f = ys_check_run(set);
  cr_assert_eq(f->len, 2);
  cr_assert_eq(tv_only(f, YS_CHECK_SUM, p->id)->status, YS_STATUS_EXACT);
  cr_assert_eq(tv_only(f, YS_CHECK_SUM, q->id)->status, YS_STATUS_EXACT);
  g_ptr_array_unref(f);
  tv_set_free(set);
}

/* 医薬品プロジェクト 355億円 < AMED 308億円、インハウス 46億円 > with outline items below it:
 * the breakdown and the outline are two splits, summed apart (355 ≈ 354; 355 ≈ 200 + 155). */
Test(validate_sum, breakdown_and_outline_apart) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  YsRecord *p = tv_oku(set, 0, 5, 112, "医薬品プロジェクト", 2026, YS_KIND_INITIAL, "355");
  GPtrArray *f;
  guint sums = 0;
  tv_part(set, p, "AMED", "308");
  tv_part(set, p, "インハウス", "46");
  tv_oku(set, p->id, 5, 113, "創薬A", 2026, YS_KIND_INITIAL, "200");
  tv_oku(set, p->id, 5, 114, "創薬B", 2026, YS_KIND_INITIAL, "155");
  f = ys_check_run(set);
  for (guint i = 0; i < f->len; i++) {
    const YsFinding *x = g_ptr_array_index(f, i);
    cr_assert_neq(x->status, YS_STATUS_MISMATCH, "%s", x->detail);
    sums += x->check == YS_CHECK_SUM && x->record_id == p->id;
  }
  cr_assert_eq(sums, 2);
  g_ptr_array_unref(f);
  tv_set_free(set);
}

/* A 予算書 table's levels are exhaustive (款 = Σ 項): a parent whose parts are complete
 * (parts_complete) is checked against a lone part, as equality within rounding, in 千円. */
static YsRecordSet *lone_complete_part(const char *item, gint64 parent_yen, gint64 part_yen,
                                       gboolean complete) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  YsRecord *kan = tv_add_yen(set, 0, 4, 6, item, 2026, YS_KIND_INITIAL, YS_ROLE_AMOUNT, parent_yen,
                             "千円", 1000, 1000);
  kan->parts_complete = complete;
  tv_add_yen(set, kan->id, 4, 7, item, 2026, YS_KIND_INITIAL, YS_ROLE_AMOUNT, part_yen, "千円",
             1000, 1000);
  return set;
}

Test(validate_sum, lone_complete_part_equal) {
  YsRecordSet *set = lone_complete_part("議会費", 412300000, 412300000, TRUE);
  GPtrArray *f = ys_check_run(set);
  const YsFinding *s;
  cr_assert_eq(f->len, 1);
  s = tv_only(f, YS_CHECK_SUM, 1);
  cr_assert_eq(s->status, YS_STATUS_EXACT);
  cr_assert_str_eq(s->detail, "412,300千円 = 412,300 = 412,300千円 (差 0千円, 許容 ±1千円)");
  g_ptr_array_unref(f);
  tv_set_free(set);
}

Test(validate_sum, lone_complete_part_mismatch) {
  YsRecordSet *set = lone_complete_part("議会費", 412300000, 412200000, TRUE);
  GPtrArray *f = ys_check_run(set);
  const YsFinding *s;
  cr_assert_eq(f->len, 1);
  s = tv_only(f, YS_CHECK_SUM, 1);
  cr_assert_eq(s->status, YS_STATUS_MISMATCH);
  cr_assert_eq(s->difference_yen, 100000);
  g_ptr_array_unref(f);
  tv_set_free(set);
}

/* The same lone child without the mark is an outline child (the outline under a slide headline
 * may list only some parts): not checked, even when it does not cover its parent. */
Test(validate_skip, lone_outline_child_not_checked) {
  YsRecordSet *set = lone_complete_part("事業", 412300000, 100000000, FALSE);
  GPtrArray *f = ys_check_run(set);
  cr_assert_eq(f->len, 0);
  g_ptr_array_unref(f);
  tv_set_free(set);
}

/* A lone part of a complete parent in another (year, kind) than the parent (a 前年度 column
 * linked to the 本年度 row) is checked against the parent item's figure for that year. */
Test(validate_sum, lone_complete_part_each_year) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  YsRecord *kan8 = tv_add_yen(set, 0, 4, 6, "議会費", 2026, YS_KIND_INITIAL, YS_ROLE_AMOUNT,
                              412300000, "千円", 1000, 1000);
  YsRecord *kan7 = tv_add_yen(set, 0, 4, 6, "議会費", 2025, YS_KIND_INITIAL, YS_ROLE_AMOUNT,
                              405800000, "千円", 1000, 1000);
  GPtrArray *f;
  kan8->parts_complete = TRUE;
  kan7->parts_complete = TRUE;
  tv_add_yen(set, kan8->id, 4, 7, "議会費", 2026, YS_KIND_INITIAL, YS_ROLE_AMOUNT, 412300000,
             "千円", 1000, 1000);
  tv_add_yen(set, kan7->id, 4, 7, "議会費", 2025, YS_KIND_INITIAL, YS_ROLE_AMOUNT, 405900000,
             "千円", 1000, 1000);
  f = ys_check_run(set);
  cr_assert_eq(tv_count(f, YS_CHECK_SUM, YS_STATUS_EXACT), 1);
  cr_assert_eq(tv_count(f, YS_CHECK_SUM, YS_STATUS_MISMATCH), 1);
  cr_assert_eq(tv_only(f, YS_CHECK_SUM, kan7->id)->status, YS_STATUS_MISMATCH);
  g_ptr_array_unref(f);
  tv_set_free(set);
}

/* Parts whose sum leaves int64 cannot be checked; the check is reported as a mismatch that
 * says so, never dropped (an auditor must see every check that was not made). */
Test(validate_overflow, sum_beyond_int64_is_reported_not_dropped) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  const gint64 big = G_GINT64_CONSTANT(9000000000000000000); /* 9 × 10^18 yen */
  YsRecord *p =
      tv_add_yen(set, 0, 1, 1, "巨額", 2026, YS_KIND_INITIAL, YS_ROLE_AMOUNT, big, "円", 1, 1);
  tv_add_yen(set, p->id, 1, 2, "巨額/甲", 2026, YS_KIND_INITIAL, YS_ROLE_AMOUNT, big, "円", 1, 1);
  tv_add_yen(set, p->id, 1, 3, "巨額/乙", 2026, YS_KIND_INITIAL, YS_ROLE_AMOUNT, big, "円", 1, 1);
  GPtrArray *f = ys_check_run(set);
  const YsFinding *s = tv_only(f, YS_CHECK_SUM, p->id);
  cr_assert_eq(s->status, YS_STATUS_MISMATCH);
  cr_assert_not(s->has_yen);
  cr_assert(strstr(s->detail, "int64") != NULL, "detail: %s", s->detail);
  g_ptr_array_unref(f);
  tv_set_free(set);
}

/* -------- every finding names the records its computed side was made of -------- */

/* The ids of F's parts as "2 3 4": what the report outlines on the page. */
static char *parts_string(const YsFinding *f) {
  GString *s = g_string_new(NULL);
  cr_assert(f->parts != NULL);
  for (guint i = 0; i < f->parts->len; i++)
    g_string_append_printf(s, "%s%u", i ? " " : "", g_array_index(f->parts, guint, i));
  return g_string_free(s, FALSE);
}

Test(validate_parts, sum_difference_rate_name_their_operands) {
  YsRecordSet *set = seed_table(YS_ROUND_HALF);
  GPtrArray *f = ys_check_run(set);
  const YsRecord *new_amed = find_record(set, AMED, 2026, YS_KIND_INITIAL, YS_ROLE_AMOUNT);
  const YsRecord *old_amed = find_record(set, AMED, 2025, YS_KIND_INITIAL, YS_ROLE_AMOUNT);
  const YsRecord *diff = find_record(set, AMED, 2026, YS_KIND_INITIAL, YS_ROLE_DIFFERENCE);
  const YsRecord *rate = find_record(set, AMED, 2026, YS_KIND_INITIAL, YS_ROLE_RATE);
  g_autofree char *want_old = g_strdup_printf("%u %u", new_amed->id, old_amed->id);
  g_autofree char *sum = parts_string(tv_only(f, YS_CHECK_SUM, new_amed->id));
  g_autofree char *sum_old = parts_string(tv_only(f, YS_CHECK_SUM, old_amed->id));
  g_autofree char *d = parts_string(tv_only(f, YS_CHECK_DIFFERENCE, diff->id));
  g_autofree char *r = parts_string(tv_only(f, YS_CHECK_RATE, rate->id));

  cr_assert_str_eq(sum, "2 3 4 5 6"); /* the five ministries after record 1, in print order */
  cr_assert_str_eq(sum_old, "8 9 10 11 12");
  cr_assert_str_eq(d, want_old, "difference: new then old, got %s", d);
  cr_assert_str_eq(r, want_old, "rate: new then old, got %s", r);
  g_ptr_array_unref(f);
  tv_set_free(set);
}

Test(validate_parts, portion_left_out_and_duplicate_names_the_first) {
  YsRecordSet *set = tv_set_new(YS_ROUND_HALF);
  YsRecord *p = tv_oku(set, 0, 2, 10, "事業", 2026, YS_KIND_INITIAL, "30");
  tv_part(set, p, "A", "10");
  tv_part(set, p, "B", "5")->qualifier = YS_QUAL_PORTION; /* never added: not a part */
  tv_part(set, p, "C", "20");
  YsRecord *first = tv_oku(set, 0, 3, 4, "別事業", 2026, YS_KIND_INITIAL, "8");
  YsRecord *again = tv_oku(set, 0, 9, 2, "別事業", 2026, YS_KIND_INITIAL, "9");
  GPtrArray *f = ys_check_run(set);
  g_autofree char *sum = parts_string(tv_only(f, YS_CHECK_SUM, p->id));
  g_autofree char *dup = parts_string(tv_only(f, YS_CHECK_DUPLICATE, again->id));
  g_autofree char *want_dup = g_strdup_printf("%u", first->id);

  cr_assert_str_eq(sum, "2 4");
  cr_assert_str_eq(dup, want_dup);
  g_ptr_array_unref(f);
  tv_set_free(set);
}
