/* fuzz — normalize: any valid UTF-8 line (extract guarantees validity) must normalize without
 * a crash, keep its tabs, map every normalized byte to a raw offset in order and come out the
 * same without the map (which the pipeline's lines are made with); the kanji numeral and 和暦
 * parsers must accept or reject any bytes cleanly. */
#include "normalize/normalize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *raw = g_strndup((const char *)data, size);
  gint64 value;
  GError *error = NULL;
  if (!ys_norm_kanji_number(raw, -1, &value, &error))
    g_clear_error(&error);
  int year;
  gsize consumed;
  if (ys_norm_parse_wareki(raw, &year, &consumed) && consumed > strlen(raw))
    abort();
  if (g_utf8_validate(raw, -1, NULL)) {
    gsize *map = NULL;
    char *text = ys_norm_text(raw, &map);
    gsize len = strlen(text), raw_len = strlen(raw);
    for (gsize i = 0; i <= len; i++)
      if (map[i] > raw_len || (i > 0 && map[i] < map[i - 1]))
        abort(); /* the map must point inside the raw text, in order */
    gsize raw_tabs = 0, tabs = 0;
    for (const char *p = raw; *p; p++)
      raw_tabs += *p == '\t';
    for (const char *p = text; *p; p++)
      tabs += *p == '\t';
    if (tabs != raw_tabs || !g_utf8_validate(text, -1, NULL))
      abort(); /* cells never merge or split; output stays UTF-8 */
    char *unmapped = ys_norm_text(raw, NULL);
    if (strcmp(unmapped, text) != 0)
      abort(); /* raw offsets are made by normalizing again: they must fit this text */
    g_free(unmapped);
    g_free(map);
    g_free(text);
  }
  g_free(raw);
  return 0;
}
