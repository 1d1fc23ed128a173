/* validate — private: the state one ys_check_run shares between its checks, and the helpers
 * that turn a stated figure and a computed interval into a finding. */
#ifndef YS_VALIDATE_CHECK_PRIVATE_H
#define YS_VALIDATE_CHECK_PRIVATE_H

#include "validate/validate.h"
#include "validate/interval.h"

typedef struct {
  const YsRecordSet *set;
  YsRounding mode; /* the document's rounding; UNKNOWN: none declared */
  /* With no rounding note, figures are taken as printed: a point each, but for one printed
   * coarser than the finest figure of the check being judged (a 億円 total of 千円 parts), which
   * may be rounded either way: (x − u, x + u). FINEST is that check's finest rounding unit (set
   * by ys_ctx_precision), FORCED whether such an interval was taken. */
  gint64 finest;
  gboolean forced;
  GHashTable *amounts; /* "year|kind|item" → GPtrArray of const YsRecord* (AMOUNT), doc order */
  GHashTable *printed; /* "year|kind|path or item" → the same, for the duplicate check */
  GPtrArray *findings; /* YsFinding* */
} YsCheckCtx;

const YsRecord *ys_ctx_record(const YsCheckCtx *ctx, guint id);
/* The interval of REC's printed amount (rounding unit, document mode; no mode: see FINEST). */
YsInterval ys_ctx_interval(YsCheckCtx *ctx, const YsRecord *rec);
/* Before a check: the figures it compares (N of OPS, NULLs skipped) set its finest precision. */
void ys_ctx_precision(YsCheckCtx *ctx, const YsRecord *const *ops, guint n);
/* The year a record stands for, as a key: its fiscal year, or (the document stating none) its
 * year relative to the document's, or 0 when neither is known. */
int ys_ctx_year_key(const YsRecord *rec);
/* The interval of a figure of another document, read in that document's MODE (the store's
 * cross-year check), with CTX's precision. */
YsInterval ys_record_interval(YsCheckCtx *ctx, const YsRecord *rec, YsRounding mode);
gboolean ys_ctx_same_currency(const YsRecord *a, const YsRecord *b);
/* The records list for (item, year, kind), or NULL. */
GPtrArray *ys_ctx_amounts(const YsCheckCtx *ctx, const char *item, int year, YsBudgetKind kind);
/* The AMOUNT record of ITEM/YEAR/KIND with QUALIFIER and NEAR's currency closest to NEAR:
 * the same page and line (table row) first, then the same page, then anywhere. */
const YsRecord *ys_ctx_find_amount(const YsCheckCtx *ctx, const char *item, int year,
                                   YsBudgetKind kind, YsQualifier qualifier, const YsRecord *near);
/* Decimals that show REC's printed precision in UNIT_YEN. */
int ys_ctx_decimals(const YsRecord *rec, gint64 unit_yen);
gint64 ys_ctx_unit_yen(const YsRecord *rec);
const char *ys_ctx_unit(const YsRecord *rec);

/* A new finding about STATED, appended to the context (fields besides location and PARTS, the
 * N_PARTS records its computed side is made of, left zero). */
YsFinding *ys_ctx_add_finding(YsCheckCtx *ctx, YsCheckKind check, const YsRecord *stated,
                              const YsRecord *const *parts, guint n_parts);
/* Judges STATED's amount against COMPUTED_YEN (the printed operands PARTS, N_PARTS of them,
 * combined) whose true range is COMPUTED; EXPRESSION (may be NULL) shows the operands in STATED's
 * unit, COMPUTED_DECIMALS the precision of their result. Adds one finding; FALSE (and nothing
 * added) when a value does not fit in int64 yen. */
gboolean ys_ctx_judge_yen(YsCheckCtx *ctx, YsCheckKind check, const YsRecord *stated,
                          const YsRecord *const *parts, guint n_parts, ys_wide computed_yen,
                          YsInterval computed, const char *expression, int computed_decimals,
                          const char *note);
/* Appends what the tolerance rests on when the document declares no rounding. */
void ys_ctx_append_notes(const YsCheckCtx *ctx, GString *detail);

void ys_check_sums(YsCheckCtx *ctx);
void ys_check_changes(YsCheckCtx *ctx); /* differences and rates */
void ys_check_duplicates(YsCheckCtx *ctx);
void ys_check_balances(YsCheckCtx *ctx);

#endif
