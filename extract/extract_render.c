/* extract — what the report needs of a PDF besides its text: a page drawn into the caller's
 * cairo context (poppler_page_render through the loaded Poppler), a page's size, and the
 * document's own title and author. Boxes, lines and drawing share one space: points from the
 * page's top-left corner. */
#include "extract/extract_private.h"

void ys_extract_stop_reading_ahead(YsDocument *doc) {
  g_return_if_fail(doc != NULL);
  g_clear_pointer(&doc->ahead, ys_read_ahead_stop);
  doc->read_ahead = FALSE;
}

/* Page NUMBER of DOC's PDF (g_object_unref), or NULL with ERROR set. */
static PopplerPage *pdf_page(YsDocument *doc, int number, GError **error) {
  if (!doc->is_pdf) {
    g_set_error(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_NOT_PDF,
                "%s: a text file has no page images (only a PDF can be drawn)", doc->source);
    return NULL;
  }
  if (number < 1 || number > doc->n_pages) {
    g_set_error(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_PAGE,
                "%s: no page %d (the document has %d page%s)", doc->source, number, doc->n_pages,
                doc->n_pages == 1 ? "" : "s");
    return NULL;
  }
  /* the read-ahead thread must not call Poppler on this document while we do */
  ys_extract_stop_reading_ahead(doc);
  YsPopplerLog log;
  ys_poppler_log_begin(&log);
  PopplerPage *page = ys_poppler.document_get_page(doc->pdf, number - 1);
  ys_poppler_log_end(&log);
  ys_poppler_log_clear(&log);
  if (page == NULL)
    g_set_error(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_DAMAGED,
                "%s: p.%d: Poppler could not load the page", doc->source, number);
  return page;
}

gboolean ys_extract_page_size(YsDocument *doc, int number, double *width, double *height,
                              GError **error) {
  g_return_val_if_fail(doc != NULL && width != NULL && height != NULL, FALSE);
  PopplerPage *page = pdf_page(doc, number, error);
  if (page == NULL)
    return FALSE;
  ys_poppler.page_get_size(page, width, height);
  g_object_unref(page);
  return TRUE;
}

gboolean ys_extract_render_page(YsDocument *doc, int number, struct _cairo *cr, GError **error) {
  g_return_val_if_fail(doc != NULL && cr != NULL, FALSE);
  PopplerPage *page = pdf_page(doc, number, error);
  if (page == NULL)
    return FALSE;
  /* Poppler's complaints about a damaged stream go to the log, not stderr: what it could draw
   * is still worth showing, and the text of such a page was reported when it was read */
  YsPopplerLog log;
  ys_poppler_log_begin(&log);
  ys_poppler.page_render(page, cr);
  g_object_unref(page);
  ys_poppler_log_end(&log);
  ys_poppler_log_clear(&log);
  return TRUE;
}

/* A metadata string as Poppler gives it, or NULL when it is missing or only blanks. */
static char *non_blank(char *value) {
  if (value != NULL && *g_strstrip(value) == '\0')
    g_clear_pointer(&value, g_free);
  return value;
}

char *ys_extract_title(YsDocument *doc) {
  g_return_val_if_fail(doc != NULL, NULL);
  return doc->is_pdf ? non_blank(ys_poppler.document_get_title(doc->pdf)) : NULL;
}

char *ys_extract_author(YsDocument *doc) {
  g_return_val_if_fail(doc != NULL, NULL);
  return doc->is_pdf ? non_blank(ys_poppler.document_get_author(doc->pdf)) : NULL;
}
