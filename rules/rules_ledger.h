/* rules — the 予算書 ledger reader (private to rules/).
 *
 * A 予算書 prints its 款/項/目 columns with 本年度 | 前年度 | 比較 (and 財源内訳) on the left and
 * 節 (区分 | 金額) and 説明 on the right, on one landscape sheet; the 款 and 項 stand above the
 * table as headings (`1款 市税 49,286,300千円`) or as label columns of their own (款 | 項 | 目).
 * The ledger takes every line of a page from its first heading or header line, and reads the page
 * when it ends: the halves of the sheet are put side by side by height, each row goes under its
 * heading and label-column parents, 節 and 説明 figures under their row, and every record gets
 * its path (`歳入 / 1 市税 / 1 市民税 / 1 個人 / 1 現年課税分`) and level. A table goes on over the
 * next page while that page repeats its columns; a new side (歳入, 歳出) or other columns end it.
 */
#ifndef YS_RULES_LEDGER_H
#define YS_RULES_LEDGER_H

#include "rules/rules_columns.h"

typedef struct YsLedger YsLedger;

YsLedger *ys_ledger_new(YsEmit *em);
void ys_ledger_free(YsLedger *lg);
/* Whether LINE (CELLS as ys_cells_split made them) is the ledger's: while a page is being
 * taken, every line; else a 款/項 heading, a side heading, or a header line with a label column
 * (款 | 項 | 目 | 節), which start taking the page. */
gboolean ys_ledger_wants(YsLedger *lg, const YsNormLine *line, GArray *cells);
/* Keeps LINE for the page being taken. */
void ys_ledger_take(YsLedger *lg, const YsNormLine *line, GArray *cells);
/* Reads the page taken (at its end). Lines that turned out to be no table (a heading on a page
 * without one) are appended to GIVE_BACK (YsNormLine*, the caller frees them) for the line
 * reader. FINAL: the document ends, so the open table ends too. */
void ys_ledger_page_end(YsLedger *lg, gboolean final, GPtrArray *give_back);
/* Whether a page is being taken (its lines are the ledger's until the page ends). */
gboolean ys_ledger_taking(const YsLedger *lg);

#endif
