/* cli — output in CP932 (Windows' Shift_JIS, for older Excel): UTF-8 in, CP932 out, streamed in
 * pieces that may end inside a character. iconv does the work; a character it cannot encode,
 * or encodes as something that reads back as another character (glibc writes ¥ as '\'), goes
 * through the table below to its nearest CP932 form, and failing that becomes '?'. Every such
 * character is counted: the caller warns, and a write never fails for want of a character. */
#include "cli/cli.h"

#include <errno.h>
#include <iconv.h>

/* Characters CP932 has no form of, or only a one-way one, with the nearest it has. Sorted by
 * code point (looked up by bisection). Each replacement is itself encodable. */
static const struct {
  gunichar from;
  const char *to;
} NEAREST[] = {
    /* clang-format off */
    {0x00A0, " "},  /* no-break space */
    {0x00A2, "￠"}, {0x00A3, "￡"}, {0x00A5, "￥"}, /* glibc writes ¥ as a backslash */
    {0x00AC, "￢"},
    {0x2011, "‐"},  /* non-breaking hyphen */
    {0x2012, "－"}, {0x2013, "－"}, /* figure dash, en dash */
    {0x2014, "―"},  /* em dash (glibc's one-way mapping, counted here) */
    {0x2016, "∥"},
    {0x2022, "・"}, /* bullet */
    {0x203E, "￣"}, /* overline: glibc writes '~' */
    {0x2212, "－"}, /* minus sign */
    {0x223C, "～"},
    {0x2248, "≒"},  /* almost equal to */
    {0x2264, "≦"}, {0x2265, "≧"},
    {0x22EF, "…"},
    {0x25EF, "○"},
    {0x2713, "レ"}, {0x2714, "レ"}, /* check marks: レ is the tick of Japanese forms */
    {0x2715, "×"}, {0x2716, "×"}, {0x2717, "×"}, {0x2718, "×"},
    {0x301C, "～"}, /* wave dash */
    /* clang-format on */
};

#define MAX_EXAMPLES 4

struct YsEncoder {
  iconv_t cd;
  char pending[4]; /* the start of a character cut by the end of a piece */
  gsize n_pending;
  guint nearest, unknown;
  gunichar examples[MAX_EXAMPLES]; /* the first different characters replaced */
  guint n_examples;
  gboolean more_kinds; /* other characters replaced besides the examples */
};

YsEncoder *ys_encoder_new_cp932(GError **error) {
  iconv_t cd = iconv_open("CP932", "UTF-8");
  if (cd == (iconv_t)-1) {
    g_set_error(error, G_CONVERT_ERROR, G_CONVERT_ERROR_NO_CONVERSION,
                "this system's iconv cannot write CP932: %s (install the glibc "
                "gconv modules, or write UTF-8 with --bom)",
                g_strerror(errno));
    return NULL;
  }
  YsEncoder *enc = g_new0(YsEncoder, 1);
  enc->cd = cd;
  return enc;
}

void ys_encoder_free(YsEncoder *enc) {
  if (enc == NULL)
    return;
  iconv_close(enc->cd);
  g_free(enc);
}

static const char *nearest_form(gunichar c) {
  gsize lo = 0, hi = G_N_ELEMENTS(NEAREST);
  while (lo < hi) {
    gsize mid = (lo + hi) / 2;
    if (NEAREST[mid].from == c)
      return NEAREST[mid].to;
    if (NEAREST[mid].from < c)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

static void note(YsEncoder *enc, gunichar c, gboolean found) {
  if (found)
    enc->nearest++;
  else
    enc->unknown++;
  for (guint i = 0; i < enc->n_examples; i++)
    if (enc->examples[i] == c)
      return;
  if (enc->n_examples < MAX_EXAMPLES)
    enc->examples[enc->n_examples++] = c;
  else
    enc->more_kinds = TRUE;
}

/* LEN bytes of whole characters through iconv, appended to OUT; those it cannot encode are
 * written as '?' and counted. */
static void convert_run(YsEncoder *enc, const char *data, gsize len, GString *out) {
  char *in = (char *)data;
  gsize in_left = len;
  while (in_left > 0) {
    gsize start = out->len, room = 2 * in_left + 8; /* CP932 is never longer than UTF-8 */
    g_string_set_size(out, start + room);
    char *w = out->str + start;
    gsize w_left = room;
    size_t rc = iconv(enc->cd, &in, &in_left, &w, &w_left);
    g_string_truncate(out, (gsize)(w - out->str));
    if (rc != (size_t)-1 || errno == E2BIG)
      continue;
    /* EILSEQ (no CP932 form) or EINVAL (not UTF-8: cannot happen for whole characters) */
    gunichar c = g_utf8_get_char_validated(in, (gssize)in_left);
    gsize skip = 1;
    if (c < (gunichar)-2)
      skip = (gsize)(g_utf8_next_char(in) - in);
    note(enc, c < (gunichar)-2 ? c : 0xFFFD, FALSE);
    g_string_append_c(out, '?');
    in += skip;
    in_left -= skip;
  }
}

/* How long the UTF-8 character starting with byte B is (1 for a stray byte). */
static gsize char_length(unsigned char b) {
  return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : b < 0xF8 ? 4 : 1;
}

void ys_encoder_convert(YsEncoder *enc, const char *data, gsize len, GString *out) {
  if (enc->n_pending > 0) { /* finish the character the last piece cut */
    gsize need = char_length((unsigned char)enc->pending[0]) - enc->n_pending;
    gsize take = MIN(need, len);
    memcpy(enc->pending + enc->n_pending, data, take);
    enc->n_pending += take;
    data += take;
    len -= take;
    if (take < need)
      return;
    char whole[4];
    gsize n = enc->n_pending;
    memcpy(whole, enc->pending, n);
    enc->n_pending = 0;
    ys_encoder_convert(enc, whole, n, out);
  }
  const char *run = data, *end = data + len;
  for (const char *p = data; p < end;) {
    unsigned char b = (unsigned char)*p;
    if (b < 0x80) {
      p++;
      continue;
    }
    gsize clen = char_length(b);
    if (p + clen > end) { /* cut by the end of this piece: kept for the next */
      convert_run(enc, run, (gsize)(p - run), out);
      memcpy(enc->pending, p, (gsize)(end - p));
      enc->n_pending = (gsize)(end - p);
      return;
    }
    gunichar c = g_utf8_get_char_validated(p, (gssize)clen);
    const char *near = c < (gunichar)-2 ? nearest_form(c) : NULL;
    if (near != NULL) {
      convert_run(enc, run, (gsize)(p - run), out);
      convert_run(enc, near, strlen(near), out);
      note(enc, c, TRUE);
      run = p + clen;
    }
    p += clen;
  }
  convert_run(enc, run, (gsize)(end - run), out);
}

void ys_encoder_finish(YsEncoder *enc, GString *out) {
  if (enc->n_pending == 0)
    return;
  enc->n_pending = 0; /* a character cut short for good: never a whole one */
  note(enc, 0xFFFD, FALSE);
  g_string_append_c(out, '?');
}

char *ys_encoder_summary(const YsEncoder *enc) {
  guint total = enc->nearest + enc->unknown;
  if (total == 0)
    return NULL;
  GString *out = g_string_new(NULL);
  g_string_append_printf(out,
                         "%u character%s with no CP932 form: %u written as the nearest one, "
                         "%u as '?' (",
                         total, total == 1 ? "" : "s", enc->nearest, enc->unknown);
  for (guint i = 0; i < enc->n_examples; i++) {
    char utf8[8] = {0};
    g_unichar_to_utf8(enc->examples[i], utf8);
    const char *near = nearest_form(enc->examples[i]);
    g_string_append_printf(out, "%s%s → %s", i ? ", " : "", utf8, near ? near : "?");
  }
  g_string_append(out, enc->more_kinds ? ", …)" : ")");
  return g_string_free(out, FALSE);
}
