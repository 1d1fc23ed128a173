/* tests — how often a string occurs in an output (findings of one kind, rows, links). */
#ifndef YS_TESTS_TEXT_COUNT_H
#define YS_TESTS_TEXT_COUNT_H

#include <glib.h>
#include <string.h>

static inline guint ys_count_of(const char *haystack, const char *needle) {
  guint n = 0;
  for (const char *p = haystack; (p = strstr(p, needle)) != NULL; p += strlen(needle))
    n++;
  return n;
}

#endif
