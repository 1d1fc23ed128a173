/* tests — context rules on lines of the reference document (samples/mext-lifescience-r8.txt),
 * already normalized: year/kind, prior year, supplementary, portion, new, wrapped names,
 * breakdowns, outline parents, labelled parts, non-amounts, document facts. */
#include "test_rules_support.h"

#define OKU G_GINT64_CONSTANT(100000000)

static YsRules *rules;
static void setup(void) {
  rules = test_rules_default();
}
static void teardown(void) {
  ys_rules_free(rules);
}
TestSuite(rules_context, .init = setup, .fini = teardown);

static const char *TITLE =
    "ライフサイエンス分野における 令和7年度補正予算及び 令和8年度当初予算(案)の内容について\n"
    "令和8年1月16日\n";

Test(rules_context, headline_prior_and_supplementary) {
  g_autofree char *doc =
      g_strconcat(TITLE,
                  "健康・医療分野の研究開発の推進\n"
                  "令和8年度予算額(案) 852億円\n"
                  "(前年度予算額 850億円)\n"
                  "令和7年度補正予算額 176億円\n"
                  "○橋渡し研究プログラム 54億円(54億円)\n"
                  "○脳神経科学統合プログラム 67億円(65億円)【令和7年度補正予算額 2億円】\n",
                  NULL);
  YsRecordSet *set = test_read(rules, doc);
  cr_expect_eq(set->fiscal_year, 2026);
  const char *h = "健康・医療分野の研究開発の推進";
  const YsRecord *r = test_find(set, h, 852 * OKU, 2026);
  cr_assert(r);
  cr_expect_eq(r->kind, YS_KIND_INITIAL);
  cr_expect_eq(r->rounding_unit_yen, OKU);
  cr_expect_str_eq(r->unit, "億円");
  r = test_find(set, h, 850 * OKU, 2025);
  cr_assert(r, "前年度予算額 is the year before");
  cr_expect_eq(r->kind, YS_KIND_INITIAL);
  r = test_find(set, h, 176 * OKU, 2025);
  cr_assert(r);
  cr_expect_eq(r->kind, YS_KIND_SUPPLEMENTARY);
  cr_assert(test_find(set, "橋渡し研究プログラム", 54 * OKU, 2026));
  r = test_find(set, "橋渡し研究プログラム", 54 * OKU, 2025);
  cr_assert(r, "a figure in parentheses after an amount is the year before");
  cr_expect_eq(r->kind, YS_KIND_INITIAL);
  cr_assert(test_find(set, "脳神経科学統合プログラム", 65 * OKU, 2025));
  r = test_find(set, "脳神経科学統合プログラム", 2 * OKU, 2025);
  cr_assert(r);
  cr_expect_eq(r->kind, YS_KIND_SUPPLEMENTARY);
  for (guint i = 0; i < set->records->len; i++)
    cr_expect_eq(((YsRecord *)g_ptr_array_index(set->records, i))->id, i + 1);
  ys_record_set_free(set);
}

Test(rules_context, new_portion_and_wrapped_name) {
  g_autofree char *doc =
      g_strconcat(TITLE,
                  "○次世代医療実現バイオバンク利活用プログラム 41億円(新規)\n"
                  "【令和7年度補正予算額 43億円】\n"
                  "○感染症有事に備えた治療薬・診断薬の世界トップレベル研究開発拠点\n"
                  "の形成事業【令和7年度補正予算額 70億円】\n"
                  "○「世代をつなぐ生命科学」に関する研究 106億円の内数(108億円の内数)\n",
                  NULL);
  YsRecordSet *set = test_read(rules, doc);
  const char *bb = "次世代医療実現バイオバンク利活用プログラム";
  const YsRecord *r = test_find(set, bb, 41 * OKU, 2026);
  cr_assert(r);
  cr_expect(r->is_new);
  r = test_find(set, bb, 43 * OKU, 2025);
  cr_assert(r, "the bracket on the next line belongs to the item above");
  cr_expect_eq(r->kind, YS_KIND_SUPPLEMENTARY);
  for (guint i = 0; i < set->records->len; i++) {
    const YsRecord *x = g_ptr_array_index(set->records, i);
    cr_expect(!(strcmp(x->item, bb) == 0 && x->fiscal_year == 2025 && x->kind == YS_KIND_INITIAL),
              "新規: no prior-year record");
  }
  r = test_find(set, "感染症有事に備えた治療薬・診断薬の世界トップレベル研究開発拠点の形成事業",
                70 * OKU, 2025);
  cr_assert(r, "wrapped name joined");
  r = test_find(set, "「世代をつなぐ生命科学」に関する研究", 106 * OKU, 2026);
  cr_assert(r);
  cr_expect_eq(r->qualifier, YS_QUAL_PORTION);
  r = test_find(set, "「世代をつなぐ生命科学」に関する研究", 108 * OKU, 2025);
  cr_assert(r);
  cr_expect_eq(r->qualifier, YS_QUAL_PORTION);
  ys_record_set_free(set);
}

Test(rules_context, labelled_breakdown) {
  g_autofree char *doc =
      g_strconcat(TITLE,
                  "1. 医薬品プロジェクト 355億円 <AMED 308億円、インハウス 46億円>\n"
                  "2. 医療機器・ヘルスケアプロジェクト 88億円 <AMED>\n",
                  NULL);
  YsRecordSet *set = test_read(rules, doc);
  const YsRecord *p = test_find(set, "医薬品プロジェクト", 355 * OKU, 2026);
  cr_assert(p);
  const YsRecord *a = test_find(set, "医薬品プロジェクト/AMED", 308 * OKU, 2026);
  const YsRecord *b = test_find(set, "医薬品プロジェクト/インハウス", 46 * OKU, 2026);
  cr_assert(a && b);
  cr_expect_eq(a->parent_id, p->id);
  cr_expect_eq(b->parent_id, p->id);
  cr_expect_str_eq(a->group, "AMED");
  cr_expect_eq(set->records->len, 4u, "<AMED> alone adds nothing");
  ys_record_set_free(set);
}

Test(rules_context, outline_children) {
  g_autofree char *doc = g_strconcat(
      TITLE,
      "(1)ナショナルバイオリソースプロジェクト(NBRP) 12.6億円(12.6億円)\n"
      "- ①中核的拠点整備プログラム 10.4億円(10.4億円) 33拠点※うち5拠点は理研運営費交付金で実施\n"
      "- ②情報センター整備プログラム 2.2億円(2.2億円) 2拠点\n"
      "(2)ナショナルライフサイエンスデータベースプロジェクト(NLDP) 5.2億円(2.6億円)\n"
      "- ①DBの機能的連携・統合化のための基盤技術開発 2.6億円(2.6億円)\n"
      "- ②ポータルサイトの開発・運営 2.7億円(JST運営費交付金から移行)\n",
      NULL);
  YsRecordSet *set = test_read(rules, doc);
  const YsRecord *n26 =
      test_find(set, "ナショナルバイオリソースプロジェクト(NBRP)", 1260000000, 2026);
  const YsRecord *n25 =
      test_find(set, "ナショナルバイオリソースプロジェクト(NBRP)", 1260000000, 2025);
  cr_assert(n26 && n25);
  cr_expect_eq(n26->rounding_unit_yen, 10000000);
  const YsRecord *c = test_find(set, "中核的拠点整備プログラム", 1040000000, 2026);
  cr_assert(c);
  cr_expect_eq(c->parent_id, n26->id);
  c = test_find(set, "中核的拠点整備プログラム", 1040000000, 2025);
  cr_assert(c);
  cr_expect_eq(c->parent_id, n25->id, "a prior-year child hangs on the prior-year parent");
  const YsRecord *l =
      test_find(set, "ナショナルライフサイエンスデータベースプロジェクト(NLDP)", 520000000, 2026);
  cr_assert(l);
  c = test_find(set, "ポータルサイトの開発・運営", 270000000, 2026);
  cr_assert(c);
  cr_expect_eq(c->parent_id, l->id, "(2) closes the level of (1)");
  cr_expect_null(test_find(set, "中核的拠点整備プログラム", 3300000000, 2026),
                 "33拠点 is no amount");
  ys_record_set_free(set);
}

Test(rules_context, page_headline_and_parts) {
  g_autofree char *doc = g_strconcat(
      TITLE,
      "AI for Scienceによる科学研究革新プログラム\n"
      "令和7年度補正予算額\n"
      "370億円\n"
      "※上記の他、AI for Scienceに不可欠な計算基盤の環境整備として、76億円を別途計上。\n"
      "「プロジェクト型」\n"
      "320億円\n"
      "- ・支援規模:20億円程度/件\n"
      "「チャレンジ型」\n"
      "50億円\n"
      "- ・支援規模:500万円程度/件\n"
      "(担当:研究振興局参事官(情報担当)付)\n",
      NULL);
  YsRecordSet *set = test_read(rules, doc);
  const char *h = "AI for Scienceによる科学研究革新プログラム";
  const YsRecord *head = test_find(set, h, 370 * OKU, 2025);
  cr_assert(head, "label line, amount line below");
  cr_expect_eq(head->kind, YS_KIND_SUPPLEMENTARY);
  const YsRecord *aside = test_find(set, "計算基盤の環境整備", 76 * OKU, 2025);
  cr_assert(aside, "※上記の他…として、76億円を別途計上 has its own item");
  cr_expect_eq(aside->parent_id, 0u, "※ is not a part of the page total");
  cr_expect_null(test_find(set, h, 76 * OKU, 2025), "never the program's item");
  g_autofree char *pj = g_strconcat(h, "/プロジェクト型", NULL);
  g_autofree char *ch = g_strconcat(h, "/チャレンジ型", NULL);
  const YsRecord *p1 = test_find(set, pj, 320 * OKU, 2025);
  const YsRecord *p2 = test_find(set, ch, 50 * OKU, 2025);
  cr_assert(p1 && p2);
  cr_expect_eq(p1->parent_id, head->id);
  cr_expect_eq(p2->parent_id, head->id);
  cr_expect_eq(p1->kind, YS_KIND_SUPPLEMENTARY);
  for (guint i = 0; i < set->records->len; i++) {
    const YsRecord *r = g_ptr_array_index(set->records, i);
    if (r->amount_yen == 20 * OKU || r->amount_yen == 5000000) {
      cr_expect_eq(r->qualifier, YS_QUAL_PER);
      cr_expect_eq(r->kind, YS_KIND_OTHER);
      cr_expect_eq(r->parent_id, 0u);
    }
  }
  ys_record_set_free(set);
}

Test(rules_context, stacked_labels_and_retro_label) {
  g_autofree char *doc = g_strconcat(TITLE,
                                     "医療分野国際科学技術共同研究開発推進事業\n"
                                     "令和8年度予算額(案)\n"
                                     "(前年度予算額\n"
                                     "令和7年度補正予算額\n"
                                     "8億円\n"
                                     "9億円)\n"
                                     "59億円\n"
                                     "戦略的国際共同研究プログラム(SICORP)\n"
                                     "2.9億円\n"
                                     "(3.3億円)\n"
                                     "先端国際共同研究推進プログラム(ASPIRE)\n"
                                     "59.4億円\n"
                                     "(令和7年度第1次補正予算)\n",
                                     NULL);
  YsRecordSet *set = test_read(rules, doc);
  const char *h = "医療分野国際科学技術共同研究開発推進事業";
  const YsRecord *r = test_find(set, h, 8 * OKU, 2026);
  cr_assert(r);
  cr_expect_eq(r->kind, YS_KIND_INITIAL);
  r = test_find(set, h, 9 * OKU, 2025);
  cr_assert(r);
  cr_expect_eq(r->kind, YS_KIND_INITIAL);
  r = test_find(set, h, 59 * OKU, 2025);
  cr_assert(r);
  cr_expect_eq(r->kind, YS_KIND_SUPPLEMENTARY);
  cr_assert(test_find(set, "戦略的国際共同研究プログラム(SICORP)", 290000000, 2026));
  cr_assert(test_find(set, "戦略的国際共同研究プログラム(SICORP)", 330000000, 2025),
            "(3.3億円) on the next line is the year before");
  r = test_find(set, "先端国際共同研究推進プログラム(ASPIRE)", 5940000000, 2025);
  cr_assert(r);
  cr_expect_eq(r->kind, YS_KIND_SUPPLEMENTARY, "(令和7年度第1次補正予算) below the amount");
  ys_record_set_free(set);
}

Test(rules_context, not_budget_lines) {
  g_autofree char *doc =
      g_strconcat(TITLE,
                  "- 社会的コスト予測は、**日本だけで2030年には約21兆円**と試算。\n"
                  "■ 米国: 15,000千USドル\n"
                  "1 USD = 154.64 JPYのレートで計算\n"
                  "支援規模\t最大1億円程度 / 年・課題\n"
                  "- 世界的にも貴重な家系情報を含む一般住民15万人の試料・健康情報を保有\n"
                  "議員報酬 408,000×98.9%\n"
                  "- 56 -\n",
                  NULL);
  YsRecordSet *set = test_read(rules, doc);
  cr_expect_eq(set->records->len, 3u);
  for (guint i = 0; i < set->records->len; i++) {
    const YsRecord *r = g_ptr_array_index(set->records, i);
    cr_expect_eq(r->kind, YS_KIND_OTHER, "%s", r->text);
  }
  const YsRecord *r = ys_record_set_get(set, 1);
  cr_expect_eq(r->amount_yen, G_GINT64_CONSTANT(21000000000000));
  cr_expect_eq(r->qualifier, YS_QUAL_APPROX);
  r = ys_record_set_get(set, 2);
  cr_expect_eq(r->amount_yen, 15000000);
  cr_expect_str_eq(r->currency, "USD");
  cr_expect_eq(r->unit_yen, 1000);
  r = ys_record_set_get(set, 3);
  cr_expect(r->qualifier == YS_QUAL_PER || r->qualifier == YS_QUAL_MAX);
  ys_record_set_free(set);
}

// A range of money (通勤手当 距離別支給 0円~24,400円) is what one person may get: kind other. A
// range of ages (0~3歳未満, no unit) on the same line as a budget figure leaves the figure alone.
Test(rules_context, money_ranges_are_not_budget_lines) {
  g_autofree char *doc = g_strconcat(TITLE,
                                     "交通用具利用者 距離別支給 0円~24,400円\n"
                                     "児童手当 0~3歳未満被用者 1,000千円\n",
                                     NULL);
  YsRecordSet *set = test_read(rules, doc);
  cr_assert_eq(set->records->len, 3u);
  for (guint i = 1; i <= 2; i++) {
    const YsRecord *r = ys_record_set_get(set, i);
    cr_expect_eq(r->kind, YS_KIND_OTHER, "%s", r->text);
  }
  const YsRecord *r = ys_record_set_get(set, 2);
  cr_expect_eq(r->amount_yen, 24400);
  r = ys_record_set_get(set, 3);
  cr_expect_eq(r->amount_yen, 1000000);
  cr_expect_neq(r->kind, YS_KIND_OTHER, "%s", r->text);
  ys_record_set_free(set);
}

Test(rules_context, rounding_note_and_document_year) {
  YsRecordSet *set = test_read(rules, "令和 8 年度 医療分野の研究開発関連予算案について\n"
                                      "- "
                                      "上記における計数は、それぞれ四捨五入しているため、端数におい"
                                      "て合計とは合致しないものがある。\n");
  cr_expect_eq(set->fiscal_year, 2026);
  cr_expect_eq(set->rounding, YS_ROUND_HALF);
  cr_expect_eq(set->rounding_page, 1);
  cr_expect(set->rounding_text && strstr(set->rounding_text, "四捨五入"));
  ys_record_set_free(set);
  set = test_read(rules, "令和6年度予算\n(注)計数は単位未満切り捨てのため、合計と一致しない。\n");
  cr_expect_eq(set->fiscal_year, 2024);
  cr_expect_eq(set->rounding, YS_ROUND_DOWN);
  ys_record_set_free(set);
}

/* An item stripped at its start is read afresh: strip-openers sees the `)` that strip-uchi
 * leaves (the precheck once kept the first character from before the strip: item `)研究費`). */
Test(rules_context, strip_after_strip) {
  YsRecordSet *set = test_read(rules, "令和8年度予算額(案)\n(うち)研究費 37億円");
  cr_assert_eq(set->records->len, 1);
  const YsRecord *r = g_ptr_array_index(set->records, 0);
  cr_expect_str_eq(r->item, "研究費");
  ys_record_set_free(set);
}

/* A record quotes the cell its figure stands in, not the heading cell beside it. */
Test(rules_context, record_text_is_the_figure_cell) {
  YsRecordSet *set = test_read(rules, "令和8年度予算額(案)\n現状・課題\t対前年度 -2億円(-9.1%)");
  cr_assert_geq(set->records->len, 1);
  const YsRecord *r = g_ptr_array_index(set->records, 0);
  cr_expect_eq(r->amount_yen, -2 * OKU);
  cr_expect_str_eq(r->text, "対前年度 -2億円(-9.1%)");
  ys_record_set_free(set);
}

/* A footer (（担当：…）) closes its programme: a figure after it without a name of its own is
 * not given the closed programme's item. */
Test(rules_context, no_item_borrowed_across_a_footer) {
  YsRecordSet *set = test_read(rules, "○次世代がん医療加速化研究事業 36億円(35億円)\n"
                                      "(担当:研究振興局ライフサイエンス課)\n"
                                      "✓ 支給額: 研究チームに対して、最大合計150万米ドル");
  cr_assert_eq(set->records->len, 3);
  const YsRecord *first = g_ptr_array_index(set->records, 0);
  const YsRecord *after = g_ptr_array_index(set->records, 2);
  cr_expect_str_eq(first->item, "次世代がん医療加速化研究事業");
  cr_expect_eq(after->amount_yen, 1500000);
  cr_expect_str_eq(after->item, "", "borrowed: %s", after->item);
  ys_record_set_free(set);
}

/* A caption above a list of one-figure lines gives its year to every item, not only the first;
 * a line of prose between ends the list. */
Test(rules_context, caption_year_covers_its_list) {
  YsRecordSet *set = test_read(rules, "○国際共同研究プログラム 令和8年度予算額(案) 18億円\n"
                                      "令和7年度各国拠出金額\n"
                                      "■ 米国: 15,000千USドル\n"
                                      "■ 日本: 14,688千USドル\n"
                                      "□ その他: 25,386千USドル\n"
                                      "事業内容の説明はここまでとする\n"
                                      "■ 追加: 1,000千USドル");
  cr_assert_eq(set->records->len, 5);
  for (guint i = 1; i < 4; i++) {
    const YsRecord *r = g_ptr_array_index(set->records, i);
    cr_expect_eq(r->fiscal_year, 2025, "%s: %d", r->item, r->fiscal_year);
  }
  const YsRecord *after = g_ptr_array_index(set->records, 4);
  cr_expect_eq(after->fiscal_year, 2026, "after the list: %d", after->fiscal_year);
  ys_record_set_free(set);
}
