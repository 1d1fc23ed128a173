/* cli — "did you mean": the nearest known name to a mistyped one (an option, a command, a
 * format), by edit distance with transpositions counted as one edit (optimal string alignment),
 * or by being the start of exactly one name. Bytes, not characters: the names are ASCII. */
#include "cli/cli.h"

/* Edits from A to B: insertions, deletions, substitutions, adjacent transpositions. */
static guint edit_distance(const char *a, const char *b) {
  gsize n = strlen(a), m = strlen(b);
  /* three rows: the one before the previous is what a transposition reaches back to */
  g_autofree guint *rows = g_new(guint, 3 * (m + 1));
  guint *two_back = rows, *prev = rows + (m + 1), *cur = rows + 2 * (m + 1);
  for (gsize j = 0; j <= m; j++)
    prev[j] = (guint)j;
  for (gsize i = 1; i <= n; i++) {
    cur[0] = (guint)i;
    for (gsize j = 1; j <= m; j++) {
      guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
      guint best = MIN(MIN(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        best = MIN(best, two_back[j - 2] + 1);
      cur[j] = best;
    }
    guint *t = two_back;
    two_back = prev;
    prev = cur;
    cur = t;
  }
  return prev[m];
}

const char *ys_cli_nearest(const char *word, const char *const *candidates) {
  if (word == NULL || word[0] == '\0')
    return NULL;
  const char *best = NULL, *prefix_of = NULL;
  guint best_distance = G_MAXUINT, prefixes = 0;
  gsize len = strlen(word);
  for (gsize i = 0; candidates[i]; i++) {
    guint d = edit_distance(word, candidates[i]);
    if (d < best_distance) {
      best_distance = d;
      best = candidates[i];
    }
    if (len >= 2 && g_str_has_prefix(candidates[i], word)) {
      prefixes++;
      prefix_of = candidates[i];
    }
  }
  /* near enough to be a slip of the fingers, not another word: at most two edits, and fewer
   * than half of the word's letters */
  if (best != NULL && best_distance <= 2 && best_distance * 2 <= len)
    return best;
  return prefixes == 1 ? prefix_of : NULL;
}
