/* extract — first stage of the yosan pipeline.
 *
 * Opens a PDF (poppler-glib) or a text file (iconv) and hands out its pages one at a time,
 * each as lines in reading order. A line keeps its page, its bounding box and its raw text;
 * the cells of a table row are separated by a tab and each cell's horizontal extent is kept,
 * so that later stages can tie a cell to the column header above it.
 *
 * Library code: never prints, never exits; every fallible call returns a gboolean and fills
 * a GError in the YS_EXTRACT_ERROR domain whose message names the file (and page).
 */
#ifndef YS_EXTRACT_H
#define YS_EXTRACT_H

#include <glib.h>

G_BEGIN_DECLS

#define YS_EXTRACT_ERROR (ys_extract_error_quark())
GQuark ys_extract_error_quark(void);

typedef enum {
  YS_EXTRACT_ERROR_NOT_FOUND, /* missing or unreadable file */
  YS_EXTRACT_ERROR_NOT_PDF,   /* claims to be a PDF (or named .pdf) but is not one */
  YS_EXTRACT_ERROR_DAMAGED,   /* truncated or broken PDF that Poppler cannot open */
  YS_EXTRACT_ERROR_PASSWORD,  /* needs a user password (none or a wrong one given) */
  YS_EXTRACT_ERROR_ENCODING,  /* text not valid in its (detected or given) encoding */
  YS_EXTRACT_ERROR_IO,        /* read error, stdin problems, … */
  YS_EXTRACT_ERROR_PAGE,      /* page number out of range */
} YsExtractError;

/* Horizontal extent of one tab-separated cell of a line, in PDF points from the page's left
 * edge. For text input cell i spans [i, i + 1) (column units), so both kinds compare alike. */
typedef struct {
  double x0, x1;
} YsCellSpan;

typedef struct {
  int page;              /* 1-based */
  int line;              /* 1-based within the page */
  double x0, y0, x1, y1; /* bounding box in points, origin top-left; all 0 for text input */
  char *text;    /* raw UTF-8 as extracted; cells separated by '\t', never a run of spaces */
  GArray *cells; /* YsCellSpan, one per tab-separated cell, in order */
  gsize len;     /* strlen(text) as extract knows it; 0 means not known (measure it) */
} YsRawLine;

typedef enum {
  YS_PAGE_OK,            /* text extracted */
  YS_PAGE_BLANK,         /* nothing on the page at all: not a problem */
  YS_PAGE_IMAGE_ONLY,    /* images but no text layer (scanned): warning */
  YS_PAGE_UNMAPPED_FONT, /* glyphs without a Unicode map (private-use / garbage): warning */
  YS_PAGE_DAMAGED,       /* Poppler failed on this page: warning, page skipped */
} YsPageStatus;

typedef struct {
  int number;           /* 1-based */
  double width, height; /* points; 0 for text input */
  YsPageStatus status;
  char *warning;    /* NULL when OK/BLANK, else e.g. "no extractable text (image only); OCR is not
                       supported" */
  GPtrArray *lines; /* YsRawLine*, reading order; empty unless status is OK. The page's: never
                     * free or keep one beyond ys_page_free (text pages hold them in STORE) */
  struct YsPageStore *store; /* extract's own */
} YsPage;

typedef struct {
  const char *encoding; /* text input: iconv name that overrides detection; NULL = detect */
  const char *password; /* PDF user password; NULL = none */
  gboolean read_ahead;  /* PDF: read pages ahead on a second thread (a core to spare) */
} YsExtractOptions;

typedef struct YsDocument YsDocument;

/* Opens PATH ("-" = standard input). PDF or text is decided by content (%PDF- magic), not name;
 * a file named *.pdf that is not a PDF is YS_EXTRACT_ERROR_NOT_PDF. */
gboolean ys_extract_open(YsDocument **out, const char *path, const YsExtractOptions *options,
                         GError **error);
/* Opens BYTES, already in memory, as ys_extract_open opens a file (PDF or text by content),
 * SOURCE naming it in messages; the document holds a reference to BYTES. */
gboolean ys_extract_open_bytes(YsDocument **out, const char *source, GBytes *bytes,
                               const YsExtractOptions *options, GError **error);
/* Loads into this process now what reading PATHS (N of them) will need and is otherwise loaded
 * on demand: Poppler, when one of them is a PDF or standard input. A process that forks one
 * reader per file calls it first, so that the readers share what it loaded instead of each
 * loading it again. Best effort: what fails here, the reader that needs it reports. */
void ys_extract_prepare(const char *const *paths, guint n);
int ys_extract_page_count(const YsDocument *doc);
gboolean ys_extract_is_pdf(const YsDocument *doc);
/* Encoding the text was read in ("UTF-8", "CP932", "EUC-JP"); NULL for a PDF. */
const char *ys_extract_encoding(const YsDocument *doc);
/* The path as given, for messages ("<stdin>" for "-"). */
const char *ys_extract_source(const YsDocument *doc);
/* What Poppler complained about while opening a PDF it had to repair (a rebuilt cross-reference
 * table, …), or NULL. Not an error: the pages may still read; a caller may show it as a note. */
const char *ys_extract_open_warning(const YsDocument *doc);

/* Extracts page NUMBER (1-based). Pages are independent: a caller streams them one at a time
 * and frees each, so memory does not grow with the page count. A page Poppler cannot read is
 * returned with status YS_PAGE_DAMAGED (not an error); FALSE only for a bad page number.
 * With options->read_ahead, PDF pages asked for in order are read by Poppler on a second thread
 * while the caller works on the one it has. A YsDocument itself is for one thread at a time. */
gboolean ys_extract_page(YsDocument *doc, int number, YsPage **out, GError **error);

/* ---- page images and the document's description (PDF only): for the report ---- */

/* cairo's cairo_t (<cairo.h>), the caller's: extract hands it to Poppler and calls no cairo. */
struct _cairo;

/* Reads the pages the caller asks for from now on on its own thread: a caller that goes back to
 * pages already read (to crop them) stops the reading ahead first. */
void ys_extract_stop_reading_ahead(YsDocument *doc);
/* The size of page NUMBER in points, in the space its lines' boxes are given in. FALSE for text
 * input (it has no pages to draw) or a page that is not there. */
gboolean ys_extract_page_size(YsDocument *doc, int number, double *width, double *height,
                              GError **error);
/* Draws page NUMBER of a PDF into CR under CR's transformation and clip, in points from the
 * page's top-left corner, as boxes are given (poppler_page_render). Stops reading ahead first.
 * FALSE for text input or a page Poppler cannot load. */
gboolean ys_extract_render_page(YsDocument *doc, int number, struct _cairo *cr, GError **error);
/* The PDF's own Title and Author (g_free), or NULL when it has none (or for text input). */
char *ys_extract_title(YsDocument *doc);
char *ys_extract_author(YsDocument *doc);

void ys_page_free(YsPage *page);
void ys_raw_line_free(YsRawLine *line);
void ys_extract_close(YsDocument *doc);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(YsDocument, ys_extract_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(YsPage, ys_page_free)

G_END_DECLS

#endif
