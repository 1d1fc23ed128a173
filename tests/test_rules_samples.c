/* tests — fixes found on the real samples: lines as `yosan text` gives them for
 * samples/mext-lifescience-r8.pdf (p.3, p.9) and samples/city-yosansho-r8.pdf (p.1, p.2). Cells are
 * TAB-separated; test_line_new gives cell i the x-extent [i, i + 1). */
#include "test_rules_support.h"

#define OKU G_GINT64_CONSTANT(100000000)
#define SEN G_GINT64_CONSTANT(1000)

static YsRules *rules;
static void setup(void) {
  rules = test_rules_default();
}
static void teardown(void) {
  ys_rules_free(rules);
}
TestSuite(rules_samples, .init = setup, .fini = teardown);

static const char *MEXT = "令和 8 年度 医療分野の研究開発関連予算案について\n";

/* mext PDF p.9: labels and amounts side by side in two columns */
Test(rules_samples, parts_in_two_cells) {
  g_autofree char *doc = g_strconcat(
      MEXT,
      "- 8 -\n"
      "AI for Scienceによる科学研究革新プログラム\n"
      "令和7年度補正予算額 370億円\n"
      "※上記の他、AI for Scienceに不可欠な計算基盤の環境整備として、76億円を別途計上。\n"
      "「プロジェクト型」\t「チャレンジ型」\n"
      "320億円\t50億円\n",
      NULL);
  YsRecordSet *set = test_read(rules, doc);
  const char *h = "AI for Scienceによる科学研究革新プログラム";
  const YsRecord *head = test_find(set, h, 370 * OKU, 2025);
  cr_assert(head);
  const YsRecord *p1 =
      test_find(set, "AI for Scienceによる科学研究革新プログラム/プロジェクト型", 320 * OKU, 2025);
  const YsRecord *p2 =
      test_find(set, "AI for Scienceによる科学研究革新プログラム/チャレンジ型", 50 * OKU, 2025);
  cr_assert(p1 && p2, "each amount takes the label above it, in order");
  cr_expect_eq(p1->parent_id, head->id);
  cr_expect_eq(p2->parent_id, head->id);
  cr_expect_eq(p2->kind, YS_KIND_SUPPLEMENTARY);
  const YsRecord *aside = test_find(set, "計算基盤の環境整備", 76 * OKU, 2025);
  cr_assert(aside, "an amount in addition to the program has its own item");
  cr_expect_eq(aside->parent_id, 0u);
  ys_record_set_free(set);
}

Test(rules_samples, aside_in_addition_wordings) {
  g_autofree char *doc = g_strconcat(MEXT,
                                     "AI for Scienceによる科学研究革新プログラム\n"
                                     "令和7年度補正予算額 370億円\n"
                                     "上記に加え、データ基盤整備として20億円を計上。\n",
                                     NULL);
  YsRecordSet *set = test_read(rules, doc);
  const YsRecord *r = test_find(set, "データ基盤整備", 20 * OKU, 2025);
  cr_assert(r, "上記に加え names its own item");
  cr_expect_eq(r->parent_id, 0u);
  ys_record_set_free(set);
}

/* mext PDF p.3: a header over three lines (one of them a single cell), figures of a row set
 * between the two lines of its label, breakdowns alone on the label's second line */
Test(rules_samples, table_header_on_three_lines_and_row_continuation) {
  g_autofree char *doc =
      g_strconcat(MEXT,
                  "\t\t7年度予算\t対前年度\t\t7年度予算\n"
                  "\t8年度予算(案)\n"
                  "\t\t(当初)\t増▲減額\t増▲減率\t(補正)\n"
                  "日本医療研究開発機構\t1,238億円\t1,232億円\t\t\t404億円\n"
                  "\t\t\t+6億円\t+0.5%\n"
                  "(AMED)対象経費\t(こ7,総3,文583,厚481,経166)\t(こ6,総3,文583,厚479,経161)\t\t\t("
                  "内120,文175,厚110)\n"
                  "インハウス研究\t841億円\t813億円\t+28億円\t+3.5%\t334億円\n"
                  "機関経費\t(こ0,文251,厚504,経86)\t(こ0,文251,厚500,経61)\t\t\t(厚334)\n",
                  NULL);
  YsRecordSet *set = test_read(rules, doc);
  const char *amed = "日本医療研究開発機構(AMED)対象経費";
  const YsRecord *n = test_find(set, amed, 1238 * OKU, 2026);
  const YsRecord *o = test_find(set, amed, 1232 * OKU, 2025);
  const YsRecord *s = test_find(set, amed, 404 * OKU, 2025);
  cr_assert(n && o && s, "the row is named by both label lines");
  cr_expect_eq(n->kind, YS_KIND_INITIAL);
  cr_expect_eq(o->kind, YS_KIND_INITIAL, "7年度予算 / (当初)");
  cr_expect_eq(s->kind, YS_KIND_SUPPLEMENTARY, "7年度予算 / (補正)");
  guint rate = 0, diff = 0, kids = 0;
  for (guint i = 0; i < set->records->len; i++) {
    const YsRecord *r = g_ptr_array_index(set->records, i);
    if (strcmp(r->item, amed) == 0 && r->role == YS_ROLE_RATE) {
      rate++;
      cr_expect_eq(r->base_year, 2025);
      cr_expect_eq(r->rate_scaled, 5);
    }
    if (strcmp(r->item, amed) == 0 && r->role == YS_ROLE_DIFFERENCE) {
      diff++;
      cr_expect_eq(r->amount_yen, 6 * OKU);
      cr_expect_eq(r->fiscal_year, 2026);
      cr_expect_eq(r->base_year, 2025);
    }
    if (r->parent_id == n->id)
      kids++;
  }
  cr_expect_eq(rate, 1u);
  cr_expect_eq(diff, 1u);
  cr_expect_eq(kids, 5u, "(こ7,総3,文583,厚481,経166) under 1,238億円");
  const YsRecord *in = test_find(set, "インハウス研究機関経費", 841 * OKU, 2026);
  cr_assert(in);
  const YsRecord *k = test_find(set, "インハウス研究機関経費/厚生労働省", 504 * OKU, 2026);
  cr_assert(k);
  cr_expect_eq(k->parent_id, in->id);
  ys_record_set_free(set);
}

static const char *CITY = "令和8年度架空市一般会計予算\n";

/* city p.1 */
Test(rules_samples, articles_total_and_borrowing_limit) {
  g_autofree char *doc =
      g_strconcat(CITY,
                  "(歳入歳出予算)\n"
                  "第1条\t歳入歳出予算の総額は、歳入歳出それぞれ47,589,610千円と定める。\n"
                  "(一時借入金)\n"
                  "第2条\t地方自治法第235条の3第2項の規定による一時借入金の借入れの最高額は、\n"
                  "3,000,000千円と定める。\n",
                  NULL);
  YsRecordSet *set = test_read(rules, doc);
  const YsRecord *t = test_find(set, "歳入歳出予算の総額", 47589610 * SEN, 2026);
  cr_assert(t, "第1条: the total has its own item");
  const YsRecord *b = test_find(set, "一時借入金", 3000000 * SEN, 2026);
  cr_assert(b, "第2条: a borrowing limit, its own item");
  cr_expect_eq(b->qualifier, YS_QUAL_MAX);
  cr_expect_eq(b->parent_id, 0u);
  ys_record_set_free(set);
}

/* city p.2: the rounding note, and a total row over the 款 rows */
Test(rules_samples, summary_total_row_and_rounding_note) {
  g_autofree char *doc = g_strconcat(CITY,
                                     "(歳出)\t(単位:千円)\n"
                                     "款\t本年度予算額\t前年度予算額\t比較\n"
                                     "千円\t千円\t千円\n"
                                     "1議会費\t412,300\t405,800\t6,500\n"
                                     "4衛生費\t4,120,700\t4,356,200\t-235,500\n"
                                     "14予備費\t50,000\t50,000\t0\n"
                                     "歳出合計\t4,583,000\t4,812,000\t-229,000\n"
                                     "注\t各金額は千円未満切り捨て。比較欄の△は減を示す。\n",
                                     NULL);
  YsRecordSet *set = test_read(rules, doc);
  cr_expect_eq(set->rounding, YS_ROUND_DOWN, "千円未満切り捨て");
  cr_expect_null(test_find(set, "注", 1000, 2026), "千円未満 is not an amount");
  const YsRecord *total = NULL;
  for (guint i = 0; i < set->records->len; i++) {
    const YsRecord *r = g_ptr_array_index(set->records, i);
    if (r->amount_yen == 4583000 * SEN)
      total = r;
  }
  cr_assert(total, "the total row is read");
  guint parts = 0;
  gint64 sum = 0;
  for (guint i = 0; i < set->records->len; i++) {
    const YsRecord *r = g_ptr_array_index(set->records, i);
    if (r->parent_id == total->id) {
      parts++;
      sum += r->amount_yen;
      cr_expect_eq(r->fiscal_year, 2026);
    }
  }
  cr_expect_eq(parts, 3u, "歳出合計 is the parent of the 款 rows above it");
  cr_expect_eq(sum, total->amount_yen);
  ys_record_set_free(set);
}

Test(rules_samples, rounding_note_wordings) {
  const char *notes[] = {"各金額は千円未満切り捨て。", "金額は単位未満切捨て",
                         "百万円未満の端数は切り捨て"};
  for (guint i = 0; i < G_N_ELEMENTS(notes); i++) {
    g_autofree char *doc = g_strconcat(CITY, notes[i], "\n", NULL);
    YsRecordSet *set = test_read(rules, doc);
    cr_expect_eq(set->rounding, YS_ROUND_DOWN, "%s", notes[i]);
    cr_expect_eq(set->records->len, 0u, "%s: no amount", notes[i]);
    ys_record_set_free(set);
  }
}

/* mext PDF p.14 line 4: `対前年度 ▲2億円(▲9.1%)` beside 現状・課題 is the change of the page's
 * program from the year before (a difference, then its rate), not an amount named by the cell
 * beside it */
Test(rules_samples, change_from_previous_year_and_its_rate) {
  g_autofree char *doc =
      g_strconcat(MEXT,
                  "新興・再興感染症研究基盤創生事業\n"
                  "令和8年度予算額(案) 20億円\n"
                  "(前年度予算額 22億円)\n"
                  "現状・課題\t対前年度 -2億円(-9.1%)\n"
                  "・近年新たな病原体の出現や新興・再興感染症の流行など、リスクが高まっている。\n",
                  NULL);
  YsRecordSet *set = test_read(rules, doc);
  const char *h = "新興・再興感染症研究基盤創生事業";
  const YsRecord *d = test_find(set, h, -2 * OKU, 2026);
  cr_assert(d, "the difference has the section's item");
  cr_expect_eq(d->role, YS_ROLE_DIFFERENCE);
  cr_expect_eq(d->kind, YS_KIND_INITIAL);
  cr_expect_eq(d->base_year, 2025);
  cr_expect_eq(d->base_kind, YS_KIND_INITIAL);
  cr_expect_eq(d->parent_id, 0u);
  cr_assert_lt(d->id, set->records->len);
  const YsRecord *r = ys_record_set_get(set, d->id + 1);
  cr_expect_eq(r->role, YS_ROLE_RATE, "the percentage behind it is its rate");
  cr_expect_str_eq(r->item, h);
  cr_expect_eq(r->rate_scaled, -91);
  cr_expect_eq(r->rate_decimals, 1);
  cr_expect_eq(r->fiscal_year, 2026);
  cr_expect_eq(r->base_year, 2025);
  cr_expect_eq(r->base_kind, YS_KIND_INITIAL);
  cr_expect_eq(set->records->len, 4u, "20, 22, the difference and the rate");
  ys_record_set_free(set);
}

/* mext PDF p.19 lines 1–6: a budget box (label + figure only) beside a prose paragraph takes the
 * page's item, not a clause of the prose */
Test(rules_samples, label_cell_beside_prose_takes_the_section_item) {
  g_autofree char *doc = g_strconcat(
      MEXT,
      "医療分野国際科学技術共同研究開発推進事業\n"
      "文部科学省\n"
      "令和8年度予算額(案) 8億円\n"
      "(前年度予算額 9億円)\n"
      "経済財政運営と改革の基本方針2025(令和7年6月閣議決定)等に基づき、G7を始めとした同志国や"
      "ASEAN・インドを含むグ\t令和7年度補正予算額 59億円\n"
      "ローバル・サウスとの国際共同研究、人材交流等を推進するとともに、\n",
      NULL);
  YsRecordSet *set = test_read(rules, doc);
  const YsRecord *r = test_find(set, "医療分野国際科学技術共同研究開発推進事業", 59 * OKU, 2025);
  cr_assert(r, "the box's figure has the page's item");
  cr_expect_eq(r->kind, YS_KIND_SUPPLEMENTARY);
  ys_record_set_free(set);
}

/* mext PDF p.20 line 10: every figure of a row whose first cell is a label takes that label */
Test(rules_samples, row_label_names_every_cell) {
  g_autofree char *doc =
      g_strconcat(MEXT,
                  "先端国際共同研究推進プログラム(ASPIRE)事業の枠組み\n"
                  "①欧米等同志国対象(共同公募・単独公募)\t②インド対象(招へい型公募・新規)\n"
                  "支援規模\t最大1億円程度 / 年・課題\t最大2,200万円程度 / 3年・人\n",
                  NULL);
  YsRecordSet *set = test_read(rules, doc);
  const YsRecord *a = test_find(set, "支援規模", 1 * OKU, 2026);
  const YsRecord *b = test_find(set, "支援規模", 2200 * G_GINT64_CONSTANT(10000), 2026);
  cr_assert(a && b, "both cells are named by the row's label");
  cr_expect_eq(a->qualifier, YS_QUAL_PER);
  cr_expect_eq(b->qualifier, YS_QUAL_PER);
  cr_expect_eq(b->kind, YS_KIND_OTHER);
  ys_record_set_free(set);
}

/* mext PDF p.15 line 5: a cost estimate is named by the sentence's topic, not its time phrase */
Test(rules_samples, estimate_named_by_its_topic) {
  g_autofree char *doc = g_strconcat(
      MEXT,
      "脳神経科学統合プログラム\n"
      "令和8年度予算額(案) 67億円(前年度予算額 65億円)\n"
      "・我が国は、超高齢化に伴い認知症が急激に増加。社会的コスト予測は、日本だけで2030年には"
      "約21兆円と試算。\n",
      NULL);
  YsRecordSet *set = test_read(rules, doc);
  const YsRecord *r =
      test_find(set, "社会的コスト予測", 21 * G_GINT64_CONSTANT(1000000000000), 2026);
  cr_assert(r, "the topic 社会的コスト予測 names the estimate");
  cr_expect_eq(r->kind, YS_KIND_OTHER);
  cr_expect_eq(r->qualifier, YS_QUAL_APPROX);
  ys_record_set_free(set);
}

/* mext PDF p.2 line 12: a うち figure is a portion of the figure above, never added */
Test(rules_samples, uchi_line_is_a_portion) {
  g_autofree char *doc = g_strconcat(MEXT,
                                     "健康・医療分野の研究開発の推進\n"
                                     "令和8年度予算額(案) 852億円\n"
                                     "(前年度予算額 850億円)\n"
                                     "(うちAMED予算額(案) 583億円(前年度予算額 583億円))\n",
                                     NULL);
  YsRecordSet *set = test_read(rules, doc);
  const YsRecord *n = test_find(set, "AMED", 583 * OKU, 2026);
  const YsRecord *o = test_find(set, "AMED", 583 * OKU, 2025);
  cr_assert(n && o);
  cr_expect_eq(n->qualifier, YS_QUAL_PORTION);
  cr_expect_eq(o->qualifier, YS_QUAL_PORTION);
  const YsRecord *t = test_find(set, "健康・医療分野の研究開発の推進", 852 * OKU, 2026);
  cr_assert(t);
  cr_expect_eq(t->qualifier, YS_QUAL_NONE, "the figure above stays whole");
  ys_record_set_free(set);
}
