/* store — private: the open database, its prepared statements, and what the files of store/
 * share (the packed document's layout, binding and reading helpers). */
#ifndef YS_STORE_PRIVATE_H
#define YS_STORE_PRIVATE_H

#include <sqlite3.h>

#include "store/store.h"

/* The embedded SQL (generated from the .sql files of store/). */
extern const char ys_store_sql_schema[];
extern const char ys_store_sql_queries[];

struct YsStore {
  sqlite3 *db;
  char *path;
  GHashTable *sql; /* statement name → its SQL (points into a copy of queries.sql) */
  char *sql_text;
  GHashTable *stmts; /* statement name → sqlite3_stmt*, prepared on first use */
};

/* The statement NAME of queries.sql, reset and with its bindings cleared; NULL (ERROR set)
 * when it cannot be prepared. */
sqlite3_stmt *ys_store_stmt(YsStore *store, const char *name, GError **error);
/* Sets ERROR from the database's last error: "PATH: WHAT: sqlite's message". */
gboolean ys_store_fail(YsStore *store, GError **error, const char *what);
/* Runs STMT to its end (an insert or update); FALSE with ERROR set on failure. */
gboolean ys_store_step_done(YsStore *store, sqlite3_stmt *stmt, GError **error, const char *what);
gboolean ys_store_exec(YsStore *store, const char *sql, GError **error);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK (a rollback after a failure keeps the first error). */
gboolean ys_store_begin(YsStore *store, GError **error);
gboolean ys_store_commit(YsStore *store, GError **error);
void ys_store_rollback(YsStore *store);

void ys_store_bind_text(sqlite3_stmt *stmt, int i, const char *text); /* NULL → NULL */
void ys_store_bind_year(sqlite3_stmt *stmt, int i, int year);         /* 0 → NULL */
const char *ys_store_col_text(sqlite3_stmt *stmt, int i);             /* NULL stays NULL */
char *ys_store_col_dup(sqlite3_stmt *stmt, int i);                    /* NULL → NULL */
/* Child I of TUPLE, a maybe-string, copied (NULL when nothing). */
char *ys_store_maybe_dup(GVariant *tuple, gsize i);

/* The packed document (a GVariant tuple), field by field:
 *   source, sha256, bytes, title, body, fiscal_year, budget_kind, pages,
 *   rounding (YsRounding), rounding_page, rounding_text,
 *   lines   a(page, line, x0, y0, x1, y1, text, cells as x0 x1 x0 x1 …),
 *   records a(id, parent_id, page, line, item?, fiscal_year, kind, role, amount_yen, unit?,
 *             unit_yen, rounding_unit_yen, qualifier, currency?, text?, rate_scaled,
 *             rate_decimals, base_year, base_kind, group?, is_new, parts_complete, path,
 *             level, has_box, x0, y0, x1, y1),
 *   findings a(check, status, page, line, item?, fiscal_year, kind, has_yen, stated_yen,
 *             computed_yen, difference_yen, tolerance_yen, detail?, text?, record_id, path),
 *   ingested_at, yosan_version, rules_version ('' = the writer's own: now, its maker's).
 * A '?' field is a maybe-string: NULL and "" stay apart, as in the record. */
#define YS_STORE_LINE_T "(iiddddsad)"
#define YS_STORE_RECORD_T "(uuiimsiyyxmsxxymsmsxiiymsbbsybdddd)"
#define YS_STORE_FINDING_T "(yyiimsiybxxxxmsmsus)"
#define YS_STORE_DOC_T                                                                             \
  "(sstssisiiisa" YS_STORE_LINE_T "a" YS_STORE_RECORD_T "a" YS_STORE_FINDING_T "sss)"
enum {
  YS_PACK_SOURCE,
  YS_PACK_SHA256,
  YS_PACK_BYTES,
  YS_PACK_TITLE,
  YS_PACK_BODY,
  YS_PACK_YEAR,
  YS_PACK_KIND,
  YS_PACK_PAGES,
  YS_PACK_ROUNDING,
  YS_PACK_ROUNDING_PAGE,
  YS_PACK_ROUNDING_TEXT,
  YS_PACK_LINES,
  YS_PACK_RECORDS,
  YS_PACK_FINDINGS,
  YS_PACK_INGESTED_AT,
  YS_PACK_YOSAN_VERSION,
  YS_PACK_RULES_VERSION
};

/* store_doc.c: a packed document read back; NULL (ERROR) when BYTES is not one. */
GVariant *ys_store_unpack(GBytes *bytes, GError **error);
/* Its records as a set (line_text from its lines). */
YsRecordSet *ys_store_unpack_records(GVariant *doc);
/* One record or finding tuple from its fields (store_pack_db.c builds them from rows). */
GVariant *ys_store_record_tuple(const YsRecord *r);
GVariant *ys_store_finding_tuple(const YsFinding *f);
/* store_pack_db.c: a stored document packed again, with its own maker and time (for merge). */
GBytes *ys_store_pack_stored(YsStore *store, gint64 document_id, GError **error);

/* store_read.c: a document's info by id (NULL and ERROR when missing). */
YsStoreDocInfo *ys_store_doc_info(YsStore *store, gint64 id, GError **error);
/* Enum values of the names the tables hold (the names of rules/record.h). */
YsBudgetKind ys_store_kind_value(const char *name);
YsRounding ys_store_rounding_value(const char *name);
YsQualifier ys_store_qualifier_value(const char *name);
YsRole ys_store_role_value(const char *name);
YsLevel ys_store_level_value(const char *name);
YsCheckKind ys_store_check_value(const char *name);
YsStatus ys_store_status_value(const char *name);

/* store_cross.c: remakes the cross-year findings of document ID (deleting its old ones):
 * none when it is superseded or has no year. Counts into *N and *MISMATCHES when not NULL. */
gboolean ys_store_cross_remake(YsStore *store, const YsRules *rules, gint64 id, guint *n,
                               guint *mismatches, GError **error);

/* store_write.c: a finding row of document ID numbered NO (compared: 0 = none). */
gboolean ys_store_insert_finding(YsStore *store, gint64 id, gint64 no, const YsFinding *f,
                                 gint64 compared_doc, guint compared_record, GError **error);

#endif
