/* tests — `yosan report -o DIR FILE...` as a user runs it: the directory it needs, one page per
 * readable file and an index listing every file (an unreadable one with why), page names made
 * unique, nothing else left in the directory, the exit status of `check`. What a page shows is
 * tested in test_report_page.c and, in a browser, in test_browser_report.c. */
#include "cli_support.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

/* A fresh empty directory under the test tree. */
static char *fresh_dir(const char *name) {
  char *dir = g_build_filename(YS_TEST_TMP, name, NULL);
  g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", dir);
  cr_assert_eq(system(cmd), 0);
  return dir;
}

static int by_name(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in DIR, sorted, joined by spaces. */
static char *listing(const char *dir) {
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  cr_assert_not_null(d, "no directory %s", dir);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  const char *name;
  while ((name = g_dir_read_name(d)) != NULL)
    g_ptr_array_add(names, g_strdup(name));
  g_ptr_array_sort(names, by_name);
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf(s, "%s%s", i ? " " : "", (char *)names->pdata[i]);
  return g_string_free(s, FALSE);
}

static char *read_in(const char *dir, const char *name) {
  g_autofree char *path = g_build_filename(dir, name, NULL);
  char *text = NULL;
  cr_assert(g_file_get_contents(path, &text, NULL, NULL), "no %s", path);
  return text;
}

Test(cli_report, needs_a_directory) {
  const char *a1[] = {"report", "samples/features.pdf", NULL};
  YsRun r = ys_run(a1, NULL);
  cr_expect_eq(r.status, 2);
  cr_expect(strstr(r.err, "report needs -o DIR") != NULL, "got: %s", r.err);
  ys_run_clear(&r);

  g_autofree char *dir = fresh_dir("report-in-the-way");
  cr_assert_eq(g_mkdir_with_parents(dir, 0755), 0);
  g_autofree char *file = g_build_filename(dir, "a-file", NULL);
  cr_assert(g_file_set_contents(file, "x", -1, NULL));
  const char *a2[] = {"report", "-o", file, "samples/features.pdf", NULL};
  r = ys_run(a2, NULL);
  cr_expect_eq(r.status, 2);
  cr_expect(strstr(r.err, "a-file") && strstr(r.err, "in the way"), "got: %s", r.err);
  ys_run_clear(&r);
}

Test(cli_report, a_page_per_file_and_an_index_of_all) {
  g_autofree char *dir = fresh_dir("report-out");
  g_autofree char *sub = g_build_filename(YS_TEST_TMP, "report-same-name", NULL);
  cr_assert_eq(g_mkdir_with_parents(sub, 0755), 0);
  /* the same file name twice, and a file that is no PDF at all */
  g_autofree char *twin = g_build_filename(sub, "city-yosansho-r8.pdf", NULL);
  g_autofree char *city_path =
      g_build_filename(YS_SOURCE_DIR, "samples/city-yosansho-r8.pdf", NULL);
  gsize len;
  g_autofree char *bytes = NULL;
  cr_assert(g_file_get_contents(city_path, &bytes, &len, NULL));
  cr_assert(g_file_set_contents(twin, bytes, (gssize)len, NULL));
  g_autofree char *bad = g_build_filename(sub, "broken.pdf", NULL);
  cr_assert(g_file_set_contents(bad, "not a PDF\n", -1, NULL));

  mode_t old_mask = umask(022);
  const char *args[] = {"report",
                        "-o",
                        dir,
                        "samples/errors/mext-diff-off-by-ten.pdf",
                        "samples/city-yosansho-r8.pdf",
                        twin,
                        bad,
                        NULL};
  YsRun r = ys_run(args, NULL);
  umask(old_mask);
  cr_expect_eq(r.status, 2, "an unreadable file: status 2; stderr: %s", r.err);
  cr_expect(strstr(r.err, "broken.pdf: not a PDF file") != NULL, "got: %s", r.err);
  g_autofree char *names = listing(dir);
  cr_expect_str_eq(names,
                   "city-yosansho-r8-2.html city-yosansho-r8.html index.html "
                   "mext-diff-off-by-ten.html",
                   "a page per readable file, no temporary file left");
  g_autofree char *want_line =
      g_strdup_printf("%s/mext-diff-off-by-ten.html: 54 checks, 1 mismatch, 1 crop\n", dir);
  cr_expect(strstr(r.out, want_line) != NULL, "got: %s", r.out);

  g_autofree char *index = read_in(dir, "index.html");
  cr_expect(strstr(index, "href=\"mext-diff-off-by-ten.html\"") != NULL);
  cr_expect(strstr(index, "href=\"city-yosansho-r8.html\"") != NULL);
  cr_expect(strstr(index, "href=\"city-yosansho-r8-2.html\"") != NULL);
  cr_expect(strstr(index, "href=\"broken") == NULL, "no page, so no link");
  cr_expect(strstr(index, "could not be read:</span> ") != NULL);
  cr_expect(strstr(index, "broken.pdf: not a PDF file") != NULL);
  cr_expect(strstr(index, "令和8年度 架空市一般会計予算書（抜粋）") != NULL, "the PDF's title");

  g_autofree char *page = read_in(dir, "mext-diff-off-by-ten.html");
  cr_expect(strstr(page, "<a href=\"index.html\">") != NULL);
  cr_expect(strstr(page, "data:image/png;base64,") != NULL);
  struct stat st;
  g_autofree char *page_path = g_build_filename(dir, "mext-diff-off-by-ten.html", NULL);
  cr_assert_eq(g_stat(page_path, &st), 0);
  cr_expect_eq(st.st_mode & 0777, 0644, "a page is as readable as any file: %o", st.st_mode);
  ys_run_clear(&r);
}

Test(cli_report, exit_status_as_check) {
  g_autofree char *dir = fresh_dir("report-status");
  const char *a1[] = {"report", "-q", "-o", dir, "samples/city-yosansho-r8.pdf", NULL};
  YsRun r = ys_run(a1, NULL);
  cr_expect_eq(r.status, 0, "everything reconciles; stderr: %s", r.err);
  cr_expect_str_eq(r.out, "", "-q prints nothing");
  ys_run_clear(&r);
  const char *a2[] = {"report", "-o", dir, "samples/errors/mext-rate-off-by-one.pdf", NULL};
  r = ys_run(a2, NULL);
  cr_expect_eq(r.status, 1, "a mismatch; stderr: %s", r.err);
  ys_run_clear(&r);
}
