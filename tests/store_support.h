/* tests — looking into a store as an auditor would: its rows through SQLite, and a dump that
 * names documents by sha256 (not by their row numbers), so that two stores made in different
 * orders (one ingest, or workers and a merge) compare equal when they hold the same. */
#ifndef YS_TEST_STORE_SUPPORT_H
#define YS_TEST_STORE_SUPPORT_H

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

/* A fresh directory under the test tmp (emptied of *.db files). */
static inline char *st_dir(const char *name) {
  char *dir = g_build_filename(YS_TEST_TMP, "store", name, NULL);
  g_mkdir_with_parents(dir, 0755);
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  const char *entry;
  while (d && (entry = g_dir_read_name(d)) != NULL) {
    g_autofree char *path = g_build_filename(dir, entry, NULL);
    if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
      g_unlink(path);
  }
  return dir;
}

static inline sqlite3 *st_open(const char *path) {
  sqlite3 *db = NULL;
  cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK, "%s", path);
  sqlite3_busy_timeout(db, 10000);
  return db;
}

/* Every row of SQL, columns joined by '|', rows by '\n'. */
static inline char *st_rows(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st = NULL;
  cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
               sqlite3_errmsg(db));
  GString *out = g_string_new(NULL);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    for (int i = 0; i < sqlite3_column_count(st); i++) {
      const unsigned char *v = sqlite3_column_text(st, i);
      g_string_append_printf(out, "%s%s", i ? "|" : "", v ? (const char *)v : "NULL");
    }
    g_string_append_c(out, '\n');
  }
  cr_assert_eq(rc, SQLITE_DONE, "%s: %s", sql, sqlite3_errmsg(db));
  sqlite3_finalize(st);
  return g_string_free(out, FALSE);
}

static inline gint64 st_int(sqlite3 *db, const char *sql) {
  g_autofree char *rows = st_rows(db, sql);
  return g_ascii_strtoll(rows, NULL, 10);
}

/* What the store holds, documents named by sha256; the time of ingest and the row numbers
 * left out. */
static inline char *st_dump(const char *path) {
  sqlite3 *db = st_open(path);
  GString *out = g_string_new(NULL);
  const char *queries[] = {
      "SELECT d.sha256, d.file_name, d.title, d.body, d.fiscal_year, d.budget_kind, d.pages, "
      "d.rounding, d.version, (SELECT s.sha256 FROM documents s WHERE s.document_id = "
      "d.superseded_by) FROM documents d ORDER BY d.sha256",
      "SELECT d.sha256, l.page, l.line, l.text, l.x0, l.y0, l.x1, l.y1, hex(l.cells) FROM lines l "
      "JOIN documents d USING (document_id) ORDER BY d.sha256, l.page, l.line",
      "SELECT d.sha256, r.record_no, r.source, r.page, r.line, r.item, r.fiscal_year, "
      "r.budget_kind, r.amount_yen, r.unit, r.rounding_unit_yen, r.qualifier, r.currency, r.text, "
      "r.parent_no, r.role, r.group_name, r.rate_percent, r.unit_yen, r.path, r.level, r.x0, "
      "r.y0, r.x1, r.y1 FROM records r JOIN documents d USING (document_id) "
      "ORDER BY d.sha256, r.record_no",
      "SELECT d.sha256, f.check_name, f.status, f.source, f.page, f.line, f.item, f.fiscal_year, "
      "f.budget_kind, f.stated_yen, f.computed_yen, f.difference_yen, f.tolerance_yen, "
      "replace(f.detail, 'document ' || f.compared_document_id, 'document ?'), f.path, "
      "f.record_no, (SELECT c.sha256 FROM documents c WHERE c.document_id = "
      "f.compared_document_id), f.compared_record_no FROM findings f JOIN documents d USING "
      "(document_id) ORDER BY d.sha256, f.check_name, f.page, f.line, f.record_no, f.detail",
  };
  for (guint i = 0; i < G_N_ELEMENTS(queries); i++) {
    g_autofree char *rows = st_rows(db, queries[i]);
    g_string_append(out, rows);
    g_string_append(out, "--\n");
  }
  sqlite3_close(db);
  return g_string_free(out, FALSE);
}

#endif
