/* rules — a precheck for each compiled pattern: literal strings one of which every match holds.
 *
 * Most rules cannot match most lines (a label needs 年度, an amount needs a unit), and PCRE2's
 * own start optimisations see bytes only: in UTF-8 Japanese text the first byte of a kanji is
 * everywhere. So each expanded pattern is read once, at load time, for a set of literal strings
 * of which every match holds at least one; a subject holding none is not given to PCRE2. The
 * reader asks a rule kind's union once per line (rules_emit.c), and each rule's own set before
 * each match.
 *
 * The reading is deliberately small and conservative: literal characters and escaped
 * punctuation make strings; groups, alternation and quantifiers are followed (an optional atom
 * requires nothing); character classes, \d \s \t \p{…} and the like, `.` and back-references
 * require no literal; lookarounds and anchors are passed over (they break a run of literals,
 * never add to it). Anything else — option settings, \Q…\E, verbs, recursion, conditionals, a
 * `{` that is no quantifier — leaves the pattern without a precheck: it is always run. Wrong
 * strings would lose matches, so every construct not understood errs toward "run PCRE2".
 */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "rules/rules_private.h"

/* More strings than this make the check no cheaper than the match. */
#define MAX_STRINGS 16
/* A kind's union (asked once per line) may hold more. */
#define MAX_UNION_STRINGS 48

/* Characters of a string checked against a line's bit set before its memmem: a few are as
 * good a filter as all. */
#define MAX_BIT_CHARS 4

struct RuleNeed {
  guint id; /* slot in YsLineChars.seen */
  guint n;
  char **s;                      /* the strings, longest first */
  gsize *len;                    /* their bytes */
  guint16 (*bit)[MAX_BIT_CHARS]; /* per string: the bits of its first characters, … */
  guint8 *n_bits;                /* … of which these many */
};

typedef struct {
  const char *p, *end;
  gboolean unsure; /* a construct this reading does not know: no precheck */
} Parser;

/* A set of strings one of which a match holds (char*, owned), or NULL: nothing required. */
typedef GPtrArray Set;

static Set *set_new(void) {
  return g_ptr_array_new_with_free_func(g_free);
}

static void set_free(Set *s) {
  if (s)
    g_ptr_array_unref(s);
}

/* The shortest string's length: a set with longer strings filters better. */
static gsize set_score(const Set *s) {
  gsize best = G_MAXSIZE;
  for (guint i = 0; i < s->len; i++)
    best = MIN(best, strlen(g_ptr_array_index(s, i)));
  return best;
}

/* Keeps the better of *BEST and CANDIDATE (taken). */
static void keep_better(Set **best, Set *candidate) {
  if (!candidate)
    return;
  if (!*best || set_score(candidate) > set_score(*best) ||
      (set_score(candidate) == set_score(*best) && candidate->len < (*best)->len)) {
    set_free(*best);
    *best = candidate;
  } else {
    set_free(candidate);
  }
}

/* The literal run so far as a one-string set, emptied. */
static Set *take_run(GString *run) {
  if (run->len == 0)
    return NULL;
  Set *s = set_new();
  g_ptr_array_add(s, g_strndup(run->str, run->len));
  g_string_truncate(run, 0);
  return s;
}

/* A quantifier at P->p, consumed: its minimum in *MIN (1 when there is none). */
static void quantifier(Parser *P, guint *min) {
  *min = 1;
  if (P->p >= P->end)
    return;
  char c = *P->p;
  if (c == '?' || c == '*') {
    *min = 0;
    P->p++;
  } else if (c == '+') {
    P->p++;
  } else if (c == '{') {
    const char *q = P->p + 1;
    guint n = 0, digits = 0;
    while (q < P->end && g_ascii_isdigit(*q) && digits < 6)
      n = n * 10 + (guint)(*q++ - '0'), digits++;
    if (digits == 0) {
      P->unsure = TRUE; /* `{` as a literal, or `{,m}`: not read here */
      return;
    }
    if (q < P->end && *q == ',') {
      q++;
      while (q < P->end && g_ascii_isdigit(*q))
        q++;
    }
    if (q >= P->end || *q != '}') {
      P->unsure = TRUE;
      return;
    }
    *min = n;
    P->p = q + 1;
  } else {
    return;
  }
  if (P->p < P->end && (*P->p == '?' || *P->p == '+')) /* lazy, possessive */
    P->p++;
}

/* Skips a `{…}` right at P->p, if any. */
static void skip_braces(Parser *P) {
  if (P->p < P->end && *P->p == '{') {
    const char *close = memchr(P->p, '}', (gsize)(P->end - P->p));
    if (!close) {
      P->unsure = TRUE;
      return;
    }
    P->p = close + 1;
  }
}

typedef enum { ATOM_LITERAL, ATOM_CHAR, ATOM_WIDTHLESS } AtomKind;

/* An escape after its backslash: a literal (its bytes at *LIT, *LIT_LEN), a character of some
 * class, or a zero-width assertion. */
static AtomKind escape(Parser *P, const char **lit, gsize *lit_len) {
  if (P->p >= P->end) {
    P->unsure = TRUE;
    return ATOM_CHAR;
  }
  char c = *P->p++;
  if ((guchar)c < 0x80 && !g_ascii_isalnum(c)) {
    *lit = P->p - 1;
    *lit_len = 1;
    return ATOM_LITERAL;
  }
  switch (c) {
  case 'd':
  case 'D':
  case 's':
  case 'S':
  case 'w':
  case 'W':
  case 'h':
  case 'H':
  case 'v':
  case 'V':
  case 'R':
  case 'X':
  case 'C':
  case 't': /* a tab, a line end, …: one character, read as no literal */
  case 'n':
  case 'r':
  case 'f':
  case 'e':
  case 'a':
    return ATOM_CHAR;
  case 'b':
  case 'B':
  case 'A':
  case 'z':
  case 'Z':
  case 'G':
  case 'K':
    return ATOM_WIDTHLESS;
  case 'p':
  case 'P': /* \pL, \p{Han} */
    if (P->p < P->end && *P->p == '{')
      skip_braces(P);
    else if (P->p < P->end)
      P->p++;
    return ATOM_CHAR;
  case 'x':
  case 'o':
  case 'N':
  case 'g': /* \x{3000}, \xhh, \N{U+…}, \g{1}: no literal read */
    if (P->p < P->end && *P->p == '{')
      skip_braces(P);
    else if (c == 'x')
      for (int i = 0; i < 2 && P->p < P->end && g_ascii_isxdigit(*P->p); i++)
        P->p++;
    else if (c == 'g')
      while (P->p < P->end && (g_ascii_isdigit(*P->p) || *P->p == '-' || *P->p == '+'))
        P->p++;
    return ATOM_CHAR; /* (a back-reference may be empty: it is treated as optional below) */
  default:
    P->unsure = TRUE; /* \Q…\E, \c, \k, \1 …: not read here */
    return ATOM_CHAR;
  }
}

/* Skips a character class whose '[' is just behind P->p. */
static void skip_class(Parser *P) {
  const char *q = P->p;
  if (q < P->end && *q == '^')
    q++;
  if (q < P->end && *q == ']')
    q++;
  while (q < P->end && *q != ']') {
    if (*q == '\\') {
      q += 2;
      if (q <= P->end && q[-1] == 'p' && q < P->end && *q == '{') {
        const char *close = memchr(q, '}', (gsize)(P->end - q));
        q = close ? close + 1 : P->end;
      } else if (q <= P->end && q[-1] == 'x' && q < P->end && *q == '{') {
        const char *close = memchr(q, '}', (gsize)(P->end - q));
        q = close ? close + 1 : P->end;
      }
    } else if (*q == '[' && q + 1 < P->end && q[1] == ':') {
      const char *close = strstr(q + 2, ":]");
      q = close && close < P->end ? close + 2 : P->end;
    } else {
      q++;
    }
  }
  if (q >= P->end) {
    P->unsure = TRUE;
    return;
  }
  P->p = q + 1;
}

static Set *parse_alternation(Parser *P);

/* A group whose '(' is just behind P->p: its set (NULL for a lookaround or when it requires
 * nothing); *WIDTHLESS for a lookaround. */
static Set *group(Parser *P, gboolean *widthless) {
  *widthless = FALSE;
  gboolean lookaround = FALSE;
  if (P->p < P->end && *P->p == '*') {
    P->unsure = TRUE; /* (*VERB), (*pla:…) */
    return NULL;
  }
  if (P->p < P->end && *P->p == '?') {
    const char *q = P->p + 1;
    if (q < P->end && (*q == ':' || *q == '|' || *q == '>')) {
      P->p = q + 1;
    } else if (q < P->end && (*q == '=' || *q == '!')) {
      P->p = q + 1;
      lookaround = TRUE;
    } else if (q + 1 < P->end && *q == '<' && (q[1] == '=' || q[1] == '!')) {
      P->p = q + 2;
      lookaround = TRUE;
    } else if (q < P->end &&
               (*q == '<' || *q == '\'' || (*q == 'P' && q + 1 < P->end && q[1] == '<'))) {
      char close = *q == '\'' ? '\'' : '>';
      const char *e = memchr(q + 1, close, (gsize)(P->end - q - 1));
      if (!e) {
        P->unsure = TRUE;
        return NULL;
      }
      P->p = e + 1;
    } else if (q < P->end && *q == '#') {
      const char *e = memchr(q, ')', (gsize)(P->end - q));
      P->p = e ? e + 1 : P->end;
      *widthless = TRUE;
      return NULL;
    } else {
      P->unsure = TRUE; /* (?i), (?R), (?(…)…), …: not read here */
      return NULL;
    }
  }
  Set *inner = parse_alternation(P);
  if (P->p >= P->end || *P->p != ')') {
    P->unsure = TRUE;
    set_free(inner);
    return NULL;
  }
  P->p++;
  if (lookaround) {
    set_free(inner);
    *widthless = TRUE;
    return NULL;
  }
  return inner;
}

/* A branch: the best set among its required parts (runs of literals, required groups). */
static Set *parse_sequence(Parser *P) {
  Set *best = NULL;
  g_autoptr(GString) run = g_string_new(NULL);
  while (P->p < P->end && !P->unsure && *P->p != '|' && *P->p != ')') {
    char c = *P->p;
    const char *lit = NULL;
    gsize lit_len = 0;
    AtomKind kind = ATOM_CHAR;
    Set *sub = NULL;
    gboolean is_group = FALSE;
    if (c == '\\') {
      P->p++;
      kind = escape(P, &lit, &lit_len);
    } else if (c == '[') {
      P->p++;
      skip_class(P);
    } else if (c == '(') {
      P->p++;
      gboolean widthless;
      sub = group(P, &widthless);
      is_group = !widthless;
      kind = widthless ? ATOM_WIDTHLESS : ATOM_CHAR;
    } else if (c == '.') {
      P->p++;
    } else if (c == '^' || c == '$') {
      P->p++;
      kind = ATOM_WIDTHLESS;
    } else if (c == '*' || c == '+' || c == '?' || c == '{') {
      P->unsure = TRUE; /* a quantifier with nothing before it */
      break;
    } else {
      lit = P->p;
      lit_len = (gsize)g_utf8_skip[(guchar)c];
      if (lit_len > (gsize)(P->end - P->p)) {
        P->unsure = TRUE;
        break;
      }
      P->p += lit_len;
      kind = ATOM_LITERAL;
    }
    guint min;
    quantifier(P, &min);
    if (P->unsure) {
      set_free(sub);
      break;
    }
    if (kind == ATOM_LITERAL && min >= 1) {
      g_string_append_len(run, lit, (gssize)lit_len);
      if (P->p > lit + lit_len) /* repeated: what follows is not right behind it */
        keep_better(&best, take_run(run));
      continue;
    }
    keep_better(&best, take_run(run)); /* anything else ends the run */
    if (is_group && min >= 1)
      keep_better(&best, sub);
    else
      set_free(sub);
  }
  keep_better(&best, take_run(run));
  return best;
}

/* Branches up to a ')' or the end: one of the branches' sets, joined; NULL when one branch
 * requires nothing or the join grows too large. */
static Set *parse_alternation(Parser *P) {
  Set *all = NULL;
  gboolean none = FALSE;
  for (;;) {
    Set *s = parse_sequence(P);
    if (!s) {
      none = TRUE;
    } else if (!none) {
      if (!all)
        all = set_new();
      for (guint i = 0; i < s->len; i++)
        g_ptr_array_add(all, g_strdup(g_ptr_array_index(s, i)));
    }
    set_free(s);
    if (P->unsure || P->p >= P->end || *P->p != '|')
      break;
    P->p++;
  }
  if (none || P->unsure || (all && all->len > MAX_STRINGS)) {
    set_free(all);
    return NULL;
  }
  return all;
}

/* A character's bit in a YsCharBits: ASCII its own, the rest hashed. */
static inline guint char_bit(gunichar c) {
  return c < 128 ? c : 128 + c % 3967;
}

/* The next character of valid UTF-8 at *P (advanced). */
static inline gunichar next_char(const guchar **p) {
  const guchar *q = *p;
  gunichar c;
  if (q[0] < 0x80) {
    c = q[0];
    *p = q + 1;
  } else if (q[0] < 0xE0) {
    c = ((gunichar)(q[0] & 0x1F) << 6) | (q[1] & 0x3F);
    *p = q + 2;
  } else if (q[0] < 0xF0) {
    c = ((gunichar)(q[0] & 0x0F) << 12) | ((gunichar)(q[1] & 0x3F) << 6) | (q[2] & 0x3F);
    *p = q + 3;
  } else {
    c = ((gunichar)(q[0] & 0x07) << 18) | ((gunichar)(q[1] & 0x3F) << 12) |
        ((gunichar)(q[2] & 0x3F) << 6) | (q[3] & 0x3F);
    *p = q + 4;
  }
  return c;
}

void ys_need_set_id(RuleNeed *need, guint id) {
  need->id = id;
}

void ys_line_chars_set_cached(YsLineChars *lc, const char *text, gsize len, guint8 *seen,
                              guint n_seen) {
  lc->text = text;
  lc->len = len;
  lc->seen = seen;
  lc->n_seen = seen ? n_seen : 0;
  if (seen)
    memset(seen, 0, n_seen);
  memset(lc->bits, 0, sizeof lc->bits);
  const guchar *p = (const guchar *)text, *end = p + len;
  while (p < end) {
    /* normalized text is valid UTF-8; a byte that starts no character there is passed over */
    gsize n = *p < 0x80 ? 1 : *p >= 0xC2 && *p < 0xF5 ? (gsize)g_utf8_skip[*p] : 0;
    gboolean ok = n > 0 && n <= (gsize)(end - p);
    for (gsize k = 1; ok && k < n; k++)
      ok = (p[k] & 0xC0) == 0x80;
    if (!ok) {
      p++;
      continue;
    }
    guint b = char_bit(next_char(&p));
    lc->bits[b >> 6] |= G_GUINT64_CONSTANT(1) << (b & 63);
  }
}

void ys_line_chars_set(YsLineChars *lc, const char *text, gsize len) {
  ys_line_chars_set_cached(lc, text, len, NULL, 0);
}

static gint by_length_desc(gconstpointer a, gconstpointer b) {
  const char *x = *(const char *const *)a, *y = *(const char *const *)b;
  gsize lx = strlen(x), ly = strlen(y);
  return lx != ly ? (lx < ly ? 1 : -1) : strcmp(x, y);
}

/* A need of SET's distinct strings (SET taken); NULL for NULL. */
static RuleNeed *need_of(Set *set) {
  if (!set)
    return NULL;
  g_ptr_array_sort(set, by_length_desc);
  RuleNeed *need = g_new0(RuleNeed, 1);
  need->s = g_new(char *, set->len);
  need->len = g_new(gsize, set->len);
  need->bit = g_malloc_n(set->len, sizeof *need->bit);
  need->n_bits = g_new0(guint8, set->len);
  for (guint i = 0; i < set->len; i++) {
    const char *s = g_ptr_array_index(set, i);
    if (need->n && strcmp(need->s[need->n - 1], s) == 0)
      continue;
    need->s[need->n] = g_strdup(s);
    need->len[need->n] = strlen(s);
    const guchar *p = (const guchar *)s, *end = p + need->len[need->n];
    while (p < end && need->n_bits[need->n] < MAX_BIT_CHARS) /* patterns are valid UTF-8 */
      need->bit[need->n][need->n_bits[need->n]++] = (guint16)char_bit(next_char(&p));
    need->n++;
  }
  set_free(set);
  return need;
}

RuleNeed *ys_need_analyze(const char *pattern, gsize len) {
  Parser P = {pattern, pattern + len, FALSE};
  Set *set = parse_alternation(&P);
  if (P.unsure || P.p != P.end) { /* an unmatched ')' stops the reading early */
    set_free(set);
    return NULL;
  }
  return need_of(set);
}

RuleNeed *ys_need_union(RuleNeed *const *needs, guint n) {
  Set *set = set_new();
  for (guint i = 0; i < n; i++) {
    if (!needs[i]) {
      set_free(set);
      return NULL;
    }
    for (guint j = 0; j < needs[i]->n; j++)
      g_ptr_array_add(set, g_strdup(needs[i]->s[j]));
  }
  if (set->len > MAX_UNION_STRINGS || set->len == 0) {
    set_free(set);
    return NULL;
  }
  return need_of(set);
}

/* Numbers NEED (if any) by its strings: prechecks with the same strings (年度 is many rules')
 * share a slot, so that a line is searched for them once. NUMBERS maps strings to slots. */
static void number_need(YsRules *rules, GHashTable *numbers, RuleNeed *need) {
  if (!need)
    return;
  char *key = ys_need_describe(need);
  gpointer id;
  if (g_hash_table_lookup_extended(numbers, key, NULL, &id)) {
    g_free(key);
  } else {
    id = GUINT_TO_POINTER(rules->n_needs++);
    g_hash_table_insert(numbers, key, id);
  }
  ys_need_set_id(need, GPOINTER_TO_UINT(id));
}

void ys_rules_forget_needs(YsRules *rules) {
  for (int k = 0; k < RK_COUNT; k++) {
    if (rules->kind_need_own[k])
      ys_need_free(rules->kind_need[k]);
    rules->kind_need[k] = NULL;
    rules->kind_need_own[k] = FALSE;
  }
  rules->n_needs = 0;
}

void ys_rules_number_needs(YsRules *rules) {
  g_autoptr(GHashTable) numbers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  ys_rules_forget_needs(rules);
  for (guint i = 0; i < rules->rules->len; i++) {
    Rule *r = g_ptr_array_index(rules->rules, i);
    number_need(rules, numbers, r->need);
    number_need(rules, numbers, r->need_element);
  }
  /* One precheck per kind lets a line skip all of a kind's rules at once. A kind of one rule
   * asks that rule's own: the line's answer, kept under its id, then serves the rule too. */
  for (int k = 0; k < RK_COUNT; k++) {
    const GPtrArray *rs = rules->by_kind[k];
    g_autofree RuleNeed **needs = g_new(RuleNeed *, rs->len + 1);
    for (guint i = 0; i < rs->len; i++)
      needs[i] = ((const Rule *)g_ptr_array_index(rs, i))->need;
    rules->kind_need_own[k] = rs->len > 1;
    rules->kind_need[k] = rs->len == 1 ? needs[0] : rs->len ? ys_need_union(needs, rs->len) : NULL;
    if (rules->kind_need_own[k])
      number_need(rules, numbers, rules->kind_need[k]);
  }
}

void ys_need_free(RuleNeed *need) {
  if (!need)
    return;
  for (guint i = 0; i < need->n; i++)
    g_free(need->s[i]);
  g_free(need->s);
  g_free(need->len);
  g_free(need->bit);
  g_free(need->n_bits);
  g_free(need);
}

/* Whether TEXT[0..LEN) holds one of NEED's strings; BITS (may be NULL): a line's it is part of. */
static gboolean search(const RuleNeed *need, const guint64 *bits, const char *text, gsize len) {
  for (guint i = 0; i < need->n; i++) {
    if (need->len[i] > len)
      continue;
    gboolean possible = TRUE;
    for (guint k = 0; bits && possible && k < need->n_bits[i]; k++) {
      guint b = need->bit[i][k];
      possible = (bits[b >> 6] >> (b & 63)) & 1;
    }
    if (possible && memmem(text, len, need->s[i], need->len[i]))
      return TRUE;
  }
  return FALSE;
}

gboolean ys_need_present(const RuleNeed *need, YsLineChars *lc, const char *text, gsize len) {
  if (!need)
    return TRUE;
  if (!lc || !lc->text || text < lc->text || text + len > lc->text + lc->len)
    return search(need, NULL, text, len);
  if (need->id < lc->n_seen) { /* the whole line's answer, once a line */
    if (lc->seen[need->id] == 0)
      lc->seen[need->id] = search(need, lc->bits, lc->text, lc->len) ? 2 : 1;
    /* A part of a line that holds one of the strings is left to PCRE2: searching each part
     * again (a line's amounts are looked for from each one's end) cost more than it saved. */
    return lc->seen[need->id] == 2;
  }
  return search(need, lc->bits, text, len);
}

gboolean ys_need_present_in_line(const RuleNeed *need, YsLineChars *lc) {
  return ys_need_present(need, lc, lc->text, lc->len);
}

char *ys_need_describe(const RuleNeed *need) {
  if (!need)
    return NULL;
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < need->n; i++) {
    if (i)
      g_string_append_c(s, '|');
    g_string_append(s, need->s[i]);
  }
  return g_string_free(s, FALSE);
}
