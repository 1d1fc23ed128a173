/* rules — the record set the reader hands out: allocation, lookup by id, release. */
#include "rules/rules_private.h"

YsRecord *ys_record_new(void) {
  YsRecord *r = g_new0(YsRecord, 1);
  r->kind = YS_KIND_INITIAL;
  r->base_kind = YS_KIND_INITIAL;
  return r;
}

void ys_record_free(YsRecord *r) {
  if (!r)
    return;
  g_free(r->source);
  g_free(r->item);
  g_free(r->unit);
  g_free(r->currency);
  g_free(r->text);
  g_free(r->line_text);
  g_free(r->group);
  g_free(r);
}

void ys_record_set_free(YsRecordSet *set) {
  if (!set)
    return;
  g_free(set->source);
  g_free(set->rounding_text);
  if (set->records)
    g_ptr_array_unref(set->records);
  g_free(set);
}

const YsRecord *ys_record_set_get(const YsRecordSet *set, guint id) {
  if (!set || !set->records || id == 0 || id > set->records->len)
    return NULL;
  return g_ptr_array_index(set->records, id - 1);
}
