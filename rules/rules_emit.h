/* rules — the matching and record-making context every reader of a document shares (private to
 * rules/): the rule set, PCRE2's match data, the prechecks' view of the line being read, and the
 * record set the readers add to. The line reader (rules_reader.c), the summary-table reader
 * (rules_table.c) and the 予算書 ledger reader (rules_ledger*.c) each keep their own state and
 * call down into this one; it calls none of them.
 */
#ifndef YS_RULES_EMIT_H
#define YS_RULES_EMIT_H

#include "rules/rules_private.h"

typedef struct {
  const YsRules *rules;
  pcre2_match_data *md;
  YsLineChars chars; /* of the line being fed: a precheck for ys_rule_match */
  guint8 *need_seen; /* chars.seen: n_needs entries */
  /* Per rule kind, for the line being fed: 0 not asked yet, 1 no rule of the kind can match
   * anywhere in it (every rule's precheck fails on the whole line), 2 some rule may. */
  guint8 kind_seen[RK_COUNT];
  YsRecordSet *set;
  int era_offset;      /* the document's era, for era-less years (`8年度`) */
  int year_override;   /* --year: the document's fiscal year when it does not say; 0 = none */
  char *record_source; /* in the set's store: every record's source */
  char *record_line;   /* in the set's store: the last record's line_text, shared */
  /* Working arrays, emptied by each use and kept so that reading a line does not allocate: */
  GString *scratch_item[2]; /* ys_emit_clean_item's text and what it strips it to */
  GArray *scratch_counted;  /* Found: ys_emit_find_counted_amount's */
  GArray *scratch_ignore;   /* gsize pairs: ignore-rule spans within ys_emit_find_all */
} YsEmit;

/* One amount of a line: its byte span and its value. */
typedef struct {
  gsize s, e;
  Amount a;
} Found;

void ys_emit_init(YsEmit *em, const YsRules *rules, const char *source);
void ys_emit_clear(YsEmit *em);
/* The line being read (its characters for the prechecks) and, after it, none. */
void ys_emit_begin_line(YsEmit *em, const char *text, gsize len);
void ys_emit_end_line(YsEmit *em);

/* FALSE when no rule of KIND can match TEXT[0..LEN), a part of the line being fed: lets a
 * caller skip the kind's rules with one cached answer per line instead of a precheck each.
 * TRUE (maybe) for text outside that line. */
gboolean ys_emit_kind_possible(YsEmit *em, RuleKind kind, const char *text, gsize len);
/* The first rule of KIND (file order) that matches TEXT; its groups are in em->md. */
gboolean ys_emit_match(YsEmit *em, RuleKind kind, const char *text, gsize len, const Rule **which);
/* TEXT without every match of every item-strip rule, in rule order (g_free). */
char *ys_emit_clean_item(YsEmit *em, const char *text, gsize len);
/* The same with the name-strip rules: a 予算書 name as printed, its spacing taken out. */
char *ys_emit_clean_name(YsEmit *em, const char *text, gsize len);
/* The same with the rules of KIND. */
char *ys_emit_strip(YsEmit *em, RuleKind kind, const char *text, gsize len);
/* Whether ITEM looks like a name (item-name rules; any non-empty text when there are none). */
gboolean ys_emit_item_ok(YsEmit *em, const char *item);
/* The document's fiscal year (0 unknown). */
int ys_emit_default_year(const YsEmit *em);

/* Amount found by the amount rule at or after START; FALSE if none. */
gboolean ys_emit_find_amount(YsEmit *em, const char *text, gsize len, gsize start, gsize *s,
                             gsize *e, Amount *a);
/* Every amount of TEXT that no ignore rule covers (`千円未満`, `408,000×98.9%`), into FOUND. */
void ys_emit_find_all(YsEmit *em, const char *text, gsize len, GArray *found);
/* Whether an ignore rule (a calculation, a unit statement) matches in TEXT. */
gboolean ys_emit_ignored(YsEmit *em, const char *text, gsize len);
/* The first of them; FALSE if none. */
gboolean ys_emit_find_counted_amount(YsEmit *em, const char *text, gsize len, gsize *s, gsize *e,
                                     Amount *a);
/* The figure of a table cell TEXT[0..LEN): an amount with its unit, else a bare number in BARE
 * (a 千円 table's `6,500`); *END (when not NULL) gets the end of what was read. FALSE for no
 * figure. */
gboolean ys_emit_cell_amount(YsEmit *em, const char *text, gsize len, const Unit *bare, Amount *a,
                             gsize *end);

/* Qualifiers, 新規 and kind other from mark rules (rules_reader.c reads them around each
 * amount; the ledger on a 説明 line). */
typedef struct {
  YsQualifier qualifier;
  gboolean is_new, other;
} Marks;
/* Applies one mark to M (portion > per > max > approx; per also makes it other). */
void ys_emit_apply_mark(Marks *m, MarkValue v);
/* The marks of SIDE that TEXT[0..LEN) holds, into M. */
void ys_emit_marks(YsEmit *em, MarkSide side, const char *text, gsize len, Marks *m);

/* A record of LINE for amount A (NULL: none yet) quoting TEXT[0..TLEN) (a part of the line's
 * text, for its box): source, page, line, the document year, strings in the set's store. */
YsRecord *ys_emit_add(YsEmit *em, const YsNormLine *line, const Amount *a, const char *text,
                      gsize tlen);
/* A RATE record (+3.5% → SCALED 35, DECIMALS 1) quoting TEXT[0..TLEN). */
YsRecord *ys_emit_add_rate(YsEmit *em, const YsNormLine *line, const char *text, gsize tlen,
                           gint64 scaled, int decimals);
/* Children of PARENT from a breakdown right at TEXT[POS]; returns the end of it (or POS). */
gsize ys_emit_breakdown(YsEmit *em, const YsNormLine *line, guint parent, const char *text,
                        gsize len, gsize pos);
/* PARENT_ID's parts are all of its parts by construction (the rows of a 款/項/目/節 table):
 * validate checks even a lone one (0: nothing). */
void ys_emit_mark_parts_complete(YsEmit *em, guint parent_id);
/* A record the readers may still change (records are held by pointer: it stays put). */
YsRecord *ys_emit_record(YsEmit *em, guint id);

/* TEXT[0..LEN) (to a NUL before LEN) without the ASCII spaces around it, newly allocated. */
char *ys_emit_strndup_stripped(const char *text, gsize len);

#endif
