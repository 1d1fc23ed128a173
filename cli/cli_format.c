/* cli — how each command prints: normalized text, records and findings as CSV (RFC 4180,
 * the headers of DESIGN.md, then added columns at the end), JSON Lines, or the human report.
 * The CSV column order is a contract other tools read: append, never rename or reorder. */
#include "cli/cli.h"

#include "validate/validate.h"

/* Each column is named once, by enum: the CSV header, CSV rows and JSON keys all index these
 * tables, so they cannot drift apart. */
enum {
  REC_SOURCE,
  REC_PAGE,
  REC_LINE,
  REC_ITEM,
  REC_FISCAL_YEAR,
  REC_BUDGET_KIND,
  REC_AMOUNT_YEN,
  REC_UNIT,
  REC_ROUNDING_UNIT_YEN,
  REC_QUALIFIER,
  REC_CURRENCY,
  REC_TEXT,
  /* added after the DESIGN.md columns */
  REC_ID,
  REC_PARENT_ID,
  REC_ROLE,
  REC_GROUP,
  REC_RATE_PERCENT,
  REC_UNIT_YEN,
  REC_PATH,
  REC_LEVEL,
  REC_X0,
  REC_Y0,
  REC_X1,
  REC_Y1,
  REC_COUNT
};

static const char *const RECORD_COLUMNS[REC_COUNT + 1] = {[REC_SOURCE] = "source",
                                                          [REC_PAGE] = "page",
                                                          [REC_LINE] = "line",
                                                          [REC_ITEM] = "item",
                                                          [REC_FISCAL_YEAR] = "fiscal_year",
                                                          [REC_BUDGET_KIND] = "budget_kind",
                                                          [REC_AMOUNT_YEN] = "amount_yen",
                                                          [REC_UNIT] = "unit",
                                                          [REC_ROUNDING_UNIT_YEN] =
                                                              "rounding_unit_yen",
                                                          [REC_QUALIFIER] = "qualifier",
                                                          [REC_CURRENCY] = "currency",
                                                          [REC_TEXT] = "text",
                                                          [REC_ID] = "id",
                                                          [REC_PARENT_ID] = "parent_id",
                                                          [REC_ROLE] = "role",
                                                          [REC_GROUP] = "group",
                                                          [REC_RATE_PERCENT] = "rate_percent",
                                                          [REC_UNIT_YEN] = "unit_yen",
                                                          [REC_PATH] = "path",
                                                          [REC_LEVEL] = "level",
                                                          [REC_X0] = "x0",
                                                          [REC_Y0] = "y0",
                                                          [REC_X1] = "x1",
                                                          [REC_Y1] = "y1",
                                                          [REC_COUNT] = NULL};

enum {
  FND_CHECK,
  FND_STATUS,
  FND_SOURCE,
  FND_PAGE,
  FND_ITEM,
  FND_FISCAL_YEAR,
  FND_BUDGET_KIND,
  FND_STATED_YEN,
  FND_COMPUTED_YEN,
  FND_DIFFERENCE_YEN,
  FND_TOLERANCE_YEN,
  FND_DETAIL,
  /* added after the DESIGN.md columns */
  FND_LINE,
  FND_PATH,
  FND_COUNT
};

static const char *const FINDING_COLUMNS[FND_COUNT + 1] = {[FND_CHECK] = "check",
                                                           [FND_STATUS] = "status",
                                                           [FND_SOURCE] = "source",
                                                           [FND_PAGE] = "page",
                                                           [FND_ITEM] = "item",
                                                           [FND_FISCAL_YEAR] = "fiscal_year",
                                                           [FND_BUDGET_KIND] = "budget_kind",
                                                           [FND_STATED_YEN] = "stated_yen",
                                                           [FND_COMPUTED_YEN] = "computed_yen",
                                                           [FND_DIFFERENCE_YEN] = "difference_yen",
                                                           [FND_TOLERANCE_YEN] = "tolerance_yen",
                                                           [FND_DETAIL] = "detail",
                                                           [FND_LINE] = "line",
                                                           [FND_PATH] = "path",
                                                           [FND_COUNT] = NULL};

/* TEXT (LEN bytes) as a CSV field written at W, which has room for 2 LEN + 2 bytes (every byte
 * a doubled quote, and the quotes around); returns the end. */
static char *put_csv_field(char *w, const char *text, gsize len) {
  if (strpbrk(text, ",\"\n\r") == NULL) {
    memcpy(w, text, len);
    return w + len;
  }
  *w++ = '"';
  for (const char *p = text; *p; p++) {
    if (*p == '"')
      *w++ = '"';
    *w++ = *p;
  }
  *w++ = '"';
  return w;
}

void ys_csv_field(GString *out, const char *value) {
  if (value == NULL)
    return;
  gsize len = strlen(value), start = out->len;
  g_string_set_size(out, start + 2 * len + 2);
  g_string_truncate(out, (gsize)(put_csv_field(out->str + start, value, len) - out->str));
}

void ys_json_string(GString *out, const char *value) {
  if (value == NULL) {
    g_string_append(out, "null");
    return;
  }
  g_string_append_c(out, '"');
  const unsigned char *run = (const unsigned char *)value;
  for (const unsigned char *p = run; *p; p++) {
    if (*p >= 0x20 && *p != '"' && *p != '\\')
      continue;
    /* Copy the plain run before this byte in one go: most text needs no escaping. */
    g_string_append_len(out, (const char *)run, p - run);
    run = p + 1;
    switch (*p) {
    case '"':
      g_string_append(out, "\\\"");
      break;
    case '\\':
      g_string_append(out, "\\\\");
      break;
    case '\n':
      g_string_append(out, "\\n");
      break;
    case '\r':
      g_string_append(out, "\\r");
      break;
    case '\t':
      g_string_append(out, "\\t");
      break;
    default:
      g_string_append_printf(out, "\\u%04x", *p);
    }
  }
  g_string_append(out, (const char *)run);
  g_string_append_c(out, '"');
}

char *ys_format_year(int fiscal_year) {
  if (fiscal_year <= 0)
    return g_strdup("年度不明");
  char *wareki = ys_norm_year_to_wareki(fiscal_year);
  return wareki ? wareki : g_strdup_printf("%d年度", fiscal_year);
}

/* A printed rate as a decimal string: 35, 1 → "3.5"; -5, 1 → "-0.5". Integers only. */
static char *rate_string(gint64 scaled, int decimals) {
  if (decimals <= 0)
    return g_strdup_printf("%" G_GINT64_FORMAT, scaled);
  gint64 scale = 1;
  for (int i = 0; i < decimals; i++)
    scale *= 10;
  guint64 magnitude = scaled < 0 ? (guint64)0 - (guint64)scaled : (guint64)scaled;
  return g_strdup_printf("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT, scaled < 0 ? "-" : "",
                         magnitude / (guint64)scale, decimals, magnitude % (guint64)scale);
}

/* One field of a row: a number, or text. Text NULL or "" (no such value) is an empty CSV field
 * and a JSON null, always: a JSON line has every column as a key, and "" never; a number is
 * bare digits in both. */
typedef struct {
  const char *text;
  gint64 number;
  gboolean is_number;
  gboolean bare; /* TEXT is a number already written out (3.5, 102.25): unquoted in JSON */
} Cell;

static Cell text_cell(const char *text) {
  return (Cell){.text = text};
}

/* A decimal written out, or no value (NULL). */
static Cell decimal_cell(const char *digits) {
  return (Cell){.text = digits, .bare = TRUE};
}

/* A number, or no value (CSV "", JSON null) when absent. */
static Cell number_cell(gint64 number, gboolean present) {
  return (Cell){.number = number, .is_number = present};
}

/* Decimal digits without printf, formatting being a hot path of `yosan records`: VALUE written
 * at W (at most 20 bytes); returns the end. */
static char *put_int64(char *w, gint64 value) {
  char digits[24];
  char *end = digits + sizeof digits, *p = end;
  guint64 magnitude = value < 0 ? (guint64)0 - (guint64)value : (guint64)value;
  do {
    *--p = (char)('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude > 0);
  if (value < 0)
    *--p = '-';
  memcpy(w, p, (gsize)(end - p));
  return w + (end - p);
}

static void append_int64(GString *out, gint64 value) {
  char digits[24];
  g_string_append_len(out, digits, put_int64(digits, value) - digits);
}

/* The digits of a box coordinate, in points to a hundredth (any locale: '.' always). */
typedef char BoxDigits[G_ASCII_DTOSTR_BUF_SIZE];

static const char *box_digits(BoxDigits buf, double v, gboolean present) {
  return present ? g_ascii_formatd(buf, sizeof(BoxDigits), "%.2f", v) : NULL;
}

/* `rate` holds the rate_percent text and BOX the box's digits; they must outlive the cells. */
static void record_cells(const YsRecordSet *set, const YsRecord *r, char **rate, BoxDigits box[4],
                         Cell cells[REC_COUNT]) {
  gboolean is_rate = r->role == YS_ROLE_RATE;
  *rate = is_rate ? rate_string(r->rate_scaled, r->rate_decimals) : NULL;
  cells[REC_SOURCE] = text_cell(r->source ? r->source : set->source);
  cells[REC_PAGE] = number_cell(r->page, TRUE);
  cells[REC_LINE] = number_cell(r->line, TRUE);
  cells[REC_ITEM] = text_cell(r->item);
  cells[REC_FISCAL_YEAR] = number_cell(r->fiscal_year, r->fiscal_year > 0);
  cells[REC_BUDGET_KIND] = text_cell(ys_budget_kind_name(r->kind));
  cells[REC_AMOUNT_YEN] = number_cell(r->amount_yen, !is_rate);
  cells[REC_UNIT] = text_cell(r->unit);
  cells[REC_ROUNDING_UNIT_YEN] = number_cell(r->rounding_unit_yen, !is_rate);
  cells[REC_QUALIFIER] = text_cell(ys_qualifier_name(r->qualifier));
  cells[REC_CURRENCY] = text_cell(r->currency);
  cells[REC_TEXT] = text_cell(r->text);
  cells[REC_ID] = number_cell(r->id, TRUE);
  cells[REC_PARENT_ID] = number_cell(r->parent_id, r->parent_id != 0);
  cells[REC_ROLE] = text_cell(ys_role_name(r->role));
  cells[REC_GROUP] = text_cell(r->group);
  cells[REC_RATE_PERCENT] = decimal_cell(*rate);
  cells[REC_UNIT_YEN] = number_cell(r->unit_yen, !is_rate && r->unit_yen > 0);
  cells[REC_PATH] = text_cell(r->path ? r->path : "");
  cells[REC_LEVEL] = text_cell(ys_level_name(r->level));
  cells[REC_X0] = decimal_cell(box_digits(box[0], r->x0, r->has_box));
  cells[REC_Y0] = decimal_cell(box_digits(box[1], r->y0, r->has_box));
  cells[REC_X1] = decimal_cell(box_digits(box[2], r->x1, r->has_box));
  cells[REC_Y1] = decimal_cell(box_digits(box[3], r->y1, r->has_box));
}

static void finding_cells(const YsFinding *fd, Cell cells[FND_COUNT]) {
  cells[FND_CHECK] = text_cell(ys_check_kind_name(fd->check));
  cells[FND_STATUS] = text_cell(ys_status_name(fd->status));
  cells[FND_SOURCE] = text_cell(fd->source);
  cells[FND_PAGE] = number_cell(fd->page, TRUE);
  cells[FND_ITEM] = text_cell(fd->item);
  cells[FND_FISCAL_YEAR] = number_cell(fd->fiscal_year, fd->fiscal_year > 0);
  cells[FND_BUDGET_KIND] = text_cell(ys_budget_kind_name(fd->kind));
  cells[FND_STATED_YEN] = number_cell(fd->stated_yen, fd->has_yen);
  cells[FND_COMPUTED_YEN] = number_cell(fd->computed_yen, fd->has_yen);
  cells[FND_DIFFERENCE_YEN] = number_cell(fd->difference_yen, fd->has_yen);
  cells[FND_TOLERANCE_YEN] = number_cell(fd->tolerance_yen, fd->has_yen);
  cells[FND_DETAIL] = text_cell(fd->detail);
  cells[FND_LINE] = number_cell(fd->line, TRUE);
  cells[FND_PATH] = text_cell(fd->path ? fd->path : "");
}

/* A CSV row written straight into OUT's buffer, grown once for the longest it can be: a row is
 * a hot path of `yosan records`, and a GString call per field cost more than the fields. */
static void emit_csv_row(const Cell *cells, guint n, GString *out) {
  gsize lens[(int)REC_COUNT > (int)FND_COUNT ? (int)REC_COUNT : (int)FND_COUNT];
  gsize most = n + 1; /* commas and the newline */
  for (guint i = 0; i < n && i < G_N_ELEMENTS(lens); i++) {
    lens[i] = cells[i].is_number || !cells[i].text ? 0 : strlen(cells[i].text);
    most += cells[i].is_number ? 20 : 2 * lens[i] + 2;
  }
  gsize start = out->len;
  g_string_set_size(out, start + most);
  char *w = out->str + start;
  for (guint i = 0; i < n && i < G_N_ELEMENTS(lens); i++) {
    if (i > 0)
      *w++ = ',';
    if (cells[i].is_number)
      w = put_int64(w, cells[i].number);
    else if (cells[i].text)
      w = put_csv_field(w, cells[i].text, lens[i]);
  }
  *w++ = '\n';
  g_string_truncate(out, (gsize)(w - out->str));
}

static void emit_row(YsFormat format, const char *const *columns, const Cell *cells, guint n,
                     GString *out) {
  if (format == YS_FORMAT_CSV) {
    emit_csv_row(cells, n, out);
    return;
  }
  g_string_append_c(out, '{');
  for (guint i = 0; i < n; i++) {
    if (i > 0)
      g_string_append_c(out, ',');
    /* Column names are plain ASCII identifiers: nothing to escape. */
    g_string_append_c(out, '"');
    g_string_append(out, columns[i]);
    g_string_append(out, "\":");
    if (cells[i].is_number)
      append_int64(out, cells[i].number);
    else if (cells[i].text == NULL || cells[i].text[0] == '\0')
      g_string_append(out, "null");
    else if (cells[i].bare)
      g_string_append(out, cells[i].text);
    else
      ys_json_string(out, cells[i].text);
  }
  g_string_append(out, "}\n");
}

const char *const *ys_format_columns(YsCommand command) {
  if (command == YS_CMD_RECORDS)
    return RECORD_COLUMNS;
  if (command == YS_CMD_CHECK)
    return FINDING_COLUMNS;
  return NULL;
}

void ys_format_header(const YsCliOptions *options, GString *out) {
  if (options->format != YS_FORMAT_CSV)
    return;
  const char *const *columns = ys_format_columns(options->command);
  if (columns == NULL)
    return;
  for (int i = 0; columns[i]; i++) {
    if (i > 0)
      g_string_append_c(out, ',');
    g_string_append(out, columns[i]);
  }
  g_string_append_c(out, '\n');
}

/* JSON Lines of `text`: a line with its box and its cells' horizontal extents (PDF points from
 * the page's top-left corner; null for text input), for people who place lines themselves. */
static void format_text_jsonl(const YsNormLine *line, GString *out) {
  gboolean box = line->y1 > line->y0;
  BoxDigits d[4];
  g_string_append_printf(out, "{\"page\":%d,\"line\":%d,\"text\":", line->page, line->line);
  ys_json_string(out, line->text);
  const double v[4] = {line->x0, line->y0, line->x1, line->y1};
  const char *names[4] = {"x0", "y0", "x1", "y1"};
  for (int i = 0; i < 4; i++)
    g_string_append_printf(out, ",\"%s\":%s", names[i],
                           box ? box_digits(d[i], v[i], TRUE) : "null");
  g_string_append(out, ",\"cells\":");
  if (!box || !line->cells) {
    g_string_append(out, "null}\n");
    return;
  }
  g_string_append_c(out, '[');
  for (guint i = 0; i < line->cells->len; i++) {
    const YsCellSpan *sp = &g_array_index(line->cells, YsCellSpan, i);
    g_string_append_printf(out, "%s[%s,%s]", i ? "," : "", box_digits(d[0], sp->x0, TRUE),
                           box_digits(d[1], sp->x1, TRUE));
  }
  g_string_append(out, "]}\n");
}

void ys_format_text_line(const YsCliOptions *options, const YsNormLine *line, GString *out) {
  if (options->format == YS_FORMAT_JSONL) {
    format_text_jsonl(line, out);
    return;
  }
  g_string_append_printf(out, "%d:%d: %s\n", line->page, line->line, line->text);
}

static void format_records_text(const YsRecordSet *set, guint from, guint to, GString *out) {
  if (from == 0)
    g_string_append_printf(out, "# %s: %u records\n", set->source, set->records->len);
  for (guint i = from; i < to; i++) {
    const YsRecord *r = g_ptr_array_index(set->records, i);
    g_autofree char *year = ys_format_year(r->fiscal_year);
    g_string_append_printf(out, "p.%d:%d  #%u", r->page, r->line, r->id);
    if (r->parent_id)
      g_string_append_printf(out, " (part of #%u)", r->parent_id);
    g_string_append_printf(out, "  %s  %s %s  ", r->item ? r->item : "", year,
                           ys_budget_kind_name(r->kind));
    if (r->role == YS_ROLE_RATE) {
      g_autofree char *rate = rate_string(r->rate_scaled, r->rate_decimals);
      g_string_append_printf(out, "rate %s%%", rate);
    } else {
      g_string_append_printf(out, "%s %" G_GINT64_FORMAT " %s",
                             r->role == YS_ROLE_DIFFERENCE ? "difference" : "amount", r->amount_yen,
                             r->currency ? r->currency : "");
    }
    if (r->qualifier != YS_QUAL_NONE)
      g_string_append_printf(out, " [%s]", ys_qualifier_name(r->qualifier));
    g_string_append_printf(out, "  | %s\n", r->text ? r->text : "");
  }
}

void ys_format_records(const YsCliOptions *options, const YsRecordSet *set, guint from, guint to,
                       GString *out) {
  to = MIN(to, set->records->len);
  if (options->format == YS_FORMAT_TEXT) {
    format_records_text(set, from, to, out);
    return;
  }
  for (guint i = from; i < to; i++) {
    Cell cells[REC_COUNT];
    g_autofree char *rate = NULL;
    BoxDigits box[4];
    record_cells(set, g_ptr_array_index(set->records, i), &rate, box, cells);
    emit_row(options->format, RECORD_COLUMNS, cells, REC_COUNT, out);
  }
}

/* The human report: the rounding rule used, then findings grouped by page — every mismatch
 * with its page, item, year, arithmetic and the line as printed (all findings with -v). */
static void format_findings_text(const YsCliOptions *options, const YsRecordSet *set,
                                 const GPtrArray *findings, GString *out) {
  g_string_append_printf(out, "%s\n", set->source);
  if (set->rounding == YS_ROUND_UNKNOWN)
    g_string_append(
        out, "  rounding: no note found; figures taken as printed (one printed coarser than the "
             "others may be rounded either way)\n");
  else
    g_string_append_printf(out, "  rounding: %s (declared on p.%d)\n",
                           ys_rounding_name(set->rounding), set->rounding_page);
  guint counts[3] = {0, 0, 0}; /* exact, rounding, mismatch */
  for (guint i = 0; i < findings->len; i++)
    counts[((const YsFinding *)g_ptr_array_index(findings, i))->status]++;
  if (counts[YS_STATUS_MISMATCH] == 0)
    g_string_append_printf(out, "  all %u checks reconcile: %u exact, %u within the rounding\n",
                           findings->len, counts[YS_STATUS_EXACT], counts[YS_STATUS_ROUNDING]);
  else
    g_string_append_printf(out, "  %u of %u checks do not reconcile:\n", counts[YS_STATUS_MISMATCH],
                           findings->len);
  int last_page = 0;
  for (guint i = 0; i < findings->len; i++) {
    const YsFinding *f = g_ptr_array_index(findings, i);
    if (f->status != YS_STATUS_MISMATCH && !options->verbose)
      continue;
    if (f->page != last_page) {
      g_string_append_printf(out, "  p.%d\n", f->page);
      last_page = f->page;
    }
    g_autofree char *year = ys_format_year(f->fiscal_year);
    const char *kind = f->kind == YS_KIND_SUPPLEMENTARY ? "補正" : "";
    g_string_append(out, "    ");
    if (options->verbose)
      g_string_append_printf(out, "%-9s", ys_status_name(f->status));
    g_string_append_printf(out, "p.%d %s %s%s (%s): %s\n", f->page, f->item ? f->item : "", year,
                           kind, ys_check_kind_name(f->check), f->detail ? f->detail : "");
    if (f->status == YS_STATUS_MISMATCH && f->text != NULL) {
      g_autoptr(GString) shown = g_string_new(f->text);
      g_string_replace(shown, "\t", " | ", 0); /* cells apart, readably */
      g_string_append_printf(out, "      line %d: %s\n", f->line, shown->str);
    }
  }
}

void ys_format_findings(const YsCliOptions *options, const YsRecordSet *set,
                        const GPtrArray *findings, GString *out) {
  if (options->format == YS_FORMAT_TEXT) {
    format_findings_text(options, set, findings, out);
    return;
  }
  for (guint i = 0; i < findings->len; i++) {
    Cell cells[FND_COUNT];
    finding_cells(g_ptr_array_index(findings, i), cells);
    emit_row(options->format, FINDING_COLUMNS, cells, FND_COUNT, out);
  }
}
