/* normalize — pass 1 and the line object: NFKC (GLib) one character at a time so that every
 * normalized byte keeps the raw byte offset of the character it came from; the outline and
 * mark characters NFKC would spoil are kept; spaces collapsed and trimmed at cell ends. Then
 * pass 2 (norm_spacing.c) runs, and the result becomes a YsNormLine.
 *
 * Speed matters (every line of large documents goes through here): ASCII is copied byte by
 * byte, runs of kana/kanji are copied whole, full-width ASCII is handled without GLib, and only
 * characters that really change under NFKC pay for g_utf8_normalize.
 */
#include <string.h>

#include "normalize/norm_internal.h"
#include "normalize/normalize.h"

void ys_norm_buf_init(YsNormBuf *buf, gboolean mapped) {
  buf->cap = YS_NORM_BUF_INLINE;
  buf->len = 0;
  buf->spaces = buf->triangles = FALSE;
  buf->text = buf->inline_text;
  buf->mapped = mapped;
  buf->map = mapped ? buf->inline_map : NULL;
}

void ys_norm_buf_init_heap(YsNormBuf *buf, char *text, gsize cap) {
  ys_norm_buf_init(buf, FALSE);
  buf->text = text;
  buf->cap = cap;
}

void ys_norm_buf_grow(YsNormBuf *buf, gsize extra) {
  gsize need = buf->len + extra + 1;
  if (need <= buf->cap)
    return;
  gsize cap = buf->cap * 2;
  if (cap < need)
    cap = need;
  if (buf->text == buf->inline_text) {
    buf->text = g_malloc(cap);
    memcpy(buf->text, buf->inline_text, buf->len);
    if (buf->mapped) {
      buf->map = g_new(gsize, cap);
      memcpy(buf->map, buf->inline_map, buf->len * sizeof(gsize));
    }
  } else {
    buf->text = g_realloc(buf->text, cap);
    if (buf->mapped)
      buf->map = g_renew(gsize, buf->map, cap);
  }
  buf->cap = cap;
}

void ys_norm_buf_clear(YsNormBuf *buf) {
  if (buf->text != buf->inline_text) {
    g_free(buf->text);
    g_free(buf->map);
  }
  ys_norm_buf_init(buf, buf->mapped);
}

/* Emits normalized bytes through the space rules: a run of spaces becomes one, none at the
 * start or end of a cell. A kept space maps to the first raw space of its run. */
typedef struct {
  YsNormBuf *out;
  gboolean pending; /* a space is owed before the next ordinary byte */
  gsize pending_raw;
  gboolean cell_start; /* nothing emitted yet in this cell */
} Emitter;

/* Puts out the space owed before the next ordinary byte, if any. */
static inline void flush_pending(Emitter *em) {
  if (em->pending) {
    ys_norm_buf_put(em->out, ' ', em->pending_raw);
    em->out->spaces = TRUE;
    em->pending = FALSE;
  }
}

static inline void emit(Emitter *em, char c, gsize raw) {
  if (c == ' ') {
    if (!em->cell_start && !em->pending) {
      em->pending = TRUE;
      em->pending_raw = raw;
    }
    return;
  }
  if (ys_norm_is_boundary(c)) {
    em->pending = FALSE;
    ys_norm_buf_put(em->out, c, raw);
    em->cell_start = TRUE;
    return;
  }
  flush_pending(em);
  ys_norm_buf_put(em->out, c, raw);
  em->cell_start = FALSE;
}

static inline void emit_all(Emitter *em, const char *s, gsize n, gsize raw) {
  for (gsize k = 0; k < n; k++)
    emit(em, s[k], raw);
}

/* A character that is neither a space nor a boundary, copied as it is. */
static inline void emit_char(Emitter *em, const char *s, gsize n, gsize raw) {
  YsNormBuf *out = em->out;
  flush_pending(em);
  if (out->len + n >= out->cap)
    ys_norm_buf_grow(out, n);
  for (gsize k = 0; k < n; k++)
    out->text[out->len + k] = s[k];
  if (out->mapped)
    for (gsize k = 0; k < n; k++)
      out->map[out->len + k] = raw;
  out->len += n;
  em->cell_start = FALSE;
}

static inline gboolean is_plain_ascii(char c) {
  return c != ' ' && !ys_norm_is_boundary(c);
}

/* Emits the ASCII bytes RAW[I..END) as emit() would one by one: runs of plain bytes are copied
 * whole, each byte mapping to itself. */
static void emit_ascii_run(Emitter *em, const char *raw, gsize i, gsize end) {
  YsNormBuf *out = em->out;
  while (i < end) {
    gsize k = i;
    while (k < end && is_plain_ascii(raw[k]))
      k++;
    if (k > i) {
      flush_pending(em);
      if (out->len + (k - i) >= out->cap)
        ys_norm_buf_grow(out, k - i);
      memcpy(out->text + out->len, raw + i, k - i);
      if (out->mapped)
        for (gsize j = 0; j < k - i; j++)
          out->map[out->len + j] = i + j;
      out->len += k - i;
      em->cell_start = FALSE;
    }
    if (k < end) {
      emit(em, raw[k], k);
      k++;
    }
    i = k;
  }
}

/* Strict UTF-8 decoding (no overlongs, surrogates or values past U+10FFFF); returns
 * (gunichar)-1 for a bad sequence. Inline because it runs once per character. */
static inline gunichar decode(const unsigned char *p, gsize avail, gsize *len) {
  unsigned char b = p[0];
  if (b < 0x80) {
    *len = 1;
    return b;
  }
  gsize n;
  gunichar c, min;
  if (b >= 0xC2 && b <= 0xDF)
    n = 2, c = b & 0x1F, min = 0x80;
  else if (b >= 0xE0 && b <= 0xEF)
    n = 3, c = b & 0x0F, min = 0x800;
  else if (b >= 0xF0 && b <= 0xF4)
    n = 4, c = b & 0x07, min = 0x10000;
  else
    return (gunichar)-1;
  if (avail < n)
    return (gunichar)-1;
  for (gsize k = 1; k < n; k++) {
    if ((p[k] & 0xC0) != 0x80)
      return (gunichar)-1;
    c = (c << 6) | (p[k] & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
    return (gunichar)-1;
  *len = n;
  return c;
}

/* Characters NFKC must not touch: ①–⑳, ⑴, ⒜, Ⓐ … (outline markers; NFKC would make ① a
 * bare 1 and ⑴ "(1)"), circled 21–50, enclosed alphanumeric supplement. ※ ○ ◎ ▲ △ ・ are
 * unchanged by NFKC anyway. */
static inline gboolean is_kept(gunichar c) {
  return (c >= 0x2460 && c <= 0x24FF) || (c >= 0x3251 && c <= 0x325F) ||
         (c >= 0x32B1 && c <= 0x32BF) || (c >= 0x1F100 && c <= 0x1F1FF);
}

/* Characters that NFKC leaves as they are, known without asking GLib. */
static inline gboolean is_nfkc_identity(gunichar c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3041 && c <= 0x3096) ||
         (c >= 0x30A1 && c <= 0x30FE) || (c >= 0x3001 && c <= 0x301B) ||
         (c >= 0x3099 && c <= 0x309A) || (c >= 0x309D && c <= 0x309E) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x25A0 && c <= 0x25FF) ||
         (c >= 0xAC00 && c <= 0xD7A3);
}

/* A character NFKC may merge into the one before it: combining marks, and the half-width
 * (semi-)voiced sound marks (ｶﾞ → ガ). */
static inline gboolean continues_chunk(gunichar c) {
  if (c < 0x300 || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3041 && c <= 0x3096) ||
      (c >= 0x30A1 && c <= 0x30FE) || (c >= 0xFF01 && c <= 0xFF5E))
    return FALSE;
  return c == 0xFF9E || c == 0xFF9F || g_unichar_combining_class(c) != 0;
}

/* One character (no following combining marks) at raw offset AT. */
static void nfkc_char(Emitter *em, const char *p, gsize clen, gunichar c, gsize at) {
  if (is_nfkc_identity(c) || is_kept(c)) {
    emit_char(em, p, clen, at);
    return;
  }
  /* Full-width ASCII, and the two CP932/JIS mapping twins NFKC leaves apart: 〜 (U+301C, JIS)
   * reads like ～ (U+FF5E, CP932), − (U+2212) like － (U+FF0D); each pair ends as one ASCII
   * character so that Shift_JIS and EUC-JP input normalize alike. */
  if (c >= 0xFF01 && c <= 0xFF5E) {
    emit(em, (char)(c - 0xFEE0), at);
    return;
  }
  if (c == 0x3000) {
    emit(em, ' ', at);
    return;
  }
  if (c == 0x301C) {
    emit(em, '~', at);
    return;
  }
  if (c == 0x2212) {
    emit(em, '-', at);
    return;
  }
  gunichar dec[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n = g_unichar_fully_decompose(c, TRUE, dec, G_UNICHAR_MAX_DECOMPOSITION_LENGTH);
  if (n == 1 && dec[0] == c && !g_unichar_isspace(c)) {
    emit_char(em, p, clen, at);
    return;
  }
  if (n == 1 && dec[0] == c) {
    emit_all(em, p, clen, at);
    return;
  }
  char *norm = g_utf8_normalize(p, (gssize)clen, G_NORMALIZE_NFKC);
  if (norm)
    emit_all(em, norm, strlen(norm), at);
  g_free(norm);
}

/* The three-byte characters the fast path copies as they are: ones is_nfkc_identity knows,
 * except the combining sound marks U+3099/U+309A (they join the character before them) and
 * ▲/△ (they set the triangles flag). */
static gboolean is_fast_identity3_by_bytes(const unsigned char *p, gsize avail) {
  /* U+3000–U+30FF of those, one bit each */
  static const guint64 kana[4] = {
      G_GUINT64_CONSTANT(0x000000000FFFFFFE), G_GUINT64_CONSTANT(0xFFFFFFFFFFFFFFFE),
      G_GUINT64_CONSTANT(0xFFFFFFFE607FFFFF), G_GUINT64_CONSTANT(0x7FFFFFFFFFFFFFFF)};
  if (avail < 3 || (((p[1] & 0xC0) ^ 0x80) | ((p[2] & 0xC0) ^ 0x80)) != 0)
    return FALSE;
  /* Decided on the bytes, most common first: a lead byte E5–E9 is U+5000–U+9FFF, all Han; E4
   * is U+4000–U+4FFF, Han but for the Yijing symbols U+4DC0–U+4DFF (E4 B7 xx); E3 holds kana
   * (U+3000–U+30FF, E3 80–83 xx) and Han extension A (U+3400–U+3FFF, E3 90–BF xx); E2 96–97
   * the shapes U+2580–U+25FF, of which ■…◿ but ▲ △ (E2 96 B2/B3). */
  switch (p[0]) {
  case 0xE5:
  case 0xE6:
  case 0xE7:
  case 0xE8:
  case 0xE9:
    return TRUE;
  case 0xE4:
    return p[1] != 0xB7;
  case 0xE3:
    if (p[1] >= 0x90)
      return TRUE;
    if (p[1] <= 0x83) {
      guint k = ((guint)(p[1] & 0x03) << 6) | (p[2] & 0x3F);
      return (kana[k >> 6] >> (k & 63)) & 1;
    }
    return FALSE;
  case 0xE2:
    if (p[1] == 0x97)
      return TRUE;                                                       /* U+25C0–U+25FF */
    return p[1] == 0x96 && p[2] >= 0xA0 && p[2] != 0xB2 && p[2] != 0xB3; /* U+25A0–U+25BF */
  default:
    return FALSE;
  }
}

/* is_fast_identity3_by_bytes as a table: bit p2 & 0x3F of word ((p0 & 0x0F) << 6 | (p1 & 0x3F))
 * for the lead bytes E0–EF. One load instead of a jump per character: Japanese text switches
 * between kana and kanji lead bytes all the time, and each switch was a mispredicted jump. */
static guint64 fast3_table[16 * 64];

static void fill_fast3_table(void) {
  for (guint lead = 0; lead < 16; lead++)
    for (guint second = 0; second < 64; second++)
      for (guint third = 0; third < 64; third++) {
        const unsigned char c[3] = {(unsigned char)(0xE0 | lead), (unsigned char)(0x80 | second),
                                    (unsigned char)(0x80 | third)};
        if (is_fast_identity3_by_bytes(c, 3))
          fast3_table[lead << 6 | second] |= G_GUINT64_CONSTANT(1) << third;
      }
}

/* Fills the table once per process (before the first line; cheap: 64 k characters). */
static void ensure_fast3_table(void) {
  static gsize filled = 0;
  if (g_once_init_enter(&filled)) {
    fill_fast3_table();
    g_once_init_leave(&filled, 1);
  }
}

static inline gboolean is_fast_identity3(const unsigned char *p, gsize avail) {
  /* the three bytes, first in the lowest: one load and one mask test when a fourth follows */
  guint32 w;
  if (avail >= 4) {
    memcpy(&w, p, 4);
    w = GUINT32_FROM_LE(w);
  } else if (avail == 3) {
    w = (guint32)p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16;
  } else {
    return FALSE;
  }
  if ((w & 0xC0C0F0u) != 0x8080E0u) /* a lead byte 0xE0–0xEF and two continuation bytes */
    return FALSE;
  return (fast3_table[(w & 0x0F) << 6 | (w >> 8 & 0x3F)] >> (w >> 16 & 0x3F)) & 1;
}

/* Whether the character at P is one NFKC may merge into the character before it (what the
 * general path's chunk scan would take along). */
static inline gboolean merges_backwards(const unsigned char *p, gsize avail) {
  if (p[0] < 0x80 || is_fast_identity3(p, avail))
    return FALSE;
  gsize len;
  gunichar d = decode(p, avail, &len);
  return d != (gunichar)-1 && continues_chunk(d);
}

/* Length of the run of fast-path characters at P (most of a Japanese line). The run stops
 * before a character that a mark after it may merge into: the general path takes that one.
 * Lead bytes E2–E9 never start an overlong form or a surrogate, so checking the continuation
 * bytes is full validation. Each character is classified once: a fast-path one after the
 * run's last cannot merge into it, so only another kind is asked whether it merges. */
static gsize fast_identity_run(const unsigned char *p, gsize avail) {
  if (!is_fast_identity3(p, avail))
    return 0;
  gsize k = 0; /* the run's last character so far */
  for (;;) {
    gsize next = k + 3;
    if (next >= avail)
      return next;
    if (is_fast_identity3(p + next, avail - next)) {
      k = next;
      continue;
    }
    return merges_backwards(p + next, avail - next) ? k : next;
  }
}

/* Copies a fast-path run: every byte of a character maps to the character's first raw byte. */
static void emit_identity_run(Emitter *em, const char *s, gsize n, gsize raw) {
  YsNormBuf *out = em->out;
  flush_pending(em);
  if (out->len + n >= out->cap)
    ys_norm_buf_grow(out, n);
  memcpy(out->text + out->len, s, n);
  if (out->mapped) {
    gsize *map = out->map + out->len;
    for (gsize k = 0; k < n; k += 3)
      map[k] = map[k + 1] = map[k + 2] = raw + k;
  }
  out->len += n;
  em->cell_start = FALSE;
}

/* The end of the fast run of ASCII at RAW[I] (RAW[I] is ASCII): the run's last byte is left to
 * the general path only when a mark after it may merge into it. */
static gsize ascii_run_end(const char *raw, gsize i, gsize n) {
  gsize j = i + 1;
  while (j < n && (unsigned char)raw[j] < 0x80)
    j++;
  return j < n && merges_backwards((const unsigned char *)raw + j, n - j) ? j - 1 : j;
}

/* The general path: the character C (CLEN bytes) at RAW[I] with the marks that merge into it;
 * returns the offset after them. */
static gsize nfkc_general(Emitter *em, const char *raw, gsize i, gsize n, gunichar c, gsize clen) {
  if (c == 0x25B2 || c == 0x25B3)
    em->out->triangles = TRUE;
  gsize j = i + clen;
  while (j < n && (unsigned char)raw[j] >= 0x80) {
    gsize dlen;
    gunichar d = decode((const unsigned char *)raw + j, n - j, &dlen);
    if (d == (gunichar)-1 || !continues_chunk(d))
      break;
    j += dlen;
  }
  if (j == i + clen) {
    nfkc_char(em, raw + i, clen, c, i);
  } else if (is_kept(c)) {
    emit_char(em, raw + i, j - i, i);
  } else {
    /* a base character with combining marks: normalized together, mapped to the base */
    char *norm = g_utf8_normalize(raw + i, (gssize)(j - i), G_NORMALIZE_NFKC);
    if (norm)
      emit_all(em, norm, strlen(norm), i);
    g_free(norm);
  }
  return j;
}

void ys_norm_nfkc(const char *raw, gsize n, YsNormBuf *out) {
  ensure_fast3_table();
  Emitter em = {.out = out, .pending = FALSE, .pending_raw = 0, .cell_start = TRUE};
  static const char replacement[] = "\xEF\xBF\xBD";
  gsize i = 0;
  while (i < n) {
    gsize run;
    if ((unsigned char)raw[i] < 0x80) {
      run = ascii_run_end(raw, i, n) - i;
      if (run) {
        emit_ascii_run(&em, raw, i, i + run);
        i += run;
        continue;
      }
    } else {
      run = fast_identity_run((const unsigned char *)raw + i, n - i);
      if (run) {
        emit_identity_run(&em, raw + i, run, i);
        i += run;
        continue;
      }
    }
    gsize clen;
    gunichar c = decode((const unsigned char *)raw + i, n - i, &clen);
    if (c == (gunichar)-1) {
      /* extract guarantees valid UTF-8; a bare string may not be: one U+FFFD per bad byte */
      emit_char(&em, replacement, 3, i);
      i++;
      continue;
    }
    i = nfkc_general(&em, raw, i, n, c, clen);
  }
}

/* Both passes; BUF (initialized, empty) receives the result, its map closed with the raw
 * length. */
static void normalize_into(const char *raw, gsize n, YsNormBuf *buf) {
  ys_norm_nfkc(raw, n, buf);
  ys_norm_spacing(buf);
  ys_norm_buf_grow(buf, 1);
  buf->text[buf->len] = '\0';
  if (buf->mapped)
    buf->map[buf->len] = n;
}

char *ys_norm_text(const char *raw, gsize **map) {
  if (!raw)
    raw = "";
  YsNormBuf buf;
  ys_norm_buf_init(&buf, map != NULL);
  normalize_into(raw, strlen(raw), &buf);
  if (map)
    *map = g_memdup2(buf.map, (buf.len + 1) * sizeof(gsize));
  char *text = g_memdup2(buf.text, buf.len + 1);
  ys_norm_buf_clear(&buf);
  return text;
}

/* A line and the storage behind its text, raw and raw_offset: ys_norm_line_reset normalizes
 * straight into the line's own text and offset arrays (grown only for a longer line than any
 * before), so that a caller going through many lines with one object allocates almost nothing
 * per line and nothing is copied. */
typedef struct {
  YsNormLine pub; /* first: a YsNormLine * from ys_norm_line_new points at a NormLine */
  gsize cap;      /* bytes of pub.text */
  gsize raw_cap;  /* bytes of pub.raw */
  gsize *offsets; /* storage of pub.raw_offset once asked for (g_renew'd to fit) */
} NormLine;

YsNormLine *ys_norm_line_new(const YsRawLine *raw) {
  g_return_val_if_fail(raw != NULL, NULL);
  NormLine *nl = g_new0(NormLine, 1);
  nl->pub.cells = g_array_new(FALSE, FALSE, sizeof(YsCellSpan));
  ys_norm_line_reset(&nl->pub, raw);
  return &nl->pub;
}

void ys_norm_line_reset(YsNormLine *line, const YsRawLine *raw) {
  g_return_if_fail(line != NULL && raw != NULL);
  NormLine *nl = (NormLine *)line;
  const char *text = raw->text ? raw->text : "";
  gsize n = raw->text && raw->len ? raw->len : strlen(text);
  YsNormBuf buf;
  ys_norm_buf_init_heap(&buf, line->text, nl->cap);
  ys_norm_buf_grow(&buf, n + 1); /* NFKC rarely makes a line longer: mostly no realloc */
  normalize_into(text, n, &buf);
  line->text = buf.text;
  line->raw_offset = NULL; /* made when asked for */
  line->len = buf.len;
  nl->cap = buf.cap;

  if (n + 1 > nl->raw_cap) {
    nl->raw_cap = MAX(n + 1, nl->raw_cap * 2);
    g_free(line->raw); /* nothing to keep: rewritten below */
    line->raw = g_malloc(nl->raw_cap);
  }
  memcpy(line->raw, text, n + 1);

  line->page = raw->page;
  line->line = raw->line;
  line->x0 = raw->x0;
  line->y0 = raw->y0;
  line->x1 = raw->x1;
  line->y1 = raw->y1;
  /* lines in a row mostly have the same cells (text input: one cell each) */
  guint n_cells = raw->cells ? raw->cells->len : 0;
  if (line->cells->len != n_cells ||
      (n_cells && memcmp(line->cells->data, raw->cells->data, n_cells * sizeof(YsCellSpan)))) {
    g_array_set_size(line->cells, 0);
    if (n_cells)
      g_array_append_vals(line->cells, raw->cells->data, n_cells);
  }
}

void ys_norm_line_free(YsNormLine *line) {
  if (!line)
    return;
  if (line->cells)
    g_array_unref(line->cells);
  g_free(line->text);
  g_free(((NormLine *)line)->offsets);
  g_free(line->raw);
  g_free((NormLine *)line);
}

static gboolean is_raw_space_before(const char *raw, gsize end, gsize *width) {
  if (end >= 1 && raw[end - 1] == ' ') {
    *width = 1;
    return TRUE;
  }
  if (end >= 3 && memcmp(raw + end - 3, "\xE3\x80\x80", 3) == 0) { /* U+3000 */
    *width = 3;
    return TRUE;
  }
  if (end >= 2 && memcmp(raw + end - 2, "\xC2\xA0", 2) == 0) { /* U+00A0 */
    *width = 2;
    return TRUE;
  }
  return FALSE;
}

/* The raw text behind normalized bytes [START, END): from the raw character the first byte
 * came from to the end of the raw character the last byte came from, without the spaces the
 * normalizer dropped after it. */
const gsize *ys_norm_line_raw_offsets(YsNormLine *line) {
  g_return_val_if_fail(line != NULL, NULL);
  if (!line->raw_offset) {
    /* the same normalization again, this time keeping the offsets: the text comes out the same */
    NormLine *nl = (NormLine *)line;
    YsNormBuf buf;
    ys_norm_buf_init(&buf, TRUE);
    normalize_into(line->raw, strlen(line->raw), &buf);
    nl->offsets = g_renew(gsize, nl->offsets, buf.len + 1);
    memcpy(nl->offsets, buf.map, (buf.len + 1) * sizeof(gsize));
    ys_norm_buf_clear(&buf);
    line->raw_offset = nl->offsets;
  }
  return line->raw_offset;
}

char *ys_norm_line_raw_span(YsNormLine *line, gsize start, gsize end) {
  g_return_val_if_fail(line != NULL, NULL);
  ys_norm_line_raw_offsets(line);
  gsize raw_len = line->raw_offset[line->len];
  if (end > line->len)
    end = line->len;
  if (start >= end)
    return g_strdup("");
  gsize from = line->raw_offset[start];
  gsize last = line->raw_offset[end - 1];
  gsize k = end;
  while (k < line->len && line->raw_offset[k] <= last)
    k++;
  gsize to = k < line->len ? line->raw_offset[k] : raw_len;
  if (line->text[end - 1] != ' ') {
    gsize w;
    while (to > from && to > last && is_raw_space_before(line->raw, to, &w))
      to -= w;
  }
  return g_strndup(line->raw + from, to - from);
}
