/* tests — 予算書 detail tables (款 | 項 | 目 | 本年度 | 前年度 | 比較 | 節 区分 | 金額 | 説明) read
 * as a whole: lines as samples/city-yosansho-r8.pdf gives them (p.3 and p.4 right page), with each
 * cell's x-extent and each line's y-extent, so that cells go to their columns by position. */
#include <stdio.h>

#include "test_rules_support.h"

#define SEN G_GINT64_CONSTANT(1000)

static YsRules *rules;
static void setup(void) {
  rules = test_rules_default();
}
static void teardown(void) {
  ys_rules_free(rules);
}
TestSuite(rules_yosansho, .init = setup, .fini = teardown);

/* One line: "y0 y1|x0 x1 text|x0 x1 text…" */
static YsNormLine *geo_line(int page, int number, const char *spec) {
  char **parts = g_strsplit(spec, "|", -1);
  GString *text = g_string_new(NULL);
  GArray *spans = g_array_new(FALSE, FALSE, sizeof(YsCellSpan));
  double y0 = 0, y1 = 0;
  sscanf(parts[0], "%lf %lf", &y0, &y1);
  for (int i = 1; parts[i]; i++) {
    double x0 = 0, x1 = 0;
    int n = 0;
    sscanf(parts[i], "%lf %lf %n", &x0, &x1, &n);
    if (i > 1)
      g_string_append_c(text, '\t');
    g_string_append(text, parts[i] + n);
    YsCellSpan s = {x0, x1};
    g_array_append_val(spans, s);
  }
  YsNormLine *l = test_line_new(page, number, text->str);
  g_array_unref(l->cells);
  l->cells = spans;
  l->y0 = y0;
  l->y1 = y1;
  g_string_free(text, TRUE);
  g_strfreev(parts);
  return l;
}

static YsRecordSet *read_geo(const char *const *specs) {
  YsReader *rd = ys_reader_new(rules, "test");
  for (int i = 0; specs[i]; i++) {
    YsNormLine *l = geo_line(1, i + 1, specs[i]);
    GError *error = NULL;
    cr_assert(ys_reader_feed(rd, l, &error), "line %d: %s", i + 1, error ? error->message : "");
    test_line_free(l);
  }
  return ys_reader_finish(rd);
}

#define HEADER                                                                                                \
  "34 49.8|28.3 39.3 2|50.3 83.3 歳入|503.9 566.9 (単位:千円)", "59.8 70.6|412.7 420.2 節",                   \
      "68.3 79.1|79.2 85.5 項|144.4 150.6 目|185.7 239.0 本年度予算額|248.0 301.4 前年度予算額" \
      "|310.4 355.2 比較|477.6 485.1 説|554.7 562.2 明",                                                      \
      "76.3 86.7|36.7 42.9 款|385.2 397.4 区分|441.9 454.1 金額",                                             \
      "93.3 102.3|228.9 241.2 千円|291.3 303.6 千円|345.2 357.4 千円|458.5 470.8 千円"

static const char *const P3[] = {
    "1 20|10 30 令和8年度架空市一般会計予算",
    HEADER,
    "108.4 119.2|53.9 75.4 1市税|204.9 241.1 16,463,680|267.3 303.5 16,266,250|331.2 357.3 197,430",
    "126.3 137.1|53.9 83.4 1市民税|208.9 241.1 8,850,290|271.3 303.5 8,722,950|331.2 357.3 127,340",
    "144.4 160.6|362.8 408.3 1現年課税分|438.5 470.7 8,418,368|476.2 529.7 001個人市民税",
    "155.2 171.4|116.2 137.7 1個人|208.9 241.1 8,445,728|271.3 303.5 8,301,250|331.2 357.3 144,478"
    "|362.8 408.3 2滞納繰越分|448.5 470.7 27,360|484.2 545.7 8,512,000×98.9%",
    "166.0 176.8|484.2 535.7 96,000×28.5%",
    "184.4 200.6|362.8 408.3 1現年課税分|444.5 470.7 403,512|476.2 529.7 002法人市民税",
    "195.2 211.3|116.2 137.7 2法人|214.9 241.1 404,562|277.3 303.5 421,700|327.2 357.4 -17,138"
    "|362.8 408.3 2滞納繰越分|452.5 470.7 1,050|484.2 539.7 408,000×98.9%",
    "205.9 216.7|484.2 531.7 4,200×25.0%",
    "224.1 239.9|35.7 43.2 1|53.9 99.4 2固定資産税|208.9 241.1 7,338,950|271.3 303.5 7,274,900"
    "|335.2 357.3 64,050",
    "238.5 258.7|35.7 43.2 市税",
    "242.2 253.0|476.2 529.7 003固定資産税",
    "247.6 263.8|116.2 161.7 1固定資産税|208.9 241.1 7,310,250|271.3 303.5 7,245,800|335.2 357.3 "
    "64,450"
    "|362.8 408.3 1現年課税分|438.5 470.7 7,283,850|484.2 545.7 7,350,000×99.1%",
    "258.4 274.5|362.8 408.3 2滞納繰越分|448.5 470.7 26,400|484.2 539.7 120,000×22.0%",
    "282.2 293.0|116.2 161.7 2国有資産等|362.8 408.3 1国有資産等|448.5 470.7 28,700",
    "293.0 303.7|124.2 163.7 所在市町村|218.9 241.1 28,700|281.3 303.5 29,100|337.2 357.3 -400"
    "|370.8 410.3 所在市町村|476.2 553.7 004国有資産等交付金",
    "303.7 314.5|124.2 147.7 交付金|370.8 394.3 交付金",
    "799.4 812.3|290.1 305.2 - 8 -",
    NULL,
};

/* The same, with the next 項 after the last 目 (3軽自動車税) and the next 款 (2地方譲与税 over its
 * 項): the 款 市税, its 項 and its last 目 end there, so their parts are all read. */
static const char *const P3_CLOSED[] = {
    "1 20|10 30 令和8年度架空市一般会計予算",
    HEADER,
    "108.4 119.2|53.9 75.4 1市税|204.9 241.1 16,463,680|267.3 303.5 16,266,250|331.2 357.3 197,430",
    "126.3 137.1|53.9 83.4 1市民税|208.9 241.1 8,850,290|271.3 303.5 8,722,950|331.2 357.3 127,340",
    "144.4 160.6|362.8 408.3 1現年課税分|438.5 470.7 8,418,368|476.2 529.7 001個人市民税",
    "155.2 171.4|116.2 137.7 1個人|208.9 241.1 8,445,728|271.3 303.5 8,301,250|331.2 357.3 144,478"
    "|362.8 408.3 2滞納繰越分|448.5 470.7 27,360|484.2 545.7 8,512,000×98.9%",
    "184.4 200.6|362.8 408.3 1現年課税分|444.5 470.7 403,512|476.2 529.7 002法人市民税",
    "195.2 211.3|116.2 137.7 2法人|214.9 241.1 404,562|277.3 303.5 421,700|327.2 357.4 -17,138"
    "|362.8 408.3 2滞納繰越分|452.5 470.7 1,050|484.2 539.7 408,000×98.9%",
    "224.1 239.9|35.7 43.2 1|53.9 99.4 2固定資産税|208.9 241.1 7,338,950|271.3 303.5 7,274,900"
    "|335.2 357.3 64,050",
    "238.5 258.7|35.7 43.2 市税",
    "247.6 263.8|116.2 161.7 1固定資産税|208.9 241.1 7,310,250|271.3 303.5 7,245,800|335.2 357.3 "
    "64,450"
    "|362.8 408.3 1現年課税分|438.5 470.7 7,283,850|484.2 545.7 7,350,000×99.1%",
    "258.4 274.5|362.8 408.3 2滞納繰越分|448.5 470.7 26,400|484.2 539.7 120,000×22.0%",
    "282.2 293.0|116.2 161.7 2国有資産等|362.8 408.3 1国有資産等|448.5 470.7 28,700",
    "293.0 303.7|124.2 163.7 所在市町村|218.9 241.1 28,700|281.3 303.5 29,100|337.2 357.3 -400"
    "|370.8 410.3 所在市町村|476.2 553.7 004国有資産等交付金",
    "303.7 314.5|124.2 147.7 交付金|370.8 394.3 交付金",
    "322.2 333.0|53.9 99.4 3軽自動車税|214.9 241.1 274,440|277.3 303.5 268,400|339.2 357.3 6,040",
    "340.2 351.0|53.9 99.4 2地方譲与税|214.9 241.1 685,000|277.3 303.5 680,000|339.2 357.3 5,000",
    "358.2 369.0|53.9 99.4 1地方揮発油譲与税|214.9 241.1 120,000|277.3 303.5 120,000"
    "|339.2 357.3 0",
    "799.4 812.3|290.1 305.2 - 8 -",
    NULL,
};

static const YsRecord *find_role(const YsRecordSet *set, const char *item, gint64 amount, int year,
                                 YsRole role) {
  for (guint i = 0; i < set->records->len; i++) {
    const YsRecord *r = g_ptr_array_index(set->records, i);
    if (strcmp(r->item, item) == 0 && r->amount_yen == amount && r->fiscal_year == year &&
        r->role == role)
      return r;
  }
  return NULL;
}

/* The record at PATH (its place in the outline) with AMOUNT, or NULL. */
static const YsRecord *find_path(const YsRecordSet *set, const char *path, gint64 amount) {
  for (guint i = 0; i < set->records->len; i++) {
    const YsRecord *r = g_ptr_array_index(set->records, i);
    if (strcmp(r->path, path) == 0 && r->amount_yen == amount && r->role == YS_ROLE_AMOUNT)
      return r;
  }
  return NULL;
}

Test(rules_yosansho, levels_columns_and_parts_by_position) {
  YsRecordSet *set = read_geo(P3);
  const YsRecord *kan = find_role(set, "市税", 16463680 * SEN, 2026, YS_ROLE_AMOUNT);
  const YsRecord *kou = find_role(set, "市民税", 8850290 * SEN, 2026, YS_ROLE_AMOUNT);
  const YsRecord *moku = find_role(set, "個人", 8445728 * SEN, 2026, YS_ROLE_AMOUNT);
  const YsRecord *prev = find_role(set, "個人", 8301250 * SEN, 2025, YS_ROLE_AMOUNT);
  const YsRecord *diff = find_role(set, "個人", 144478 * SEN, 2026, YS_ROLE_DIFFERENCE);
  cr_assert(kan && kou && moku && prev && diff, "names without their numbers, figures by column");
  cr_expect_eq(kan->parent_id, 0u, "the 款 row (named in the 項 column) is the outermost");
  cr_expect_eq(kou->parent_id, kan->id);
  cr_expect_eq(moku->parent_id, kou->id);
  cr_expect_eq(prev->parent_id, find_role(set, "市民税", 8722950 * SEN, 2025, YS_ROLE_AMOUNT)->id);
  cr_expect_eq(diff->base_year, 2025);
  cr_expect_str_eq(kan->path, "歳入 / 1 市税");
  cr_expect_eq(kan->level, YS_LEVEL_KAN);
  cr_expect_str_eq(moku->path, "歳入 / 1 市税 / 1 市民税 / 1 個人");
  cr_expect_eq(moku->level, YS_LEVEL_MOKU);
  /* 節: the line above the 目's figures and the one beside them; the item is the 節's own name,
   * its place under the 目 is the path */
  const YsRecord *s1 = find_role(set, "現年課税分", 8418368 * SEN, 2026, YS_ROLE_AMOUNT);
  const YsRecord *s2 = find_role(set, "滞納繰越分", 27360 * SEN, 2026, YS_ROLE_AMOUNT);
  const YsRecord *s3 = find_role(set, "現年課税分", 403512 * SEN, 2026, YS_ROLE_AMOUNT);
  cr_assert(s1 && s2 && s3, "節 amounts are parts of their 目");
  cr_expect_eq(s1->parent_id, moku->id);
  cr_expect_eq(s2->parent_id, moku->id);
  cr_expect_str_eq(s2->path, "歳入 / 1 市税 / 1 市民税 / 1 個人 / 2 滞納繰越分");
  cr_expect_eq(s2->level, YS_LEVEL_SETSU);
  cr_expect_eq(s3->parent_id, find_role(set, "法人", 404562 * SEN, 2026, YS_ROLE_AMOUNT)->id,
               "a 節 line between two 目 rows goes with the one across the narrower gap");
  /* a 項 whose line also holds the vertical 款 `1`; a 目 named like its 項 */
  const YsRecord *k2 = find_role(set, "固定資産税", 7338950 * SEN, 2026, YS_ROLE_AMOUNT);
  const YsRecord *m2 = find_role(set, "固定資産税", 7310250 * SEN, 2026, YS_ROLE_AMOUNT);
  cr_assert(k2 && m2);
  cr_expect_eq(k2->parent_id, kan->id);
  cr_expect_eq(m2->parent_id, k2->id);
  cr_expect_eq(find_role(set, "滞納繰越分", 26400 * SEN, 2026, YS_ROLE_AMOUNT)->parent_id, m2->id);
  /* a name over three lines, its 節 name too */
  const char *wrapped = "国有資産等所在市町村交付金";
  const YsRecord *m3 = find_role(set, wrapped, 28700 * SEN, 2026, YS_ROLE_AMOUNT);
  cr_assert(m3, "wrapped names are joined");
  cr_expect_eq(m3->parent_id, k2->id);
  const YsRecord *s4 = find_path(set,
                                 "歳入 / 1 市税 / 2 固定資産税 / 2 国有資産等所在市町村交付金 / "
                                 "1 国有資産等所在市町村交付金",
                                 28700 * SEN);
  cr_assert(s4, "a 節 name over three lines");
  cr_expect_eq(s4->parent_id, m3->id);
  cr_expect_str_eq(s4->item, wrapped);
  /* explanations are never figures */
  for (guint i = 0; i < set->records->len; i++) {
    const YsRecord *r = g_ptr_array_index(set->records, i);
    cr_expect(r->amount_yen != 8512000 * SEN && r->amount_yen != 1 * SEN, "%s: %s", r->item,
              r->text);
  }
  ys_record_set_free(set);
}

/* p.4: the left page's 款 2総務費 goes on on the right page, which starts at the 項 level and
 * prints the vertical 款 name again; a 目 without a 本年度 figure (－) */
Test(rules_yosansho, kan_goes_on_on_the_facing_page) {
  static const char *const lines[] = {
      "1 20|10 30 令和8年度架空市一般会計予算",
      HEADER,
      "206.2 217.0|53.9 83.4 2総務費|208.9 241.1 2,842,200|271.3 303.5 2,713,300|331.2 357.3 "
      "128,900",
      "224.1 234.9|53.9 99.4 1総務管理費|208.9 241.1 2,109,900|271.3 303.5 1,910,700|331.2 357.3 "
      "199,200",
      "253.1 269.3|116.2 161.7 1一般管理費|208.9 241.1 2,109,900|271.3 303.5 1,910,700"
      "|335.2 357.3 199,200|362.8 384.3 2給料|438.5 470.7 2,109,900",
      "274.7 286.3|35.7 43.2 2",
      "284.9 314.4|35.7 43.2 総務費",
      "799.4 812.3|287.6 307.8 - 56 -",
      "36.9 49.8|1099.2 1162.2 (単位:千円)",
      "59.8 70.6|1008.0 1015.5 節",
      "68.3 79.1|674.5 680.7 項|739.7 745.9 目|780.9 834.3 本年度予算額|843.3 896.7 前年度予算額"
      "|905.7 950.5 比較|1072.9 1080.4 説|1150.0 1157.5 明",
      "76.3 86.7|632.0 638.2 款|980.5 992.7 区分|1037.1 1049.4 金額",
      "93.3 102.3|824.2 836.5 千円|886.6 898.8 千円|940.4 952.7 千円|1053.8 1066.1 千円",
      "253.0 263.8|631.0 638.5 2|649.1 678.6 4選挙費|814.2 836.4 732,300|876.6 898.8 802,600"
      "|922.4 952.6 -70,300",
      "264.9 294.5|631.0 638.5 総務費",
      "271.0 287.2|711.5 749.0 1選挙管理|814.2 836.4 732,300|876.6 898.8 738,300|940.4 952.6 -6,000"
      "|958.1 979.6 1報酬|1047.8 1066.0 732,300",
      "281.8 292.5|719.5 751.0 委員会費",
      "299.9 310.7|711.5 757.0 2市議会議員",
      "305.3 321.5|719.5 743.0 選挙費|828.2 835.7 -|876.6 898.8 64,300|922.4 952.6 -64,300",
      "799.4 812.3|882.9 903.0 - 57 -",
      NULL,
  };
  YsRecordSet *set = read_geo(lines);
  const YsRecord *kan = find_role(set, "総務費", 2842200 * SEN, 2026, YS_ROLE_AMOUNT);
  const YsRecord *kou = find_role(set, "選挙費", 732300 * SEN, 2026, YS_ROLE_AMOUNT);
  const YsRecord *kou_old = find_role(set, "選挙費", 802600 * SEN, 2025, YS_ROLE_AMOUNT);
  cr_assert(kan && kou && kou_old);
  cr_expect_eq(kou->parent_id, kan->id, "the right page's 項 are parts of the left page's 款");
  cr_expect_eq(kou_old->parent_id,
               find_role(set, "総務費", 2713300 * SEN, 2025, YS_ROLE_AMOUNT)->id);
  const YsRecord *m1 = find_role(set, "選挙管理委員会費", 732300 * SEN, 2026, YS_ROLE_AMOUNT);
  cr_assert(m1, "a 目 name on two lines");
  cr_expect_eq(m1->parent_id, kou->id);
  const YsRecord *m2 = find_role(set, "市議会議員選挙費", 64300 * SEN, 2025, YS_ROLE_AMOUNT);
  cr_assert(m2, "figures on the name's second line");
  cr_expect_eq(m2->parent_id, kou_old->id);
  cr_expect_null(find_role(set, "市議会議員選挙費", 0, 2026, YS_ROLE_AMOUNT), "－ is no figure");
  /* the excerpt ends inside 総務費 and 選挙費: their parts may go on past it */
  cr_expect(kan->parts_partial && !kan->parts_complete, "a 款 the document ends inside");
  cr_expect(kou->parts_partial && !kou->parts_complete);
  ys_record_set_free(set);

  /* the next 款 after them (3民生費 over its 項): both end there, with all of their parts read */
  g_autoptr(GPtrArray) closed = g_ptr_array_new();
  for (int i = 0; lines[i]; i++) {
    if (i + 1 < (int)G_N_ELEMENTS(lines) && !lines[i + 1]) /* before the last page number */
    {
      g_ptr_array_add(closed, "330.0 340.8|649.1 678.6 3民生費|814.2 836.4 18,652,400"
                              "|876.6 898.8 18,103,900|922.4 952.6 548,500");
      g_ptr_array_add(closed, "348.0 358.8|649.1 698.6 1社会福祉費|814.2 836.4 8,000,000"
                              "|876.6 898.8 7,900,000|922.4 952.6 100,000");
    }
    g_ptr_array_add(closed, (gpointer)lines[i]);
  }
  g_ptr_array_add(closed, NULL);
  set = read_geo((const char *const *)closed->pdata);
  kan = find_role(set, "総務費", 2842200 * SEN, 2026, YS_ROLE_AMOUNT);
  kou = find_role(set, "選挙費", 732300 * SEN, 2026, YS_ROLE_AMOUNT);
  cr_assert(kan && kou);
  cr_expect(kan->parts_complete && !kan->parts_partial,
            "the facing page's 項 complete the left page's 款");
  cr_expect(kou->parts_complete, "one 本年度 目 (the other is －): still all of its parts");
  ys_record_set_free(set);
}

/* A 款/項/目/節 table's levels are exhaustive (款 = Σ 項 = Σ 目 = Σ 節): every row that has parts
 * in the table is marked parts_complete, so that validate checks even a lone part (目 国有資産等… =
 * its one 節). Leaves and 比較 figures are not marked, nor are outline headlines elsewhere (their
 * outline may be partial). */
Test(rules_yosansho, label_column_parents_have_complete_parts) {
  YsRecordSet *set = read_geo(P3_CLOSED);
  const YsRecord *kan = find_role(set, "市税", 16463680 * SEN, 2026, YS_ROLE_AMOUNT);
  const YsRecord *kou = find_role(set, "市民税", 8850290 * SEN, 2026, YS_ROLE_AMOUNT);
  const YsRecord *kou_old = find_role(set, "市民税", 8722950 * SEN, 2025, YS_ROLE_AMOUNT);
  const YsRecord *moku = find_role(set, "個人", 8445728 * SEN, 2026, YS_ROLE_AMOUNT);
  const YsRecord *lone =
      find_role(set, "国有資産等所在市町村交付金", 28700 * SEN, 2026, YS_ROLE_AMOUNT);
  const YsRecord *setsu = find_role(set, "現年課税分", 8418368 * SEN, 2026, YS_ROLE_AMOUNT);
  const YsRecord *diff = find_role(set, "個人", 144478 * SEN, 2026, YS_ROLE_DIFFERENCE);
  const YsRecord *prev = find_role(set, "個人", 8301250 * SEN, 2025, YS_ROLE_AMOUNT);
  cr_assert(kan && kou && kou_old && moku && lone && setsu && diff && prev);
  cr_expect(kan->parts_complete, "款 = Σ 項");
  cr_expect(kou->parts_complete, "項 = Σ 目");
  cr_expect(kou_old->parts_complete, "前年度 column too");
  cr_expect(moku->parts_complete, "目 = Σ 節");
  cr_expect(lone->parts_complete, "a 目 with a single 節");
  cr_expect(!setsu->parts_complete && !diff->parts_complete, "leaves and 比較 have no parts");
  cr_expect(!prev->parts_complete, "no 節 in the 前年度 column: nothing to mark");
  ys_record_set_free(set);
  /* without the next 項 the excerpt ends inside 市税, 固定資産税 and its last 目 */
  set = read_geo(P3);
  kan = find_role(set, "市税", 16463680 * SEN, 2026, YS_ROLE_AMOUNT);
  kou = find_role(set, "市民税", 8850290 * SEN, 2026, YS_ROLE_AMOUNT);
  lone = find_role(set, "国有資産等所在市町村交付金", 28700 * SEN, 2026, YS_ROLE_AMOUNT);
  cr_assert(kan && kou && lone);
  cr_expect(kan->parts_partial && lone->parts_partial, "blocks the document ends inside");
  cr_expect(kou->parts_complete && !kou->parts_partial, "a 項 followed by the next one ends");
  ys_record_set_free(set);

  set = test_read(rules, "令和8年度予算額(案)\n"
                         "(1)ナショナルバイオリソースプロジェクト(NBRP) 12.6億円(12.6億円)\n"
                         "- ①中核的拠点整備プログラム 10.4億円(10.4億円)\n");
  const YsRecord *child = test_find(set, "中核的拠点整備プログラム", 1040 * 1000000LL, 2026);
  cr_assert(child && child->parent_id, "a lone outline child");
  for (guint i = 0; i < set->records->len; i++) {
    const YsRecord *r = g_ptr_array_index(set->records, i);
    cr_expect(!r->parts_complete, "outline parent %s marked complete", r->item);
  }
  ys_record_set_free(set);
}

/* A 比較 cell printed vertically centred between the two lines of its row comes out on a line of
 * its own (`6,500`, `△4,300` → `-4,300`), between the row's label/figure line and the second
 * line of its label: a bare number in the table's 千円, it goes on with the row above as that
 * row's DIFFERENCE (本年度 − 前年度), never lost. */
static const char *const LONE_DIFF[] = {
    "1 20|10 30 令和8年度架空市一般会計予算",
    "36.9 49.8|503.9 566.9 (単位:千円)",
    "68.3 79.1|55.0 75.0 区分|185.7 239.0 本年度予算額|248.0 301.4 前年度予算額|310.4 355.2 比較",
    "93.3 102.3|228.9 241.2 千円|291.3 303.6 千円|345.2 357.4 千円",
    "108.4 119.2|40.0 95.0 事務局運営|204.9 241.1 1,234,500|267.3 303.5 1,228,000",
    "114.0 124.8|331.2 357.3 6,500",
    "119.6 130.4|40.0 62.0 経費",
    "140.0 150.8|40.0 84.0 施設管理|218.9 241.1 95,700|271.3 303.5 100,000",
    "145.6 156.4|327.2 357.4 -4,300",
    "151.2 162.0|40.0 62.0 経費",
    "799.4 812.3|290.1 305.2 - 9 -",
    NULL,
};

static void expect_lone_difference(const YsRecordSet *set, const char *item, gint64 now,
                                   gint64 before, gint64 diff) {
  const YsRecord *n = find_role(set, item, now * SEN, 2026, YS_ROLE_AMOUNT);
  const YsRecord *o = find_role(set, item, before * SEN, 2025, YS_ROLE_AMOUNT);
  const YsRecord *d = find_role(set, item, diff * SEN, 2026, YS_ROLE_DIFFERENCE);
  cr_assert(n && o, "%s: the row's figures", item);
  cr_assert(d, "%s: the 比較 on its own line is the row's difference", item);
  cr_expect_eq(d->kind, YS_KIND_INITIAL);
  cr_expect_eq(d->base_year, 2025);
  cr_expect_eq(d->base_kind, YS_KIND_INITIAL);
  cr_expect_str_eq(d->unit, "千円", "a bare number in the table's unit");
  cr_expect_eq(d->rounding_unit_yen, SEN);
  cr_expect_eq(d->parent_id, 0u, "a difference is a part of nothing");
  cr_expect_eq(n->amount_yen - o->amount_yen, d->amount_yen);
}

Test(rules_yosansho, lone_difference_goes_on_with_its_row) {
  YsRecordSet *set = read_geo(LONE_DIFF);
  expect_lone_difference(set, "事務局運営経費", 1234500, 1228000, 6500);
  expect_lone_difference(set, "施設管理経費", 95700, 100000, -4300);
  guint diffs = 0;
  for (guint i = 0; i < set->records->len; i++)
    diffs += ((const YsRecord *)g_ptr_array_index(set->records, i))->role == YS_ROLE_DIFFERENCE;
  cr_expect_eq(diffs, 2u);
  ys_record_set_free(set);
}

/* The same table as text (empty cells kept by the TABs): the figure line without a label goes
 * on with the row above, and yosan check's difference check runs on it and finds it exact. */
Test(rules_yosansho, lone_difference_is_checked) {
  const char *text = "令和8年度架空市一般会計予算\n"
                     "(単位:千円)\n"
                     "区分\t本年度予算額\t前年度予算額\t比較\n"
                     "\t千円\t千円\t千円\n"
                     "事務局運営\t1,234,500\t1,228,000\t\n"
                     "\t\t\t6,500\n"
                     "経費\n"
                     "施設管理\t95,700\t100,000\t\n"
                     "\t\t\t△4,300\n"
                     "経費\n";
  g_autofree char *path = g_build_filename(YS_TEST_TMP, "lone-difference.txt", NULL);
  cr_assert(g_file_set_contents(path, text, -1, NULL));
  const char *argv[] = {YS_BINARY, "check", "--format=csv", path, NULL};
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  cr_assert(g_spawn_sync(NULL, (char **)argv, NULL, 0, NULL, NULL, &out, &err, &status, NULL),
            "cannot run %s", YS_BINARY);
  const char *items[] = {"事務局運営経費", "施設管理経費"};
  for (guint i = 0; i < G_N_ELEMENTS(items); i++) {
    g_autofree char *want = g_strdup_printf(",%s,2026,initial,", items[i]);
    gboolean found = FALSE;
    g_auto(GStrv) rows = g_strsplit(out, "\n", -1);
    for (guint j = 0; rows[j]; j++)
      if (g_str_has_prefix(rows[j], "difference,exact,") && strstr(rows[j], want))
        found = TRUE;
    cr_expect(found, "no exact difference check of %s in:\n%s%s", items[i], out, err);
  }
}
