/* report — cairo, looked up when the first crop is drawn rather than linked.
 *
 * Linked, cairo and the twenty libraries it brings (X11, xcb, fontconfig, freetype, pixman,
 * png …) are loaded at every start of yosan: 7 ms more on a short text file, which took 11-13
 * ms in all, for a command that never draws. A crop is only ever drawn from a PDF, and Poppler,
 * loaded for the PDF (extract/extract_poppler_load.c), has brought libcairo into the process
 * already: looking its functions up here costs nothing more. The library is the one the build
 * was configured with (its SONAME, YS_CAIRO_SONAME).
 *
 * Process-wide, as Poppler's table: written once, under g_once, before any caller reads it. */
#include "report/report_private.h"

#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

YsCairoApi ys_cairo;

#define YS_CAIRO_ENTRY(name) {"cairo_" #name, offsetof(YsCairoApi, name)},
static const struct {
  const char *name;
  size_t offset;
} functions[] = {YS_CAIRO_FUNCTIONS(YS_CAIRO_ENTRY)};
#undef YS_CAIRO_ENTRY

static char *load_failure; /* why loading failed, for every caller after the first */

static gpointer load(gpointer unused) {
  (void)unused;
  void *library = dlopen(YS_CAIRO_SONAME, RTLD_LAZY | RTLD_LOCAL);
  if (!library) {
    load_failure = g_strdup(dlerror());
    return NULL;
  }
  YsCairoApi api;
  for (gsize i = 0; i < G_N_ELEMENTS(functions); i++) {
    void *symbol = dlsym(library, functions[i].name);
    if (!symbol) {
      load_failure = g_strdup_printf("%s has no %s", YS_CAIRO_SONAME, functions[i].name);
      dlclose(library);
      return NULL;
    }
    memcpy((char *)&api + functions[i].offset, &symbol, sizeof symbol);
  }
  ys_cairo = api;
  return &ys_cairo;
}

static GOnce once = G_ONCE_INIT;

void ys_report_release(void) {
  /* cairo only: Poppler's drawing objects went with its documents */
  if (once.status == G_ONCE_STATUS_READY && once.retval != NULL)
    ys_cairo.debug_reset_static_data();
}

gboolean ys_cairo_load(GError **error) {
  if (g_once(&once, load, NULL))
    return TRUE;
  g_set_error(error, YS_REPORT_ERROR, YS_REPORT_ERROR_CROP,
              "cannot draw page crops: cairo could not be loaded (%s); install the cairo "
              "library (Debian: libcairo2)",
              load_failure);
  return FALSE;
}
