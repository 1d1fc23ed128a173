/* rules — document structure for the reader: sections, their headline, and outline levels.
 *
 * A section runs from a heading (or the start of a page) to a section end (a rule, e.g. the
 * `（担当：…）` footer) or the next heading or page. Its headline is the figures printed for the
 * heading's own item before any outline marker (`41億円（新規）` under 次世代医療…プログラム).
 * Outline markers ((1), ①, I., 1. — which style is which is a rule file's business) nest by
 * first appearance: a style already open closes the levels below it, a new style opens one
 * more level. A record on a marker line is a part of the nearest enclosing level's record of
 * the same year and kind, else of the section headline's.
 */
#include <string.h>

#include "rules/rules_reader.h"

void ys_outline_free(gpointer p) {
  OutlineLevel *l = p;
  g_free(l->style);
  g_array_unref(l->ids);
  g_free(l);
}

void ys_section_end(YsReader *rd) {
  g_clear_pointer(&rd->section_item, g_free);
  g_ptr_array_set_size(rd->parts, 0);
  g_array_set_size(rd->headline, 0);
  g_ptr_array_set_size(rd->outline, 0);
  rd->outline_seen = FALSE;
  g_array_set_size(rd->queue, 0);
  rd->has_caption = FALSE;
  g_clear_pointer(&rd->pending_name, g_free);
  rd->pending_marked = FALSE;
}

void ys_section_start(YsReader *rd, const char *item) {
  ys_section_end(rd);
  rd->section_item = g_strdup(item);
  g_free(rd->current_item);
  rd->current_item = g_strdup(item);
}

OutlineLevel *ys_outline_enter(YsReader *rd, const char *style) {
  rd->outline_seen = TRUE;
  for (guint i = 0; i < rd->outline->len; i++) {
    OutlineLevel *l = g_ptr_array_index(rd->outline, i);
    if (strcmp(l->style, style) == 0) {
      g_ptr_array_set_size(rd->outline, i + 1);
      g_array_set_size(l->ids, 0);
      return l;
    }
  }
  OutlineLevel *l = g_new0(OutlineLevel, 1);
  l->style = g_strdup(style);
  l->ids = g_array_new(FALSE, FALSE, sizeof(guint));
  g_ptr_array_add(rd->outline, l);
  return l;
}

static guint same_year_kind(YsReader *rd, const GArray *ids, int year, YsBudgetKind kind) {
  for (guint i = 0; i < ids->len; i++) {
    guint id = g_array_index(ids, guint, i);
    const YsRecord *r = ys_record_set_get(rd->em.set, id);
    if (r && r->fiscal_year == year && r->kind == kind && r->role == YS_ROLE_AMOUNT)
      return id;
  }
  return 0;
}

guint ys_outline_parent(YsReader *rd, const OutlineLevel *level, int year, YsBudgetKind kind) {
  guint at = rd->outline->len;
  for (guint i = 0; i < rd->outline->len; i++)
    if (g_ptr_array_index(rd->outline, i) == level)
      at = i;
  for (guint i = at; i-- > 0;) {
    const OutlineLevel *l = g_ptr_array_index(rd->outline, i);
    guint id = same_year_kind(rd, l->ids, year, kind);
    if (id)
      return id;
    if (l->ids->len)
      return 0; /* the enclosing level printed figures, none of this year/kind */
  }
  return same_year_kind(rd, rd->headline, year, kind);
}
