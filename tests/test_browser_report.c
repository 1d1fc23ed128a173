/* tests — the report in a real browser: headless Chromium loads each page `yosan report` wrote
 * for the samples and their broken copies, and the DOM it dumps after loading (--dump-dom) is
 * checked against `yosan check --format=csv` on the same files: every mismatch has its article,
 * with its check, page, line and stated and computed yen, its arithmetic, and a crop that is a
 * PNG in a data: URI which the browser decoded (the page's script marks each decoded crop with
 * its size: that it ran is checked too). The index lists and links every document.
 *
 * Label "browser". Skipped, saying so, where chromium is not installed (CI installs it). */
#include "cli_support.h"

#include <stdio.h>
#include <string.h>

#include "report/report.h"

/* The sample PDFs, as the shell gives them for samples/errors/ and samples/ (name order). */
static GPtrArray *sample_pdfs(void) {
  GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
  const char *dirs[] = {"samples/errors", "samples"};
  for (gsize d = 0; d < G_N_ELEMENTS(dirs); d++) {
    g_autofree char *full = g_build_filename(YS_SOURCE_DIR, dirs[d], NULL);
    g_autoptr(GDir) dir = g_dir_open(full, 0, NULL);
    cr_assert_not_null(dir);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(dir)) != NULL)
      if (g_str_has_suffix(name, ".pdf"))
        g_ptr_array_add(names, g_build_filename(dirs[d], name, NULL));
    g_ptr_array_sort(names, (GCompareFunc)strcmp);
    for (guint i = 0; i < names->len; i++)
      g_ptr_array_add(paths, g_strdup(names->pdata[i]));
  }
  cr_assert_geq(paths->len, 8);
  return paths;
}

/* Splits one CSV record (RFC 4180; no newline inside a field here) into fields. */
static GPtrArray *csv_fields(const char *line) {
  GPtrArray *fields = g_ptr_array_new_with_free_func(g_free);
  const char *p = line;
  for (;;) {
    GString *f = g_string_new(NULL);
    if (*p == '"') {
      for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
        if (*p == '"')
          p++;
        g_string_append_c(f, *p);
      }
      if (*p == '"')
        p++;
    } else {
      while (*p && *p != ',')
        g_string_append_c(f, *p++);
    }
    g_ptr_array_add(fields, g_string_free(f, FALSE));
    if (*p != ',')
      return fields;
    p++;
  }
}

typedef struct {
  char *check, *source, *page, *line, *stated, *computed, *detail;
} Mismatch;

static void mismatch_free(gpointer p) {
  Mismatch *m = p;
  g_free(m->check);
  g_free(m->source);
  g_free(m->page);
  g_free(m->line);
  g_free(m->stated);
  g_free(m->computed);
  g_free(m->detail);
  g_free(m);
}

/* The mismatches `yosan check --format=csv` finds in PATHS. */
static GPtrArray *expected_mismatches(GPtrArray *paths) {
  g_autoptr(GPtrArray) args = g_ptr_array_new();
  g_ptr_array_add(args, "check");
  g_ptr_array_add(args, "--format=csv");
  for (guint i = 0; i < paths->len; i++)
    g_ptr_array_add(args, paths->pdata[i]);
  g_ptr_array_add(args, NULL);
  YsRun r = ys_run((const char *const *)args->pdata, NULL);
  cr_assert_eq(r.status, 1, "the broken copies have mismatches; stderr: %s", r.err);
  GPtrArray *out = g_ptr_array_new_with_free_func(mismatch_free);
  g_auto(GStrv) lines = g_strsplit(r.out, "\n", -1);
  /* check,status,source,page,item,fiscal_year,budget_kind,stated_yen,computed_yen,
   * difference_yen,tolerance_yen,detail,line,… */
  cr_assert(g_str_has_prefix(lines[0], "check,status,source,page,"));
  for (int i = 1; lines[i] && lines[i][0]; i++) {
    g_autoptr(GPtrArray) f = csv_fields(lines[i]);
    cr_assert_geq(f->len, 13, "line %d: %s", i + 1, lines[i]);
    if (strcmp(f->pdata[1], "mismatch") != 0)
      continue;
    Mismatch *m = g_new0(Mismatch, 1);
    m->check = g_strdup(f->pdata[0]);
    m->source = g_strdup(f->pdata[2]);
    m->page = g_strdup(f->pdata[3]);
    m->stated = g_strdup(f->pdata[7]);
    m->computed = g_strdup(f->pdata[8]);
    m->detail = g_strdup(f->pdata[11]);
    m->line = g_strdup(f->pdata[12]);
    g_ptr_array_add(out, m);
  }
  ys_run_clear(&r);
  cr_assert_geq(out->len, 7, "the five broken copies make seven mismatches");
  return out;
}

/* The DOM Chromium builds from FILE, serialized after the page has loaded. */
static char *dump_dom(const char *chromium, const char *file) {
  g_autofree char *profile = g_dir_make_tmp("yosan-chromium-XXXXXX", NULL);
  cr_assert_not_null(profile);
  g_autofree char *profile_arg = g_strdup_printf("--user-data-dir=%s", profile);
  g_autofree char *uri = g_filename_to_uri(file, NULL, NULL);
  const char *argv[] = {chromium,
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        profile_arg,
                        "--dump-dom",
                        uri,
                        NULL};
  char *out = NULL, *err = NULL;
  int wait_status = 0;
  GError *error = NULL;
  cr_assert(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                         &wait_status, &error),
            "cannot run %s: %s", chromium, error ? error->message : "");
  cr_assert(WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0, "chromium failed on %s:\n%s",
            uri, err);
  g_free(err);
  g_autofree char *rm = g_strdup_printf("rm -rf '%s'", profile);
  cr_assert_eq(system(rm), 0);
  cr_assert(strstr(out, "</html>") != NULL, "no DOM for %s:\n%.300s", uri, out);
  return out;
}

/* The serialized elements of DOM that start with OPEN, each up to CLOSE. */
static GPtrArray *elements(const char *dom, const char *open, const char *close) {
  GPtrArray *found = g_ptr_array_new_with_free_func(g_free);
  for (const char *p = dom; (p = strstr(p, open)) != NULL;) {
    const char *end = strstr(p, close);
    cr_assert_not_null(end, "%s never closed", open);
    g_ptr_array_add(found, g_strndup(p, (gsize)(end - p)));
    p = end;
  }
  return found;
}

/* TEXT as the DOM serializer writes it in a text node (& < > escaped). */
static char *as_text_node(const char *text) {
  g_autoptr(GString) s = g_string_new(text);
  g_string_replace(s, "&", "&amp;", 0);
  g_string_replace(s, "<", "&lt;", 0);
  g_string_replace(s, ">", "&gt;", 0);
  return g_strdup(s->str);
}

/* Checks that ARTICLE shows M: its data attributes, its arithmetic, a decoded crop. */
static gboolean shows(const char *article, const Mismatch *m, GString *why) {
  g_autofree char *head =
      g_strdup_printf("data-check=\"%s\" data-page=\"%s\" data-line=\"%s\" data-stated-yen=\"%s\" "
                      "data-computed-yen=\"%s\"",
                      m->check, m->page, m->line, m->stated, m->computed);
  if (strstr(article, head) == NULL)
    return FALSE;
  g_autofree char *detail = as_text_node(m->detail);
  g_autofree char *arith = g_strdup_printf("<p class=\"arith\">%s</p>", detail);
  if (strstr(article, arith) == NULL)
    g_string_append_printf(why, "%s p.%s: no arithmetic %s\n", m->source, m->page, arith);
  g_autoptr(GPtrArray) crops = elements(article, "<img class=\"crop\"", ">");
  if (crops->len == 0)
    g_string_append_printf(why, "%s p.%s %s: no crop\n", m->source, m->page, m->check);
  for (guint i = 0; i < crops->len; i++) {
    const char *img = crops->pdata[i];
    const char *shown = strstr(img, "data-shown=\"");
    int w = 0, h = 0;
    if (strstr(img, "src=\"data:image/png;base64,iVBOR") == NULL) /* the PNG signature */
      g_string_append_printf(why, "%s p.%s: a crop that is no PNG data URI\n", m->source, m->page);
    if (shown == NULL || sscanf(shown, "data-shown=\"%dx%d\"", &w, &h) != 2 || w < 50 || h < 20)
      g_string_append_printf(why, "%s p.%s: a crop the browser did not decode (%s)\n", m->source,
                             m->page, shown ? shown : "no data-shown");
  }
  return TRUE;
}

Test(browser, every_mismatch_has_its_row_crop_and_figures, .timeout = 240) {
  g_autofree char *chromium = g_find_program_in_path("chromium");
  if (chromium == NULL)
    chromium = g_find_program_in_path("chromium-browser");
  if (chromium == NULL)
    cr_skip_test(
        "chromium is not installed (Debian: apt-get install chromium; scripts/install-deps "
        "installs it): the report was not tried in a browser");

  g_autoptr(GPtrArray) paths = sample_pdfs();
  g_autoptr(GPtrArray) expected = expected_mismatches(paths);
  g_autofree char *dir = g_build_filename(YS_TEST_TMP, "browser-report", NULL);
  g_autofree char *rm = g_strdup_printf("rm -rf '%s'", dir);
  cr_assert_eq(system(rm), 0);
  g_autoptr(GPtrArray) args = g_ptr_array_new();
  g_ptr_array_add(args, "report");
  g_ptr_array_add(args, "-o");
  g_ptr_array_add(args, dir);
  for (guint i = 0; i < paths->len; i++)
    g_ptr_array_add(args, paths->pdata[i]);
  g_ptr_array_add(args, NULL);
  YsRun r = ys_run((const char *const *)args->pdata, NULL);
  cr_assert_eq(r.status, 1, "stderr: %s", r.err);
  ys_run_clear(&r);

  g_autoptr(GString) why = g_string_new(NULL);
  guint articles = 0;
  for (guint i = 0; i < paths->len; i++) {
    const char *source = paths->pdata[i];
    g_autofree char *base = g_path_get_basename(source);
    base[strlen(base) - 4] = '\0';
    g_autofree char *page = g_strdup_printf("%s/%s.html", dir, base);
    g_autofree char *dom = dump_dom(chromium, page);
    cr_assert(strstr(dom, "<html lang=\"ja\" data-js=\"on\">") != NULL,
              "%s: the page's script did not run", page);
    g_autoptr(GPtrArray) found = elements(dom, "<article class=\"finding mismatch\"", "</article>");
    guint want = 0;
    for (guint m = 0; m < expected->len; m++) {
      const Mismatch *mm = expected->pdata[m];
      if (strcmp(mm->source, source) != 0)
        continue;
      want++;
      gboolean hit = FALSE;
      for (guint a = 0; a < found->len && !hit; a++)
        hit = shows(found->pdata[a], mm, why);
      if (!hit)
        g_string_append_printf(why, "%s: no article for the %s mismatch on p.%s line %s\n", source,
                               mm->check, mm->page, mm->line);
    }
    if (found->len != want)
      g_string_append_printf(why, "%s: %u mismatch articles, check finds %u\n", source, found->len,
                             want);
    articles += found->len;
  }
  cr_expect_eq(why->len, 0, "%s", why->str);
  cr_expect_eq(articles, expected->len);

  g_autofree char *index_path = g_build_filename(dir, "index.html", NULL);
  g_autofree char *index = dump_dom(chromium, index_path);
  g_autoptr(GPtrArray) rows = elements(index, "<tr class=\"document ", "</tr>");
  cr_expect_eq(rows->len, paths->len, "one row per document");
  for (guint i = 0; i < paths->len; i++) {
    g_autofree char *base = g_path_get_basename(paths->pdata[i]);
    base[strlen(base) - 4] = '\0';
    g_autofree char *link = g_strdup_printf("<a href=\"%s.html\">", base);
    cr_expect(strstr(index, link) != NULL, "the index does not link %s", base);
  }
  cr_expect(strstr(index, "<input type=\"search\"") != NULL, "the filter box the script adds");
}
