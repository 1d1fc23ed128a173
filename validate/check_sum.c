/* validate — the sum check: a parent figure against its breakdown or outline children of the
 * same fiscal year and kind (intervals add). Portions (内数), approximations, maxima and
 * per-item figures are never added. A parent is checked when it has two or more such children,
 * or one child that is an explicit breakdown label ((厚334): equality within rounding), or one
 * child of a parent whose parts are complete by construction (parts_complete: the rows of a
 * 款/項/目/節 table, 款 議会費 = 項 議会費). A lone outline child under a slide headline is not
 * checked: the outline may list only some of the parts; nor is a parent whose parts the reader
 * knows were not all read (parts_partial: a page cut from a book ends inside its block). Breakdown
 * children (with a group label) and outline children are summed apart when a parent has both.
 *
 * Children printed in another year or kind than their parent (a prior-year column linked to the
 * current-year heading) are checked against the parent item's own figure for that year and kind,
 * when that figure exists near the parent and has no children of that year and kind itself. */
#include "validate/check_private.h"
#include "validate/format.h"

static void judge_sum(YsCheckCtx *ctx, const YsRecord *parent, GPtrArray *children,
                      gboolean complete);

typedef struct {
  int year;
  YsBudgetKind kind;
} YearKind;

static gboolean child_eligible(const YsRecord *parent, const YsRecord *child) {
  return child->role == parent->role && child->qualifier == YS_QUAL_NONE &&
         ys_ctx_same_currency(parent, child);
}

/* The eligible children of PARENT (from KIDS) printed for YEAR/KIND, in document order. */
static GPtrArray *select_children(const YsRecord *parent, GPtrArray *kids, int year,
                                  YsBudgetKind kind) {
  GPtrArray *out = g_ptr_array_new();
  if (kids == NULL)
    return out;
  for (guint i = 0; i < kids->len; i++) {
    const YsRecord *c = g_ptr_array_index(kids, i);
    if (child_eligible(parent, c) && ys_ctx_year_key(c) == year && c->kind == kind)
      g_ptr_array_add(out, (gpointer)c);
  }
  return out;
}

/* Which split of its parent a child is in: its level (節, 説明, a 財源 breakdown, …), else
 * whether it is a labelled breakdown or an outline child. */
static int split_of(const YsRecord *c) {
  if (c->level != YS_LEVEL_NONE)
    return (int)c->level;
  return c->group != NULL ? -1 : -2;
}

/* A parent may be split several ways: a breakdown (<AMED 308億円、インハウス 46億円>) and outline
 * children; its 節, its 説明 and its 財源内訳. Each is a complete split of it on its own, so they
 * are summed apart. COMPLETE: the children's own parent has parts_complete (PARENT may be its
 * figure for another year); a labelled breakdown is complete whatever its parent says. */
static void judge_splits(YsCheckCtx *ctx, const YsRecord *parent, GPtrArray *children,
                         gboolean complete) {
  g_autoptr(GArray) splits = g_array_new(FALSE, FALSE, sizeof(int));
  for (guint i = 0; i < children->len; i++) {
    int sp = split_of(g_ptr_array_index(children, i)), seen = FALSE;
    for (guint j = 0; j < splits->len && !seen; j++)
      seen = g_array_index(splits, int, j) == sp;
    if (!seen)
      g_array_append_val(splits, sp);
  }
  for (guint j = 0; j < splits->len; j++) {
    int sp = g_array_index(splits, int, j);
    g_autoptr(GPtrArray) part = g_ptr_array_new();
    gboolean labelled = FALSE;
    for (guint i = 0; i < children->len; i++) {
      const YsRecord *c = g_ptr_array_index(children, i);
      if (split_of(c) == sp) {
        g_ptr_array_add(part, (gpointer)c);
        labelled |= c->group != NULL;
      }
    }
    judge_sum(ctx, parent, part, complete || sp == -1 || (sp == YS_LEVEL_BREAKDOWN && labelled));
  }
}

/* COMPLETE: the children are all of the parent's parts, so even a lone one must equal it. */
static void judge_sum(YsCheckCtx *ctx, const YsRecord *parent, GPtrArray *children,
                      gboolean complete) {
  gint64 unit_yen = ys_ctx_unit_yen(parent);
  ys_wide total = 0;
  YsInterval computed = ys_interval_point(0);
  int decimals = 0;
  g_autoptr(GString) expr = g_string_new(NULL);

  if (children->len == 0 || (children->len == 1 && !complete))
    return;
  g_autoptr(GPtrArray) ops = g_ptr_array_copy(children, NULL, NULL);
  g_ptr_array_add(ops, (gpointer)parent);
  ys_ctx_precision(ctx, (const YsRecord *const *)ops->pdata, ops->len);
  for (guint i = 0; i < children->len; i++) {
    const YsRecord *c = g_ptr_array_index(children, i);
    int dec = ys_ctx_decimals(c, unit_yen);
    total += c->amount_yen;
    computed = ys_interval_add(computed, ys_ctx_interval(ctx, c));
    if (dec > decimals)
      decimals = dec;
    if (i > 0)
      g_string_append_c(expr, c->amount_yen < 0 ? '-' : '+');
    ys_fmt_fixed(expr, i > 0 && c->amount_yen < 0 ? -(ys_wide)c->amount_yen : c->amount_yen,
                 unit_yen, dec, FALSE);
  }
  ys_ctx_judge_yen(ctx, YS_CHECK_SUM, parent, (const YsRecord *const *)children->pdata,
                   children->len, total, computed, expr->str, decimals, NULL);
}

void ys_check_sums(YsCheckCtx *ctx) {
  GPtrArray *records = ctx->set->records;
  guint n = records->len;
  GPtrArray **kids = g_new0(GPtrArray *, n + 1);

  for (guint i = 0; i < n; i++) {
    const YsRecord *r = g_ptr_array_index(records, i);
    if (r->parent_id == 0 || r->parent_id > n || r->parent_id == r->id)
      continue;
    if (kids[r->parent_id] == NULL)
      kids[r->parent_id] = g_ptr_array_new();
    g_ptr_array_add(kids[r->parent_id], (gpointer)r);
  }

  for (guint id = 1; id <= n; id++) {
    const YsRecord *parent = ys_ctx_record(ctx, id);
    g_autoptr(GArray) groups = NULL;

    if (kids[id] == NULL || parent->role == YS_ROLE_RATE || parent->qualifier != YS_QUAL_NONE ||
        parent->parts_partial)
      continue;
    /* the (year, kind) pairs the eligible children were printed for, first seen first */
    groups = g_array_new(FALSE, FALSE, sizeof(YearKind));
    for (guint i = 0; i < kids[id]->len; i++) {
      const YsRecord *c = g_ptr_array_index(kids[id], i);
      gboolean seen = FALSE;
      if (!child_eligible(parent, c))
        continue;
      for (guint g = 0; g < groups->len && !seen; g++) {
        YearKind yk = g_array_index(groups, YearKind, g);
        seen = yk.year == ys_ctx_year_key(c) && yk.kind == c->kind;
      }
      if (!seen) {
        YearKind yk = {ys_ctx_year_key(c), c->kind};
        g_array_append_val(groups, yk);
      }
    }
    for (guint g = 0; g < groups->len; g++) {
      YearKind yk = g_array_index(groups, YearKind, g);
      const YsRecord *stated = parent;
      g_autoptr(GPtrArray) children = select_children(parent, kids[id], yk.year, yk.kind);

      if (yk.year != ys_ctx_year_key(parent) || yk.kind != parent->kind) {
        const YsRecord *other;
        g_autoptr(GPtrArray) own = NULL;
        if (parent->role != YS_ROLE_AMOUNT)
          continue;
        other = ys_ctx_find_amount(ctx, parent->item, yk.year, yk.kind, YS_QUAL_NONE, parent);
        if (other == NULL || other->page != parent->page)
          continue;
        own = select_children(other, kids[other->id], yk.year, yk.kind);
        if (own->len > 0)
          continue; /* checked as a parent in its own right */
        stated = other;
      }
      judge_splits(ctx, stated, children, parent->parts_complete);
    }
  }

  for (guint i = 0; i <= n; i++) {
    if (kids[i] != NULL)
      g_ptr_array_unref(kids[i]);
  }
  g_free(kids);
}
