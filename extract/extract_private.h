/* extract — private declarations shared by the files of the extract stage (not for other
 * stages): the document object, the glyph type the layout works on, and the entry points of
 * the PDF reader, the text reader, the layout and the Poppler-message capture. */
#ifndef YS_EXTRACT_PRIVATE_H
#define YS_EXTRACT_PRIVATE_H

#include "extract/extract.h"

#include <poppler.h>

/* Text input, decoded to UTF-8 once at open; pages are cut out of it on demand. */
typedef struct {
  char *utf8; /* whole text, NUL-terminated */
  gsize len;
  GArray *page_start; /* gsize offsets into utf8 (streamed: into the file), one per page */
  GArray *page_end;
  /* A UTF-8 file read page by page (extract_text_stream.c) rather than whole into UTF8: */
  gboolean streamed;
  int fd;
  goffset size; /* and its size and change time when opened */
  gint64 mtime_sec, mtime_nsec;
} YsTextSource;

struct YsDocument {
  char *source; /* path as given, "<stdin>" for "-" */
  gboolean is_pdf;
  const char *encoding; /* static string or owned by encoding_owned */
  char *encoding_owned;
  PopplerDocument *pdf;
  GBytes *pdf_bytes;  /* stdin PDF: the bytes Poppler reads from */
  char *open_warning; /* Poppler's complaints while opening (xref rebuilt, …), or NULL */
  YsTextSource text;
  int n_pages;
  gboolean read_ahead;       /* options->read_ahead */
  struct YsReadAhead *ahead; /* PDF pages being read on another thread, or NULL */
};

/* What the lines of a text page live in: one block for their texts, one array for them, and
 * the cell arrays they share (a line is no allocation of its own). */
struct YsPageStore {
  char *block;      /* the lines' texts */
  YsRawLine *lines; /* the lines page->lines points at */
  GPtrArray *cells; /* GArray* of YsCellSpan, [n - 1] for n cells; NULL where none */
};

/* ---- extract_open.c ---- */
YsRawLine *ys_raw_line_new(int page, int line);
YsPage *ys_page_new(int number);

/* ---- extract_poppler_load.c ---- */
/* The poppler-glib functions extract calls, looked up when a PDF is first opened. */
typedef struct {
  __typeof__(poppler_error_quark) *error_quark;
  __typeof__(poppler_document_new_from_file) *document_new_from_file;
  __typeof__(poppler_document_new_from_bytes) *document_new_from_bytes;
  __typeof__(poppler_document_get_n_pages) *document_get_n_pages;
  __typeof__(poppler_document_get_page) *document_get_page;
  __typeof__(poppler_page_get_size) *page_get_size;
  __typeof__(poppler_page_get_text) *page_get_text;
  __typeof__(poppler_page_get_text_layout) *page_get_text_layout;
  __typeof__(poppler_page_get_text_attributes) *page_get_text_attributes;
  __typeof__(poppler_page_free_text_attributes) *page_free_text_attributes;
  __typeof__(poppler_page_get_image_mapping) *page_get_image_mapping;
  __typeof__(poppler_page_free_image_mapping) *page_free_image_mapping;
  /* for page images and the document's own description (extract_render.c) */
  __typeof__(poppler_page_render) *page_render;
  __typeof__(poppler_document_get_title) *document_get_title;
  __typeof__(poppler_document_get_author) *document_get_author;
} YsPopplerApi;
/* Set once ys_poppler_load has returned TRUE; read-only afterwards. */
extern YsPopplerApi ys_poppler;
/* Loads poppler-glib into this process (the first call; later ones answer at once). */
gboolean ys_poppler_load(GError **error);

/* ---- extract_pdf.c ---- */
gboolean ys_extract_pdf_open(YsDocument *doc, const char *path, GBytes *bytes,
                             const YsExtractOptions *options, GError **error);
YsPage *ys_extract_pdf_page(YsDocument *doc, int number);
/* A page as Poppler gave it, not yet laid out: PAGE has its number, size, status and warning
 * but no lines; GLYPHS is set when the status is YS_PAGE_OK. */
typedef struct {
  YsPage *page;
  GArray *glyphs; /* YsGlyph */
} YsPdfPageRead;
/* The Poppler half of ys_extract_pdf_page: may run on any one thread at a time. */
YsPdfPageRead *ys_extract_pdf_read(YsDocument *doc, int number);
/* The other half (no Poppler): lays the glyphs out into lines; takes READ over. */
YsPage *ys_extract_pdf_lay_out(YsPdfPageRead *read);
void ys_pdf_page_read_free(YsPdfPageRead *read);

/* ---- extract_read_ahead.c ---- */
/* A thread that reads the pages FIRST, FIRST + 1, … of DOC (ys_extract_pdf_read) a few pages
 * ahead of the caller, who takes them in that order. While it runs, nothing else may call
 * Poppler on DOC. Returns NULL if no thread can be started (the caller reads the page itself). */
typedef struct YsReadAhead YsReadAhead;
YsReadAhead *ys_read_ahead_start(YsDocument *doc, int first);
/* The number of the page ys_read_ahead_take returns next. */
int ys_read_ahead_next(const YsReadAhead *ahead);
/* The next page, waiting for it if it is not read yet. */
YsPdfPageRead *ys_read_ahead_take(YsReadAhead *ahead);
/* Stops the thread (after the page it is reading), waits for it and frees what it read. */
void ys_read_ahead_stop(YsReadAhead *ahead);

/* ---- extract_text.c ---- */
/* Takes over OWNED_BYTES (the text's buffer becomes the document's when it is UTF-8). */
gboolean ys_extract_text_open(YsDocument *doc, GBytes *owned_bytes, const YsExtractOptions *options,
                              GError **error);
YsPage *ys_extract_text_page(YsDocument *doc, int number, GError **error);
/* Whether DATA[0..LEN) is strict UTF-8 without NUL bytes. */
gboolean ys_extract_utf8_valid(const char *data, gsize len);

/* ---- extract_text_stream.c ---- */
/* Opens the text file PATH page by page when it is UTF-8 without NUL bytes (and OPTIONS name
 * no other encoding): sets DOC's pages and encoding. FALSE, with nothing set, leaves the file
 * to ys_extract_text_open (read whole): other encodings, errors to word, special files. */
gboolean ys_extract_text_stream_open(YsDocument *doc, const char *path,
                                     const YsExtractOptions *options);
/* Reads the bytes [START, END) of a streamed document into INTO (END - START + 1 bytes), NUL-
 * terminated; FALSE and ERROR when the file changed since it was opened. */
gboolean ys_extract_text_stream_read(YsDocument *doc, gsize start, gsize end, char *into,
                                     GError **error);
/* Decodes DATA from ENCODING (an iconv name) strictly to UTF-8; on invalid input returns NULL
 * and sets *bad_offset to the offset of the first byte that does not decode. */
char *ys_extract_decode(const char *data, gsize len, const char *iconv_name, gsize *out_len,
                        gsize *bad_offset);
/* Detects the encoding of DATA: "UTF-8", "CP932" or "EUC-JP" (decoded as EUC-JP-MS), or NULL
 * when none decodes fully. For CP932 and EUC-JP, *DECODED (g_free) receives the text decoded
 * to UTF-8 (*DECODED_LEN bytes, NUL-terminated); NULL otherwise. */
const char *ys_extract_detect_encoding(const char *data, gsize len, char **decoded,
                                       gsize *decoded_len);

/* ---- extract_layout.c ---- */
/* One character Poppler placed on the page. Its box spans the glyph's advance in x (character
 * spacing Poppler did not fold into it is the gap to the next box) and the font's ascent to
 * descent in y, which some fonts (Type 3) make two or three times the text's height: the em,
 * not the box, is the measure of the text. */
typedef struct {
  gunichar ch;
  double x0, y0, x1, y1; /* points, origin top-left */
  float size;            /* font size in points, as Poppler gives it; 0 when not known */
  float em; /* the layout's measure of the text, in points: the advance of a full-width glyph
             * (extract_metrics.c); set by ys_layout_lines. Floats: 48 bytes a glyph, not 56,
             * which the layout moves around */
} YsGlyph;

/* Kinds of the gap before a glyph on a line (extract_runs.c, extract_cells.c). */
enum {
  YS_GAP_NONE,   /* the glyphs touch, or are spread by character spacing: one token */
  YS_GAP_SPACE,  /* a word space */
  YS_GAP_SOFT,   /* a space wide enough to be a cell boundary where the rows around agree */
  YS_GAP_TAB,    /* a cell boundary */
  YS_GAP_COLUMN, /* a cell boundary the rows around confirm (extract_cells.c) */
};

/* A line being built: its glyphs (left to right once complete) and the mean band of them. */
typedef struct {
  GArray *glyphs; /* YsGlyph */
  guint members;  /* glyphs added to the band (the array may be filled after the grouping) */
  double sum_y0, sum_y1;
  double y0, y1;                /* mean band of the members (their text height, not their boxes) */
  double cy_min, cy_max, h_min; /* lowest and highest centre of a member, lowest text height */
  gboolean vertical;
  guint8 *gaps; /* YS_GAP_* before each glyph ([0] unused), once the line is complete */
} YsLayoutLine;

YsLayoutLine *ys_layout_line_new(void);
void ys_layout_line_add(YsLayoutLine *l, const YsGlyph *g);
void ys_layout_line_free(YsLayoutLine *l);

/* Japanese script (kana, CJK ideographs): set without spaces between its glyphs. */
static inline gboolean ys_layout_is_cjk(gunichar c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

/* The height of G's text: its box (the font's ascent to descent, 1-1.5 em); where the box is
 * taller than YS_TEXT_HEIGHT_MAX ems, taller than any text (a Type 3 font's bounding box), it
 * says nothing of the text, and the em — a full-width glyph's advance, the height of its ink —
 * is the measure (the lines of a header's cells stacked 0.4-0.75 em apart stay apart). */
#define YS_TEXT_HEIGHT_MAX 1.5
static inline double ys_glyph_height(const YsGlyph *g) {
  double h = g->y1 - g->y0;
  return MAX(h <= YS_TEXT_HEIGHT_MAX * g->em ? h : g->em, 0.1); /* NaN: the em */
}

/* ---- extract_metrics.c ---- */
/* The value V[N / 2] would hold if V (N > 0, no NaN) were sorted; reorders V. */
double ys_layout_median(double *v, guint n);
/* Sets the em of each of G[0..n) (see YsGlyph). */
void ys_layout_measure(YsGlyph *g, guint n);

/* ---- extract_runs.c ---- */
/* Decides the kind of each gap of a horizontal line (G[0..n), left to right) from the line's
 * own pitch: KIND[i] for the gap before G[i], i >= 1. */
void ys_layout_gaps(const YsGlyph *g, guint n, guint8 *kind);
/* Is gap I of such a line a cell boundary between two lone CJK glyphs (a word spread over its
 * cell may be one)? */
gboolean ys_layout_lone_pair(const YsGlyph *g, guint n, const guint8 *kind, guint i);
/* Joins the lone CJK glyphs of such a line that are words spread over their cells, once the
 * columns have confirmed the boundaries they confirm. */
void ys_layout_join_lone_pairs(const YsGlyph *g, guint n, guint8 *kind);

/* ---- extract_rows.c ---- */
/* Joins the lines of REGION (YsLayoutLine*, in order of their tops, glyphs left to right) that
 * are cells centred on a row of two-line cells to the row's first line; frees the lines joined
 * (REGION frees its lines). */
void ys_layout_join_centred(GPtrArray *region);

/* ---- extract_cells.c ---- */
/* Turns the soft gaps of LINES[0..n) (YsLayoutLine*, gaps decided, any order) into cell
 * boundaries where the lines around agree that a column edge lies there, and joins the lone
 * CJK glyphs of words spread over their cells where they do not. */
void ys_layout_cells(YsLayoutLine *const *lines, guint n);
/* The line L as extract hands it out: text with spaces and tabs, cells and their spans. */
YsRawLine *ys_layout_emit(const YsLayoutLine *l, int page);

/* ---- extract_columns.c ---- */
/* Puts LINES (horizontal YsLayoutLine*, glyphs left to right, sorted top to bottom) in reading
 * order into OUT: side-by-side text columns (two prose columns, a box beside a paragraph) are
 * cut at the empty gutter between them and read one after the other; a line crossing the
 * gutter is cut in two. Tables stay as they are. Lines created by the cuts are added to POOL
 * (which frees them); OUT does not own its lines. */
void ys_layout_columns(GPtrArray *lines, GPtrArray *pool, GPtrArray *out);

/* Groups GLYPHS (any order; the array is reordered) into lines in reading order, appending
 * YsRawLine* to LINES with page PAGE_NUMBER. PAGE_WIDTH/HEIGHT let it find the gutter of two
 * facing pages on a landscape sheet. */
void ys_layout_lines(GArray *glyphs, double page_width, double page_height, int page_number,
                     GPtrArray *lines);

/* ---- extract_poppler_log.c ---- */
/* Poppler's complaints (syntax errors, flate errors, broken fonts) are caught while a capture
 * is active on the calling thread instead of reaching stderr. */
typedef struct {
  int errors;   /* syntax / IO / internal errors */
  int warnings; /* syntax warnings, unimplemented features */
  char *first;  /* first error message (or first warning if no error), owned */
  void *outer;  /* the capture this one interrupts (nesting), internal */
} YsPopplerLog;

void ys_poppler_log_begin(YsPopplerLog *log);
void ys_poppler_log_end(YsPopplerLog *log);
void ys_poppler_log_clear(YsPopplerLog *log);

#endif
