/* rules — the names of a table that numbers its rows in a column of their own (一連番号), or
 * of one whose names carry no number at all (第2表 債務負担行為).
 *
 * A 債務負担行為 調書 prints `35` in its 一連番号 column and the row's name in 事項 over as many
 * lines as it needs, centred on the number's line: `新環境クリーンセンター` above it,
 * `運営管理業務` below. No fragment starts with a number, and one above its row's line is no line
 * of the row above. Each number starts a name; each label fragment goes with the number nearest to
 * it in height, in order from the top (rows are printed at a regular pitch, their names centred).
 */
#include <math.h>
#include <string.h>

#include "rules/rules_ledger_private.h"

#define NAME_REACH 3.0 /* a name's line lies at most this many line heights from its number's */

static double band_middle(const Sheet *sh, int b) {
  const Band *band = &g_array_index(sh->bands, Band, b);
  return (band->y0 + band->y1) / 2;
}

static int cmp_int(gconstpointer a, gconstpointer b) {
  return *(const int *)a - *(const int *)b;
}

/* The label column the names go in: the innermost one (事項). */
static int name_column(const Sheet *sh) {
  int best = -1, level = 0;
  for (guint i = 0; i < sh->cols->columns->len; i++) {
    const Column *k = ys_column(sh->cols, (int)i);
    if (k->role == COL_LABEL && k->level > level) {
      best = (int)i;
      level = k->level;
    }
  }
  return best;
}

/* A new name in column COL on band B, starting with TEXT. */
static Name *add_name(Sheet *sh, int col, int b, const char *text, gsize len) {
  Name *n = g_new0(Name, 1);
  n->col = col;
  n->raw = g_string_new_len(text, (gssize)len);
  n->first_band = b;
  n->bands = g_array_new(FALSE, FALSE, sizeof(int));
  n->row = -1;
  g_array_append_val(n->bands, b);
  g_ptr_array_add(sh->names, n);
  return n;
}

static gboolean is_total(Sheet *sh, const SCell *c) {
  return ys_emit_match(sh->em, RK_TOTAL_ROW, cell_text(c), c->e - c->s, NULL);
}

/* A band without a number whose label is 合計 (under the last row): a total row of its own. */
static gboolean total_row(Sheet *sh, int col, int b) {
  const Band *band = &g_array_index(sh->bands, Band, b);
  for (guint i = 0; band->cells && i < band->cells->len; i++) {
    const SCell *c = &g_array_index(band->cells, SCell, i);
    if (cell_role(sh, c, COL_LABEL) && is_total(sh, c)) {
      add_name(sh, col, b, cell_text(c), c->e - c->s)->closed = TRUE;
      return TRUE;
    }
  }
  return FALSE;
}

/* A table of one label column, its names centred on their rows (the column rule's `style
 * centred`), none of them starting with a number (第2表 債務負担行為: 事項 | 期間 | 限度額, a name
 * wrapped above and below its figure): each line with figures is a row,
 * anchoring a name (ANCHORS, NAME_OF) as a number would. FALSE when the table is not one. */
static gboolean unnumbered_rows(Sheet *sh, int col, GArray *anchors, int *name_of) {
  if (ys_columns_labels(sh->cols) != 1 || !ys_column(sh->cols, col)->centred)
    return FALSE; /* names may start on their row's line and go down (a 目 of a 予算書) */
  for (guint b = 0; b < sh->bands->len; b++) {
    const Band *band = &g_array_index(sh->bands, Band, b);
    for (guint i = 0; band->cells && i < band->cells->len; i++)
      if (numbered_label(sh, &g_array_index(band->cells, SCell, i)))
        return FALSE; /* numbered names: the usual reading */
  }
  for (guint b = 0; b < sh->bands->len; b++) {
    const Band *band = &g_array_index(sh->bands, Band, b);
    if (band->heading || !ys_sheet_band_has_figures(sh, band))
      continue;
    gboolean total = FALSE;
    for (guint i = 0; band->cells && i < band->cells->len; i++) {
      const SCell *c = &g_array_index(band->cells, SCell, i);
      total |= cell_role(sh, c, COL_LABEL) && is_total(sh, c);
    }
    if (total)
      continue; /* 合計: a total row of its own (total_row) */
    name_of[b] = (int)sh->names->len;
    add_name(sh, col, (int)b, "", 0);
    int bi = (int)b;
    g_array_append_val(anchors, bi);
  }
  return anchors->len > 0;
}

gboolean ys_sheet_serial_names(Sheet *sh) {
  int col = name_column(sh);
  if (col < 0)
    return FALSE;
  /* the numbers: a name each, on the number's band */
  g_autoptr(GArray) anchors = g_array_new(FALSE, FALSE, sizeof(int)); /* their bands */
  g_autofree int *name_of = g_new(int, sh->bands->len + 1);           /* band → name, −1 */
  for (guint b = 0; b < sh->bands->len; b++) {
    const Band *band = &g_array_index(sh->bands, Band, b);
    name_of[b] = -1;
    for (guint i = 0; band->cells && i < band->cells->len; i++) {
      const SCell *c = &g_array_index(band->cells, SCell, i);
      if (!cell_role(sh, c, COL_SERIAL) ||
          !ys_emit_match(sh->em, RK_ROW_NUMBER, cell_text(c), c->e - c->s, NULL))
        continue;
      name_of[b] = (int)sh->names->len;
      add_name(sh, col, (int)b, cell_text(c), c->e - c->s);
      int number = (int)g_ascii_strtoll(cell_text(c), NULL, 10);
      if (sh->serial_first && number != sh->serial_last + 1)
        sh->serial_gap = TRUE;
      if (!sh->serial_first)
        sh->serial_first = number;
      sh->serial_last = number;
      int bi = (int)b;
      g_array_append_val(anchors, bi);
      break;
    }
  }
  if (!anchors->len && !unnumbered_rows(sh, col, anchors, name_of))
    return FALSE;
  /* the label fragments, each with the nearest number (or row line) */
  for (guint b = 0; b < sh->bands->len; b++) {
    const Band *band = &g_array_index(sh->bands, Band, b);
    double y = band_middle(sh, (int)b), best_dist = INFINITY;
    int best = -1;
    for (guint a = 0; a < anchors->len; a++) {
      int ab = g_array_index(anchors, int, a);
      double d = fabs(band_middle(sh, ab) - y);
      if (d < best_dist) {
        best_dist = d;
        best = ab;
      }
    }
    if (name_of[b] < 0 && total_row(sh, col, (int)b))
      continue;
    /* a name's lines lie within a line or two of its number; text further off (a title, a
     * note) is none of its lines */
    const Band *own = &g_array_index(sh->bands, Band, best);
    if (best_dist > NAME_REACH * MAX(band->y1 - band->y0, own->y1 - own->y0))
      continue;
    Name *n = g_ptr_array_index(sh->names, name_of[best]);
    for (guint i = 0; band->cells && i < band->cells->len; i++) {
      const SCell *c = &g_array_index(band->cells, SCell, i);
      if (!cell_role(sh, c, COL_LABEL) || c->e == c->s)
        continue;
      g_string_append_len(n->raw, cell_text(c), (gssize)(c->e - c->s));
      int bi = (int)b;
      if (bi != best && g_array_index(n->bands, int, n->bands->len - 1) != bi)
        g_array_append_val(n->bands, bi);
      n->first_band = MIN(n->first_band, bi);
    }
  }
  for (guint j = sh->names->len; j-- > 0;) {
    Name *n = g_ptr_array_index(sh->names, j);
    if (n->raw->len == 0)
      g_ptr_array_remove_index(sh->names, j); /* a row line with no name near it */
    else
      g_array_sort(n->bands, cmp_int);
  }
  return TRUE;
}
