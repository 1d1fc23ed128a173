/* store — the columns of a packed document. A document's lines and records travel from the
 * reader process to the writer column by column: each number column one GVariant array of a
 * fixed-size type, each string column one byte array of NUL-terminated strings with an array of
 * their offsets (-1 for none). The writer reads them in place (g_variant_get_fixed_array), with
 * no allocation per value: a tuple per record cost more than storing it. Layout of the whole
 * document: store_private.h. Input is not trusted: a column of the wrong length, or a string
 * offset outside its bytes, makes the document damaged, never a read out of bounds. */
#include "store/store_private.h"

#include <string.h>

/* ---- writing -------------------------------------------------------------------------- */

typedef struct {
  GString *bytes;
  GArray *at; /* gint32 */
} StrColumn;

static void strcol_init(StrColumn *c) {
  c->bytes = g_string_new(NULL);
  c->at = g_array_new(FALSE, FALSE, sizeof(gint32));
}

static void strcol_add(StrColumn *c, const char *s) {
  gint32 at = s ? (gint32)c->bytes->len : -1;
  g_array_append_val(c->at, at);
  if (s != NULL)
    g_string_append_len(c->bytes, s, (gssize)strlen(s) + 1);
}

static GVariant *fixed_column(const GVariantType *type, GArray *values, gsize size) {
  return g_variant_new_fixed_array(type, values->data, values->len, size);
}

/* The strings' bytes then their offsets; frees the column. */
static void strcol_end(StrColumn *c, GVariantBuilder *b) {
  g_variant_builder_add_value(
      b, g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, c->bytes->str, c->bytes->len, 1));
  g_variant_builder_add_value(b, fixed_column(G_VARIANT_TYPE_INT32, c->at, sizeof(gint32)));
  g_string_free(c->bytes, TRUE);
  g_array_unref(c->at);
}

struct YsPackLines {
  GArray *page, *line, *x0, *y0, *x1, *y1, *cells, *cells_at;
  StrColumn text;
};

YsPackLines *ys_pack_lines_new(void) {
  YsPackLines *p = g_new0(YsPackLines, 1);
  p->page = g_array_new(FALSE, FALSE, sizeof(gint32));
  p->line = g_array_new(FALSE, FALSE, sizeof(gint32));
  p->x0 = g_array_new(FALSE, FALSE, sizeof(double));
  p->y0 = g_array_new(FALSE, FALSE, sizeof(double));
  p->x1 = g_array_new(FALSE, FALSE, sizeof(double));
  p->y1 = g_array_new(FALSE, FALSE, sizeof(double));
  p->cells = g_array_new(FALSE, FALSE, sizeof(double));
  p->cells_at = g_array_new(FALSE, FALSE, sizeof(gint32));
  strcol_init(&p->text);
  return p;
}

void ys_pack_lines_add(YsPackLines *p, int page, int line, const double box[4], const char *text,
                       const double *cells, gsize n_cells) {
  gint32 pg = page, ln = line, at = (gint32)p->cells->len;
  g_array_append_val(p->page, pg);
  g_array_append_val(p->line, ln);
  g_array_append_val(p->x0, box[0]);
  g_array_append_val(p->y0, box[1]);
  g_array_append_val(p->x1, box[2]);
  g_array_append_val(p->y1, box[3]);
  g_array_append_val(p->cells_at, at);
  g_array_append_vals(p->cells, cells, (guint)(2 * n_cells));
  strcol_add(&p->text, text);
}

void ys_pack_lines_free(YsPackLines *p) {
  if (p == NULL)
    return;
  GArray *arrays[] = {p->page, p->line, p->x0, p->y0, p->x1, p->y1, p->cells, p->cells_at};
  for (guint i = 0; i < G_N_ELEMENTS(arrays); i++)
    g_array_unref(arrays[i]);
  if (p->text.bytes)
    g_string_free(p->text.bytes, TRUE);
  if (p->text.at)
    g_array_unref(p->text.at);
  g_free(p);
}

GVariant *ys_pack_lines_end(YsPackLines *p) {
  GVariantBuilder b;
  g_variant_builder_init(&b, G_VARIANT_TYPE(YS_STORE_LINES_T));
  g_variant_builder_add_value(&b, fixed_column(G_VARIANT_TYPE_INT32, p->page, sizeof(gint32)));
  g_variant_builder_add_value(&b, fixed_column(G_VARIANT_TYPE_INT32, p->line, sizeof(gint32)));
  GArray *box[] = {p->x0, p->y0, p->x1, p->y1};
  for (guint i = 0; i < 4; i++)
    g_variant_builder_add_value(&b, fixed_column(G_VARIANT_TYPE_DOUBLE, box[i], sizeof(double)));
  strcol_end(&p->text, &b);
  p->text.bytes = NULL;
  p->text.at = NULL;
  g_variant_builder_add_value(&b, fixed_column(G_VARIANT_TYPE_DOUBLE, p->cells, sizeof(double)));
  g_variant_builder_add_value(&b, fixed_column(G_VARIANT_TYPE_INT32, p->cells_at, sizeof(gint32)));
  ys_pack_lines_free(p);
  return g_variant_builder_end(&b);
}

/* Record columns, in YS_STORE_RECORDS_T's order. */
enum { U_ID, U_PARENT, U_COUNT };
enum { I_PAGE, I_LINE, I_YEAR, I_RATE_DECIMALS, I_BASE_YEAR, I_COUNT };
enum { X_AMOUNT, X_UNIT_YEN, X_ROUNDING, X_RATE_SCALED, X_COUNT };
enum { Y_KIND, Y_ROLE, Y_QUALIFIER, Y_BASE_KIND, Y_LEVEL, Y_NEW, Y_COMPLETE, Y_BOX, Y_COUNT };
enum { S_ITEM, S_UNIT, S_CURRENCY, S_TEXT, S_GROUP, S_PATH, S_COUNT };
#define N_BOX 4
#define RECORD_COLUMNS (U_COUNT + I_COUNT + X_COUNT + Y_COUNT + N_BOX + 2 * S_COUNT)

GVariant *ys_pack_records(const YsRecordSet *set) {
  guint n = set ? set->records->len : 0;
  GArray *u[U_COUNT], *i32[I_COUNT], *x[X_COUNT], *y[Y_COUNT], *d[N_BOX];
  StrColumn s[S_COUNT];
  for (int k = 0; k < U_COUNT; k++)
    u[k] = g_array_sized_new(FALSE, FALSE, sizeof(guint32), n);
  for (int k = 0; k < I_COUNT; k++)
    i32[k] = g_array_sized_new(FALSE, FALSE, sizeof(gint32), n);
  for (int k = 0; k < X_COUNT; k++)
    x[k] = g_array_sized_new(FALSE, FALSE, sizeof(gint64), n);
  for (int k = 0; k < Y_COUNT; k++)
    y[k] = g_array_sized_new(FALSE, FALSE, 1, n);
  for (int k = 0; k < N_BOX; k++)
    d[k] = g_array_sized_new(FALSE, FALSE, sizeof(double), n);
  for (int k = 0; k < S_COUNT; k++)
    strcol_init(&s[k]);
  for (guint i = 0; i < n; i++) {
    const YsRecord *r = g_ptr_array_index(set->records, i);
    guint32 uv[U_COUNT] = {r->id, r->parent_id};
    gint32 iv[I_COUNT] = {r->page, r->line, r->fiscal_year, r->rate_decimals, r->base_year};
    gint64 xv[X_COUNT] = {r->amount_yen, r->unit_yen, r->rounding_unit_yen, r->rate_scaled};
    guint8 yv[Y_COUNT] = {r->kind,  r->role,   r->qualifier,      r->base_kind,
                          r->level, r->is_new, r->parts_complete, r->has_box};
    double dv[N_BOX] = {r->x0, r->y0, r->x1, r->y1};
    const char *sv[S_COUNT] = {r->item, r->unit,  r->currency,
                               r->text, r->group, r->path ? r->path : ""};
    for (int k = 0; k < U_COUNT; k++)
      g_array_append_val(u[k], uv[k]);
    for (int k = 0; k < I_COUNT; k++)
      g_array_append_val(i32[k], iv[k]);
    for (int k = 0; k < X_COUNT; k++)
      g_array_append_val(x[k], xv[k]);
    for (int k = 0; k < Y_COUNT; k++)
      g_array_append_val(y[k], yv[k]);
    for (int k = 0; k < N_BOX; k++)
      g_array_append_val(d[k], dv[k]);
    for (int k = 0; k < S_COUNT; k++)
      strcol_add(&s[k], sv[k]);
  }
  GVariantBuilder b;
  g_variant_builder_init(&b, G_VARIANT_TYPE(YS_STORE_RECORDS_T));
  for (int k = 0; k < U_COUNT; k++)
    g_variant_builder_add_value(&b, fixed_column(G_VARIANT_TYPE_UINT32, u[k], sizeof(guint32)));
  for (int k = 0; k < I_COUNT; k++)
    g_variant_builder_add_value(&b, fixed_column(G_VARIANT_TYPE_INT32, i32[k], sizeof(gint32)));
  for (int k = 0; k < X_COUNT; k++)
    g_variant_builder_add_value(&b, fixed_column(G_VARIANT_TYPE_INT64, x[k], sizeof(gint64)));
  for (int k = 0; k < Y_COUNT; k++)
    g_variant_builder_add_value(&b, fixed_column(G_VARIANT_TYPE_BYTE, y[k], 1));
  for (int k = 0; k < N_BOX; k++)
    g_variant_builder_add_value(&b, fixed_column(G_VARIANT_TYPE_DOUBLE, d[k], sizeof(double)));
  for (int k = 0; k < S_COUNT; k++)
    strcol_end(&s[k], &b);
  for (int k = 0; k < U_COUNT; k++)
    g_array_unref(u[k]);
  for (int k = 0; k < I_COUNT; k++)
    g_array_unref(i32[k]);
  for (int k = 0; k < X_COUNT; k++)
    g_array_unref(x[k]);
  for (int k = 0; k < Y_COUNT; k++)
    g_array_unref(y[k]);
  for (int k = 0; k < N_BOX; k++)
    g_array_unref(d[k]);
  return g_variant_builder_end(&b);
}

/* ---- reading -------------------------------------------------------------------------- */

/* Column I of TUPLE in place: N values of SIZE bytes (its child kept alive in KEEP). */
static const void *column(GVariant *tuple, gsize i, gsize size, gsize *n, GPtrArray *keep) {
  GVariant *child = g_variant_get_child_value(tuple, i);
  g_ptr_array_add(keep, child);
  const void *data = g_variant_get_fixed_array(child, n, size);
  return data;
}

typedef struct {
  const char *bytes;
  gsize len;
  const gint32 *at;
} StrView;

/* A string column of N values at I (bytes) and I + 1 (offsets); FALSE when damaged. */
static gboolean str_view(GVariant *tuple, gsize i, gsize n, StrView *v, GPtrArray *keep) {
  gsize n_at = 0;
  v->bytes = column(tuple, i, 1, &v->len, keep);
  v->at = column(tuple, i + 1, sizeof(gint32), &n_at, keep);
  if (n_at != n || (v->len > 0 && v->bytes[v->len - 1] != '\0'))
    return FALSE;
  for (gsize k = 0; k < n; k++)
    if (v->at[k] < -1 || (v->at[k] >= 0 && (gsize)v->at[k] >= v->len))
      return FALSE;
  return TRUE;
}

static const char *str_at(const StrView *v, gsize k) {
  return v->at[k] < 0 ? NULL : v->bytes + v->at[k];
}

static gboolean damaged(GError **error, const char *what) {
  g_set_error(error, YS_STORE_ERROR, YS_STORE_ERROR_PACKED,
              "the reader process handed over a damaged document (its %s): this is a bug in "
              "yosan",
              what);
  return FALSE;
}

struct YsPackLinesView {
  GPtrArray *keep;
  gsize n, n_cells;
  const gint32 *page, *line, *cells_at;
  const double *box[4], *cells;
  StrView text;
};

void ys_pack_lines_view_free(YsPackLinesView *v) {
  if (v == NULL)
    return;
  g_ptr_array_unref(v->keep);
  g_free(v);
}

YsPackLinesView *ys_pack_lines_view(GVariant *lines, GError **error) {
  YsPackLinesView *v = g_new0(YsPackLinesView, 1);
  v->keep = g_ptr_array_new_with_free_func((GDestroyNotify)g_variant_unref);
  gsize n[8];
  v->page = column(lines, 0, sizeof(gint32), &v->n, v->keep);
  v->line = column(lines, 1, sizeof(gint32), &n[0], v->keep);
  for (int k = 0; k < 4; k++)
    v->box[k] = column(lines, 2 + k, sizeof(double), &n[1 + k], v->keep);
  gboolean ok = str_view(lines, 6, v->n, &v->text, v->keep);
  v->cells = column(lines, 8, sizeof(double), &v->n_cells, v->keep);
  v->cells_at = column(lines, 9, sizeof(gint32), &n[5], v->keep);
  for (int k = 0; k < 6; k++)
    ok = ok && n[k] == v->n;
  for (gsize k = 0; ok && k < v->n; k++)
    ok = v->cells_at[k] >= 0 && (gsize)v->cells_at[k] <= v->n_cells &&
         (k == 0 || v->cells_at[k] >= v->cells_at[k - 1]) && str_at(&v->text, k) != NULL;
  if (!ok) {
    ys_pack_lines_view_free(v);
    damaged(error, "lines");
    return NULL;
  }
  return v;
}

gsize ys_pack_lines_count(const YsPackLinesView *v) {
  return v->n;
}

void ys_pack_lines_get(const YsPackLinesView *v, gsize i, YsPackLine *out) {
  out->page = v->page[i];
  out->line = v->line[i];
  for (int k = 0; k < 4; k++)
    out->box[k] = v->box[k][i];
  out->text = str_at(&v->text, i);
  gsize end = i + 1 < v->n ? (gsize)v->cells_at[i + 1] : v->n_cells;
  out->cells = v->cells + v->cells_at[i];
  out->n_cells = (end - (gsize)v->cells_at[i]) / 2;
}

gboolean ys_pack_unpack_records(GVariant *records, YsRecordSet *set, GError **error) {
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func((GDestroyNotify)g_variant_unref);
  const guint32 *u[U_COUNT];
  const gint32 *i32[I_COUNT];
  const gint64 *x[X_COUNT];
  const guint8 *y[Y_COUNT];
  const double *d[N_BOX];
  StrView s[S_COUNT];
  gsize n = 0, got = 0, col = 0;
  gboolean ok = TRUE;
  u[0] = column(records, col++, sizeof(guint32), &n, keep);
  for (int k = 1; k < U_COUNT; k++, ok = ok && got == n)
    u[k] = column(records, col++, sizeof(guint32), &got, keep);
  for (int k = 0; k < I_COUNT; k++, ok = ok && got == n)
    i32[k] = column(records, col++, sizeof(gint32), &got, keep);
  for (int k = 0; k < X_COUNT; k++, ok = ok && got == n)
    x[k] = column(records, col++, sizeof(gint64), &got, keep);
  for (int k = 0; k < Y_COUNT; k++, ok = ok && got == n)
    y[k] = column(records, col++, 1, &got, keep);
  for (int k = 0; k < N_BOX; k++, ok = ok && got == n)
    d[k] = column(records, col++, sizeof(double), &got, keep);
  for (int k = 0; k < S_COUNT; k++, col += 2)
    ok = ok && str_view(records, col, n, &s[k], keep);
  if (!ok)
    return damaged(error, "records");
  for (gsize i = 0; i < n; i++) {
    YsRecord *r = ys_record_new((guint)(i + 1)); /* a set's ids are its positions */
    r->parent_id = u[U_PARENT][i] <= n ? u[U_PARENT][i] : 0;
    r->page = i32[I_PAGE][i];
    r->line = i32[I_LINE][i];
    r->fiscal_year = i32[I_YEAR][i];
    r->rate_decimals = i32[I_RATE_DECIMALS][i];
    r->base_year = i32[I_BASE_YEAR][i];
    r->amount_yen = x[X_AMOUNT][i];
    r->unit_yen = x[X_UNIT_YEN][i];
    r->rounding_unit_yen = x[X_ROUNDING][i];
    r->rate_scaled = x[X_RATE_SCALED][i];
    r->kind = MIN(y[Y_KIND][i], YS_KIND_OTHER);
    r->role = MIN(y[Y_ROLE][i], YS_ROLE_RATE);
    r->qualifier = MIN(y[Y_QUALIFIER][i], YS_QUAL_PER);
    r->base_kind = MIN(y[Y_BASE_KIND][i], YS_KIND_OTHER);
    r->level = MIN(y[Y_LEVEL][i], YS_LEVEL_BREAKDOWN);
    r->is_new = y[Y_NEW][i] != 0;
    r->parts_complete = y[Y_COMPLETE][i] != 0;
    r->has_box = y[Y_BOX][i] != 0;
    r->x0 = d[0][i];
    r->y0 = d[1][i];
    r->x1 = d[2][i];
    r->y1 = d[3][i];
    r->item = g_strdup(str_at(&s[S_ITEM], i));
    r->unit = g_strdup(str_at(&s[S_UNIT], i));
    r->currency = g_strdup(str_at(&s[S_CURRENCY], i));
    r->text = g_strdup(str_at(&s[S_TEXT], i));
    r->group = g_strdup(str_at(&s[S_GROUP], i));
    const char *path = str_at(&s[S_PATH], i);
    r->path = g_strdup(path ? path : "");
    g_ptr_array_add(set->records, r);
  }
  return TRUE;
}

/* Finding columns, in YS_STORE_FINDINGS_T's order. */
enum { FY_CHECK, FY_STATUS, FY_KIND, FY_HAS_YEN, FY_COUNT };
enum { FI_PAGE, FI_LINE, FI_YEAR, FI_COUNT };
enum { FX_STATED, FX_COMPUTED, FX_DIFFERENCE, FX_TOLERANCE, FX_COUNT };
enum { FS_ITEM, FS_DETAIL, FS_TEXT, FS_PATH, FS_COUNT };

GVariant *ys_pack_findings(const GPtrArray *findings) {
  guint n = findings ? findings->len : 0;
  GArray *y[FY_COUNT], *i32[FI_COUNT], *x[FX_COUNT];
  GArray *ids = g_array_sized_new(FALSE, FALSE, sizeof(guint32), n);
  StrColumn s[FS_COUNT];
  for (int k = 0; k < FY_COUNT; k++)
    y[k] = g_array_sized_new(FALSE, FALSE, 1, n);
  for (int k = 0; k < FI_COUNT; k++)
    i32[k] = g_array_sized_new(FALSE, FALSE, sizeof(gint32), n);
  for (int k = 0; k < FX_COUNT; k++)
    x[k] = g_array_sized_new(FALSE, FALSE, sizeof(gint64), n);
  for (int k = 0; k < FS_COUNT; k++)
    strcol_init(&s[k]);
  for (guint i = 0; i < n; i++) {
    const YsFinding *f = g_ptr_array_index(findings, i);
    guint8 yv[FY_COUNT] = {f->check, f->status, f->kind, f->has_yen};
    gint32 iv[FI_COUNT] = {f->page, f->line, f->fiscal_year};
    gint64 xv[FX_COUNT] = {f->stated_yen, f->computed_yen, f->difference_yen, f->tolerance_yen};
    const char *sv[FS_COUNT] = {f->item, f->detail, f->text, f->path ? f->path : ""};
    guint32 id = f->record_id;
    for (int k = 0; k < FY_COUNT; k++)
      g_array_append_val(y[k], yv[k]);
    for (int k = 0; k < FI_COUNT; k++)
      g_array_append_val(i32[k], iv[k]);
    for (int k = 0; k < FX_COUNT; k++)
      g_array_append_val(x[k], xv[k]);
    for (int k = 0; k < FS_COUNT; k++)
      strcol_add(&s[k], sv[k]);
    g_array_append_val(ids, id);
  }
  GVariantBuilder b;
  g_variant_builder_init(&b, G_VARIANT_TYPE(YS_STORE_FINDINGS_T));
  for (int k = 0; k < FY_COUNT; k++) {
    g_variant_builder_add_value(&b, fixed_column(G_VARIANT_TYPE_BYTE, y[k], 1));
    g_array_unref(y[k]);
  }
  for (int k = 0; k < FI_COUNT; k++) {
    g_variant_builder_add_value(&b, fixed_column(G_VARIANT_TYPE_INT32, i32[k], sizeof(gint32)));
    g_array_unref(i32[k]);
  }
  for (int k = 0; k < FX_COUNT; k++) {
    g_variant_builder_add_value(&b, fixed_column(G_VARIANT_TYPE_INT64, x[k], sizeof(gint64)));
    g_array_unref(x[k]);
  }
  g_variant_builder_add_value(&b, fixed_column(G_VARIANT_TYPE_UINT32, ids, sizeof(guint32)));
  g_array_unref(ids);
  for (int k = 0; k < FS_COUNT; k++)
    strcol_end(&s[k], &b);
  return g_variant_builder_end(&b);
}

gboolean ys_pack_unpack_findings(GVariant *findings, const char *source, GPtrArray *out,
                                 GError **error) {
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func((GDestroyNotify)g_variant_unref);
  const guint8 *y[FY_COUNT];
  const gint32 *i32[FI_COUNT];
  const gint64 *x[FX_COUNT];
  StrView s[FS_COUNT];
  gsize n = 0, got = 0, col = 0;
  gboolean ok = TRUE;
  y[0] = column(findings, col++, 1, &n, keep);
  for (int k = 1; k < FY_COUNT; k++, ok = ok && got == n)
    y[k] = column(findings, col++, 1, &got, keep);
  for (int k = 0; k < FI_COUNT; k++, ok = ok && got == n)
    i32[k] = column(findings, col++, sizeof(gint32), &got, keep);
  for (int k = 0; k < FX_COUNT; k++, ok = ok && got == n)
    x[k] = column(findings, col++, sizeof(gint64), &got, keep);
  const guint32 *ids = column(findings, col++, sizeof(guint32), &got, keep);
  ok = ok && got == n;
  for (int k = 0; k < FS_COUNT; k++, col += 2)
    ok = ok && str_view(findings, col, n, &s[k], keep);
  if (!ok)
    return damaged(error, "findings");
  for (gsize i = 0; i < n; i++) {
    YsFinding *f = g_new0(YsFinding, 1);
    f->check = MIN(y[FY_CHECK][i], YS_CHECK_CROSS_YEAR);
    f->status = MIN(y[FY_STATUS][i], YS_STATUS_MISMATCH);
    f->kind = MIN(y[FY_KIND][i], YS_KIND_OTHER);
    f->has_yen = y[FY_HAS_YEN][i] != 0;
    f->page = i32[FI_PAGE][i];
    f->line = i32[FI_LINE][i];
    f->fiscal_year = i32[FI_YEAR][i];
    f->stated_yen = x[FX_STATED][i];
    f->computed_yen = x[FX_COMPUTED][i];
    f->difference_yen = x[FX_DIFFERENCE][i];
    f->tolerance_yen = x[FX_TOLERANCE][i];
    f->record_id = ids[i];
    f->source = g_strdup(source);
    f->item = g_strdup(str_at(&s[FS_ITEM], i));
    f->detail = g_strdup(str_at(&s[FS_DETAIL], i));
    f->text = g_strdup(str_at(&s[FS_TEXT], i));
    const char *path = str_at(&s[FS_PATH], i);
    f->path = g_strdup(path ? path : "");
    g_ptr_array_add(out, f);
  }
  return TRUE;
}
