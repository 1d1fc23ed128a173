/* fuzz — the page layout's input as bytes: what fuzz_layout reads and ys-glyph-dump writes (its
 * seed corpus is pages of the sample and real PDFs dumped this way).
 *
 * Little-endian, no header beyond the page size: float32 page width and height in points, then
 * per glyph a uint32 character and float32 x0, y0, x1, y1 (its box, origin top-left) and font
 * size: 24 bytes a glyph. Bytes after the last whole glyph are ignored, and any bytes decode:
 * a character that is no Unicode scalar value becomes U+FFFD, as Poppler's text would have it
 * after UTF-8 validation, and white space is dropped, as the PDF reader drops it; floats keep
 * whatever they hold (NaN and infinities included, which a broken PDF's text matrix can give
 * the layout too). */
#ifndef YS_FUZZ_LAYOUT_INPUT_H
#define YS_FUZZ_LAYOUT_INPUT_H

#include "extract/extract_private.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define YS_LAYOUT_INPUT_HEAD 8
#define YS_LAYOUT_INPUT_GLYPH 24

static inline uint32_t ys_layout_input_u32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline double ys_layout_input_f32(const uint8_t *p) {
  uint32_t bits = ys_layout_input_u32(p);
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}

/* Decodes DATA into the page size and GLYPHS (appended); FALSE when DATA is shorter than the
 * page size. */
static inline gboolean ys_layout_input_decode(const uint8_t *data, size_t size, double *width,
                                              double *height, GArray *glyphs) {
  if (size < YS_LAYOUT_INPUT_HEAD)
    return FALSE;
  *width = ys_layout_input_f32(data);
  *height = ys_layout_input_f32(data + 4);
  for (size_t at = YS_LAYOUT_INPUT_HEAD; at + YS_LAYOUT_INPUT_GLYPH <= size;
       at += YS_LAYOUT_INPUT_GLYPH) {
    const uint8_t *p = data + at;
    gunichar c = ys_layout_input_u32(p);
    if (g_unichar_isspace(c) || c == 0x200B || c == 0xFEFF)
      continue; /* as the PDF reader drops them: the layout makes its own spaces */
    YsGlyph g = {g_unichar_validate(c) && c != 0 ? c : 0xFFFD,
                 ys_layout_input_f32(p + 4),
                 ys_layout_input_f32(p + 8),
                 ys_layout_input_f32(p + 12),
                 ys_layout_input_f32(p + 16),
                 ys_layout_input_f32(p + 20),
                 0};
    g_array_append_val(glyphs, g);
  }
  return TRUE;
}

static inline void ys_layout_input_put_u32(FILE *out, uint32_t v) {
  uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
  fwrite(b, 1, sizeof b, out);
}

static inline void ys_layout_input_put_f32(FILE *out, double v) {
  float f = (float)v;
  uint32_t bits;
  memcpy(&bits, &f, sizeof bits);
  ys_layout_input_put_u32(out, bits);
}

/* Writes the page size and N glyphs G to OUT in the format above. */
static inline void ys_layout_input_encode(FILE *out, double width, double height, const YsGlyph *g,
                                          guint n) {
  ys_layout_input_put_f32(out, width);
  ys_layout_input_put_f32(out, height);
  for (guint i = 0; i < n; i++) {
    ys_layout_input_put_u32(out, g[i].ch);
    ys_layout_input_put_f32(out, g[i].x0);
    ys_layout_input_put_f32(out, g[i].y0);
    ys_layout_input_put_f32(out, g[i].x1);
    ys_layout_input_put_f32(out, g[i].y1);
    ys_layout_input_put_f32(out, g[i].size);
  }
}

#endif
