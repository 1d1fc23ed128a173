/* rules — third stage of the yosan pipeline: normalized lines → amount records.
 *
 * The patterns live in rule files (the *.rules files in rules/, data that an analyst edits),
 * compiled once per run with PCRE2 (8-bit, UTF, JIT) into a YsRules object that is read-only
 * afterwards and may be shared. A YsReader holds the per-document context (document year, current
 * heading, table column headers, outline stack) and turns the lines of one document, fed in order,
 * into a YsRecordSet: every amount as exact integer yen with its precision, year, kind,
 * qualifier and parent, plus the document facts (its fiscal year, its rounding note).
 *
 * Library code: never prints, never exits. Errors in the YS_RULES_ERROR domain; a bad pattern
 * names the rule file, its line, PCRE2's message and the offset in the pattern.
 */
#ifndef YS_RULES_H
#define YS_RULES_H

#include <glib.h>

#include "normalize/normalize.h"

G_BEGIN_DECLS

#define YS_RULES_ERROR (ys_rules_error_quark())
GQuark ys_rules_error_quark(void);

typedef enum {
  YS_RULES_ERROR_IO,       /* rule directory or file unreadable / empty */
  YS_RULES_ERROR_SYNTAX,   /* rule file not in the rule-file format */
  YS_RULES_ERROR_PATTERN,  /* PCRE2 rejected a pattern */
  YS_RULES_ERROR_OVERFLOW, /* an amount beyond int64 yen */
  YS_RULES_ERROR_AMOUNT,   /* text that is not an amount (ys_rules_parse_amount) */
} YsRulesError;

#include "rules/record.h"

typedef struct YsRules YsRules;
typedef struct YsReader YsReader;

/* Loads and compiles every *.rules file in DIR (sorted by name). */
gboolean ys_rules_load(YsRules **out, const char *dir, GError **error);
/* Loads one more rule file on top of a loaded set (used by tests and --rules overlays).
 * After a failure the set is left half-updated and must only be freed. */
gboolean ys_rules_add_file(YsRules *rules, const char *path, GError **error);
void ys_rules_free(YsRules *rules);

/* The name an item has now when a rule file says it was renamed (`rename OLD NEW`, renames
 * followed to the last one): used to match items across years. NAME itself when none applies.
 * The string belongs to RULES or is NAME. */
const char *ys_rules_renamed(const YsRules *rules, const char *name);
/* The issuing bodies the rule files list (`body NAME`), in file order (char*, RULES's). */
const GPtrArray *ys_rules_bodies(const YsRules *rules);

/* Parses one amount as printed (`1,238億円`, `12.6億円`, `3兆2,000億円`, `一億二千万円`,
 * `-6億円`, `15,000千USドル`) with the rule set's units: exact yen, unit, rounding unit,
 * currency. FALSE with YS_RULES_ERROR_AMOUNT / _OVERFLOW otherwise. */
gboolean ys_rules_parse_amount(const YsRules *rules, const char *text, gint64 *amount,
                               gint64 *rounding_unit, char **unit, char **currency, GError **error);

/* Per-document reading: feed every normalized line in order (pages ascending), then finish. */
YsReader *ys_reader_new(const YsRules *rules, const char *source);
/* The fiscal year of the document being read when it states none itself (--year): set before
 * the first line. 0: none. */
void ys_reader_set_year(YsReader *reader, int fiscal_year);
/* Reading a line cannot fail today: ERROR is kept so that the signature need not change. */
gboolean ys_reader_feed(YsReader *reader, const YsNormLine *line, GError **error);
/* Returns the records (caller frees with ys_record_set_free) and frees the reader. */
YsRecordSet *ys_reader_finish(YsReader *reader);
void ys_reader_free(YsReader *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(YsRules, ys_rules_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(YsReader, ys_reader_free)

G_END_DECLS

#endif
