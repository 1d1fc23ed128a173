/* validate — the duplicate check: the same item — the same place in the outline (its path) where
 * the reader knows it — fiscal year and kind printed again (another page or line) must agree with
 * its first printing within both precisions (59億円 and 59.4億円 agree; 43 and 45 do not). One
 * finding per later printing, stated = the later one, computed = the first. Only plain budget
 * amounts count: no qualifier, a known year, not kind "other". The balance check is its twin for
 * two names of one figure: a record the reader marked equal to another (歳出合計 to 歳入合計). */
#include "validate/check_private.h"
#include "validate/format.h"

static gboolean eligible(const YsRecord *r) {
  return r->role == YS_ROLE_AMOUNT && r->qualifier == YS_QUAL_NONE && ys_ctx_year_key(r) != 0 &&
         r->kind != YS_KIND_OTHER && r->item != NULL && r->item[0] != '\0';
}

/* A is a part (of a part …) of B: a 目 named like its 項 (固定資産税) is no second printing. */
static gboolean part_of(YsCheckCtx *ctx, const YsRecord *a, const YsRecord *b) {
  for (int depth = 0; a && a->parent_id && depth < 64; depth++) {
    if (a->parent_id == b->id)
      return TRUE;
    a = ys_ctx_record(ctx, a->parent_id);
  }
  return FALSE;
}

void ys_check_duplicates(YsCheckCtx *ctx) {
  GHashTableIter it;
  gpointer value;

  g_hash_table_iter_init(&it, ctx->printed);
  while (g_hash_table_iter_next(&it, NULL, &value)) {
    GPtrArray *list = value;
    const YsRecord *first = NULL;
    for (guint i = 0; i < list->len; i++) {
      const YsRecord *r = g_ptr_array_index(list, i);
      g_autofree char *where = NULL;
      if (!eligible(r))
        continue;
      if (first == NULL) {
        first = r;
        continue;
      }
      if (!ys_ctx_same_currency(first, r) || (r->page == first->page && r->line == first->line) ||
          part_of(ctx, r, first) || part_of(ctx, first, r))
        continue;
      where = g_strdup_printf("(p.%d)", first->page);
      const YsRecord *ops[] = {r, first};
      ys_ctx_precision(ctx, ops, G_N_ELEMENTS(ops));
      ys_ctx_judge_yen(ctx, YS_CHECK_DUPLICATE, r, &first, 1, first->amount_yen,
                       ys_ctx_interval(ctx, first), NULL,
                       ys_ctx_decimals(first, ys_ctx_unit_yen(r)), where);
    }
  }
}

void ys_check_balances(YsCheckCtx *ctx) {
  for (guint i = 0; i < ctx->set->records->len; i++) {
    const YsRecord *r = g_ptr_array_index(ctx->set->records, i);
    const YsRecord *other = r->equals_id ? ys_ctx_record(ctx, r->equals_id) : NULL;
    if (other == NULL || !ys_ctx_same_currency(other, r))
      continue;
    g_autofree char *where = g_strdup_printf("(%s p.%d)", other->item, other->page);
    const YsRecord *ops[] = {r, other};
    ys_ctx_precision(ctx, ops, G_N_ELEMENTS(ops));
    ys_ctx_judge_yen(ctx, YS_CHECK_BALANCE, r, &other, 1, other->amount_yen,
                     ys_ctx_interval(ctx, other), NULL, ys_ctx_decimals(other, ys_ctx_unit_yen(r)),
                     where);
  }
}
