/* tests — tables: the AMED / インハウス table of the reference document (headers on two lines,
 * breakdowns in cells, difference and rate columns) and a 予算書 sample with bare numbers
 * (tests/data/rules/yosansho-sample.txt: 款/項 rows, （単位：千円）, a unit row, △, dashes). */
#include "test_rules_support.h"

#define OKU G_GINT64_CONSTANT(100000000)

static YsRules *rules;
static void setup(void) {
  rules = test_rules_default();
}
static void teardown(void) {
  ys_rules_free(rules);
}
TestSuite(rules_table, .init = setup, .fini = teardown);

static const char *AMED_TABLE =
    "令和8年度医療分野の研究開発関連予算案について\n"
    "\t8年度予算(案)\t7年度予算(当初)\t対前年度\t\t7年度予算(補正)\n"
    "\t\t\t増▲減額\t増▲減率\t\n"
    "日本医療研究開発機構 (AMED)対象経費\t1,238億円 (こ7,総3,文583,厚481,経166)\t"
    "1,232億円 (こ6,総3,文583,厚479,経161)\t+6億円\t+0.5%\t404億円 (内120,文175,厚110)\n"
    "インハウス研究 機関経費\t841億円 (こ0,文251,厚504,経86)\t813億円 (こ0,文251,厚500,経61)\t"
    "+28億円\t+3.5%\t334億円 (厚334)\n"
    "- "
    "上記における計数は、それぞれ四捨五入しているため、端数において合計とは合致しないものがある。"
    "\n";

Test(rules_table, amed_table) {
  YsRecordSet *set = test_read(rules, AMED_TABLE);
  const char *amed = "日本医療研究開発機構(AMED)対象経費";
  const YsRecord *t26 = test_find(set, amed, 1238 * OKU, 2026);
  cr_assert(t26);
  cr_expect_eq(t26->kind, YS_KIND_INITIAL);
  const YsRecord *t25 = test_find(set, amed, 1232 * OKU, 2025);
  cr_assert(t25);
  cr_expect_eq(t25->kind, YS_KIND_INITIAL);
  const YsRecord *sup = test_find(set, amed, 404 * OKU, 2025);
  cr_assert(sup);
  cr_expect_eq(sup->kind, YS_KIND_SUPPLEMENTARY);
  const YsRecord *c =
      test_find(set, "日本医療研究開発機構(AMED)対象経費/厚生労働省", 481 * OKU, 2026);
  cr_assert(c, "ministry breakdown child");
  cr_expect_eq(c->parent_id, t26->id);
  cr_expect_str_eq(c->group, "厚生労働省");
  cr_expect_eq(c->rounding_unit_yen, OKU, "bare numbers take the parent's unit");
  c = test_find(set, "日本医療研究開発機構(AMED)対象経費/内閣府", 120 * OKU, 2025);
  cr_assert(c);
  cr_expect_eq(c->parent_id, sup->id);
  cr_expect_eq(c->kind, YS_KIND_SUPPLEMENTARY);
  int children = 0, diffs = 0, rates = 0;
  for (guint i = 0; i < set->records->len; i++) {
    const YsRecord *r = g_ptr_array_index(set->records, i);
    children += r->parent_id == t26->id;
    if (r->role == YS_ROLE_DIFFERENCE) {
      diffs++;
      cr_expect_eq(r->fiscal_year, 2026);
      cr_expect_eq(r->base_year, 2025);
      cr_expect_eq(r->kind, YS_KIND_INITIAL);
      cr_expect_eq(r->base_kind, YS_KIND_INITIAL);
    }
    if (r->role == YS_ROLE_RATE) {
      rates++;
      cr_expect_str_eq(r->unit, "%");
      cr_expect_eq(r->base_year, 2025);
      cr_expect_eq(r->rate_decimals, 1);
    }
  }
  cr_expect_eq(children, 5);
  cr_expect_eq(diffs, 2);
  cr_expect_eq(rates, 2);
  const YsRecord *rate = test_find(set, "インハウス研究機関経費", 0, 2026);
  cr_assert(rate && rate->role == YS_ROLE_RATE);
  cr_expect_eq(rate->rate_scaled, 35);
  const YsRecord *d = test_find(set, "インハウス研究機関経費", 28 * OKU, 2026);
  cr_assert(d && d->role == YS_ROLE_DIFFERENCE);
  cr_expect_eq(set->rounding, YS_ROUND_HALF);
  ys_record_set_free(set);
}

Test(rules_table, row_label_on_two_lines) {
  YsRecordSet *set = test_read(rules, "\t8年度予算(案)\t7年度予算(当初)\n"
                                      "日本医療研究開発機構\t1,238億円\t1,232億円\n"
                                      "(AMED)対象経費\n"
                                      "インハウス研究\t841億円\t813億円\n"
                                      "機関経費\n");
  cr_assert(test_find(set, "日本医療研究開発機構(AMED)対象経費", 1238 * OKU, 2026));
  cr_assert(test_find(set, "日本医療研究開発機構(AMED)対象経費", 1232 * OKU, 2025));
  cr_assert(test_find(set, "インハウス研究機関経費", 841 * OKU, 2026));
  ys_record_set_free(set);
}

Test(rules_table, yosansho_sample) {
  g_autofree char *text = NULL;
  const char *file = YS_SOURCE_DIR "/tests/data/rules/yosansho-sample.txt";
  cr_assert(g_file_get_contents(file, &text, NULL, NULL));
  YsRecordSet *set = test_read(rules, text);
  cr_expect_eq(set->fiscal_year, 2026);
  const YsRecord *kan = NULL, *kou = NULL;
  for (guint i = 0; i < set->records->len; i++) {
    const YsRecord *r = g_ptr_array_index(set->records, i);
    cr_expect(r->amount_yen != 0 || r->role == YS_ROLE_RATE, "a dash is no figure: %s", r->text);
    cr_expect(r->amount_yen != G_GINT64_CONSTANT(408000000), "a calculation base is no figure");
    if (strcmp(r->item, "総務費") == 0 && r->fiscal_year == 2026 && r->role == YS_ROLE_AMOUNT)
      kan = r;
    if (strcmp(r->item, "総務管理費") == 0 && r->fiscal_year == 2026 && r->role == YS_ROLE_AMOUNT)
      kou = r;
  }
  cr_assert(kan && kou);
  cr_expect_eq(kan->amount_yen, G_GINT64_CONSTANT(3210000000));
  cr_expect_str_eq(kan->unit, "千円");
  cr_expect_eq(kan->rounding_unit_yen, 1000);
  cr_expect_eq(kou->parent_id, kan->id, "a 項 row is a part of its 款 row");
  const YsRecord *d = test_find(set, "総務費", G_GINT64_CONSTANT(-90500000), 2026);
  cr_assert(d, "△90,500 is minus");
  cr_expect_eq(d->role, YS_ROLE_DIFFERENCE);
  cr_expect_eq(d->base_year, 2025);
  const YsRecord *p = test_find(set, "戸籍住民基本台帳費", 100000000, 2025);
  cr_assert(p);
  cr_assert_null(test_find(set, "戸籍住民基本台帳費", 0, 2026), "- in 比較 is no figure");
  const YsRecord *u = test_find(set, "保険給付費", 1234567000, 2026);
  cr_assert(u, "a unit row 千円 千円 千円");
  cr_expect_str_eq(u->unit, "千円");
  cr_assert(test_find(set, "保険給付費", 1200000000, 2025));
  cr_assert_null(test_find(set, "保健事業費", 0, 2025), "― is no figure");
  ys_record_set_free(set);
}
