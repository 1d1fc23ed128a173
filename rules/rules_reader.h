/* rules — the line reader's state (private to rules/): what one document's lines have set up so
 * far for the lines after them — the current item, labels waiting for their amounts, the section
 * and its outline, the amount line before. rules_reader.c reads the lines that are no table;
 * rules_outline.c keeps sections and outlines; tables go to rules_table.h first.
 */
#ifndef YS_RULES_READER_H
#define YS_RULES_READER_H

#include "rules/rules_table.h"

typedef struct {
  gsize start, end; /* byte span in the line */
  int year;         /* Gregorian; 0 unknown */
  YsBudgetKind kind;
  ColumnRole role; /* label rules: COL_DIFFERENCE for 対前年度 / 増▲減, else COL_NONE */
} LabelHit;

typedef struct {
  char *style;
  GArray *ids; /* guint: records of the marker's line */
} OutlineLevel;

struct YsReader {
  YsEmit em; /* rules, matching, the record set */
  YsTable *table;
  int last_page;
  char *current_item;      /* from a heading or a named amount line */
  char *pending_name;      /* a name that goes on on the next line */
  gboolean pending_minor;  /* … and is not to become the current item */
  gboolean pending_marked; /* … and its rule's `sets` applies to the next line's amounts */
  MarkValue pending_mark;
  GArray *queue;    /* LabelHit: labels waiting for amounts on following lines */
  LabelHit caption; /* a lone queued label taken by a line of one figure: the caption of a
                     * list (令和7年度各国拠出金額 over ■ 米国 …, ■ 日本 …), for the
                     * one-figure lines after it */
  gboolean has_caption;
  /* section: from a heading (or page start) to a section end */
  char *section_item;
  GArray *headline; /* guint ids */
  gboolean outline_seen;
  GPtrArray *outline; /* OutlineLevel* */
  GPtrArray *parts;   /* char*: labelled parts waiting for their amounts, in order
                       * (`「プロジェクト型」<TAB>「チャレンジ型」` / `320億円<TAB>50億円`) */
  /* the previous line that had amounts */
  guint prev_last_id;
  char *prev_tail;
  /* Per-line working arrays, emptied by each use and kept for the next line: */
  GArray *scratch_found;    /* Found: the amounts of the line being read */
  GArray *scratch_labels;   /* LabelHit: the labels of the line */
  GArray *scratch_after;    /* LabelHit: the labels right after one amount */
  GPtrArray *scratch_parts; /* char*: the labelled parts of the line being read */
};

/* rules_outline.c */
void ys_section_start(YsReader *rd, const char *item);
void ys_section_end(YsReader *rd);
/* Enters the outline level of STYLE; returns it. */
OutlineLevel *ys_outline_enter(YsReader *rd, const char *style);
guint ys_outline_parent(YsReader *rd, const OutlineLevel *level, int year, YsBudgetKind kind);
void ys_outline_free(gpointer p);

#endif
