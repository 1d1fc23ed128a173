/* rules — a cheap precheck for each compiled pattern: literal text any match must contain.
 *
 * Most rules cannot match most lines (a label needs 年度, an amount needs a unit), yet PCRE2
 * tries every start position of every line for every rule, and its own start optimisations see
 * bytes only: in UTF-8 Japanese text the first byte of a kanji is everywhere. So at load time
 * each expanded pattern is read once for a set of literal strings of which every match holds
 * at least one (`年度`; the unit names for {amount}); a subject holding none of them is not
 * matched at all. A small character class counts as its characters (`[×*]`, `[①-⑳]`, `\s`), so
 * rules without any literal word (a page number, a calculation `408,000×98.9%`) skip the lines
 * that lack all of those characters. A branch anchored by ^ can only match at the subject's
 * start, so for it the check is what the subject starts with, spaces and optional bullets aside
 * (`^[-*・\s]*[0-9]{1,2}\.` needs a digit there, not anywhere): a bulleted prose line no longer
 * runs the outline, heading and page-number rules. When the first character a match needs may
 * be a space (`^[-*・\s]+`), the subject's very first character is checked instead. Likewise a
 * branch ending with $ checks what the subject ends with
 * (`…(?:事業|計画)\s*$`; `- 56 -` but not a bullet line ending in 。).
 * A pattern of one branch must pass all it has: its strings, lead and tail. And what every
 * branch requires besides its best string goes into up to NEED_MAX_ALSO more sets, each of
 * which a match also holds (`予\s*算\s*額`: 予 and 算 and 額; a calculation: [×*] and a digit).
 * A positive lookahead's requirement is one of those more sets (what it sees lies within the
 * subject); other lookarounds are passed over.
 * The analysis is conservative: any construct it does not fully understand (flags, verbs,
 * recursion, …) yields no set, and the pattern is always run. */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "rules/rules_private.h"

/* More strings than this make the check no cheaper than the match. */
#define NEED_MAX_STRINGS 16

/* Single characters (from classes) are tested all at once against the line's bit set, so many
 * more of them are cheap; a larger class filters too little to be worth it. */
#define NEED_MAX_SINGLE 64

/* A rule kind's union of its rules' strings (ys_need_union) may hold more than one rule's:
 * it is asked once per line, and a string whose characters the line lacks costs no memmem. */
#define NEED_MAX_UNION_STRINGS 48

/* Optional characters an anchored match may open with that its precheck passes over. */
#define NEED_MAX_SKIP 16

/* More sets of strings a match holds one of each of, besides the best: the next best few. */
#define NEED_MAX_ALSO 3

/* Words of a line's bit set a need's quick check reads at most (RuleNeed.key_w). */
#define NEED_MAX_KEY 6

/* Characters of a string checked against a line's bit set: a few are as good a filter as all. */
#define NEED_MAX_CHARS 4

/* The small fields first and the bit sets last: a line asks many needs, and most answers come
 * from the first 64 bytes (the sets, 528 bytes each, are read only when those fields send the
 * check there), so that a need costs one cache line rather than five. */
struct RuleNeed {
  guint id; /* slot in YsLineChars.seen */
  /* A match passes the lead, the tail and the strings that NEED has, not only one of them
   * (a pattern of one branch). */
  gboolean all_of;
  guint n;       /* strings in ANY */
  guint n_multi; /* … the first N_MULTI longer than one character, the rest single ones */
  gboolean has_single, has_lead, has_skip, lead_exact, has_tail, tail_exact; /* see below */
  guint n_single_w, n_skip, n_also;
  /* A quick "no" for a line: the bits of every string's first character, as N_KEY words
   * (KEY_W) and their masks (KEY_M); 0 when there are too many words. A part of a line that
   * holds a string holds its first character, so the line does too. */
  guint n_key;
  guint8 key_w[NEED_MAX_KEY];
  guint64 key_m[NEED_MAX_KEY];
  /* And holds one string of each of these too (`予\s*算\s*額`: 予, 算 and 額, not only 予). */
  struct RuleNeed *also[NEED_MAX_ALSO];
  char **any;                     /* a match contains at least one of them, … */
  gsize *len;                     /* … these many bytes long, … */
  guint16 (*bit)[NEED_MAX_CHARS]; /* … holding the characters of these YsCharBits bits */
  guint8 *n_bits;
  guint8 single_w[NEED_MAX_SINGLE]; /* the words of SINGLE that are not 0 */
  gunichar skip[NEED_MAX_SKIP];     /* see FIRST */
  /* The bits of the strings that are one character (HAS_SINGLE): a line holding none of these
   * bits holds none of those strings (a part of the line is checked by memmem, as the others). */
  YsCharBits single;
  /* Or a match starts the subject (a branch anchored by ^, HAS_LEAD): the bits of the
   * characters the subject's first character other than a space may then be, … */
  YsCharBits lead;
  /* … or, sharper when HAS_SKIP, the bits of the first character other than a space or one
   * of SKIP (the N_SKIP optional characters a match may open with: `^[-*・\s]*[0-9]`).
   * With LEAD_EXACT (a branch opening with a required space, `^[-*・\s]+`) LEAD holds the
   * subject's very first character instead, spaces not passed over. */
  YsCharBits first;
  /* Or a match ends the subject (a branch ending with $, HAS_TAIL): the bits of the characters
   * the subject's last character other than a space may then be; with TAIL_EXACT (a branch
   * ending with a run of spaces, `\s+$`) its very last character (any newline passes: $ may
   * match before it). */
  YsCharBits tail;
};

/* A requirement while parsing: NULL means "nothing known" (any text may match). */
typedef GPtrArray Set;

static Set *set_new(void) {
  return g_ptr_array_new_with_free_func(g_free);
}

static void set_free(Set *s) {
  if (s)
    g_ptr_array_unref(s);
}

static gsize set_min_len(const Set *s) {
  gsize m = G_MAXSIZE;
  for (guint i = 0; i < s->len; i++)
    m = MIN(m, strlen(g_ptr_array_index(s, i)));
  return m;
}

/* Of two requirements of one sequence, the one more likely to exclude a line: longer strings. */
static Set *set_better(Set *a, Set *b) {
  if (!a)
    return b;
  if (!b)
    return a;
  gsize la = set_min_len(a), lb = set_min_len(b);
  gboolean keep_a = la > lb || (la == lb && a->len <= b->len);
  set_free(keep_a ? b : a);
  return keep_a ? a : b;
}

/* Whether TEXT is one UTF-8 character (or one byte). */
static gboolean is_one_char(const char *text) {
  const char *next = g_utf8_find_next_char(text, NULL);
  return *text && (!next || !*next);
}

/* Whether a set of this many strings still makes a cheap check. */
static gboolean set_small(const Set *a, const Set *b) {
  guint longer = 0, all = a->len + b->len;
  for (guint i = 0; i < a->len; i++)
    longer += !is_one_char(g_ptr_array_index(a, i));
  for (guint i = 0; i < b->len; i++)
    longer += !is_one_char(g_ptr_array_index(b, i));
  return longer <= NEED_MAX_STRINGS && all <= NEED_MAX_SINGLE;
}

/* Either branch's requirement: the union, or nothing when one branch has none. */
static Set *set_union(Set *a, Set *b) {
  if (!a || !b || !set_small(a, b)) {
    set_free(a);
    set_free(b);
    return NULL;
  }
  for (guint i = 0; i < b->len; i++)
    g_ptr_array_add(a, g_strdup(g_ptr_array_index(b, i)));
  set_free(b);
  return a;
}

static void set_add_all(Set *to, const Set *from) {
  for (guint i = 0; i < from->len; i++)
    g_ptr_array_add(to, g_strdup(g_ptr_array_index(from, i)));
}

typedef struct {
  const char *p, *end;
  gboolean failed; /* a construct outside the understood subset: no precheck at all */
} Parser;

static Set *parse_alternation(Parser *ps);

/* What \s matches with PCRE2_UCP (the patterns' mode): Unicode category Z, the ASCII controls
 * TAB…CR and U+0085, and U+180E, which PCRE2 also counts as horizontal space. */
static const gunichar space_chars[] = {0x09,   0x0A,   0x0B,   0x0C,   0x0D,   0x20,   0x85,
                                       0xA0,   0x1680, 0x180E, 0x2000, 0x2001, 0x2002, 0x2003,
                                       0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A,
                                       0x2028, 0x2029, 0x202F, 0x205F, 0x3000};

static void set_add_char(Set *s, gunichar c) {
  char buf[8];
  gint n = g_unichar_to_utf8(c, buf);
  g_ptr_array_add(s, g_strndup(buf, n));
}

static Set *space_set(void) {
  Set *s = set_new();
  for (guint i = 0; i < G_N_ELEMENTS(space_chars); i++)
    set_add_char(s, space_chars[i]);
  return s;
}

/* One member of a class at P: a literal character (or escaped punctuation) as *C, or \s as
 * *SPACE; FALSE for anything else (\d, \p{…}, [:name:]: too many characters to list). */
static gboolean class_member(Parser *ps, gunichar *c, gboolean *space) {
  *space = FALSE;
  if (*ps->p == '[' && ps->p + 1 < ps->end && ps->p[1] == ':')
    return FALSE;
  if (*ps->p == '\\') {
    if (ps->p + 1 >= ps->end)
      return FALSE;
    char e = ps->p[1];
    ps->p += 2;
    if (e == 's') {
      *space = TRUE;
      return TRUE;
    }
    *c = (guchar)e;
    return (guchar)e < 0x80 && !g_ascii_isalnum(e);
  }
  *c = g_utf8_get_char_validated(ps->p, ps->end - ps->p);
  if (*c == (gunichar)-1 || *c == (gunichar)-2)
    return FALSE;
  ps->p = g_utf8_next_char(ps->p);
  return TRUE;
}

/* A character class [...]: the set of its characters when it is a short positive list of
 * characters and ranges, else NULL (skipped; the parse fails only on a malformed class). */
static Set *parse_class(Parser *ps) {
  ps->p++; /* [ */
  gboolean listable = TRUE;
  if (ps->p < ps->end && *ps->p == '^') {
    listable = FALSE;
    ps->p++;
  }
  Set *chars = set_new();
  gboolean first = TRUE;
  while (ps->p < ps->end && (*ps->p != ']' || first)) {
    first = FALSE;
    const char *at = ps->p;
    gunichar c = 0, hi = 0;
    gboolean space = FALSE, hi_space = FALSE;
    if (!class_member(ps, &c, &space)) {
      listable = FALSE;
      /* skip what was not understood: a POSIX class whole, else one byte */
      if (*at == '[' && at + 1 < ps->end && at[1] == ':') {
        const char *close = strstr(at + 2, ":]");
        if (!close || close >= ps->end) {
          ps->failed = TRUE;
          break;
        }
        ps->p = close + 2;
      } else if (ps->p == at) {
        ps->p++;
      }
      continue;
    }
    if (space) {
      for (guint i = 0; i < G_N_ELEMENTS(space_chars); i++)
        set_add_char(chars, space_chars[i]);
      continue;
    }
    /* a range a-b (a '-' right before the closing bracket is a literal) */
    if (ps->p + 1 < ps->end && *ps->p == '-' && ps->p[1] != ']') {
      ps->p++;
      if (!class_member(ps, &hi, &hi_space) || hi_space || hi < c || hi - c >= NEED_MAX_SINGLE) {
        listable = FALSE;
        continue;
      }
      for (gunichar u = c; u <= hi && chars->len <= NEED_MAX_SINGLE; u++)
        set_add_char(chars, u);
      continue;
    }
    set_add_char(chars, c);
  }
  if (ps->p >= ps->end)
    ps->failed = TRUE;
  else
    ps->p++; /* ] */
  if (ps->failed || !listable || chars->len == 0 || chars->len > NEED_MAX_SINGLE) {
    set_free(chars);
    return NULL;
  }
  return chars;
}

/* After an atom: its quantifier's minimum count (1 without one); -1 on an unknown form. */
static int parse_quantifier(Parser *ps) {
  int min = 1;
  if (ps->p >= ps->end)
    return 1;
  char c = *ps->p;
  if (c == '?' || c == '*') {
    min = 0;
    ps->p++;
  } else if (c == '+') {
    ps->p++;
  } else if (c == '{') {
    const char *q = ps->p + 1;
    if (q >= ps->end || !g_ascii_isdigit(*q))
      return -1; /* `{,n}` or a literal brace: not worth the subtlety */
    min = 0;
    for (; q < ps->end && g_ascii_isdigit(*q); q++)
      min = MIN(min * 10 + (*q - '0'), 1000);
    while (q < ps->end && (g_ascii_isdigit(*q) || *q == ','))
      q++;
    if (q >= ps->end || *q != '}')
      return -1;
    ps->p = q + 1;
  } else {
    return 1;
  }
  if (ps->p < ps->end && (*ps->p == '?' || *ps->p == '+')) /* lazy / possessive */
    ps->p++;
  return min;
}

/* The head of a group after its '(': capturing, named, non-capturing and atomic groups and
 * lookarounds (*LOOKAROUND; *AHEAD for a positive lookahead) are read; anything else fails the
 * parse. */
static gboolean parse_group_head(Parser *ps, gboolean *lookaround, gboolean *ahead) {
  *lookaround = FALSE;
  *ahead = FALSE;
  if (ps->p < ps->end && *ps->p == '?') {
    const char *q = ps->p + 1;
    if (q < ps->end && (*q == ':' || *q == '>')) {
      ps->p = q + 1;
    } else if (q < ps->end && (*q == '=' || *q == '!')) {
      ps->p = q + 1;
      *lookaround = TRUE;
      *ahead = *q == '=';
    } else if (q + 1 < ps->end && *q == '<' && (q[1] == '=' || q[1] == '!')) {
      ps->p = q + 2;
      *lookaround = TRUE;
    } else if (q < ps->end &&
               (*q == '<' || *q == '\'' || (*q == 'P' && q + 1 < ps->end && q[1] == '<'))) {
      const char *close =
          *q == '\'' ? memchr(q + 1, '\'', ps->end - q - 1) : memchr(q, '>', ps->end - q);
      if (!close) {
        ps->failed = TRUE;
        return FALSE;
      }
      ps->p = close + 1;
    } else {
      ps->failed = TRUE; /* flags, comments, recursion, conditionals, (?| … */
      return FALSE;
    }
  } else if (ps->p < ps->end && *ps->p == '*') {
    ps->failed = TRUE; /* (*VERB) */
    return FALSE;
  }
  return TRUE;
}

/* A group after its '(', up to its ')': what ALTERNATION makes of its content. A lookaround
 * (*LOOKAROUND set) takes no character and may test what lies outside the subject range: its
 * content is only passed over, and the result is NULL; but with AHEAD_STRINGS a positive
 * lookahead's strings are the result: what it sees lies between the match and the subject's
 * end, so a match's subject holds them too (`(?={sign}?\s*[0-9])`: a digit). */
static Set *parse_group_with(Parser *ps, Set *(*alternation)(Parser *), gboolean *lookaround,
                             gboolean ahead_strings) {
  gboolean ahead;
  if (!parse_group_head(ps, lookaround, &ahead))
    return NULL;
  Set *inner = *lookaround ? parse_alternation(ps) : alternation(ps);
  if (ps->p >= ps->end || *ps->p != ')') {
    ps->failed = TRUE;
    set_free(inner);
    return NULL;
  }
  ps->p++;
  if (*lookaround && !(ahead && ahead_strings)) {
    set_free(inner);
    return NULL;
  }
  return inner;
}

/* A group after its '(': capturing, named, non-capturing or atomic groups and positive
 * lookaheads (*AHEAD set) are read; other lookarounds are skipped; anything else fails. */
static Set *parse_group(Parser *ps, gboolean *ahead) {
  gboolean lookaround;
  Set *inner = parse_group_with(ps, parse_alternation, &lookaround, TRUE);
  *ahead = lookaround; /* of lookarounds, only a positive lookahead gives a set */
  return inner;
}

/* One atom and its quantifier; *LITERAL gets its text when it is one literal character. A
 * positive lookahead's requirement goes to *AHEAD instead (NULL if none): it is only ever one
 * of the further checks, the main one being what the match itself holds. */
static Set *parse_atom(Parser *ps, GString *literal, Set **ahead) {
  g_string_truncate(literal, 0);
  *ahead = NULL;
  Set *need = NULL;
  gboolean is_ahead = FALSE;
  char c = *ps->p;
  if (c == '(') {
    ps->p++;
    need = parse_group(ps, &is_ahead);
  } else if (c == '[') {
    need = parse_class(ps);
  } else if (c == '\\') {
    if (ps->p + 1 >= ps->end) {
      ps->failed = TRUE;
      return NULL;
    }
    char e = ps->p[1];
    if (e == 'Q' || e == 'E') {
      ps->failed = TRUE;
      return NULL;
    }
    ps->p += 2;
    if (e == 's') {
      need = space_set();
    } else if (g_ascii_isalnum(e)) {
      /* \s \d \b …, or \p{Han} \x{3000} with a braced argument: not a literal. Escapes
       * with bare arguments (\pL \x41 \g1 \12 \cX \k<n>) are not worth reading. */
      gboolean braced = ps->p < ps->end && *ps->p == '{';
      if (strchr("pPxN", e) && braced) {
        const char *close = memchr(ps->p, '}', ps->end - ps->p);
        if (!close) {
          ps->failed = TRUE;
          return NULL;
        }
        ps->p = close + 1;
      } else if (!strchr("sSdDwWhHvVRXbBAzZGKNntrfea", e)) {
        ps->failed = TRUE;
        return NULL;
      }
    } else if ((guchar)e < 0x80) {
      g_string_append_c(literal, e); /* \( \. \* … */
    } else {
      ps->failed = TRUE;
      return NULL;
    }
  } else if (c == '.' || c == '^' || c == '$') {
    ps->p++;
  } else {
    const char *next = g_utf8_find_next_char(ps->p, ps->end);
    if (!next)
      next = ps->end;
    g_string_append_len(literal, ps->p, next - ps->p);
    ps->p = next;
  }
  if (ps->failed) {
    set_free(need);
    return NULL;
  }
  if (literal->len) {
    need = set_new();
    g_ptr_array_add(need, g_strndup(literal->str, literal->len));
  }
  const char *before = ps->p;
  int min = parse_quantifier(ps);
  if (min < 0) {
    ps->failed = TRUE;
    set_free(need);
    return NULL;
  }
  if (ps->p != before)
    g_string_truncate(literal, 0); /* quantified: not part of a fixed run */
  if (min == 0) {
    set_free(need);
    need = NULL;
  }
  if (is_ahead) {
    *ahead = need;
    need = NULL;
  }
  return need;
}

/* A copy of S into CLAUSES (may be NULL). */
static void note_clause(GPtrArray *clauses, const Set *s) {
  if (!clauses || !s)
    return;
  Set *c = set_new();
  set_add_all(c, s);
  g_ptr_array_add(clauses, c);
}

/* A sequence up to '|' or ')': the best requirement of its atoms; runs of plain literal
 * characters count as one string (`年度`). CLAUSES (may be NULL) gets all of them, and those of
 * its positive lookaheads: a match of the sequence meets each. */
static Set *parse_sequence(Parser *ps, GPtrArray *clauses) {
  Set *best = NULL;
  g_autoptr(GString) run = g_string_new(NULL);
  g_autoptr(GString) literal = g_string_new(NULL);
  while (!ps->failed && ps->p < ps->end && *ps->p != '|' && *ps->p != ')') {
    Set *ahead;
    Set *need = parse_atom(ps, literal, &ahead);
    note_clause(clauses, ahead);
    set_free(ahead);
    if (literal->len) {
      g_string_append_len(run, literal->str, literal->len);
      set_free(need);
      continue;
    }
    if (run->len) {
      Set *r = set_new();
      g_ptr_array_add(r, g_strndup(run->str, run->len));
      note_clause(clauses, r);
      best = set_better(best, r);
      g_string_truncate(run, 0);
    }
    note_clause(clauses, need);
    best = set_better(best, need);
  }
  if (run->len) {
    Set *r = set_new();
    g_ptr_array_add(r, g_strndup(run->str, run->len));
    note_clause(clauses, r);
    best = set_better(best, r);
  }
  return best;
}

static Set *parse_alternation(Parser *ps) {
  Set *acc = parse_sequence(ps, NULL);
  while (!ps->failed && ps->p < ps->end && *ps->p == '|') {
    ps->p++;
    acc = set_union(acc, parse_sequence(ps, NULL));
  }
  return acc;
}

/* ---- anchored branches: what a match starting the subject starts with -------------------- */

static gboolean is_space_char(gunichar c) {
  for (guint i = 0; i < G_N_ELEMENTS(space_chars); i++)
    if (space_chars[i] == c)
      return TRUE;
  return FALSE;
}

static gboolean set_has_space(const Set *chars) {
  for (guint i = 0; i < chars->len; i++)
    if (is_space_char(g_utf8_get_char(g_ptr_array_index(chars, i))))
      return TRUE;
  return FALSE;
}

static Set *lead_alternation(Parser *ps);

/* One atom of a lead at P: the characters it may start with into *CHARS (NULL: unknown), or
 * *ZERO_WIDTH for a lookaround, which tests without taking a character. *GROUP is set for a
 * group (which may take more than one character). */
static void lead_atom(Parser *ps, Set **chars, gboolean *zero_width, gboolean *group) {
  *chars = NULL;
  *zero_width = FALSE;
  char c = *ps->p;
  *group = c == '(';
  if (c == '(') {
    ps->p++;
    *chars = parse_group_with(ps, lead_alternation, zero_width, FALSE);
  } else if (c == '[') {
    *chars = parse_class(ps);
  } else if (c == '\\') {
    if (ps->p + 1 >= ps->end) {
      ps->failed = TRUE;
      return;
    }
    char e = ps->p[1];
    ps->p += 2;
    if (e == 's') {
      *chars = space_set();
    } else if ((guchar)e < 0x80 && !g_ascii_isalnum(e)) {
      *chars = set_new();
      g_ptr_array_add(*chars, g_strndup(&e, 1));
    } else {
      ps->failed = TRUE; /* \d, \p{…}, \b, …: not read here */
    }
  } else if (c == '.' || c == '^' || c == '$' || c == '|' || c == ')') {
    ps->failed = TRUE;
  } else {
    gunichar u = g_utf8_get_char_validated(ps->p, ps->end - ps->p);
    if (u == (gunichar)-1 || u == (gunichar)-2) {
      ps->failed = TRUE;
      return;
    }
    *chars = set_new();
    set_add_char(*chars, u);
    ps->p = g_utf8_next_char(ps->p);
  }
}

static gboolean set_has(const Set *s, const char *str) {
  for (guint i = 0; i < s->len; i++)
    if (strcmp(g_ptr_array_index(s, i), str) == 0)
      return TRUE;
  return FALSE;
}

/* Whether A and B hold the same strings. */
static gboolean set_same(const Set *a, const Set *b) {
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!set_has(b, g_ptr_array_index(a, i)))
      return FALSE;
  return TRUE;
}

/* When the optional atoms before the first required one are single characters (OPTIONAL,
 * spaces aside) that the required one's (REQUIRED) never are, a match's first character other
 * than a space or one of OPTIONAL is one of REQUIRED: *FIRST and *SKIP get them. */
static void lead_skip(const Set *optional, const Set *required, Set **first, Set **skip) {
  Set *sk = set_new();
  for (guint i = 0; i < optional->len; i++) {
    const char *c = g_ptr_array_index(optional, i);
    if (set_has(required, c) || sk->len >= NEED_MAX_SKIP) {
      set_free(sk);
      return;
    }
    if (!is_space_char(g_utf8_get_char(c)) && !set_has(sk, c))
      g_ptr_array_add(sk, g_strdup(c));
  }
  *skip = sk;
  *first = set_new();
  for (guint i = 0; i < required->len; i++)
    g_ptr_array_add(*first, g_strdup(g_ptr_array_index(required, i)));
}

/* The characters a branch may start with (optional atoms' and the first required one's), or
 * NULL when that is not known. Leaves P after that atom (the rest of the branch is not read);
 * lookarounds before it are passed over. FIRST and SKIP (may be NULL) receive lead_skip's
 * sharper answer when there is one. A required atom that may be a space ends the reading,
 * unless EXACT (may be NULL): then *EXACT is set and the set is of the very first character
 * (spaces included, none passed over). */
static Set *lead_sequence(Parser *ps, Set **first, Set **skip, gboolean *exact) {
  Set *lead = set_new();
  Set *optional = set_new(); /* the characters of optional single-character atoms */
  gboolean singles = TRUE;   /* … and no optional group */
  while (!ps->failed && ps->p < ps->end) {
    Set *chars;
    gboolean zero_width, group;
    lead_atom(ps, &chars, &zero_width, &group);
    int min = ps->failed ? -1 : parse_quantifier(ps);
    if (zero_width && min >= 0)
      continue;
    if (!chars || min < 0) {
      set_free(chars);
      break;
    }
    /* a match may start with spaces, which the check passes over: a required one hides
     * what comes after it, but is itself the first character */
    if (min > 0 && set_has_space(chars)) {
      if (exact && chars->len + lead->len <= NEED_MAX_SINGLE) {
        set_add_all(lead, chars);
        set_free(chars);
        set_free(optional);
        *exact = TRUE;
        return lead;
      }
      set_free(chars);
      break;
    }
    for (guint i = 0; i < chars->len && lead->len <= NEED_MAX_SINGLE; i++)
      g_ptr_array_add(lead, g_strdup(g_ptr_array_index(chars, i)));
    if (min > 0 && first && singles)
      lead_skip(optional, chars, first, skip);
    if (min == 0 && !group) {
      for (guint i = 0; i < chars->len && optional->len <= NEED_MAX_SINGLE; i++)
        g_ptr_array_add(optional, g_strdup(g_ptr_array_index(chars, i)));
    }
    singles &= !group;
    set_free(chars);
    if (lead->len > NEED_MAX_SINGLE || optional->len > NEED_MAX_SINGLE)
      break;
    if (min > 0) {
      set_free(optional);
      return lead;
    }
  }
  set_free(lead); /* a branch that may start with anything, or may be empty */
  set_free(optional);
  ps->failed = TRUE;
  return NULL;
}

/* The branches of a group: the union of their leads, P at the group's ')'. */
static Set *lead_alternation(Parser *ps) {
  Set *acc = lead_sequence(ps, NULL, NULL, NULL);
  for (;;) {
    /* the rest of this branch: passed over with the string parser */
    Set *rest = parse_sequence(ps, NULL);
    set_free(rest);
    if (ps->failed || ps->p >= ps->end || *ps->p != '|')
      return ps->failed ? (set_free(acc), NULL) : acc;
    ps->p++;
    Set *next = lead_sequence(ps, NULL, NULL, NULL);
    if (!next) {
      set_free(acc);
      return NULL;
    }
    for (guint i = 0; i < next->len; i++)
      g_ptr_array_add(acc, g_strdup(g_ptr_array_index(next, i)));
    set_free(next);
  }
}

/* ---- branches ending with $: what a match ending the subject ends with ------------------ */

/* One atom of a sequence, for reading it from its end. */
typedef struct {
  Set *chars;          /* the characters it may end with; NULL: not known */
  int min;             /* its quantifier's minimum */
  gboolean zero_width; /* a lookaround: takes no character */
  gboolean dollar;
} TailAtom;

static Set *tail_alternation(Parser *ps);

/* The characters the atom at P may end with (NULL: not known); fails only on syntax not
 * understood. */
static Set *tail_atom_chars(Parser *ps, gboolean *zero_width, gboolean *dollar) {
  char c = *ps->p;
  if (c == '(') {
    ps->p++;
    return parse_group_with(ps, tail_alternation, zero_width, FALSE);
  }
  if (c == '[')
    return parse_class(ps);
  if (c == '\\') {
    if (ps->p + 1 >= ps->end) {
      ps->failed = TRUE;
      return NULL;
    }
    char e = ps->p[1];
    ps->p += 2;
    if (e == 's')
      return space_set();
    if ((guchar)e < 0x80 && !g_ascii_isalnum(e)) {
      Set *one = set_new();
      g_ptr_array_add(one, g_strndup(&e, 1));
      return one;
    }
    if (e && strchr("pPxN", e) && ps->p < ps->end && *ps->p == '{') {
      const char *close = memchr(ps->p, '}', ps->end - ps->p);
      if (!close)
        ps->failed = TRUE;
      else
        ps->p = close + 1;
    } else if (!g_ascii_isalnum(e) || !strchr("sSdDwWhHvVRXbBAzZGKNntrfea", e)) {
      ps->failed = TRUE;
    }
    return NULL; /* \d, \p{…}, \b, …: not listed (a zero-width one ends the reading too) */
  }
  if (c == '$') {
    ps->p++;
    *dollar = TRUE;
    return NULL;
  }
  if (c == '.' || c == '^') {
    ps->p++;
    return NULL;
  }
  gunichar u = g_utf8_get_char_validated(ps->p, ps->end - ps->p);
  if (u == (gunichar)-1 || u == (gunichar)-2) {
    ps->failed = TRUE;
    return NULL;
  }
  ps->p = g_utf8_next_char(ps->p);
  Set *one = set_new();
  set_add_char(one, u);
  return one;
}

static void tail_atoms_free(GArray *atoms) {
  for (guint i = 0; i < atoms->len; i++)
    set_free(g_array_index(atoms, TailAtom, i).chars);
  g_array_unref(atoms);
}

/* The atoms of the sequence at P, up to '|' or ')'; NULL when its syntax is not understood. */
static GArray *tail_atoms(Parser *ps) {
  GArray *atoms = g_array_new(FALSE, TRUE, sizeof(TailAtom));
  while (!ps->failed && ps->p < ps->end && *ps->p != '|' && *ps->p != ')') {
    TailAtom a = {NULL, 1, FALSE, FALSE};
    a.chars = tail_atom_chars(ps, &a.zero_width, &a.dollar);
    a.min = ps->failed ? -1 : parse_quantifier(ps);
    g_array_append_val(atoms, a);
    if (a.min < 0)
      ps->failed = TRUE;
  }
  if (ps->failed) {
    tail_atoms_free(atoms);
    return NULL;
  }
  return atoms;
}

/* Read from ATOMS[0..END) backwards: the characters a match of them may end with, spaces
 * passed over (optional atoms' and the last required one's), or NULL when not known. With
 * EXACT (may be NULL) a last required atom that may be a space is taken too, *EXACT set: then
 * the very last character is one of them. */
static Set *tail_walk(const GArray *atoms, guint end, gboolean *exact) {
  Set *acc = set_new();
  for (guint i = end; i-- > 0;) {
    const TailAtom *a = &g_array_index(atoms, TailAtom, i);
    if (a->zero_width && a->min >= 0)
      continue;
    if (!a->chars || a->dollar)
      break;
    gboolean spaces = set_has_space(a->chars);
    if (a->min > 0 && spaces && !(exact && acc->len == 0))
      break; /* a required space hides what comes before it */
    set_add_all(acc, a->chars);
    if (acc->len > NEED_MAX_SINGLE)
      break;
    if (a->min > 0) {
      if (exact)
        *exact = spaces;
      return acc;
    }
  }
  set_free(acc); /* may end with anything, or be empty */
  return NULL;
}

/* The branches of a group: the union of what they end with, P at the group's ')'; NULL when
 * that is not known for one of them. */
static Set *tail_alternation(Parser *ps) {
  Set *acc = set_new();
  gboolean known = TRUE;
  for (;;) {
    GArray *atoms = tail_atoms(ps);
    if (!atoms) {
      set_free(acc);
      return NULL;
    }
    Set *t = known ? tail_walk(atoms, atoms->len, NULL) : NULL;
    tail_atoms_free(atoms);
    if (!t)
      known = FALSE;
    else
      set_add_all(acc, t), set_free(t);
    if (ps->p >= ps->end || *ps->p != '|')
      break;
    ps->p++;
  }
  if (!known || acc->len > NEED_MAX_SINGLE) {
    set_free(acc);
    return NULL;
  }
  return acc;
}

/* What the branches ending with $ end with. */
typedef struct {
  Set *chars;
  gboolean exact;    /* every such branch ends with required spaces (tail_walk's EXACT) */
  gboolean branches; /* one was read */
} Tail;

/* For the top-level branch at P: if it ends with $ and what a match ends with is known, adds
 * that to TAIL and leaves P at the branch's end. FALSE (P unchanged) otherwise. */
static gboolean tail_branch(Parser *ps, Tail *tail) {
  Parser sub = {ps->p, ps->end, FALSE};
  GArray *atoms = tail_atoms(&sub);
  if (!atoms)
    return FALSE;
  /* the last atom that takes a character or is $ must be $ */
  guint end = atoms->len;
  while (end > 0 && g_array_index(atoms, TailAtom, end - 1).zero_width)
    end--;
  gboolean exact = FALSE;
  Set *chars = NULL;
  if (end > 0 && g_array_index(atoms, TailAtom, end - 1).dollar &&
      g_array_index(atoms, TailAtom, end - 1).min == 1)
    chars = tail_walk(atoms, end - 1, &exact);
  tail_atoms_free(atoms);
  if (!chars || (tail->branches && exact != tail->exact)) {
    set_free(chars);
    return FALSE;
  }
  ps->p = sub.p;
  set_add_all(tail->chars, chars);
  set_free(chars);
  tail->exact = exact;
  tail->branches = TRUE;
  return TRUE;
}

/* What the anchored branches of a pattern start with. */
typedef struct {
  Set *all;   /* the characters a match may start with, spaces aside */
  Set *first; /* or, when SKIP is not NULL, the first one that is not a space or of SKIP */
  Set *skip;
  gboolean exact;    /* every such branch opens with a required space (lead_sequence's EXACT) */
  gboolean branches; /* an anchored branch was read */
} Lead;

static void lead_clear(Lead *lead) {
  set_free(lead->all);
  set_free(lead->first);
  set_free(lead->skip);
}

/* For the top-level branch at P: if it starts with ^ and what a match starts with is known,
 * adds that to LEAD and leaves P at the branch's end. FALSE (P unchanged) otherwise. */
static gboolean anchored_branch(Parser *ps, Lead *lead) {
  if (ps->p >= ps->end || *ps->p != '^')
    return FALSE;
  Parser sub = {ps->p + 1, ps->end, FALSE};
  Set *first = NULL, *skip = NULL;
  gboolean exact = FALSE;
  Set *all = lead_sequence(&sub, &first, &skip, &exact);
  if (all) {
    Set *rest = parse_sequence(&sub, NULL); /* to the branch's end */
    set_free(rest);
  }
  if (!all || sub.failed || (sub.p < sub.end && *sub.p != '|') ||
      (lead->branches && exact != lead->exact)) {
    set_free(all);
    set_free(first);
    set_free(skip);
    return FALSE;
  }
  ps->p = sub.p;
  set_add_all(lead->all, all);
  set_free(all);
  lead->exact = exact;
  /* the sharper form holds for the pattern only when every anchored branch skips alike */
  gboolean same = skip && (!lead->branches || (lead->skip && set_same(skip, lead->skip)));
  if (same) {
    if (!lead->skip)
      lead->skip = set_new(), set_add_all(lead->skip, skip);
    set_add_all(lead->first, first);
  } else {
    g_clear_pointer(&lead->skip, set_free);
  }
  lead->branches = TRUE;
  set_free(first);
  set_free(skip);
  return TRUE;
}

/* Keeps in COMMON (taken; NULL: no branch read yet) the clauses that BRANCH (taken) has too:
 * what every branch requires, every match meets. */
static GPtrArray *clauses_common(GPtrArray *common, GPtrArray *branch) {
  if (!common)
    return branch;
  for (guint i = common->len; i-- > 0;) {
    gboolean shared = FALSE;
    for (guint j = 0; j < branch->len && !shared; j++)
      shared = set_same(g_ptr_array_index(common, i), g_ptr_array_index(branch, j));
    if (!shared)
      g_ptr_array_remove_index(common, i);
  }
  g_ptr_array_unref(branch);
  return common;
}

static GPtrArray *clauses_new(void) {
  return g_ptr_array_new_with_free_func((GDestroyNotify)set_free);
}

/* A pattern of one branch read for its lead or tail: its strings too, which every match then
 * holds as well (*ALL_OF), and the other end. BEGIN is the branch; CLAUSES gets all it
 * requires. */
static void one_branch(const char *begin, const char *end, Set **strings, Lead *lead, Tail *tail,
                       gboolean *all_of, GPtrArray *clauses) {
  Parser sub = {begin, end, FALSE};
  Set *own = parse_sequence(&sub, clauses);
  if (sub.failed || sub.p != end) {
    set_free(own);
    g_ptr_array_set_size(clauses, 0);
    return;
  }
  set_free(*strings);
  *strings = own ? own : set_new();
  Parser other = {begin, end, FALSE};
  if (!lead->branches)
    anchored_branch(&other, lead);
  else if (!tail->branches)
    tail_branch(&other, tail);
  *all_of = TRUE;
}

/* The whole pattern: strings one of which every match holds (*STRINGS, as parse_alternation)
 * or, for the branches anchored at the subject's start whose first character is known, what
 * such a match starts with (LEAD), or for those ending with $, what it ends with (TAIL). FALSE
 * when none is known for some branch. With *ALL_OF every match passes all three. *CLAUSES
 * (NULL or taken by the caller) gets more sets of strings each match holds one of, when every
 * branch is read for strings or with *ALL_OF. */
static gboolean parse_top(Parser *ps, Set **strings, Lead *lead, Tail *tail, gboolean *all_of,
                          GPtrArray **clauses) {
  const char *begin = ps->p;
  gboolean branches = FALSE; /* more than one */
  *strings = set_new();
  *all_of = FALSE;
  *clauses = NULL;
  for (;;) {
    if (tail_branch(ps, tail) || anchored_branch(ps, lead)) {
      /* read */
    } else {
      GPtrArray *own = clauses_new();
      *strings = set_union(*strings, parse_sequence(ps, own));
      *clauses = clauses_common(*clauses, own);
      if (!*strings || ps->failed)
        return FALSE;
    }
    if (ps->failed || ps->p >= ps->end || *ps->p != '|')
      break;
    ps->p++;
    branches = TRUE;
  }
  if (ps->failed || ps->p != ps->end)
    return FALSE;
  if (lead->branches || tail->branches)
    g_clear_pointer(clauses, g_ptr_array_unref); /* a branch without: no clause holds */
  if (!branches && (lead->branches || tail->branches)) {
    *clauses = clauses_new();
    one_branch(begin, ps->end, strings, lead, tail, all_of, *clauses);
  }
  return (*strings)->len + lead->all->len + tail->chars->len > 0 &&
         lead->all->len <= NEED_MAX_SINGLE && tail->chars->len <= NEED_MAX_SINGLE;
}

/* Drops strings that contain another of the set (a text holding `千円` holds `円`). */
static void set_reduce(Set *s) {
  for (guint i = s->len; i-- > 0;) {
    const char *a = g_ptr_array_index(s, i);
    for (guint j = 0; j < s->len; j++) {
      const char *b = g_ptr_array_index(s, j);
      if (j != i && strstr(a, b) && (strlen(b) < strlen(a) || j < i)) {
        g_ptr_array_remove_index(s, i);
        break;
      }
    }
  }
}

/* The characters of TEXT: one bit per character, by a hash of its bytes. A character is a lead
 * byte and the continuation bytes its UTF-8 length allows, so a literal found in the text
 * always splits into the same characters, even in invalid UTF-8. */
static inline guint next_char_bit(const guchar **pp, const guchar *end) {
  const guchar *p = *pp;
  if (*p < 0x80) { /* ASCII: a bit of its own, so `[0-9]` or `*` is never a false alarm */
    *pp = p + 1;
    return *p;
  }
  /* The character's bytes, first in the lowest: a whole 3-byte character (kana, kanji) is read
   * and tested in one load when a fourth byte follows; the loop below gives the same hash. */
  guint32 h;
  if (end - p >= 4) {
    memcpy(&h, p, 4);
    h = GUINT32_FROM_LE(h);
    if ((h & 0xC0C0F0u) == 0x8080E0u) {
      *pp = p + 3;
      return 128 + (((h & 0xFFFFFFu) * 2654435761u) >> (32 - 12));
    }
  }
  guint n = *p < 0xC0 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
  h = *p++;
  for (guint k = 1; k < n && p < end && (*p & 0xC0) == 0x80; k++)
    h |= (guint32)*p++ << (8 * k);
  *pp = p;
  return 128 + ((h * 2654435761u) >> (32 - 12)); /* 4096 bits after ASCII's */
}

/* next_char_bit over the whole text, with ASCII's two words kept in registers (half of a
 * budget line is digits, commas and spaces) and kana/kanji hashed without a call. */
static void char_bits(YsCharBits *bits, const char *text, gsize len) {
  memset(bits->w + 2, 0, sizeof bits->w - 2 * sizeof bits->w[0]);
  guint64 ascii[2] = {0, 0};
  const guchar *p = (const guchar *)text, *end = p + len;
  while (p < end) {
    if (*p < 0x80) {
      ascii[*p >> 6] |= G_GUINT64_CONSTANT(1) << (*p & 63);
      p++;
      continue;
    }
    guint bit = next_char_bit(&p, end);
    bits->w[bit / 64] |= G_GUINT64_CONSTANT(1) << (bit % 64);
  }
  bits->w[0] = ascii[0];
  bits->w[1] = ascii[1];
}

/* LC's bit set, built when first asked for: a line whose prechecks its first or last
 * character decides (or that no precheck asks about) never needs it. */
static const YsCharBits *line_bits(YsLineChars *lc) {
  if (!lc->bits_known) {
    char_bits(&lc->bits, lc->text, lc->len);
    lc->bits_known = TRUE;
  }
  return &lc->bits;
}

/* The bits of the first NEED_MAX_CHARS distinct characters of TEXT; returns their count. */
static guint8 string_bits(guint16 *out, const char *text, gsize len) {
  guint8 n = 0;
  const guchar *p = (const guchar *)text, *end = p + len;
  while (p < end && n < NEED_MAX_CHARS) {
    guint16 bit = (guint16)next_char_bit(&p, end);
    gboolean seen = FALSE;
    for (guint8 k = 0; k < n; k++)
      seen |= out[k] == bit;
    if (!seen)
      out[n++] = bit;
  }
  return n;
}

void ys_line_chars_set(YsLineChars *lc, const char *text, gsize len) {
  ys_line_chars_set_cached(lc, text, len, NULL, 0);
}

void ys_line_chars_set_cached(YsLineChars *lc, const char *text, gsize len, guint8 *seen,
                              guint n_seen) {
  lc->text = text;
  lc->len = len;
  lc->seen = seen;
  lc->n_seen = seen ? n_seen : 0;
  if (seen)
    memset(seen, 0, n_seen);
  lc->first_known = FALSE;
  lc->last_known = lc->tail_known = FALSE;
  lc->bits_known = FALSE;
}

void ys_need_set_id(RuleNeed *need, guint id) {
  if (need)
    need->id = id;
}

/* NEED's quick check from its strings' first characters (RuleNeed.n_key). */
static void need_set_key(RuleNeed *need) {
  need->n_key = 0;
  for (guint i = 0; i < need->n; i++) {
    guint16 bit = need->bit[i][0];
    guint k = 0;
    while (k < need->n_key && need->key_w[k] != bit / 64)
      k++;
    if (k == need->n_key) {
      if (k == NEED_MAX_KEY) {
        need->n_key = 0; /* too spread out to be quick */
        return;
      }
      need->key_w[k] = (guint8)(bit / 64);
      need->key_m[k] = 0;
      need->n_key++;
    }
    need->key_m[k] |= G_GUINT64_CONSTANT(1) << (bit % 64);
  }
}

/* The precheck for the strings of S (taken). */
static RuleNeed *need_from_set(Set *s) {
  set_reduce(s);
  /* longer strings first: within a line only they are searched one by one */
  Set *ordered = set_new();
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < s->len; i++)
      if (is_one_char(g_ptr_array_index(s, i)) == (pass == 1))
        g_ptr_array_add(ordered, g_strdup(g_ptr_array_index(s, i)));
  set_free(s);
  s = ordered;
  RuleNeed *need = g_new0(RuleNeed, 1);
  need->n = s->len;
  need->len = g_new(gsize, s->len);
  need->bit = g_malloc_n(s->len, sizeof *need->bit);
  need->n_bits = g_new(guint8, s->len);
  for (guint i = 0; i < s->len; i++) {
    need->len[i] = strlen(g_ptr_array_index(s, i));
    need->n_bits[i] = string_bits(need->bit[i], g_ptr_array_index(s, i), need->len[i]);
    if (is_one_char(g_ptr_array_index(s, i))) {
      guint16 bit = need->bit[i][0];
      need->single.w[bit / 64] |= G_GUINT64_CONSTANT(1) << (bit % 64);
      need->has_single = TRUE;
    } else {
      need->n_multi = i + 1;
    }
  }
  for (guint k = 0; k < G_N_ELEMENTS(need->single.w); k++)
    if (need->single.w[k])
      need->single_w[need->n_single_w++] = (guint8)k;
  need_set_key(need);
  g_ptr_array_add(s, NULL);
  need->any = (char **)g_ptr_array_free(s, FALSE);
  return need;
}

/* Sets the bits of the characters of CHARS in BITS. */
static void add_char_bits(YsCharBits *bits, const Set *chars) {
  for (guint i = 0; i < chars->len; i++) {
    const guchar *c = g_ptr_array_index(chars, i);
    guint bit = next_char_bit(&c, c + strlen((const char *)c));
    bits->w[bit / 64] |= G_GUINT64_CONSTANT(1) << (bit % 64);
  }
}

static void need_set_lead(RuleNeed *need, const Lead *lead) {
  add_char_bits(&need->lead, lead->all);
  need->has_lead = lead->all->len > 0;
  need->lead_exact = lead->exact;
  if (need->has_lead && lead->skip) {
    add_char_bits(&need->first, lead->first);
    for (guint i = 0; i < lead->skip->len; i++)
      need->skip[need->n_skip++] = g_utf8_get_char(g_ptr_array_index(lead->skip, i));
    need->has_skip = TRUE;
  }
}

/* Whether clause C adds to the precheck STRINGS: it is small and a text may hold one of
 * STRINGS without one of C (a text holding `年度` always holds `年`). */
static gboolean clause_adds(const Set *c, const Set *strings) {
  if (c->len == 0 || !set_small(c, strings))
    return FALSE;
  for (guint j = 0; j < strings->len; j++) {
    gboolean implied = FALSE;
    for (guint i = 0; i < c->len && !implied; i++)
      implied = strstr(g_ptr_array_index(strings, j), g_ptr_array_index(c, i)) != NULL;
    if (!implied)
      return TRUE;
  }
  return FALSE;
}

/* Up to NEED_MAX_ALSO of CLAUSES as NEED's further checks, the best first. */
static void need_set_also(RuleNeed *need, GPtrArray *clauses, const Set *strings) {
  while (need->n_also < NEED_MAX_ALSO) {
    Set *best = NULL;
    guint at = 0;
    for (guint i = 0; i < clauses->len; i++) {
      Set *c = g_ptr_array_index(clauses, i);
      if (!clause_adds(c, strings))
        continue;
      gsize lc = set_min_len(c), lb = best ? set_min_len(best) : 0;
      if (!best || lc > lb || (lc == lb && c->len < best->len))
        best = c, at = i;
    }
    if (!best)
      return;
    need->also[need->n_also++] = need_from_set(g_ptr_array_steal_index(clauses, at));
  }
}

RuleNeed *ys_need_analyze(const char *pattern, gsize len) {
  Parser ps = {pattern, pattern + len, FALSE};
  Set *strings = NULL;
  Lead lead = {set_new(), set_new(), NULL, FALSE, FALSE};
  Tail tail = {set_new(), FALSE, FALSE};
  gboolean all_of;
  GPtrArray *clauses = NULL;
  gboolean ok = parse_top(&ps, &strings, &lead, &tail, &all_of, &clauses);
  Set *kept = set_new(); /* the strings as parsed, before need_from_set takes them */
  if (ok)
    set_add_all(kept, strings);
  RuleNeed *need = ok ? need_from_set(strings) : NULL;
  if (need) {
    need_set_lead(need, &lead);
    add_char_bits(&need->tail, tail.chars);
    need->has_tail = tail.chars->len > 0;
    need->tail_exact = tail.exact;
    need->all_of = all_of;
    if (clauses)
      need_set_also(need, clauses, kept);
  } else {
    set_free(strings);
  }
  if (clauses)
    g_ptr_array_unref(clauses);
  set_free(kept);
  lead_clear(&lead);
  set_free(tail.chars);
  return need;
}

RuleNeed *ys_need_union(RuleNeed *const *needs, guint n) {
  Set *s = set_new();
  guint longer = 0;
  gboolean lead = FALSE, tail = FALSE;
  for (guint i = 0; i < n; i++) {
    if (!needs[i]) { /* a rule without a precheck may match anything */
      set_free(s);
      return NULL;
    }
    lead |= needs[i]->has_lead;
    tail |= needs[i]->has_tail;
    if (needs[i]->all_of)
      continue; /* its lead or tail (below) is enough: the union keeps one check only */
    for (guint j = 0; j < needs[i]->n; j++)
      g_ptr_array_add(s, g_strdup(needs[i]->any[j]));
    longer += needs[i]->n_multi;
  }
  /* Longer strings cost a memmem each when their characters are all on the line; single
   * characters are one bit test, but SINGLE_W has room for only so many words. */
  if ((s->len == 0 && !lead && !tail) || longer > NEED_MAX_UNION_STRINGS ||
      s->len - longer > NEED_MAX_SINGLE) {
    set_free(s);
    return NULL;
  }
  RuleNeed *u = need_from_set(s);
  for (guint i = 0; i < n; i++) {
    for (guint k = 0; k < G_N_ELEMENTS(u->lead.w); k++) {
      u->lead.w[k] |= needs[i]->lead.w[k];
      u->tail.w[k] |= needs[i]->tail.w[k];
    }
    if ((needs[i]->has_lead && u->has_lead && needs[i]->lead_exact != u->lead_exact) ||
        (needs[i]->has_tail && u->has_tail && needs[i]->tail_exact != u->tail_exact)) {
      ys_need_free(u); /* one check cannot say both */
      return NULL;
    }
    if (needs[i]->has_lead)
      u->lead_exact = needs[i]->lead_exact;
    u->has_lead |= needs[i]->has_lead;
    if (needs[i]->has_tail)
      u->tail_exact = needs[i]->tail_exact;
    u->has_tail |= needs[i]->has_tail;
  }
  return u;
}

gboolean ys_need_anchored(const RuleNeed *need) {
  return need && (need->has_lead || need->has_tail);
}

void ys_need_free(RuleNeed *need) {
  if (!need)
    return;
  for (guint i = 0; i < need->n_also; i++)
    ys_need_free(need->also[i]);
  g_strfreev(need->any);
  g_free(need->len);
  g_free(need->bit);
  g_free(need->n_bits);
  g_free(need);
}

static inline gboolean has_bits(const YsCharBits *have, const guint16 *bit, guint n) {
  for (guint k = 0; k < n; k++)
    if (!(have->w[bit[k] / 64] & (G_GUINT64_CONSTANT(1) << (bit[k] % 64))))
      return FALSE;
  return TRUE;
}

/* Whether TEXT holds a character whose bit is in MASK. */
static gboolean has_char_of(const char *text, gsize len, const YsCharBits *mask) {
  const guchar *p = (const guchar *)text, *end = p + len;
  while (p < end) {
    guint bit = next_char_bit(&p, end);
    if (mask->w[bit / 64] & (G_GUINT64_CONSTANT(1) << (bit % 64)))
      return TRUE;
  }
  return FALSE;
}

/* Whether the line's bits meet NEED's single characters: only the words those use. */
static inline gboolean any_single(const YsCharBits *line, const RuleNeed *need) {
  guint64 x = 0;
  for (guint k = 0; k < need->n_single_w; k++)
    x |= line->w[need->single_w[k]] & need->single.w[need->single_w[k]];
  return x != 0;
}

/* The character at P when it is strict UTF-8 of at most three bytes (*N of them), else
 * (gunichar)-1. */
static inline gunichar char_at(const guchar *p, gsize avail, gsize *n) {
  if (p[0] < 0x80) {
    *n = 1;
    return p[0];
  }
  if (p[0] >= 0xC2 && p[0] <= 0xDF && avail >= 2 && (p[1] & 0xC0) == 0x80) {
    *n = 2;
    return (gunichar)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
  }
  if ((p[0] & 0xF0) == 0xE0 && avail >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
    gunichar c = (gunichar)(p[0] & 0x0F) << 12 | (gunichar)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    *n = 3;
    return c >= 0x800 && (c < 0xD800 || c > 0xDFFF) ? c : (gunichar)-1;
  }
  return (gunichar)-1;
}

/* is_space_char, spelled out for the hot path: the ranges of space_chars. */
static inline gboolean is_space_fast(gunichar c) {
  if (c < 0x80)
    return c == ' ' || (c >= 0x09 && c <= 0x0D);
  if (c < 0x1680)
    return c == 0x85 || c == 0xA0;
  return c == 0x1680 || c == 0x180E || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000;
}

static inline gboolean is_skipped(const RuleNeed *need, gunichar c) {
  if (is_space_fast(c))
    return TRUE;
  for (guint i = 0; i < need->n_skip; i++)
    if (need->skip[i] == c)
      return TRUE;
  return FALSE;
}

/* Whether the first character of TEXT[0..LEN) other than a space (or a skip character) is one
 * of NEED's leads (a character that is not UTF-8 of up to three bytes may be). */
static gboolean lead_present(const RuleNeed *need, const char *text, gsize len) {
  const guchar *p = (const guchar *)text, *end = p + len;
  for (;;) {
    if (p == end)
      return FALSE;
    gsize n;
    gunichar c = char_at(p, (gsize)(end - p), &n);
    if (c == (gunichar)-1)
      return TRUE;
    if (!is_skipped(need, c))
      break;
    p += n;
  }
  const YsCharBits *bits = need->has_skip ? &need->first : &need->lead;
  guint bit = next_char_bit(&p, end);
  return (bits->w[bit / 64] & (G_GUINT64_CONSTANT(1) << (bit % 64))) != 0;
}

/* lead_present for LC's whole line, from the first character it keeps for every need. */
static gboolean lead_present_in_line(const RuleNeed *need, YsLineChars *lc) {
  if (!lc->first_known) {
    const guchar *p = (const guchar *)lc->text, *end = p + lc->len;
    gsize n = 0;
    gunichar c = (gunichar)-2;
    while (p < end && (c = char_at(p, (gsize)(end - p), &n)) != (gunichar)-1 && is_space_fast(c))
      p += n, c = (gunichar)-2;
    lc->first_char = c;
    if (c != (gunichar)-1 && c != (gunichar)-2)
      lc->first_bit = next_char_bit(&p, end);
    lc->first_known = TRUE;
  }
  gunichar c = lc->first_char;
  if (c == (gunichar)-1 || c == (gunichar)-2)
    return c == (gunichar)-1;
  if (need->has_skip && is_skipped(need, c))
    return lead_present(need, lc->text, lc->len); /* the first one is passed over */
  const YsCharBits *bits = need->has_skip ? &need->first : &need->lead;
  return (bits->w[lc->first_bit / 64] & (G_GUINT64_CONSTANT(1) << (lc->first_bit % 64))) != 0;
}

/* The last character of START[0..END-START) as char_at reads it, from *AT; (gunichar)-1 when
 * it is not strict UTF-8 of up to three bytes. */
static gunichar last_char(const guchar *start, const guchar *end, const guchar **at) {
  const guchar *p = end - 1;
  while (p > start && end - p < 3 && (*p & 0xC0) == 0x80)
    p--;
  gsize n;
  gunichar c = char_at(p, (gsize)(end - p), &n);
  *at = p;
  return c != (gunichar)-1 && p + n == end ? c : (gunichar)-1;
}

/* The last character of TEXT[0..LEN), or with SKIP_SPACES its last one other than a space,
 * and (*BIT) its bit; (gunichar)-1 when it is not strict UTF-8 of up to three bytes, (gunichar)-2
 * when there is none. */
static gunichar text_last(const char *text, gsize len, gboolean skip_spaces, guint *bit) {
  const guchar *start = (const guchar *)text, *end = start + len, *p;
  for (;;) {
    if (end == start)
      return (gunichar)-2;
    gunichar c = last_char(start, end, &p);
    if (c == (gunichar)-1)
      return c;
    if (!skip_spaces || !is_space_fast(c)) {
      *bit = next_char_bit(&p, end);
      return c;
    }
    end = p;
  }
}

/* Whether a subject whose last character (other than a space, unless NEED's tail is exact) is C
 * of bit BIT ends as a match ending it must. */
static inline gboolean tail_allows(const RuleNeed *need, gunichar c, guint bit) {
  if (c == (gunichar)-2)
    return FALSE;
  if (c == (gunichar)-1 || (need->tail.w[bit / 64] >> (bit % 64)) & 1)
    return TRUE;
  /* exact: $ may also match before a last newline (which ones depends on how PCRE2 was
   * built) */
  return need->tail_exact && (c == 0x85 || c == 0x2028 || c == 0x2029 || (c >= 0x0A && c <= 0x0D));
}

/* Whether TEXT[0..LEN) ends as a match ending it must, by NEED's tail. */
static gboolean tail_present(const RuleNeed *need, const char *text, gsize len) {
  guint bit = 0;
  gunichar c = text_last(text, len, !need->tail_exact, &bit);
  return tail_allows(need, c, bit);
}

/* tail_present for LC's whole line, from the last characters it keeps for every need. */
static gboolean tail_present_in_line(const RuleNeed *need, YsLineChars *lc) {
  if (need->tail_exact) {
    if (!lc->last_known) {
      lc->last_char = text_last(lc->text, lc->len, FALSE, &lc->last_bit);
      lc->last_known = TRUE;
    }
    return tail_allows(need, lc->last_char, lc->last_bit);
  }
  if (!lc->tail_known) {
    lc->tail_char = text_last(lc->text, lc->len, TRUE, &lc->tail_bit);
    lc->tail_known = TRUE;
  }
  return tail_allows(need, lc->tail_char, lc->tail_bit);
}

/* Whether the very first character of TEXT[0..LEN) is one of NEED's leads (a lead_exact need;
 * a character that is not UTF-8 of up to three bytes may be). */
static gboolean lead_exact_present(const RuleNeed *need, const char *text, gsize len) {
  const guchar *p = (const guchar *)text, *end = p + len;
  gsize n;
  if (p == end)
    return FALSE;
  if (char_at(p, len, &n) == (gunichar)-1)
    return TRUE;
  guint bit = next_char_bit(&p, end);
  return (need->lead.w[bit / 64] >> (bit % 64)) & 1;
}

/* Whether TEXT (a part of LC's line, or WHOLE of it) passes NEED's lead, … */
static inline gboolean lead_ok(const RuleNeed *need, YsLineChars *lc, const char *text, gsize len,
                               gboolean whole) {
  if (need->lead_exact)
    return lead_exact_present(need, text, len);
  return whole ? lead_present_in_line(need, lc) : lead_present(need, text, len);
}

/* … its tail, … */
static inline gboolean tail_ok(const RuleNeed *need, YsLineChars *lc, const char *text, gsize len,
                               gboolean whole) {
  return whole ? tail_present_in_line(need, lc) : tail_present(need, text, len);
}

/* … one of its lead and tail, … */
static inline gboolean edges_present(const RuleNeed *need, YsLineChars *lc, const char *text,
                                     gsize len, gboolean whole) {
  return (need->has_lead && lead_ok(need, lc, text, len, whole)) ||
         (need->has_tail && tail_ok(need, lc, text, len, whole));
}

/* … or each it has (an all_of need). */
static inline gboolean edges_all(const RuleNeed *need, YsLineChars *lc, const char *text, gsize len,
                                 gboolean whole) {
  return (!need->has_lead || lead_ok(need, lc, text, len, whole)) &&
         (!need->has_tail || tail_ok(need, lc, text, len, whole));
}

/* Whether TEXT holds one of NEED's strings; LC, when TEXT is within its line (IN_LINE), lets
 * the strings whose characters the line lacks go unsearched. Within the line, the single
 * characters (a class may give dozens) are one test of the line's bits, then for a part of the
 * line one scan of it, not a memmem each. A hash collision only makes PCRE2 run and decide, as
 * without a precheck. */
static gboolean holds_string(const RuleNeed *need, YsLineChars *lc, gboolean in_line,
                             gboolean whole, const char *text, gsize len) {
  const YsCharBits *bits = in_line ? line_bits(lc) : NULL;
  if (in_line && need->has_single && any_single(bits, need) &&
      (whole || has_char_of(text, len, &need->single)))
    return TRUE;
  for (guint i = 0; i < (in_line ? need->n_multi : need->n); i++)
    if ((!in_line || has_bits(bits, need->bit[i], need->n_bits[i])) &&
        memmem(text, len, need->any[i], need->len[i]))
      return TRUE;
  return FALSE;
}

/* Whether TEXT holds one string of each of NEED's further sets (holds_string's arguments). */
static gboolean holds_also(const RuleNeed *need, YsLineChars *lc, gboolean in_line, gboolean whole,
                           const char *text, gsize len) {
  for (guint i = 0; i < need->n_also; i++)
    if (!holds_string(need->also[i], lc, in_line, whole, text, len))
      return FALSE;
  return TRUE;
}

/* ys_need_present for an all_of need: the edges, then the strings. */
static gboolean present_all_of(const RuleNeed *need, YsLineChars *lc, gboolean in_line,
                               guint8 *seen, gboolean whole, const char *text, gsize len) {
  if (!edges_all(need, lc, text, len, whole))
    return FALSE;
  if ((need->n == 0 && need->n_also == 0) || (seen && *seen == 2 && whole))
    return TRUE;
  if (seen && *seen == 1) /* what the whole line lacks, no part of it holds */
    return FALSE;
  gboolean found = (need->n == 0 || holds_string(need, lc, in_line, whole, text, len)) &&
                   holds_also(need, lc, in_line, whole, text, len);
  if (seen && whole)
    *seen = found ? 2 : 1;
  return found;
}

/* Whether LC's line lacks the first character of every string of NEED (FALSE when NEED keeps
 * no key): then no part of the line holds one of them. */
static inline gboolean keys_absent(const RuleNeed *need, YsLineChars *lc) {
  if (!need->n_key)
    return FALSE;
  const YsCharBits *bits = line_bits(lc);
  guint64 x = 0;
  for (guint k = 0; k < need->n_key; k++)
    x |= bits->w[need->key_w[k]] & need->key_m[k];
  return x == 0;
}

/* ys_need_present with IN_LINE (TEXT is a part of LC's line) and WHOLE (it is the whole line)
 * known: inlined into both entry points, so that the whole-line one tests neither. */
static inline gboolean present_at(const RuleNeed *need, YsLineChars *lc, gboolean in_line,
                                  gboolean whole, const char *text, gsize len) {
  /* what the whole line lacks, no part of it holds (LC caches the answer per line) */
  guint8 *seen = in_line && need->id < lc->n_seen ? &lc->seen[need->id] : NULL;
  /* most needs fail on most lines: when the strings decide (no lead or tail could pass
   * instead), the line lacking all their first characters is a quick no */
  if (in_line && (need->all_of || !(need->has_lead || need->has_tail)) && keys_absent(need, lc)) {
    if (seen && whole)
      *seen = 1;
    return FALSE;
  }
  if (need->all_of)
    return present_all_of(need, lc, in_line, seen, whole, text, len);
  if (seen && *seen == 2 && whole)
    return TRUE;
  /* a part of the line may still start or end with what the whole line does not */
  if (seen && *seen == 1)
    return !whole && edges_present(need, lc, text, len, FALSE);
  if (edges_present(need, lc, text, len, whole)) {
    if (seen && whole)
      *seen = 2;
    return TRUE;
  }
  /* a part of the current line cannot hold a string whose characters the line lacks: the
   * strings' first characters at once, then a few word operations instead of a memmem per
   * string */
  gboolean found = need->n > 0 && !(in_line && keys_absent(need, lc)) &&
                   holds_string(need, lc, in_line, whole, text, len) &&
                   holds_also(need, lc, in_line, whole, text, len);
  if (seen && whole)
    *seen = found ? 2 : 1;
  return found;
}

gboolean ys_need_present(const RuleNeed *need, YsLineChars *lc, const char *text, gsize len) {
  if (!need)
    return TRUE;
  gboolean in_line = lc && lc->text && text >= lc->text && text + len <= lc->text + lc->len;
  gboolean whole = in_line && text == lc->text && len == lc->len;
  return present_at(need, lc, in_line, whole, text, len);
}

gboolean ys_need_present_in_line(const RuleNeed *need, YsLineChars *lc) {
  if (!need)
    return TRUE;
  g_return_val_if_fail(lc->text != NULL, TRUE);
  return present_at(need, lc, TRUE, TRUE, lc->text, lc->len);
}

char *ys_need_describe(const RuleNeed *need) {
  return need ? g_strjoinv("|", need->any) : NULL;
}
