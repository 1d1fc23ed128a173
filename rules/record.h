/* records — what the rules stage hands to the later ones: an amount record and a document's
 * set of them, with the enums their columns take and the names those print as (part of the
 * stable output schema: do not rename).
 *
 * validate/, store/ and report/ read records through this header alone; the rule engine that
 * makes them is rules/rules.h.
 */
#ifndef YS_RECORD_H
#define YS_RECORD_H

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  YS_KIND_INITIAL,       /* 当初 / 予算額（案） */
  YS_KIND_SUPPLEMENTARY, /* 補正 */
  YS_KIND_REQUEST,       /* 概算要求 */
  YS_KIND_SETTLED,       /* 決算 */
  YS_KIND_OTHER,         /* not a budget line: estimates, per-item rates, exchange rates */
} YsBudgetKind;

typedef enum {
  YS_QUAL_NONE,
  YS_QUAL_PORTION, /* 内数: part of a larger figure, never added */
  YS_QUAL_APPROX,  /* 程度, 約 */
  YS_QUAL_MAX,     /* 最大 */
  YS_QUAL_PER,     /* /件, /年 … */
} YsQualifier;

typedef enum {
  YS_ROLE_AMOUNT,     /* a budget figure */
  YS_ROLE_DIFFERENCE, /* 増▲減額 / 比較: new − old */
  YS_ROLE_RATE,       /* 増▲減率: (new − old) / old, in percent */
} YsRole;

typedef enum {
  YS_ROUND_UNKNOWN, /* no note found: validate assumes HALF and says so */
  YS_ROUND_HALF,    /* 四捨五入: [x − u/2, x + u/2) */
  YS_ROUND_DOWN,    /* 切り捨て: [x, x + u) */
  YS_ROUND_UP,      /* 切り上げ: (x − u, x] */
} YsRounding;

/* A record's level in the document's outline: the columns of a 予算書 table, or what places a
 * figure in a ministry summary. */
typedef enum {
  YS_LEVEL_NONE,  /* not placed */
  YS_LEVEL_KAN,   /* 款 */
  YS_LEVEL_KOU,   /* 項 */
  YS_LEVEL_MOKU,  /* 目 */
  YS_LEVEL_SETSU, /* 節 */
  YS_LEVEL_SAISETSU, /* 細節: the parts of a 節 (職員手当等 → 扶養手当, 地域手当 …) */
  YS_LEVEL_SETSUMEI,  /* 説明: the explanation column's figures */
  YS_LEVEL_HEADING,   /* a summary's heading (a programme, a page headline) */
  YS_LEVEL_OUTLINE,   /* an outline child ((1), ①, I.) */
  YS_LEVEL_BREAKDOWN, /* a breakdown element (文583, AMED 308億円) */
} YsLevel;

typedef struct {
  guint id;        /* 1-based position in the record set */
  guint parent_id; /* 0 = none; else the record this one is a part of */
  char *source;
  int page, line;  /* 1-based */
  char *item;      /* budget item, normalized */
  int fiscal_year; /* Gregorian; 0 = unknown */
  YsBudgetKind kind;
  YsRole role;
  gint64 amount_yen; /* AMOUNT / DIFFERENCE: exact integer yen (foreign currency: in its own unit ×
                        unit multiplier) */
  char *unit;        /* as printed: 億円, 千円, 千USドル, % … */
  gint64 unit_yen; /* value of 1 of the unit: 億円 → 100000000 (千USドル → 1000, in its currency) */
  gint64 rounding_unit_yen; /* value of the last printed digit */
  YsQualifier qualifier;
  char *currency;  /* "JPY", "USD", … */
  char *text;      /* the normalized snippet it came from */
  char *line_text; /* the whole normalized line it was printed on */
  /* RATE only: the printed percentage is rate_scaled / 10^rate_decimals (+3.5% → 35, 1). */
  gint64 rate_scaled;
  int rate_decimals;
  /* DIFFERENCE / RATE only: the figure compared against (new is fiscal_year/kind). */
  int base_year;
  YsBudgetKind base_kind;
  char *group;             /* breakdown label, e.g. ministry 文部科学省 or AMED; NULL if none.
                            * A breakdown child's item is "<parent item>/<group>". */
  gboolean is_new;         /* 新規: the item has no prior-year figure */
  gboolean parts_complete; /* its parts (children) are exhaustive by construction, as the rows of
                            * a 款/項/目/節 table are: validate checks them even when there is
                            * only one (款 議会費 = 項 議会費). Outline children under a headline
                            * may be partial, so there it stays FALSE. */
  gboolean parts_partial;  /* its parts were not all read: the document ends (a page cut from a
                            * book) before its block of the table does. No sum check. */
  /* The year relative to the document's (本年度 0, 前年度 −1) when the reader knows it from a
   * column even though the document states no year of its own (fiscal_year 0): lets validate
   * tell this year's figures from last year's all the same. */
  gboolean year_relative;
  int year_offset;
  /* DIFFERENCE / RATE: the records compared, when the reader knows them (a table row's cells);
   * 0: validate finds them by item, year and kind. */
  guint new_id, old_id;
  /* The record whose figure this one must equal, printed under another name (歳出合計 =
   * 歳入合計: a rule file's balance rule says which names); 0 none. */
  guint equals_id;
  char *path; /* place in the outline, levels joined by " / " (歳出 / 3 民生費 / …,
               * the record's own name last); "" when not placed */
  YsLevel level;
  /* Its box on the page in PDF points from the page's top-left corner (the cell it was printed
   * in, the line's height); has_box FALSE for text input. */
  gboolean has_box;
  double x0, y0, x1, y1;
} YsRecord;

typedef struct {
  char *source;
  int fiscal_year;     /* the document's own fiscal year; 0 = unknown */
  YsRounding rounding; /* the rounding note the document declares */
  int rounding_page;   /* page of that note; 0 = none */
  char *rounding_text; /* the note as printed; NULL = none */
  GPtrArray *records;  /* YsRecord*, document order; records->pdata[i]->id == i + 1 */
  /* Private. A reader's set keeps its records and their strings here (ys_record_set_free
   * frees them): treat them as read-only. NULL for a set whose records array frees its own. */
  struct YsRecordStore *store;
} YsRecordSet;

/* An empty set whose records are owned by it one by one (RECORDS frees each with
 * ys_record_free): for sets built outside the reader, as the store reads them back. */
YsRecordSet *ys_record_set_new(const char *source);
/* A record of such a set: zeroed but for ID (1-based, its position) and its strings, which
 * ys_record_free releases (set them with g_strdup). */
YsRecord *ys_record_new(guint id);
void ys_record_free(YsRecord *record);

void ys_record_set_free(YsRecordSet *set);
const YsRecord *ys_record_set_get(const YsRecordSet *set, guint id); /* NULL if out of range */

const char *ys_budget_kind_name(YsBudgetKind kind);   /* "initial", "supplementary", … */
const char *ys_qualifier_name(YsQualifier qualifier); /* "", "portion", "approx", "max", "per" */
const char *ys_role_name(YsRole role);                /* "amount", "difference", "rate" */
const char *
ys_rounding_name(YsRounding rounding); /* "unknown", "四捨五入", "切り捨て", "切り上げ" */
const char *ys_level_name(YsLevel level); /* "", "款", "項", …, "heading", … */

G_DEFINE_AUTOPTR_CLEANUP_FUNC(YsRecordSet, ys_record_set_free)

G_END_DECLS

#endif
