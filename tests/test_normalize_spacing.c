/* Tests for normalize: the line rules (NFKC, kept characters, spaces, spread digits/letters/
 * kanji, ▲/△), driven by tests/data/normalize/spacing.cases. Cases marked `ref` must occur
 * verbatim in the reference document, so they stay real lines. Every case's byte map is also
 * checked (see check_map).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "normalize/normalize.h"

#define CASES YS_SOURCE_DIR "/tests/data/normalize/spacing.cases"
#define REFERENCE YS_SOURCE_DIR "/samples/mext-lifescience-r8.txt"

static char *unescape(const char *s) {
  GString *out = g_string_new(NULL);
  for (; *s; s++) {
    if (*s == '\\' && s[1]) {
      s++;
      switch (*s) {
      case 't':
        g_string_append_c(out, '\t');
        break;
      case 's':
        g_string_append_c(out, ' ');
        break;
      case '\\':
        g_string_append_c(out, '\\');
        break;
      default:
        cr_assert(0, "unknown escape \\%c", *s);
      }
    } else {
      g_string_append_c(out, *s);
    }
  }
  return g_string_free(out, FALSE);
}

/* The map of a normalized string: len + 1 entries, non-decreasing, each (but the last) the
 * start of a character in RAW, the last the raw length; tabs map to tabs. */
static int check_map(const char *raw, const char *norm, const gsize *map, const char *where) {
  gsize raw_len = strlen(raw), len = strlen(norm);
  int bad = 0;
  if (map[len] != raw_len) {
    cr_expect(0, "%s: map[len] = %zu, raw length %zu", where, map[len], raw_len);
    bad++;
  }
  for (gsize i = 0; i < len; i++) {
    gboolean ok = map[i] < raw_len && ((unsigned char)raw[map[i]] & 0xC0) != 0x80 &&
                  (i == 0 || map[i] >= map[i - 1]) && (norm[i] != '\t' || raw[map[i]] == '\t');
    if (!ok) {
      cr_expect(0, "%s: bad map entry %zu → %zu", where, i, map[i]);
      bad++;
      break;
    }
  }
  return bad;
}

Test(normalize_spacing, cases_file) {
  g_autofree char *data = NULL, *reference = NULL;
  cr_assert(g_file_get_contents(CASES, &data, NULL, NULL), "cannot read " CASES);
  cr_assert(g_file_get_contents(REFERENCE, &reference, NULL, NULL), "cannot read " REFERENCE);
  g_auto(GStrv) lines = g_strsplit(data, "\n", -1);
  int cases = 0, failures = 0;
  for (int n = 0; lines[n]; n++) {
    const char *line = lines[n];
    if (!*line || *line == '#')
      continue;
    g_auto(GStrv) f = g_strsplit(line, "\t", -1);
    guint nf = g_strv_length(f);
    cr_assert(nf == 3 || nf == 4, "spacing.cases:%d: expected KIND RAW OP [EXPECTED]", n + 1);
    cr_assert(strcmp(f[0], "ref") == 0 || strcmp(f[0], "case") == 0,
              "spacing.cases:%d: kind must be ref or case", n + 1);
    g_autofree char *raw = unescape(f[1]);
    g_autofree char *expected = NULL;
    if (strcmp(f[2], "=") == 0) {
      cr_assert(nf == 3 || !*f[3], "spacing.cases:%d: '=' takes no expected text", n + 1);
      expected = g_strdup(raw);
    } else {
      cr_assert(strcmp(f[2], "→") == 0 && nf == 4, "spacing.cases:%d: OP must be → or =", n + 1);
      expected = unescape(f[3]);
    }
    if (strcmp(f[0], "ref") == 0 && !strstr(reference, raw)) {
      cr_expect(0, "spacing.cases:%d: ref case not found in the reference document: %s", n + 1,
                raw);
      failures++;
    }
    g_autofree gsize *map = NULL;
    g_autofree char *got = ys_norm_text(raw, &map);
    if (strcmp(got, expected) != 0) {
      cr_expect_str_eq(got, expected, "spacing.cases:%d: %s", n + 1, raw);
      failures++;
    }
    g_autofree char *where = g_strdup_printf("spacing.cases:%d", n + 1);
    failures += check_map(raw, got, map, where);
    /* normalizing twice changes nothing */
    g_autofree char *again = ys_norm_text(got, NULL);
    if (strcmp(again, got) != 0) {
      cr_expect_str_eq(again, got, "spacing.cases:%d: not idempotent", n + 1);
      failures++;
    }
    cases++;
  }
  cr_assert(cases >= 100, "only %d cases read", cases);
  cr_assert_eq(failures, 0, "%d of %d cases failed", failures, cases);
}

/* The whole reference document: every line keeps its tabs and a valid map, and no amount
 * with 億円 is left with a digit, a space and a digit right before it. */
Test(normalize_spacing, reference_document) {
  g_autofree char *reference = NULL;
  cr_assert(g_file_get_contents(REFERENCE, &reference, NULL, NULL));
  g_auto(GStrv) lines = g_strsplit(reference, "\n", -1);
  GRegex *spread = g_regex_new("[0-9] [0-9]+億円", 0, 0, NULL);
  for (int n = 0; lines[n]; n++) {
    g_autofree gsize *map = NULL;
    g_autofree char *got = ys_norm_text(lines[n], &map);
    g_autofree char *where = g_strdup_printf("reference line %d", n + 1);
    check_map(lines[n], got, map, where);
    int tabs_raw = 0, tabs_norm = 0;
    for (const char *p = lines[n]; *p; p++)
      tabs_raw += *p == '\t';
    for (const char *p = got; *p; p++)
      tabs_norm += *p == '\t';
    cr_expect_eq(tabs_norm, tabs_raw, "%s: tab count changed", where);
    cr_expect(!g_regex_match(spread, got, 0, NULL), "%s: still spread: %s", where, got);
    cr_expect(g_utf8_validate(got, -1, NULL), "%s: invalid UTF-8", where);
  }
  g_regex_unref(spread);
}
