/* store — reading documents back: the documents a filter selects, a document's stored lines
 * fed to the rules reader again (what `yosan records FILE` would give with today's rules), its
 * records as stored at ingest, and the enum values of the names the tables hold. */
#include "store/store_private.h"

#include <string.h>

#define NAME_VALUE(fn, type, name_of, last)                                                        \
  type fn(const char *name) {                                                                      \
    for (int v = 0; v <= (int)(last); v++)                                                         \
      if (g_strcmp0(name_of((type)v), name) == 0)                                                  \
        return (type)v;                                                                            \
    return (type)0;                                                                                \
  }
NAME_VALUE(ys_store_kind_value, YsBudgetKind, ys_budget_kind_name, YS_KIND_OTHER)
NAME_VALUE(ys_store_rounding_value, YsRounding, ys_rounding_name, YS_ROUND_UP)
NAME_VALUE(ys_store_qualifier_value, YsQualifier, ys_qualifier_name, YS_QUAL_PER)
NAME_VALUE(ys_store_role_value, YsRole, ys_role_name, YS_ROLE_RATE)
NAME_VALUE(ys_store_level_value, YsLevel, ys_level_name, YS_LEVEL_BREAKDOWN)
NAME_VALUE(ys_store_check_value, YsCheckKind, ys_check_kind_name, YS_CHECK_CROSS_YEAR)
NAME_VALUE(ys_store_status_value, YsStatus, ys_status_name, YS_STATUS_MISMATCH)

void ys_store_doc_info_free(YsStoreDocInfo *info) {
  if (info == NULL)
    return;
  g_free(info->sha256);
  g_free(info->file_name);
  g_free(info->title);
  g_free(info->body);
  g_free(info->budget_kind);
  g_free(info->rounding);
  g_free(info->ingested_at);
  g_free(info);
}

/* A row of docs_select / doc_info. */
static YsStoreDocInfo *info_from_row(sqlite3_stmt *st) {
  YsStoreDocInfo *d = g_new0(YsStoreDocInfo, 1);
  d->id = sqlite3_column_int64(st, 0);
  d->sha256 = ys_store_col_dup(st, 1);
  d->file_name = ys_store_col_dup(st, 2);
  d->title = ys_store_col_dup(st, 3);
  d->body = ys_store_col_dup(st, 4);
  d->budget_kind = ys_store_col_dup(st, 5);
  d->rounding = ys_store_col_dup(st, 6);
  d->ingested_at = ys_store_col_dup(st, 7);
  d->fiscal_year = sqlite3_column_int(st, 8);
  d->pages = sqlite3_column_int(st, 9);
  d->version = sqlite3_column_int(st, 10);
  d->superseded_by = sqlite3_column_int64(st, 11);
  return d;
}

YsStoreDocInfo *ys_store_doc_info(YsStore *store, gint64 id, GError **error) {
  sqlite3_stmt *st = ys_store_stmt(store, "doc_info", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_int64(st, 1, id);
  int rc = sqlite3_step(st);
  YsStoreDocInfo *d = rc == SQLITE_ROW ? info_from_row(st) : NULL;
  sqlite3_reset(st);
  if (d == NULL && rc == SQLITE_DONE)
    g_set_error(error, YS_STORE_ERROR, YS_STORE_ERROR_SQLITE, "%s: no document %" G_GINT64_FORMAT,
                store->path, id);
  else if (d == NULL)
    ys_store_fail(store, error, "reading a document");
  return d;
}

gboolean ys_store_documents(YsStore *store, const YsStoreFilter *filter, GPtrArray **out,
                            GError **error) {
  *out = NULL;
  sqlite3_stmt *st = ys_store_stmt(store, "docs_select", error);
  if (st == NULL)
    return FALSE;
  ys_store_bind_text(st, 1, filter ? filter->body : NULL);
  ys_store_bind_year(st, 2, filter ? filter->fiscal_year : 0);
  sqlite3_bind_int(st, 3, filter && filter->all_versions);
  GPtrArray *docs = g_ptr_array_new_with_free_func((GDestroyNotify)ys_store_doc_info_free);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    g_ptr_array_add(docs, info_from_row(st));
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) {
    g_ptr_array_unref(docs);
    return ys_store_fail(store, error, "listing the documents");
  }
  *out = docs;
  return TRUE;
}

gboolean ys_store_reread(YsStore *store, const YsRules *rules, const YsStoreDocInfo *doc,
                         YsRecordSet **out, GError **error) {
  *out = NULL;
  sqlite3_stmt *st = ys_store_stmt(store, "lines_of", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64(st, 1, doc->id);
  g_autoptr(YsReader) reader = ys_reader_new(rules, doc->file_name);
  /* the year it was stored with (its own, or --year's at ingest for a file that states none) */
  if (doc->fiscal_year != 0)
    ys_reader_set_year(reader, doc->fiscal_year);
  g_autoptr(GArray) cells = g_array_new(FALSE, FALSE, sizeof(YsCellSpan));
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    /* a line as the normalizer made it: the reader reads text, cells, page, line and box */
    YsNormLine line = {0};
    line.page = sqlite3_column_int(st, 0);
    line.line = sqlite3_column_int(st, 1);
    line.text = (char *)sqlite3_column_text(st, 2);
    line.len = (gsize)sqlite3_column_bytes(st, 2);
    line.raw = line.text;
    line.x0 = sqlite3_column_double(st, 3);
    line.y0 = sqlite3_column_double(st, 4);
    line.x1 = sqlite3_column_double(st, 5);
    line.y1 = sqlite3_column_double(st, 6);
    const double *xs = sqlite3_column_blob(st, 7);
    gsize n = (gsize)sqlite3_column_bytes(st, 7) / (2 * sizeof(double));
    g_array_set_size(cells, 0);
    for (gsize i = 0; i < n; i++) {
      YsCellSpan span;
      memcpy(&span.x0, xs + 2 * i, sizeof(double)); /* a blob need not be aligned */
      memcpy(&span.x1, xs + 2 * i + 1, sizeof(double));
      g_array_append_val(cells, span);
    }
    line.cells = cells;
    if (line.text == NULL)
      continue;
    if (!ys_reader_feed(reader, &line, error)) {
      sqlite3_reset(st);
      return FALSE;
    }
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE)
    return ys_store_fail(store, error, "reading the document's lines");
  *out = ys_reader_finish(g_steal_pointer(&reader));
  return TRUE;
}

static YsRecord *record_from_row(sqlite3_stmt *st) {
  YsRecord *r = ys_record_new((guint)sqlite3_column_int(st, 0));
  r->parent_id = (guint)sqlite3_column_int(st, 1);
  r->page = sqlite3_column_int(st, 2);
  r->line = sqlite3_column_int(st, 3);
  r->item = ys_store_col_dup(st, 4);
  r->fiscal_year = sqlite3_column_int(st, 5);
  r->kind = ys_store_kind_value(ys_store_col_text(st, 6));
  r->role = ys_store_role_value(ys_store_col_text(st, 7));
  r->amount_yen = sqlite3_column_int64(st, 8);
  r->unit = ys_store_col_dup(st, 9);
  r->unit_yen = sqlite3_column_int64(st, 10);
  r->rounding_unit_yen = sqlite3_column_int64(st, 11);
  r->qualifier = ys_store_qualifier_value(ys_store_col_text(st, 12));
  r->currency = ys_store_col_dup(st, 13);
  r->text = ys_store_col_dup(st, 14);
  r->rate_scaled = sqlite3_column_int64(st, 15);
  r->rate_decimals = sqlite3_column_int(st, 16);
  r->base_year = sqlite3_column_int(st, 17);
  r->base_kind = ys_store_kind_value(ys_store_col_text(st, 18));
  r->group = ys_store_col_dup(st, 19);
  r->is_new = sqlite3_column_int(st, 20) != 0;
  r->parts_complete = sqlite3_column_int(st, 21) != 0;
  r->path = ys_store_col_dup(st, 22);
  r->level = ys_store_level_value(ys_store_col_text(st, 23));
  r->has_box = sqlite3_column_int(st, 24) != 0;
  r->x0 = sqlite3_column_double(st, 25);
  r->y0 = sqlite3_column_double(st, 26);
  r->x1 = sqlite3_column_double(st, 27);
  r->y1 = sqlite3_column_double(st, 28);
  r->line_text = ys_store_col_dup(st, 29);
  return r;
}

gboolean ys_store_stored_records(YsStore *store, const YsStoreDocInfo *doc, YsRecordSet **out,
                                 GError **error) {
  *out = NULL;
  sqlite3_stmt *st = ys_store_stmt(store, "records_of", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64(st, 1, doc->id);
  g_autoptr(YsRecordSet) set = ys_record_set_new(doc->file_name);
  set->fiscal_year = doc->fiscal_year;
  set->rounding = ys_store_rounding_value(doc->rounding);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    YsRecord *r = record_from_row(st);
    r->id = set->records->len + 1; /* a set's ids are its positions */
    g_ptr_array_add(set->records, r);
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE)
    return ys_store_fail(store, error, "reading the document's records");
  *out = g_steal_pointer(&set);
  return TRUE;
}
