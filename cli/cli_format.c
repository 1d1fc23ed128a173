/* cli — how each command prints: normalized text, records and findings as CSV (RFC 4180,
 * the headers of DESIGN.md, then added columns at the end), JSON Lines, or the human report.
 * The CSV column order is a contract other tools read: append, never rename or reorder. */
#include "cli/cli.h"

static const char *const RECORD_COLUMNS[] = {
    "source", "page", "line", "item", "fiscal_year", "budget_kind", "amount_yen", "unit",
    "rounding_unit_yen", "qualifier", "currency", "text",
    /* added after the DESIGN.md columns */
    "id", "parent_id", "role", "group", "rate_percent", "unit_yen", NULL};

static const char *const FINDING_COLUMNS[] = {
    "check", "status", "source", "page", "item", "fiscal_year", "budget_kind", "stated_yen",
    "computed_yen", "difference_yen", "tolerance_yen", "detail",
    /* added after the DESIGN.md columns */
    "line", NULL};

void ys_csv_field(GString *out, const char *value) {
  if (value == NULL)
    return;
  if (strpbrk(value, ",\"\n\r") == NULL) {
    g_string_append(out, value);
    return;
  }
  g_string_append_c(out, '"');
  for (const char *p = value; *p; p++) {
    if (*p == '"')
      g_string_append_c(out, '"');
    g_string_append_c(out, *p);
  }
  g_string_append_c(out, '"');
}

void ys_json_string(GString *out, const char *value) {
  if (value == NULL) {
    g_string_append(out, "null");
    return;
  }
  g_string_append_c(out, '"');
  for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
    switch (*p) {
    case '"': g_string_append(out, "\\\""); break;
    case '\\': g_string_append(out, "\\\\"); break;
    case '\n': g_string_append(out, "\\n"); break;
    case '\r': g_string_append(out, "\\r"); break;
    case '\t': g_string_append(out, "\\t"); break;
    default:
      if (*p < 0x20)
        g_string_append_printf(out, "\\u%04x", *p);
      else
        g_string_append_c(out, (char)*p);
    }
  }
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

static char *int_or_empty(gint64 value, gboolean present) {
  return present ? g_strdup_printf("%" G_GINT64_FORMAT, value) : g_strdup("");
}

/* The record as strings in RECORD_COLUMNS order; a NULL entry (no such value) is an empty CSV
 * field and a JSON null, "" an empty string. */
static GPtrArray *record_fields(const YsRecordSet *set, const YsRecord *r) {
  GPtrArray *f = g_ptr_array_new_with_free_func(g_free);
  gboolean is_rate = r->role == YS_ROLE_RATE;
  g_ptr_array_add(f, g_strdup(r->source ? r->source : set->source));
  g_ptr_array_add(f, g_strdup_printf("%d", r->page));
  g_ptr_array_add(f, g_strdup_printf("%d", r->line));
  g_ptr_array_add(f, g_strdup(r->item));
  g_ptr_array_add(f, int_or_empty(r->fiscal_year, r->fiscal_year > 0));
  g_ptr_array_add(f, g_strdup(ys_budget_kind_name(r->kind)));
  g_ptr_array_add(f, int_or_empty(r->amount_yen, !is_rate));
  g_ptr_array_add(f, g_strdup(r->unit));
  g_ptr_array_add(f, int_or_empty(r->rounding_unit_yen, !is_rate));
  g_ptr_array_add(f, g_strdup(ys_qualifier_name(r->qualifier)));
  g_ptr_array_add(f, g_strdup(r->currency));
  g_ptr_array_add(f, g_strdup(r->text));
  g_ptr_array_add(f, g_strdup_printf("%u", r->id));
  g_ptr_array_add(f, r->parent_id ? g_strdup_printf("%u", r->parent_id) : g_strdup(""));
  g_ptr_array_add(f, g_strdup(ys_role_name(r->role)));
  g_ptr_array_add(f, g_strdup(r->group));
  g_ptr_array_add(f, is_rate ? rate_string(r->rate_scaled, r->rate_decimals) : NULL);
  g_ptr_array_add(f, int_or_empty(r->unit_yen, !is_rate && r->unit_yen > 0));
  return f;
}

static GPtrArray *finding_fields(const YsFinding *fd) {
  GPtrArray *f = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(f, g_strdup(ys_check_kind_name(fd->check)));
  g_ptr_array_add(f, g_strdup(ys_status_name(fd->status)));
  g_ptr_array_add(f, g_strdup(fd->source));
  g_ptr_array_add(f, g_strdup_printf("%d", fd->page));
  g_ptr_array_add(f, g_strdup(fd->item));
  g_ptr_array_add(f, int_or_empty(fd->fiscal_year, fd->fiscal_year > 0));
  g_ptr_array_add(f, g_strdup(ys_budget_kind_name(fd->kind)));
  g_ptr_array_add(f, int_or_empty(fd->stated_yen, fd->has_yen));
  g_ptr_array_add(f, int_or_empty(fd->computed_yen, fd->has_yen));
  g_ptr_array_add(f, int_or_empty(fd->difference_yen, fd->has_yen));
  g_ptr_array_add(f, int_or_empty(fd->tolerance_yen, fd->has_yen));
  g_ptr_array_add(f, g_strdup(fd->detail));
  g_ptr_array_add(f, g_strdup_printf("%d", fd->line));
  return f;
}

/* Columns whose JSON value is a number (or null when empty). */
static gboolean numeric_column(const char *name) {
  static const char *const numeric[] = {"page", "line", "fiscal_year", "amount_yen",
                                        "rounding_unit_yen", "id", "parent_id", "stated_yen",
                                        "computed_yen", "difference_yen", "tolerance_yen",
                                        "unit_yen", NULL};
  return g_strv_contains(numeric, name);
}

static void emit_row(YsFormat format, const char *const *columns, GPtrArray *fields,
                     GString *out) {
  if (format == YS_FORMAT_CSV) {
    for (guint i = 0; i < fields->len; i++) {
      if (i > 0)
        g_string_append_c(out, ',');
      ys_csv_field(out, g_ptr_array_index(fields, i));
    }
    g_string_append_c(out, '\n');
    return;
  }
  g_string_append_c(out, '{');
  for (guint i = 0; i < fields->len; i++) {
    const char *value = g_ptr_array_index(fields, i);
    if (i > 0)
      g_string_append_c(out, ',');
    ys_json_string(out, columns[i]);
    g_string_append_c(out, ':');
    if (numeric_column(columns[i]))
      g_string_append(out, value != NULL && value[0] ? value : "null");
    else
      ys_json_string(out, value);
  }
  g_string_append(out, "}\n");
}

void ys_format_header(const YsCliOptions *options, GString *out) {
  if (options->format != YS_FORMAT_CSV)
    return;
  const char *const *columns = NULL;
  if (options->command == YS_CMD_RECORDS)
    columns = RECORD_COLUMNS;
  else if (options->command == YS_CMD_CHECK)
    columns = FINDING_COLUMNS;
  if (columns == NULL)
    return;
  for (int i = 0; columns[i]; i++) {
    if (i > 0)
      g_string_append_c(out, ',');
    g_string_append(out, columns[i]);
  }
  g_string_append_c(out, '\n');
}

void ys_format_text_line(const YsNormLine *line, GString *out) {
  g_string_append_printf(out, "%d:%d: %s\n", line->page, line->line, line->text);
}

static void format_records_text(const YsRecordSet *set, GString *out) {
  g_string_append_printf(out, "# %s: %u records\n", set->source, set->records->len);
  for (guint i = 0; i < set->records->len; i++) {
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
                             r->role == YS_ROLE_DIFFERENCE ? "difference" : "amount",
                             r->amount_yen, r->currency ? r->currency : "");
    }
    if (r->qualifier != YS_QUAL_NONE)
      g_string_append_printf(out, " [%s]", ys_qualifier_name(r->qualifier));
    g_string_append_printf(out, "  | %s\n", r->text ? r->text : "");
  }
}

void ys_format_records(const YsCliOptions *options, const YsRecordSet *set, GString *out) {
  if (options->format == YS_FORMAT_TEXT) {
    format_records_text(set, out);
    return;
  }
  for (guint i = 0; i < set->records->len; i++) {
    g_autoptr(GPtrArray) fields = record_fields(set, g_ptr_array_index(set->records, i));
    emit_row(options->format, RECORD_COLUMNS, fields, out);
  }
}

/* The human report: the rounding rule used, then findings grouped by page — every mismatch
 * with its page, item, year, arithmetic and the line as printed (all findings with -v). */
static void format_findings_text(const YsCliOptions *options, const YsRecordSet *set,
                                 const GPtrArray *findings, GString *out) {
  g_string_append_printf(out, "%s\n", set->source);
  if (set->rounding == YS_ROUND_UNKNOWN)
    g_string_append(out, "  rounding: no note found; assumed 四捨五入 at the printed precision\n");
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
    g_autoptr(GPtrArray) fields = finding_fields(g_ptr_array_index(findings, i));
    emit_row(options->format, FINDING_COLUMNS, fields, out);
  }
}
