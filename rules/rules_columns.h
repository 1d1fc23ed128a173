/* rules — the columns of a table, read from its header lines (private to rules/): which cells of
 * a line are headers, what year, kind and role each column gives the cells below it, their unit,
 * and which column a cell falls in. Used by the summary-table reader (rules_table.c) and the
 * 予算書 ledger (rules_ledger*.c), which own the rows.
 */
#ifndef YS_RULES_COLUMNS_H
#define YS_RULES_COLUMNS_H

#include "rules/rules_emit.h"

typedef struct {
  double x0, x1;
  ColumnRole role;
  int year;
  int year_offset; /* the year relative to the document's (本年度 0, 前年度 -1): known even when
                    * the document's own year is not */
  gboolean has_offset;
  YsBudgetKind kind;
  int level;        /* label columns */
  gboolean centred; /* label columns: names wrapped above and below their row's line (style) */
  const Unit *unit; /* from a unit row */
  double unit_x1;   /* the right edge of that row's cell: where right-aligned figures end */
  int base_year;    /* difference / rate columns */
  int base_offset;
  YsBudgetKind base_kind;
  const char *rule; /* name of the column rule that made it */
  char head[128];   /* the header text as matched (a cell below may complete it) */
} Column;

/* One TAB-separated cell of a line: its byte span and horizontal extent. */
typedef struct {
  gsize s, e;
  double x0, x1;
} Cell;

typedef struct {
  GArray *columns;      /* Column, in the order their headers were read */
  gboolean active;      /* a header was read: the lines below are its rows */
  gboolean prev_header; /* the line before was a header line (one below it may add to it) */
  const Unit *unit;     /* the bare numbers' unit: (単位:千円), or a unit row outside columns */
  gboolean stacked;     /* a header cell completes the one above it before it stands alone: a
                         * 予算書 prints a header over two or three lines (`比 較` / `増△減額`) */
} YsColumns;

void ys_columns_init(YsColumns *cols);
void ys_columns_clear(YsColumns *cols);
/* Forgets the columns (a table ended); the unit stays when KEEP_UNIT. */
void ys_columns_reset(YsColumns *cols, gboolean keep_unit);

/* LINE's cells into CELLS (a tab separates them; a text line's cell i spans [i, i + 1)). */
void ys_cells_split(const YsNormLine *line, GArray *cells);
/* [*S, *E) of T without the ASCII spaces around it. */
void ys_cell_trim(const char *t, gsize *s, gsize *e);

/* Whether the line of CELLS is a header line: a cell matches a column rule (区分 | 金額 alone
 * only under another header line) and none holds an amount. */
gboolean ys_columns_is_header(YsColumns *cols, YsEmit *em, const char *t, GArray *cells);
/* Splits a cell of several headers printed close (`本年度予算額 前年度予算額`) into one per
 * word, when each word is a header and the whole is none. */
void ys_columns_split_headers(YsEmit *em, const char *t, GArray *cells);
/* Whether every cell of the line matches a column rule, alone or joined with the ones after it
 * (`説<TAB>明`), and none holds an amount: a 予算書 header line, however few its cells (`節`). */
gboolean ys_columns_all_headers(YsEmit *em, const char *t, const GArray *cells);
/* Whether the line of CELLS, right under a header line of COLS, is one more line of its headers:
 * every cell a header as for ys_columns_all_headers, or the end of the header above it, printed
 * over two or three lines (`前 年 度` / `予 算 額` / `(A)`: 前年度予算額(A)). */
gboolean ys_columns_continue_header(YsColumns *cols, YsEmit *em, const char *t,
                                    const GArray *cells);
/* Reads a header line (ys_columns_is_header): its columns join the table's; one under a spanning
 * header (対前年度) or completing one (7年度予算 / (補正)) replaces it. The caller ends the table
 * before when !cols->prev_header (a new table starts). */
void ys_columns_read_header(YsColumns *cols, YsEmit *em, const char *t, GArray *cells);
/* A unit row (`千円 千円 千円`): each column's unit. FALSE (nothing read) for another line. */
gboolean ys_columns_unit_row(YsColumns *cols, YsEmit *em, const char *t, GArray *cells);

/* The column a cell X0..X1 overlaps most, or -1. */
int ys_columns_at(const YsColumns *cols, double x0, double x1);
/* The column of a unit cell X0..X1 under no header word: the one whose header starts nearest
 * left of the cell's middle, or -1. A unit row prints its units at the right edge of their
 * columns, over the figures, whether the header above is centred in its cell or set at its left
 * (Impress, Writer tables): midway between two header centres is no column edge then. */
int ys_columns_region(const YsColumns *cols, double x0, double x1);
static inline const Column *ys_column(const YsColumns *cols, int i) {
  return i >= 0 ? &g_array_index(cols->columns, Column, i) : NULL;
}
/* Label columns (款 | 項 | 目 …) among the columns. */
guint ys_columns_labels(const YsColumns *cols);
/* A figure column: amounts or differences. */
gboolean ys_column_is_figure(const Column *k);

#endif
