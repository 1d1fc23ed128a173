/* extract — Poppler, loaded when the first PDF is opened rather than when yosan starts.
 *
 * poppler-glib brings some 45 libraries with it, and loading them costs about 5 ms at every
 * start: a third of yosan's time on a short text file, which never needs them. So nothing is
 * linked with it: the functions extract calls are looked up here, once per process, in the
 * library the build was configured with (its SONAME, YS_POPPLER_GLIB_SONAME), which then stays
 * loaded. A process that forks a reader per file loads it first (ys_extract_prepare), so that
 * the readers share it instead of each loading it again.
 *
 * Like the log handler (extract_poppler_log.c), this is process-wide: a table written once,
 * under g_once, before any thread reads it. */
#include "extract/extract_private.h"

#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

YsPopplerApi ys_poppler;

static const struct {
  const char *name;
  size_t offset;
} functions[] = {
    {"poppler_error_quark", offsetof(YsPopplerApi, error_quark)},
    {"poppler_document_new_from_file", offsetof(YsPopplerApi, document_new_from_file)},
    {"poppler_document_new_from_bytes", offsetof(YsPopplerApi, document_new_from_bytes)},
    {"poppler_document_get_n_pages", offsetof(YsPopplerApi, document_get_n_pages)},
    {"poppler_document_get_page", offsetof(YsPopplerApi, document_get_page)},
    {"poppler_page_get_size", offsetof(YsPopplerApi, page_get_size)},
    {"poppler_page_get_text", offsetof(YsPopplerApi, page_get_text)},
    {"poppler_page_get_text_layout", offsetof(YsPopplerApi, page_get_text_layout)},
    {"poppler_page_get_text_attributes", offsetof(YsPopplerApi, page_get_text_attributes)},
    {"poppler_page_free_text_attributes", offsetof(YsPopplerApi, page_free_text_attributes)},
    {"poppler_page_get_image_mapping", offsetof(YsPopplerApi, page_get_image_mapping)},
    {"poppler_page_free_image_mapping", offsetof(YsPopplerApi, page_free_image_mapping)},
    {"poppler_page_render", offsetof(YsPopplerApi, page_render)},
    {"poppler_document_get_title", offsetof(YsPopplerApi, document_get_title)},
    {"poppler_document_get_author", offsetof(YsPopplerApi, document_get_author)},
};

/* Why loading failed, for every caller after the first (NULL: it worked). */
static char *load_failure;

static gpointer load(gpointer unused) {
  (void)unused;
  void *library = dlopen(YS_POPPLER_GLIB_SONAME, RTLD_LAZY | RTLD_LOCAL);
  if (!library) {
    load_failure = g_strdup(dlerror());
    return NULL;
  }
  YsPopplerApi api;
  for (gsize i = 0; i < G_N_ELEMENTS(functions); i++) {
    void *symbol = dlsym(library, functions[i].name);
    if (!symbol) {
      load_failure = g_strdup_printf("%s has no %s", YS_POPPLER_GLIB_SONAME, functions[i].name);
      dlclose(library);
      return NULL;
    }
    memcpy((char *)&api + functions[i].offset, &symbol, sizeof symbol);
  }
  ys_poppler = api;
  return &ys_poppler;
}

gboolean ys_poppler_load(GError **error) {
  static GOnce once = G_ONCE_INIT;
  if (g_once(&once, load, NULL))
    return TRUE;
  g_set_error(error, YS_EXTRACT_ERROR, YS_EXTRACT_ERROR_IO,
              "cannot read PDF files: Poppler could not be loaded (%s); install Poppler's GLib "
              "library (Debian: libpoppler-glib8)",
              load_failure);
  return FALSE;
}
