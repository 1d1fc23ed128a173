/* rules — the record set the reader hands out: its store (records and their strings taken in
 * order from a few large regions, all freed at once), lookup by id, release.
 *
 * A 50 MB text makes 100 000 records of seven strings: tens of megabytes, taken in order from
 * regions mapped for the store, and unmapped at once. The first regions are small and from
 * malloc, so that a short document reserves no more than it uses. The regions are not offered
 * to the kernel's 2 MB pages (MADV_HUGEPAGE): they saved page faults, but on a virtual machine
 * a free 2 MB block is often memory the host has taken back, and touching it again cost more
 * than the faults saved (8% of the bench's text job, run after the PDF jobs as it is there). */
#include "rules/rules_private.h"

#include <sys/mman.h>

#define RECORDS_PER_BLOCK 256u
#define SMALL_REGION ((gsize)64 * 1024)       /* from malloc while the store is small … */
#define SMALL_STORE ((gsize)1024 * 1024)      /* … up to this much in all, … */
#define LARGE_REGION ((gsize)8 * 1024 * 1024) /* … then mapped */

typedef struct {
  char *base;
  gsize size, used;
  gboolean mapped; /* by mmap (else g_malloc) */
} Region;

struct YsRecordStore {
  GArray *regions;    /* Region; the last one is being filled */
  gsize taken;        /* bytes of all regions so far */
  GHashTable *shared; /* text → its copy in the store (ys_record_set_keep_shared) */
  YsRecord *block;    /* records being handed out: RECORDS_PER_BLOCK from BLOCK … */
  guint block_used;   /* … of which these many are taken */
};

static void region_free(Region *r) {
  if (r->mapped)
    munmap(r->base, r->size);
  else
    g_free(r->base);
}

/* A new region of at least N bytes: small ones from malloc, large ones mapped (should mmap
 * fail, from malloc too). */
static Region region_new(gsize taken, gsize n) {
  Region r = {NULL, 0, 0, FALSE};
  if (taken < SMALL_STORE && n <= SMALL_REGION) {
    r.size = SMALL_REGION;
    r.base = g_malloc(r.size);
    return r;
  }
  r.size = MAX(LARGE_REGION, n);
  void *p = mmap(NULL, r.size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    r.base = g_malloc(r.size);
    return r;
  }
  r.base = p;
  r.mapped = TRUE;
  return r;
}

/* N bytes from the store, aligned for any object. */
static void *store_take(struct YsRecordStore *st, gsize n) {
  const gsize align = sizeof(gint64) * 2;
  Region *r = st->regions->len ? &g_array_index(st->regions, Region, st->regions->len - 1) : NULL;
  gsize at = r ? (r->used + align - 1) & ~(align - 1) : 0;
  if (!r || at > r->size || r->size - at < n) {
    Region fresh = region_new(st->taken, n);
    st->taken += fresh.size;
    g_array_append_val(st->regions, fresh);
    r = &g_array_index(st->regions, Region, st->regions->len - 1);
    at = 0;
  }
  r->used = at + n;
  return r->base + at;
}

YsRecordSet *ys_record_set_new_stored(const char *source) {
  YsRecordSet *set = g_new0(YsRecordSet, 1);
  set->source = g_strdup(source ? source : "");
  set->records = g_ptr_array_new(); /* the store frees them */
  set->store = g_new0(struct YsRecordStore, 1);
  set->store->regions = g_array_new(FALSE, FALSE, sizeof(Region));
  set->store->shared = g_hash_table_new(g_str_hash, g_str_equal);
  set->store->block_used = RECORDS_PER_BLOCK;
  return set;
}

YsRecord *ys_record_set_add(YsRecordSet *set) {
  struct YsRecordStore *st = set->store;
  if (st->block_used == RECORDS_PER_BLOCK) {
    st->block = store_take(st, RECORDS_PER_BLOCK * sizeof(YsRecord));
    st->block_used = 0;
  }
  YsRecord *r = &st->block[st->block_used++];
  memset(r, 0, sizeof *r);
  r->id = set->records->len + 1;
  r->kind = YS_KIND_INITIAL;
  r->base_kind = YS_KIND_INITIAL;
  g_ptr_array_add(set->records, r);
  return r;
}

char *ys_record_set_keep(YsRecordSet *set, const char *text, gsize len) {
  char *copy = store_take(set->store, len + 1);
  memcpy(copy, text, len);
  copy[len] = '\0';
  return copy;
}

char *ys_record_set_keep_str(YsRecordSet *set, const char *text) {
  return ys_record_set_keep(set, text, strlen(text));
}

char *ys_record_set_keep_shared(YsRecordSet *set, const char *text) {
  char *copy = g_hash_table_lookup(set->store->shared, text);
  if (!copy) {
    copy = ys_record_set_keep_str(set, text);
    g_hash_table_insert(set->store->shared, copy, copy);
  }
  return copy;
}

char *ys_record_set_keep_joined(YsRecordSet *set, const char *a, const char *b) {
  gsize la = strlen(a), lb = strlen(b);
  char *copy = store_take(set->store, la + 1 + lb + 1);
  memcpy(copy, a, la);
  copy[la] = '/';
  memcpy(copy + la + 1, b, lb + 1);
  return copy;
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
    g_hash_table_unref(set->store->shared); /* its keys are in the regions */
    for (guint i = 0; i < set->store->regions->len; i++)
      region_free(&g_array_index(set->store->regions, Region, i));
    g_array_unref(set->store->regions);
    g_free(set->store);
  }
  g_free(set);
}

const YsRecord *ys_record_set_get(const YsRecordSet *set, guint id) {
  if (!set || !set->records || id == 0 || id > set->records->len)
    return NULL;
  return g_ptr_array_index(set->records, id - 1);
}
