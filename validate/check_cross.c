/* validate — the cross-year check of one figure: what a document prints for an earlier year
 * (前年度予算額 850億円) against the same item's figure in the earlier year's own document. The
 * caller (store/) finds the pair; this file only judges it, with the same interval arithmetic
 * as the checks inside a document, each side read with its own document's declared rounding. */
#include "validate/check_private.h"
#include "validate/format.h"

YsFinding *ys_check_cross_year(const YsRecordSet *stated_set, const YsRecord *stated,
                               const YsRecordSet *earlier_set, const YsRecord *earlier,
                               const char *where) {
  YsCheckCtx ctx = {0};
  ctx.set = stated_set;
  ctx.mode = stated_set->rounding;
  ctx.findings = g_ptr_array_new_with_free_func((GDestroyNotify)ys_finding_free);
  const YsRecord *ops[] = {stated, earlier};
  ys_ctx_precision(&ctx, ops, G_N_ELEMENTS(ops));
  YsInterval computed = ys_record_interval(&ctx, earlier, earlier_set->rounding);
  g_autoptr(GString) note = g_string_new(NULL);
  if (where != NULL)
    g_string_append_printf(note, "(%s)", where);
  if (earlier_set->rounding == YS_ROUND_UNKNOWN)
    g_string_append(note, note->len > 0 ? " [earlier document: no rounding note; taken as printed]"
                                        : "[earlier document: no rounding note; taken as printed]");
  ys_ctx_judge_yen(&ctx, YS_CHECK_CROSS_YEAR, stated, &earlier, 1, earlier->amount_yen, computed,
                   NULL, ys_ctx_decimals(earlier, ys_ctx_unit_yen(stated)),
                   note->len > 0 ? note->str : NULL);
  YsFinding *f = ctx.findings->len > 0 ? g_ptr_array_steal_index(ctx.findings, 0) : NULL;
  g_ptr_array_unref(ctx.findings);
  return f;
}
