/* fuzz — the rule-file loader: any bytes as a rule file must load, or fail with a GError in the
 * rules domain naming the file; never a crash or a hang. A loaded rule set must then read a
 * few reference lines without failing. Fast enough to reach depth: the patterns are not
 * JIT-compiled (machine code for every input's patterns cost more than the rest), and the input
 * is written in place, without the fsync and rename of g_file_set_contents. */
#include "rules/rules_private.h"

#include <stdint.h>
#include <stdlib.h>

static char *dir;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (dir == NULL) {
    dir = g_dir_make_tmp("yosan-fuzz-rules-XXXXXX", NULL);
    if (dir == NULL)
      abort();
  }
  g_autofree char *path = g_build_filename(dir, "fuzz.rules", NULL);
  /* written in place: g_file_set_contents' rename and fsync cost more than the rest */
  if (!g_file_set_contents_full(path, (const char *)data, (gssize)size, G_FILE_SET_CONTENTS_NONE,
                                0644, NULL))
    abort();
  YsRules *rules = ys_rules_new_without_jit();
  GError *error = NULL;
  if (ys_rules_add_file(rules, path, &error)) {
    static const char *const lines[] = {"令和8年度予算額(案) 852億円", "(前年度予算額 850億円)",
                                        "○橋渡し研究プログラム 54億円(54億円)",
                                        "1,238億円 (こ7,総3,文583,厚481,経166)"};
    YsReader *reader = ys_reader_new(rules, "fuzz");
    for (guint i = 0; i < G_N_ELEMENTS(lines); i++) {
      YsRawLine raw = {.page = 1,
                       .line = (int)i + 1,
                       .text = (char *)lines[i],
                       .cells = g_array_new(FALSE, FALSE, sizeof(YsCellSpan))};
      YsCellSpan span = {0, 1};
      g_array_append_val(raw.cells, span);
      YsNormLine *line = ys_norm_line_new(&raw);
      if (!ys_reader_feed(reader, line, &error))
        g_clear_error(&error);
      ys_norm_line_free(line);
      g_array_unref(raw.cells);
    }
    ys_record_set_free(ys_reader_finish(reader));
  } else {
    if (error == NULL || error->domain != YS_RULES_ERROR ||
        strstr(error->message, "fuzz.rules") == NULL)
      abort();
    g_error_free(error);
  }
  ys_rules_free(rules);
  return 0;
}
