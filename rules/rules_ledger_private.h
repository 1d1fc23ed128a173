/* rules — the ledger's own types, shared by its files (private to rules_ledger*.c):
 * rules_ledger.c takes the pages and keeps what a table carries from page to page,
 * rules_ledger_sheet.c reads one sheet's lines into rows, 節 and 説明 entries, and
 * rules_ledger_emit.c makes their records, paths and parents.
 */
#ifndef YS_RULES_LEDGER_PRIVATE_H
#define YS_RULES_LEDGER_PRIVATE_H

#include "rules/rules_ledger.h"

#define LEDGER_LEVELS 10 /* outline levels a ledger nests: 款 1, 項 2, 目 3, 節 4 … */
#define LEDGER_KEYS 24   /* kinds of figure column a table can hold (by column rule) */

typedef enum {
  LL_DATA,    /* a row's cells, or part of one */
  LL_HEADING, /* 款/項 heading: `1款 市税 49,286,300千円` */
  LL_SIDE,    /* 歳入 / 歳出 */
  LL_HEADER,  /* column headers */
  LL_UNIT,    /* a unit row (`千円 千円 千円`) or note */
  LL_SKIP,    /* a page number, a footer */
} LineKind;

/* A line of the page as taken: a copy of the normalized line (its text, box and cell spans, for
 * the records' boxes and for giving it back), its cells, and what it is. */
typedef struct {
  YsNormLine nl;
  GArray *cells; /* Cell */
  LineKind kind;
  int group; /* the header group it comes under (−1: before any) */
} LLine;

/* A cell of a band: where it was printed and which column holds it. */
typedef struct {
  const LLine *src;
  gsize s, e; /* trimmed span in src's text */
  double x0, x1;
  int col;           /* index in the sheet's columns, −1 none */
  gboolean negative; /* a △ printed apart before it, in a cell of its own (`△ | 824,634`) */
} SCell;

/* A band of the sheet: the lines of one height, the two halves of a landscape sheet together. */
typedef struct {
  double y0, y1;
  GArray *cells;        /* SCell, left to right */
  const LLine *heading; /* a heading or side line instead (no cells) */
} Band;

/* A label name: fragments of one label column joined over its lines (`2国有資産等` / `所在市町村`
 * / `交付金`), from the one that starts with a row number. */
typedef struct {
  int col;
  GString *raw;         /* fragments joined, number included */
  int first_band;       /* index in the sheet's bands */
  GArray *bands;        /* int: bands holding a fragment */
  int row;              /* the row it names, −1 none */
  gboolean closed;      /* a total row's label: no fragment goes on with it */
  gboolean has_figures; /* one of its bands holds figures */
  GArray *starts;       /* gsize: where each of BANDS's text begins in RAW (make_names only) */
  gboolean bare;        /* it starts with a number alone on its line (`2`, its name around it) */
} Name;

/* A row: a band with figures in the table's amount columns, named by a label. */
typedef struct {
  int band;
  int name; /* index in names, −1 none */
  int level;
  gboolean total; /* 計, 合計, 歳入合計: the sum of the rows above it */
  char *item;     /* its name without its number, cleaned */
  char *segment;  /* its path segment: `1 個人` */
  /* once its records are made: its first amount (本年度) and path, for its 節 and 説明 */
  const YsRecord *first;
  char *path;
} Row;

/* A 節 (区分 | 金額) or 細節 entry, or a 説明 figure. */
typedef struct {
  int band;
  GString *name;       /* raw, number included; 説明: without its code */
  char *code;          /* 説明: `001`, or NULL */
  const SCell *figure; /* NULL: 説明 text alone, the heading of the items indented under it */
  double x0;           /* 説明: where its text starts */
  gboolean sub;        /* 節: a 細節 (no number of its own); 説明: unused */
  int level;           /* 説明: 1 = the outermost (its figure furthest right) */
  int owner; /* the row (節, 説明 of a 目) or the 節 entry (説明 of a 節) it belongs to; −1:
              * the one carried from the page before */
} Detail;

/* What a table carries from one sheet to the next (the same columns on the next page). */
typedef struct {
  char *segment[LEDGER_LEVELS]; /* the path so far, by level (heading or row) */
  char *item[LEDGER_LEVELS];
  guint up[LEDGER_LEVELS][LEDGER_KEYS]; /* the last record of each level, by column key */
  GArray *tops[LEDGER_KEYS];            /* guint: rows of the shallowest level since the last
                                         * total row, its parts when it comes */
  int tops_level;                       /* their level */
  guint heading_id[LEDGER_LEVELS];      /* the record of the heading of each level */
  GHashTable *linked;                   /* paths of headings already made parts of theirs */
  /* the last row, 節 and 説明 entries, for the lines at the top of the next page */
  guint row_first;    /* the last row's first amount (本年度), 0 none */
  int row_first_year; /* … its year and kind */
  YsBudgetKind row_first_kind;
  gboolean row_first_relative;
  int row_first_offset;
  char *row_path; /* … its path */
  char *row_item;
  guint setsu_id; /* the last 節's record */
  char *setsu_path;
  char *setsu_item;
  guint remark_id[LEDGER_LEVELS]; /* the last 説明 figure of each level */
  char *remark_path[LEDGER_LEVELS];
  char *remark_group; /* a 説明 heading without a figure, for the items indented under it */
  double remark_group_x0;
  gboolean centred; /* 節 lines centred on their row (some above it), not from it down */
  gboolean layout_known;
  double edges[8]; /* right edges of the 説明 figures' levels, right to left */
  int n_edges;
  const char *key_rule[LEDGER_KEYS]; /* a column key is its column rule and year (key_of) */
  int key_year[LEDGER_KEYS];
  int n_keys;
  /* The blocks still open (OpenBlock, innermost last): a parent's parts are all there only once
   * its block is seen to end — the next block of its rank or an outer one begins, or its total
   * row is read. CLEAN: the last row read was a total (the document may end there). */
  GArray *open;
  gboolean clean;
  gboolean seen_code; /* a 説明 item with a code was read (歳出's 事業, when no side says) */
  /* numbered rows (一連番号) since the table began or its last total: the last number, and
   * whether one was missed (a table cut before its row 1): its total's parts are then not all
   * there */
  int serial_last;
  gboolean serial_gap;
  /* The document's balanced totals so far (歳入合計, 歳出合計), the first of each year and kind:
   * "year|offset|kind" → Balance. Kept over tables (ys_carry_reset leaves it). */
  GHashTable *balances;
} Carry;

/* A total that another must equal (歳入合計 for 歳出合計): its label and its record. */
typedef struct {
  char *label;
  guint id;
} Balance;

/* An open block: a record whose parts are being read, and its rank (levels 1–9 × 10 for headings
 * and rows, 100 for a 節, 200 + level for a 説明 item). */
typedef struct {
  int rank;
  guint id;
  gboolean parts; /* a record was made a part of it */
} OpenBlock;

/* Ends the open blocks of RANK and inside them: their parents have all their parts. */
void ys_carry_close_blocks(Carry *carry, YsEmit *em, int rank);
/* The table ends: its open blocks are complete (CLEAN ending) or, when the document ends
 * inside them, partial (their parts may go on past what was read). */
void ys_carry_end_blocks(Carry *carry, YsEmit *em, gboolean complete);

/* One sheet being read: its bands, columns and what they hold. */
typedef struct {
  YsEmit *em;
  const YsColumns *cols;
  GArray *bands;                /* Band */
  GPtrArray *names;             /* Name* */
  GArray *rows;                 /* Row */
  GArray *parts;                /* Detail: 節 and 細節 */
  GArray *remarks;              /* Detail: 説明 figures */
  int key[64];                  /* column index → column key (LEDGER_KEYS), −1 none */
  int top_label, deepest_label; /* levels of the outermost and innermost label columns */
  /* rows numbered in a column of their own (一連番号): the first and last number (0 none), and
   * whether one between them is missing */
  int serial_first, serial_last;
  gboolean serial_gap;
} Sheet;

static inline const Column *cell_column(const Sheet *sh, const SCell *c) {
  return ys_column(sh->cols, c->col);
}

static inline gboolean cell_role(const Sheet *sh, const SCell *c, ColumnRole role) {
  const Column *k = cell_column(sh, c);
  return k && k->role == role;
}

/* The cell's text, [s, e) of its line. */
static inline const char *cell_text(const SCell *c) {
  return c->src->nl.text + c->s;
}

/* Whether BAND holds a figure in an amount or difference column (no dash). */
gboolean ys_sheet_band_has_figures(const Sheet *sh, const Band *band);

/* Whether C is a label cell that starts with a row number (`1議会費`, `1`): a new name. */
static inline gboolean numbered_label(const Sheet *sh, const SCell *c) {
  return cell_role(sh, c, COL_LABEL) &&
         ys_emit_match(sh->em, RK_ROW_NUMBER, cell_text(c), c->e - c->s, NULL);
}

/* rules_ledger_serial.c: when the sheet numbers its rows in a column of their own (一連番号),
 * or its one label column numbers none of its names (第2表 債務負担行為: 事項 | 期間 | 限度額),
 * its names (sh->names) by the rows' lines, each name the fragments nearest it; FALSE (nothing
 * made) when neither. */
gboolean ys_sheet_serial_names(Sheet *sh);

/* rules_ledger_sheet.c: the sheet's bands from LINES (LLine*, data, heading and side lines), its
 * names, rows, 節 and 説明 entries, and which row or 節 each belongs to. CARRY learns the
 * table's layout (centred or not, the 説明 levels' edges); SIDE as for ys_sheet_emit. */
void ys_sheet_read(Sheet *sh, GPtrArray *lines, Carry *carry, const Rule *side);
void ys_sheet_clear(Sheet *sh);
/* The raw name's item (its row number stripped, cleaned) and its path segment (`1 個人`). */
char *ys_sheet_item(YsEmit *em, const char *raw, char **segment);

/* rules_ledger_emit.c: the sheet's records, in the order of its bands; CARRY goes on. SIDE
 * (may be NULL) is the side rule in force (歳入: 説明 itemizes 節, 歳出: 目). */
void ys_sheet_emit(Sheet *sh, Carry *carry, const Rule *side);
void ys_carry_init(Carry *carry);
void ys_carry_reset(Carry *carry); /* a new table */
void ys_carry_clear(Carry *carry);
/* The heading, side or total path as records see it: SEGMENTS[1..LEVEL] joined by " / ". */
char *ys_carry_path(const Carry *carry, int level, const char *last);

#endif
