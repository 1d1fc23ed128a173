/* extract — text input: strict decoding to UTF-8 through iconv, detection of UTF-8 (with or
 * without BOM), Shift_JIS/CP932 and EUC-JP, and the cutting of the text into pages (form feed)
 * and lines (newline; tabs separate cells, cell i spans [i, i + 1)). */
#include "extract/extract_private.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

char *ys_extract_decode(const char *data, gsize len, const char *iconv_name, gsize *out_len,
                        gsize *bad_offset) {
  *bad_offset = 0;
  iconv_t cd = iconv_open("UTF-8", iconv_name);
  if (cd == (iconv_t)-1)
    return NULL;
  gsize cap = len * 3 + 16; /* a byte of CP932/EUC-JP never takes more than 3 UTF-8 bytes */
  char *out = g_malloc(cap + 1);
  char *in = (char *)data;
  size_t in_left = len;
  char *o = out;
  size_t o_left = cap;
  gboolean ok = TRUE;
  while (in_left > 0) {
    size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    if (r != (size_t)-1)
      break;
    if (errno == E2BIG) { /* cannot happen with the bound above, but stay safe */
      gsize used = (gsize)(o - out);
      cap *= 2;
      out = g_realloc(out, cap + 1);
      o = out + used;
      o_left = cap - used;
      continue;
    }
    ok = FALSE; /* EILSEQ: invalid; EINVAL: incomplete sequence at the end */
    break;
  }
  if (ok && iconv(cd, NULL, NULL, &o, &o_left) == (size_t)-1)
    ok = FALSE;
  iconv_close(cd);
  if (!ok) {
    *bad_offset = (gsize)(in - data);
    g_free(out);
    return NULL;
  }
  *o = '\0';
  if (out_len)
    *out_len = (gsize)(o - out);
  return out;
}

/* How Japanese a decoded text looks: kana and common kanji count for it, half-width katakana
 * and private-use characters (what a wrong guess between CP932 and EUC-JP produces) against. */
static long japanese_score(const char *utf8) {
  long score = 0;
  for (const char *p = utf8; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c < 0x80)
      continue;
    if ((c >= 0x3040 && c <= 0x309F) || (c >= 0x30A0 && c <= 0x30FF))
      score += 3;
    else if (c >= 0x4E00 && c <= 0x9FFF)
      score += 1;
    else if ((c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF5E))
      score += 1;
    else if (c >= 0xFF61 && c <= 0xFF9F)
      score -= 2;
    else if (c >= 0xE000 && c <= 0xF8FF)
      score -= 5;
  }
  return score;
}

/* Whether DATA[0..LEN) is strict UTF-8 without NUL bytes, as g_utf8_validate_len decides, but
 * eight ASCII bytes and one kana or kanji at a time; GLib reads the other characters. */
gboolean ys_extract_utf8_valid(const char *data, gsize len) {
  const guchar *p = (const guchar *)data, *end = p + len;
  while (p < end) {
    guint64 w;
    if (end - p >= 8 && (memcpy(&w, p, 8), (w & G_GUINT64_CONSTANT(0x8080808080808080)) == 0) &&
        ((w - G_GUINT64_CONSTANT(0x0101010101010101)) & ~w &
         G_GUINT64_CONSTANT(0x8080808080808080)) == 0) { /* no high bit, no zero byte */
      p += 8;
      continue;
    }
    if (*p < 0x80 && *p != 0) {
      p++;
      continue;
    }
    /* a run of U+1000–U+CFFF (kana, kanji): never overlong nor a surrogate. Each character is
     * one load and two tests while a fourth byte follows (bytes first in the lowest). */
    const guchar *q = p;
    for (guint32 c; end - q >= 4; q += 3) {
      memcpy(&c, q, 4);
      c = GUINT32_FROM_LE(c);
      if ((c & 0xC0C0F0u) != 0x8080E0u || (c & 0xFF) - 0xE1u > 0xECu - 0xE1u)
        break;
    }
    while (end - q >= 3 && *q >= 0xE1 && *q <= 0xEC && (q[1] & 0xC0) == 0x80 &&
           (q[2] & 0xC0) == 0x80)
      q += 3;
    if (q > p) {
      p = q;
      continue;
    }
    /* GLib reads the characters within the next four bytes: at least this one when valid */
    const char *valid_end = NULL;
    g_utf8_validate_len((const char *)p, MIN(4, (gsize)(end - p)), &valid_end);
    if ((const guchar *)valid_end == p)
      return FALSE;
    p = (const guchar *)valid_end;
  }
  return TRUE;
}

const char *ys_extract_detect_encoding(const char *data, gsize len, char **decoded,
                                       gsize *decoded_len) {
  *decoded = NULL;
  *decoded_len = 0;
  if (ys_extract_utf8_valid(data, len))
    return "UTF-8";
  gsize bad, n_sjis = 0, n_euc = 0;
  g_autofree char *sjis = ys_extract_decode(data, len, "CP932", &n_sjis, &bad);
  g_autofree char *euc = ys_extract_decode(data, len, "EUC-JP-MS", &n_euc, &bad);
  gboolean is_euc = euc && (!sjis || japanese_score(euc) > japanese_score(sjis));
  if (!sjis && !euc)
    return NULL;
  /* the winner's text is the document's: it is not decoded a second time */
  *decoded = is_euc ? g_steal_pointer(&euc) : g_steal_pointer(&sjis);
  *decoded_len = is_euc ? n_euc : n_sjis;
  return is_euc ? "EUC-JP" : "CP932";
}

/* The iconv name used to decode a user's or detected encoding name, and the name reported. */
static const char *canonical_encoding(const char *name, const char **iconv_name) {
  static const struct {
    const char *alias, *canon, *iconv;
  } table[] = {
      {"UTF-8", "UTF-8", "UTF-8"},          {"UTF8", "UTF-8", "UTF-8"},
      {"CP932", "CP932", "CP932"},          {"SHIFT_JIS", "CP932", "CP932"},
      {"SHIFT-JIS", "CP932", "CP932"},      {"SJIS", "CP932", "CP932"},
      {"MS932", "CP932", "CP932"},          {"WINDOWS-31J", "CP932", "CP932"},
      {"EUC-JP", "EUC-JP", "EUC-JP-MS"},    {"EUCJP", "EUC-JP", "EUC-JP-MS"},
      {"EUC-JP-MS", "EUC-JP", "EUC-JP-MS"}, {"EUC_JP", "EUC-JP", "EUC-JP-MS"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(table); i++) {
    if (g_ascii_strcasecmp(name, table[i].alias) == 0) {
      *iconv_name = table[i].iconv;
      return table[i].canon;
    }
  }
  *iconv_name = name;
  return NULL;
}

static gsize line_of_offset(const char *data, gsize offset) {
  gsize line = 1;
  for (gsize i = 0; i < offset; i++)
    line += data[i] == '\n';
  return line;
}

static void set_encoding_error(GError **error, const YsDocument *doc, const char *data, gsize len,
                               const char *what, gsize bad, gboolean detected) {
  g_autoptr(GString) bytes = g_string_new(NULL);
  for (gsize i = bad; i < len && i < bad + 2; i++)
    g_string_append_printf(bytes, "%s0x%02X", i > bad ? " " : "", (guchar)data[i]);
  if (bytes->len == 0)
    g_string_assign(bytes, "end of file");
  g_set_error(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_ENCODING,
              "%s: not valid %s: invalid byte sequence (%s) at byte offset %" G_GSIZE_FORMAT
              " (line %" G_GSIZE_FORMAT ")%s",
              doc->source, what, bytes->str, bad, line_of_offset(data, bad),
              detected ? "; name its encoding with --encoding=NAME"
                       : "; check the encoding given with --encoding");
}

static void split_pages(YsDocument *doc) {
  YsTextSource *t = &doc->text;
  t->page_start = g_array_new(FALSE, FALSE, sizeof(gsize));
  t->page_end = g_array_new(FALSE, FALSE, sizeof(gsize));
  gsize start = 0;
  for (;;) {
    const char *ff = memchr(t->utf8 + start, '\f', t->len - start);
    gsize end = ff ? (gsize)(ff - t->utf8) : t->len;
    /* what follows the last form feed is a page only if it holds more than line ends */
    gboolean trailing_empty = !ff && strspn(t->utf8 + start, "\r\n") == end - start;
    if (!(trailing_empty && (start > 0 || end == 0))) {
      g_array_append_val(t->page_start, start);
      g_array_append_val(t->page_end, end);
    }
    if (!ff)
      break;
    start = end + 1;
  }
  doc->n_pages = (int)t->page_start->len;
}

/* The UTF-8 text of BYTES from byte SKIP on, NUL-terminated, taking over BYTES' buffer: a large
 * file is neither copied nor touched page by page a second time. */
static char *take_utf8(GBytes *bytes, gsize skip, gsize *out_len) {
  gsize len = 0;
  char *buf = g_bytes_unref_to_data(bytes, &len); /* no copy while we hold the only reference */
  if (!buf)
    buf = g_malloc(1);
  buf = g_realloc(buf, len + 1);
  memmove(buf, buf + skip, len - skip);
  buf[len - skip] = '\0';
  *out_len = len - skip;
  return buf;
}

gboolean ys_extract_text_open(YsDocument *doc, GBytes *owned_bytes, const YsExtractOptions *options,
                              GError **error) {
  g_autoptr(GBytes) bytes = owned_bytes;
  gsize len = 0;
  const char *data = g_bytes_get_data(bytes, &len);
  if (!data)
    data = "";
  const char *nul = memchr(data, '\0', len);
  if (nul) {
    gsize at = (gsize)(nul - data);
    g_set_error(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_ENCODING,
                "%s: not a text file: NUL byte at byte offset %" G_GSIZE_FORMAT
                " (line %" G_GSIZE_FORMAT ")",
                doc->source, at, line_of_offset(data, at));
    return FALSE;
  }

  const char *iconv_name = NULL;
  const char *canon = NULL;
  gboolean detected = options->encoding == NULL;
  gboolean validated = FALSE; /* detection already read the whole text as UTF-8 */
  char *decoded = NULL;       /* … or decoded it from CP932 or EUC-JP */
  gsize decoded_len = 0;
  if (detected) {
    gboolean bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0;
    canon = bom ? "UTF-8" : ys_extract_detect_encoding(data, len, &decoded, &decoded_len);
    validated = !bom && canon && strcmp(canon, "UTF-8") == 0;
    if (!canon) {
      /* Name the reading that got furthest: most likely the file's encoding, one bad byte. */
      static const char *const names[] = {"UTF-8", "CP932", "EUC-JP-MS"};
      static const char *const shown[] = {"UTF-8", "CP932 (Shift_JIS)", "EUC-JP"};
      gsize best = 0, best_i = 0;
      for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
        gsize bad = 0;
        g_autofree char *decoded = ys_extract_decode(data, len, names[i], NULL, &bad);
        (void)decoded; /* only how far it got matters */
        if (i == 0 || bad > best) {
          best = bad;
          best_i = i;
        }
      }
      g_autofree char *what =
          g_strdup_printf("UTF-8, Shift_JIS (CP932) or EUC-JP text (closest: %s)", shown[best_i]);
      set_encoding_error(error, doc, data, len, what, best, TRUE);
      return FALSE;
    }
    canonical_encoding(canon, &iconv_name);
  } else {
    canon = canonical_encoding(options->encoding, &iconv_name);
    if (!canon) {
      doc->encoding_owned = g_strdup(options->encoding);
      canon = doc->encoding_owned;
    }
    iconv_t cd = iconv_open("UTF-8", iconv_name);
    if (cd == (iconv_t)-1) {
      g_set_error(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_ENCODING,
                  "%s: unknown encoding \"%s\" (try UTF-8, Shift_JIS, CP932 or EUC-JP)",
                  doc->source, options->encoding);
      return FALSE;
    }
    iconv_close(cd);
  }
  doc->encoding = canon;

  if (strcmp(iconv_name, "UTF-8") == 0) {
    gsize skip = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    const char *end = NULL;
    if (!validated && !ys_extract_utf8_valid(data + skip, len - skip)) {
      g_utf8_validate_len(data + skip, len - skip, &end); /* where it goes wrong */
      set_encoding_error(error, doc, data, len, "UTF-8", (gsize)(end - data), detected);
      return FALSE;
    }
    doc->text.utf8 = take_utf8(g_steal_pointer(&bytes), skip, &doc->text.len);
  } else if (decoded) {
    doc->text.utf8 = decoded;
    doc->text.len = decoded_len;
  } else {
    gsize bad = 0;
    doc->text.utf8 = ys_extract_decode(data, len, iconv_name, &doc->text.len, &bad);
    if (!doc->text.utf8) {
      g_autofree char *what = g_strdup_printf("%s text", canon);
      set_encoding_error(error, doc, data, len, what, bad, detected);
      return FALSE;
    }
  }
  split_pages(doc);
  return TRUE;
}

/* The cells of a text line with N cells: cell i spans [i, i + 1). Every line of a page with
 * the same count shares one array (CACHE[N - 1], the page's), so that a line costs no array of
 * its own; a line's cells are read, never changed. */
static GArray *shared_cells(GPtrArray *cache, guint n) {
  if (cache->len < n)
    g_ptr_array_set_size(cache, n);
  GArray *cells = g_ptr_array_index(cache, n - 1);
  if (!cells) {
    cells = g_array_sized_new(FALSE, FALSE, sizeof(YsCellSpan), n);
    for (guint i = 0; i < n; i++) {
      YsCellSpan span = {i, i + 1.0};
      g_array_append_val(cells, span);
    }
    g_ptr_array_index(cache, n - 1) = cells;
  }
  return cells;
}

static void cells_unref(gpointer cells) {
  if (cells) /* counts no line of the page had */
    g_array_unref(cells);
}

/* The end of the line at P (its \n, or STOP) in one pass, with its tabs counted and whether it
 * holds a \r: eight bytes at a time while none of them is below 0x0E (\t \n \r are), then
 * byte by byte. One scan instead of a memchr for each of the three. */
static const char *scan_line(const char *p, const char *stop, guint *tabs, gboolean *has_cr) {
  const guint64 ones = G_GUINT64_CONSTANT(0x0101010101010101);
  *tabs = 0;
  *has_cr = FALSE;
  for (;;) {
    guint64 w;
    while (stop - p >= 8 && (memcpy(&w, p, 8), ((w - 0x0E * ones) & ~w & (0x80 * ones)) == 0))
      p += 8;
    if (p >= stop || *p == '\n')
      return p;
    *tabs += *p == '\t';
    *has_cr |= *p == '\r';
    p++;
  }
}

/* One line of text input: P[0..LEN) within the page's block, without its line end, holding
 * TABS tabs and, when HAS_CR, a stray \r: that is not text and becomes a space. The line end
 * becomes the NUL that ends it, in place. Filled into LINE; *HAS_TEXT is set when it holds more
 * than spaces and tabs. */
static void text_line_fill(YsRawLine *line, char *p, int page, int number, gsize len, guint tabs,
                           gboolean has_cr, GPtrArray *cells_cache, gboolean *has_text) {
  *line = (YsRawLine){.page = page, .line = number, .len = len, .text = p};
  p[len] = '\0';
  for (char *cr = has_cr ? memchr(p, '\r', len) : NULL; cr;
       cr = memchr(cr + 1, '\r', len - (cr + 1 - p)))
    *cr = ' ';
  line->cells = shared_cells(cells_cache, tabs + 1);
  if (!*has_text) { /* the page's first line with text decides */
    const char *q = p;
    while (*q == ' ' || *q == '\t')
      q++;
    *has_text = *q != '\0';
  }
}

YsPage *ys_extract_text_page(YsDocument *doc, int number, GError **error) {
  YsTextSource *t = &doc->text;
  gsize start = g_array_index(t->page_start, gsize, number - 1);
  gsize end = g_array_index(t->page_end, gsize, number - 1);
  /* The page's store: one block for the page's bytes, read straight into it and cut into lines
   * where they lie (a line's NUL takes its line end's place, and the last line's one byte
   * more), one array for the lines, grown as they come (a line takes a line end; most take
   * dozens of bytes). The page points at the lines once all are made. */
  char *block = g_malloc(end - start + 1);
  if (t->streamed) {
    if (!ys_extract_text_stream_read(doc, start, end, block, error)) {
      g_free(block);
      return NULL;
    }
  } else {
    memcpy(block, t->utf8 + start, end - start);
    block[end - start] = '\0';
  }
  YsPage *page = ys_page_new(number);
  g_ptr_array_set_free_func(page->lines, NULL); /* the lines are the store's, not freed alone */
  page->store = g_new(struct YsPageStore, 1);
  page->store->cells = g_ptr_array_new_with_free_func(cells_unref);
  page->store->block = block;
  gsize n_lines = 0, cap = (end - start) / 16 + 4;
  YsRawLine *lines = g_new(YsRawLine, cap);
  gboolean any_text = FALSE;
  char *p = block, *stop = block + (end - start);
  while (p < stop) {
    guint tabs;
    gboolean has_cr;
    char *e = (char *)scan_line(p, stop, &tabs, &has_cr);
    char *nl = e < stop ? e : NULL;
    if (e > p && e[-1] == '\r')
      e--; /* the \r of a CRLF: the line's end, not a stray one */
    has_cr = has_cr && memchr(p, '\r', (gsize)(e - p)) != NULL;
    if (n_lines == cap)
      lines = g_renew(YsRawLine, lines, cap *= 2);
    YsRawLine *line = &lines[n_lines++];
    text_line_fill(line, p, number, (int)n_lines, (gsize)(e - p), tabs, has_cr, page->store->cells,
                   &any_text);
    if (!nl)
      break;
    p = nl + 1;
  }
  page->store->lines = lines;
  for (gsize i = 0; i < n_lines; i++)
    g_ptr_array_add(page->lines, &lines[i]);
  if (!any_text) {
    page->status = YS_PAGE_BLANK;
    g_ptr_array_set_size(page->lines, 0);
  }
  return page;
}
