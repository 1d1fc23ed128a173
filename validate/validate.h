/* validate — fourth stage of the yosan pipeline: records → findings.
 *
 * Checks every total, difference and rate of a document within the rounding the document
 * declares, as interval arithmetic in integers: a printed value x with rounding unit u stands
 * for [x − u/2, x + u/2) under 四捨五入, [x, x + u) under 切り捨て, (x − u, x] under 切り上げ.
 * A check passes when the stated interval meets the computed one. No floating point anywhere
 * in a verdict: yen are kept doubled (half-yen units) and rates are cross-multiplied in __int128.
 *
 * Conventions (validate/interval.h): rounding acts on the magnitude, so a negative (▲) figure's
 * interval mirrors the positive one (−3 under 四捨五入 is (−3.5, −2.5]); a printed 0 is (−u/2, u/2)
 * under 四捨五入, (−u, u) under 切り捨て and exactly 0 under 切り上げ. Ends stay half-open, so a
 * difference exactly at tolerance_yen is a mismatch whenever that end is open (for positive figures
 * it always is): tolerance_yen is the supremum of the allowed |stated − computed|. A record without
 * a rounding unit is read at its unit_yen. Status exact = the printed operands agree as printed
 * (for a rate: the printed new/old give the printed rate at its precision).
 *
 * Library code: never prints, never exits.
 */
#ifndef YS_VALIDATE_H
#define YS_VALIDATE_H

#include <glib.h>

#include "rules/record.h"

G_BEGIN_DECLS

typedef enum {
  YS_CHECK_SUM,        /* parent vs Σ children of the same year and kind */
  YS_CHECK_DIFFERENCE, /* 増▲減額 / 比較 vs new − old */
  YS_CHECK_RATE,       /* 増▲減率 vs (new − old) / old */
  YS_CHECK_DUPLICATE,  /* the same item, year and kind printed twice */
  YS_CHECK_CROSS_YEAR, /* a figure printed for an earlier year vs that year's document */
  YS_CHECK_CROSS_DOC,  /* one book's item printed in two of its files (総括 vs the 款's own) */
  YS_CHECK_BALANCE,    /* two totals that print one figure (歳出合計 = 歳入合計) */
} YsCheckKind;

typedef enum {
  YS_STATUS_EXACT,    /* the printed numbers agree as printed */
  YS_STATUS_ROUNDING, /* they agree only within the declared rounding */
  YS_STATUS_MISMATCH, /* they do not agree */
} YsStatus;

typedef struct {
  YsCheckKind check;
  YsStatus status;
  char *source;
  int page, line; /* of the stated figure */
  char *item;
  int fiscal_year;
  YsBudgetKind kind;
  gboolean has_yen; /* FALSE for rate: the *_yen fields are not meaningful */
  gint64 stated_yen;
  gint64 computed_yen;
  gint64 difference_yen; /* stated − computed */
  gint64 tolerance_yen;  /* largest |difference| the rounding allows (rounded up to a yen) */
  char *detail; /* human arithmetic: "1,238億円 vs 7+3+583+481+166 = 1,240億円", rates, notes */
  char *text;   /* the line the stated figure was printed on (else its snippet) */
  guint record_id; /* the stated record */
  char *path;      /* the stated record's place in the outline ("" when not placed) */
  GArray *parts;   /* guint: ids of the records the computed side was made of, in the
                    * order they were combined (sum: the parts; difference and rate:
                    * new, then old; duplicate: the first printing). Never NULL. */
} YsFinding;

/* Runs every check on SET; returns YsFinding* in page order (free with g_ptr_array_unref). */
GPtrArray *ys_check_run(const YsRecordSet *set);

/* The cross-year check of one figure: STATED, printed in STATED_SET for an earlier year (前年度
 * 850億円), against EARLIER, the same item's figure in EARLIER_SET, the document of that year.
 * Each side is read with its own document's rounding; the verdict is exact, rounding or
 * mismatch as for the other checks (stated = STATED, computed = EARLIER). WHERE (may be NULL)
 * names the earlier document in the detail. Returns a YS_CHECK_CROSS_YEAR finding about STATED
 * (free with ys_finding_free). */
YsFinding *ys_check_cross_year(const YsRecordSet *stated_set, const YsRecord *stated,
                               const YsRecordSet *earlier_set, const YsRecord *earlier,
                               const char *where);

/* Checks across the files of one book (documents of one body, fiscal year and kind: a 予算書
 * split by 款 beside its 総括): a 款, 項 or 目 figure printed in SETS[i] for the book's own year
 * against the same path's figure in an earlier set SETS[j], j < i (an equal one first, else the
 * first); one finding per path of SETS[i], appended to FINDINGS[i] (YS_CHECK_CROSS_DOC; NAMES[j]
 * names the other file in the detail). Each side in its own document's rounding. */
void ys_check_across_documents(const YsRecordSet *const *sets, const char *const *names, guint n,
                               GPtrArray *const *findings);

/* "sum", "difference", "rate", "duplicate", "cross-year", "cross-document", "balance" */
const char *ys_check_kind_name(YsCheckKind kind);
const char *ys_status_name(YsStatus status); /* "exact", "rounding", "mismatch" */
void ys_finding_free(YsFinding *finding);

G_END_DECLS

#endif
