/* store — `yosan history`: one item's figures year by year. For each year, the figure the
 * current documents of that year print for their own year (initial, and supplementary where
 * some year has one); failing that, the figure a later document prints for it (前年度); failing
 * that, a row that says the item is missing in that year. Items match as across years
 * (ys_store_match_key): the name given may be the whole path or its last part. */
#include "store/store_private.h"

#include <string.h>

void ys_store_history_row_free(YsStoreHistoryRow *row) {
  if (row == NULL)
    return;
  g_free(row->body);
  g_free(row->unit);
  g_free(row->item);
  g_free(row->source);
  g_free(row);
}

/* KEY itself, or a glob when it holds * or ? (`*BINDS*`). */
static gboolean key_matches(const char *key, const char *candidate) {
  if (strpbrk(key, "*?") != NULL)
    return g_pattern_match_simple(key, candidate);
  return strcmp(key, candidate) == 0;
}

static gboolean name_matches(const YsRules *rules, const char *key, const char *item,
                             const char *path) {
  g_autofree char *item_key = ys_store_match_key(rules, item);
  if (key_matches(key, item_key))
    return TRUE;
  if (path == NULL || path[0] == '\0')
    return FALSE;
  g_autofree char *path_key = ys_store_match_key(rules, path);
  const char *last = strrchr(path_key, '/');
  return key_matches(key, path_key) || (last != NULL && key_matches(key, last + 1));
}

/* A figure found for the item: which year's document printed it. */
typedef struct {
  YsStoreHistoryRow *row;
  int doc_year;
} Figure;

static void figure_free(Figure *f) {
  ys_store_history_row_free(f->row);
  g_free(f);
}

static Figure *figure_from_row(sqlite3_stmt *st) {
  Figure *f = g_new0(Figure, 1);
  YsStoreHistoryRow *r = f->row = g_new0(YsStoreHistoryRow, 1);
  r->body = ys_store_col_dup(st, 0);
  f->doc_year = sqlite3_column_int(st, 1);
  r->document_id = sqlite3_column_int64(st, 2);
  r->source = ys_store_col_dup(st, 3);
  r->page = sqlite3_column_int(st, 4);
  r->item = ys_store_col_dup(st, 5);
  r->fiscal_year = sqlite3_column_int(st, 7);
  r->kind = ys_store_kind_value(ys_store_col_text(st, 8));
  r->amount_yen = sqlite3_column_int64(st, 9);
  r->unit = ys_store_col_dup(st, 10);
  r->unit_yen = sqlite3_column_int64(st, 11);
  r->rounding_unit_yen = sqlite3_column_int64(st, 12);
  r->found = TRUE;
  return f;
}

static gboolean matching_figures(YsStore *store, const YsRules *rules, const char *key,
                                 const char *body, GPtrArray *figures, GError **error) {
  sqlite3_stmt *st = ys_store_stmt(store, "history_figures", error);
  if (st == NULL)
    return FALSE;
  ys_store_bind_text(st, 1, body);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    if (name_matches(rules, key, ys_store_col_text(st, 5), ys_store_col_text(st, 6)))
      g_ptr_array_add(figures, figure_from_row(st));
  sqlite3_reset(st);
  return rc == SQLITE_DONE || ys_store_fail(store, error, "reading figures");
}

static gint compare_int(gconstpointer a, gconstpointer b) {
  int x = *(const int *)a, y = *(const int *)b;
  return x < y ? -1 : x > y;
}

/* The years of BODY: those of its documents and those its figures are for. */
static gboolean body_years(YsStore *store, const char *body, const GPtrArray *figures,
                           GArray *years, GError **error) {
  g_autoptr(GHashTable) seen = g_hash_table_new(g_direct_hash, g_direct_equal);
  sqlite3_stmt *st = ys_store_stmt(store, "history_years", error);
  if (st == NULL)
    return FALSE;
  ys_store_bind_text(st, 1, body);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    g_hash_table_add(seen, GINT_TO_POINTER(sqlite3_column_int(st, 1)));
  sqlite3_reset(st);
  if (rc != SQLITE_DONE)
    return ys_store_fail(store, error, "reading the years");
  for (guint i = 0; i < figures->len; i++) {
    const Figure *f = g_ptr_array_index(figures, i);
    if (strcmp(f->row->body, body) == 0)
      g_hash_table_add(seen, GINT_TO_POINTER(f->row->fiscal_year));
  }
  GHashTableIter it;
  gpointer year;
  g_hash_table_iter_init(&it, seen);
  while (g_hash_table_iter_next(&it, &year, NULL)) {
    int y = GPOINTER_TO_INT(year);
    g_array_append_val(years, y);
  }
  g_array_sort(years, compare_int);
  return TRUE;
}

/* The figure for YEAR and KIND: its own year's document first, then a later one's. */
static const Figure *best_figure(const GPtrArray *figures, const char *body, int year,
                                 YsBudgetKind kind) {
  const Figure *later = NULL;
  for (guint i = 0; i < figures->len; i++) {
    const Figure *f = g_ptr_array_index(figures, i);
    if (f->row->fiscal_year != year || f->row->kind != kind || strcmp(f->row->body, body) != 0)
      continue;
    if (f->doc_year == year)
      return f;
    if (later == NULL && f->doc_year > year)
      later = f;
  }
  return later;
}

static YsStoreHistoryRow *row_for(const Figure *f, const char *body, int year, YsBudgetKind kind,
                                  const char *item) {
  YsStoreHistoryRow *r = g_new0(YsStoreHistoryRow, 1);
  if (f != NULL) {
    *r = *f->row;
    r->body = g_strdup(f->row->body);
    r->unit = g_strdup(f->row->unit);
    r->item = g_strdup(f->row->item);
    r->source = g_strdup(f->row->source);
    r->from_later = f->doc_year != year;
    return r;
  }
  r->body = g_strdup(body);
  r->fiscal_year = year;
  r->kind = kind;
  r->item = g_strdup(item);
  return r;
}

gboolean ys_store_history(YsStore *store, const YsRules *rules, const char *item, const char *body,
                          GPtrArray **rows, GError **error) {
  *rows = NULL;
  g_autofree char *key = ys_store_match_key(rules, item);
  g_autoptr(GPtrArray) figures = g_ptr_array_new_with_free_func((GDestroyNotify)figure_free);
  if (!matching_figures(store, rules, key, body, figures, error))
    return FALSE;
  g_autoptr(GPtrArray) bodies = g_ptr_array_new(); /* in order of first figure */
  for (guint i = 0; i < figures->len; i++) {
    const Figure *f = g_ptr_array_index(figures, i);
    gboolean seen = FALSE;
    for (guint b = 0; b < bodies->len && !seen; b++)
      seen = strcmp(g_ptr_array_index(bodies, b), f->row->body) == 0;
    if (!seen)
      g_ptr_array_add(bodies, f->row->body);
  }
  GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)ys_store_history_row_free);
  for (guint b = 0; b < bodies->len; b++) {
    const char *name = g_ptr_array_index(bodies, b);
    g_autoptr(GArray) years = g_array_new(FALSE, FALSE, sizeof(int));
    if (!body_years(store, name, figures, years, error)) {
      g_ptr_array_unref(out);
      return FALSE;
    }
    gboolean any_supplementary = FALSE;
    for (guint i = 0; i < figures->len; i++) {
      const Figure *f = g_ptr_array_index(figures, i);
      any_supplementary |= f->row->kind == YS_KIND_SUPPLEMENTARY && strcmp(f->row->body, name) == 0;
    }
    for (guint y = 0; y < years->len; y++) {
      int year = g_array_index(years, int, y);
      g_ptr_array_add(out, row_for(best_figure(figures, name, year, YS_KIND_INITIAL), name, year,
                                   YS_KIND_INITIAL, item));
      if (any_supplementary)
        g_ptr_array_add(out, row_for(best_figure(figures, name, year, YS_KIND_SUPPLEMENTARY), name,
                                     year, YS_KIND_SUPPLEMENTARY, item));
    }
  }
  *rows = out;
  return TRUE;
}
