/* rules — third stage of the yosan pipeline: normalized lines → amount records.
 *
 * The patterns live in rule files (the *.rules files in rules/, data that an analyst edits), compiled once
 * per run with PCRE2 (8-bit, UTF, JIT) into a YsRules object that is read-only afterwards and
 * may be shared. A YsReader holds the per-document context (document year, current heading,
 * table column headers, outline stack) and turns the lines of one document, fed in order,
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
  YS_RULES_ERROR_IO,        /* rule directory or file unreadable / empty */
  YS_RULES_ERROR_SYNTAX,    /* rule file not in the rule-file format */
  YS_RULES_ERROR_PATTERN,   /* PCRE2 rejected a pattern */
  YS_RULES_ERROR_OVERFLOW,  /* an amount beyond int64 yen */
  YS_RULES_ERROR_AMOUNT,    /* text that is not an amount (ys_rules_parse_amount) */
} YsRulesError;

typedef enum {
  YS_KIND_INITIAL,          /* 当初 / 予算額（案） */
  YS_KIND_SUPPLEMENTARY,    /* 補正 */
  YS_KIND_REQUEST,          /* 概算要求 */
  YS_KIND_SETTLED,          /* 決算 */
  YS_KIND_OTHER,            /* not a budget line: estimates, per-item rates, exchange rates */
} YsBudgetKind;

typedef enum {
  YS_QUAL_NONE,
  YS_QUAL_PORTION,          /* 内数: part of a larger figure, never added */
  YS_QUAL_APPROX,           /* 程度, 約 */
  YS_QUAL_MAX,              /* 最大 */
  YS_QUAL_PER,              /* /件, /年 … */
} YsQualifier;

typedef enum {
  YS_ROLE_AMOUNT,           /* a budget figure */
  YS_ROLE_DIFFERENCE,       /* 増▲減額 / 比較: new − old */
  YS_ROLE_RATE,             /* 増▲減率: (new − old) / old, in percent */
} YsRole;

typedef enum {
  YS_ROUND_UNKNOWN,         /* no note found: validate assumes HALF and says so */
  YS_ROUND_HALF,            /* 四捨五入: [x − u/2, x + u/2) */
  YS_ROUND_DOWN,            /* 切り捨て: [x, x + u) */
  YS_ROUND_UP,              /* 切り上げ: (x − u, x] */
} YsRounding;

typedef struct {
  guint id;                 /* 1-based position in the record set */
  guint parent_id;          /* 0 = none; else the record this one is a part of */
  char *source;
  int page, line;           /* 1-based */
  char *item;               /* budget item, normalized */
  int fiscal_year;          /* Gregorian; 0 = unknown */
  YsBudgetKind kind;
  YsRole role;
  gint64 amount_yen;        /* AMOUNT / DIFFERENCE: exact integer yen (foreign currency: in its own unit × unit multiplier) */
  char *unit;               /* as printed: 億円, 千円, 千USドル, % … */
  gint64 unit_yen;          /* value of 1 of the unit: 億円 → 100000000 (千USドル → 1000, in its currency) */
  gint64 rounding_unit_yen; /* value of the last printed digit */
  YsQualifier qualifier;
  char *currency;           /* "JPY", "USD", … */
  char *text;               /* the normalized snippet it came from */
  char *line_text;          /* the whole normalized line it was printed on */
  /* RATE only: the printed percentage is rate_scaled / 10^rate_decimals (+3.5% → 35, 1). */
  gint64 rate_scaled;
  int rate_decimals;
  /* DIFFERENCE / RATE only: the figure compared against (new is fiscal_year/kind). */
  int base_year;
  YsBudgetKind base_kind;
  char *group;              /* breakdown label, e.g. ministry 文部科学省 or AMED; NULL if none.
                             * A breakdown child's item is "<parent item>/<group>". */
  gboolean is_new;          /* 新規: the item has no prior-year figure */
  gboolean parts_complete;  /* its parts (children) are exhaustive by construction, as the rows of
                             * a 款/項/目/節 table are: validate checks them even when there is
                             * only one (款 議会費 = 項 議会費). Outline children under a headline
                             * may be partial, so there it stays FALSE. */
} YsRecord;

typedef struct {
  char *source;
  int fiscal_year;          /* the document's own fiscal year; 0 = unknown */
  YsRounding rounding;      /* the rounding note the document declares */
  int rounding_page;        /* page of that note; 0 = none */
  char *rounding_text;      /* the note as printed; NULL = none */
  GPtrArray *records;       /* YsRecord*, document order; records->pdata[i]->id == i + 1 */
  /* Private. A reader's set keeps its records and their strings here (ys_record_set_free
   * frees them): treat them as read-only. NULL for a set whose records array frees its own. */
  struct YsRecordStore *store;
} YsRecordSet;

typedef struct YsRules YsRules;
typedef struct YsReader YsReader;

/* Loads and compiles every *.rules file in DIR (sorted by name). */
gboolean ys_rules_load(YsRules **out, const char *dir, GError **error);
/* Loads one more rule file on top of a loaded set (used by tests and --rules overlays).
 * After a failure the set is left half-updated and must only be freed. */
gboolean ys_rules_add_file(YsRules *rules, const char *path, GError **error);
void ys_rules_free(YsRules *rules);

/* Parses one amount as printed (`1,238億円`, `12.6億円`, `3兆2,000億円`, `一億二千万円`,
 * `-6億円`, `15,000千USドル`) with the rule set's units: exact yen, unit, rounding unit,
 * currency. FALSE with YS_RULES_ERROR_AMOUNT / _OVERFLOW otherwise. */
gboolean ys_rules_parse_amount(const YsRules *rules, const char *text, gint64 *amount,
                               gint64 *rounding_unit, char **unit, char **currency,
                               GError **error);

/* Per-document reading: feed every normalized line in order (pages ascending), then finish. */
YsReader *ys_reader_new(const YsRules *rules, const char *source);
/* Reading a line cannot fail today: ERROR is kept so that the signature need not change. */
gboolean ys_reader_feed(YsReader *reader, const YsNormLine *line, GError **error);
/* Returns the records (caller frees with ys_record_set_free) and frees the reader. */
YsRecordSet *ys_reader_finish(YsReader *reader);
void ys_reader_free(YsReader *reader);

void ys_record_set_free(YsRecordSet *set);
const YsRecord *ys_record_set_get(const YsRecordSet *set, guint id); /* NULL if out of range */

const char *ys_budget_kind_name(YsBudgetKind kind);   /* "initial", "supplementary", … */
const char *ys_qualifier_name(YsQualifier qualifier); /* "", "portion", "approx", "max", "per" */
const char *ys_role_name(YsRole role);                /* "amount", "difference", "rate" */
const char *ys_rounding_name(YsRounding rounding);    /* "unknown", "四捨五入", "切り捨て", "切り上げ" */

G_DEFINE_AUTOPTR_CLEANUP_FUNC(YsRules, ys_rules_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(YsReader, ys_reader_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(YsRecordSet, ys_record_set_free)

G_END_DECLS

#endif
