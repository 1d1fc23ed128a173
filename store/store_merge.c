/* store — merging stores made apart (a worker per machine or array job, each with its own
 * database): every document of the part that the store lacks (by sha256) is packed again from
 * the part's rows, with its own time, yosan and rule-set version, and written as an ingest
 * writes it (store_write.c: one transaction each, versions and cross-year findings remade).
 * Documents are taken in the order they were ingested, so versions keep their order; a merge
 * run twice adds nothing the second time. */
#include "store/store_private.h"

#include <string.h>

static GVariant *pack_lines(YsStore *store, gint64 id, GError **error) {
  sqlite3_stmt *st = ys_store_stmt(store, "lines_of", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_int64(st, 1, id);
  YsPackLines *lines = ys_pack_lines_new();
  g_autoptr(GArray) cells = g_array_new(FALSE, FALSE, sizeof(double));
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    double box[4];
    for (int k = 0; k < 4; k++)
      box[k] = sqlite3_column_double(st, 3 + k);
    /* the blob copied out: it need not be aligned for doubles */
    gsize n = (gsize)sqlite3_column_bytes(st, 7) / (2 * sizeof(double));
    g_array_set_size(cells, (guint)(2 * n));
    if (n > 0)
      memcpy(cells->data, sqlite3_column_blob(st, 7), 2 * n * sizeof(double));
    const char *text = ys_store_col_text(st, 2);
    ys_pack_lines_add(lines, sqlite3_column_int(st, 0), sqlite3_column_int(st, 1), box,
                      text ? text : "", (const double *)(const void *)cells->data, n);
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) {
    ys_pack_lines_free(lines);
    ys_store_fail(store, error, "reading the part's lines");
    return NULL;
  }
  return ys_pack_lines_end(lines);
}

/* The part's own findings of document ID (not its cross-year ones: remade in the store). */
static GVariant *pack_findings(YsStore *store, gint64 id, GError **error) {
  sqlite3_stmt *st = ys_store_stmt(store, "findings_of", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_int64(st, 1, id);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func((GDestroyNotify)ys_finding_free);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    YsFinding *f = g_new0(YsFinding, 1);
    f->check = ys_store_check_value(ys_store_col_text(st, 0));
    f->status = ys_store_status_value(ys_store_col_text(st, 1));
    f->page = sqlite3_column_int(st, 2);
    f->line = sqlite3_column_int(st, 3);
    f->item = ys_store_col_dup(st, 4);
    f->fiscal_year = sqlite3_column_int(st, 5);
    f->kind = ys_store_kind_value(ys_store_col_text(st, 6));
    f->has_yen = sqlite3_column_int(st, 7) != 0;
    f->stated_yen = sqlite3_column_int64(st, 8);
    f->computed_yen = sqlite3_column_int64(st, 9);
    f->difference_yen = sqlite3_column_int64(st, 10);
    f->tolerance_yen = sqlite3_column_int64(st, 11);
    f->detail = ys_store_col_dup(st, 12);
    f->text = ys_store_col_dup(st, 13);
    f->record_id = (guint)sqlite3_column_int(st, 14);
    f->path = ys_store_col_dup(st, 15);
    g_ptr_array_add(found, f);
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) {
    ys_store_fail(store, error, "reading the part's findings");
    return NULL;
  }
  return g_variant_ref_sink(ys_pack_findings(found));
}

GBytes *ys_store_pack_stored(YsStore *store, gint64 id, GError **error) {
  g_autoptr(YsStoreDocInfo) info = ys_store_doc_info(store, id, error);
  g_autoptr(YsRecordSet) set = NULL;
  if (info == NULL || !ys_store_stored_records(store, info, &set, error))
    return NULL;
  sqlite3_stmt *st = NULL;
  g_autoptr(GVariant) findings = pack_findings(store, id, error);
  g_autoptr(GVariant) lines = findings ? pack_lines(store, id, error) : NULL;
  if (lines == NULL || (st = ys_store_stmt(store, "doc_facts", error)) == NULL)
    return NULL;
  g_variant_ref_sink(lines);
  sqlite3_bind_int64(st, 1, id);
  if (sqlite3_step(st) != SQLITE_ROW) {
    ys_store_fail(store, error, "reading the part's document");
    sqlite3_reset(st);
    return NULL;
  }
#define TEXT(i) (ys_store_col_text(st, (i)) ? ys_store_col_text(st, (i)) : "")
  g_autoptr(GVariant) doc = g_variant_ref_sink(
      g_variant_new(YS_STORE_DOC_FORMAT, TEXT(0), TEXT(1), (guint64)sqlite3_column_int64(st, 2),
                    TEXT(3), TEXT(4), sqlite3_column_int(st, 5), TEXT(6), sqlite3_column_int(st, 7),
                    (int)ys_store_rounding_value(TEXT(8)), sqlite3_column_int(st, 9), TEXT(10),
                    lines, ys_pack_records(set), findings, TEXT(11), TEXT(12), TEXT(13)));
#undef TEXT
  sqlite3_reset(st);
  return g_variant_get_data_as_bytes(doc);
}

/* The part's documents in the order they were ingested (all versions). */
static gboolean part_documents(YsStore *part, GArray *ids, GError **error) {
  YsStoreFilter all = {.all_versions = TRUE};
  g_autoptr(GPtrArray) docs = NULL;
  if (!ys_store_documents(part, &all, &docs, error))
    return FALSE;
  for (guint i = 0; i < docs->len; i++) {
    const YsStoreDocInfo *d = g_ptr_array_index(docs, i);
    g_array_append_val(ids, d->id);
  }
  return TRUE;
}

gboolean ys_store_merge(YsStore *store, const YsRules *rules, const char *part_path, guint *added,
                        guint *already, GError **error) {
  *added = *already = 0;
  g_autoptr(YsStore) part = NULL;
  if (!ys_store_open(&part, part_path, FALSE, error))
    return FALSE;
  g_autoptr(GArray) ids = g_array_new(FALSE, FALSE, sizeof(gint64));
  if (!part_documents(part, ids, error))
    return FALSE;
  YsStoreMaker maker = {"", ""}; /* each packed document carries its own */
  for (guint i = 0; i < ids->len; i++) {
    g_autoptr(GBytes) packed = ys_store_pack_stored(part, g_array_index(ids, gint64, i), error);
    if (packed == NULL)
      return FALSE;
    YsStoreAdded result;
    gboolean ok = ys_store_add(store, rules, packed, &maker, &result, error);
    if (ok && result.already)
      (*already)++;
    else if (ok)
      (*added)++;
    ys_store_added_clear(&result);
    if (!ok) {
      g_prefix_error(error, "merging %s: ", part_path);
      return FALSE;
    }
  }
  return TRUE;
}
