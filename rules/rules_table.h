/* rules — the table reader (private to rules/): column headers, unit rows and the rows under
 * them. A summary table (a ministry's 8年度予算(案) | 7年度予算(当初) | 増▲減額 | 増▲減率) is read
 * row by row here; a 予算書 table with label columns (款 | 項 | 目) goes to the ledger reader
 * (rules_ledger.h). The line reader (rules_reader.c) offers every line first to ys_table_feed.
 */
#ifndef YS_RULES_TABLE_H
#define YS_RULES_TABLE_H

#include "rules/rules_ledger.h"

typedef struct YsTable YsTable;

YsTable *ys_table_new(YsEmit *em);
void ys_table_free(YsTable *tb);
/* TRUE when LINE was taken as part of a table (header, unit row, data row, row label); FALSE
 * when it is for the line reader (not an error: it cannot fail). CURRENT_ITEM (may be NULL)
 * names a row printed without a label. */
gboolean ys_table_feed(YsTable *tb, const YsNormLine *line, const char *current_item);
/* Ends the summary table being read. */
void ys_table_end(YsTable *tb);
/* A page ends (FINAL: and the document): the ledger reads the page it took, and gives back to
 * GIVE_BACK (YsNormLine*: the caller frees each with ys_table_given_free) the lines that were no
 * table after all; the summary table ends. */
void ys_table_page_end(YsTable *tb, gboolean final, GPtrArray *give_back);
/* While ON, lines given back are fed again: the ledger does not take them. */
void ys_table_give_back(YsTable *tb, gboolean on);
void ys_table_given_free(gpointer line);

#endif
