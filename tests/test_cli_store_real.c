/* tests — the real books of ../shared/real (富士市's 令和7 and 令和8 予算書, when the checkout has
 * them beside it; skipped otherwise), each book with its fiscal year: ingested twice, the second
 * run stores nothing and leaves the same rows; every cross-year comparison (令和8's 前年度
 * against 令和7's 本年度) is exact — a
 * published book's prior-year column is what last year's book printed, unless the page shows a
 * change the city made, and none of these does. */
#include "cli_support.h"
#include "store_support.h"

#include <string.h>

static gint by_path(gconstpointer a, gconstpointer b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The PDFs of one book, sorted. */
static GPtrArray *book_files(const char *book) {
  GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
  g_autofree char *dir = g_build_filename(YS_SOURCE_DIR, "..", "shared", "real", book, NULL);
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d)) != NULL)
    if (g_str_has_suffix(name, ".pdf"))
      g_ptr_array_add(files, g_build_filename(dir, name, NULL));
  g_ptr_array_sort(files, by_path);
  return files;
}

/* `yosan ingest --db=DB_ARG -q --year=YEAR FILES…`: the books split by 款 state no year of their
 * own (their title page is in another file), so the user names it. */
static YsRun ingest_book(const char *db_arg, const char *year, GPtrArray *files) {
  g_autoptr(GPtrArray) args = g_ptr_array_new();
  g_ptr_array_add(args, (gpointer) "ingest");
  g_ptr_array_add(args, (gpointer)db_arg);
  g_ptr_array_add(args, (gpointer) "-q");
  g_ptr_array_add(args, (gpointer)year);
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add(args, g_ptr_array_index(files, i));
  g_ptr_array_add(args, NULL);
  return ys_run((const char *const *)args->pdata, NULL);
}

static const char COUNTS[] =
    "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM lines), "
    "(SELECT count(*) FROM records), (SELECT count(*) FROM findings)";

Test(store_real, fuji_books_twice_and_across_years, .timeout = 600) {
  g_autoptr(GPtrArray) r7 = book_files("fuji-r7");
  g_autoptr(GPtrArray) r8 = book_files("fuji-r8");
  if (r7->len == 0 || r8->len == 0)
    cr_skip_test("../shared/real is not beside this checkout");
  g_autofree char *dir = st_dir("real");
  g_autofree char *db = g_build_filename(dir, "real.db", NULL);
  g_autofree char *db_arg = g_strdup_printf("--db=%s", db);
  /* 令和7: one file is damaged beyond reading (no page has text): it fails, the others are kept */
  YsRun r = ingest_book(db_arg, "--year=2025", r7);
  cr_assert_eq(r.status, 2, "%s", r.err);
  cr_assert(strstr(r.err, "copy 3-part-2.pdf: no page could be read"), "%s", r.err);
  ys_run_clear(&r);
  r = ingest_book(db_arg, "--year=2026", r8);
  cr_assert_eq(r.status, 0, "%s", r.err);
  ys_run_clear(&r);
  sqlite3 *h = st_open(db);
  g_autofree char *first = g_strchomp(st_rows(h, COUNTS));
  cr_assert_eq(st_int(h, "SELECT count(*) FROM documents"), (gint64)(r7->len - 1 + r8->len));
  gint64 compared = st_int(h, "SELECT count(*) FROM findings WHERE check_name = 'cross-year'");
  g_autofree char *mismatches =
      st_rows(h, "SELECT source, page, item, stated_yen, computed_yen, detail FROM findings "
                 "WHERE check_name = 'cross-year' AND status <> 'exact'");
  sqlite3_close(h);
  cr_log_info("%u files; rows %s; %" G_GINT64_FORMAT " cross-year comparisons", r7->len + r8->len,
              first, compared);
  /* every figure the 令和8 book prints for FY2025 whose item the 令和7 files print too (歳入 but
   * 15款 and 16款, which the 令和7 set lacks; two 基金 new in 令和8) is compared: never a
   * mismatch */
  cr_assert_geq(compared, 170);
  cr_assert_str_eq(mismatches, "");

  /* read again from the store (the rules run on its lines): each document keeps the year it
   * was ingested with, so every record has one and the cross-year comparisons are the same */
  const char *records_args[] = {"records", db_arg, "--format=jsonl", NULL};
  YsRun again = ys_run(records_args, NULL);
  cr_assert_eq(again.status, 0, "%s", again.err);
  cr_assert(strstr(again.out, "\"fiscal_year\":null") == NULL,
            "a record read again from the store lost its document's year");
  ys_run_clear(&again);
  const char *check_args[] = {"check", db_arg, "--format=csv", "--item=市税", NULL};
  again = ys_run(check_args, NULL);
  cr_assert(strstr(again.out, "cross-year,exact") != NULL, "%s", again.err);
  ys_run_clear(&again);

  /* again: nothing new is stored */
  r = ingest_book(db_arg, "--year=2025", r7);
  cr_assert_eq(r.status, 2, "%s", r.err);
  ys_run_clear(&r);
  r = ingest_book(db_arg, "--year=2026", r8);
  cr_assert_eq(r.status, 0, "%s", r.err);
  ys_run_clear(&r);
  h = st_open(db);
  g_autofree char *second = g_strchomp(st_rows(h, COUNTS));
  g_autofree char *integrity = st_rows(h, "PRAGMA integrity_check");
  sqlite3_close(h);
  cr_assert_str_eq(second, first);
  cr_assert_str_eq(integrity, "ok\n");
}
