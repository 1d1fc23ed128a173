/* fuzz — the CSV and JSON writers: any field must come back unchanged from an RFC 4180 reader,
 * and a JSON string must hold no raw control character. */
#include "cli/cli.h"

#include <stdint.h>
#include <stdlib.h>

/* A minimal RFC 4180 reader for one field followed by '\n'. */
static char *read_field(const char *csv) {
  GString *field = g_string_new(NULL);
  const char *p = csv;
  if (*p == '"') {
    for (p++; *p; p++) {
      if (*p == '"') {
        if (p[1] == '"') {
          g_string_append_c(field, '"');
          p++;
        } else {
          p++;
          break;
        }
      } else {
        g_string_append_c(field, *p);
      }
    }
  } else {
    for (; *p && *p != '\n'; p++) {
      if (*p == ',' || *p == '"' || *p == '\r')
        abort(); /* an unquoted field must not hold these */
      g_string_append_c(field, *p);
    }
  }
  if (*p != '\n')
    abort();
  return g_string_free(field, FALSE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *value = g_strndup((const char *)data, size); /* fields never hold NUL */
  GString *csv = g_string_new(NULL);
  ys_csv_field(csv, value);
  g_string_append_c(csv, '\n');
  char *back = read_field(csv->str);
  if (strcmp(back, value) != 0)
    abort();
  GString *json = g_string_new(NULL);
  ys_json_string(json, value);
  for (gsize i = 0; i < json->len; i++)
    if ((unsigned char)json->str[i] < 0x20)
      abort();
  g_string_free(json, TRUE);
  g_free(back);
  g_string_free(csv, TRUE);
  g_free(value);
  return 0;
}
