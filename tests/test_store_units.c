/* tests — the store stage by its API: opening (a new file, a foreign or newer database refused
 * and left as it was), a document packed and written and read back field for field, the same
 * bytes again a no-op, versions, the match key of items across years, the rename table. */
#include <criterion/criterion.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "store/store.h"

static char *tmp_path(const char *name) {
  g_autofree char *dir = g_build_filename(YS_TEST_TMP, "store-units", NULL);
  g_mkdir_with_parents(dir, 0755);
  char *path = g_build_filename(dir, name, NULL);
  g_autofree char *wal = g_strconcat(path, "-wal", NULL);
  g_autofree char *shm = g_strconcat(path, "-shm", NULL);
  g_unlink(path);
  g_unlink(wal);
  g_unlink(shm);
  return path;
}

static YsRules *load_rules(void) {
  YsRules *rules = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename(YS_SOURCE_DIR, "rules", NULL);
  cr_assert(ys_rules_load(&rules, dir, &error), "%s", error ? error->message : "");
  return rules;
}

/* The lines of TEXT (one page) through the normalizer and the reader, packed as a reader
 * process packs them. */
static GBytes *pack_text(const YsRules *rules, const char *source, const char *sha,
                         const char *text, YsRecordSet **set_out) {
  YsStoreDoc *doc = ys_store_doc_new(source, sha, strlen(text));
  YsReader *reader = ys_reader_new(rules, source);
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  for (int i = 0; lines[i] != NULL; i++) {
    YsRawLine raw = {.page = 1, .line = i + 1, .text = lines[i]};
    raw.cells = g_array_new(FALSE, FALSE, sizeof(YsCellSpan));
    int n_cells = 1;
    for (const char *p = lines[i]; *p; p++)
      n_cells += *p == '\t';
    for (int c = 0; c < n_cells; c++) {
      YsCellSpan span = {c, c + 1};
      g_array_append_val(raw.cells, span);
    }
    YsNormLine *line = ys_norm_line_new(&raw);
    ys_store_doc_add_line(doc, line);
    cr_assert(ys_reader_feed(reader, line, NULL));
    ys_norm_line_free(line);
    g_array_unref(raw.cells);
  }
  YsRecordSet *set = ys_reader_finish(reader);
  GPtrArray *findings = ys_check_run(set);
  ys_store_doc_set_result(doc, rules, NULL, 1, set, findings);
  g_ptr_array_unref(findings);
  *set_out = set;
  return ys_store_doc_pack(doc);
}

static const char R8[] = "令和8年度予算額(案) 852億円\n(前年度予算額 850億円)\n"
                         "○2 生命科学・創薬研究支援基盤事業(BINDS) 37億円(36億円)\n"
                         "上記における計数は、それぞれ四捨五入しているため、端数において合計とは"
                         "合致しないものがある。\n文部科学省";

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define SHA_C "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"

static const YsStoreMaker MAKER = {"test", "rules-test"};

Test(store_open, new_file_gets_the_schema_and_wal) {
  g_autofree char *path = tmp_path("new.db");
  g_autoptr(GError) error = NULL;
  YsStore *store = NULL;
  cr_assert(ys_store_open(&store, path, TRUE, &error), "%s", error ? error->message : "");
  ys_store_close(store);
  sqlite3 *db = NULL;
  cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  sqlite3_stmt *st = NULL;
  sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &st, NULL);
  cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
  cr_assert_eq(sqlite3_column_int(st, 0), YS_STORE_SCHEMA_VERSION);
  sqlite3_finalize(st);
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL);
  cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
  cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

Test(store_open, missing_file_without_create_says_how_to_make_one) {
  g_autofree char *path = tmp_path("missing.db");
  g_autoptr(GError) error = NULL;
  YsStore *store = NULL;
  cr_assert_not(ys_store_open(&store, path, FALSE, &error));
  cr_assert(g_error_matches(error, YS_STORE_ERROR, YS_STORE_ERROR_NOT_FOUND));
  cr_assert(strstr(error->message, "yosan ingest") != NULL, "%s", error->message);
  cr_assert_not(g_file_test(path, G_FILE_TEST_EXISTS));
}

static char *file_bytes(const char *path, gsize *len) {
  char *text = NULL;
  cr_assert(g_file_get_contents(path, &text, len, NULL));
  return text;
}

/* A database that is SQL but not ours, and one of a newer schema: refused, bytes unchanged. */
static void assert_refused(const char *path, int code, const char *words) {
  gsize before_len, after_len;
  g_autofree char *before = file_bytes(path, &before_len);
  g_autoptr(GError) error = NULL;
  YsStore *store = NULL;
  cr_assert_not(ys_store_open(&store, path, TRUE, &error));
  cr_assert(g_error_matches(error, YS_STORE_ERROR, code), "%s", error->message);
  cr_assert(strstr(error->message, path) != NULL, "%s", error->message);
  cr_assert(strstr(error->message, words) != NULL, "%s", error->message);
  g_autofree char *after = file_bytes(path, &after_len);
  cr_assert_eq(before_len, after_len);
  cr_assert_eq(memcmp(before, after, before_len), 0, "the refused database was changed");
}

Test(store_open, foreign_database_refused_unchanged) {
  g_autofree char *path = tmp_path("foreign.db");
  sqlite3 *db = NULL;
  sqlite3_open(path, &db);
  sqlite3_exec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1)", NULL, NULL, NULL);
  sqlite3_close(db);
  assert_refused(path, YS_STORE_ERROR_NOT_STORE, "not a yosan store");
}

Test(store_open, newer_schema_refused_unchanged) {
  g_autofree char *path = tmp_path("newer.db");
  YsStore *store = NULL;
  cr_assert(ys_store_open(&store, path, TRUE, NULL));
  ys_store_close(store);
  sqlite3 *db = NULL;
  sqlite3_open(path, &db);
  sqlite3_exec(db,
               "PRAGMA journal_mode = DELETE; UPDATE meta SET value = '99' WHERE key = "
               "'schema_version'",
               NULL, NULL, NULL);
  sqlite3_close(db);
  assert_refused(path, YS_STORE_ERROR_NEWER, "newer yosan");
}

Test(store_open, text_file_is_not_a_database) {
  g_autofree char *path = tmp_path("text.db");
  g_file_set_contents(path, "this is not SQLite\n", -1, NULL);
  gsize len;
  g_autofree char *before = file_bytes(path, &len);
  g_autoptr(GError) error = NULL;
  YsStore *store = NULL;
  cr_assert_not(ys_store_open(&store, path, TRUE, &error));
  cr_assert(strstr(error->message, path) != NULL, "%s", error->message);
  g_autofree char *after = file_bytes(path, &len);
  cr_assert_str_eq(before, after);
}

Test(store_write, document_round_trip_and_same_bytes_again) {
  g_autoptr(YsRules) rules = load_rules();
  g_autofree char *path = tmp_path("trip.db");
  YsStore *store = NULL;
  g_autoptr(GError) error = NULL;
  cr_assert(ys_store_open(&store, path, TRUE, &error));
  YsRecordSet *set = NULL;
  g_autoptr(GBytes) packed = pack_text(rules, "r8.txt", SHA_A, R8, &set);
  YsStoreAdded added;
  cr_assert(ys_store_add(store, rules, packed, &MAKER, &added, &error), "%s",
            error ? error->message : "");
  cr_assert_not(added.already);
  cr_assert_eq(added.records, set->records->len);
  cr_assert_gt(added.records, 3);
  cr_assert_str_eq(added.body, "文部科学省"); /* found on the first page by a `body` rule */
  cr_assert_eq(added.fiscal_year, 2026);
  cr_assert_str_eq(added.budget_kind, "initial");
  gint64 id = added.document_id;
  ys_store_added_clear(&added);

  /* read back: the documents row, then the records as stored and as read again */
  g_autoptr(GPtrArray) docs = NULL;
  cr_assert(ys_store_documents(store, NULL, &docs, &error));
  cr_assert_eq(docs->len, 1);
  const YsStoreDocInfo *info = g_ptr_array_index(docs, 0);
  cr_assert_eq(info->id, id);
  cr_assert_str_eq(info->sha256, SHA_A);
  cr_assert_str_eq(info->rounding, "四捨五入");
  g_autoptr(YsRecordSet) stored = NULL, reread = NULL;
  cr_assert(ys_store_stored_records(store, info, &stored, &error));
  cr_assert(ys_store_reread(store, rules, info, &reread, &error));
  for (guint i = 0; i < set->records->len; i++) {
    const YsRecord *a = g_ptr_array_index(set->records, i);
    const YsRecordSet *others[] = {stored, reread};
    for (int k = 0; k < 2; k++) {
      const YsRecord *b = ys_record_set_get(others[k], a->id);
      cr_assert_not_null(b);
      cr_assert_eq(a->amount_yen, b->amount_yen);
      cr_assert_eq(a->fiscal_year, b->fiscal_year);
      cr_assert_eq(a->kind, b->kind);
      cr_assert_eq(a->role, b->role);
      cr_assert_eq(a->parent_id, b->parent_id);
      cr_assert_eq(a->rounding_unit_yen, b->rounding_unit_yen);
      cr_assert_eq(a->page, b->page);
      cr_assert_eq(a->line, b->line);
      cr_assert_str_eq(a->item ? a->item : "(null)", b->item ? b->item : "(null)");
      cr_assert_str_eq(a->text ? a->text : "(null)", b->text ? b->text : "(null)");
    }
  }

  /* the same bytes (sha256) again: nothing written */
  YsRecordSet *set2 = NULL;
  g_autoptr(GBytes) again = pack_text(rules, "copy-of-r8.txt", SHA_A, R8, &set2);
  cr_assert(ys_store_add(store, rules, again, &MAKER, &added, &error));
  cr_assert(added.already);
  cr_assert_eq(added.document_id, id);
  ys_store_added_clear(&added);
  g_ptr_array_unref(docs);
  cr_assert(ys_store_documents(store, NULL, &docs, &error));
  cr_assert_eq(docs->len, 1);
  ys_record_set_free(set);
  ys_record_set_free(set2);
  ys_store_close(store);
}

Test(store_write, corrected_file_is_a_new_version) {
  g_autoptr(YsRules) rules = load_rules();
  g_autofree char *path = tmp_path("versions.db");
  YsStore *store = NULL;
  g_autoptr(GError) error = NULL;
  cr_assert(ys_store_open(&store, path, TRUE, &error));
  YsRecordSet *s1 = NULL, *s2 = NULL;
  g_autoptr(GBytes) p1 = pack_text(rules, "a/r8.txt", SHA_B, R8, &s1);
  g_autofree char *corrected = g_strdup(R8);
  memcpy(strstr(corrected, "852"), "853", 3);
  g_autoptr(GBytes) p2 = pack_text(rules, "b/r8.txt", SHA_C, corrected, &s2);
  YsStoreAdded a1, a2;
  cr_assert(ys_store_add(store, rules, p1, &MAKER, &a1, &error));
  cr_assert(ys_store_add(store, rules, p2, &MAKER, &a2, &error));
  cr_assert_eq(a2.version, 2);
  cr_assert_eq(a2.superseded_id, a1.document_id);
  YsStoreFilter current = {0}, all = {.all_versions = TRUE};
  g_autoptr(GPtrArray) docs = NULL, every = NULL;
  cr_assert(ys_store_documents(store, &current, &docs, &error));
  cr_assert(ys_store_documents(store, &all, &every, &error));
  cr_assert_eq(docs->len, 1);
  cr_assert_eq(((YsStoreDocInfo *)g_ptr_array_index(docs, 0))->id, a2.document_id);
  cr_assert_eq(every->len, 2);
  cr_assert_eq(((YsStoreDocInfo *)g_ptr_array_index(every, 0))->superseded_by, a2.document_id);
  ys_store_added_clear(&a1);
  ys_store_added_clear(&a2);
  ys_record_set_free(s1);
  ys_record_set_free(s2);
  ys_store_close(store);
}

Test(store_match, outline_numbers_dropped_and_renames_followed) {
  g_autoptr(YsRules) rules = load_rules();
  g_autofree char *dir = g_build_filename(YS_TEST_TMP, "store-units", NULL);
  g_mkdir_with_parents(dir, 0755);
  g_autofree char *extra = g_build_filename(dir, "extra.rules", NULL);
  g_file_set_contents(
      extra,
      "rename 旧A 中B\nrename 中B 新C\nrename ループ1 ループ2\nrename ループ2 ループ1\n"
      "rename 旧 名前\t新しい 名前\n",
      -1, NULL);
  g_autoptr(GError) error = NULL;
  cr_assert(ys_rules_add_file(rules, extra, &error), "%s", error ? error->message : "");
  const char *cases[][2] = {
      {"2 教育債", "教育債"},
      {"3 教育債", "教育債"},
      {"歳出 / 10 教育費 / 2 教育債", "歳出/教育費/教育債"},
      {"1.医薬品プロジェクト", "医薬品プロジェクト"},
      {"(1)ナショナルバイオリソースプロジェクト(NBRP)",
       "ナショナルバイオリソースプロジェクト(NBRP)"},
      {"II. 東北メディカル・メガバンク計画(TMM)", "東北メディカル・メガバンク計画(TMM)"},
      {"2025年大阪・関西万博", "2025年大阪・関西万博"}, /* a number that is the name stays */
      {"旧A", "新C"},                                   /* followed to the last name */
      {"親/旧A", "親/新C"},                             /* a breakdown part on its own */
      {"旧 名前", "新しい 名前"},                       /* names with a space, a tab between */
      {"次世代医療実現バイオバンク利活用プログラム", "ゲノム医療実現バイオバンク利活用プログラム"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *key = ys_store_match_key(rules, cases[i][0]);
    cr_assert_str_eq(key, cases[i][1], "%s", cases[i][0]);
  }
  g_autofree char *loop = ys_store_match_key(rules, "ループ1"); /* ends */
  cr_assert(strcmp(loop, "ループ1") == 0 || strcmp(loop, "ループ2") == 0);
}

Test(store_match, bad_rename_line_names_file_and_line) {
  g_autoptr(YsRules) rules = load_rules();
  g_autofree char *dir = g_build_filename(YS_TEST_TMP, "store-units", NULL);
  g_mkdir_with_parents(dir, 0755);
  g_autofree char *bad = g_build_filename(dir, "bad.rules", NULL);
  g_file_set_contents(bad, "# a comment\nrename only-one-name\n", -1, NULL);
  g_autoptr(GError) error = NULL;
  cr_assert_not(ys_rules_add_file(rules, bad, &error));
  cr_assert(strstr(error->message, "bad.rules:2") != NULL, "%s", error->message);
  cr_assert(strstr(error->message, "rename wants OLD NEW") != NULL, "%s", error->message);
}
