/* rules — the record set the reader hands out: its store (records in blocks, strings in one
 * chunk, all freed at once), lookup by id, release. */
#include "rules/rules_private.h"

#define RECORDS_PER_BLOCK 1024u

struct YsRecordStore {
  GStringChunk *strings;
  GPtrArray *blocks; /* YsRecord[RECORDS_PER_BLOCK] each, g_free'd */
  guint used;        /* records taken from the last block */
};

YsRecordSet *ys_record_set_new_stored(const char *source) {
  YsRecordSet *set = g_new0(YsRecordSet, 1);
  set->source = g_strdup(source ? source : "");
  set->records = g_ptr_array_new(); /* the store frees them */
  set->store = g_new0(struct YsRecordStore, 1);
  set->store->strings = g_string_chunk_new(64 * 1024);
  set->store->blocks = g_ptr_array_new_with_free_func(g_free);
  set->store->used = RECORDS_PER_BLOCK;
  return set;
}

YsRecord *ys_record_set_add(YsRecordSet *set) {
  struct YsRecordStore *st = set->store;
  if (st->used == RECORDS_PER_BLOCK) {
    g_ptr_array_add(st->blocks, g_new0(YsRecord, RECORDS_PER_BLOCK));
    st->used = 0;
  }
  YsRecord *r = (YsRecord *)g_ptr_array_index(st->blocks, st->blocks->len - 1) + st->used++;
  r->id = set->records->len + 1;
  r->kind = YS_KIND_INITIAL;
  r->base_kind = YS_KIND_INITIAL;
  g_ptr_array_add(set->records, r);
  return r;
}

char *ys_record_set_keep(YsRecordSet *set, const char *text, gsize len) {
  return g_string_chunk_insert_len(set->store->strings, text, (gssize)len);
}

char *ys_record_set_keep_str(YsRecordSet *set, const char *text) {
  return g_string_chunk_insert(set->store->strings, text);
}

char *ys_record_set_keep_shared(YsRecordSet *set, const char *text) {
  return g_string_chunk_insert_const(set->store->strings, text);
}

char *ys_record_set_keep_joined(YsRecordSet *set, const char *a, const char *b) {
  g_autofree char *joined = g_strconcat(a, "/", b, NULL);
  return g_string_chunk_insert(set->store->strings, joined);
}

void ys_record_set_free(YsRecordSet *set) {
  if (!set)
    return;
  g_free(set->source);
  g_free(set->rounding_text);
  if (set->records)
    g_ptr_array_unref(set->records);
  if (set->store) {
    g_string_chunk_free(set->store->strings);
    g_ptr_array_unref(set->store->blocks);
    g_free(set->store);
  }
  g_free(set);
}

const YsRecord *ys_record_set_get(const YsRecordSet *set, guint id) {
  if (!set || !set->records || id == 0 || id > set->records->len)
    return NULL;
  return g_ptr_array_index(set->records, id - 1);
}
