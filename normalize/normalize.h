/* normalize — second stage of the yosan pipeline.
 *
 * Turns a raw extracted line into the text the rules match against: NFKC (GLib) for full-width
 * forms, then what NFKC does not do — digits and Latin letters spread apart by the PDF's
 * character spacing re-joined (`1, 2 3 8 億円` → `1,238億円`), kanji spread by distributed
 * alignment joined (`本 年 度 予 算 額` → `本年度予算額`), ▲/△ before a figure turned into '-'.
 * Tabs (cell boundaries) are never crossed. Every normalized byte maps back to a raw byte
 * offset, so a record can quote the page exactly.
 *
 * Also the number helpers later stages need: kanji numerals and 和暦 years.
 * Library code: never prints, never exits.
 */
#ifndef YS_NORMALIZE_H
#define YS_NORMALIZE_H

#include <glib.h>

#include "extract/extract.h"

G_BEGIN_DECLS

#define YS_NORM_ERROR (ys_norm_error_quark())
GQuark ys_norm_error_quark(void);

typedef enum {
  YS_NORM_ERROR_INVALID,  /* not a numeral / era this module knows */
  YS_NORM_ERROR_OVERFLOW, /* beyond int64 */
} YsNormError;

typedef struct {
  int page, line;        /* copied from the raw line */
  double x0, y0, x1, y1; /* copied from the raw line */
  char *text;            /* normalized UTF-8; cells still separated by '\t' */
  gsize len;             /* strlen(text) */
  gsize *raw_offset;     /* len + 1 entries: raw byte offset of each normalized byte; NULL
                          * until ys_norm_line_raw_offsets is asked (most lines never are) */
  char *raw;             /* copy of the raw text */
  GArray *cells;         /* YsCellSpan per cell, same count as the raw line's */
} YsNormLine;
/* text, raw and raw_offset live in storage the line owns: read them, never free or replace
 * them; ys_norm_line_free releases everything. */

/* Normalizes one raw line. Never fails on valid UTF-8 (extract guarantees it). */
YsNormLine *ys_norm_line_new(const YsRawLine *raw);
/* Normalizes RAW into LINE (made by ys_norm_line_new), replacing what it held and reusing its
 * storage: a caller that goes through many lines with one object allocates only when a line
 * is longer than any before. Pointers taken into LINE's text, raw, raw_offset or cells before
 * the call are invalid after it. */
void ys_norm_line_reset(YsNormLine *line, const YsRawLine *raw);
void ys_norm_line_free(YsNormLine *line);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(YsNormLine, ys_norm_line_free)

/* Normalizes a bare string (the same rules as a line; '\n' and '\r' are kept and, like '\t',
 * never joined across). If MAP is not NULL it receives a newly allocated array of (returned
 * length + 1) raw offsets. Invalid UTF-8 bytes become U+FFFD, one per byte. */
char *ys_norm_text(const char *raw, gsize **map);

/* LINE's raw_offset, made on the first call after a (re)normalization and kept until the next. */
const gsize *ys_norm_line_raw_offsets(YsNormLine *line);
/* Raw text of normalized bytes [start, end) — what to quote for a record. */
char *ys_norm_line_raw_span(YsNormLine *line, gsize start, gsize end);

/* A figure's text (TEXT[0..LEN), up to a NUL) as the amount grammar reads it: NFKC as a line's,
 * every blank dropped, − ▲ △ ‐ as '-' (`１２．６ 億円` → `12.6億円`, `▲ 2億円` → `-2億円`). In BUF
 * (BUF_SIZE bytes) when it fits, else in a new string left in *OWNED for the caller to free
 * (*OWNED is NULL otherwise). NULL when TEXT is not UTF-8. */
const char *ys_norm_figure(const char *text, gsize len, char *buf, gsize buf_size, char **owned);

/* Kanji numeral to an integer: `一億二千万` → 120000000, `百` → 100, `三千五百` → 3500,
 * `二〇二六` → 2026, also mixed with arabic digits (`3兆2,000億` → 3200000000000).
 * Whole string must be a numeral; FALSE and YS_NORM_ERROR_INVALID / _OVERFLOW otherwise. */
gboolean ys_norm_kanji_number(const char *text, gssize len, gint64 *value, GError **error);

/* An era of the Japanese calendar (norm_eras.c holds the table, newest first). */
typedef struct {
  const char *name;   /* 令和 */
  gsize name_len;     /* its bytes */
  const char *square; /* ㋿: the one-character form (NFKC turns it into the name) */
  char abbr;          /* R: the capital letter it is abbreviated to */
  int first;          /* Gregorian year of 元年 */
  int last_in_era;    /* last year number of the era; 0 = open (the current one) */
} YsEra;

/* The eras, newest first (the first is the current one); *N_ERAS is set to their number. */
const YsEra *ys_norm_eras(gsize *n_eras);

/* 和暦 to Gregorian: an era's name (令和), square form or letter (R), YEAR_IN_ERA ≥ 1 (元年 = 1).
 * 令和8 → 2026, 令和1 → 2019, 平成30 → 2018. */
gboolean ys_norm_wareki_year(const char *era, int year_in_era, int *gregorian, GError **error);

/* Gregorian fiscal year to 和暦 as documents print it: 2026 → 令和8年度, 2019 → 令和元年度,
 * 2018 → 平成30年度. NULL before 明治 (caller frees). */
char *ys_norm_year_to_wareki(int gregorian);

/* Parses a 和暦 year at the start of TEXT: `令和元年度`, `令和 8 年`, `平成30年度`, `R8年度`.
 * Sets *GREGORIAN and *CONSUMED (bytes). FALSE if TEXT does not start with one. */
gboolean ys_norm_parse_wareki(const char *text, int *gregorian, gsize *consumed);

G_END_DECLS

#endif
