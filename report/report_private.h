/* report — private declarations shared by the files of the report stage (not for other stages):
 * the template engine and its data, the crops of a finding, and the built-in template. */
#ifndef YS_REPORT_PRIVATE_H
#define YS_REPORT_PRIVATE_H

#include "report/report.h"

/* ---- report_template.c: {{name}}, {{#list}}…{{/list}}, {{^list}}…{{/list}} ----
 *
 * A template is text with tags. {{name}} is replaced by the value NAME, HTML-escaped; {{#name}}
 * … {{/name}} is repeated for each item of the list NAME, inside which names are looked up in
 * the item first, then in the items around it, then in the root; {{^name}} … {{/name}} is shown
 * only when the list NAME is empty. A name is [a-z0-9_]+. Nothing is inserted unescaped. A
 * name the data does not hold, a list used as a value or the other way round, and a section
 * left open are errors (with the template's line), so that a typo fails a test instead of
 * leaving a hole in a page. */
typedef struct YsTmplData YsTmplData;

YsTmplData *ys_tmpl_data_new(void);
void ys_tmpl_data_free(YsTmplData *data);
/* Sets NAME to a copy of VALUE (NULL: ""). */
void ys_tmpl_set(YsTmplData *data, const char *name, const char *value);
void ys_tmpl_setf(YsTmplData *data, const char *name, const char *format, ...) G_GNUC_PRINTF(3, 4);
/* Declares NAME an empty list (keeps the items of one that exists). */
void ys_tmpl_list(YsTmplData *data, const char *name);
/* A new item at the end of the list NAME (declared if it is not), owned by DATA. */
YsTmplData *ys_tmpl_add(YsTmplData *data, const char *name);
/* The list NAME with one empty item when ON, else none: a section shown or not. */
void ys_tmpl_flag(YsTmplData *data, const char *name, gboolean on);
/* Appends TEMPLATE (called NAME in messages) filled from ROOT to OUT. */
gboolean ys_tmpl_render(const char *template_text, const char *name, const YsTmplData *root,
                        GString *out, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(YsTmplData, ys_tmpl_data_free)

/* ---- report_template_text.c (made by CMake from report/report.html.in) ---- */
extern const char ys_report_template_text[];

/* ---- report_cairo_load.c: the cairo functions the crops use, looked up at the first one ---- */
#include <cairo.h>

/* one function a line: clang-format 14 does not settle on this list */
/* clang-format off */
#define YS_CAIRO_FUNCTIONS(X) \
  X(image_surface_create) \
  X(create) \
  X(destroy) \
  X(surface_destroy) \
  X(status) \
  X(status_to_string) \
  X(surface_write_to_png_stream) \
  X(paint) \
  X(scale) \
  X(translate) \
  X(rectangle) \
  X(fill) \
  X(fill_preserve) \
  X(stroke) \
  X(set_source_rgb) \
  X(set_source_rgba) \
  X(set_line_width) \
  X(select_font_face) \
  X(set_font_size) \
  X(text_extents) \
  X(move_to) \
  X(show_text) \
  X(debug_reset_static_data)
/* clang-format on */
#define YS_CAIRO_FIELD(name) __typeof__(cairo_##name) *name;
typedef struct {
  YS_CAIRO_FUNCTIONS(YS_CAIRO_FIELD)
} YsCairoApi;
#undef YS_CAIRO_FIELD
/* Set once ys_cairo_load has returned TRUE; read-only afterwards. */
extern YsCairoApi ys_cairo;
gboolean ys_cairo_load(GError **error);

/* ---- report_crop.c: the page around a finding's figures, outlined ---- */
/* One record drawn on a crop: its box, the label written beside it, stated or a part. */
typedef struct {
  const YsRecord *record;
  char *label; /* "S", "1", "new", … */
  gboolean stated;
} YsCropMark;

/* A rectangle of a page in points from its top-left corner. */
typedef struct {
  double x0, y0, x1, y1;
} YsCropRect;

/* The part of a page a crop shows: the union of BOXES (N of them) widened by the lines they were
 * printed on (LINES, N_LINES, may be 0), padded, and kept on the page (WIDTH × HEIGHT). */
YsCropRect ys_crop_area(const YsCropRect *boxes, guint n, const YsCropRect *lines, guint n_lines,
                        double width, double height);

/* A crop of page PAGE of DOC showing MARKS (those on that page), outlined and labelled, as a
 * data: URI of a PNG (g_free); *PIXEL_WIDTH/HEIGHT its size in pixels, *SHOWN_WIDTH/HEIGHT the
 * size in CSS pixels to show it at (one and a half per point). */
char *ys_crop_render(YsDocument *doc, int page, const YsCropMark *marks, guint n_marks,
                     int *pixel_width, int *pixel_height, int *shown_width, int *shown_height,
                     GError **error);

#endif
