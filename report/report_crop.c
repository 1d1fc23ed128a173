/* report — crops: the part of a page around a finding's figures, drawn by Poppler (through
 * extract) into a cairo image, each figure's box outlined and labelled (the stated figure in
 * red, what the check combined in blue), encoded as PNG in a data: URI.
 *
 * cairo is called through the table report_cairo_load.c fills (ys_cairo.create is cairo_create).
 * Boxes, lines and drawing share one space, points from the page's top-left corner. A crop
 * takes the boxes' union and widens it to the whole lines they were printed on, so that the row
 * label of a table figure is in the picture. Boxes that coincide (a breakdown's parts share the
 * cell they were printed in) are outlined once with their labels joined. */
#include "report/report_private.h"

#include <math.h>
#include <string.h>

#define CROP_PAD_X 18.0      /* points of page left and right of what a crop must show */
#define CROP_MIN_WIDTH 240.0 /* a lone figure still gets some of its row around it */
#define CROP_SCALE 2.0       /* pixels per point: 144 dpi, sharp on a high-density screen */
#define CROP_MAX_PIXELS 4000 /* per side: a whole A3 sheet at 2x is 2384 */
#define CROP_SHOWN 1.5 /* CSS pixels per point it is shown at: larger than print, still sharp */
#define MARK_LINE 1.2  /* outline width in points */
#define MARK_GROW 1.5  /* the outline sits this far outside the box */
#define LABEL_SIZE 7.0 /* label text height in points */
#define SAME_BOX 0.5   /* boxes whose corners are this close are one box */
/* above and below what a crop must show: room for a label over the topmost box, and a little */
#define CROP_PAD_Y (LABEL_SIZE + 2 + MARK_GROW + 2)

YsCropRect ys_crop_area(const YsCropRect *boxes, guint n, const YsCropRect *lines, guint n_lines,
                        double width, double height) {
  YsCropRect a = {INFINITY, INFINITY, -INFINITY, -INFINITY};
  for (guint i = 0; i < n + n_lines; i++) {
    const YsCropRect *b = i < n ? &boxes[i] : &lines[i - n];
    a.x0 = MIN(a.x0, b->x0);
    a.y0 = MIN(a.y0, b->y0);
    a.x1 = MAX(a.x1, b->x1);
    a.y1 = MAX(a.y1, b->y1);
  }
  if (n + n_lines == 0)
    a = (YsCropRect){0, 0, width, height};
  a.x0 -= CROP_PAD_X;
  a.x1 += CROP_PAD_X;
  a.y0 -= CROP_PAD_Y;
  a.y1 += CROP_PAD_Y;
  if (a.x1 - a.x0 < CROP_MIN_WIDTH) {
    double grow = (CROP_MIN_WIDTH - (a.x1 - a.x0)) / 2;
    a.x0 -= grow;
    a.x1 += grow;
  }
  /* kept on the page; what no longer fits on one side is not moved to the other */
  a.x0 = CLAMP(a.x0, 0, width);
  a.x1 = CLAMP(a.x1, a.x0, width);
  a.y0 = CLAMP(a.y0, 0, height);
  a.y1 = CLAMP(a.y1, a.y0, height);
  return a;
}

static YsCropRect box_of(const YsRecord *r) {
  return (YsCropRect){r->x0, r->y0, r->x1, r->y1};
}

static gboolean same_box(YsCropRect a, YsCropRect b) {
  return fabs(a.x0 - b.x0) < SAME_BOX && fabs(a.y0 - b.y0) < SAME_BOX &&
         fabs(a.x1 - b.x1) < SAME_BOX && fabs(a.y1 - b.y1) < SAME_BOX;
}

/* One outline to draw: a box and the labels of every mark in it. */
typedef struct {
  YsCropRect box;
  GString *label;
  gboolean stated;
} Outline;

/* Appends LABEL to the labels of a box: "1" then "2", "3" make "1-3"; others are listed. */
static void join_label(GString *labels, const char *label) {
  gsize last = labels->len; /* where the last label starts, after its '-' or ',' */
  while (last > 0 && labels->str[last - 1] != '-' && labels->str[last - 1] != ',')
    last--;
  char *end, *prev_end;
  guint64 next = g_ascii_strtoull(label, &end, 10);
  guint64 prev = g_ascii_strtoull(labels->str + last, &prev_end, 10);
  gboolean numbers =
      end != label && *end == '\0' && prev_end != labels->str + last && *prev_end == '\0';
  if (!numbers || next != prev + 1) {
    g_string_append_printf(labels, ",%s", label);
    return;
  }
  if (last > 0 && labels->str[last - 1] == '-') /* "1-3" and "4" make "1-4" */
    g_string_truncate(labels, last - 1);
  g_string_append_printf(labels, "-%s", label);
}

/* The outlines of MARKS printed on PAGE, coinciding boxes merged ("1,2,3"). */
static GArray *outlines_on(const YsCropMark *marks, guint n, int page) {
  GArray *out = g_array_new(FALSE, FALSE, sizeof(Outline));
  for (guint i = 0; i < n; i++) {
    const YsRecord *r = marks[i].record;
    if (r->page != page || !r->has_box)
      continue;
    Outline *hit = NULL;
    for (guint j = 0; j < out->len && hit == NULL; j++) {
      Outline *o = &g_array_index(out, Outline, j);
      if (o->stated == marks[i].stated && same_box(o->box, box_of(r)))
        hit = o;
    }
    if (hit != NULL) {
      join_label(hit->label, marks[i].label);
      continue;
    }
    Outline o = {box_of(r), g_string_new(marks[i].label), marks[i].stated};
    g_array_append_val(out, o);
  }
  return out;
}

static void outlines_free(GArray *outlines) {
  for (guint i = 0; i < outlines->len; i++)
    g_string_free(g_array_index(outlines, Outline, i).label, TRUE);
  g_array_unref(outlines);
}

/* The boxes of the lines of PAGE that the outlines were printed on. */
static GArray *lines_of(YsDocument *doc, int page, const YsCropMark *marks, guint n) {
  GArray *out = g_array_new(FALSE, FALSE, sizeof(YsCropRect));
  g_autoptr(YsPage) p = NULL;
  if (!ys_extract_page(doc, page, &p, NULL) || p->status != YS_PAGE_OK)
    return out; /* the boxes alone still make a crop */
  for (guint i = 0; i < p->lines->len; i++) {
    const YsRawLine *l = g_ptr_array_index(p->lines, i);
    for (guint m = 0; m < n; m++) {
      const YsRecord *r = marks[m].record;
      /* the line must hold the box too: a line cut in two at a gutter keeps its number */
      if (r->page == page && r->has_box && r->line == l->line && l->x0 <= r->x1 && r->x0 <= l->x1) {
        YsCropRect b = {l->x0, l->y0, l->x1, l->y1};
        g_array_append_val(out, b);
        break;
      }
    }
  }
  return out;
}

static void draw_label(cairo_t *cr, const Outline *o, const YsCropRect *area, const double rgb[3]) {
  cairo_text_extents_t ext;
  ys_cairo.select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  ys_cairo.set_font_size(cr, LABEL_SIZE);
  ys_cairo.text_extents(cr, o->label->str, &ext);
  double w = ext.x_advance + 3, h = LABEL_SIZE + 2;
  double x = o->box.x0 - MARK_GROW;
  double y = o->box.y0 - MARK_GROW - h;
  if (y < area->y0) /* no room above: under the box */
    y = o->box.y1 + MARK_GROW;
  x = MIN(x, area->x1 - w);
  ys_cairo.rectangle(cr, x, y, w, h);
  ys_cairo.set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
  ys_cairo.fill(cr);
  ys_cairo.set_source_rgb(cr, 1, 1, 1);
  ys_cairo.move_to(cr, x + 1.5 - ext.x_bearing, y + 1 + LABEL_SIZE * 0.82);
  ys_cairo.show_text(cr, o->label->str);
}

static void draw_outlines(cairo_t *cr, GArray *outlines, const YsCropRect *area) {
  static const double stated_rgb[3] = {0.784, 0.063, 0.180}; /* #c8102e, the page's --stated */
  static const double part_rgb[3] = {0.0, 0.341, 0.722};     /* #0057b8, --part */
  /* parts first, so that the stated figure's outline is on top where they touch */
  for (int pass = 0; pass < 2; pass++) {
    for (guint i = 0; i < outlines->len; i++) {
      const Outline *o = &g_array_index(outlines, Outline, i);
      if (o->stated != (pass == 1))
        continue;
      const double *rgb = o->stated ? stated_rgb : part_rgb;
      ys_cairo.rectangle(cr, o->box.x0 - MARK_GROW, o->box.y0 - MARK_GROW,
                         o->box.x1 - o->box.x0 + 2 * MARK_GROW,
                         o->box.y1 - o->box.y0 + 2 * MARK_GROW);
      ys_cairo.set_source_rgba(cr, rgb[0], rgb[1], rgb[2], 0.10);
      ys_cairo.fill_preserve(cr);
      ys_cairo.set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
      ys_cairo.set_line_width(cr, MARK_LINE);
      ys_cairo.stroke(cr);
      draw_label(cr, o, area, rgb);
    }
  }
}

static cairo_status_t append_png(void *closure, const unsigned char *data, unsigned int length) {
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static char *png_data_uri(cairo_surface_t *surface, GError **error) {
  g_autoptr(GByteArray) png = g_byte_array_new();
  cairo_status_t status = ys_cairo.surface_write_to_png_stream(surface, append_png, png);
  if (status != CAIRO_STATUS_SUCCESS) {
    g_set_error(error, YS_REPORT_ERROR, YS_REPORT_ERROR_CROP, "cannot encode a crop as PNG: %s",
                ys_cairo.status_to_string(status));
    return NULL;
  }
  g_autofree char *base64 = g_base64_encode(png->data, png->len);
  return g_strconcat("data:image/png;base64,", base64, NULL);
}

char *ys_crop_render(YsDocument *doc, int page, const YsCropMark *marks, guint n_marks,
                     int *pixel_width, int *pixel_height, int *shown_width, int *shown_height,
                     GError **error) {
  double page_w, page_h;
  if (!ys_cairo_load(error) || !ys_extract_page_size(doc, page, &page_w, &page_h, error))
    return NULL;
  GArray *outlines = outlines_on(marks, n_marks, page);
  g_autoptr(GArray) boxes = g_array_new(FALSE, FALSE, sizeof(YsCropRect));
  for (guint i = 0; i < outlines->len; i++)
    g_array_append_val(boxes, g_array_index(outlines, Outline, i).box);
  g_autoptr(GArray) lines = lines_of(doc, page, marks, n_marks);
  YsCropRect area = ys_crop_area((YsCropRect *)boxes->data, boxes->len, (YsCropRect *)lines->data,
                                 lines->len, page_w, page_h);
  double w = area.x1 - area.x0, h = area.y1 - area.y0;
  double scale = MIN(CROP_SCALE, CROP_MAX_PIXELS / MAX(MAX(w, h), 1.0));
  int pw = MAX(1, (int)ceil(w * scale)), ph = MAX(1, (int)ceil(h * scale));

  cairo_surface_t *surface = ys_cairo.image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
  cairo_t *cr = ys_cairo.create(surface);
  ys_cairo.set_source_rgb(cr, 1, 1, 1); /* a page is white where nothing is printed */
  ys_cairo.paint(cr);
  ys_cairo.scale(cr, scale, scale);
  ys_cairo.translate(cr, -area.x0, -area.y0);
  char *uri = NULL;
  if (ys_extract_render_page(doc, page, cr, error)) {
    draw_outlines(cr, outlines, &area);
    cairo_status_t status = ys_cairo.status(cr);
    if (status == CAIRO_STATUS_SUCCESS)
      uri = png_data_uri(surface, error);
    else
      g_set_error(error, YS_REPORT_ERROR, YS_REPORT_ERROR_CROP, "cannot draw a crop of p.%d: %s",
                  page, ys_cairo.status_to_string(status));
  }
  ys_cairo.destroy(cr);
  ys_cairo.surface_destroy(surface);
  outlines_free(outlines);
  if (uri != NULL) {
    *pixel_width = pw;
    *pixel_height = ph;
    *shown_width = (int)ceil(w * CROP_SHOWN);
    *shown_height = (int)ceil(h * CROP_SHOWN);
  }
  return uri;
}
