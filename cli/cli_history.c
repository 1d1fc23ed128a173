/* cli — `yosan history --db=PATH ITEM`: an item's figures by year, initial and supplementary,
 * from the store (store/store_history.c finds them); a year whose documents do not print it
 * says so. Text: one line per year and kind; CSV/JSON Lines: the columns below. Exit status 0,
 * 1 when the item is printed in no document, 2 for an unreadable store. */
#include "cli/cli.h"

enum {
  H_ITEM,
  H_BODY,
  H_FISCAL_YEAR,
  H_BUDGET_KIND,
  H_STATUS,
  H_AMOUNT_YEN,
  H_UNIT,
  H_ROUNDING_UNIT_YEN,
  H_SOURCE,
  H_PAGE,
  H_DOCUMENT_ID,
  H_COUNT
};
static const char *const COLUMNS[H_COUNT] = {
    "item",   "body",       "fiscal_year", "budget_kind",
    "status", "amount_yen", "unit",        "rounding_unit_yen",
    "source", "page",       "document_id"};

/* printed: in that year's own document; printed-later: only as a later document's prior-year
 * figure; missing: in no document */
static const char *row_status(const YsStoreHistoryRow *r) {
  return !r->found ? "missing" : r->from_later ? "printed-later" : "printed";
}

/* The figure in its own unit at its printed precision: 54億円, 12.6億円, 49,286,300千円. */
static char *figure_text(const YsStoreHistoryRow *r) {
  gint64 unit = r->unit_yen > 0 ? r->unit_yen : 1;
  int decimals = 0;
  for (gint64 u = unit; r->rounding_unit_yen > 0 && u > r->rounding_unit_yen && decimals < 18;
       u /= 10)
    decimals++;
  guint64 mag = r->amount_yen < 0 ? (guint64)0 - (guint64)r->amount_yen : (guint64)r->amount_yen;
  guint64 whole = mag / (guint64)unit, rest = mag % (guint64)unit;
  g_autofree char *digits = g_strdup_printf("%" G_GUINT64_FORMAT, whole);
  GString *s = g_string_new(r->amount_yen < 0 ? "-" : "");
  gsize n = strlen(digits);
  for (gsize i = 0; i < n; i++) {
    if (i > 0 && (n - i) % 3 == 0)
      g_string_append_c(s, ',');
    g_string_append_c(s, digits[i]);
  }
  if (decimals > 0) {
    g_string_append_c(s, '.');
    for (int d = 0; d < decimals; d++) {
      rest *= 10;
      g_string_append_c(s, (char)('0' + rest / (guint64)unit));
      rest %= (guint64)unit;
    }
  }
  g_string_append(s, r->unit && r->unit_yen > 0 ? r->unit : "円");
  return g_string_free(s, FALSE);
}

static void text_row(const YsStoreHistoryRow *r, const char **last_body, GString *out) {
  if (*last_body == NULL || strcmp(*last_body, r->body) != 0) {
    g_string_append_printf(out, "%s — %s\n", r->item ? r->item : "",
                           r->body[0] ? r->body : "(body unknown)");
    *last_body = r->body;
  }
  g_autofree char *year = ys_format_year(r->fiscal_year);
  const char *kind = r->kind == YS_KIND_SUPPLEMENTARY ? "補正" : "当初";
  if (!r->found) {
    g_string_append_printf(out, "  %s %s  missing: no document of that year prints it\n", year,
                           kind);
    return;
  }
  g_autofree char *figure = figure_text(r);
  g_string_append_printf(out, "  %s %s  %s  (%s p.%d, document %" G_GINT64_FORMAT "%s)\n", year,
                         kind, figure, r->source, r->page, r->document_id,
                         r->from_later ? "; printed there as the year before" : "");
}

static void table_row(const YsCliOptions *options, const YsStoreHistoryRow *r, GString *out) {
  g_autofree char *amount = r->found ? g_strdup_printf("%" G_GINT64_FORMAT, r->amount_yen) : NULL;
  g_autofree char *rounding =
      r->found ? g_strdup_printf("%" G_GINT64_FORMAT, r->rounding_unit_yen) : NULL;
  g_autofree char *page = r->found ? g_strdup_printf("%d", r->page) : NULL;
  g_autofree char *doc = r->found ? g_strdup_printf("%" G_GINT64_FORMAT, r->document_id) : NULL;
  g_autofree char *year = g_strdup_printf("%d", r->fiscal_year);
  const char *cells[H_COUNT] = {r->item,
                                r->body,
                                year,
                                ys_budget_kind_name(r->kind),
                                row_status(r),
                                amount,
                                r->found ? r->unit : NULL,
                                rounding,
                                r->found ? r->source : NULL,
                                page,
                                doc};
  gboolean number[H_COUNT] = {[H_FISCAL_YEAR] = TRUE,
                              [H_AMOUNT_YEN] = TRUE,
                              [H_ROUNDING_UNIT_YEN] = TRUE,
                              [H_PAGE] = TRUE,
                              [H_DOCUMENT_ID] = TRUE};
  if (options->format == YS_FORMAT_JSONL)
    g_string_append_c(out, '{');
  for (int i = 0; i < H_COUNT; i++) {
    if (options->format == YS_FORMAT_CSV) {
      if (i > 0)
        g_string_append_c(out, ',');
      ys_csv_field(out, cells[i]);
      continue;
    }
    g_string_append_printf(out, "%s\"%s\":", i > 0 ? "," : "", COLUMNS[i]);
    if (number[i] && cells[i] != NULL)
      g_string_append(out, cells[i]);
    else
      ys_json_string(out, cells[i]);
  }
  g_string_append(out, options->format == YS_FORMAT_JSONL ? "}\n" : "\n");
}

int ys_cli_history(const YsCliOptions *options, const YsRules *rules, const char *item) {
  g_autoptr(GError) error = NULL;
  g_autoptr(YsStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  if (!ys_store_open(&store, options->db, FALSE, &error) ||
      !ys_store_history(store, rules, item, options->body, &rows, &error)) {
    fprintf(stderr, "yosan: %s\n", error->message);
    return 2;
  }
  g_autoptr(GString) out = g_string_new(NULL);
  if (options->format == YS_FORMAT_CSV) {
    for (int i = 0; i < H_COUNT; i++)
      g_string_append_printf(out, "%s%s", i > 0 ? "," : "", COLUMNS[i]);
    g_string_append_c(out, '\n');
  }
  const char *last_body = NULL;
  for (guint i = 0; i < rows->len; i++) {
    const YsStoreHistoryRow *r = g_ptr_array_index(rows, i);
    if (options->format == YS_FORMAT_TEXT)
      text_row(r, &last_body, out);
    else
      table_row(options, r, out);
  }
  if (rows->len == 0 && options->format == YS_FORMAT_TEXT)
    g_string_append_printf(out, "%s: no document in %s prints this item\n", item, options->db);
  YsOutFile *file = ys_outfile_open(options->output, options->out_encoding, options->bom, &error);
  if (file == NULL) {
    fprintf(stderr, "yosan: %s\n", error->message);
    return 2;
  }
  if (!ys_outfile_write(file, out->str, out->len, &error)) {
    ys_outfile_abort(file);
    file = NULL;
  }
  if (file != NULL && ys_outfile_commit(file, &error))
    return rows->len == 0 ? 1 : 0;
  if (!g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_PIPE))
    fprintf(stderr, "yosan: %s\n", error->message);
  return 2;
  return rows->len == 0 ? 1 : 0;
}
