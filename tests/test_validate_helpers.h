/* tests — helpers shared by the validate tests: record sets built in C, no rules stage needed.
 * Amounts are given as printed in 億円 ("1,238" is not accepted; write "1238", "12.6", "-6"). */
#ifndef YS_TEST_VALIDATE_HELPERS_H
#define YS_TEST_VALIDATE_HELPERS_H

#include <criterion/criterion.h>
#include <string.h>

#include "validate/validate.h"

#define TV_OKU ((gint64)100000000)

static void tv_record_free(gpointer p) {
  YsRecord *r = p;
  g_free(r->source);
  g_free(r->item);
  g_free(r->unit);
  g_free(r->currency);
  g_free(r->text);
  g_free(r->group);
  g_free(r->path);
  g_free(r);
}

static inline YsRecordSet *tv_set_new(YsRounding rounding) {
  YsRecordSet *set = g_new0(YsRecordSet, 1);
  set->source = g_strdup("test.txt");
  set->fiscal_year = 2026;
  set->rounding = rounding;
  set->rounding_page = rounding == YS_ROUND_UNKNOWN ? 0 : 1;
  set->rounding_text = rounding == YS_ROUND_UNKNOWN ? NULL : g_strdup("四捨五入");
  set->records = g_ptr_array_new_with_free_func(tv_record_free);
  return set;
}

static inline void tv_set_free(YsRecordSet *set) {
  g_free(set->source);
  g_free(set->rounding_text);
  g_ptr_array_unref(set->records);
  g_free(set);
}

/* A record with an exact amount in yen, its unit and rounding unit. */
static inline YsRecord *tv_add_yen(YsRecordSet *set, guint parent, int page, int line,
                                   const char *item, int year, YsBudgetKind kind, YsRole role,
                                   gint64 yen, const char *unit, gint64 unit_yen,
                                   gint64 rounding_unit) {
  YsRecord *r = g_new0(YsRecord, 1);
  r->id = set->records->len + 1;
  r->parent_id = parent;
  r->source = g_strdup(set->source);
  r->page = page;
  r->line = line;
  r->item = g_strdup(item);
  r->fiscal_year = year;
  r->kind = kind;
  r->role = role;
  r->amount_yen = yen;
  r->unit = g_strdup(unit);
  r->unit_yen = unit_yen;
  r->rounding_unit_yen = rounding_unit;
  r->currency = g_strdup("JPY");
  r->text = g_strdup_printf("%s (line %d)", item, line);
  g_ptr_array_add(set->records, r);
  return r;
}

/* Parses "12.6" / "-6" / "1238" as 億円: yen and the rounding unit of the last digit. */
static inline void tv_parse_oku(const char *s, gint64 *yen, gint64 *unit) {
  gboolean neg = FALSE;
  gint64 v = 0, u = TV_OKU;
  gboolean frac = FALSE;
  if (*s == '-' || *s == '+')
    neg = *s++ == '-';
  for (; *s; s++) {
    if (*s == '.') {
      frac = TRUE;
      continue;
    }
    cr_assert(*s >= '0' && *s <= '9', "bad test amount");
    v = v * 10 + (*s - '0');
    if (frac)
      u /= 10;
  }
  *yen = (neg ? -v : v) * u;
  *unit = u;
}

static inline YsRecord *tv_oku(YsRecordSet *set, guint parent, int page, int line, const char *item,
                               int year, YsBudgetKind kind, const char *amount) {
  gint64 yen, unit;
  tv_parse_oku(amount, &yen, &unit);
  return tv_add_yen(set, parent, page, line, item, year, kind, YS_ROLE_AMOUNT, yen, "億円", TV_OKU,
                    unit);
}

/* A breakdown child: item "<parent item>/<group>". */
static inline YsRecord *tv_part(YsRecordSet *set, const YsRecord *parent, const char *group,
                                const char *amount) {
  g_autofree char *item = g_strdup_printf("%s/%s", parent->item, group);
  YsRecord *r = tv_oku(set, parent->id, parent->page, parent->line, item, parent->fiscal_year,
                       parent->kind, amount);
  r->group = g_strdup(group);
  return r;
}

static inline YsRecord *tv_diff(YsRecordSet *set, int page, int line, const char *item, int year,
                                int base_year, const char *amount) {
  gint64 yen, unit;
  YsRecord *r;
  tv_parse_oku(amount, &yen, &unit);
  r = tv_add_yen(set, 0, page, line, item, year, YS_KIND_INITIAL, YS_ROLE_DIFFERENCE, yen, "億円",
                 TV_OKU, unit);
  r->base_year = base_year;
  r->base_kind = YS_KIND_INITIAL;
  return r;
}

static inline YsRecord *tv_rate(YsRecordSet *set, int page, int line, const char *item, int year,
                                int base_year, gint64 scaled, int decimals) {
  YsRecord *r =
      tv_add_yen(set, 0, page, line, item, year, YS_KIND_INITIAL, YS_ROLE_RATE, 0, "%", 0, 0);
  r->rate_scaled = scaled;
  r->rate_decimals = decimals;
  r->base_year = base_year;
  r->base_kind = YS_KIND_INITIAL;
  return r;
}

static inline guint tv_count(GPtrArray *findings, YsCheckKind check, YsStatus status) {
  guint n = 0;
  for (guint i = 0; i < findings->len; i++) {
    const YsFinding *f = g_ptr_array_index(findings, i);
    if (f->check == check && f->status == status)
      n++;
  }
  return n;
}

static inline guint tv_count_status(GPtrArray *findings, YsStatus status) {
  guint n = 0;
  for (guint i = 0; i < findings->len; i++)
    n += ((const YsFinding *)g_ptr_array_index(findings, i))->status == status;
  return n;
}

/* The one finding of CHECK on record ID; fails the test if there is not exactly one. */
static inline const YsFinding *tv_only(GPtrArray *findings, YsCheckKind check, guint id) {
  const YsFinding *hit = NULL;
  guint n = 0;
  for (guint i = 0; i < findings->len; i++) {
    const YsFinding *f = g_ptr_array_index(findings, i);
    if (f->check == check && f->record_id == id) {
      hit = f;
      n++;
    }
  }
  cr_assert_eq(n, 1, "expected one %s finding on record %u, got %u", ys_check_kind_name(check), id,
               n);
  return hit;
}

#endif
