/* report — the auditor's report: findings shown on their pages, as HTML.
 *
 * One self-contained HTML page per document (its description, a summary of the checks by kind
 * and status, every finding; for each mismatch a crop of the page with the stated figure and
 * every figure the check combined outlined and labelled, and the arithmetic beside it), and an
 * index of the documents. Pages come from one template (report/report.html.in, built in); crops
 * are PNG images in data: URIs, so a page needs nothing else: no network, no other file, and it
 * reads with JavaScript off. Crops are drawn only for mismatches, and only from a PDF: for text
 * input the page says why there are none.
 *
 * The stage makes pages in memory; where they are written is the caller's (cli/) business.
 * Library code: never prints, never exits; errors are GErrors in the YS_REPORT_ERROR domain
 * whose message names the file.
 */
#ifndef YS_REPORT_H
#define YS_REPORT_H

#include <glib.h>

#include "extract/extract.h"
#include "validate/validate.h"

G_BEGIN_DECLS

#define YS_REPORT_ERROR (ys_report_error_quark())
GQuark ys_report_error_quark(void);

typedef enum {
  YS_REPORT_ERROR_TEMPLATE, /* the template and its data do not fit (a bug: please report it) */
  YS_REPORT_ERROR_CROP,     /* a crop could not be drawn or encoded */
} YsReportError;

/* A document as the index shows it: what ys_report_page fills in, and what the caller knows. */
typedef struct {
  char *page;   /* the page's file name in the report's directory ("x.html"); the caller's */
  char *source; /* the path as given; the caller's */
  char *error;  /* the document could not be read: why (then no page, and nothing below) */
  char *title;  /* the PDF's title, else the first lines of its first page */
  char *body;   /* who issued it: the PDF's author, or "" */
  int fiscal_year, pages, pages_without_text;
  gboolean is_pdf;
  guint checks, exact, rounding, mismatches, crops;
} YsReportEntry;

void ys_report_entry_clear(YsReportEntry *entry); /* frees the strings, zeroes the rest */

/* The page of one document into OUT: DOC (still open, for its title and page images), its
 * record SET and FINDINGS (ys_check_run). ENTRY comes with page, source and pages_without_text
 * set; the rest is filled in. FALSE (OUT unchanged) when a crop cannot be drawn or encoded. */
gboolean ys_report_page(YsDocument *doc, const YsRecordSet *set, const GPtrArray *findings,
                        YsReportEntry *entry, GString *out, GError **error);

/* Lets go of what drawing crops keeps for the next one (cairo's caches of the labels' font:
 * a leak checker sees it as lost otherwise). Only when no document is open. */
void ys_report_release(void);

/* The index of ENTRIES (N of them, in the order given; failed ones show their error) into OUT. */
gboolean ys_report_index(const YsReportEntry *const *entries, guint n, GString *out,
                         GError **error);

/* TEXT appended to OUT as HTML text or attribute value: & < > " ' escaped, invalid UTF-8 and
 * control characters (but tab and line ends) shown as U+FFFD. NULL appends nothing. Every text
 * value of a page goes through here. */
void ys_report_html_escape(GString *out, const char *text);

G_END_DECLS

#endif
