/* rules — the 予算書 ledger reader (private to rules/): tables whose rows nest by label columns
 * (款 | 項 | 目 | 節), with part columns (節 区分 | 金額) and explanations, read from the lines
 * buffered while the table lasts. Owned by the table reader (rules_table.c), which decides which
 * tables are ledgers and hands it their lines and columns.
 */
#ifndef YS_RULES_LEDGER_H
#define YS_RULES_LEDGER_H

#include "rules/rules_columns.h"

typedef struct YsLedger YsLedger;

YsLedger *ys_ledger_new(YsEmit *em);
void ys_ledger_free(YsLedger *lg);
/* Keeps LINE (and its CELLS, as ys_cells_split made them) for the table being read. */
void ys_ledger_buffer(YsLedger *lg, const YsNormLine *line, const GArray *cells);
/* Reads the buffered lines under COLS into records and forgets them; what a later table needs
 * (the 款 it goes on with) is kept. */
void ys_ledger_flush(YsLedger *lg, const YsColumns *cols);

#endif
