/* validate — private: the state one ys_check_run shares between its checks, and the helpers
 * that turn a stated figure and a computed interval into a finding. */
#ifndef YS_VALIDATE_CHECK_PRIVATE_H
#define YS_VALIDATE_CHECK_PRIVATE_H

#include "validate/validate.h"
#include "validate/interval.h"

typedef struct {
  const YsRecordSet *set;
  YsRounding mode;     /* the document's rounding; UNKNOWN already read as HALF */
  gboolean assumed;    /* no rounding note: every detail says so */
  GHashTable *amounts; /* "year|kind|item" → GPtrArray of const YsRecord* (AMOUNT), doc order */
  GPtrArray *findings; /* YsFinding* */
} YsCheckCtx;

const YsRecord *ys_ctx_record(const YsCheckCtx *ctx, guint id);
/* The interval of REC's printed amount (rounding unit, document mode). */
YsInterval ys_ctx_interval(const YsCheckCtx *ctx, const YsRecord *rec);
/* The same in MODE (UNKNOWN read as HALF): for a figure of another document. */
YsInterval ys_record_interval(const YsRecord *rec, YsRounding mode);
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

/* A new finding about STATED, appended to the context (fields besides location left zero). */
YsFinding *ys_ctx_add_finding(YsCheckCtx *ctx, YsCheckKind check, const YsRecord *stated);
/* Judges STATED's amount against COMPUTED_YEN (the printed operands combined) whose true range
 * is COMPUTED; EXPRESSION (may be NULL) shows the operands in STATED's unit, COMPUTED_DECIMALS
 * the precision of their result. Adds one finding; FALSE (and nothing added) when a value
 * does not fit in int64 yen. */
gboolean ys_ctx_judge_yen(YsCheckCtx *ctx, YsCheckKind check, const YsRecord *stated,
                          ys_wide computed_yen, YsInterval computed, const char *expression,
                          int computed_decimals, const char *note);
/* Appends the "no rounding note found" remark when the context assumed 四捨五入. */
void ys_ctx_append_notes(const YsCheckCtx *ctx, GString *detail);

void ys_check_sums(YsCheckCtx *ctx);
void ys_check_changes(YsCheckCtx *ctx); /* differences and rates */
void ys_check_duplicates(YsCheckCtx *ctx);

#endif
