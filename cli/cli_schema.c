/* cli — the Frictionless Table Schema of the records and findings CSV, and the Data Package
 * written beside a CSV file (-o FILE.csv → FILE.datapackage.json): each column's type
 * (integer, number, string), bareNumber, whether it is always filled (`required`) and, for a
 * column of names, the names it takes (`enum`, from the names the records and checks print).
 * The columns themselves and their order come from cli_format.c; this file adds what each
 * means, and a column it knows nothing of makes `yosan schema` fail (a test runs it). */
#include "cli/cli.h"

#include "validate/validate.h"

typedef enum {
  NAMES_NONE,
  NAMES_KIND,
  NAMES_QUALIFIER,
  NAMES_ROLE,
  NAMES_LEVEL,
  NAMES_CHECK,
  NAMES_STATUS
} NameSet;

typedef struct {
  const char *name, *type; /* Table Schema types: integer, number, string */
  gboolean required;
  gboolean positive; /* constraints.minimum 1 */
  NameSet names;
  const char *description;
} Field;

static const Field RECORD_FIELDS[] = {
    {"source", "string", TRUE, FALSE, NAMES_NONE, "The file the record was read from, as given"},
    {"page", "integer", TRUE, TRUE, NAMES_NONE, "The page it was printed on (1-based)"},
    {"line", "integer", TRUE, TRUE, NAMES_NONE, "The line of that page (1-based)"},
    {"item", "string", FALSE, FALSE, NAMES_NONE,
     "The budget item, normalized (a breakdown's: <parent item>/<label>)"},
    {"fiscal_year", "integer", FALSE, FALSE, NAMES_NONE,
     "Gregorian fiscal year (令和8年度 is 2026); empty when the document does not tell"},
    {"budget_kind", "string", TRUE, FALSE, NAMES_KIND,
     "initial (当初), supplementary (補正), request (概算要求), settled (決算), or other (not a "
     "budget line)"},
    {"amount_yen", "integer", FALSE, FALSE, NAMES_NONE,
     "The amount in exact integer yen (a foreign currency: in its own units); empty for a rate"},
    {"unit", "string", FALSE, FALSE, NAMES_NONE, "The unit as printed: 億円, 千円, % …"},
    {"rounding_unit_yen", "integer", FALSE, FALSE, NAMES_NONE,
     "The value of the amount's last printed digit, in yen"},
    {"qualifier", "string", FALSE, FALSE, NAMES_QUALIFIER,
     "portion (内数: part of a larger figure, never added), approx (程度, 約), max (最大), per "
     "(/件, /年); empty for none"},
    {"currency", "string", FALSE, FALSE, NAMES_NONE, "ISO 4217 code: JPY, USD …"},
    {"text", "string", TRUE, FALSE, NAMES_NONE, "The normalized text the record came from"},
    {"id", "integer", TRUE, TRUE, NAMES_NONE, "The record's number in its file (1-based)"},
    {"parent_id", "integer", FALSE, TRUE, NAMES_NONE,
     "The id of the record this one is a part of, in the same file"},
    {"role", "string", TRUE, FALSE, NAMES_ROLE,
     "amount, difference (増▲減額: new − old) or rate (増▲減率, in percent)"},
    {"group", "string", FALSE, FALSE, NAMES_NONE, "The breakdown label: 文部科学省, AMED …"},
    {"rate_percent", "number", FALSE, FALSE, NAMES_NONE, "A rate as printed, in percent"},
    {"unit_yen", "integer", FALSE, TRUE, NAMES_NONE, "The value of one unit, in yen"},
    {"path", "string", FALSE, FALSE, NAMES_NONE,
     "The record's place in the outline, its levels joined by ' / '"},
    {"level", "string", FALSE, FALSE, NAMES_LEVEL, "Its level in the outline"},
    {"x0", "number", FALSE, FALSE, NAMES_NONE, "Its box on the page: left, in PDF points"},
    {"y0", "number", FALSE, FALSE, NAMES_NONE, "top, in PDF points from the page's top"},
    {"x1", "number", FALSE, FALSE, NAMES_NONE, "right"},
    {"y1", "number", FALSE, FALSE, NAMES_NONE, "bottom"},
    {NULL, NULL, FALSE, FALSE, NAMES_NONE, NULL}};

static const Field FINDING_FIELDS[] = {
    {"check", "string", TRUE, FALSE, NAMES_CHECK,
     "sum (a total against its parts), difference, rate, duplicate, or balance (歳出合計 = "
     "歳入合計); reading the store (--db), also cross-year and cross-document"},
    {"status", "string", TRUE, FALSE, NAMES_STATUS,
     "exact, rounding (agrees only within the declared rounding) or mismatch"},
    {"source", "string", TRUE, FALSE, NAMES_NONE, "The file, as given"},
    {"page", "integer", TRUE, TRUE, NAMES_NONE, "The page of the stated figure (1-based)"},
    {"item", "string", FALSE, FALSE, NAMES_NONE, "The budget item"},
    {"fiscal_year", "integer", FALSE, FALSE, NAMES_NONE, "Gregorian fiscal year"},
    {"budget_kind", "string", TRUE, FALSE, NAMES_KIND, "As in the records"},
    {"stated_yen", "integer", FALSE, FALSE, NAMES_NONE, "The figure as printed, in yen"},
    {"computed_yen", "integer", FALSE, FALSE, NAMES_NONE, "The figure computed from the others"},
    {"difference_yen", "integer", FALSE, FALSE, NAMES_NONE, "stated − computed"},
    {"tolerance_yen", "integer", FALSE, FALSE, NAMES_NONE,
     "How far apart they may be within the declared rounding"},
    {"detail", "string", FALSE, FALSE, NAMES_NONE, "The arithmetic, in words"},
    {"line", "integer", TRUE, FALSE, NAMES_NONE, "The line of the stated figure"},
    {"path", "string", FALSE, FALSE, NAMES_NONE, "The stated figure's place in the outline"},
    {NULL, NULL, FALSE, FALSE, NAMES_NONE, NULL}};

/* The names a column of names takes: every value of its enum, as printed (the empty name of
 * "none" left out: an empty field is a missing value). */
static GPtrArray *names_of(NameSet set) {
  GPtrArray *names = g_ptr_array_new();
  switch (set) {
  case NAMES_NONE:
    break;
  case NAMES_KIND:
    for (int i = YS_KIND_INITIAL; i <= YS_KIND_OTHER; i++)
      g_ptr_array_add(names, (gpointer)ys_budget_kind_name((YsBudgetKind)i));
    break;
  case NAMES_QUALIFIER:
    for (int i = YS_QUAL_PORTION; i <= YS_QUAL_PER; i++)
      g_ptr_array_add(names, (gpointer)ys_qualifier_name((YsQualifier)i));
    break;
  case NAMES_ROLE:
    for (int i = YS_ROLE_AMOUNT; i <= YS_ROLE_RATE; i++)
      g_ptr_array_add(names, (gpointer)ys_role_name((YsRole)i));
    break;
  case NAMES_LEVEL:
    for (int i = YS_LEVEL_KAN; i <= YS_LEVEL_BREAKDOWN; i++)
      g_ptr_array_add(names, (gpointer)ys_level_name((YsLevel)i));
    break;
  case NAMES_CHECK:
    for (int i = YS_CHECK_SUM; i <= YS_CHECK_BALANCE; i++)
      g_ptr_array_add(names, (gpointer)ys_check_kind_name((YsCheckKind)i));
    break;
  case NAMES_STATUS:
    for (int i = YS_STATUS_EXACT; i <= YS_STATUS_MISMATCH; i++)
      g_ptr_array_add(names, (gpointer)ys_status_name((YsStatus)i));
    break;
  }
  return names;
}

static const Field *find_field(const Field *fields, const char *name) {
  for (; fields->name; fields++)
    if (strcmp(fields->name, name) == 0)
      return fields;
  return NULL;
}

static void append_field(GString *out, const Field *f, const char *indent) {
  g_string_append_printf(out, "%s{\"name\": ", indent);
  ys_json_string(out, f->name);
  g_string_append_printf(out, ", \"type\": \"%s\", \"format\": \"default\"", f->type);
  if (strcmp(f->type, "string") != 0)
    g_string_append(out, ", \"bareNumber\": true");
  g_string_append(out, ", \"description\": ");
  ys_json_string(out, f->description);
  g_autoptr(GPtrArray) names = names_of(f->names);
  if (f->required || f->positive || names->len > 0) {
    const char *sep = "";
    g_string_append(out, ", \"constraints\": {");
    if (f->required) {
      g_string_append(out, "\"required\": true");
      sep = ", ";
    }
    if (f->positive) {
      g_string_append_printf(out, "%s\"minimum\": 1", sep);
      sep = ", ";
    }
    if (names->len > 0) {
      g_string_append_printf(out, "%s\"enum\": [", sep);
      for (guint i = 0; i < names->len; i++) {
        g_string_append(out, i ? ", " : "");
        ys_json_string(out, g_ptr_array_index(names, i));
      }
      g_string_append_c(out, ']');
    }
    g_string_append_c(out, '}');
  }
  g_string_append_c(out, '}');
}

gboolean ys_schema_table(YsCommand command, const char *indent, GString *out, GError **error) {
  const char *const *columns = ys_format_columns(command);
  const Field *fields = command == YS_CMD_RECORDS ? RECORD_FIELDS : FINDING_FIELDS;
  g_autofree char *inner = g_strconcat(indent, "    ", NULL);
  g_string_append_printf(out, "{\n%s  \"fields\": [\n", indent);
  for (int i = 0; columns && columns[i]; i++) {
    const Field *f = find_field(fields, columns[i]);
    if (f == NULL) {
      g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                  "column '%s' has no entry in cli/cli_schema.c: describe it there (a bug)",
                  columns[i]);
      return FALSE;
    }
    append_field(out, f, inner);
    g_string_append(out, columns[i + 1] ? ",\n" : "\n");
  }
  g_string_append_printf(out, "%s  ],\n%s  \"missingValues\": [\"\"]\n%s}", indent, indent, indent);
  return TRUE;
}

int ys_cli_cmd_schema(YsCliOptions *options, char **args, int n_args) {
  if (n_args != 1 || (strcmp(args[0], "records") != 0 && strcmp(args[0], "findings") != 0))
    return ys_cli_usage_error("schema wants one of: records (the CSV of 'yosan records') or "
                              "findings (of 'yosan check --format=csv')");
  YsCommand of = strcmp(args[0], "records") == 0 ? YS_CMD_RECORDS : YS_CMD_CHECK;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new(NULL);
  if (!ys_schema_table(of, "", text, &error)) {
    fprintf(stderr, "yosan: %s\n", error->message);
    return 2;
  }
  g_string_append_c(text, '\n');
  YsOutFile *out = ys_outfile_open(options->output, YS_OUT_UTF8, FALSE, &error);
  if (out == NULL || !ys_outfile_write(out, text->str, text->len, &error)) {
    fprintf(stderr, "yosan: %s\n", error->message);
    ys_outfile_abort(out);
    return 2;
  }
  if (!ys_outfile_commit(out, &error)) {
    fprintf(stderr, "yosan: %s\n", error->message);
    return 2;
  }
  return 0;
}

/* A Data Package name: lower case letters, digits and . - _ (the Frictionless pattern). */
static char *package_name(const char *base) {
  GString *name = g_string_new(NULL);
  for (const char *p = base; *p; p++) {
    char c = g_ascii_tolower(*p);
    g_string_append_c(name, g_ascii_isalnum(c) || c == '.' || c == '-' || c == '_' ? c : '-');
  }
  return g_string_free(name, FALSE);
}

/* FILE.csv → FILE.datapackage.json; another name gets .datapackage.json added. */
static char *package_path(const char *csv_path) {
  g_autofree char *stem = g_str_has_suffix(csv_path, ".csv")
                              ? g_strndup(csv_path, strlen(csv_path) - 4)
                              : g_strdup(csv_path);
  return g_strconcat(stem, ".datapackage.json", NULL);
}

gboolean ys_schema_write_package(const YsCliOptions *options, GError **error) {
  if (options->output == NULL || strcmp(options->output, "-") == 0 ||
      options->format != YS_FORMAT_CSV ||
      (options->command != YS_CMD_RECORDS && options->command != YS_CMD_CHECK))
    return TRUE;
  g_autofree char *base = g_path_get_basename(options->output);
  g_autofree char *stem =
      g_str_has_suffix(base, ".csv") ? g_strndup(base, strlen(base) - 4) : g_strdup(base);
  g_autofree char *name = package_name(stem);
  const char *resource = options->command == YS_CMD_RECORDS ? "records" : "findings";
  g_autoptr(GString) text = g_string_new("{\n  \"profile\": \"tabular-data-package\",\n");
  g_string_append(text, "  \"name\": ");
  ys_json_string(text, name);
  g_string_append_printf(text,
                         ",\n  \"title\": \"yosan %s\",\n  \"description\": \"Made by "
                         "yosan %s ('yosan schema %s' prints the schema alone)\",\n",
                         resource, YS_VERSION, resource);
  g_string_append_printf(text,
                         "  \"resources\": [\n    {\n      \"profile\": "
                         "\"tabular-data-resource\",\n      \"name\": \"%s\",\n"
                         "      \"path\": ",
                         resource);
  ys_json_string(text, base);
  g_string_append_printf(
      text,
      ",\n      \"format\": \"csv\",\n      \"mediatype\": \"text/csv\",\n"
      "      \"encoding\": \"%s\",\n"
      "      \"dialect\": {\"delimiter\": \",\", \"doubleQuote\": true, \"quoteChar\": \"\\\"\", "
      "\"lineTerminator\": \"\\n\", \"header\": true},\n      \"schema\": ",
      /* "cp932", not IANA's "Windows-31J": the name Python (frictionless-py, pandas), iconv
       * and Java all know */
      options->out_encoding == YS_OUT_CP932 ? "cp932" : "utf-8");
  if (!ys_schema_table(options->command, "      ", text, error))
    return FALSE;
  g_string_append(text, "\n    }\n  ]\n}\n");
  g_autofree char *path = package_path(options->output);
  YsOutFile *out = ys_outfile_open(path, YS_OUT_UTF8, FALSE, error);
  if (out == NULL)
    return FALSE;
  if (!ys_outfile_write(out, text->str, text->len, error)) {
    ys_outfile_abort(out);
    return FALSE;
  }
  return ys_outfile_commit(out, error);
}
