/* tests — budget-table behaviour as data: every case of tests/data/rules/ (files NAME.ledger) is
 * read by the rules (lines with their geometry in, records out) and its records compared with the
 * ones the case expects. Format (one directive per line, `#` comments, blank lines ignored):
 *
 *   case NAME                      starts a case
 *   year 2026                      the document's year when it states none (--year)
 *   page N                         the page of the lines below (default 1)
 *   line Y0 Y1 | X0 X1 TEXT | …    a normalized line: its height, and each cell's extent and text
 *   text CELL | CELL …             a line without geometry (a text file's: cells by TAB)
 *   expect KEY=VALUE …             a record (shell quoting: path="歳入 / 1 市税"); keys: item,
 *                                  path, level (款 項 目 節 …, "" none), year, offset (a year
 *                                  relative to the document's), kind, role, amount (yen; 12k =
 *                                  12000), parent (the parent's path, "" none), parts (complete,
 *                                  partial, none), group, qualifier, base (a difference's
 *                                  base year), unit
 *   end                            reads the lines and compares
 *
 * Only the listed keys are compared, exactly. Each expect takes the first record not taken yet
 * that matches it; an expect without one, and a record that no expect takes, fail the case, named
 * by its file and line. YS_CASES_PRINT=1 prints each case's records as expect lines (to write a
 * case: then read every one by eye).
 */
#include <stdio.h>
#include <stdlib.h>

#include "test_rules_support.h"

static YsRules *rules;
static void setup(void) {
  rules = test_rules_default();
}
static void teardown(void) {
  ys_rules_free(rules);
}
TestSuite(rules_cases, .init = setup, .fini = teardown);

typedef struct {
  char *where; /* FILE:LINE of the expect */
  char **kv;   /* key=value, NULL-terminated */
} Expect;

typedef struct {
  char *name;
  char *where; /* FILE:LINE of `case` */
  int year;
  GPtrArray *lines;   /* YsNormLine* */
  GPtrArray *expects; /* Expect* */
} Case;

static void expect_free(gpointer p) {
  Expect *e = p;
  g_free(e->where);
  g_strfreev(e->kv);
  g_free(e);
}

static void case_init(Case *c, const char *name, const char *where) {
  c->name = g_strdup(name);
  c->where = g_strdup(where);
  c->year = 0;
  c->lines = g_ptr_array_new_with_free_func((GDestroyNotify)test_line_free);
  c->expects = g_ptr_array_new_with_free_func(expect_free);
}

static void case_clear(Case *c) {
  g_clear_pointer(&c->name, g_free);
  g_clear_pointer(&c->where, g_free);
  g_clear_pointer(&c->lines, g_ptr_array_unref);
  g_clear_pointer(&c->expects, g_ptr_array_unref);
}

/* `Y0 Y1 | X0 X1 TEXT | …` (GEO) or `CELL | CELL` into a line of page PAGE. */
static YsNormLine *parse_line(int page, int number, const char *spec, gboolean geo, GString *err) {
  g_auto(GStrv) parts = g_strsplit(spec, " | ", -1);
  g_autoptr(GString) text = g_string_new(NULL);
  GArray *spans = g_array_new(FALSE, FALSE, sizeof(YsCellSpan));
  double y0 = 0, y1 = 0;
  int first = 0;
  if (geo) {
    if (sscanf(parts[0], "%lf %lf", &y0, &y1) != 2)
      g_string_append_printf(err, "line: no `Y0 Y1` before the first |");
    first = 1;
  }
  for (int i = first; parts[i]; i++) {
    double x0 = i - first, x1 = i - first + 1;
    int n = 0;
    if (geo && sscanf(parts[i], "%lf %lf %n", &x0, &x1, &n) < 2)
      g_string_append_printf(err, "line: cell %d has no `X0 X1`", i);
    if (i > first)
      g_string_append_c(text, '\t');
    g_string_append(text, parts[i] + n);
    YsCellSpan s = {x0, x1};
    g_array_append_val(spans, s);
  }
  YsNormLine *l = test_line_new(page, number, text->str);
  g_array_unref(l->cells);
  l->cells = spans;
  l->y0 = y0;
  l->y1 = y1;
  return l;
}

static const YsRecord *by_id(const YsRecordSet *set, guint id) {
  return id && id <= set->records->len ? g_ptr_array_index(set->records, id - 1) : NULL;
}

static const char *parts_of(const YsRecord *r) {
  return r->parts_partial ? "partial" : r->parts_complete ? "complete" : "none";
}

/* The value of KEY of record R, as a case writes it (g_free). */
static char *field(const YsRecordSet *set, const YsRecord *r, const char *key) {
  if (strcmp(key, "item") == 0)
    return g_strdup(r->item);
  if (strcmp(key, "path") == 0)
    return g_strdup(r->path);
  if (strcmp(key, "level") == 0)
    return g_strdup(ys_level_name(r->level));
  if (strcmp(key, "year") == 0)
    return g_strdup_printf("%d", r->fiscal_year);
  if (strcmp(key, "offset") == 0)
    return r->year_relative ? g_strdup_printf("%d", r->year_offset) : g_strdup("");
  if (strcmp(key, "kind") == 0)
    return g_strdup(ys_budget_kind_name(r->kind));
  if (strcmp(key, "role") == 0)
    return g_strdup(ys_role_name(r->role));
  if (strcmp(key, "amount") == 0)
    return g_strdup_printf("%" G_GINT64_FORMAT, r->amount_yen);
  if (strcmp(key, "parent") == 0) {
    const YsRecord *p = by_id(set, r->parent_id);
    return g_strdup(p ? p->path : "");
  }
  if (strcmp(key, "parts") == 0)
    return g_strdup(parts_of(r));
  if (strcmp(key, "group") == 0)
    return g_strdup(r->group ? r->group : "");
  if (strcmp(key, "qualifier") == 0)
    return g_strdup(ys_qualifier_name(r->qualifier));
  if (strcmp(key, "base") == 0) /* a difference's: the year it compares against */
    return g_strdup_printf("%d", r->base_year);
  if (strcmp(key, "unit") == 0)
    return g_strdup(r->unit ? r->unit : "");
  return NULL;
}

/* A case's value as the record's field prints it: `12k` is 12000. */
static char *wanted(const char *key, const char *value) {
  gsize n = strlen(value);
  if (strcmp(key, "amount") == 0 && n > 1 && value[n - 1] == 'k')
    return g_strdup_printf("%" G_GINT64_FORMAT,
                           g_ascii_strtoll(value, NULL, 10) * G_GINT64_CONSTANT(1000));
  return g_strdup(value);
}

static gboolean matches(const YsRecordSet *set, const YsRecord *r, const Expect *e) {
  for (int i = 0; e->kv[i]; i++) {
    const char *eq = strchr(e->kv[i], '=');
    g_autofree char *key = g_strndup(e->kv[i], eq - e->kv[i]);
    g_autofree char *got = field(set, r, key);
    g_autofree char *want = wanted(key, eq + 1);
    if (!got || strcmp(got, want) != 0)
      return FALSE;
  }
  return TRUE;
}

static char *describe(const YsRecordSet *set, const YsRecord *r) {
  static const char *const keys[] = {"item", "path",   "level",  "year",  "offset", "kind",
                                     "role", "amount", "parent", "parts", "group"};
  GString *s = g_string_new("expect");
  for (guint k = 0; k < G_N_ELEMENTS(keys); k++) {
    g_autofree char *v = field(set, r, keys[k]);
    if (!*v && (k == 4 || k == 10))
      continue;
    g_autofree char *q = g_shell_quote(v);
    g_string_append_printf(s, " %s=%s", keys[k], strchr(v, ' ') || !*v ? q : v);
  }
  return g_string_free(s, FALSE);
}

/* Reads case C and appends what fails to FAILS. */
static void run_case(const Case *c, GString *fails) {
  YsReader *rd = ys_reader_new(rules, "case");
  if (c->year)
    ys_reader_set_year(rd, c->year);
  for (guint i = 0; i < c->lines->len; i++) {
    GError *error = NULL;
    if (!ys_reader_feed(rd, g_ptr_array_index(c->lines, i), &error)) {
      g_string_append_printf(fails, "%s: case %s: line %u: %s\n", c->where, c->name, i + 1,
                             error ? error->message : "?");
      g_clear_error(&error);
    }
  }
  YsRecordSet *set = ys_reader_finish(rd);
  guint n = set->records->len;
  g_autofree gboolean *taken = g_new0(gboolean, n + 1);
  if (g_getenv("YS_CASES_PRINT")) {
    printf("# %s: case %s\n", c->where, c->name);
    for (guint i = 0; i < n; i++) {
      g_autofree char *d = describe(set, g_ptr_array_index(set->records, i));
      printf("%s\n", d);
    }
  }
  for (guint j = 0; j < c->expects->len; j++) {
    const Expect *e = g_ptr_array_index(c->expects, j);
    gboolean found = FALSE;
    for (guint i = 0; i < n && !found; i++)
      if (!taken[i] && matches(set, g_ptr_array_index(set->records, i), e))
        found = taken[i] = TRUE;
    if (!found) {
      g_autofree char *want = g_strjoinv(" ", e->kv);
      g_string_append_printf(fails, "%s: case %s: no record has %s\n", e->where, c->name, want);
    }
  }
  for (guint i = 0; i < n; i++)
    if (!taken[i]) {
      g_autofree char *d = describe(set, g_ptr_array_index(set->records, i));
      g_string_append_printf(fails, "%s: case %s: unexpected record: %s\n", c->where, c->name, d);
    }
  ys_record_set_free(set);
}

/* Reads the case file PATH, running each case; returns the number of cases. */
static guint run_file(const char *path, GString *fails) {
  g_autofree char *body = NULL;
  cr_assert(g_file_get_contents(path, &body, NULL, NULL), "cannot read %s", path);
  g_auto(GStrv) rows = g_strsplit(body, "\n", -1);
  g_autofree char *base = g_path_get_basename(path);
  Case c = {0};
  int page = 1, number = 0;
  guint cases = 0;
  for (int i = 0; rows[i]; i++) {
    g_autofree char *where = g_strdup_printf("tests/data/rules/%s:%d", base, i + 1);
    char *row = g_strstrip(rows[i]);
    if (!*row || *row == '#')
      continue;
    g_autoptr(GString) err = g_string_new(NULL);
    if (g_str_has_prefix(row, "case ")) {
      if (c.name)
        g_string_append_printf(err, "case inside case %s (no end)", c.name);
      case_clear(&c);
      case_init(&c, row + 5, where);
      page = 1;
      number = 0;
    } else if (!c.name) {
      g_string_append_printf(err, "`%s` outside a case", row);
    } else if (g_str_has_prefix(row, "year ")) {
      c.year = atoi(row + 5);
    } else if (g_str_has_prefix(row, "page ")) {
      page = atoi(row + 5);
    } else if (g_str_has_prefix(row, "line ") || g_str_has_prefix(row, "text ")) {
      g_ptr_array_add(c.lines, parse_line(page, ++number, row + 5, *row == 'l', err));
    } else if (g_str_has_prefix(row, "expect ")) {
      Expect *e = g_new0(Expect, 1);
      GError *error = NULL;
      e->where = g_strdup(where);
      if (!g_shell_parse_argv(row + 7, NULL, &e->kv, &error)) {
        g_string_append_printf(err, "expect: %s", error->message);
        g_clear_error(&error);
        e->kv = g_new0(char *, 1);
      }
      for (int k = 0; e->kv[k]; k++) {
        const char *eq = strchr(e->kv[k], '=');
        g_autofree char *key = eq ? g_strndup(e->kv[k], eq - e->kv[k]) : NULL;
        static const char *const known[] = {"item",  "path",      "level",  "year",   "offset",
                                            "kind",  "role",      "amount", "parent", "parts",
                                            "group", "qualifier", "base",   "unit",   NULL};
        if (!key || !g_strv_contains(known, key))
          g_string_append_printf(err, "expect: `%s` is no KEY=VALUE of a known key; ", e->kv[k]);
      }
      g_ptr_array_add(c.expects, e);
    } else if (strcmp(row, "end") == 0) {
      run_case(&c, fails);
      cases++;
      case_clear(&c);
    } else {
      g_string_append_printf(err, "unknown directive `%s`", row);
    }
    if (err->len)
      g_string_append_printf(fails, "%s: %s\n", where, err->str);
  }
  if (c.name)
    g_string_append_printf(fails, "%s: case %s has no end\n", c.where, c.name);
  case_clear(&c);
  return cases;
}

static int cmp_path(gconstpointer a, gconstpointer b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

Test(rules_cases, every_case_file) {
  g_autofree char *dir = g_build_filename(YS_SOURCE_DIR, "tests", "data", "rules", NULL);
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  cr_assert(d, "no case folder %s", dir);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
  for (const char *name; (name = g_dir_read_name(d));)
    if (g_str_has_suffix(name, ".ledger"))
      g_ptr_array_add(files, g_build_filename(dir, name, NULL));
  g_ptr_array_sort(files, cmp_path);
  g_autoptr(GString) fails = g_string_new(NULL);
  guint cases = 0;
  for (guint i = 0; i < files->len; i++)
    cases += run_file(g_ptr_array_index(files, i), fails);
  cr_expect(cases > 0, "no case in %s", dir);
  cr_expect(fails->len == 0, "%s", fails->str);
}
