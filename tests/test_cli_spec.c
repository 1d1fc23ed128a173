/* tests — what the option spec (cli/cli_spec.c) makes, held to each other and to the user:
 * docs/usage.md's usage block is `yosan --help`; every option is in --help, the man page and the
 * completion; the man page is valid roff; `COMMAND --help` shows that command's options only;
 * a typo gets the nearest name; the bash completion completes commands, options and values;
 * --pages reads the pages it names. */
#include "cli_support.h"

#include <string.h>

/* The text of the fenced block after docs/usage.md's usage mark. */
static char *usage_doc(void) {
  g_autofree char *doc = ys_read_source_file("docs/usage.md");
  const char *mark = strstr(doc, "<!-- usage: made from cli/cli_spec.c");
  cr_assert(mark != NULL, "docs/usage.md has no usage mark");
  const char *open = strstr(mark, "\n```\n");
  cr_assert(open != NULL);
  const char *close = strstr(open + 5, "\n```\n");
  cr_assert(close != NULL);
  return g_strndup(open + 5, (gsize)(close + 1 - (open + 5)));
}

Test(cli_spec, the_usage_doc_block_is_yosan_help) {
  const char *args[] = {"--help", NULL};
  YsRun r = ys_run(args, NULL);
  cr_assert_eq(r.status, 0);
  g_autofree char *block = usage_doc();
  cr_expect_str_eq(block, r.out,
                   "docs/usage.md's usage block differs from `yosan --help`: run `make usage-doc`");
  ys_run_clear(&r);
}

static char *read_build_file(const char *name) {
  g_autofree char *path = g_build_filename(YS_BUILD_ROOT, name, NULL);
  char *text = NULL;
  cr_assert(g_file_get_contents(path, &text, NULL, NULL), "cannot read %s", path);
  return text;
}

/* Every option, long and short, in --help, the man page (as roff: '-' is '\-') and the bash
 * completion; every command in all three. The option names are read from the help text's
 * option lines, and each must be somewhere else too, so a table entry that one of them drops
 * fails here. */
Test(cli_spec, every_option_and_command_is_in_help_man_and_completion) {
  const char *args[] = {"--help", NULL};
  YsRun r = ys_run(args, NULL);
  g_autofree char *man = read_build_file("yosan.1");
  g_autofree char *bash = read_build_file("yosan.bash");
  g_auto(GStrv) lines = g_strsplit(r.out, "\n", -1);
  int options = 0, commands = 0;
  gboolean in_commands = FALSE;
  for (guint i = 0; lines[i]; i++) {
    const char *line = lines[i];
    if (strcmp(line, "Commands:") == 0) {
      in_commands = TRUE;
      continue;
    }
    if (line[0] == '\0')
      in_commands = FALSE;
    if (in_commands) {
      g_auto(GStrv) words = g_strsplit(g_strstrip(g_strdup(line)), " ", 2);
      g_autofree char *man_line = g_strdup_printf("\\fByosan %s\\fR", words[0]);
      cr_expect(strstr(man, man_line) != NULL, "man page lacks the command %s", words[0]);
      g_autofree char *bash_case = g_strdup_printf("    %s) COMPREPLY", words[0]);
      cr_expect(strstr(bash, bash_case) != NULL, "completion lacks the command %s", words[0]);
      commands++;
      continue;
    }
    const char *dashes = strstr(line, "--");
    if (!(g_str_has_prefix(line, "  -") || g_str_has_prefix(line, "      --")) || dashes == NULL)
      continue;
    gsize len = strcspn(dashes + 2, "= ");
    g_autofree char *name = g_strndup(dashes + 2, len);
    g_auto(GStrv) parts = g_strsplit(name, "-", -1);
    g_autofree char *escaped = g_strjoinv("\\-", parts); /* roff's dashes are \- */
    g_autofree char *roff = g_strdup_printf("\\fB\\-\\-%s\\fR", escaped);
    cr_expect(strstr(man, roff) != NULL, "man page lacks --%s", name);
    g_autofree char *word = g_strdup_printf("--%s", name);
    cr_expect(strstr(bash, word) != NULL, "completion lacks --%s", name);
    if (line[2] == '-' && line[3] != '-') { /* "  -f, --format": its short form too */
      g_autofree char *short_roff = g_strdup_printf("\\fB\\-%c\\fR", line[3]);
      cr_expect(strstr(man, short_roff) != NULL, "man page lacks -%c", line[3]);
    }
    options++;
  }
  cr_expect_geq(options, 16, "only %d options in --help", options);
  cr_expect_geq(commands, 4, "only %d commands in --help", commands);
  ys_run_clear(&r);
}

/* groff reads the page without a warning (-ww: all of them), after preconv as man does. */
Test(cli_spec, the_man_page_is_clean_roff) {
  g_autofree char *path = g_build_filename(YS_BUILD_ROOT, "yosan.1", NULL);
  g_autofree char *quoted = g_shell_quote(path);
  g_autofree char *script =
      g_strdup_printf("preconv %s | groff -man -Tutf8 -ww -z 2>&1 >/dev/null", quoted);
  if (g_find_program_in_path("groff") == NULL || g_find_program_in_path("preconv") == NULL)
    cr_skip_test("groff is not installed");
  const char *argv[] = {"/bin/sh", "-c", script, NULL};
  g_autofree char *out = NULL;
  int status = 0;
  cr_assert(g_spawn_sync(NULL, (char **)argv, NULL, 0, NULL, NULL, &out, NULL, &status, NULL));
  cr_expect_str_empty(out, "groff: %s", out);
  /* and it renders: the sections are there */
  g_autofree char *man = read_build_file("yosan.1");
  const char *sections[] = {".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH EXIT STATUS",
                            ".SH FILES"};
  for (gsize i = 0; i < G_N_ELEMENTS(sections); i++)
    cr_expect(strstr(man, sections[i]) != NULL, "no %s", sections[i]);
}

Test(cli_spec, a_commands_help_shows_its_own_options) {
  const char *records[] = {"records", "--help", NULL};
  YsRun r = ys_run(records, NULL);
  cr_expect_eq(r.status, 0);
  cr_expect(g_str_has_prefix(r.out, "Usage: yosan records [options] FILE..."), "%s", r.out);
  cr_expect(strstr(r.out, "--pages") && strstr(r.out, "--bom") && strstr(r.out, "--quiet"));
  ys_run_clear(&r);
  const char *schema[] = {"schema", "--help", NULL};
  r = ys_run(schema, NULL);
  cr_expect_eq(r.status, 0);
  cr_expect(g_str_has_prefix(r.out, "Usage: yosan schema records|findings"), "%s", r.out);
  cr_expect(strstr(r.out, "--pages") == NULL, "schema reads no pages:\n%s", r.out);
  cr_expect(strstr(r.out, "--output") != NULL);
  ys_run_clear(&r);
}

/* ARGS must fail with status 2 and a message holding WANT. */
static void expect_usage_error(const char *const *args, const char *want) {
  YsRun r = ys_run(args, NULL);
  cr_expect_eq(r.status, 2, "%s: status %d", args[0], r.status);
  cr_expect(strstr(r.err, want) != NULL, "want «%s» in: %s", want, r.err);
  cr_expect_str_empty(r.out);
  ys_run_clear(&r);
}

Test(cli_spec, a_typo_gets_the_nearest_name) {
  const char *sample = "samples/mext-lifescience-r8.txt";
  const char *a1[] = {"check", "--fromat=csv", sample, NULL};
  expect_usage_error(a1, "did you mean '--format'?");
  const char *a2[] = {"chek", sample, NULL};
  expect_usage_error(a2, "did you mean 'check'?");
  const char *a3[] = {"records", "--format=jsnl", sample, NULL};
  expect_usage_error(a3, "did you mean 'jsonl'?");
  const char *a4[] = {"records", "--verbos", sample, NULL};
  expect_usage_error(a4, "did you mean '--verbose'?");
  const char *a5[] = {"records", "--page=3", sample, NULL};
  expect_usage_error(a5, "did you mean '--pages'?");
  const char *a6[] = {"records", "--output-enc=cp932", sample, NULL}; /* a unique start */
  expect_usage_error(a6, "did you mean '--output-encoding'?");
  /* far from everything: no guess, but the name */
  const char *a7[] = {"records", "--colour", sample, NULL};
  YsRun r = ys_run(a7, NULL);
  cr_expect_eq(r.status, 2);
  cr_expect(strstr(r.err, "'--colour'") && !strstr(r.err, "did you mean"), "%s", r.err);
  ys_run_clear(&r);
}

Test(cli_spec, misused_options_are_usage_errors) {
  const char *sample = "samples/mext-lifescience-r8.txt";
  const char *a1[] = {"records", "--bom=yes", sample, NULL};
  expect_usage_error(a1, "--bom takes no value");
  const char *a2[] = {"records", "--jobs=two", sample, NULL};
  expect_usage_error(a2, "--jobs wants a whole number, not 'two'");
  const char *a3[] = {"records", "-q", "-v", sample, NULL};
  expect_usage_error(a3, "--quiet and --verbose");
  const char *a4[] = {"schema", "records", "--pages=3", NULL};
  expect_usage_error(a4, "--pages is not an option of 'schema'");
  const char *a5[] = {"records", "--pages=5-3", sample, NULL};
  expect_usage_error(a5, "'5-3' is not a page or a range");
  const char *a6[] = {"records", "--pages=0", sample, NULL};
  expect_usage_error(a6, "'0' is not a page");
  const char *a7[] = {"records", "--format=jsonl", "--bom", sample, NULL};
  expect_usage_error(a7, "JSON Lines are UTF-8 without a byte order mark");
  const char *a8[] = {"records", "--output-encoding=latin1", sample, NULL};
  expect_usage_error(a8, "unknown output encoding 'latin1'");
  const char *a9[] = {"records", "-o", NULL};
  expect_usage_error(a9, "-o needs a value");
  const char *a10[] = {"schema", "budget", NULL};
  expect_usage_error(a10, "schema wants one of: records");
}

/* Short options as before: bundled switches, a value stuck on or apart, `--` ending options. */
Test(cli_spec, short_options_bundle_and_take_values) {
  const char *a1[] = {"records", "-qfjsonl", "-j1", "samples/mext-lifescience-r8.txt", NULL};
  YsRun r = ys_run(a1, NULL);
  cr_expect_eq(r.status, 0, "%s", r.err);
  cr_expect_str_empty(r.out, "-q prints nothing");
  ys_run_clear(&r);
  const char *a2[] = {"records", "-fjsonl", "--", "samples/mext-lifescience-r8.txt", NULL};
  r = ys_run(a2, NULL);
  cr_expect_eq(r.status, 0, "%s", r.err);
  cr_expect(g_str_has_prefix(r.out, "{\"source\":"), "%.100s", r.out);
  ys_run_clear(&r);
}

/* The completion, sourced in bash, asked as bash asks it (COMP_WORDS split at '=' as bash
 * splits them): the words it offers, one per line. */
static char *complete(const char *words) {
  g_autofree char *path = g_build_filename(YS_BUILD_ROOT, "yosan.bash", NULL);
  g_autofree char *qpath = g_shell_quote(path);
  g_autofree char *script = g_strdup_printf(
      "compopt() { :; }; source %s; COMP_WORDS=(%s); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); "
      "_yosan; printf '%%s\\n' \"${COMPREPLY[@]}\"",
      qpath, words);
  const char *argv[] = {"bash", "-c", script, NULL};
  char *out = NULL;
  int status = 0;
  cr_assert(g_spawn_sync(YS_SOURCE_DIR, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                         NULL, &status, NULL));
  cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "bash failed on: %s", words);
  return out;
}

Test(cli_spec, bash_completes_commands_options_and_values) {
  if (g_find_program_in_path("bash") == NULL)
    cr_skip_test("no bash");
  const struct {
    const char *words, *want;
  } cases[] = {
      {"yosan rec", "records\n"},
      {"yosan ''", "text\nrecords\ncheck\nschema\nreport\ningest\nmerge\nhistory\n"},
      {"yosan records --for", "--format=\n"},
      {"yosan records --format = j", "jsonl\n"},
      {"yosan records -f c", "csv\n"},
      {"yosan check --output-encoding = c", "cp932\n"},
      {"yosan check --pa", "--password=\n--pages=\n"},
      {"yosan schema --pa", "\n"}, /* neither is an option of schema: nothing */
      {"yosan schema f", "findings\n"},
      {"yosan -q check samples/mext-lifescience-r8.t", "samples/mext-lifescience-r8.txt\n"},
      {"yosan check --rules samp", "samples\n"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *got = complete(cases[i].words);
    cr_expect_str_eq(got, cases[i].want, "completing «%s»", cases[i].words);
  }
}

/* --pages reads the pages it names: records only from those, in every format, and a text file
 * (form feeds as page breaks) as a PDF. */
Test(cli_spec, pages_reads_only_the_pages_named) {
  /* a text file of ten pages apart by form feeds, each with its number in its text */
  g_autofree char *text_path = g_build_filename(YS_TEST_TMP, "ten-pages.txt", NULL);
  GString *ten = g_string_new(NULL);
  for (int p = 1; p <= 10; p++)
    g_string_append_printf(ten, "%s頁%d 令和8年度予算額 %d億円\n", p > 1 ? "\f" : "", p, p);
  cr_assert(g_file_set_contents(text_path, ten->str, -1, NULL));
  g_string_free(ten, TRUE);
  const char *files[] = {"samples/mext-lifescience-r8.pdf", text_path};
  for (gsize f = 0; f < G_N_ELEMENTS(files); f++) {
    const char *args[] = {"text", "--pages=3-4,9", files[f], NULL};
    YsRun r = ys_run(args, NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    g_auto(GStrv) lines = g_strsplit(r.out, "\n", -1);
    GHashTable *pages = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 1; lines[i] && lines[i][0]; i++)
      g_hash_table_add(pages, GINT_TO_POINTER(atoi(lines[i])));
    cr_expect_eq(g_hash_table_size(pages), 3, "%s: pages read: %u", files[f],
                 g_hash_table_size(pages));
    cr_expect(g_hash_table_contains(pages, GINT_TO_POINTER(3)) &&
              g_hash_table_contains(pages, GINT_TO_POINTER(4)) &&
              g_hash_table_contains(pages, GINT_TO_POINTER(9)));
    g_hash_table_destroy(pages);
    ys_run_clear(&r);
  }
  const char *records[] = {"records", "--format=jsonl", "--pages=2,10", text_path, NULL};
  YsRun r = ys_run(records, NULL);
  cr_expect_eq(r.status, 0, "%s", r.err);
  cr_expect(strstr(r.out, "\"amount_yen\":200000000,") &&
                strstr(r.out, "\"amount_yen\":1000000000,"),
            "%s", r.out);
  cr_expect(!strstr(r.out, "\"amount_yen\":300000000,"), "page 3 was read: %s", r.out);
  ys_run_clear(&r);
  /* the records of pages 3- are those of the whole file from page 3 on */
  const char *all[] = {"records", "samples/mext-lifescience-r8.pdf", NULL};
  const char *from3[] = {"records", "--pages=3-", "samples/mext-lifescience-r8.pdf", NULL};
  YsRun a = ys_run(all, NULL), b = ys_run(from3, NULL);
  cr_expect_eq(b.status, 0, "%s", b.err);
  guint n_all = 0, n_from3 = 0, n_b = 0;
  g_auto(GStrv) la = g_strsplit(a.out, "\n", -1);
  g_auto(GStrv) lb = g_strsplit(b.out, "\n", -1);
  for (guint i = 1; la[i] && la[i][0]; i++) {
    n_all++;
    const char *page = strchr(la[i], ',') + 1;
    n_from3 += atoi(page) >= 3;
  }
  for (guint i = 1; lb[i] && lb[i][0]; i++)
    n_b++;
  cr_expect_gt(n_from3, 0);
  cr_expect_lt(n_from3, n_all);
  cr_expect_eq(n_b, n_from3, "--pages=3- gave %u records, the whole file %u from page 3", n_b,
               n_from3);
  ys_run_clear(&a);
  ys_run_clear(&b);
}

Test(cli_spec, pages_past_the_end_warn_and_none_at_all_fails) {
  const char *past[] = {"records", "--pages=19-30", "samples/mext-lifescience-r8.pdf", NULL};
  YsRun r = ys_run(past, NULL);
  cr_expect_eq(r.status, 0, "%s", r.err);
  cr_expect(strstr(r.err, "it has 20 pages; --pages=19-30 reads 2 of them"), "%s", r.err);
  ys_run_clear(&r);
  const char *none[] = {"check", "--pages=40-", "samples/mext-lifescience-r8.pdf", NULL};
  r = ys_run(none, NULL);
  cr_expect_eq(r.status, 2);
  cr_expect(strstr(r.err, "mext-lifescience-r8.pdf: --pages=40- names none of its 20 pages"), "%s",
            r.err);
  ys_run_clear(&r);
}

/* The mark comes with the first byte of output: -q prints nothing, not a lone mark; a file
 * written with -o starts with it. CP932's warning is a message: -q leaves it out. */
Test(cli_spec, bom_comes_with_the_output_and_cp932_warns_unless_quiet) {
  const char *sample = "samples/errors/mext-diff-off-by-ten.pdf";
  const char *quiet[] = {"records", "-q", "--bom", sample, NULL};
  YsRun r = ys_run(quiet, NULL);
  cr_expect_eq(r.status, 0, "%s", r.err);
  cr_expect_eq(strlen(r.out), 0, "-q --bom printed %zu bytes", strlen(r.out));
  ys_run_clear(&r);
  g_autofree char *path = g_build_filename(YS_TEST_TMP, "bom.csv", NULL);
  const char *to_file[] = {"records", "-q", "--bom", "-o", path, sample, NULL};
  r = ys_run(to_file, NULL);
  cr_expect_eq(r.status, 0, "%s", r.err);
  g_autofree char *text = NULL;
  cr_assert(g_file_get_contents(path, &text, NULL, NULL));
  cr_expect(g_str_has_prefix(text, "\xEF\xBB\xBFsource,page,"), "%.20s", text);
  ys_run_clear(&r);
  const char *cp932[] = {"check", "-v", "--output-encoding=cp932", sample, NULL};
  r = ys_run(cp932, NULL);
  cr_expect(strstr(r.err, "standard output: warning: ") && strstr(r.err, " with no CP932 form: ") &&
                strstr(r.err, "≈ → ≒"),
            "%s", r.err);
  ys_run_clear(&r);
  const char *cp932_quiet[] = {"check", "-q", "-o", path, "--output-encoding=cp932", sample, NULL};
  r = ys_run(cp932_quiet, NULL);
  cr_expect_str_empty(r.err);
  ys_run_clear(&r);
}
