/* store — opening a database: creating it from schema.sql, checking that it is a yosan store
 * of a schema this build knows (migrating an older one, refusing a newer one untouched), WAL
 * mode; the statements of queries.sql prepared by name; transactions and binding helpers. */
#include "store/store_private.h"

#include <string.h>

/* Written out rather than G_DEFINE_QUARK(ys-store-error-quark, …): clang-format splits the
 * macro's bare name into `ys - store - error - quark`, and that is the string it then makes. */
GQuark ys_store_error_quark(void) {
  return g_quark_from_static_string("ys-store-error-quark");
}

/* 0x5953414E: "YSAN", set by schema.sql. A database without it is not a yosan store. */
#define YS_STORE_APPLICATION_ID 1498632750
/* A writer waits this long for another process's transaction instead of failing at once. */
#define BUSY_TIMEOUT_MS 60000

/* Migrations: MIGRATIONS[i] makes version i + 2 from version i + 1 (migrate-N.sql). There is
 * none yet: version 1 is the first schema. A new one is appended here and never edited. */
static const char *const *const MIGRATIONS = NULL;
static const int N_MIGRATIONS = 0;

gboolean ys_store_fail(YsStore *store, GError **error, const char *what) {
  g_set_error(error, YS_STORE_ERROR, YS_STORE_ERROR_SQLITE, "%s: %s: %s", store->path, what,
              sqlite3_errmsg(store->db));
  return FALSE;
}

gboolean ys_store_exec(YsStore *store, const char *sql, GError **error) {
  char *message = NULL;
  if (sqlite3_exec(store->db, sql, NULL, NULL, &message) == SQLITE_OK)
    return TRUE;
  g_set_error(error, YS_STORE_ERROR, YS_STORE_ERROR_SQLITE, "%s: %s", store->path,
              message ? message : sqlite3_errmsg(store->db));
  sqlite3_free(message);
  return FALSE;
}

gboolean ys_store_begin(YsStore *store, GError **error) {
  return ys_store_exec(store, "BEGIN IMMEDIATE", error);
}

gboolean ys_store_commit(YsStore *store, GError **error) {
  return ys_store_exec(store, "COMMIT", error);
}

void ys_store_rollback(YsStore *store) {
  if (!sqlite3_get_autocommit(store->db))
    sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
}

/* queries.sql: each "-- name: NAME" line starts a statement that runs to the next one. */
static void index_queries(YsStore *store) {
  store->sql_text = g_strdup(ys_store_sql_queries);
  store->sql = g_hash_table_new(g_str_hash, g_str_equal);
  const char *marker = "-- name: ";
  char *p = strstr(store->sql_text, marker);
  while (p != NULL) {
    char *name = p + strlen(marker);
    char *eol = strchr(name, '\n');
    if (eol == NULL)
      break;
    *eol = '\0';
    g_strstrip(name);
    char *next = strstr(eol + 1, marker);
    /* the statement ends before the comment lines that introduce the next one */
    if (next != NULL)
      next[-1] = '\0';
    g_hash_table_insert(store->sql, name, eol + 1);
    p = next;
  }
}

sqlite3_stmt *ys_store_stmt(YsStore *store, const char *name, GError **error) {
  sqlite3_stmt *stmt = g_hash_table_lookup(store->stmts, name);
  if (stmt != NULL) {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return stmt;
  }
  const char *sql = g_hash_table_lookup(store->sql, name);
  if (sql == NULL) {
    g_set_error(error, YS_STORE_ERROR, YS_STORE_ERROR_SQLITE,
                "%s: no statement '%s' in queries.sql (a bug in yosan)", store->path, name);
    return NULL;
  }
  if (sqlite3_prepare_v3(store->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK) {
    g_autofree char *what = g_strdup_printf("preparing %s", name);
    ys_store_fail(store, error, what);
    return NULL;
  }
  g_hash_table_insert(store->stmts, (gpointer)name, stmt);
  return stmt;
}

gboolean ys_store_step_done(YsStore *store, sqlite3_stmt *stmt, GError **error, const char *what) {
  int rc = sqlite3_step(stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
    sqlite3_reset(stmt);
    return TRUE;
  }
  ys_store_fail(store, error, what);
  sqlite3_reset(stmt);
  return FALSE;
}

/* Not copied (SQLITE_STATIC): every statement here is stepped while what it was given lives,
 * and rebound before it is stepped again; a copy of every string cost a tenth of a write. */
void ys_store_bind_text(sqlite3_stmt *stmt, int i, const char *text) {
  if (text == NULL)
    sqlite3_bind_null(stmt, i);
  else
    sqlite3_bind_text(stmt, i, text, -1, SQLITE_STATIC);
}

void ys_store_bind_year(sqlite3_stmt *stmt, int i, int year) {
  if (year == 0)
    sqlite3_bind_null(stmt, i);
  else
    sqlite3_bind_int(stmt, i, year);
}

const char *ys_store_col_text(sqlite3_stmt *stmt, int i) {
  return (const char *)sqlite3_column_text(stmt, i);
}

char *ys_store_col_dup(sqlite3_stmt *stmt, int i) {
  return g_strdup(ys_store_col_text(stmt, i));
}

static int pragma_int(YsStore *store, const char *sql) {
  sqlite3_stmt *stmt = NULL;
  int value = -1;
  if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW)
    value = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  return value;
}

static int schema_version(YsStore *store) {
  sqlite3_stmt *stmt = NULL;
  int version = 0;
  if (sqlite3_prepare_v2(store->db, "SELECT value FROM meta WHERE key = 'schema_version'", -1,
                         &stmt, NULL) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW)
    version = atoi((const char *)sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  return version;
}

static gboolean create_schema(YsStore *store, GError **error) {
  g_autofree char *sql = g_strdup_printf(
      "BEGIN IMMEDIATE;\n%s\nINSERT INTO meta (key, value) VALUES ('schema_version', '%d');\n"
      "COMMIT;",
      ys_store_sql_schema, YS_STORE_SCHEMA_VERSION);
  if (ys_store_exec(store, sql, error))
    return TRUE;
  ys_store_rollback(store);
  return FALSE;
}

/* Each migration in a transaction of its own, with the version it makes. */
static gboolean migrate(YsStore *store, int from, GError **error) {
  for (int v = from; v < YS_STORE_SCHEMA_VERSION && v - 1 < N_MIGRATIONS; v++) {
    g_autofree char *sql =
        g_strdup_printf("BEGIN IMMEDIATE;\n%s\nUPDATE meta SET value = '%d' WHERE key = "
                        "'schema_version';\nCOMMIT;",
                        MIGRATIONS[v - 1], v + 1);
    if (!ys_store_exec(store, sql, error)) {
      ys_store_rollback(store);
      g_prefix_error(error, "migrating the store from schema %d to %d: ", v, v + 1);
      return FALSE;
    }
  }
  return TRUE;
}

/* An empty file (or a new one) gets the schema; anything else must be a yosan store. */
static gboolean check_schema(YsStore *store, GError **error) {
  int tables = pragma_int(store, "SELECT count(*) FROM sqlite_master");
  if (tables < 0)
    return ys_store_fail(store, error, "not readable as an SQLite database");
  if (tables == 0)
    return create_schema(store, error);
  if (pragma_int(store, "PRAGMA application_id") != YS_STORE_APPLICATION_ID) {
    g_set_error(error, YS_STORE_ERROR, YS_STORE_ERROR_NOT_STORE,
                "%s: an SQLite database, but not a yosan store: give --db a new file or one "
                "that yosan ingest made",
                store->path);
    return FALSE;
  }
  int version = schema_version(store);
  if (version > YS_STORE_SCHEMA_VERSION) {
    g_set_error(error, YS_STORE_ERROR, YS_STORE_ERROR_NEWER,
                "%s: made by a newer yosan (store schema %d; this yosan knows up to %d): it was "
                "left unchanged; use that yosan or a newer one",
                store->path, version, YS_STORE_SCHEMA_VERSION);
    return FALSE;
  }
  if (version < 1) {
    g_set_error(error, YS_STORE_ERROR, YS_STORE_ERROR_NOT_STORE,
                "%s: a yosan store without a schema version (damaged?): give --db another file",
                store->path);
    return FALSE;
  }
  return version == YS_STORE_SCHEMA_VERSION || migrate(store, version, error);
}

static void finalize_stmt(gpointer stmt) {
  sqlite3_finalize(stmt);
}

/* Opened without the WAL and write pragmas first: a newer or foreign database is not touched. */
gboolean ys_store_open(YsStore **out, const char *path, gboolean create, GError **error) {
  *out = NULL;
  if (!create && !g_file_test(path, G_FILE_TEST_EXISTS)) {
    g_set_error(error, YS_STORE_ERROR, YS_STORE_ERROR_NOT_FOUND,
                "%s: no such store (yosan ingest --db=%s FILE... makes one)", path, path);
    return FALSE;
  }
  g_autoptr(YsStore) store = g_new0(YsStore, 1);
  store->path = g_strdup(path);
  store->stmts = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, finalize_stmt);
  index_queries(store);
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path, &store->db, flags, NULL) != SQLITE_OK)
    return ys_store_fail(store, error, "cannot open");
  sqlite3_extended_result_codes(store->db, 1);
  sqlite3_busy_timeout(store->db, BUSY_TIMEOUT_MS);
  if (!check_schema(store, error))
    return FALSE;
  /* WAL: readers never block the writer; NORMAL: a commit survives a killed process (not a
   * power cut, which may lose the last commits but never leaves a half-written document) */
  if (!ys_store_exec(store,
                     "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                     "PRAGMA foreign_keys = ON",
                     error))
    return FALSE;
  *out = g_steal_pointer(&store);
  return TRUE;
}

void ys_store_close(YsStore *store) {
  if (store == NULL)
    return;
  if (store->stmts)
    g_hash_table_unref(store->stmts); /* finalizes every statement */
  if (store->db)
    sqlite3_close(store->db);
  if (store->sql)
    g_hash_table_unref(store->sql);
  g_free(store->sql_text);
  g_free(store->path);
  g_free(store);
}

const char *ys_store_path(const YsStore *store) {
  return store->path;
}
