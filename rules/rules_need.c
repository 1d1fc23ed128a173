/* rules — a cheap precheck for each compiled pattern: literal text any match must contain.
 *
 * Most rules cannot match most lines (a label needs 年度, an amount needs a unit), yet PCRE2
 * tries every start position of every line for every rule, and its own start optimisations see
 * bytes only: in UTF-8 Japanese text the first byte of a kanji is everywhere. So at load time
 * each expanded pattern is read once for a set of literal strings of which every match holds
 * at least one (`年度`; the unit names for {amount}); a subject holding none of them is not
 * matched at all. The analysis is conservative: any construct it does not fully understand
 * (flags, verbs, recursion, …) yields no set, and the pattern is always run. */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "rules/rules_private.h"

/* More strings than this make the check no cheaper than the match. */
#define NEED_MAX_STRINGS 16

/* Characters of a string checked against a line's bit set: a few are as good a filter as all. */
#define NEED_MAX_CHARS 4

struct RuleNeed {
  guint id;    /* slot in YsLineChars.seen */
  guint n;
  char **any;  /* a match contains at least one of them, … */
  gsize *len;  /* … these many bytes long, … */
  guint16 (*bit)[NEED_MAX_CHARS]; /* … holding the characters of these YsCharBits bits */
  guint8 *n_bits;
};

/* A requirement while parsing: NULL means "nothing known" (any text may match). */
typedef GPtrArray Set;

static Set *set_new(void) { return g_ptr_array_new_with_free_func(g_free); }

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

/* Either branch's requirement: the union, or nothing when one branch has none. */
static Set *set_union(Set *a, Set *b) {
  if (!a || !b || a->len + b->len > NEED_MAX_STRINGS) {
    set_free(a);
    set_free(b);
    return NULL;
  }
  for (guint i = 0; i < b->len; i++)
    g_ptr_array_add(a, g_strdup(g_ptr_array_index(b, i)));
  set_free(b);
  return a;
}

typedef struct {
  const char *p, *end;
  gboolean failed; /* a construct outside the understood subset: no precheck at all */
} Parser;

static Set *parse_alternation(Parser *ps);

/* Skips a character class [...] (POSIX [:name:] inside, escapes, a leading ]). */
static void skip_class(Parser *ps) {
  ps->p++; /* [ */
  if (ps->p < ps->end && *ps->p == '^')
    ps->p++;
  if (ps->p < ps->end && *ps->p == ']')
    ps->p++;
  while (ps->p < ps->end && *ps->p != ']') {
    if (*ps->p == '\\' && ps->p + 1 < ps->end) {
      ps->p += 2;
    } else if (*ps->p == '[' && ps->p + 1 < ps->end && ps->p[1] == ':') {
      const char *close = strstr(ps->p + 2, ":]");
      if (!close || close >= ps->end) {
        ps->failed = TRUE;
        return;
      }
      ps->p = close + 2;
    } else {
      ps->p++;
    }
  }
  if (ps->p >= ps->end)
    ps->failed = TRUE;
  else
    ps->p++; /* ] */
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

/* A group after its '(': capturing, named, non-capturing or atomic groups are read; lookarounds
 * are skipped (what they test may lie outside the subject range); anything else fails. */
static Set *parse_group(Parser *ps) {
  gboolean lookaround = FALSE;
  if (ps->p < ps->end && *ps->p == '?') {
    const char *q = ps->p + 1;
    if (q < ps->end && (*q == ':' || *q == '>')) {
      ps->p = q + 1;
    } else if (q < ps->end && (*q == '=' || *q == '!')) {
      ps->p = q + 1;
      lookaround = TRUE;
    } else if (q + 1 < ps->end && *q == '<' && (q[1] == '=' || q[1] == '!')) {
      ps->p = q + 2;
      lookaround = TRUE;
    } else if (q < ps->end && (*q == '<' || *q == '\'' || (*q == 'P' && q + 1 < ps->end &&
                                                          q[1] == '<'))) {
      const char *close = *q == '\'' ? memchr(q + 1, '\'', ps->end - q - 1)
                                     : memchr(q, '>', ps->end - q);
      if (!close) {
        ps->failed = TRUE;
        return NULL;
      }
      ps->p = close + 1;
    } else {
      ps->failed = TRUE; /* flags, comments, recursion, conditionals, (?| … */
      return NULL;
    }
  } else if (ps->p < ps->end && *ps->p == '*') {
    ps->failed = TRUE; /* (*VERB) */
    return NULL;
  }
  Set *inner = parse_alternation(ps);
  if (ps->p >= ps->end || *ps->p != ')') {
    ps->failed = TRUE;
    set_free(inner);
    return NULL;
  }
  ps->p++;
  if (lookaround) {
    set_free(inner);
    return NULL;
  }
  return inner;
}

/* One atom and its quantifier; *LITERAL gets its text when it is one literal character. */
static Set *parse_atom(Parser *ps, GString *literal) {
  g_string_truncate(literal, 0);
  Set *need = NULL;
  char c = *ps->p;
  if (c == '(') {
    ps->p++;
    need = parse_group(ps);
  } else if (c == '[') {
    skip_class(ps);
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
    if (g_ascii_isalnum(e)) {
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
  return need;
}

/* A sequence up to '|' or ')': the best requirement of its atoms; runs of plain literal
 * characters count as one string (`年度`). */
static Set *parse_sequence(Parser *ps) {
  Set *best = NULL;
  g_autoptr(GString) run = g_string_new(NULL);
  g_autoptr(GString) literal = g_string_new(NULL);
  while (!ps->failed && ps->p < ps->end && *ps->p != '|' && *ps->p != ')') {
    Set *need = parse_atom(ps, literal);
    if (literal->len) {
      g_string_append_len(run, literal->str, literal->len);
      set_free(need);
      continue;
    }
    if (run->len) {
      Set *r = set_new();
      g_ptr_array_add(r, g_strndup(run->str, run->len));
      best = set_better(best, r);
      g_string_truncate(run, 0);
    }
    best = set_better(best, need);
  }
  if (run->len) {
    Set *r = set_new();
    g_ptr_array_add(r, g_strndup(run->str, run->len));
    best = set_better(best, r);
  }
  return best;
}

static Set *parse_alternation(Parser *ps) {
  Set *acc = parse_sequence(ps);
  while (!ps->failed && ps->p < ps->end && *ps->p == '|') {
    ps->p++;
    acc = set_union(acc, parse_sequence(ps));
  }
  return acc;
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
  guint n = *p < 0xC0 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
  guint32 h = *p++;
  for (guint k = 1; k < n && p < end && (*p & 0xC0) == 0x80; k++)
    h = (h << 8) | *p++;
  *pp = p;
  return (h * 2654435761u) >> (32 - 10); /* 1024 bits */
}

static void char_bits(YsCharBits *bits, const char *text, gsize len) {
  memset(bits, 0, sizeof *bits);
  const guchar *p = (const guchar *)text, *end = p + len;
  while (p < end) {
    guint bit = next_char_bit(&p, end);
    bits->w[bit / 64] |= G_GUINT64_CONSTANT(1) << (bit % 64);
  }
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
  if (text)
    char_bits(&lc->bits, text, len);
}

void ys_need_set_id(RuleNeed *need, guint id) {
  if (need)
    need->id = id;
}

RuleNeed *ys_need_analyze(const char *pattern, gsize len) {
  Parser ps = {pattern, pattern + len, FALSE};
  Set *s = parse_alternation(&ps);
  if (ps.failed || ps.p != ps.end || !s || s->len == 0) {
    set_free(s);
    return NULL;
  }
  set_reduce(s);
  RuleNeed *need = g_new0(RuleNeed, 1);
  need->n = s->len;
  need->len = g_new(gsize, s->len);
  need->bit = g_malloc_n(s->len, sizeof *need->bit);
  need->n_bits = g_new(guint8, s->len);
  for (guint i = 0; i < s->len; i++) {
    need->len[i] = strlen(g_ptr_array_index(s, i));
    need->n_bits[i] = string_bits(need->bit[i], g_ptr_array_index(s, i), need->len[i]);
  }
  g_ptr_array_add(s, NULL);
  need->any = (char **)g_ptr_array_free(s, FALSE);
  return need;
}

void ys_need_free(RuleNeed *need) {
  if (!need)
    return;
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

gboolean ys_need_present(const RuleNeed *need, YsLineChars *lc, const char *text,
                         gsize len) {
  if (!need)
    return TRUE;
  /* a part of the current line cannot hold a string whose characters the line lacks: a few
   * word operations instead of a memmem per string */
  gboolean in_line = lc && lc->text && text >= lc->text && text + len <= lc->text + lc->len;
  /* what the whole line lacks, no part of it holds (LC caches the answer per line) */
  guint8 *seen = in_line && need->id < lc->n_seen ? &lc->seen[need->id] : NULL;
  gboolean whole = in_line && text == lc->text && len == lc->len;
  if (seen && (*seen == 1 || (*seen == 2 && whole)))
    return *seen == 2;
  gboolean found = FALSE;
  for (guint i = 0; i < need->n && !found; i++)
    found = (!in_line || has_bits(&lc->bits, need->bit[i], need->n_bits[i])) &&
            memmem(text, len, need->any[i], need->len[i]);
  if (seen && whole)
    *seen = found ? 2 : 1;
  return found;
}

char *ys_need_describe(const RuleNeed *need) {
  return need ? g_strjoinv("|", need->any) : NULL;
}
