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

/* TEXT is not copied: it must live until STMT has been stepped. NULL → NULL. */
void ys_store_bind_text(sqlite3_stmt *stmt, int i, const char *text);
void ys_store_bind_year(sqlite3_stmt *stmt, int i, int year); /* 0 → NULL */
const char *ys_store_col_text(sqlite3_stmt *stmt, int i);     /* NULL stays NULL */
char *ys_store_col_dup(sqlite3_stmt *stmt, int i);            /* NULL → NULL */

/* The packed document (a GVariant tuple), field by field:
 *   source, sha256, bytes, title, body, fiscal_year, budget_kind, pages,
 *   rounding (YsRounding), rounding_page, rounding_text,
 *   lines    columns (store_pack.c): page, line, x0, y0, x1, y1, text (bytes, offsets),
 *            cells (x0 x1 x0 x1 … of every line), where each line's cells start,
 *   records  columns (store_pack.c): id, parent_id | page, line, fiscal_year, rate_decimals,
 *            base_year | amount_yen, unit_yen, rounding_unit_yen, rate_scaled | kind, role,
 *            qualifier, base_kind, level, is_new, parts_complete, has_box | x0, y0, x1, y1 |
 *            item, unit, currency, text, group, path (each bytes, offsets; -1 = NULL),
 *   findings columns (store_pack.c): check, status, kind, has_yen | page, line, fiscal_year |
 *            stated_yen, computed_yen, difference_yen, tolerance_yen | record_id | item,
 *            detail, text, path (each bytes, offsets),
 *   ingested_at, yosan_version, rules_version ('' = the writer's own: now, its maker's).
 * A string column keeps NULL and "" apart, as the record does. */
#define YS_STORE_LINES_T "(aiaiadadadadayaiadai)"
#define YS_STORE_RECORDS_T                                                                         \
  "(auau"                                                                                          \
  "aiaiaiaiai"                                                                                     \
  "axaxaxax"                                                                                       \
  "ayayayayayayayay"                                                                               \
  "adadadad"                                                                                       \
  "ayaiayaiayaiayaiayaiayai)"
#define YS_STORE_FINDINGS_T "(ayayayayaiaiaiaxaxaxaxauayaiayaiayaiayai)"
#define YS_STORE_DOC_T "(sstssisiiis" YS_STORE_LINES_T YS_STORE_RECORDS_T YS_STORE_FINDINGS_T "sss)"
/* The same as a g_variant_new format: the columns passed as GVariant values. */
#define YS_STORE_DOC_FORMAT                                                                        \
  "(sstssisiiis@" YS_STORE_LINES_T "@" YS_STORE_RECORDS_T "@" YS_STORE_FINDINGS_T "sss)"
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

/* store_pack.c: lines packed as they come; records packed from a set; both read in place. */
typedef struct YsPackLines YsPackLines;
YsPackLines *ys_pack_lines_new(void);
/* BOX: x0, y0, x1, y1; CELLS: N_CELLS pairs x0, x1. */
void ys_pack_lines_add(YsPackLines *lines, int page, int line, const double box[4],
                       const char *text, const double *cells, gsize n_cells);
GVariant *ys_pack_lines_end(YsPackLines *lines); /* floating; frees LINES */
void ys_pack_lines_free(YsPackLines *lines);
GVariant *ys_pack_records(const YsRecordSet *set); /* floating */

typedef struct YsPackLinesView YsPackLinesView;
typedef struct {
  int page, line;
  double box[4];
  const char *text;
  const double *cells; /* n_cells pairs x0, x1 */
  gsize n_cells;
} YsPackLine;
/* The lines of a packed document, read in place (NULL and ERROR when damaged). */
YsPackLinesView *ys_pack_lines_view(GVariant *lines, GError **error);
gsize ys_pack_lines_count(const YsPackLinesView *view);
void ys_pack_lines_get(const YsPackLinesView *view, gsize i, YsPackLine *out);
void ys_pack_lines_view_free(YsPackLinesView *view);
/* Appends the packed records to SET (FALSE and ERROR when damaged). */
gboolean ys_pack_unpack_records(GVariant *records, YsRecordSet *set, GError **error);
GVariant *ys_pack_findings(const GPtrArray *findings); /* floating */
/* Appends the packed findings (YsFinding*, their source SOURCE) to OUT. */
gboolean ys_pack_unpack_findings(GVariant *findings, const char *source, GPtrArray *out,
                                 GError **error);

/* store_doc.c: a packed document read back; NULL (ERROR) when BYTES is not one. */
GVariant *ys_store_unpack(GBytes *bytes, GError **error);
/* Its records as a set (line_text only where a cross-year finding may quote it); NULL and
 * ERROR when damaged. */
YsRecordSet *ys_store_unpack_records(GVariant *doc, GError **error);

/* store_merge.c: a stored document packed again, with its own maker and time. */
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
 * none when it is superseded or has no year. SET is its records when at hand (NULL: read as
 * stored). Counts into *N and *MISMATCHES when not NULL. */
gboolean ys_store_cross_remake(YsStore *store, const YsRules *rules, gint64 id,
                               const YsRecordSet *set, guint *n, guint *mismatches, GError **error);

/* store_write.c: a finding row of document ID numbered NO (compared: 0 = none). */
gboolean ys_store_insert_finding(YsStore *store, gint64 id, gint64 no, const YsFinding *f,
                                 gint64 compared_doc, guint compared_record, GError **error);

#endif
