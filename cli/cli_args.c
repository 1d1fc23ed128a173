/* cli — the command line read by the spec (cli_spec.c): `yosan COMMAND [options] ARGS...`,
 * options anywhere before `--`, as `--name=VALUE`, `--name VALUE`, `-x VALUE`, `-xVALUE` or
 * switches bundled (`-qv`). A mistyped option or command is answered with the nearest one;
 * an option given to a command it does not apply to is a usage error. */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>

int ys_cli_usage_error(const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  g_autofree char *message = g_strdup_vprintf(format, ap);
  va_end(ap);
  fprintf(stderr, "yosan: %s\nTry 'yosan --help' for the commands and options.\n", message);
  return 2;
}

void ys_cli_options_clear(YsCliOptions *options) {
  g_clear_pointer(&options->format_name, g_free);
  g_clear_pointer(&options->rules_dir, g_free);
  g_clear_pointer(&options->encoding, g_free);
  g_clear_pointer(&options->password, g_free);
  g_clear_pointer(&options->output, g_free);
  g_clear_pointer(&options->pages_spec, g_free);
  g_clear_pointer(&options->year_spec, g_free);
  g_clear_pointer(&options->db, g_free);
  g_clear_pointer(&options->body, g_free);
  g_clear_pointer(&options->item_pattern, g_free);
  g_clear_pointer(&options->output_encoding_name, g_free);
  g_clear_pointer(&options->pages, g_free);
}

static const char *const *long_names(void) {
  static const char *names[64];
  guint n = 0;
  for (const YsOptionSpec *o = ys_cli_options; o->name && n + 1 < G_N_ELEMENTS(names); o++)
    names[n++] = o->name;
  names[n] = NULL;
  return names;
}

static const char *const *command_names(void) {
  static const char *names[32];
  guint n = 0;
  for (const YsCommandSpec *c = ys_cli_commands; c->name && n + 1 < G_N_ELEMENTS(names); c++)
    names[n++] = c->name;
  names[n] = NULL;
  return names;
}

static int unknown_option(const char *given, gsize len) {
  g_autofree char *name = g_strndup(given, len);
  const char *near = ys_cli_nearest(name, long_names());
  if (near != NULL)
    return ys_cli_usage_error("unknown option '--%s': did you mean '--%s'?", name, near);
  return ys_cli_usage_error("unknown option '--%s'", name);
}

/* Stores VALUE (NULL for a switch) where OPTION's entry says. */
static gboolean store(YsCliOptions *options, const YsOptionSpec *option, const char *value) {
  char *field = (char *)options + option->offset;
  gint64 number = 0;
  switch (option->type) {
  case YS_ARG_NONE:
    *(gboolean *)(void *)field = TRUE;
    return TRUE;
  case YS_ARG_STRING:
  case YS_ARG_FILENAME:
    g_free(*(char **)(void *)field);
    *(char **)(void *)field = g_strdup(value);
    return TRUE;
  case YS_ARG_INT:
  case YS_ARG_INT64:
    if (!g_ascii_string_to_signed(value, 10, option->type == YS_ARG_INT ? G_MININT : G_MININT64,
                                  option->type == YS_ARG_INT ? G_MAXINT : G_MAXINT64, &number,
                                  NULL)) {
      ys_cli_usage_error("--%s wants a whole number, not '%s'", option->name, value);
      return FALSE;
    }
    if (option->type == YS_ARG_INT)
      *(int *)(void *)field = (int)number;
    else
      *(gint64 *)(void *)field = number;
    return TRUE;
  }
  return FALSE;
}

/* Reads the options of argv, keeping the rest (the command, its arguments) in order in REST.
 * GIVEN collects the options seen, for the check that they apply to the command. */
static int read_options(YsCliOptions *options, int argc, char **argv, GPtrArray *rest,
                        GPtrArray *given) {
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (strcmp(arg, "--") == 0) {
      for (i++; i < argc; i++)
        g_ptr_array_add(rest, argv[i]);
      break;
    }
    if (arg[0] != '-' || arg[1] == '\0') { /* a word, or '-' (standard input) */
      g_ptr_array_add(rest, argv[i]);
      continue;
    }
    if (arg[1] == '-') {
      const char *name = arg + 2, *eq = strchr(name, '=');
      gsize len = eq ? (gsize)(eq - name) : strlen(name);
      const YsOptionSpec *option = NULL;
      for (const YsOptionSpec *o = ys_cli_options; o->name && !option; o++)
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
          option = o;
      if (option == NULL)
        return unknown_option(name, len);
      const char *value = eq ? eq + 1 : NULL;
      if (option->type == YS_ARG_NONE && value != NULL)
        return ys_cli_usage_error("--%s takes no value", option->name);
      if (option->type != YS_ARG_NONE && value == NULL) {
        if (i + 1 >= argc)
          return ys_cli_usage_error("--%s needs a value (%s)", option->name, option->arg);
        value = argv[++i];
      }
      if (!store(options, option, value))
        return 2;
      g_ptr_array_add(given, (gpointer)option);
      continue;
    }
    for (const char *p = arg + 1; *p; p++) { /* -x, bundled switches, -xVALUE, -x VALUE */
      const YsOptionSpec *option = NULL;
      for (const YsOptionSpec *o = ys_cli_options; o->name && !option; o++)
        if (o->short_name == *p)
          option = o;
      if (option == NULL)
        return ys_cli_usage_error("unknown option '-%c'", *p);
      const char *value = NULL;
      if (option->type != YS_ARG_NONE) {
        if (p[1] != '\0')
          value = p + 1;
        else if (i + 1 < argc)
          value = argv[++i];
        else
          return ys_cli_usage_error("-%c needs a value (%s)", *p, option->arg);
      }
      if (!store(options, option, value))
        return 2;
      g_ptr_array_add(given, (gpointer)option);
      if (value != NULL)
        break;
    }
  }
  return -1;
}

static gboolean parse_format(const char *name, YsFormat *format) {
  static const char *const names[] = {"text", "csv", "jsonl", NULL};
  for (int i = 0; names[i]; i++)
    if (g_strcmp0(name, names[i]) == 0) {
      *format = (YsFormat)i;
      return TRUE;
    }
  return FALSE;
}

/* --year: a Gregorian year (2026) or a 和暦 one (令和8, 令和8年度, R8). */
static gboolean parse_year(const char *spec, int *year) {
  gsize used = 0;
  g_autofree char *text = ys_norm_text(spec, NULL); /* full-width digits, spaces */
  g_strstrip(text);
  if (ys_norm_parse_wareki(text, year, &used)) {
    const char *rest = text + used;
    while (*rest == ' ')
      rest++;
    return *rest == '\0';
  }
  char *end = NULL;
  gint64 v = g_ascii_strtoll(text, &end, 10);
  if (end == text || *end != '\0' || v < 1868 || v > 2999)
    return FALSE;
  *year = (int)v;
  return TRUE;
}

/* What the options mean together, once the command is known. */
static int settle(YsCliOptions *options) {
  options->format = options->command == YS_CMD_RECORDS ? YS_FORMAT_CSV : YS_FORMAT_TEXT;
  if (options->format_name != NULL && !parse_format(options->format_name, &options->format)) {
    static const char *const formats[] = {"text", "csv", "jsonl", NULL};
    const char *near = ys_cli_nearest(options->format_name, formats);
    return ys_cli_usage_error("unknown format '%s': %s%s%suse text, csv or jsonl",
                              options->format_name, near ? "did you mean '" : "", near ? near : "",
                              near ? "'? " : "");
  }
  if (options->jobs < 1 || options->timeout_seconds < 0 || options->memory_limit_mb < 0)
    return ys_cli_usage_error("--jobs must be at least 1; --timeout and --memory-limit at least 0");
  if (options->quiet && options->verbose)
    return ys_cli_usage_error("--quiet and --verbose ask for opposite things: give one");
  options->out_encoding = YS_OUT_UTF8;
  if (options->output_encoding_name != NULL) {
    if (g_ascii_strcasecmp(options->output_encoding_name, "cp932") == 0 ||
        g_ascii_strcasecmp(options->output_encoding_name, "shift_jis") == 0 ||
        g_ascii_strcasecmp(options->output_encoding_name, "sjis") == 0)
      options->out_encoding = YS_OUT_CP932;
    else if (g_ascii_strcasecmp(options->output_encoding_name, "utf-8") != 0 &&
             g_ascii_strcasecmp(options->output_encoding_name, "utf8") != 0)
      return ys_cli_usage_error("unknown output encoding '%s': use utf-8 or cp932",
                                options->output_encoding_name);
  }
  if (options->bom && options->out_encoding == YS_OUT_CP932)
    return ys_cli_usage_error("--bom is for UTF-8: CP932 has no byte order mark");
  if (options->format == YS_FORMAT_JSONL && (options->bom || options->out_encoding != YS_OUT_UTF8))
    return ys_cli_usage_error("JSON Lines are UTF-8 without a byte order mark (RFC 8259): "
                              "--bom and --output-encoding are for csv and text");
  g_autoptr(GError) error = NULL;
  if (options->pages_spec != NULL &&
      !ys_cli_parse_pages(options->pages_spec, &options->pages, &options->n_pages, &error))
    return ys_cli_usage_error("%s", error->message);
  if (options->year_spec != NULL && !parse_year(options->year_spec, &options->document_year))
    return ys_cli_usage_error("--year=%s: give a fiscal year as 2026 or 令和8", options->year_spec);
  /* with --db the year selects the store's documents of that fiscal year */
  options->filter_year = options->db != NULL ? options->document_year : 0;
  options->isolate = !options->no_isolate;
  options->rules_default = options->rules_dir == NULL;
  if (options->rules_dir == NULL)
    options->rules_dir = ys_cli_default_rules_dir();
  return -1;
}

int ys_cli_parse(YsCliOptions *options, int argc, char **argv, char ***args, int *n_args) {
  memset(options, 0, sizeof *options);
  options->jobs = (int)g_get_num_processors();
  options->timeout_seconds = 600;
  options->memory_limit_mb = 4096;
  /* REST keeps pointers into argv: the caller's args are argv's own strings */
  g_autoptr(GPtrArray) rest = g_ptr_array_new();
  g_autoptr(GPtrArray) given = g_ptr_array_new();
  int status = read_options(options, argc, argv, rest, given);
  if (status >= 0)
    return status;
  const char *word = rest->len > 0 ? g_ptr_array_index(rest, 0) : NULL;
  const YsCommandSpec *command = ys_cli_find_command(word);
  if (options->help) {
    g_autoptr(GString) help = ys_cli_help_text(command ? command->name : NULL);
    fputs(help->str, stdout);
    return 0;
  }
  if (options->version) {
    printf("yosan %s (poppler-glib, PCRE2, GLib)\n", YS_VERSION);
    return 0;
  }
  if (word == NULL)
    return ys_cli_usage_error("no command given: use text, records or check");
  if (command == NULL) {
    const char *near = ys_cli_nearest(word, command_names());
    if (near != NULL)
      return ys_cli_usage_error("unknown command '%s': did you mean '%s'?", word, near);
    return ys_cli_usage_error("unknown command '%s': use text, records, check or schema", word);
  }
  for (guint i = 0; i < given->len; i++) {
    const YsOptionSpec *o = g_ptr_array_index(given, i);
    if (!ys_cli_option_applies(o, command->name)) {
      g_auto(GStrv) names = g_strsplit(o->commands, " ", -1);
      guint n = g_strv_length(names);
      g_autoptr(GString) list = g_string_new(NULL);
      for (guint k = 0; k < n; k++)
        g_string_append_printf(list, "%s%s", k == 0 ? "" : k + 1 == n ? " and " : ", ", names[k]);
      return ys_cli_usage_error("--%s is not an option of '%s' (it is for %s)", o->name,
                                command->name, list->str);
    }
  }
  options->command = (YsCommand)command->id;
  options->command_name = command->name;
  status = settle(options);
  if (status >= 0)
    return status;
  /* the arguments stay argv's strings: move them to argv's own array, after the command */
  for (guint i = 1; i < rest->len; i++)
    argv[i] = g_ptr_array_index(rest, i);
  *args = argv + 1;
  *n_args = (int)rest->len - 1;
  return -1;
}

/* --pages: numbers and ranges apart by commas (3-5,9; 7- is 7 to the end). */
gboolean ys_cli_parse_pages(const char *spec, YsPageRange **ranges, guint *n, GError **error) {
  g_auto(GStrv) parts = g_strsplit(spec, ",", -1);
  GArray *out = g_array_new(FALSE, FALSE, sizeof(YsPageRange));
  for (int i = 0; parts[i]; i++) {
    g_autofree char *part = g_strstrip(g_strdup(parts[i]));
    char *dash = strchr(part, '-');
    guint64 first = 0, last = 0;
    if (dash)
      *dash = '\0';
    gboolean ok = g_ascii_string_to_unsigned(part, 10, 1, G_MAXINT, &first, NULL);
    if (ok && dash && dash[1] != '\0')
      ok = g_ascii_string_to_unsigned(dash + 1, 10, 1, G_MAXINT, &last, NULL) && last >= first;
    if (!ok) {
      g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                  "--pages=%s: '%s' is not a page or a range of pages (1-based: 3, 3-5 or 7-)",
                  spec, parts[i]);
      g_array_free(out, TRUE);
      return FALSE;
    }
    YsPageRange range = {(int)first, dash ? (int)last : (int)first};
    g_array_append_val(out, range);
  }
  *n = out->len;
  *ranges = (YsPageRange *)(void *)g_array_free(out, FALSE);
  return TRUE;
}

gboolean ys_cli_page_selected(const YsCliOptions *options, int page) {
  if (options->pages == NULL)
    return TRUE;
  for (guint i = 0; i < options->n_pages; i++) {
    const YsPageRange *r = &options->pages[i];
    if (page >= r->first && (r->last == 0 || page <= r->last))
      return TRUE;
  }
  return FALSE;
}
