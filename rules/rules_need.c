/* rules — a cheap precheck for each compiled pattern: literal text any match must contain.
 *
 * Most rules cannot match most lines (a label needs 年度, an amount needs a unit), yet PCRE2
 * tries every start position of every line for every rule, and its own start optimisations see
 * bytes only: in UTF-8 Japanese text the first byte of a kanji is everywhere. So at load time
 * each expanded pattern is read once for a set of literal strings of which every match holds
 * at least one (`年度`; the unit names for {amount}); a subject holding none of them is not
 * matched at all. A small character class counts as its characters (`[×*]`, `[①-⑳]`, `\s`), so
 * rules without any literal word (a page number, a calculation `408,000×98.9%`) skip the lines
 * that lack all of those characters. The analysis is conservative: any construct it does not fully understand
 * (flags, verbs, recursion, …) yields no set, and the pattern is always run. */
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

/* Characters of a string checked against a line's bit set: a few are as good a filter as all. */
#define NEED_MAX_CHARS 4

struct RuleNeed {
  guint id;    /* slot in YsLineChars.seen */
  guint n;
  char **any;  /* a match contains at least one of them, … */
  gsize *len;  /* … these many bytes long, … */
  guint16 (*bit)[NEED_MAX_CHARS]; /* … holding the characters of these YsCharBits bits */
  guint8 *n_bits;
  guint n_multi;  /* … the first N_MULTI longer than one character, the rest single ones, … */
  /* The bits of the strings that are one character: a line holding none of these bits holds
   * none of those strings (a part of the line is checked by memmem, as the others). */
  YsCharBits single;
  gboolean has_single;
  guint8 single_w[NEED_MAX_SINGLE]; /* the words of SINGLE that are not 0 */
  guint n_single_w;
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
      if (!class_member(ps, &hi, &hi_space) || hi_space || hi < c ||
          hi - c >= NEED_MAX_SINGLE) {
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
  if (*p < 0x80) { /* ASCII: a bit of its own, so `[0-9]` or `*` is never a false alarm */
    *pp = p + 1;
    return *p;
  }
  guint n = *p < 0xC0 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
  guint32 h;
  if (n == 3 && end - p >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
    /* a whole 3-byte character (kana, kanji): the loop below, unrolled for the common case */
    h = (guint32)p[0] << 16 | (guint32)p[1] << 8 | p[2];
    *pp = p + 3;
    return 128 + ((h * 2654435761u) >> (32 - 12));
  }
  h = *p++;
  for (guint k = 1; k < n && p < end && (*p & 0xC0) == 0x80; k++)
    h = (h << 8) | *p++;
  *pp = p;
  return 128 + ((h * 2654435761u) >> (32 - 12)); /* 4096 bits after ASCII's */
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
  g_ptr_array_add(s, NULL);
  need->any = (char **)g_ptr_array_free(s, FALSE);
  return need;
}

RuleNeed *ys_need_analyze(const char *pattern, gsize len) {
  Parser ps = {pattern, pattern + len, FALSE};
  Set *s = parse_alternation(&ps);
  if (ps.failed || ps.p != ps.end || !s || s->len == 0) {
    set_free(s);
    return NULL;
  }
  return need_from_set(s);
}

RuleNeed *ys_need_union(RuleNeed *const *needs, guint n) {
  Set *s = set_new();
  guint longer = 0;
  for (guint i = 0; i < n; i++) {
    if (!needs[i]) { /* a rule without a precheck may match anything */
      set_free(s);
      return NULL;
    }
    for (guint j = 0; j < needs[i]->n; j++)
      g_ptr_array_add(s, g_strdup(needs[i]->any[j]));
    longer += needs[i]->n_multi;
  }
  /* Longer strings cost a memmem each when their characters are all on the line; single
   * characters are one bit test, but SINGLE_W has room for only so many words. */
  if (s->len == 0 || longer > NEED_MAX_UNION_STRINGS || s->len - longer > NEED_MAX_SINGLE) {
    set_free(s);
    return NULL;
  }
  return need_from_set(s);
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
  /* Within the line, the single characters (a class may give dozens) are one test of the
   * line's bits, then for a part of the line one scan of it, not a memmem each. A hash
   * collision only makes PCRE2 run and decide, as without a precheck. */
  gboolean found = in_line && need->has_single && any_single(&lc->bits, need) &&
                   (whole || has_char_of(text, len, &need->single));
  for (guint i = 0; i < (in_line ? need->n_multi : need->n) && !found; i++) {
    found = (!in_line || has_bits(&lc->bits, need->bit[i], need->n_bits[i])) &&
            memmem(text, len, need->any[i], need->len[i]);
  }
  if (seen && whole)
    *seen = found ? 2 : 1;
  return found;
}

char *ys_need_describe(const RuleNeed *need) {
  return need ? g_strjoinv("|", need->any) : NULL;
}
