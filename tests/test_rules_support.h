/* tests — helpers shared by the rules tests: the default rule set and lines built from text
 * that is already normalized (identity offset map; cell i spans [i, i + 1) as for text input). */
#ifndef YS_TEST_RULES_SUPPORT_H
#define YS_TEST_RULES_SUPPORT_H

#include <criterion/criterion.h>
#include <string.h>

#include "rules/rules.h"

static inline YsRules *test_rules_default(void) {
  YsRules *rules = NULL;
  GError *error = NULL;
  gboolean ok = ys_rules_load(&rules, YS_SOURCE_DIR "/rules", &error);
  cr_assert(ok, "loading rules/: %s", error ? error->message : "?");
  return rules;
}

typedef struct {
  YsNormLine line;
} TestLine;

static inline YsNormLine *test_line_new(int page, int number, const char *text) {
  YsNormLine *l = g_new0(YsNormLine, 1);
  l->page = page;
  l->line = number;
  l->text = g_strdup(text);
  l->len = strlen(text);
  l->raw = g_strdup(text);
  l->raw_offset = g_new(gsize, l->len + 1);
  for (gsize i = 0; i <= l->len; i++)
    l->raw_offset[i] = i;
  l->cells = g_array_new(FALSE, FALSE, sizeof(YsCellSpan));
  guint n = 1;
  for (const char *p = text; *p; p++)
    n += *p == '\t';
  for (guint i = 0; i < n; i++) {
    YsCellSpan s = {i, i + 1};
    g_array_append_val(l->cells, s);
  }
  return l;
}

static inline void test_line_free(YsNormLine *l) {
  g_free(l->text);
  g_free(l->raw);
  g_free(l->raw_offset);
  g_array_unref(l->cells);
  g_free(l);
}

/* Reads LINES (already normalized, '\n'-separated, page 1) into records. */
static inline YsRecordSet *test_read(const YsRules *rules, const char *lines) {
  YsReader *rd = ys_reader_new(rules, "test");
  char **v = g_strsplit(lines, "\n", -1);
  for (int i = 0; v[i]; i++) {
    YsNormLine *l = test_line_new(1, i + 1, v[i]);
    GError *error = NULL;
    cr_assert(ys_reader_feed(rd, l, &error), "line %d: %s", i + 1, error ? error->message : "");
    test_line_free(l);
  }
  g_strfreev(v);
  return ys_reader_finish(rd);
}

/* The first record (in id order) whose text and amount match, or NULL. */
static inline const YsRecord *test_find(const YsRecordSet *set, const char *item, gint64 amount,
                                        int year) {
  for (guint i = 0; i < set->records->len; i++) {
    const YsRecord *r = g_ptr_array_index(set->records, i);
    if (strcmp(r->item, item) == 0 && r->amount_yen == amount && r->fiscal_year == year)
      return r;
  }
  return NULL;
}

#endif
