/* store — writing one packed document: its row in documents, its lines, records and findings,
 * then its versions (the same body, year, kind and file name: the last ingested is current)
 * and the cross-year findings it changes (its own, and those of the later documents that
 * print figures for its year), all in one transaction: a process killed at any moment leaves
 * the document wholly in or wholly absent. The same bytes again (sha256) write nothing. */
#include "store/store_private.h"

#include <string.h>

void ys_store_added_clear(YsStoreAdded *added) {
  g_free(added->body);
  g_free(added->budget_kind);
  g_free(added->file_name);
  memset(added, 0, sizeof *added);
}

static gint64 doc_by_sha(YsStore *store, const char *sha256, GError **error) {
  sqlite3_stmt *st = ys_store_stmt(store, "doc_by_sha", error);
  if (st == NULL)
    return -1;
  ys_store_bind_text(st, 1, sha256);
  int rc = sqlite3_step(st);
  gint64 id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_reset(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    ys_store_fail(store, error, "looking the document up");
    return -1;
  }
  return id;
}

static char *now_utc(void) {
  g_autoptr(GDateTime) now = g_date_time_new_now_utc();
  return g_date_time_format(now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static const char *or_default(const char *packed, const char *fallback) {
  return packed[0] != '\0' ? packed : fallback;
}

static gint64 insert_document(YsStore *store, GVariant *doc, const YsStoreMaker *maker,
                              GError **error) {
  const char *source, *sha256, *title, *body, *kind, *rounding_text, *at, *yv, *rv;
  guint64 bytes;
  gint32 year, pages, rounding, rounding_page;
  g_variant_get(doc,
                "(&s&st&s&si&sii"
                "i&s@*@*@*&s&s&s)",
                &source, &sha256, &bytes, &title, &body, &year, &kind, &pages, &rounding,
                &rounding_page, &rounding_text, NULL, NULL, NULL, &at, &yv, &rv);
  g_autofree char *now = now_utc();
  g_autofree char *base = g_path_get_basename(source);
  sqlite3_stmt *st = ys_store_stmt(store, "doc_insert", error);
  if (st == NULL)
    return 0;
  ys_store_bind_text(st, 1, sha256);
  ys_store_bind_text(st, 2, source);
  ys_store_bind_text(st, 3, base);
  sqlite3_bind_int64(st, 4, (gint64)bytes);
  ys_store_bind_text(st, 5, title);
  ys_store_bind_text(st, 6, body);
  ys_store_bind_year(st, 7, year);
  ys_store_bind_text(st, 8, kind);
  sqlite3_bind_int(st, 9, pages);
  ys_store_bind_text(st, 10,
                     ys_rounding_name(rounding >= 0 && rounding <= YS_ROUND_UP
                                          ? (YsRounding)rounding
                                          : YS_ROUND_UNKNOWN));
  if (rounding_page > 0)
    sqlite3_bind_int(st, 11, rounding_page);
  ys_store_bind_text(st, 12, rounding_text[0] ? rounding_text : NULL);
  ys_store_bind_text(st, 13, or_default(yv, maker->yosan_version));
  ys_store_bind_text(st, 14, or_default(rv, maker->rules_version));
  ys_store_bind_text(st, 15, or_default(at, now));
  if (!ys_store_step_done(store, st, error, "adding the document"))
    return 0;
  return sqlite3_last_insert_rowid(store->db);
}

static gboolean insert_lines(YsStore *store, gint64 id, GVariant *doc, guint *n, GError **error) {
  g_autoptr(GVariant) lines = g_variant_get_child_value(doc, YS_PACK_LINES);
  YsPackLinesView *view = ys_pack_lines_view(lines, error);
  sqlite3_stmt *st = view ? ys_store_stmt(store, "line_insert", error) : NULL;
  if (st == NULL) {
    ys_pack_lines_view_free(view);
    return FALSE;
  }
  gsize count = ys_pack_lines_count(view);
  gboolean ok = TRUE;
  for (gsize i = 0; i < count && ok; i++) {
    YsPackLine l;
    ys_pack_lines_get(view, i, &l);
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, l.page);
    sqlite3_bind_int(st, 3, l.line);
    sqlite3_bind_text(st, 4, l.text, -1, SQLITE_STATIC);
    for (int k = 0; k < 4; k++)
      sqlite3_bind_double(st, 5 + k, l.box[k]);
    /* doubles as this machine holds them: IEEE 754 little-endian on every Debian target */
    sqlite3_bind_blob(st, 9, l.n_cells ? (const void *)l.cells : "",
                      (int)(2 * l.n_cells * sizeof(double)), SQLITE_STATIC);
    ok = ys_store_step_done(store, st, error, "adding a line");
  }
  ys_pack_lines_view_free(view);
  *n = (guint)count;
  return ok;
}

static void bind_box(sqlite3_stmt *st, int i, const YsRecord *r, double v) {
  if (r->has_box)
    sqlite3_bind_double(st, i, v);
}

/* The rate as `yosan records` prints it (cli_format.c): 35, 1 → "3.5"; -91, 1 → "-9.1". */
static char *rate_text(const YsRecord *r) {
  if (r->rate_decimals <= 0)
    return g_strdup_printf("%" G_GINT64_FORMAT, r->rate_scaled);
  guint64 scale = 1;
  for (int i = 0; i < r->rate_decimals && i < 19; i++)
    scale *= 10;
  guint64 magnitude =
      r->rate_scaled < 0 ? (guint64)0 - (guint64)r->rate_scaled : (guint64)r->rate_scaled;
  return g_strdup_printf("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT,
                         r->rate_scaled < 0 ? "-" : "", magnitude / scale, r->rate_decimals,
                         magnitude % scale);
}

static gboolean insert_record(YsStore *store, sqlite3_stmt *st, gint64 id, const char *source,
                              const YsRecord *r, GError **error) {
  gboolean is_rate = r->role == YS_ROLE_RATE;
  g_autofree char *rate = is_rate ? rate_text(r) : NULL;
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int(st, 2, (int)r->id);
  ys_store_bind_text(st, 3, source);
  sqlite3_bind_int(st, 4, r->page);
  sqlite3_bind_int(st, 5, r->line);
  ys_store_bind_text(st, 6, r->item);
  ys_store_bind_year(st, 7, r->fiscal_year);
  ys_store_bind_text(st, 8, ys_budget_kind_name(r->kind));
  if (!is_rate) {
    sqlite3_bind_int64(st, 9, r->amount_yen);
    sqlite3_bind_int64(st, 11, r->rounding_unit_yen);
  }
  ys_store_bind_text(st, 10, r->unit);
  ys_store_bind_text(st, 12, ys_qualifier_name(r->qualifier));
  ys_store_bind_text(st, 13, r->currency);
  ys_store_bind_text(st, 14, r->text);
  if (r->parent_id != 0)
    sqlite3_bind_int(st, 15, (int)r->parent_id);
  ys_store_bind_text(st, 16, ys_role_name(r->role));
  ys_store_bind_text(st, 17, r->group);
  ys_store_bind_text(st, 18, rate);
  if (!is_rate && r->unit_yen > 0)
    sqlite3_bind_int64(st, 19, r->unit_yen);
  ys_store_bind_text(st, 20, r->path ? r->path : "");
  ys_store_bind_text(st, 21, ys_level_name(r->level));
  bind_box(st, 22, r, r->x0);
  bind_box(st, 23, r, r->y0);
  bind_box(st, 24, r, r->x1);
  bind_box(st, 25, r, r->y1);
  sqlite3_bind_int64(st, 26, r->rate_scaled);
  sqlite3_bind_int(st, 27, r->rate_decimals);
  sqlite3_bind_int(st, 28, r->base_year);
  ys_store_bind_text(st, 29, ys_budget_kind_name(r->base_kind));
  sqlite3_bind_int(st, 30, r->is_new ? 1 : 0);
  sqlite3_bind_int(st, 31, r->parts_complete ? 1 : 0);
  return ys_store_step_done(store, st, error, "adding a record");
}

gboolean ys_store_insert_finding(YsStore *store, gint64 id, gint64 no, const YsFinding *f,
                                 gint64 compared_doc, guint compared_record, GError **error) {
  sqlite3_stmt *st = ys_store_stmt(store, "finding_insert", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int64(st, 2, no);
  ys_store_bind_text(st, 3, ys_check_kind_name(f->check));
  ys_store_bind_text(st, 4, ys_status_name(f->status));
  ys_store_bind_text(st, 5, f->source ? f->source : "");
  sqlite3_bind_int(st, 6, f->page);
  ys_store_bind_text(st, 7, f->item);
  ys_store_bind_year(st, 8, f->fiscal_year);
  ys_store_bind_text(st, 9, ys_budget_kind_name(f->kind));
  if (f->has_yen) {
    sqlite3_bind_int64(st, 10, f->stated_yen);
    sqlite3_bind_int64(st, 11, f->computed_yen);
    sqlite3_bind_int64(st, 12, f->difference_yen);
    sqlite3_bind_int64(st, 13, f->tolerance_yen);
  }
  ys_store_bind_text(st, 14, f->detail);
  sqlite3_bind_int(st, 15, f->line);
  ys_store_bind_text(st, 16, f->path ? f->path : "");
  if (f->record_id != 0)
    sqlite3_bind_int(st, 17, (int)f->record_id);
  ys_store_bind_text(st, 18, f->text);
  if (compared_doc != 0) {
    sqlite3_bind_int64(st, 19, compared_doc);
    sqlite3_bind_int(st, 20, (int)compared_record);
  }
  return ys_store_step_done(store, st, error, "adding a finding");
}

static gboolean insert_contents(YsStore *store, gint64 id, GVariant *doc, YsRecordSet *set,
                                YsStoreAdded *added, GError **error) {
  const char *source;
  g_variant_get_child(doc, YS_PACK_SOURCE, "&s", &source);
  if (!insert_lines(store, id, doc, &added->lines, error))
    return FALSE;
  sqlite3_stmt *st = ys_store_stmt(store, "record_insert", error);
  if (st == NULL)
    return FALSE;
  for (guint i = 0; i < set->records->len; i++)
    if (!insert_record(store, st, id, source, g_ptr_array_index(set->records, i), error))
      return FALSE;
  added->records = set->records->len;
  g_autoptr(GVariant) packed = g_variant_get_child_value(doc, YS_PACK_FINDINGS);
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func((GDestroyNotify)ys_finding_free);
  if (!ys_pack_unpack_findings(packed, source, findings, error))
    return FALSE;
  guint n = findings->len;
  for (guint i = 0; i < n; i++)
    if (!ys_store_insert_finding(store, id, (gint64)i + 1, g_ptr_array_index(findings, i), 0, 0,
                                 error))
      return FALSE;
  added->findings = (guint)n;
  return TRUE;
}

/* Numbers the versions of the document's key, oldest first, each superseded by the next;
 * the old current version loses its cross-year findings (kept for current documents only).
 * Documents without a fiscal year are never versions of one another. */
static gboolean renumber_versions(YsStore *store, const YsStoreDocInfo *doc, const char *base,
                                  YsStoreAdded *added, GError **error) {
  if (doc->fiscal_year == 0)
    return TRUE;
  sqlite3_stmt *st = ys_store_stmt(store, "versions_of", error);
  if (st == NULL)
    return FALSE;
  ys_store_bind_text(st, 1, doc->body);
  sqlite3_bind_int(st, 2, doc->fiscal_year);
  ys_store_bind_text(st, 3, doc->budget_kind);
  ys_store_bind_text(st, 4, base);
  g_autoptr(GArray) ids = g_array_new(FALSE, FALSE, sizeof(gint64));
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    gint64 v = sqlite3_column_int64(st, 0);
    g_array_append_val(ids, v);
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE)
    return ys_store_fail(store, error, "reading the document's versions");
  for (guint i = 0; i < ids->len; i++) {
    gint64 v = g_array_index(ids, gint64, i);
    gint64 next = i + 1 < ids->len ? g_array_index(ids, gint64, i + 1) : 0;
    if (v == doc->id)
      added->version = (int)i + 1;
    if (next == doc->id)
      added->superseded_id = v;
    st = ys_store_stmt(store, "doc_set_version", error);
    if (st == NULL)
      return FALSE;
    sqlite3_bind_int64(st, 1, v);
    sqlite3_bind_int(st, 2, (int)i + 1);
    if (next != 0)
      sqlite3_bind_int64(st, 3, next);
    if (!ys_store_step_done(store, st, error, "marking versions"))
      return FALSE;
    if (next != 0) {
      st = ys_store_stmt(store, "cross_delete", error);
      if (st == NULL)
        return FALSE;
      sqlite3_bind_int64(st, 1, v);
      if (!ys_store_step_done(store, st, error, "dropping a superseded version's findings"))
        return FALSE;
    }
  }
  return TRUE;
}

/* The later documents that print figures for DOC's year: their cross-year findings now have
 * another document (or version) to compare with. */
static gboolean remake_later(YsStore *store, const YsRules *rules, const YsStoreDocInfo *doc,
                             YsStoreAdded *added, GError **error) {
  if (doc->fiscal_year == 0)
    return TRUE;
  sqlite3_stmt *st = ys_store_stmt(store, "later_docs", error);
  if (st == NULL)
    return FALSE;
  ys_store_bind_text(st, 1, doc->body);
  sqlite3_bind_int(st, 2, doc->fiscal_year);
  g_autoptr(GArray) ids = g_array_new(FALSE, FALSE, sizeof(gint64));
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    gint64 v = sqlite3_column_int64(st, 0);
    g_array_append_val(ids, v);
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE)
    return ys_store_fail(store, error, "finding the later documents");
  for (guint i = 0; i < ids->len; i++)
    if (!ys_store_cross_remake(store, rules, g_array_index(ids, gint64, i), NULL,
                               &added->later_cross_year, &added->later_mismatches, error))
      return FALSE;
  added->later_documents = ids->len;
  return TRUE;
}

static gboolean add_in_transaction(YsStore *store, const YsRules *rules, GVariant *doc,
                                   const YsStoreMaker *maker, YsStoreAdded *added, GError **error) {
  g_autoptr(YsRecordSet) set = ys_store_unpack_records(doc, error);
  if (set == NULL)
    return FALSE;
  gint64 id = insert_document(store, doc, maker, error);
  if (id == 0 || !insert_contents(store, id, doc, set, added, error))
    return FALSE;
  g_autoptr(YsStoreDocInfo) info = ys_store_doc_info(store, id, error);
  if (info == NULL)
    return FALSE;
  g_autofree char *base = g_path_get_basename(info->file_name);
  added->document_id = id;
  added->version = 1;
  added->fiscal_year = info->fiscal_year;
  added->body = g_strdup(info->body);
  added->budget_kind = g_strdup(info->budget_kind);
  return renumber_versions(store, info, base, added, error) &&
         ys_store_cross_remake(store, rules, id, set, &added->cross_year, &added->cross_mismatches,
                               error) &&
         remake_later(store, rules, info, added, error);
}

gboolean ys_store_add(YsStore *store, const YsRules *rules, GBytes *packed,
                      const YsStoreMaker *maker, YsStoreAdded *added, GError **error) {
  memset(added, 0, sizeof *added);
  g_autoptr(GVariant) doc = ys_store_unpack(packed, error);
  if (doc == NULL)
    return FALSE;
  const char *sha256, *source;
  g_variant_get_child(doc, YS_PACK_SHA256, "&s", &sha256);
  g_variant_get_child(doc, YS_PACK_SOURCE, "&s", &source);
  added->file_name = g_strdup(source);
  if (!ys_store_begin(store, error))
    return FALSE;
  gint64 existing = doc_by_sha(store, sha256, error);
  if (existing < 0) {
    ys_store_rollback(store);
    return FALSE;
  }
  if (existing > 0) {
    ys_store_rollback(store); /* nothing was written */
    added->already = TRUE;
    added->document_id = existing;
    return TRUE;
  }
  if (!add_in_transaction(store, rules, doc, maker, added, error)) {
    ys_store_rollback(store);
    g_prefix_error(error, "%s: not stored (the store is as it was): ", source);
    return FALSE;
  }
  return ys_store_commit(store, error);
}
