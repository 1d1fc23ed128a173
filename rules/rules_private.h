/* rules — private types shared by the rules engine's files (not part of the public API).
 *
 * rules_load.c fills a YsRules from rule files: tables (units, groups, eras, rounding words),
 * sub-pattern definitions and rules, each rule compiled with PCRE2. rules_amount.c reads one
 * amount with the unit table. The readers of a document are declared apart: rules_emit.h (what
 * they share), rules_columns.h (table headers), rules_table.h (tables), rules_ledger.h (予算書
 * tables) and rules_reader.h (the line reader that drives them).
 */
#ifndef YS_RULES_PRIVATE_H
#define YS_RULES_PRIVATE_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "rules/rules.h"

/* The mechanisms the C engine knows; a rule file says which words trigger them. */
typedef enum {
  RK_AMOUNT,      /* finds an amount in a line ({amount}) */
  RK_BARE_NUMBER, /* a table cell that is a number without unit */
  RK_RATE,        /* a rate cell: group rate */
  RK_NO_FIGURE,   /* a table cell that holds no figure (dash, blank) */
  RK_IGNORE,      /* spans that are never amounts (calculation bases, exchange rates) */
  RK_DOC_YEAR,    /* group year: the document's fiscal year */
  RK_ROUNDING,    /* group mode (a rounding word): the rounding note */
  RK_LABEL,       /* year/kind label for the amounts after it (same or following lines) */
  RK_LABEL_AFTER, /* year/kind label right after an amount, for that amount */
  RK_PRIOR,       /* gap between two amounts that makes the second the year before */
  RK_MARK,        /* qualifier / new / other, from text before, after or on the line */
  RK_HEADING,     /* group item: a heading line; starts a section, sets the current item */
  RK_SECTION_END, /* ends the section (and its outline) */
  RK_NAME_START,  /* group item: a name without amount, continued on the next line */
  RK_ITEM_STRIP,  /* removed from item names */
  RK_ITEM_NAME,   /* what a cleaned same-line name must look like */
  RK_OUTLINE,     /* group marker at line start; attribute style */
  RK_PART,        /* group item: a labelled part of the section headline (next amount) */
  RK_ASIDE,       /* amounts on this line are not parts of anything (※ notes) */
  RK_BREAKDOWN,   /* group list after an amount; element pattern: groups label, value */
  RK_COLUMN,      /* a table column header cell */
  RK_UNIT_NOTE,   /* group unit: unit of a table's bare numbers */
  RK_UNIT_CELL,   /* group unit: a unit row cell */
  RK_ROW_TAIL,    /* a row-label line that continues the row above */
  RK_MINOR_NAME,  /* a same-line name that does not become the current item (うち…) */
  RK_TOTAL_ROW, /* a table row label (合計, 歳出合計): its figures are the sums of the rows above */
  RK_ROW_NUMBER, /* a label-column fragment starting with it (`1議会費`) starts a new row name */
  RK_RATE_AFTER, /* group rate: right after a difference (`対前年度 -2億円(-9.1%)`), its rate */
  RK_LEVEL_HEADING, /* groups number, item, amount; level: a 予算書 款/項 heading line */
  RK_SIDE,          /* group item; explains, parts: a 予算書 side heading (歳入, 歳出) */
  RK_REMARK_CODE,   /* group marker: the code of a 説明 item (`001 給与費`) */
  RK_REMARK_COUNT,  /* a count beside a 説明 item (`32人`): no part of its name */
  RK_NAME_STRIP,    /* removed from 予算書 names (their spacing), as item-strip is elsewhere */
  RK_BALANCE, /* total-row labels that print one figure (歳入合計, 歳出合計: a budget balances) */
  RK_COUNT
} RuleKind;

typedef enum { SIDE_BEFORE, SIDE_AFTER, SIDE_LINE } MarkSide;

typedef enum { MARK_PORTION, MARK_APPROX, MARK_MAX, MARK_PER, MARK_NEW, MARK_OTHER } MarkValue;

typedef enum {
  COL_NONE,
  COL_AMOUNT,
  COL_DIFFERENCE,
  COL_RATE,
  COL_LABEL,
  COL_PART,
  COL_PART_LABEL,
  COL_BREAKDOWN,
  COL_SPAN,
  COL_SERIAL
} ColumnRole; /* PART: 節 金額, parts of the row's first amount; PART_LABEL: their 区分 names;
               * BREAKDOWN: parts of a figure of the row (the nearest amount left of them of its
               * first amount's year and kind) on its own line, named by the column's header
               * (財源内訳: 国県支出金 | 地方債 | その他 | 一般財源); SPAN: a header over the
               * headers below it (節 over 区分 | 金額): no column of its own; SERIAL: the rows'
               * numbers (一連番号), each number a row whose name in the label column is the
               * fragments nearest to it (a name wrapped above and below it) */

/* Named groups an engine mechanism reads. */
enum {
  G_YEAR,
  G_ITEM,
  G_AMOUNT,
  G_MODE,
  G_UNIT,
  G_LIST,
  G_LABEL,
  G_VALUE,
  G_MARKER,
  G_RATE,
  G_NUMBER,
  G_COUNT
};

/* rules_precheck.c: literal strings one of which every match of a pattern holds (a precheck),
 * or NULL (none: the pattern is always run). */
typedef struct RuleNeed RuleNeed;
RuleNeed *ys_need_analyze(const char *pattern, gsize len);
/* The precheck any match of one of NEEDS[0..N) passes: their strings together; NULL when one
 * is NULL (no precheck) or the union is too large to be cheap. */
RuleNeed *ys_need_union(RuleNeed *const *needs, guint n);
/* Numbers NEED among its rule set's (0, 1, …): its slot in YsLineChars.seen. */
void ys_need_set_id(RuleNeed *need, guint id);
void ys_need_free(RuleNeed *need);
/* The line being read, for the prechecks: its characters as a bit set (ASCII's own bits, the
 * rest hashed: a string one of whose characters the line lacks is not searched for in it, nor
 * in a part of it), and per need id whether the whole line holds it (0 not asked yet, 1 no,
 * 2 yes): many rules ask about the same line, and each need is searched once a line. */
typedef struct {
  const char *text; /* NULL when no line is being read */
  gsize len;
  guint64 bits[64];
  guint8 *seen; /* N_SEEN entries, owned by the caller; NULL: no answers kept */
  guint n_seen;
} YsLineChars;
/* Sets LC to TEXT (NULL: no line) without an answer cache. */
void ys_line_chars_set(YsLineChars *lc, const char *text, gsize len);
/* The same with SEEN (N_SEEN entries, owned by the caller) as its cache, emptied here. */
void ys_line_chars_set_cached(YsLineChars *lc, const char *text, gsize len, guint8 *seen,
                              guint n_seen);
/* Whether TEXT[0..LEN) holds one of NEED's strings (always TRUE for NULL). LC (may be NULL)
 * answers faster for a part of its line; text outside LC's line is searched as without it. A
 * part of a line that holds one of the strings is TRUE unsearched (PCRE2 then tells). */
gboolean ys_need_present(const RuleNeed *need, YsLineChars *lc, const char *text, gsize len);
/* The same for LC's whole line (LC set to a line): the question kind_possible asks most. */
gboolean ys_need_present_in_line(const RuleNeed *need, YsLineChars *lc);
/* The strings joined by '|', longest first (for tests), or NULL. */
char *ys_need_describe(const RuleNeed *need);

typedef struct {
  char *name;
  RuleKind kind;
  char *file;
  int line;      /* line of the pattern */
  char *pattern; /* as written */
  char *element; /* breakdown element pattern, as written */
  int element_line;
  char *means; /* what the rule does, for people */
  /* attributes */
  int budget; /* YsBudgetKind or -1 */
  gboolean has_offset;
  int year_offset; /* relative to the document year (or the amount before, for prior) */
  ColumnRole role;
  int level; /* label columns: 1 = outermost */
  MarkSide side;
  MarkValue mark;
  gboolean has_mark;    /* a `sets` attribute was given */
  char *style;          /* outline style */
  gboolean line_scope;  /* scope line: a name for its own line only */
  int explains;         /* side headings: what 説明 figures itemize (YS_LEVEL_SETSU / _MOKU) */
  gboolean coded_parts; /* side headings: only 説明 items with a code are parts (the others
                         * are notable items among more) */
  /* compiled */
  pcre2_code *re;
  pcre2_code *re_element;
  gboolean jit, jit_element; /* JIT-compiled: ys_rule_match may take its fast path */
  RuleNeed *need;            /* precheck for re, … */
  RuleNeed *need_element;    /* … and for re_element */
  int groups[G_COUNT];       /* group numbers in re, 0 = absent */
  int element_groups[G_COUNT];
} Rule;

typedef struct {
  char *name;     /* as printed: 億円 */
  gsize name_len; /* its bytes: units are looked up once per amount */
  gint64 value;   /* 100000000 */
  char *currency; /* JPY */
} Unit;

typedef struct {
  char *key;
  gsize key_len; /* its bytes */
  char *value;
  int number; /* eras: Gregorian year of year 1 minus 1; rounding: YsRounding */
} Entry;

struct YsRules {
  GPtrArray *files;                 /* char*, loaded, in order */
  GPtrArray *rules;                 /* Rule*, file order */
  GPtrArray *units;                 /* Unit* */
  GPtrArray *groups;                /* Entry*: abbreviation → full name */
  GPtrArray *eras;                  /* Entry*: era → offset */
  GPtrArray *roundings;             /* Entry*: word → YsRounding */
  GHashTable *renames;              /* `rename OLD NEW`: old item name → new (ys_rules_renamed) */
  GPtrArray *bodies;                /* `body NAME`: issuing bodies, file order (char*) */
  GHashTable *defines;              /* name → pattern as written */
  GHashTable *define_where;         /* name → "file:line" */
  GPtrArray *by_kind[RK_COUNT];     /* Rule* (borrowed), file order */
  gboolean no_jit;                  /* ys_rules_new_without_jit: the interpreter only */
  guint n_needs;                    /* prechecks numbered by ys_rules_number_needs */
  RuleNeed *kind_need[RK_COUNT];    /* per kind, a precheck every match of its rules passes */
  gboolean kind_need_own[RK_COUNT]; /* made for the kind; else its one rule's own, shared */
};

/* rules_precheck.c: numbers the compiled rules' prechecks (the same strings, one slot) and
 * makes each kind's (rules->kind_need, n_needs); forgets the kinds' (none until numbered). */
void ys_rules_number_needs(YsRules *rules);
void ys_rules_forget_needs(YsRules *rules);
/* rules_load.c */
gboolean ys_rules_compile(YsRules *rules, GError **error);
gboolean ys_rule_match(const Rule *rule, const pcre2_code *re, const char *text, gsize len,
                       gsize start, pcre2_match_data *md, YsLineChars *lc);
/* Group NUMBER of the last match as [*s, *e); FALSE if unset. */
gboolean ys_rule_group(pcre2_match_data *md, int number, gsize *s, gsize *e);
gboolean ys_rule_whole(pcre2_match_data *md, gsize *s, gsize *e);
const Entry *ys_rules_lookup(const GPtrArray *entries, const char *key, gsize len);

/* rules_amount.c */
typedef struct {
  gint64 amount;
  gint64 rounding_unit;
  gint64 unit_yen;
  const Unit *unit;
} Amount;
gboolean ys_amount_parse(const YsRules *rules, const char *text, gsize len, const Unit *bare_unit,
                         Amount *out, GError **error);
/* A rate as printed (`+3.5`): scaled integer and decimals. */
gboolean ys_rate_parse(const char *text, gsize len, gint64 *scaled, int *decimals);
const Unit *ys_rules_unit(const YsRules *rules, const char *name, gsize len);
/* Year text (`令和8`, `8`, `2026`, `元`) to Gregorian; ERA_OFFSET for an era-less year. */
int ys_rules_year(const YsRules *rules, const char *text, gsize len, int era_offset,
                  int *era_offset_out);

/* record_set.c: a reader's set, whose records and strings live in its store — taken in order
 * from a few large regions — rather than one allocation each (a 50 MB text makes 100 000
 * records of seven strings). A string kept this way is never freed alone: reassign, don't
 * free. */
YsRecordSet *ys_record_set_new_stored(const char *source);

/* An empty rule set whose patterns are never JIT-compiled (ys_rules_add_file fills it): for the
 * rule-file fuzzer, where compiling each input's patterns to machine code costs more than
 * everything else it does, and the interpreter matches the same. */
YsRules *ys_rules_new_without_jit(void);
YsRecord *ys_record_set_add(YsRecordSet *set); /* zeroed but for its id and default kinds */
char *ys_record_set_keep(YsRecordSet *set, const char *text, gsize len); /* a copy */
char *ys_record_set_keep_str(YsRecordSet *set, const char *text);        /* a copy */
char *ys_record_set_keep_shared(YsRecordSet *set, const char *text);     /* one copy per text */
char *ys_record_set_keep_joined(YsRecordSet *set, const char *a, const char *b); /* A/B */

#endif
