/* store — the yosan database: every document ingested (SQLite), and the checks across years.
 *
 * A store is one SQLite file (WAL mode) with tables documents, lines, records and findings and
 * a schema version in meta (schema in store/schema.sql, every statement in store/queries.sql,
 * both embedded at build time). What a reader process made of one file travels to the one
 * writer as a YsStoreDoc packed into a GVariant; ys_store_add writes it in one transaction, so
 * a run killed at any point leaves every document wholly in or wholly absent. A document is
 * known by the sha256 of its bytes: the same bytes again are a no-op; other bytes with the same
 * body, fiscal year, kind and file name are a new version, and the older one stays, superseded.
 *
 * Records and findings are read through rules/record.h and validate/validate.h; the stored
 * lines are what the rules read (page, line, text with its tabs, box, cell extents), so records
 * and checks can be made again with edited rules, without the files (ys_store_reread).
 *
 * Cross-year: a figure a document prints for an earlier year is compared with the same item's
 * figure in the current documents of that year, kind and body. Items match by path (by item
 * when the path is empty), each part with its outline number dropped and renamed by the rule
 * files' `rename` table (ys_store_match_key).
 *
 * Library code: never prints, never exits. Errors in the YS_STORE_ERROR domain name the
 * database file and what to do.
 */
#ifndef YS_STORE_H
#define YS_STORE_H

#include <glib.h>

#include "rules/rules.h"
#include "validate/validate.h"

G_BEGIN_DECLS

#define YS_STORE_ERROR (ys_store_error_quark())
GQuark ys_store_error_quark(void);

typedef enum {
  YS_STORE_ERROR_SQLITE,    /* SQLite failed (message says which file and why) */
  YS_STORE_ERROR_NOT_STORE, /* the file is not a yosan database */
  YS_STORE_ERROR_NEWER,     /* made by a newer yosan: refused, never altered */
  YS_STORE_ERROR_PACKED,    /* a packed document that does not unpack */
  YS_STORE_ERROR_NOT_FOUND, /* no such database (opened without create) */
} YsStoreError;

#define YS_STORE_SCHEMA_VERSION 1

typedef struct YsStore YsStore;

/* Opens PATH, creating it when CREATE and missing; an older schema is migrated, a newer one
 * or a file that is not a yosan store refused without a change. */
gboolean ys_store_open(YsStore **out, const char *path, gboolean create, GError **error);
void ys_store_close(YsStore *store);
const char *ys_store_path(const YsStore *store);

/* ---- one document, from the reader to the writer ---------------------------------------- */

typedef struct YsStoreDoc YsStoreDoc;

/* A document read from SOURCE (the path as given), its file's SHA256 (hex) and size (NULL and
 * 0 when they come later, by ys_store_doc_set_file). */
YsStoreDoc *ys_store_doc_new(const char *source, const char *sha256, guint64 bytes);
void ys_store_doc_set_file(YsStoreDoc *doc, const char *sha256, guint64 bytes);
/* Every normalized line, in order (blank ones may be left out: the reader skips them). */
void ys_store_doc_add_line(YsStoreDoc *doc, const YsNormLine *line);
/* What the pipeline made of it: PAGES, the records and their findings. BODY names the issuing
 * body; NULL finds it on the first pages among RULES's `body` names. */
void ys_store_doc_set_result(YsStoreDoc *doc, const YsRules *rules, const char *body, int pages,
                             const YsRecordSet *set, const GPtrArray *findings);
/* The document as bytes (a GVariant), for the writer; frees DOC. */
GBytes *ys_store_doc_pack(YsStoreDoc *doc);
void ys_store_doc_free(YsStoreDoc *doc);

/* Written by a reader that is not its own process (ys_store_add): who made the document. */
typedef struct {
  const char *yosan_version;
  const char *rules_version; /* sha256 of the rule files */
} YsStoreMaker;

typedef struct {
  gint64 document_id;
  gboolean already;     /* the same bytes were in the store: nothing written */
  gint64 superseded_id; /* the version it replaced; 0 = none */
  int version;
  int fiscal_year;
  char *body, *budget_kind, *file_name; /* owned: ys_store_added_clear */
  guint records, findings, cross_year, cross_mismatches, lines;
  /* later documents whose cross-year findings it changed (they print figures for its year),
   * and their cross-year findings now */
  guint later_documents, later_cross_year, later_mismatches;
} YsStoreAdded;
void ys_store_added_clear(YsStoreAdded *added);

/* Writes the packed document in one transaction: the document, its lines, records, findings,
 * its cross-year findings and those of the later documents it is the earlier year of. RULES
 * gives the rename table for matching items. */
gboolean ys_store_add(YsStore *store, const YsRules *rules, GBytes *packed,
                      const YsStoreMaker *maker, YsStoreAdded *added, GError **error);

/* ---- reading back ----------------------------------------------------------------------- */

typedef struct {
  const char *body;      /* NULL = any */
  int fiscal_year;       /* 0 = any: the document's own fiscal year */
  gboolean all_versions; /* FALSE: current versions only */
} YsStoreFilter;

typedef struct {
  gint64 id;
  char *sha256, *file_name, *title, *body, *budget_kind, *rounding, *ingested_at;
  int fiscal_year, pages, version;
  gint64 superseded_by; /* 0 = current */
} YsStoreDocInfo;
void ys_store_doc_info_free(YsStoreDocInfo *info);

/* The documents FILTER selects, in ingest order (YsStoreDocInfo*). */
gboolean ys_store_documents(YsStore *store, const YsStoreFilter *filter, GPtrArray **out,
                            GError **error);
/* The document's stored lines read again by RULES: what `yosan records FILE` would give. */
gboolean ys_store_reread(YsStore *store, const YsRules *rules, const YsStoreDocInfo *doc,
                         YsRecordSet **out, GError **error);
/* The document's records as they were stored at ingest. */
gboolean ys_store_stored_records(YsStore *store, const YsStoreDocInfo *doc, YsRecordSet **out,
                                 GError **error);

/* Cross-year findings of DOC (records SET) against the store's current documents of the
 * earlier years, appended to FINDINGS. With REREAD the earlier documents are read again with
 * RULES (`check --db` after a rule edit); otherwise their stored records are used. */
gboolean ys_store_cross_year(YsStore *store, const YsRules *rules, const YsStoreDocInfo *doc,
                             const YsRecordSet *set, gboolean reread, GPtrArray *findings,
                             GError **error);

/* The key two items are matched by across years: NAME (a path joined by " / ", or an item
 * with breakdown parts joined by "/") with each part's outline number dropped (`2 教育債` →
 * `教育債`) and each part renamed by RULES's rename table. */
char *ys_store_match_key(const YsRules *rules, const char *name);

/* ---- history and merge ------------------------------------------------------------------ */

typedef struct {
  char *body;
  int fiscal_year;
  YsBudgetKind kind;
  gboolean found;
  gint64 amount_yen, rounding_unit_yen, unit_yen;
  char *unit, *item, *source; /* the document it was found in, and its page */
  int page;
  gint64 document_id;
  gboolean from_later; /* not in that year's document: printed by a later one */
} YsStoreHistoryRow;
void ys_store_history_row_free(YsStoreHistoryRow *row);

/* ITEM's figures by year (initial, then supplementary where any year has one) for every body
 * that prints it (or BODY): the figure each year's current documents print for their own year,
 * else one a later document prints for it; a year with documents but no figure is a row with
 * found FALSE. Rows in body, year, kind order. */
gboolean ys_store_history(YsStore *store, const YsRules *rules, const char *item, const char *body,
                          GPtrArray **rows, GError **error);

/* Adds the documents of the store at PART_PATH that STORE lacks (by sha256), each in its own
 * transaction with its versions and cross-year findings remade; PART is only read. */
gboolean ys_store_merge(YsStore *store, const YsRules *rules, const char *part_path, guint *added,
                        guint *already, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(YsStore, ys_store_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(YsStoreDoc, ys_store_doc_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(YsStoreDocInfo, ys_store_doc_info_free)

G_END_DECLS

#endif
