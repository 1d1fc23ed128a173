/* rules — the record set the reader hands out: its store (records in blocks, their strings in
 * a GStringChunk, all freed at once), lookup by id, release.
 *
 * A 50 MB text makes 100 000 records of seven strings: tens of megabytes, in few allocations.
 * Records are taken RECORDS_PER_BLOCK at a time (their addresses stay put: the set's array and
 * the reader point at them); the strings go into a GStringChunk, whose insert_const shares a
 * text kept more than once (a line's text among its records). */
#include "rules/rules_private.h"

#define RECORDS_PER_BLOCK 256u
#define STRING_CHUNK ((gsize)64 * 1024)

struct YsRecordStore {
  GStringChunk *strings; /* every string of the set's records */
  GPtrArray *blocks;     /* YsRecord[RECORDS_PER_BLOCK] each (g_free) */
  GString *scratch;      /* ys_record_set_keep_joined builds its text here */
  guint block_used;      /* records taken from the last block */
};

YsRecordSet *ys_record_set_new_stored(const char *source) {
  YsRecordSet *set = g_new0(YsRecordSet, 1);
  set->source = g_strdup(source ? source : "");
  set->records = g_ptr_array_new(); /* the store frees them */
  set->store = g_new0(struct YsRecordStore, 1);
  set->store->strings = g_string_chunk_new(STRING_CHUNK);
  set->store->blocks = g_ptr_array_new_with_free_func(g_free);
  set->store->scratch = g_string_new(NULL);
  set->store->block_used = RECORDS_PER_BLOCK;
  return set;
}

YsRecord *ys_record_set_add(YsRecordSet *set) {
  struct YsRecordStore *st = set->store;
  if (st->block_used == RECORDS_PER_BLOCK) {
    g_ptr_array_add(st->blocks, g_new(YsRecord, RECORDS_PER_BLOCK));
    st->block_used = 0;
  }
  YsRecord *block = g_ptr_array_index(st->blocks, st->blocks->len - 1);
  YsRecord *r = &block[st->block_used++];
  memset(r, 0, sizeof *r);
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
  GString *s = set->store->scratch;
  g_string_assign(s, a);
  g_string_append_c(s, '/');
  g_string_append(s, b);
  return g_string_chunk_insert_len(set->store->strings, s->str, (gssize)s->len);
}

YsRecordSet *ys_record_set_new(const char *source) {
  YsRecordSet *set = g_new0(YsRecordSet, 1);
  set->source = g_strdup(source ? source : "");
  set->records = g_ptr_array_new_with_free_func((GDestroyNotify)ys_record_free);
  return set;
}

YsRecord *ys_record_new(guint id) {
  YsRecord *r = g_new0(YsRecord, 1);
  r->id = id;
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
  g_free(r->path);
  g_free(r);
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
    g_string_free(set->store->scratch, TRUE);
    g_free(set->store);
  }
  g_free(set);
}

const YsRecord *ys_record_set_get(const YsRecordSet *set, guint id) {
  if (!set || !set->records || id == 0 || id > set->records->len)
    return NULL;
  return g_ptr_array_index(set->records, id - 1);
}
