/* extract — PDF input through poppler-glib: opens the document (passwords, damage), and turns
 * one page at a time into glyphs (poppler_page_get_text + poppler_page_get_text_layout, one
 * rectangle per character, + poppler_page_get_text_attributes, the font size), classifies the page
 * (text, blank, image only, unmapped font, damaged) and hands the glyphs to extract_layout.c. */
#include "extract/extract_private.h"

#include <math.h>
#include <string.h>

static char *summarize_log(const YsPopplerLog *log) {
  int more = log->errors + log->warnings - 1;
  if (!log->first)
    return NULL;
  if (more > 0)
    return g_strdup_printf("%s (and %d more complaint%s)", log->first, more, more == 1 ? "" : "s");
  return g_strdup(log->first);
}

gboolean ys_extract_pdf_open(YsDocument *doc, const char *path, GBytes *bytes,
                             const YsExtractOptions *options, GError **error) {
  if (!ys_poppler_load(error)) {
    g_prefix_error(error, "%s: ", doc->source);
    return FALSE;
  }
  g_autoptr(GError) perr = NULL;
  YsPopplerLog log;
  ys_poppler_log_begin(&log);
  if (bytes) {
    doc->pdf_bytes = g_bytes_ref(bytes);
    doc->pdf = ys_poppler.document_new_from_bytes(bytes, options->password, &perr);
  } else {
    g_autofree char *abs = g_canonicalize_filename(path, NULL);
    g_autofree char *uri = g_filename_to_uri(abs, NULL, &perr);
    if (uri)
      doc->pdf = ys_poppler.document_new_from_file(uri, options->password, &perr);
  }
  if (doc->pdf)
    doc->n_pages = ys_poppler.document_get_n_pages(doc->pdf);
  ys_poppler_log_end(&log);
  g_autofree char *complaints = summarize_log(&log);
  ys_poppler_log_clear(&log);

  if (!doc->pdf) {
    const char *why = perr ? perr->message : "unknown error";
    if (perr && perr->domain == ys_poppler.error_quark() && perr->code == POPPLER_ERROR_ENCRYPTED) {
      if (options->password)
        g_set_error(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_PASSWORD,
                    "%s: the password given with --password does not open this encrypted PDF",
                    doc->source);
      else
        g_set_error(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_PASSWORD,
                    "%s: the PDF is encrypted and needs a password to open; "
                    "give it with --password=PASSWORD",
                    doc->source);
    } else if (perr && perr->domain == G_FILE_ERROR) {
      g_set_error(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_NOT_FOUND, "%s: cannot read: %s",
                  doc->source, why);
    } else {
      g_set_error(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_DAMAGED,
                  "%s: damaged PDF that cannot be opened (%s%s%s); "
                  "try re-saving or repairing it (e.g. qpdf) first",
                  doc->source, why, complaints ? ": " : "", complaints ? complaints : "");
    }
    return FALSE;
  }
  doc->open_warning = g_steal_pointer(&complaints);
  doc->read_ahead = options->read_ahead;
  return TRUE;
}

/* A character that is no text: what a font without a Unicode map produces. */
static gboolean is_unmapped(gunichar c) {
  return (c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000 || c == 0xFFFD ||
         (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F) ||
         (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
}

/* The font size of character I of the page text: ATTRS (PopplerTextAttributes, in order of
 * their character ranges) is walked along with I, which only grows. 0 where none says. */
static double size_at(GList **attrs, guint i) {
  while (*attrs && ((PopplerTextAttributes *)(*attrs)->data)->end_index < (gint)MIN(i, G_MAXINT))
    *attrs = (*attrs)->next;
  if (!*attrs)
    return 0;
  const PopplerTextAttributes *a = (*attrs)->data;
  double size = a->font_size;
  return a->start_index <= (gint)MIN(i, G_MAXINT) && isfinite(size) && size > 0 ? size : 0;
}

/* Pairs the characters of the page text with their rectangles and font sizes (ATTRS);
 * whitespace is dropped (the layout derives spacing from geometry). Returns FALSE if the text
 * and the rectangles do not correspond. */
static gboolean collect_glyphs(const char *text, const PopplerRectangle *rects, guint n_rects,
                               GList *attrs, GArray *glyphs) {
  /* at most one glyph per rectangle: sized once and written in place, which costs a fraction
   * of an append per glyph */
  g_array_set_size(glyphs, n_rects);
  YsGlyph *out = (YsGlyph *)glyphs->data;
  guint i = 0, n = 0;
  for (const char *p = text; *p; p = g_utf8_next_char(p), i++) {
    if (i >= n_rects) {
      g_array_set_size(glyphs, n);
      return FALSE;
    }
    gunichar c = g_utf8_get_char(p);
    if (g_unichar_isspace(c) || c == 0x200B || c == 0xFEFF)
      continue;
    const PopplerRectangle *r = &rects[i];
    /* a glyph with no place on the page (a degenerate text matrix) cannot be read in order */
    if (!isfinite(r->x1 - r->x2) || !isfinite(r->y1 - r->y2))
      continue;
    out[n++] = (YsGlyph){c,
                         MIN(r->x1, r->x2),
                         MIN(r->y1, r->y2),
                         MAX(r->x1, r->x2),
                         MAX(r->y1, r->y2),
                         size_at(&attrs, i),
                         0};
  }
  g_array_set_size(glyphs, n);
  return TRUE;
}

/* Unmappable glyphs: a few that stand alone (dingbat bullets from a symbol font) are dropped;
 * any inside a word, or many, mean a font without a Unicode map. Returns the count of
 * unmappable glyphs that make the page unreadable, 0 if the page is fine. */
static guint check_unmapped(GArray *glyphs) {
  YsGlyph *g = (YsGlyph *)glyphs->data;
  guint n = glyphs->len, bad = 0;
  for (guint i = 0; i < n; i++)
    bad += is_unmapped(g[i].ch);
  if (bad == 0)
    return 0;
  if (bad * 10 >= n)
    return bad;
  for (guint i = 0; i < n; i++) {
    if (!is_unmapped(g[i].ch))
      continue;
    double h = MAX(g[i].y1 - g[i].y0, 0.1);
    for (guint j = 0; j < n; j++) {
      if (j == i || is_unmapped(g[j].ch))
        continue;
      double ov = MIN(g[i].y1, g[j].y1) - MAX(g[i].y0, g[j].y0);
      double gap = MAX(g[j].x0 - g[i].x1, g[i].x0 - g[j].x1);
      if (ov > 0.5 * h && gap < 0.15 * h)
        return bad; /* part of a word */
    }
  }
  guint w = 0;
  for (guint i = 0; i < n; i++)
    if (!is_unmapped(g[i].ch))
      g[w++] = g[i];
  g_array_set_size(glyphs, w);
  return 0;
}

static gboolean has_images(PopplerPage *page) {
  GList *images = ys_poppler.page_get_image_mapping(page);
  gboolean any = images != NULL;
  ys_poppler.page_free_image_mapping(images);
  return any;
}

YsPdfPageRead *ys_extract_pdf_read(YsDocument *doc, int number) {
  YsPdfPageRead *read = g_new0(YsPdfPageRead, 1);
  YsPage *out = read->page = ys_page_new(number);
  YsPopplerLog log;
  ys_poppler_log_begin(&log);

  PopplerPage *page = ys_poppler.document_get_page(doc->pdf, number - 1);
  g_autofree char *text = NULL;
  g_autofree PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  GList *attrs = NULL;
  if (page) {
    ys_poppler.page_get_size(page, &out->width, &out->height);
    text = ys_poppler.page_get_text(page);
    if (!ys_poppler.page_get_text_layout(page, &rects, &n_rects))
      n_rects = 0;
    else
      attrs = ys_poppler.page_get_text_attributes(page);
  }
  g_autoptr(GArray) glyphs = g_array_new(FALSE, FALSE, sizeof(YsGlyph));
  gboolean paired = text && g_utf8_validate(text, -1, NULL) &&
                    collect_glyphs(text, rects, n_rects, attrs, glyphs);
  ys_poppler.page_free_text_attributes(attrs);
  gboolean images = page && glyphs->len == 0 && log.errors == 0 && has_images(page);

  gboolean loaded = page != NULL;
  g_clear_object(&page); /* frees the page's text cache now: memory stays flat over pages */
  ys_poppler_log_end(&log);
  g_autofree char *complaints = summarize_log(&log);
  int errors = log.errors;
  ys_poppler_log_clear(&log);

  if (!loaded || errors > 0 || (text && *text && !paired)) {
    out->status = YS_PAGE_DAMAGED;
    out->warning =
        g_strdup_printf("the page could not be read completely (%s); its text was not used",
                        !loaded      ? "Poppler could not load it"
                        : complaints ? complaints
                                     : "the text and its positions do not match");
    return read;
  }
  if (glyphs->len == 0) {
    if (images) {
      out->status = YS_PAGE_IMAGE_ONLY;
      out->warning = g_strdup("no extractable text (image only); OCR is not supported");
    } else {
      out->status = YS_PAGE_BLANK;
    }
    return read;
  }
  guint total = glyphs->len;
  guint bad = check_unmapped(glyphs);
  if (bad > 0) {
    out->status = YS_PAGE_UNMAPPED_FONT;
    out->warning =
        g_strdup_printf("the page's font has no Unicode map (%u of %u characters are not text); "
                        "its text was not used",
                        bad, total);
    return read;
  }
  read->glyphs = g_steal_pointer(&glyphs);
  return read;
}

YsPage *ys_extract_pdf_lay_out(YsPdfPageRead *read) {
  YsPage *page = g_steal_pointer(&read->page);
  if (read->glyphs)
    ys_layout_lines(read->glyphs, page->width, page->height, page->number, page->lines);
  ys_pdf_page_read_free(read);
  return page;
}

void ys_pdf_page_read_free(YsPdfPageRead *read) {
  if (!read)
    return;
  ys_page_free(read->page);
  if (read->glyphs)
    g_array_unref(read->glyphs);
  g_free(read);
}

YsPage *ys_extract_pdf_page(YsDocument *doc, int number) {
  /* pages are read ahead while the caller works on the previous ones, as long as it asks for
   * them in order; a jump ends the reading ahead and starts it again from there */
  if (doc->ahead && ys_read_ahead_next(doc->ahead) != number)
    g_clear_pointer(&doc->ahead, ys_read_ahead_stop);
  if (!doc->ahead && doc->read_ahead && number < doc->n_pages)
    doc->ahead = ys_read_ahead_start(doc, number);
  YsPdfPageRead *read =
      doc->ahead ? ys_read_ahead_take(doc->ahead) : ys_extract_pdf_read(doc, number);
  return ys_extract_pdf_lay_out(read);
}
