/* tests — the store through the command line, as a user runs it: ingest, records/check --db
 * (the same output as on the files, and after a rule edit too), the same files again,
 * versions, the multi-year samples (exactly the cross-year mismatch they were made with),
 * history, merge of two workers' stores against one ingest of all, and the errors. */
#include "cli_support.h"
#include "store_support.h"
#include "text_count.h"

#include <string.h>

#define R8_TXT "samples/mext-lifescience-r8.txt"
#define R9 "samples/years/mext-lifescience-r9.txt"
#define R9_RENAMED "samples/years/mext-lifescience-r9-renamed.txt"
#define R9_DISAGREE "samples/years/mext-lifescience-r9-disagree.txt"

/* Files whose records and checks the store must give back unchanged: every sample kind. */
static const char *const FILES[] = {R8_TXT,
                                    "samples/mext-lifescience-r8.pdf",
                                    "samples/city-yosansho-r8.pdf",
                                    "samples/features.pdf",
                                    "samples/real/fuji-r8-gaiyou.pdf",
                                    "samples/real/fuji-r8-shizei.pdf",
                                    "samples/real/fuji-r8-gikai.pdf",
                                    "samples/real/fuji-r8-kokko-p1-2.pdf",
                                    "samples/real/fuji-r8-norin-p1-2.pdf",
                                    "samples/real/fuji-r7-spread-106.pdf",
                                    "samples/mext-lifescience-r8.sjis.txt",
                                    NULL};

static char *db_in(const char *dir, const char *name) {
  return g_build_filename(dir, name, NULL);
}

/* yosan COMMAND --db=DB [EXTRA...] FILES... */
static YsRun run_db(const char *command, const char *db, const char *const *extra,
                    const char *const *files) {
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(args, g_strdup(command));
  g_ptr_array_add(args, g_strdup_printf("--db=%s", db));
  for (int i = 0; extra && extra[i]; i++)
    g_ptr_array_add(args, g_strdup(extra[i]));
  for (int i = 0; files && files[i]; i++)
    g_ptr_array_add(args, g_strdup(files[i]));
  g_ptr_array_add(args, NULL);
  return ys_run((const char *const *)args->pdata, NULL);
}

static void ingest_ok(const char *db, const char *const *extra, const char *const *files) {
  YsRun r = run_db("ingest", db, extra, files);
  cr_assert_eq(r.status, 0, "ingest: %s%s", r.out, r.err);
  ys_run_clear(&r);
}

/* yosan ARGS... FILES... (files from the list) */
static YsRun run_files(const char *const *args, const char *const *files) {
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  for (int i = 0; args[i]; i++)
    g_ptr_array_add(argv, (gpointer)args[i]);
  for (int i = 0; files[i]; i++)
    g_ptr_array_add(argv, (gpointer)files[i]);
  g_ptr_array_add(argv, NULL);
  return ys_run((const char *const *)argv->pdata, NULL);
}

/* The text report's last line counts what was read (files, or documents from the store; pages
 * without text are the files' news) and then the checks: cut off, its checks part into CHECKS
 * (g_free; NULL when the output has no summary). */
static void cut_summary(char *text, const char *from, char **checks) {
  *checks = NULL;
  char *line = strstr(text, "summary: ");
  if (line == NULL)
    return;
  cr_assert(g_str_has_prefix(line + strlen("summary: "), from), "%s", line);
  const char *run = strstr(line, " checks run: ");
  cr_assert(run != NULL, "%s", line);
  const char *start = run;
  while (start > line && g_ascii_isdigit(start[-1]))
    start--;
  const char *end = strchr(start, '\n');
  *checks = end ? g_strndup(start, (gsize)(end - start)) : g_strdup(start);
  char *cut = strstr(*checks, ", 1 page");
  if (cut)
    *cut = '\0';
  *line = '\0';
}

static void assert_same_output(const char *const *file_args, const char *const *db_args,
                               const char *what) {
  YsRun a = run_files(file_args, FILES);
  YsRun b = ys_run(db_args, NULL);
  g_autofree char *checks_a = NULL, *checks_b = NULL;
  cut_summary(a.out, "11 files, ", &checks_a);
  cut_summary(b.out, "11 documents from the store, ", &checks_b);
  cr_assert_str_eq(checks_a ? checks_a : "", checks_b ? checks_b : "",
                   "%s: the same checks from the files and the store", what);
  cr_assert_eq(a.status, b.status, "%s: exit %d on the files, %d from the store (%s)", what,
               a.status, b.status, b.err);
  cr_assert_gt(strlen(a.out), 1000, "%s: too little output to compare", what);
  cr_assert_str_eq(a.out, b.out, "%s: the store's output differs from the files'", what);
  ys_run_clear(&a);
  ys_run_clear(&b);
}

Test(store_cli, records_and_check_from_the_store_are_those_of_the_files) {
  g_autofree char *dir = st_dir("same-output");
  g_autofree char *db = db_in(dir, "all.db");
  g_autofree char *db_arg = g_strdup_printf("--db=%s", db);
  ingest_ok(db, NULL, FILES);
  assert_same_output((const char *[]){"records", NULL}, (const char *[]){"records", db_arg, NULL},
                     "records csv");
  assert_same_output((const char *[]){"records", "-f", "jsonl", NULL},
                     (const char *[]){"records", "-f", "jsonl", db_arg, NULL}, "records jsonl");
  /* none of these documents prints figures for a year another of them is of: no cross-year
   * findings, so check --db is check on the files, finding for finding */
  assert_same_output((const char *[]){"check", "-f", "csv", NULL},
                     (const char *[]){"check", "-f", "csv", db_arg, NULL}, "check csv");
  assert_same_output((const char *[]){"check", "-v", NULL},
                     (const char *[]){"check", "-v", db_arg, NULL}, "check text");
}

/* A copy of rules/ with one edit: the breakdown group 文 named 文科省 instead of 文部科学省. */
static char *edited_rules(const char *dir) {
  char *rules = g_build_filename(dir, "rules", NULL);
  g_mkdir_with_parents(rules, 0755);
  const char *names[] = {"common.rules", "budget.rules", "yosansho.rules", "aliases.rules"};
  for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
    g_autofree char *from = g_build_filename("rules", names[i], NULL);
    g_autofree char *text = ys_read_source_file(from);
    g_autoptr(GString) edited = g_string_new(text);
    if (i == 1)
      cr_assert_gt(g_string_replace(edited, "group 文  文部科学省", "group 文  文科省", 1), 0);
    g_autofree char *to = g_build_filename(rules, names[i], NULL);
    cr_assert(g_file_set_contents(to, edited->str, (gssize)edited->len, NULL));
  }
  return rules;
}

Test(store_cli, recheck_after_a_rule_edit_without_the_files) {
  g_autofree char *dir = st_dir("rule-edit");
  g_autofree char *db = db_in(dir, "all.db");
  g_autofree char *db_arg = g_strdup_printf("--db=%s", db);
  ingest_ok(db, NULL, FILES); /* with the project's rules */
  g_autofree char *rules = edited_rules(dir);
  g_autofree char *rules_arg = g_strdup_printf("--rules=%s", rules);
  /* the edit shows: the store read with it gives 文科省 where the first reading had 文部科学省 */
  YsRun before = ys_run((const char *[]){"records", db_arg, NULL}, NULL);
  YsRun after = ys_run((const char *[]){"records", rules_arg, db_arg, NULL}, NULL);
  cr_assert(strstr(before.out, "/文部科学省,") != NULL);
  cr_assert_null(strstr(before.out, "/文科省,"));
  cr_assert(strstr(after.out, "/文科省,") != NULL);
  ys_run_clear(&before);
  ys_run_clear(&after);
  assert_same_output((const char *[]){"records", rules_arg, NULL},
                     (const char *[]){"records", rules_arg, db_arg, NULL}, "edited records");
  assert_same_output((const char *[]){"check", "-f", "csv", rules_arg, NULL},
                     (const char *[]){"check", "-f", "csv", rules_arg, db_arg, NULL},
                     "edited check");
}

static gint64 count_rows(const char *db, const char *sql) {
  sqlite3 *h = st_open(db);
  gint64 n = st_int(h, sql);
  sqlite3_close(h);
  return n;
}

Test(store_cli, the_same_files_again_change_nothing_and_say_so) {
  g_autofree char *dir = st_dir("twice");
  g_autofree char *db = db_in(dir, "twice.db");
  ingest_ok(db, NULL, FILES);
  g_autofree char *first = st_dump(db);
  YsRun again = run_db("ingest", db, NULL, FILES);
  cr_assert_eq(again.status, 0, "%s", again.err);
  cr_assert(strstr(again.out, "already in the store as document 1 (the same bytes): nothing to do"),
            "%s", again.out);
  cr_assert(strstr(again.out, "0 stored, 11 already in the store, 0 failed"), "%s", again.out);
  g_autofree char *second = st_dump(db);
  cr_assert_str_eq(first, second);
  cr_assert_eq(count_rows(db, "SELECT count(*) FROM documents"), 11);
  sqlite3 *h = st_open(db);
  g_autofree char *ok = st_rows(h, "PRAGMA integrity_check");
  sqlite3_close(h);
  cr_assert_str_eq(ok, "ok\n");
  ys_run_clear(&again);
}

/* The multi-year samples against the reference: every prior figure compared, and exactly the
 * one made to disagree (BINDS 38 for 37) a mismatch. */
Test(store_cli, multi_year_samples_give_exactly_their_mismatch) {
  g_autofree char *dir = st_dir("years");
  g_autofree char *db = db_in(dir, "years.db");
  g_autofree char *db_arg = g_strdup_printf("--db=%s", db);
  /* the later years first: their comparisons are made when the earlier year arrives */
  ingest_ok(db, NULL, (const char *[]){R9, R9_RENAMED, R9_DISAGREE, R8_TXT, NULL});
  g_autofree char *by_doc = NULL;
  {
    sqlite3 *h = st_open(db);
    by_doc = st_rows(h, "SELECT d.file_name, f.status, count(*) FROM findings f JOIN documents d "
                        "USING (document_id) WHERE f.check_name = 'cross-year' GROUP BY 1, 2 "
                        "ORDER BY 1, 2");
    g_autofree char *mismatch =
        st_rows(h, "SELECT f.item, f.fiscal_year, f.stated_yen, f.computed_yen, c.file_name, "
                   "f.compared_record_no FROM findings f JOIN documents c ON c.document_id = "
                   "f.compared_document_id WHERE f.status = 'mismatch'");
    cr_assert_str_eq(mismatch, "生命科学・創薬研究支援基盤事業(BINDS)|2026|3800000000|3700000000|"
                               "samples/mext-lifescience-r8.txt|8\n"); /* line 35, its first */
    sqlite3_close(h);
  }
  /* 11 prior figures each: 10 equal, NBRP's 13億円 for 12.6億円 within the rounding */
  cr_assert_str_eq(by_doc, R9_DISAGREE "|exact|9\n" R9_DISAGREE "|mismatch|1\n" R9_DISAGREE
                                       "|rounding|1\n" R9_RENAMED "|exact|10\n" R9_RENAMED
                                       "|rounding|1\n" R9 "|exact|10\n" R9 "|rounding|1\n");
  YsRun check = ys_run((const char *[]){"check", db_arg, "--year=2027", NULL}, NULL);
  cr_assert_eq(check.status, 1);
  cr_assert(strstr(check.out, "p.1 生命科学・創薬研究支援基盤事業(BINDS) 令和8年度 (cross-year): "
                              "38億円 ≠ 37億円 (samples/mext-lifescience-r8.txt, document 4, p.1)"),
            "%s", check.out);
  cr_assert(strstr(check.out, "33 checks run: 29 exact, 3 within rounding, 1 mismatch"), "%s",
            check.out);
  ys_run_clear(&check);
}

/* A book split into files (its 総括 and 第1表 in one, each 款 in its own): check --db compares
 * the 款 and 項 figures the files share, and a figure changed in one (the 第1表's 市民税,
 * 18,719,000 → 18,729,000) is a cross-document mismatch in the other (besides the 第1表's own sum).
 */
Test(store_cli, a_book_split_into_files_is_checked_across_them) {
  g_autofree char *dir = st_dir("book");
  const char *extra[] = {"--year=2026", "--body=富士市", NULL};
  const char *const parts[] = {"samples/real/fuji-r8-shizei.pdf", "samples/real/fuji-r8-gikai.pdf"};
  g_autofree char *db = db_in(dir, "book.db");
  g_autofree char *db_arg = g_strdup_printf("--db=%s", db);
  ingest_ok(db, extra,
            (const char *[]){"samples/real/fuji-r8-gaiyou.pdf", parts[0], parts[1], NULL});
  YsRun clean = ys_run((const char *[]){"check", "-f", "csv", db_arg, NULL}, NULL);
  cr_assert_eq(clean.status, 0, "%s%s", clean.out, clean.err);
  /* 市税 and its 市民税, 固定資産税, 軽自動車税, 市たばこ税; 議会費 */
  cr_assert_eq(ys_count_of(clean.out, "cross-document,exact,"), 6, "%s", clean.out);
  cr_assert_eq(ys_count_of(clean.out, "cross-document,"), 6, "%s", clean.out);
  ys_run_clear(&clean);

  g_autofree char *bad = db_in(dir, "changed.db");
  g_autofree char *bad_arg = g_strdup_printf("--db=%s", bad);
  ingest_ok(bad, extra,
            (const char *[]){"samples/real/errors/gaiyou-kou.pdf", parts[0], parts[1], NULL});
  YsRun check = ys_run((const char *[]){"check", bad_arg, NULL}, NULL);
  cr_assert_eq(check.status, 1, "%s%s", check.out, check.err);
  cr_assert(strstr(check.out,
                   "p.1 市民税 令和8年度 (cross-document): 18,719,000千円 ≠ 18,729,000千円 "
                   "(gaiyou-kou.pdf, p.2)"),
            "%s", check.out);
  cr_assert(strstr(check.out, "183 checks run: 181 exact, 0 within rounding, 2 mismatches"), "%s",
            check.out);
  ys_run_clear(&check);
}

Test(store_cli, a_rename_is_fixed_by_a_rule_edit) {
  g_autofree char *dir = st_dir("rename");
  g_autofree char *db = db_in(dir, "rename.db");
  g_autofree char *db_arg = g_strdup_printf("--db=%s", db);
  /* the rule set without the rename: the renamed programme is not compared */
  g_autofree char *rules = edited_rules(dir);
  g_autofree char *aliases = g_build_filename(rules, "aliases.rules", NULL);
  g_autofree char *text = NULL;
  cr_assert(g_file_get_contents(aliases, &text, NULL, NULL));
  g_autoptr(GString) without = g_string_new(text);
  cr_assert_eq(g_string_replace(without, "\nrename 次世代", "\n# rename 次世代", 0), 1);
  cr_assert(g_file_set_contents(aliases, without->str, -1, NULL));
  g_autofree char *rules_arg = g_strdup_printf("--rules=%s", rules);
  ingest_ok(db, (const char *[]){rules_arg, NULL}, (const char *[]){R8_TXT, R9_RENAMED, NULL});
  cr_assert_eq(count_rows(db, "SELECT count(*) FROM findings WHERE check_name = 'cross-year'"), 10);
  YsRun r = ys_run(
      (const char *[]){"check", "-f", "csv", rules_arg, db_arg, "--item=ゲノム*", NULL}, NULL);
  cr_assert_null(strstr(r.out, "cross-year"), "%s", r.out);
  ys_run_clear(&r);
  /* with the project's aliases.rules (rename 次世代… ゲノム…) it is */
  r = ys_run((const char *[]){"check", "-f", "csv", db_arg, "--item=ゲノム*", NULL}, NULL);
  cr_assert(strstr(r.out, "cross-year,exact,samples/years/mext-lifescience-r9-renamed.txt,1,"
                          "ゲノム医療実現バイオバンク利活用プログラム,2026,initial,4100000000,"
                          "4100000000,0,"),
            "%s", r.out);
  ys_run_clear(&r);
}

Test(store_cli, history_by_year_says_what_is_missing) {
  g_autofree char *dir = st_dir("history");
  g_autofree char *db = db_in(dir, "history.db");
  g_autofree char *db_arg = g_strdup_printf("--db=%s", db);
  ingest_ok(db, NULL, (const char *[]){R8_TXT, R9, NULL});
  YsRun r = ys_run(
      (const char *[]){"history", db_arg, "生命科学・創薬研究支援基盤事業(BINDS)", NULL}, NULL);
  cr_assert_eq(r.status, 0, "%s", r.err);
  cr_assert_str_eq(r.out,
                   "生命科学・創薬研究支援基盤事業(BINDS) — 文部科学省\n"
                   "  令和7年度 当初  36億円  (samples/mext-lifescience-r8.txt p.1, document 1; "
                   "printed there as the year before)\n"
                   "  令和8年度 当初  37億円  (samples/mext-lifescience-r8.txt p.1, document 1)\n"
                   "  令和9年度 当初  38億円  (samples/years/mext-lifescience-r9.txt p.1, "
                   "document 2)\n");
  ys_run_clear(&r);
  /* HFSP is in the 令和8 document only */
  r = ys_run((const char *[]){"history", "-f", "csv", db_arg,
                              "ヒューマン・フロンティア・サイエンス・プログラム", NULL},
             NULL);
  cr_assert_eq(r.status, 0, "%s", r.err);
  cr_assert(strstr(r.out, "ヒューマン・フロンティア・サイエンス・プログラム,文部科学省,2027,"
                          "initial,missing,,,,,,\n"),
            "%s", r.out);
  cr_assert(strstr(r.out, ",2026,initial,printed,1800000000,億円,100000000,"
                          "samples/mext-lifescience-r8.txt,1,1\n"),
            "%s", r.out);
  ys_run_clear(&r);
  r = ys_run((const char *[]){"history", db_arg, "no such item", NULL}, NULL);
  cr_assert_eq(r.status, 1);
  cr_assert(strstr(r.out, "no document in"), "%s", r.out);
  ys_run_clear(&r);
}

Test(store_cli, a_corrected_file_is_a_new_version_and_the_old_one_stays) {
  g_autofree char *dir = st_dir("versions");
  g_autofree char *db = db_in(dir, "versions.db");
  g_autofree char *db_arg = g_strdup_printf("--db=%s", db);
  g_autofree char *sub = g_build_filename(dir, "corrected", NULL);
  g_mkdir_with_parents(sub, 0755);
  g_autofree char *copy = g_build_filename(sub, "mext-lifescience-r9.txt", NULL);
  g_autofree char *text = ys_read_source_file(R9);
  g_autoptr(GString) fixed = g_string_new(text);
  cr_assert_eq(
      g_string_replace(fixed, "（BINDS） 38億円（37億円）", "（BINDS） 39億円（37億円）", 1), 1);
  cr_assert(g_file_set_contents(copy, fixed->str, -1, NULL));
  ingest_ok(db, NULL, (const char *[]){R8_TXT, R9, NULL});
  YsRun r = run_db("ingest", db, NULL, (const char *[]){copy, NULL});
  cr_assert_eq(r.status, 0, "%s", r.err);
  cr_assert(strstr(r.out, "version 2, supersedes document 2)"), "%s", r.out);
  ys_run_clear(&r);
  cr_assert_eq(count_rows(db, "SELECT count(*) FROM documents WHERE superseded_by = 3"), 1);
  /* history and check --db read the current version */
  r = ys_run((const char *[]){"history", "-f", "csv", db_arg, "*BINDS*", NULL}, NULL);
  cr_assert(strstr(r.out, ",2027,initial,printed,3900000000,"), "%s", r.out);
  ys_run_clear(&r);
  r = ys_run((const char *[]){"records", db_arg, "--year=2027", NULL}, NULL);
  cr_assert(strstr(r.out, "3900000000") != NULL);
  cr_assert_null(strstr(r.out, "3800000000"));
  ys_run_clear(&r);
}

Test(store_cli, errors_name_the_file_and_leave_the_store_whole) {
  g_autofree char *dir = st_dir("errors");
  g_autofree char *db = db_in(dir, "errors.db");
  g_autofree char *db_arg = g_strdup_printf("--db=%s", db);
  YsRun r = ys_run((const char *[]){"ingest", R8_TXT, NULL}, NULL);
  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "needs --db=PATH"), "%s", r.err);
  ys_run_clear(&r);
  r = ys_run((const char *[]){"ingest", db_arg, "-", NULL}, NULL);
  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "not standard input"), "%s", r.err);
  ys_run_clear(&r);
  r = ys_run((const char *[]){"ingest", db_arg, "/dev/null", NULL}, NULL);
  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "/dev/null: ingest reads regular files"), "%s", r.err);
  cr_assert_not(g_file_test(db, G_FILE_TEST_EXISTS)); /* refused before the store is made */
  ys_run_clear(&r);
  r = ys_run((const char *[]){"records", "--db=/nonexistent/dir/x.db", NULL}, NULL);
  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "/nonexistent/dir/x.db: no such store"), "%s", r.err);
  ys_run_clear(&r);
  /* a broken file among good ones: exit 2 naming it, the others stored */
  r = ys_run(
      (const char *[]){"ingest", db_arg, R8_TXT, "samples/errors/README.md.missing", R9, NULL},
      NULL);
  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "samples/errors/README.md.missing"), "%s", r.err);
  cr_assert(strstr(r.out, "2 stored, 0 already in the store, 1 failed"), "%s", r.out);
  ys_run_clear(&r);
  cr_assert_eq(count_rows(db, "SELECT count(*) FROM documents"), 2);
  /* a store of a newer yosan: refused, as it was */
  sqlite3 *h = NULL;
  cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
  sqlite3_exec(h, "UPDATE meta SET value = '7' WHERE key = 'schema_version'", NULL, NULL, NULL);
  sqlite3_close(h);
  r = ys_run((const char *[]){"ingest", db_arg, "samples/features.pdf", NULL}, NULL);
  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "made by a newer yosan (store schema 7"), "%s", r.err);
  cr_assert_eq(count_rows(db, "SELECT count(*) FROM documents"), 2);
  ys_run_clear(&r);
  r = ys_run((const char *[]){"text", db_arg, NULL}, NULL);
  cr_assert_eq(r.status, 2);
  ys_run_clear(&r);
  r = ys_run((const char *[]){"records", "--item=x", R8_TXT, NULL}, NULL);
  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "give --db=PATH"), "%s", r.err);
  ys_run_clear(&r);
}

/* Starts yosan with ARGS without waiting: a worker. */
static GPid start(const char *const *args) {
  g_autoptr(GPtrArray) argv = ys_argv(args);
  GPid pid = 0;
  g_autoptr(GError) error = NULL;
  cr_assert(g_spawn_async(YS_SOURCE_DIR, (char **)argv->pdata, NULL,
                          G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, &pid,
                          &error),
            "%s", error ? error->message : "");
  return pid;
}

static int finish(GPid pid) {
  int status = 0;
  cr_assert_eq(waitpid(pid, &status, 0), pid);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Two workers at once, each into its own store, then merged: what one ingest of all gives.
 * Their files are split so that the years meet only in the merge (r9 in one part, r8 in the
 * other), and one part holds two versions of a document. */
Test(store_cli, two_workers_merged_equal_one_ingest_of_all) {
  g_autofree char *dir = st_dir("merge");
  g_autofree char *sub = g_build_filename(dir, "corrected", NULL);
  g_mkdir_with_parents(sub, 0755);
  g_autofree char *copy = g_build_filename(sub, "mext-lifescience-r9.txt", NULL);
  g_autofree char *text = ys_read_source_file(R9);
  g_autoptr(GString) fixed = g_string_new(text);
  cr_assert_eq(
      g_string_replace(fixed, "（BINDS） 38億円（37億円）", "（BINDS） 39億円（37億円）", 1), 1);
  cr_assert(g_file_set_contents(copy, fixed->str, -1, NULL));
  g_autofree char *one = db_in(dir, "one.db"), *all = db_in(dir, "all.db");
  g_autofree char *p1 = db_in(dir, "part1.db"), *p2 = db_in(dir, "part2.db");
  g_autofree char *a1 = g_strdup_printf("--db=%s", p1), *a2 = g_strdup_printf("--db=%s", p2);
  g_autofree char *a_all = g_strdup_printf("--db=%s", all);
  const char *part1[] = {"ingest", a1,       "-j",     "1",      R9,  R9_DISAGREE,
                         copy,     FILES[1], FILES[2], FILES[4], NULL};
  const char *part2[] = {"ingest",   a2,       "-j",     "1",      R8_TXT,
                         R9_RENAMED, FILES[3], FILES[5], FILES[6], NULL};
  GPid w1 = start(part1), w2 = start(part2);
  cr_assert_eq(finish(w1), 0);
  cr_assert_eq(finish(w2), 0);
  ingest_ok(one, NULL,
            (const char *[]){R9, R9_DISAGREE, copy, FILES[1], FILES[2], FILES[4], R8_TXT,
                             R9_RENAMED, FILES[3], FILES[5], FILES[6], NULL});

  YsRun m = ys_run((const char *[]){"merge", a_all, p1, p2, NULL}, NULL);
  cr_assert_eq(m.status, 0, "%s", m.err);
  cr_assert(strstr(m.out, "part1.db: 6 documents added, 0 already in"), "%s", m.out);
  cr_assert(strstr(m.out, "part2.db: 5 documents added, 0 already in"), "%s", m.out);
  ys_run_clear(&m);
  g_autofree char *want = st_dump(one);
  g_autofree char *got = st_dump(all);
  cr_assert(strstr(want, "|cross-year|mismatch|") != NULL); /* the years did meet */
  cr_assert_str_eq(got, want);
  /* idempotent: merging again adds nothing */
  m = ys_run((const char *[]){"merge", a_all, p2, p1, NULL}, NULL);
  cr_assert_eq(m.status, 0, "%s", m.err);
  cr_assert(strstr(m.out, "part1.db: 0 documents added, 6 already in"), "%s", m.out);
  ys_run_clear(&m);
  g_autofree char *again = st_dump(all);
  cr_assert_str_eq(again, want);
  cr_assert_eq(count_rows(all, "SELECT count(*) FROM documents WHERE superseded_by IS NOT NULL"),
               1);
}
