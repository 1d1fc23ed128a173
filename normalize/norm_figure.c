/* normalize — a figure's text as the amount grammar (rules/rules_amount.c) reads it: this
 * stage's NFKC (pass 1, norm_line.c), then every blank dropped and each sign character made
 * ASCII. The rule engine calls it for each amount, rate and year it reads, so that NFKC and the
 * ▲ → '-' folding are written once, here.
 */
#include <string.h>

#include "normalize/norm_internal.h"
#include "normalize/normalize.h"

/* The ASCII characters g_unichar_isspace calls spaces (not \v). */
static inline gboolean is_blank(guchar c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* NFKC output TEXT[0..LEN) into OUT (room for LEN + 1 bytes) without blanks, − ▲ △ ‐ as '-'. */
static void fold_into(const char *text, gsize len, char *out) {
  char *w = out;
  for (const char *p = text, *end = text + len; p < end; p = g_utf8_next_char(p)) {
    if ((guchar)*p < 0x80) { /* digits, commas, signs: most of a figure */
      if (!is_blank((guchar)*p))
        *w++ = *p;
      continue;
    }
    gunichar c = g_utf8_get_char(p);
    if (g_unichar_isspace(c))
      continue;
    if (c == 0x2212 || c == 0x25B2 || c == 0x25B3 || c == 0x2010 || c == 0x2011) {
      *w++ = '-';
    } else {
      gsize n = (gsize)(g_utf8_next_char(p) - p);
      memcpy(w, p, n);
      w += n;
    }
  }
  *w = '\0';
}

const char *ys_norm_figure(const char *text, gsize len, char *buf, gsize buf_size, char **owned) {
  *owned = NULL;
  const char *nul = memchr(text, '\0', len); /* as g_utf8_normalize: up to a NUL */
  if (nul)
    len = (gsize)(nul - text);
  if (!g_utf8_validate(text, (gssize)len, NULL))
    return NULL;
  YsNormBuf nfkc;
  ys_norm_buf_init(&nfkc, FALSE);
  ys_norm_nfkc(text, len, &nfkc);
  /* the folded text is never longer than its NFKC: in BUF when that fits, else on the heap */
  char *out = nfkc.len < buf_size ? buf : (*owned = g_malloc(nfkc.len + 1));
  fold_into(nfkc.text, nfkc.len, out);
  ys_norm_buf_clear(&nfkc);
  return out;
}
