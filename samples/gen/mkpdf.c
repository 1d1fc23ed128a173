/* mkpdf — typeset a yosan sample PDF from a small page-description file.
 *
 * Not part of the yosan build: samples/regenerate.sh compiles it with pangocairo and runs it.
 * The source format is documented in samples/gen/FORMAT.md.  All lengths are millimetres from
 * the top-left corner of the page; font sizes and line widths are points.
 *
 *   mkpdf [-s SUBST]... -o OUT.pdf SOURCE.page
 *
 * -s SUBST applies a substitution file to SOURCE before it is read: each line
 * "FIND => REPLACE"; FIND must occur exactly once in SOURCE, otherwise mkpdf fails (so that a
 * variant can never silently drift away from the document it modifies).
 */
#define _GNU_SOURCE
#include <cairo-pdf.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MM (72.0 / 25.4)
#define MAXCOLS 24
#define MAXROWS 128

static const char *g_src = "?";
static int g_lineno;

static void die(const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "mkpdf: %s:%d: ", g_src, g_lineno);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  exit(1);
}

/* ---------------------------------------------------------------- state */

typedef struct {
  double r, g, b;
} rgb;

static struct {
  cairo_surface_t *surf;
  cairo_t *cr;
  PangoContext *pctx;
  double pw, ph; /* page size in mm */
  int pages;
  char family[64]; /* "Noto Sans CJK JP" … */
  int bold;
  double size;        /* pt */
  double spread;      /* letter spacing for [[…]], in em (× font size) */
  double linespacing; /* factor, 0 = font default */
  double lw;          /* line width, pt */
  rgb color;
  double fx, fy, fw; /* flow frame: x, cursor y, width (mm) */
  double gap;        /* paragraph gap (mm) */
  double hang;       /* hanging indent (mm) */
  int folio;         /* next automatic page number; 0 = off */
  double dy;         /* added to every y coordinate ("shift"); reset by "page" */
  double pad;        /* cell padding (mm) */
} S;

static rgb parse_color(const char *s) {
  unsigned v;
  if (strlen(s) != 6 || sscanf(s, "%6x", &v) != 1)
    die("bad colour '%s' (want RRGGBB)", s);
  return (rgb){((v >> 16) & 255) / 255.0, ((v >> 8) & 255) / 255.0, (v & 255) / 255.0};
}

static void set_rgb(rgb c) {
  cairo_set_source_rgb(S.cr, c.r, c.g, c.b);
}

/* ----------------------------------------------------------- text markup */

/* Source text → Pango markup: XML-special characters escaped; "\n" is a line break;
 * [[…]] is spread by the current letter spacing (the character after "]]" is taken into the
 * span, see below); **…** is bold; {{…}} is smaller. */
static char *to_markup(const char *in) {
  GString *o = g_string_new(NULL);
  int in_spread = 0, in_bold = 0;
  for (const char *p = in; *p; p++) {
    if (p[0] == '\\' && p[1] == 'n') {
      g_string_append_c(o, '\n');
      p++;
    } else if (p[0] == '[' && p[1] == '[' && !in_spread) {
      g_string_append_printf(o, "<span letter_spacing=\"%ld\">", lround(S.spread * S.size * 1024));
      in_spread = 1;
      p++;
    } else if (p[0] == ']' && p[1] == ']' && in_spread) {
      /* The span takes in the next character too: Pango puts the spacing between the
       * characters of a span, and the gap after its last spread character (before 億円,
       * %, …) is what makes converters print "3 5 5 億円". */
      p += 2;
      if (*p && *p != '\\' && !(p[0] == '[' && p[1] == '[') && !(p[0] == '*' && p[1] == '*')) {
        const char *q = g_utf8_next_char(p);
        if (*p == '&')
          g_string_append(o, "&amp;");
        else if (*p == '<')
          g_string_append(o, "&lt;");
        else if (*p == '>')
          g_string_append(o, "&gt;");
        else
          g_string_append_len(o, p, q - p);
        p = q;
      }
      g_string_append(o, "</span>");
      in_spread = 0;
      p--;
    } else if (p[0] == '{' && p[1] == '{') {
      g_string_append(o, "<small>");
      p++;
    } else if (p[0] == '}' && p[1] == '}') {
      g_string_append(o, "</small>");
      p++;
    } else if (p[0] == '*' && p[1] == '*') {
      g_string_append(o, in_bold ? "</b>" : "<b>");
      in_bold = !in_bold;
      p++;
    } else if (*p == '&')
      g_string_append(o, "&amp;");
    else if (*p == '<')
      g_string_append(o, "&lt;");
    else if (*p == '>')
      g_string_append(o, "&gt;");
    else
      g_string_append_c(o, *p);
  }
  if (in_spread || in_bold)
    die("unbalanced [[ ]] or ** in: %s", in);
  return g_string_free(o, FALSE);
}

static PangoLayout *make_layout(const char *text, double width_mm, PangoAlignment al) {
  PangoLayout *l = pango_layout_new(S.pctx);
  PangoFontDescription *fd = pango_font_description_new();
  pango_font_description_set_family(fd, S.family);
  pango_font_description_set_weight(fd, S.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size(fd, S.size * PANGO_SCALE);
  pango_layout_set_font_description(l, fd);
  pango_font_description_free(fd);
  if (S.linespacing > 0)
    pango_layout_set_line_spacing(l, (float)S.linespacing);
  if (width_mm > 0) {
    pango_layout_set_width(l, (int)(width_mm * MM * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
  }
  pango_layout_set_alignment(l, al);
  char *m = to_markup(text);
  GError *err = NULL;
  PangoAttrList *attrs = NULL;
  char *plain = NULL;
  if (!pango_parse_markup(m, -1, 0, &attrs, &plain, NULL, &err))
    die("markup: %s", err->message);
  pango_layout_set_text(l, plain, -1);
  pango_layout_set_attributes(l, attrs);
  pango_attr_list_unref(attrs);
  g_free(plain);
  g_free(m);
  if (pango_layout_get_unknown_glyphs_count(l) > 0)
    die("no glyph for some character of: %s (is the font subset complete?)", text);
  return l;
}

static void layout_size(PangoLayout *l, double *w_mm, double *h_mm) {
  int w, h;
  pango_layout_get_size(l, &w, &h);
  if (w_mm)
    *w_mm = w / (double)PANGO_SCALE / MM;
  if (h_mm)
    *h_mm = h / (double)PANGO_SCALE / MM;
}

static void show_at(PangoLayout *l, double x, double y) {
  set_rgb(S.color);
  cairo_move_to(S.cr, x * MM, y * MM);
  pango_cairo_show_layout(S.cr, l);
}

/* Draw text; align 'l' (x is the left edge), 'r' (x is the right edge), 'c' (x is the centre).
 * Returns the height in mm. */
static double draw_text(double x, double y, char align, const char *text) {
  PangoLayout *l = make_layout(text, 0,
                               align == 'r'   ? PANGO_ALIGN_RIGHT
                               : align == 'c' ? PANGO_ALIGN_CENTER
                                              : PANGO_ALIGN_LEFT);
  double w, h;
  layout_size(l, &w, &h);
  if (align == 'r')
    x -= w;
  else if (align == 'c')
    x -= w / 2;
  show_at(l, x, y);
  g_object_unref(l);
  return h;
}

/* Split UTF-8 text into characters (as separate strings). */
static int split_chars(const char *text, char out[][8], int max) {
  int n = 0;
  for (const char *p = text; *p && n < max; p = g_utf8_next_char(p)) {
    const char *q = g_utf8_next_char(p);
    size_t len = (size_t)(q - p);
    if (len >= 8)
      len = 7;
    memcpy(out[n], p, len);
    out[n][len] = 0;
    if (strcmp(out[n], " ") != 0 && strcmp(out[n], "\u3000") != 0)
      n++;
  }
  return n;
}

/* Distributed alignment (均等割り): the characters of text spread evenly across width w,
 * each placed separately, as word processors and 予算書 typesetting do with header words. */
static void draw_dist(double x, double y, double w, const char *text) {
  char ch[64][8];
  int n = split_chars(text, ch, 64);
  if (n == 0)
    return;
  double cw[64], total = 0;
  for (int i = 0; i < n; i++) {
    PangoLayout *l = make_layout(ch[i], 0, PANGO_ALIGN_LEFT);
    layout_size(l, &cw[i], NULL);
    total += cw[i];
    g_object_unref(l);
  }
  double gap = n > 1 ? (w - total) / (n - 1) : 0, cx = n > 1 ? x : x + (w - total) / 2;
  for (int i = 0; i < n; i++) {
    PangoLayout *l = make_layout(ch[i], 0, PANGO_ALIGN_LEFT);
    show_at(l, cx, y);
    g_object_unref(l);
    cx += cw[i] + gap;
  }
}

/* Vertical text, one character per line, centred on x. Returns the height used. */
static double draw_vtext(double xc, double y, double pitch, const char *text) {
  char ch[64][8];
  int n = split_chars(text, ch, 64);
  for (int i = 0; i < n; i++) {
    PangoLayout *l = make_layout(ch[i], 0, PANGO_ALIGN_LEFT);
    double w;
    layout_size(l, &w, NULL);
    show_at(l, xc - w / 2, y + i * pitch);
    g_object_unref(l);
  }
  return n * pitch;
}

static double vpitch(void) {
  return S.size / MM * 1.25;
}

/* ------------------------------------------------------------- drawing */

static void stroke_line(double x1, double y1, double x2, double y2, double lw) {
  cairo_set_line_width(S.cr, lw);
  set_rgb(S.color);
  cairo_move_to(S.cr, x1 * MM, y1 * MM);
  cairo_line_to(S.cr, x2 * MM, y2 * MM);
  cairo_stroke(S.cr);
}

static void stroke_rect(double x, double y, double w, double h, double lw) {
  cairo_set_line_width(S.cr, lw);
  set_rgb(S.color);
  cairo_rectangle(S.cr, x * MM, y * MM, w * MM, h * MM);
  cairo_stroke(S.cr);
}

static void fill_rect(double x, double y, double w, double h, rgb c) {
  cairo_set_source_rgb(S.cr, c.r, c.g, c.b);
  cairo_rectangle(S.cr, x * MM, y * MM, w * MM, h * MM);
  cairo_fill(S.cr);
}

/* A cell: text inside a box, vertically centred. align: '<' left, '>' right, '^' centre,
 * '~' distributed, '|' vertical (one character per line). */
static void draw_cell(double x, double y, double w, double h, char align, const char *text) {
  if (!*text)
    return;
  double pad = S.pad;
  if (align == '~') {
    PangoLayout *l = make_layout("国", 0, PANGO_ALIGN_LEFT);
    double lh;
    layout_size(l, NULL, &lh);
    g_object_unref(l);
    draw_dist(x + pad * 1.5, y + (h - lh) / 2, w - 3 * pad, text);
    return;
  }
  if (align == '|') {
    char ch[64][8];
    int n = split_chars(text, ch, 64);
    double p = vpitch();
    if (n * p > h - 2 * pad)
      p = (h - 2 * pad) / n;
    PangoLayout *l = make_layout("国", 0, PANGO_ALIGN_LEFT);
    double lh;
    layout_size(l, NULL, &lh);
    g_object_unref(l);
    draw_vtext(x + w / 2, y + (h - (n - 1) * p - lh) / 2, p, text);
    return;
  }
  PangoAlignment pa = align == '>'   ? PANGO_ALIGN_RIGHT
                      : align == '^' ? PANGO_ALIGN_CENTER
                                     : PANGO_ALIGN_LEFT;
  PangoLayout *l = make_layout(text, w - 2 * pad, pa);
  double lw, lh;
  layout_size(l, &lw, &lh);
  show_at(l, x + pad, y + (h - lh) / 2);
  g_object_unref(l);
}

/* ------------------------------------------------------------- tables */

typedef struct {
  int col, span, cont; /* first column, columns spanned, 1 = continues the cell above */
  char align;
  char *text;
} cell;

static struct {
  int active;
  double x, y;
  int ncols;
  double colw[MAXCOLS];
  int nrows;
  double rowh[MAXROWS];
  int ncells[MAXROWS];
  cell cells[MAXROWS][MAXCOLS];
  double lw;
} T;

static void table_row(double h, char *spec) {
  if (T.nrows >= MAXROWS)
    die("too many table rows");
  int r = T.nrows++, col = 0;
  T.rowh[r] = h;
  T.ncells[r] = 0;
  /* cells are separated by " | " */
  for (char *p = spec;;) {
    char *sep = strstr(p, " | ");
    if (sep)
      *sep = 0;
    char *c = g_strstrip(p);
    cell *k = &T.cells[r][T.ncells[r]++];
    k->col = col;
    k->span = 1;
    k->cont = 0;
    k->align = '<';
    if (*c == '@') {
      k->span = (int)strtol(c + 1, &c, 10);
      if (k->span < 1)
        die("bad span");
    }
    if (*c == '=') {
      k->cont = 1;
      c++;
    }
    if (*c && strchr("<>^~|", *c))
      k->align = *c++;
    k->text = g_strstrip(g_strdup(strcmp(c, "\"\"") == 0 ? "" : c));
    col += k->span;
    if (col > T.ncols)
      die("row has more columns than the table (%d > %d)", col, T.ncols);
    if (!sep)
      break;
    p = sep + 3;
  }
  if (col != T.ncols)
    die("row covers %d columns, table has %d", col, T.ncols);
}

static void table_end(void) {
  double y = T.y;
  for (int r = 0; r < T.nrows; r++) {
    for (int i = 0; i < T.ncells[r]; i++) {
      cell *k = &T.cells[r][i];
      if (k->cont)
        continue;
      double x = T.x, w = 0, h = T.rowh[r];
      for (int c = 0; c < k->col; c++)
        x += T.colw[c];
      for (int c = k->col; c < k->col + k->span; c++)
        w += T.colw[c];
      for (int rr = r + 1; rr < T.nrows; rr++) {
        int found = 0;
        for (int j = 0; j < T.ncells[rr]; j++)
          if (T.cells[rr][j].cont && T.cells[rr][j].col == k->col)
            found = 1;
        if (!found)
          break;
        h += T.rowh[rr];
      }
      if (T.lw > 0)
        stroke_rect(x, y, w, h, T.lw);
      draw_cell(x, y, w, h, k->align, k->text);
    }
    y += T.rowh[r];
  }
  for (int r = 0; r < T.nrows; r++)
    for (int i = 0; i < T.ncells[r]; i++)
      g_free(T.cells[r][i].text);
  S.fy = y; /* flow continues below the table */
  T.active = 0;
}

/* ------------------------------------------------------- raster "scans" */

/* An image with no text layer: text rendered into pixels (as a scanner would deliver it),
 * then painted on the page as a picture. */
static void draw_scan(double x, double y, double w, double h, double dpi, const char *text) {
  int pw = (int)(w / 25.4 * dpi), ph = (int)(h / 25.4 * dpi);
  cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
  cairo_t *c = cairo_create(img);
  cairo_set_source_rgb(c, 0.97, 0.97, 0.95);
  cairo_paint(c);
  double sc = dpi / 72.0;
  cairo_scale(c, sc, sc);
  PangoLayout *l = pango_cairo_create_layout(c);
  PangoFontDescription *fd = pango_font_description_new();
  pango_font_description_set_family(fd, S.family);
  pango_font_description_set_absolute_size(fd, S.size * PANGO_SCALE);
  pango_layout_set_font_description(l, fd);
  pango_font_description_free(fd);
  pango_layout_set_width(l, (int)((w - 20) * MM * PANGO_SCALE));
  pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
  char *m = to_markup(text);
  pango_layout_set_markup(l, m, -1);
  g_free(m);
  cairo_set_source_rgb(c, 0.1, 0.1, 0.1);
  cairo_move_to(c, 10 * MM, 10 * MM);
  pango_cairo_show_layout(c, l);
  g_object_unref(l);
  cairo_destroy(c);
  cairo_surface_flush(img);

  cairo_save(S.cr);
  cairo_translate(S.cr, x * MM, y * MM);
  cairo_scale(S.cr, w * MM / pw, h * MM / ph);
  cairo_set_source_surface(S.cr, img, 0, 0);
  cairo_paint(S.cr);
  cairo_restore(S.cr);
  cairo_surface_destroy(img);
}

/* ---------------------------------------------------------------- pages */

static void end_page(void) {
  if (S.pages > 0)
    cairo_show_page(S.cr);
}

static void draw_folio(void) {
  if (!S.folio)
    return;
  char buf[32];
  snprintf(buf, sizeof buf, "- %d -", S.folio++);
  double sz = S.size;
  int b = S.bold;
  S.size = 9;
  S.bold = 0;
  draw_text(S.pw / 2, S.ph - 10, 'c', buf);
  S.size = sz;
  S.bold = b;
}

static void new_page(const char *spec) {
  double w, h;
  if (!strcmp(spec, "A4L"))
    w = 297, h = 210;
  else if (!strcmp(spec, "A4P"))
    w = 210, h = 297;
  else if (!strcmp(spec, "A3L"))
    w = 420, h = 297;
  else if (sscanf(spec, "%lfx%lf", &w, &h) != 2)
    die("bad page size '%s'", spec);
  end_page();
  cairo_pdf_surface_set_size(S.surf, w * MM, h * MM);
  S.pw = w;
  S.ph = h;
  S.dy = 0;
  S.pages++;
  pango_cairo_update_context(S.cr, S.pctx);
  draw_folio();
}

/* -------------------------------------------------------------- parsing */

static char *tok(char **p) {
  while (**p == ' ' || **p == '\t')
    (*p)++;
  if (!**p)
    return NULL;
  char *s = *p;
  while (**p && **p != ' ' && **p != '\t')
    (*p)++;
  if (**p)
    *(*p)++ = 0;
  return s;
}

static double num(char **p, const char *what) {
  char *t = tok(p), *end;
  if (!t)
    die("missing %s", what);
  errno = 0;
  double v = strtod(t, &end);
  if (*end || errno)
    die("bad number '%s' for %s", t, what);
  return v;
}

static char *rest(char **p) {
  while (**p == ' ' || **p == '\t')
    (*p)++;
  return *p;
}

static void need_page(const char *cmd) {
  if (S.pages == 0)
    die("'%s' before the first 'page'", cmd);
}

/* The commands that set the state (page size, metadata, font, spacing…): TRUE if CMD was one. */
static int setting(const char *cmd, char *p) {
  if (!strcmp(cmd, "page")) {
    char *t = tok(&p);
    if (!t)
      die("page needs a size");
    new_page(t);
  } else if (!strcmp(cmd, "meta")) {
    char *k = tok(&p), *v = rest(&p);
    if (!k)
      die("meta needs a key");
    cairo_pdf_metadata_t m = !strcmp(k, "title")     ? CAIRO_PDF_METADATA_TITLE
                             : !strcmp(k, "author")  ? CAIRO_PDF_METADATA_AUTHOR
                             : !strcmp(k, "subject") ? CAIRO_PDF_METADATA_SUBJECT
                             : !strcmp(k, "date")
                                 ? CAIRO_PDF_METADATA_CREATE_DATE
                                 : (die("unknown meta key '%s'", k), CAIRO_PDF_METADATA_TITLE);
    cairo_pdf_surface_set_metadata(S.surf, m, v);
    if (m == CAIRO_PDF_METADATA_CREATE_DATE)
      cairo_pdf_surface_set_metadata(S.surf, CAIRO_PDF_METADATA_MOD_DATE, v);
  } else if (!strcmp(cmd, "font")) {
    char *f = tok(&p);
    S.size = num(&p, "font size");
    if (!f)
      die("font needs a family");
    S.bold = strstr(f, "bold") != NULL;
    snprintf(S.family, sizeof S.family, "%s",
             !strncmp(f, "serif", 5) ? "Noto Serif CJK JP" : "Noto Sans CJK JP");
  } else if (!strcmp(cmd, "spread")) {
    S.spread = num(&p, "letter spacing");
  } else if (!strcmp(cmd, "linespacing")) {
    S.linespacing = num(&p, "line spacing factor");
  } else if (!strcmp(cmd, "color")) {
    char *c = tok(&p);
    S.color = parse_color(c ? c : "");
  } else if (!strcmp(cmd, "lw")) {
    S.lw = num(&p, "line width");
  } else if (!strcmp(cmd, "gap")) {
    S.gap = num(&p, "gap");
  } else if (!strcmp(cmd, "hang")) {
    S.hang = num(&p, "hanging indent");
  } else if (!strcmp(cmd, "pad")) {
    S.pad = num(&p, "cell padding");
  } else if (!strcmp(cmd, "folio")) {
    S.folio = (int)num(&p, "first page number");
  } else {
    return 0;
  }
  return 1;
}

static void command(char *line) {
  char *p = line, *cmd = tok(&p);
  if (!cmd)
    return;
  if (strcmp(cmd, "page") && strcmp(cmd, "meta") && strcmp(cmd, "font") && strcmp(cmd, "spread") &&
      strcmp(cmd, "folio") && strcmp(cmd, "linespacing") && strcmp(cmd, "color") &&
      strcmp(cmd, "lw") && strcmp(cmd, "gap") && strcmp(cmd, "hang") && strcmp(cmd, "pad"))
    need_page(cmd);

  if (T.active && strcmp(cmd, "tr") && strcmp(cmd, "endtable"))
    die("'%s' inside a table (missing endtable?)", cmd);

  if (setting(cmd, p))
    return;
  if (!strcmp(cmd, "text") || !strcmp(cmd, "rtext") || !strcmp(cmd, "ctext")) {
    double x = num(&p, "x"), y = (num(&p, "y") + S.dy);
    draw_text(x, y, cmd[0] == 'r' ? 'r' : cmd[0] == 'c' ? 'c' : 'l', rest(&p));
  } else if (!strcmp(cmd, "dist")) {
    double x = num(&p, "x"), y = (num(&p, "y") + S.dy), w = num(&p, "width");
    draw_dist(x, y, w, rest(&p));
  } else if (!strcmp(cmd, "vtext")) {
    double x = num(&p, "x"), y = (num(&p, "y") + S.dy);
    draw_vtext(x, y, vpitch(), rest(&p));
  } else if (!strcmp(cmd, "para")) {
    double x = num(&p, "x"), y = (num(&p, "y") + S.dy), w = num(&p, "width");
    S.fx = x;
    S.fy = y;
    S.fw = w;
    char buf[8192];
    snprintf(buf, sizeof buf, "p %s", rest(&p));
    command(buf);
  } else if (!strcmp(cmd, "flow")) {
    S.fx = num(&p, "x");
    S.fy = (num(&p, "y") + S.dy);
    S.fw = num(&p, "width");
  } else if (!strcmp(cmd, "p")) {
    char *t = rest(&p);
    if (!*t)
      return;
    PangoLayout *l = make_layout(t, S.fw, PANGO_ALIGN_LEFT);
    if (S.hang > 0)
      pango_layout_set_indent(l, (int)(-S.hang * MM * PANGO_SCALE));
    double h;
    layout_size(l, NULL, &h);
    show_at(l, S.fx, S.fy);
    g_object_unref(l);
    S.fy += h + S.gap;
  } else if (!strcmp(cmd, "shift")) {
    S.dy = num(&p, "vertical shift");
  } else if (!strcmp(cmd, "skip")) {
    S.fy += num(&p, "distance");
  } else if (!strcmp(cmd, "line")) {
    double x1 = num(&p, "x1"), y1 = (num(&p, "y1") + S.dy), x2 = num(&p, "x2"),
           y2 = (num(&p, "y2") + S.dy);
    stroke_line(x1, y1, x2, y2, S.lw);
  } else if (!strcmp(cmd, "box")) {
    double x = num(&p, "x"), y = (num(&p, "y") + S.dy), w = num(&p, "w"), h = num(&p, "h");
    stroke_rect(x, y, w, h, S.lw);
  } else if (!strcmp(cmd, "fill")) {
    double x = num(&p, "x"), y = (num(&p, "y") + S.dy), w = num(&p, "w"), h = num(&p, "h");
    char *c = tok(&p);
    fill_rect(x, y, w, h, parse_color(c ? c : ""));
  } else if (!strcmp(cmd, "cell")) {
    double x = num(&p, "x"), y = (num(&p, "y") + S.dy), w = num(&p, "w"), h = num(&p, "h");
    char *a = tok(&p);
    if (!a || strlen(a) != 1 || !strchr("<>^~|", *a))
      die("cell needs an alignment < > ^ ~ |");
    draw_cell(x, y, w, h, *a, rest(&p));
  } else if (!strcmp(cmd, "table")) {
    T.x = num(&p, "x");
    /* y "-": the table starts where the flow is (below the last paragraph) */
    char *q = rest(&p);
    if (q[0] == '-' && (q[1] == ' ' || q[1] == '\t')) {
      T.y = S.fy;
      p = q + 1;
    } else {
      T.y = (num(&p, "y") + S.dy);
    }
    T.ncols = 0;
    T.nrows = 0;
    T.lw = S.lw;
    char *t;
    while ((t = tok(&p))) {
      if (T.ncols >= MAXCOLS)
        die("too many columns");
      T.colw[T.ncols++] = strtod(t, NULL);
    }
    if (!T.ncols)
      die("table needs column widths");
    T.active = 1;
  } else if (!strcmp(cmd, "tr")) {
    if (!T.active)
      die("tr outside a table");
    double h = num(&p, "row height");
    table_row(h, rest(&p));
  } else if (!strcmp(cmd, "endtable")) {
    if (!T.active)
      die("endtable without table");
    table_end();
  } else if (!strcmp(cmd, "scan")) {
    double x = num(&p, "x"), y = (num(&p, "y") + S.dy), w = num(&p, "w"), h = num(&p, "h");
    double dpi = num(&p, "dpi");
    draw_scan(x, y, w, h, dpi, rest(&p));
  } else {
    die("unknown command '%s'", cmd);
  }
}

/* ------------------------------------------------------------ input */

static char *slurp(const char *path) {
  gchar *buf = NULL;
  GError *err = NULL;
  if (!g_file_get_contents(path, &buf, NULL, &err)) {
    fprintf(stderr, "mkpdf: %s\n", err->message);
    exit(1);
  }
  return buf;
}

static char *apply_subst(char *src, const char *subst_path) {
  char *subs = slurp(subst_path);
  char **lines = g_strsplit(subs, "\n", -1);
  for (int i = 0; lines[i]; i++) {
    char *l = lines[i];
    if (!*g_strstrip(l) || *l == '#')
      continue;
    char *arrow = strstr(l, " => ");
    if (!arrow) {
      fprintf(stderr, "mkpdf: %s:%d: want 'FIND => REPLACE'\n", subst_path, i + 1);
      exit(1);
    }
    *arrow = 0;
    const char *find = l, *repl = arrow + 4;
    int count = 0;
    for (char *q = strstr(src, find); q; q = strstr(q + 1, find))
      count++;
    if (count != 1) {
      fprintf(stderr, "mkpdf: %s:%d: '%s' occurs %d times in the source (must be once)\n",
              subst_path, i + 1, find, count);
      exit(1);
    }
    char *at = strstr(src, find);
    GString *o = g_string_new_len(src, at - src);
    g_string_append(o, repl);
    g_string_append(o, at + strlen(find));
    g_free(src);
    src = g_string_free(o, FALSE);
  }
  g_strfreev(lines);
  g_free(subs);
  return src;
}

int main(int argc, char **argv) {
  const char *out = NULL, *subst[8];
  int nsubst = 0;
  int i;
  for (i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-o") && i + 1 < argc)
      out = argv[++i];
    else if (!strcmp(argv[i], "-s") && i + 1 < argc && nsubst < 8)
      subst[nsubst++] = argv[++i];
    else if (argv[i][0] == '-')
      break;
    else
      break;
  }
  if (!out || i != argc - 1) {
    fprintf(stderr, "usage: mkpdf [-s SUBST]... -o OUT.pdf SOURCE.page\n");
    return 2;
  }
  g_src = argv[i];
  char *src = slurp(g_src);
  for (int k = 0; k < nsubst; k++)
    src = apply_subst(src, subst[k]);

  S.surf = cairo_pdf_surface_create(out, 297 * MM, 210 * MM);
  if (cairo_surface_status(S.surf)) {
    fprintf(stderr, "mkpdf: cannot create %s\n", out);
    return 1;
  }
  cairo_pdf_surface_restrict_to_version(S.surf, CAIRO_PDF_VERSION_1_5);
  cairo_pdf_surface_set_metadata(S.surf, CAIRO_PDF_METADATA_CREATE_DATE, "2026-01-16T00:00:00");
  cairo_pdf_surface_set_metadata(S.surf, CAIRO_PDF_METADATA_MOD_DATE, "2026-01-16T00:00:00");
  cairo_pdf_surface_set_metadata(S.surf, CAIRO_PDF_METADATA_CREATOR, "yosan samples/gen/mkpdf");
  S.cr = cairo_create(S.surf);
  S.pctx = pango_cairo_create_context(S.cr);
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options(S.pctx, fo);
  cairo_font_options_destroy(fo);
  pango_context_set_language(S.pctx, pango_language_from_string("ja-jp"));
  snprintf(S.family, sizeof S.family, "Noto Sans CJK JP");
  S.size = 10;
  S.lw = 0.6;
  S.gap = 1.5;
  S.pad = 1.2;
  S.spread = 0.17;

  /* join lines ending in a backslash; '#' starts a comment line */
  char **lines = g_strsplit(src, "\n", -1);
  GString *acc = g_string_new(NULL);
  int start = 0;
  for (int n = 0; lines[n]; n++) {
    char *l = lines[n];
    size_t len = strlen(l);
    while (len && (l[len - 1] == '\r' || l[len - 1] == ' '))
      l[--len] = 0;
    if (acc->len == 0) {
      char *t = l;
      while (*t == ' ' || *t == '\t')
        t++;
      if (*t == '#' || !*t)
        continue;
      start = n + 1;
    }
    if (len && l[len - 1] == '\\' && !(len > 1 && l[len - 2] == '\\')) {
      l[len - 1] = 0;
      g_string_append(acc, l);
      continue;
    }
    g_string_append(acc, l);
    g_lineno = start;
    command(acc->str);
    g_string_truncate(acc, 0);
  }
  if (T.active)
    die("missing endtable at end of file");
  if (S.pages == 0)
    die("no pages");
  cairo_show_page(S.cr);
  g_object_unref(S.pctx);
  cairo_destroy(S.cr);
  cairo_surface_finish(S.surf);
  if (cairo_surface_status(S.surf)) {
    fprintf(stderr, "mkpdf: writing %s: %s\n", out,
            cairo_status_to_string(cairo_surface_status(S.surf)));
    return 1;
  }
  cairo_surface_destroy(S.surf);
  g_strfreev(lines);
  g_string_free(acc, TRUE);
  g_free(src);
  return 0;
}
