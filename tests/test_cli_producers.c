/* tests — the producer matrix: the same documents typeset by other PDF producers must give the
 * records and findings of their reference, and each injected error must be caught.
 *
 * Data (no C needed to add a producer, a document or an error):
 *   tests/data/producers/references.txt   DOC and the file whose records are its reference
 *   samples/producers/PRODUCER/DOC.pdf     a rendition (every PRODUCER folder is scanned)
 *   samples/gen/producers/errors/DOC.ERROR.subst   an injected error; its "#= " lines are the
 *                                          mismatches it must add (check, item, year, kind,
 *                                          stated yen, TAB-separated); its copy in each
 *                                          producer is
 * samples/producers/PRODUCER/errors/DOC.ERROR.pdf tests/data/producers/expected.txt     the
 * ratchet: "PRODUCER/DOC match" (records and findings equal the reference's) or "… catch" (every
 *                                          injected error adds exactly its mismatches)
 *
 * Records are compared as multisets of (item, fiscal_year, budget_kind, amount_yen, qualifier,
 * role, the parent's item and amount_yen); findings of (check, status, item, fiscal_year,
 * budget_kind, stated_yen, computed_yen): page, line and box may differ between producers. A
 * listed property that does not hold fails; one not listed is only scored. Every rendition's
 * score is printed (lines "score: …"; tests/producers/score.sh shows them as a table). */
#include "cli_support.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ CSV */

/* RFC 4180 rows of TEXT (quoted fields may hold commas, quotes and newlines). */
static GPtrArray *csv_rows(const char *text) {
  GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func(g_free);
  GString *field = g_string_new(NULL);
  gboolean quoted = FALSE, any = FALSE;
  for (const char *p = text; *p; p++) {
    if (quoted) {
      if (*p == '"' && p[1] == '"')
        g_string_append_c(field, *p++);
      else if (*p == '"')
        quoted = FALSE;
      else
        g_string_append_c(field, *p);
    } else if (*p == '"') {
      quoted = any = TRUE;
    } else if (*p == ',' || *p == '\n') {
      g_ptr_array_add(row, g_string_free(field, FALSE));
      field = g_string_new(NULL);
      if (*p == '\n') {
        g_ptr_array_add(rows, row);
        row = g_ptr_array_new_with_free_func(g_free);
      }
      any = FALSE;
    } else {
      g_string_append_c(field, *p);
      any = TRUE;
    }
  }
  if (any || field->len || row->len) {
    g_ptr_array_add(row, g_string_free(field, FALSE));
    g_ptr_array_add(rows, row);
  } else {
    g_string_free(field, TRUE);
    g_ptr_array_unref(row);
  }
  return rows;
}

static int column(GPtrArray *header, const char *name) {
  for (guint i = 0; i < header->len; i++)
    if (strcmp(g_ptr_array_index(header, i), name) == 0)
      return (int)i;
  cr_assert_fail("no column %s in yosan's CSV", name);
  return -1;
}

static const char *field(GPtrArray *row, int i) {
  return i < (int)row->len ? g_ptr_array_index(row, i) : "";
}

/* ------------------------------------------------------------- multisets */

typedef GHashTable Bag; /* key string -> count (GINT_TO_POINTER) */

static Bag *bag_new(void) {
  return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

static void bag_add(Bag *b, char *key /* taken */) {
  int n = GPOINTER_TO_INT(g_hash_table_lookup(b, key));
  g_hash_table_replace(b, key, GINT_TO_POINTER(n + 1));
}

static int bag_size(Bag *b) {
  int n = 0;
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, b);
  while (g_hash_table_iter_next(&it, &k, &v))
    n += GPOINTER_TO_INT(v);
  return n;
}

/* How many of A's elements B holds too (the size of the multiset intersection). */
static int bag_common(Bag *a, Bag *b) {
  int n = 0;
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, a);
  while (g_hash_table_iter_next(&it, &k, &v))
    n += MIN(GPOINTER_TO_INT(v), GPOINTER_TO_INT(g_hash_table_lookup(b, k)));
  return n;
}

/* The elements of A that B does not hold (as many times as A has more), one per line. */
static char *bag_minus(Bag *a, Bag *b) {
  GString *s = g_string_new(NULL);
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, a);
  while (g_hash_table_iter_next(&it, &k, &v))
    for (int i = GPOINTER_TO_INT(g_hash_table_lookup(b, k)); i < GPOINTER_TO_INT(v); i++)
      g_string_append_printf(s, "%s\n", (const char *)k);
  return g_string_free(s, FALSE);
}

/* ------------------------------------------------------ yosan's outputs */

static GPtrArray *yosan_csv(const char *command, const char *file) {
  const char *args[] = {command, "--format=csv", file, NULL};
  YsRun r = ys_run(args, NULL);
  cr_assert(r.status == 0 || r.status == 1, "yosan %s %s: exit status %d\n%s", command, file,
            r.status, r.err);
  GPtrArray *rows = csv_rows(r.out);
  ys_run_clear(&r);
  cr_assert(rows->len >= 1, "yosan %s %s: no CSV header", command, file);
  return rows;
}

static Bag *records_bag(const char *file) {
  g_autoptr(GPtrArray) rows = yosan_csv("records", file);
  GPtrArray *h = g_ptr_array_index(rows, 0);
  int id = column(h, "id"), parent = column(h, "parent_id"), item = column(h, "item");
  int fy = column(h, "fiscal_year"), kind = column(h, "budget_kind");
  int yen = column(h, "amount_yen"), qual = column(h, "qualifier"), role = column(h, "role");
  g_autoptr(GHashTable) by_id = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 1; i < rows->len; i++) {
    GPtrArray *r = g_ptr_array_index(rows, i);
    g_hash_table_insert(by_id, (gpointer)field(r, id), r);
  }
  Bag *b = bag_new();
  for (guint i = 1; i < rows->len; i++) {
    GPtrArray *r = g_ptr_array_index(rows, i);
    GPtrArray *p = *field(r, parent) ? g_hash_table_lookup(by_id, field(r, parent)) : NULL;
    bag_add(b, g_strdup_printf("%s|%s|%s|%s|%s|%s|parent=%s:%s", field(r, item), field(r, fy),
                               field(r, kind), field(r, yen), field(r, qual), field(r, role),
                               p ? field(p, item) : "", p ? field(p, yen) : ""));
  }
  return b;
}

/* Findings; with MISMATCH_ONLY the mismatches as (check, item, year, kind, stated). */
static Bag *findings_bag(const char *file, gboolean mismatch_only) {
  g_autoptr(GPtrArray) rows = yosan_csv("check", file);
  GPtrArray *h = g_ptr_array_index(rows, 0);
  int check = column(h, "check"), status = column(h, "status"), item = column(h, "item");
  int fy = column(h, "fiscal_year"), kind = column(h, "budget_kind");
  int stated = column(h, "stated_yen"), computed = column(h, "computed_yen");
  Bag *b = bag_new();
  for (guint i = 1; i < rows->len; i++) {
    GPtrArray *r = g_ptr_array_index(rows, i);
    if (mismatch_only && strcmp(field(r, status), "mismatch") != 0)
      continue;
    if (mismatch_only)
      bag_add(b, g_strdup_printf("%s\t%s\t%s\t%s\t%s", field(r, check), field(r, item),
                                 field(r, fy), field(r, kind), field(r, stated)));
    else
      bag_add(b, g_strdup_printf("%s|%s|%s|%s|%s|%s|%s", field(r, check), field(r, status),
                                 field(r, item), field(r, fy), field(r, kind), field(r, stated),
                                 field(r, computed)));
  }
  return b;
}

/* --------------------------------------------------------- the matrix */

static gint by_name(gconstpointer a, gconstpointer b) {
  return g_strcmp0(*(char *const *)a, *(char *const *)b);
}

typedef struct {
  char *name;    /* DOC.ERROR */
  Bag *expected; /* the mismatches it must add */
} Injected;

static void injected_free(gpointer p) {
  Injected *e = p;
  g_free(e->name);
  g_hash_table_unref(e->expected);
  g_free(e);
}

/* The injected errors of DOC, from their .subst files' "#= " lines. */
static GPtrArray *injected_errors(const char *doc) {
  GPtrArray *out = g_ptr_array_new_with_free_func(injected_free);
  g_autofree char *dir = g_build_filename(YS_SOURCE_DIR, "samples/gen/producers/errors", NULL);
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  cr_assert(d != NULL, "cannot open %s", dir);
  g_autofree char *prefix = g_strdup_printf("%s.", doc);
  const char *e;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  while ((e = g_dir_read_name(d)) != NULL)
    if (g_str_has_prefix(e, prefix) && g_str_has_suffix(e, ".subst"))
      g_ptr_array_add(names, g_strndup(e, strlen(e) - 6));
  g_ptr_array_sort(names, by_name);
  for (guint i = 0; i < names->len; i++) {
    const char *name = g_ptr_array_index(names, i);
    g_autofree char *rel = g_strdup_printf("samples/gen/producers/errors/%s.subst", name);
    g_autofree char *text = ys_read_source_file(rel);
    Injected *inj = g_new0(Injected, 1);
    inj->name = g_strdup(name);
    inj->expected = bag_new();
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    for (int k = 0; lines[k]; k++)
      if (g_str_has_prefix(lines[k], "#= "))
        bag_add(inj->expected, g_strdup(lines[k] + 3));
    cr_assert(bag_size(inj->expected) > 0, "%s: no '#= ' line says what it must add", rel);
    g_ptr_array_add(out, inj);
  }
  cr_assert(out->len > 0, "no injected errors for %s", doc);
  return out;
}

/* Whether the broken copy adds exactly the expected mismatches to BASE (the rendition's own
 * mismatches). */
static gboolean caught(const char *copy, Bag *base, Bag *expected) {
  g_autoptr(GHashTable) got = findings_bag(copy, TRUE);
  g_autofree char *added = bag_minus(got, base);
  g_autoptr(GHashTable) added_bag = bag_new();
  g_auto(GStrv) lines = g_strsplit(added, "\n", -1);
  for (int i = 0; lines[i]; i++)
    if (*lines[i])
      bag_add(added_bag, g_strdup(lines[i]));
  return bag_size(added_bag) == bag_size(expected) &&
         bag_common(added_bag, expected) == bag_size(expected);
}

typedef struct {
  int records, records_ref, records_extra;
  int findings, findings_ref, findings_extra;
  int caught, injected;
  gboolean match;
  char *missing; /* the reference's records the rendition lacks, for a failure message */
} Score;

static Score score(const char *producer, const char *doc, Bag *ref_rec, Bag *ref_find,
                   GPtrArray *errors) {
  Score s = {0};
  g_autofree char *pdf = g_strdup_printf("samples/producers/%s/%s.pdf", producer, doc);
  g_autoptr(GHashTable) rec = records_bag(pdf);
  g_autoptr(GHashTable) find = findings_bag(pdf, FALSE);
  g_autoptr(GHashTable) base = findings_bag(pdf, TRUE);
  s.records = bag_common(rec, ref_rec);
  s.records_ref = bag_size(ref_rec);
  s.records_extra = bag_size(rec) - s.records;
  s.findings = bag_common(find, ref_find);
  s.findings_ref = bag_size(ref_find);
  s.findings_extra = bag_size(find) - s.findings;
  s.match = s.records == s.records_ref && s.records_extra == 0 && s.findings == s.findings_ref &&
            s.findings_extra == 0;
  s.missing = bag_minus(ref_rec, rec);
  for (guint i = 0; i < errors->len; i++) {
    Injected *e = g_ptr_array_index(errors, i);
    g_autofree char *copy =
        g_strdup_printf("samples/producers/%s/errors/%s.pdf", producer, e->name);
    g_autofree char *abs = g_build_filename(YS_SOURCE_DIR, copy, NULL);
    cr_assert(g_file_test(abs, G_FILE_TEST_EXISTS), "missing error copy %s", copy);
    s.injected++;
    if (caught(copy, base, e->expected))
      s.caught++;
  }
  return s;
}

static GPtrArray *producers(void) {
  GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
  g_autofree char *dir = g_build_filename(YS_SOURCE_DIR, "samples/producers", NULL);
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  cr_assert(d != NULL, "cannot open %s", dir);
  const char *e;
  while ((e = g_dir_read_name(d)) != NULL) {
    g_autofree char *p = g_build_filename(dir, e, NULL);
    if (g_file_test(p, G_FILE_TEST_IS_DIR))
      g_ptr_array_add(out, g_strdup(e));
  }
  g_ptr_array_sort(out, by_name);
  return out;
}

/* The ratchet: "PRODUCER/DOC" -> "match", "catch" or "match catch". */
static GHashTable *ratchet(void) {
  GHashTable *want = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *text = ys_read_source_file("tests/data/producers/expected.txt");
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  for (int i = 0; lines[i]; i++) {
    g_strstrip(lines[i]);
    if (!*lines[i] || *lines[i] == '#')
      continue;
    g_auto(GStrv) f = g_strsplit_set(lines[i], " \t", 2);
    cr_assert(f[1] && (strcmp(g_strstrip(f[1]), "match") == 0 || strcmp(f[1], "catch") == 0),
              "tests/data/producers/expected.txt:%d: want 'PRODUCER/DOC match|catch'", i + 1);
    char *old = g_hash_table_lookup(want, f[0]);
    g_hash_table_replace(want, g_strdup(f[0]),
                         old ? g_strdup_printf("%s %s", old, f[1]) : g_strdup(f[1]));
  }
  return want;
}

Test(cli_producers, ratchet) {
  g_autoptr(GHashTable) want = ratchet();
  g_autofree char *refs = ys_read_source_file("tests/data/producers/references.txt");
  g_auto(GStrv) lines = g_strsplit(refs, "\n", -1);
  g_autoptr(GPtrArray) prods = producers();
  int failures = 0, renditions = 0;
  printf("score: %-20s %-22s %-18s %-18s %s\n", "producer", "document", "records", "findings",
         "errors caught");
  for (int i = 0; lines[i]; i++) {
    if (!*lines[i] || *lines[i] == '#')
      continue;
    g_auto(GStrv) f = g_strsplit(g_strstrip(lines[i]), " ", 2);
    cr_assert(f[1], "tests/data/producers/references.txt: want 'DOC REFERENCE'");
    const char *doc = f[0], *ref = g_strstrip(f[1]);
    g_autoptr(GHashTable) ref_rec = records_bag(ref);
    g_autoptr(GHashTable) ref_find = findings_bag(ref, FALSE);
    g_autoptr(GPtrArray) errors = injected_errors(doc);
    for (guint p = 0; p < prods->len; p++) {
      const char *producer = g_ptr_array_index(prods, p);
      g_autofree char *key = g_strdup_printf("%s/%s", producer, doc);
      g_autofree char *pdf = g_strdup_printf("%s/samples/producers/%s.pdf", YS_SOURCE_DIR, key);
      if (!g_file_test(pdf, G_FILE_TEST_EXISTS))
        continue;
      renditions++;
      Score s = score(producer, doc, ref_rec, ref_find, errors);
      g_autofree char *w = g_strdup(g_hash_table_lookup(want, key));
      if (w) /* marked, so that a line naming no rendition is found below */
        g_hash_table_replace(want, g_strdup(key), g_strdup_printf("%s seen", w));
      g_autofree char *rec =
          g_strdup_printf("%d/%d (+%d)", s.records, s.records_ref, s.records_extra);
      g_autofree char *fin =
          g_strdup_printf("%d/%d (+%d)", s.findings, s.findings_ref, s.findings_extra);
      printf("score: %-20s %-22s %-18s %-18s %d/%d%s\n", producer, doc, rec, fin, s.caught,
             s.injected, w ? "   [ratchet]" : "");
      if (w && strstr(w, "match") && !s.match) {
        cr_expect_fail("%s: listed as 'match' but records %s, findings %s; missing:\n%s", key, rec,
                       fin, s.missing);
        failures++;
      }
      if (w && strstr(w, "catch") && s.caught != s.injected) {
        cr_expect_fail("%s: listed as 'catch' but %d of %d injected errors caught", key, s.caught,
                       s.injected);
        failures++;
      }
      g_free(s.missing);
    }
  }
  /* a ratchet line must name a rendition that exists (a typo would hold nothing) */
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, want);
  while (g_hash_table_iter_next(&it, &k, &v))
    cr_expect(strstr(v, "seen") != NULL, "expected.txt names %s, which is no rendition", (char *)k);
  cr_expect_geq(renditions, 10, "only %d renditions found", renditions);
  cr_expect_eq(failures, 0);
}

/* The comparison can tell: the reference equals itself, and a broken copy of the pangocairo
 * sample neither matches the sample nor passes for a different error. */
Test(cli_producers, comparison_can_fail) {
  const char *ref = "samples/mext-lifescience-r8.pdf";
  const char *broken = "samples/errors/mext-total-digit.pdf";
  g_autoptr(GHashTable) a = records_bag(ref);
  g_autoptr(GHashTable) b = records_bag(ref);
  cr_expect_eq(bag_common(a, b), bag_size(a));
  g_autoptr(GHashTable) ra = records_bag(broken);
  cr_expect_lt(bag_common(a, ra), bag_size(a), "a changed figure must change the records");
  g_autoptr(GHashTable) fa = findings_bag(ref, FALSE);
  g_autoptr(GHashTable) fb = findings_bag(broken, FALSE);
  cr_expect_lt(bag_common(fa, fb), bag_size(fa), "a changed figure must change the findings");
  g_autoptr(GHashTable) base = findings_bag(ref, TRUE);
  g_autoptr(GHashTable) right = bag_new();
  bag_add(right, g_strdup("sum\t医薬品プロジェクト\t2026\tinitial\t37500000000"));
  cr_expect(caught(broken, base, right));
  g_autoptr(GHashTable) wrong = bag_new();
  bag_add(wrong, g_strdup("difference\t医薬品プロジェクト\t2026\tinitial\t37500000000"));
  cr_expect(!caught(broken, base, wrong));
  g_autoptr(GHashTable) more = bag_new();
  bag_add(more, g_strdup("sum\t医薬品プロジェクト\t2026\tinitial\t37500000000"));
  bag_add(more, g_strdup("rate\tインハウス研究機関経費\t2026\tinitial\t"));
  cr_expect(!caught(broken, base, more));
}

Test(cli_producers, csv_quoted_fields) {
  g_autoptr(GPtrArray) rows = csv_rows("a,\"b,c\",\"d\"\"e\"\nx,\"y\nz\",\n");
  cr_assert_eq(rows->len, 2);
  GPtrArray *r0 = g_ptr_array_index(rows, 0), *r1 = g_ptr_array_index(rows, 1);
  cr_assert_eq(r0->len, 3);
  cr_expect_str_eq(field(r0, 1), "b,c");
  cr_expect_str_eq(field(r0, 2), "d\"e");
  cr_assert_eq(r1->len, 3);
  cr_expect_str_eq(field(r1, 1), "y\nz");
  cr_expect_str_eq(field(r1, 2), "");
}
