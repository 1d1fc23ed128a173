/* normalize — private to normalize/: the working buffer that the NFKC pass (norm_line.c) fills
 * and the spacing pass (norm_spacing.c) rewrites in place, and the character classes both use.
 * Not part of the public API; no other stage includes this file.
 */
#ifndef YS_NORM_INTERNAL_H
#define YS_NORM_INTERNAL_H

#include <glib.h>

#define YS_NORM_BUF_INLINE 512

/* Normalized bytes and, when MAPPED, for each the raw byte offset it came from. Starts in its
 * own inline storage (most lines fit) and moves to the heap when it grows past it. Nothing in
 * the pipeline reads the offsets (they serve ys_norm_line_raw_offsets and ys_norm_line_raw_span,
 * asked for now and then), so a line is normalized without them: writing eight bytes of offset
 * per byte of text cost more than the text. */
typedef struct {
  char *text;
  gsize *map; /* NULL unless MAPPED */
  gboolean mapped;
  gsize len, cap;
  gboolean spaces;    /* a space was emitted (pass 2 has work) */
  gboolean triangles; /* a ▲ or △ was emitted */
  char inline_text[YS_NORM_BUF_INLINE];
  gsize inline_map[YS_NORM_BUF_INLINE];
} YsNormBuf;

/* Starts BUF empty in its inline storage, keeping raw offsets when MAPPED. */
void ys_norm_buf_init(YsNormBuf *buf, gboolean mapped);
/* Starts BUF, without raw offsets, on heap storage the caller owns (TEXT from g_malloc with CAP
 * bytes, or NULL): BUF grows it with g_realloc and the caller takes it back afterwards. */
void ys_norm_buf_init_heap(YsNormBuf *buf, char *text, gsize cap);
void ys_norm_buf_grow(YsNormBuf *buf, gsize extra);
void ys_norm_buf_clear(YsNormBuf *buf);

static inline void ys_norm_buf_put(YsNormBuf *buf, char c, gsize raw) {
  if (buf->len + 1 >= buf->cap)
    ys_norm_buf_grow(buf, 1);
  buf->text[buf->len] = c;
  if (buf->mapped)
    buf->map[buf->len] = raw;
  buf->len++;
}

/* Pass 1 (norm_line.c): NFKC with the kept characters left alone, runs of spaces collapsed,
 * spaces trimmed at line and cell ends. Appends to OUT. */
void ys_norm_nfkc(const char *raw, gsize raw_len, YsNormBuf *out);

/* Pass 2 (norm_spacing.c): re-joins what character spacing spread apart, ▲/△ before a
 * figure to '-'. Works in place on the output of pass 1 (single spaces, no edge spaces). */
void ys_norm_spacing(YsNormBuf *buf);

/* A line boundary for both passes: cells are never joined across one. */
static inline gboolean ys_norm_is_boundary(char c) {
  return c == '\t' || c == '\n' || c == '\r';
}

/* Han ideographs, kana and the iteration/closing marks that belong to words (々 〆 〇 ー);
 * not CJK punctuation (、。「」・). */
static inline gboolean ys_norm_is_cjk_letter(gunichar c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x3041 && c <= 0x309F) || (c >= 0x30A1 && c <= 0x30FA) ||
         (c >= 0x30FC && c <= 0x30FF) || (c >= 0x3005 && c <= 0x3007) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F);
}

#endif
