/* normalize — pass 2: re-joins what the PDF's character spacing spread apart, within one cell.
 *
 * Gluing two figures into one number is the worst error the tool can make, so a space is
 * removed only where the text itself proves it is spacing, not a separator:
 *   - a run of one-digit tokens whose digits read as one well-formed number (1–3 digits before
 *     the first comma, exactly 3 after each): `1, 2 3 8` → `1,238`, `8 4 1` → `841`; a run of
 *     just two digits only before a unit or after a sign (`6 9 億円`; `1 2` alone stays);
 *     never next to a token that itself ends or starts with a digit (`852 850` stays);
 *   - a number and the unit or counter word after it (`8 4 1 億円` → `841億円`, `8 つ`, `+ 0.5 %`),
 *     when the number stands alone or after a bracket/punctuation (`領域1 革新` stays);
 *   - a single digit between two words (`令和 8 年度`, `第 3 期`, `うち 5 拠点`), and any
 *     number after an era name or 第 (`令和 1 0 年度`); a multi-digit number keeps the space
 *     before it (`インハウス 46億円`, `AMED 308億円`, `研究 106億円`);
 *   - a lone sign before a figure: `+ 2 8 億円` → `+28億円`; '-' only with a spread figure or a
 *     unit after it, and never as the bullet opening a line (`- 2025年` stays);
 *   - runs of one-letter Latin tokens (`A M E D` → `AMED`; `AI for Science` stays) and of
 *     one-character kanji/kana tokens (`本 年 度 予 算 額` → `本年度予算額`);
 *   - a bracket that ends a token and its lone partner later in the cell hug what they
 *     enclose (`< A M E D >` → `<AMED>`, `【基金事業】< A M E D >`); `5 < 10` stays; so does
 *     a lone partner after a token the bracket opens (`<AMED 46億円 >` → `<AMED 46億円>`).
 * ▲ and △ right before a figure (a space between allowed) become '-'; `増▲減額` stays.
 */
#include <string.h>

#include "normalize/norm_internal.h"
#include "normalize/normalize.h"

typedef struct {
  gsize s, e;      /* byte range in the buffer; the space after it (if any) is at e */
  gboolean spread; /* joined from a run of one-character tokens */
  gboolean digits; /* a joined digit run */
} Tok;

static inline gboolean is_digit(char c) {
  return c >= '0' && c <= '9';
}

static gunichar char_at(const char *t, gsize p) {
  return g_utf8_get_char(t + p);
}

static gunichar last_char(const char *t, const Tok *k, gsize *at) {
  const char *p = g_utf8_find_prev_char(t + k->s, t + k->e);
  if (!p)
    p = t + k->s;
  if (at)
    *at = (gsize)(p - t);
  return g_utf8_get_char(p);
}

static gboolean tok_is(const char *t, const Tok *k, const char *s) {
  gsize n = strlen(s);
  return k->e - k->s == n && memcmp(t + k->s, s, n) == 0;
}

static gboolean tok_one_char(const char *t, const Tok *k) {
  return (gsize)g_utf8_skip[(unsigned char)t[k->s]] == k->e - k->s;
}

/* `3`, or `1,` / `0.`: a digit with the separator that follows it in a spread number. */
static gboolean tok_spread_digit(const char *t, const Tok *k) {
  gsize n = k->e - k->s;
  const char *p = t + k->s;
  return (n == 1 && is_digit(p[0])) || (n == 2 && is_digit(p[0]) && (p[1] == ',' || p[1] == '.'));
}

/* `12,` or `1,234,`: the grouped head of a number whose last group is spread. */
static gboolean tok_group_head(const char *t, const Tok *k) {
  const char *p = t + k->s, *end = t + k->e;
  if (end - p < 2 || end[-1] != ',')
    return FALSE;
  int lead = 0;
  while (p < end && is_digit(*p))
    p++, lead++;
  if (lead < 1 || lead > 3)
    return FALSE;
  while (p < end - 1) {
    if (*p != ',' || end - p < 5 || !is_digit(p[1]) || !is_digit(p[2]) || !is_digit(p[3]))
      return FALSE;
    p += 4;
  }
  return p == end - 1;
}

/* Digits with ',' '.' inside, a digit at each end. */
static gboolean tok_is_number(const char *t, const Tok *k) {
  if (!is_digit(t[k->s]) || !is_digit(t[k->e - 1]))
    return FALSE;
  for (gsize p = k->s; p < k->e; p++)
    if (!is_digit(t[p]) && t[p] != ',' && t[p] != '.')
      return FALSE;
  return TRUE;
}

static gboolean ends_with_digitish(const char *t, const Tok *k) {
  char c = t[k->e - 1];
  return is_digit(c) || c == ',' || c == '.';
}

static gboolean starts_with_digitish(const char *t, const Tok *k) {
  char c = t[k->s];
  return is_digit(c) || c == ',' || c == '.';
}

/* A written number: 1–3 digits then groups of exactly 3 after each comma, or no commas;
 * at most one decimal point, digits after it. */
static gboolean well_formed_number(const char *s, gsize n) {
  gsize i = 0, lead = 0;
  gboolean comma = memchr(s, ',', n) != NULL;
  while (i < n && is_digit(s[i]))
    i++, lead++;
  if (lead == 0 || (comma && lead > 3))
    return FALSE;
  while (i < n && s[i] == ',') {
    if (i + 4 > n || !is_digit(s[i + 1]) || !is_digit(s[i + 2]) || !is_digit(s[i + 3]))
      return FALSE;
    i += 4;
    if (i < n && is_digit(s[i]))
      return FALSE;
  }
  if (i < n && s[i] == '.') {
    i++;
    gsize frac = 0;
    while (i < n && is_digit(s[i]))
      i++, frac++;
    if (frac == 0)
      return FALSE;
  }
  return i == n;
}

static gboolean is_unit_start(gunichar c) {
  return ys_norm_is_cjk_letter(c) || c == '%';
}

static gboolean is_sign(const char *t, const Tok *k) {
  return tok_is(t, k, "+") || tok_is(t, k, "-") || tok_is(t, k, "\xC2\xB1") ||
         tok_is(t, k, "\xE2\x96\xB2") || tok_is(t, k, "\xE2\x96\xB3");
}

static gboolean is_triangle(const char *t, gsize p, gsize len) {
  return p + 3 <= len && (unsigned char)t[p] == 0xE2 && (unsigned char)t[p + 1] == 0x96 &&
         ((unsigned char)t[p + 2] == 0xB2 || (unsigned char)t[p + 2] == 0xB3);
}

/* Brackets and punctuation after which a number starts afresh (`、8 つ`, `(3 億円`). */
static gboolean opens_number(gunichar c) {
  switch (c) {
  case 0x3001:
  case 0x3002:
  case 0x300C:
  case 0x300E:
  case 0x3010:
  case 0x3014:
  case 0x3008:
  case 0x300A:
  case '(':
  case '[':
  case '{':
  case '<':
  case ':':
  case '~':
    return TRUE;
  default:
    return FALSE;
  }
}

/* Does token K end in a number that may take the unit after the space? True when the number
 * is the whole token, or follows a leading sign or an opening bracket/punctuation mark; false
 * when it hangs on a word (`領域1`). */
static gboolean ends_in_free_number(const char *t, const Tok *k) {
  if (k->digits)
    return TRUE;
  if (!is_digit(t[k->e - 1]))
    return FALSE;
  gsize p = k->e;
  while (p > k->s && (is_digit(t[p - 1]) || t[p - 1] == ',' || t[p - 1] == '.'))
    p--;
  while (!is_digit(t[p]))
    p++;
  if (p == k->s)
    return TRUE;
  Tok head = {k->s, p, FALSE, FALSE};
  gsize at;
  gunichar c = last_char(t, &head, &at);
  if (at == k->s && (c == '+' || c == '-' || c == 0xB1 || c == 0x25B2 || c == 0x25B3))
    return TRUE;
  return opens_number(c);
}

/* A literal and its length, for the tests of a token's end below (asked of every token): the
 * last byte is compared before any memcmp. */
typedef struct {
  const char *text;
  gsize len;
} Literal;
#define LITERAL(s)                                                                                 \
  { s, sizeof s - 1 }

static gboolean tok_ends_with(const char *t, const Tok *k, const Literal *lit) {
  return k->e - k->s >= lit->len && t[k->e - 1] == lit->text[lit->len - 1] &&
         memcmp(t + k->e - lit->len, lit->text, lit->len) == 0;
}

/* Whether token K ends with an era's name (the table of norm_eras.c) or 第. */
static gboolean ends_with_era(const char *t, const Tok *k) {
  static const Literal dai = LITERAL("第");
  gsize n;
  const YsEra *eras = ys_norm_eras(&n);
  for (gsize i = 0; i < n; i++)
    if (tok_ends_with(t, k, &(Literal){eras[i].name, eras[i].name_len}))
      return TRUE;
  return tok_ends_with(t, k, &dai);
}

static const struct {
  Literal open;
  const char *close;
} bracket_pairs[] = {{LITERAL("<"), ">"},   {LITERAL("("), ")"},   {LITERAL("["), "]"},
                     {LITERAL("「"), "」"}, {LITERAL("【"), "】"}, {LITERAL("〈"), "〉"},
                     {LITERAL("《"), "》"}};

/* The closing partner of the bracket that ends token K (`<`, `【基金事業】<`), or NULL. */
static const char *closer_of(const char *t, const Tok *k) {
  for (gsize i = 0; i < G_N_ELEMENTS(bracket_pairs); i++)
    if (tok_ends_with(t, k, &bracket_pairs[i].open))
      return bracket_pairs[i].close;
  return NULL;
}

/* The closing partner of the bracket that opens token K and is not closed in it (`<AMED`, as
 * the layout joins a spread `< A M E D`), or NULL. */
static const char *closer_after_opening(const char *t, const Tok *k) {
  gsize len = k->e - k->s;
  for (gsize i = 0; i < G_N_ELEMENTS(bracket_pairs); i++) {
    const Literal *o = &bracket_pairs[i].open;
    const char *close = bracket_pairs[i].close;
    if (len > o->len && memcmp(t + k->s, o->text, o->len) == 0 &&
        !g_strstr_len(t + k->s, (gssize)len, close))
      return close;
  }
  return NULL;
}

/* Length of the digit run starting at token I (0 if none to join). */
static gsize digit_run(const char *t, const Tok *tok, gsize n, gsize i) {
  if (!tok_spread_digit(t, &tok[i]) && !tok_group_head(t, &tok[i]))
    return 0;
  gsize j = i + 1;
  while (j < n && tok_spread_digit(t, &tok[j]))
    j++;
  gsize count = j - i;
  if (count < 2)
    return 0;
  if (i > 0 && ends_with_digitish(t, &tok[i - 1]))
    return 0;
  if (j < n && starts_with_digitish(t, &tok[j]))
    return 0;
  char joined[64];
  gsize len = 0;
  for (gsize k = i; k < j; k++) {
    gsize w = tok[k].e - tok[k].s;
    if (len + w > sizeof joined)
      return 0;
    memcpy(joined + len, t + tok[k].s, w);
    len += w;
  }
  if (!well_formed_number(joined, len))
    return 0;
  if (count == 2 && !memchr(joined, ',', len) && !memchr(joined, '.', len)) {
    gboolean unit_after = j < n && is_unit_start(char_at(t, tok[j].s));
    gboolean sign_before = i > 0 && is_sign(t, &tok[i - 1]);
    if (!unit_after && !sign_before)
      return 0;
  }
  return count;
}

/* Length of the run of one-character tokens of the same class starting at I (0 if < 2). */
static gsize char_run(const char *t, const Tok *tok, gsize n, gsize i, gboolean latin) {
  gsize j = i;
  while (j < n && tok_one_char(t, &tok[j])) {
    gunichar c = char_at(t, tok[j].s);
    gboolean ok = latin ? g_ascii_isalpha((char)c) && c < 0x80 : ys_norm_is_cjk_letter(c);
    if (!ok)
      break;
    j++;
  }
  if (j - i < 2)
    return 0;
  if (latin) {
    if (i > 0 && g_ascii_isalpha(t[tok[i - 1].e - 1]))
      return 0;
    if (j < n && g_ascii_isalpha(t[tok[j].s]))
      return 0;
  }
  return j - i;
}

/* Token arrays for one line, big enough for any of its cells. */
typedef struct {
  Tok *raw;       /* space-separated tokens of the cell */
  Tok *tok;       /* the same with runs joined */
  gboolean *unit; /* space after token i joins a number to its unit */
} Scratch;

/* Decides which spaces of one cell [S, E) go; marks them in DEL. */
static void cell_spacing(const char *t, gsize s, gsize e, gboolean line_start, guint8 *del,
                         const Scratch *sc) {
  Tok *raw = sc->raw;
  gsize nraw = 0;
  for (gsize p = s; p < e;) {
    const char *space = memchr(t + p, ' ', e - p);
    if (!space) {
      raw[nraw++] = (Tok){p, e, FALSE, FALSE};
      break;
    }
    gsize q = (gsize)(space - t);
    raw[nraw++] = (Tok){p, q, FALSE, FALSE};
    p = q + 1;
  }
  if (nraw < 2)
    return;

  /* joins runs into single tokens */
  Tok *tok = sc->tok;
  gsize n = 0;
  for (gsize i = 0; i < nraw;) {
    gsize run = digit_run(t, raw, nraw, i);
    gboolean digits = run > 0;
    if (!run)
      run = char_run(t, raw, nraw, i, TRUE);
    if (!run)
      run = char_run(t, raw, nraw, i, FALSE);
    if (run) {
      for (gsize k = i; k + 1 < i + run; k++)
        del[raw[k].e] = 1;
      tok[n++] = (Tok){raw[i].s, raw[i + run - 1].e, TRUE, digits};
      i += run;
    } else {
      tok[n++] = raw[i++];
    }
  }

  gboolean *unit = sc->unit;
  for (gsize i = 0; i < n; i++)
    unit[i] =
        i + 1 < n && ends_in_free_number(t, &tok[i]) && is_unit_start(char_at(t, tok[i + 1].s));

  for (gsize i = 0; i + 1 < n; i++) {
    const Tok *a = &tok[i], *b = &tok[i + 1];
    gboolean drop = unit[i];
    gsize at;
    gboolean b_number = b->digits || tok_is_number(t, b);
    /* 令和 8 年度, 第 3 期, うち 5 拠点 */
    if (!drop && ys_norm_is_cjk_letter(last_char(t, a, &at)) && b_number && b->e - b->s == 1 &&
        unit[i + 1])
      drop = TRUE;
    if (!drop && ends_with_era(t, a) && is_digit(t[b->s]))
      drop = TRUE;
    if (!drop && is_sign(t, a) && is_digit(t[b->s])) {
      gboolean after_figure = i > 0 && ends_with_digitish(t, &tok[i - 1]);
      if (is_triangle(t, a->s, a->e)) {
        drop = TRUE;
      } else if (tok_is(t, a, "-")) {
        gboolean bullet = line_start && i == 0;
        gboolean evidence =
            b->digits || (b_number && unit[i + 1]) || (!line_start && i == 0 && n == 2 && b_number);
        drop = !bullet && !after_figure && evidence;
      } else {
        drop = !after_figure;
      }
    }
    if (drop)
      del[a->e] = 1;
  }

  /* a bracket ending a token and its lone partner: `< A M E D >` → `<AMED>`; or opening a
   * token: `<AMED 308億円 >` → `<AMED 308億円>` */
  for (gsize i = 0; i + 1 < n; i++) {
    const char *closer = i + 2 < n ? closer_of(t, &tok[i]) : NULL;
    gboolean ends = closer != NULL;
    if (!closer)
      closer = closer_after_opening(t, &tok[i]);
    if (!closer)
      continue;
    for (gsize j = i + (ends ? 2 : 1); j < n; j++) {
      if (tok_is(t, &tok[j], closer)) {
        if (ends)
          del[tok[i].e] = 1;
        del[tok[j - 1].e] = 1;
        i = j;
        break;
      }
    }
  }
}

/* The token arrays of one line's cells (CAP tokens each): on the stack for cells of up to a
 * kilobyte (27 KB of stack; a token takes two bytes or more), on the heap once a longer cell
 * needs it, and kept for the rest of the line. */
typedef struct {
  Scratch sc;
  gsize cap;
  Tok small_raw[512], small_tok[512];
  gboolean small_unit[512];
} ScratchStore;

static void scratch_free(ScratchStore *st) {
  if (st->sc.raw != st->small_raw) {
    g_free(st->sc.raw);
    g_free(st->sc.tok);
    g_free(st->sc.unit);
  }
}

/* Room for N tokens (what the arrays held is not kept). */
static void scratch_reserve(ScratchStore *st, gsize n) {
  if (n <= st->cap)
    return;
  scratch_free(st);
  st->cap = MAX(n, st->cap * 2);
  st->sc = (Scratch){g_new(Tok, st->cap), g_new(Tok, st->cap), g_new(gboolean, st->cap)};
}

/* The first boundary in T[S..LEN), or LEN: eight bytes at a time while none is below 0x0E (the
 * boundaries are \t \n \r), then byte by byte. */
static gsize boundary_from(const char *t, gsize s, gsize len) {
  gsize e = s;
  const guint64 ones = G_GUINT64_CONSTANT(0x0101010101010101);
  for (guint64 w; len - e >= 8; e += 8) {
    memcpy(&w, t + e, 8);
    if (((w - 0x0E * ones) & ~w & (0x80 * ones)) != 0) /* a byte below 0x0E */
      break;
  }
  while (e < len && !ys_norm_is_boundary(t[e]))
    e++;
  return e;
}

/* Whether the one-character token C is one that a rule of cell_spacing reads: a digit or a
 * letter (spread runs), a kanji or kana (runs, `令和 8 年度`), a sign before a figure, or the
 * closing bracket of `< A M E D >`. A bullet, ※ or ① is none of these. */
static gboolean char_may_join(gunichar c) {
  switch (c) {
  case '+':
  case '-':
  case 0xB1:   /* ± */
  case 0x25B2: /* ▲ */
  case 0x25B3: /* △ */
  case '>':
  case ')':
  case ']':
  case 0x300D: /* 」 */
  case 0x3011: /* 】 */
  case 0x3009: /* 〉 */
  case 0x300B: /* 》 */
    return TRUE;
  default:
    return c < 0x80 ? g_ascii_isalnum((char)c) : ys_norm_is_cjk_letter(c);
  }
}

/* Whether the token T[A..B) is one that a rule of cell_spacing needs to see before it can
 * take a space away: a token of one character char_may_join names (a spread number ends with
 * a one-digit token, so `1, 2 3 8` is seen by its `8`), but not the '-' bullet that opens a
 * line (BULLET_AT_A: never joined), one that ends with a digit (a number before its unit,
 * `46 億円`), or one that ends with an era or 第 (`平成 30年度`; the last character of an era's
 * name or 第 is enough: a false alarm only costs the full read). */
static gboolean token_may_join(const char *t, gsize a, gsize b, gboolean bullet_at_a) {
  gsize n = b - a;
  if (n == 0 || is_digit(t[b - 1]))
    return TRUE;
  if (n == (gsize)g_utf8_skip[(unsigned char)t[a]])
    return !(bullet_at_a && t[a] == '-') && char_may_join(g_utf8_get_char(t + a));
  if (n < 3)
    return FALSE;
  if (memcmp(t + b - 3, "第", 3) == 0)
    return TRUE;
  gsize n_eras;
  const YsEra *eras = ys_norm_eras(&n_eras);
  for (gsize i = 0; i < n_eras; i++) /* every era's name ends with a 3-byte kanji */
    if (memcmp(t + b - 3, eras[i].name + eras[i].name_len - 3, 3) == 0)
      return TRUE;
  return FALSE;
}

/* Whether cell_spacing may take a space of the cell T[S..E) away (LINE_START: the cell opens
 * its line): only when one of its tokens is of the kinds token_may_join names (every rule
 * needs one). Many cells with a space are a bullet, words, and figures with their units
 * (`- 令和8年度予算額(案) 852億円`) and keep it: they are not read token by token. */
static gboolean cell_may_join(const char *t, gsize s, gsize e, gboolean line_start) {
  for (gsize a = s; a <= e;) {
    const char *space = memchr(t + a, ' ', e - a);
    gsize b = space ? (gsize)(space - t) : e;
    if (token_may_join(t, a, b, line_start && a == s))
      return TRUE;
    a = b + 1;
  }
  return FALSE;
}

/* LEN + 1 cleared bytes: SMALL (SMALL_SIZE bytes) when that is enough, else from g_malloc. */
static guint8 *del_new(gsize len, guint8 *small, gsize small_size) {
  guint8 *del = len < small_size ? small : g_malloc(len + 1);
  memset(del, 0, len + 1);
  return del;
}

/* Marks the spaces of each cell of T[0..LEN) that go in *DEL, made by del_new when the first
 * cell may lose one: most lines with a space keep them all, and *DEL stays NULL. */
static void mark_spacing(const char *t, gsize len, guint8 **del, guint8 *small, gsize small_size) {
  ScratchStore st;
  st.sc = (Scratch){st.small_raw, st.small_tok, st.small_unit};
  st.cap = G_N_ELEMENTS(st.small_raw);
  gboolean line_start = TRUE;
  for (gsize s = 0; s <= len;) {
    gsize e = boundary_from(t, s, len);
    if (memchr(t + s, ' ', e - s) && cell_may_join(t, s, e, line_start)) {
      if (!*del)
        *del = del_new(len, small, small_size);
      /* tokens are never empty (single spaces, none at a cell's edges): at most half the
       * cell's bytes, rounded up */
      scratch_reserve(&st, (e - s + 1) / 2 + 1);
      cell_spacing(t, s, e, line_start, *del, &st.sc);
    }
    line_start = e < len && t[e] == '\n';
    s = e + 1;
  }
  scratch_free(&st);
}

void ys_norm_spacing(YsNormBuf *buf) {
  char *t = buf->text;
  gsize len = buf->len;
  gboolean spaces = buf->spaces, triangles = buf->triangles;
  guint8 small[1024], *del = NULL;
  if (spaces)
    mark_spacing(t, len, &del, small, sizeof small);
  if (!del && !triangles)
    return; /* no space goes, no ▲/△ to read */
  if (!del)
    del = del_new(len, small, sizeof small);

  /* compaction, from the first byte that changes */
  gsize first = 0;
  if (!triangles) { /* then only a deleted space changes anything */
    const guint8 *d = memchr(del, 1, len);
    first = d ? (gsize)(d - del) : len;
  }
  while (first < len && !del[first] && !(triangles && is_triangle(t, first, len)))
    first++;
  gsize w = first;
  for (gsize r = first; r < len;) {
    if (del[r]) {
      r++;
      continue;
    }
    if (is_triangle(t, r, len)) {
      gsize q = r + 3;
      while (q < len && del[q])
        q++;
      if (q < len && is_digit(t[q])) {
        t[w] = '-';
        if (buf->mapped)
          buf->map[w] = buf->map[r];
        w++;
        r += 3;
        continue;
      }
    }
    t[w] = t[r];
    if (buf->mapped)
      buf->map[w] = buf->map[r];
    w++;
    r++;
  }
  buf->len = w;
  if (del != small)
    g_free(del);
}
