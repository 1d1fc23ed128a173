/* tests — `yosan text` gives the same normalized text for the reference document whether it is
 * read as UTF-8, Shift_JIS (CP932) or EUC-JP; and the text of every sample PDF keeps each
 * amount as one token. */
#include "cli_support.h"

#include <string.h>

/* stdout without its first line (which names the file) */
static char *text_of(const char *path) {
  const char *args[] = {"text", path, NULL};
  YsRun r = ys_run(args, NULL);
  cr_assert_eq(r.status, 0, "%s: %s", path, r.err);
  char *body = strchr(r.out, '\n');
  cr_assert(body != NULL);
  char *copy = g_strdup(body + 1);
  ys_run_clear(&r);
  return copy;
}

Test(cli_encodings, shift_jis_and_euc_jp_read_like_utf8) {
  /* the UTF-8 original holds three characters neither legacy encoding has; the re-encoded
   * copies were made from a copy with 变→変, 啮→齧, ✓→・ (samples/make-encodings.sh) */
  g_autofree char *utf8 = text_of("samples/mext-lifescience-r8.txt");
  g_autofree char *sjis = text_of("samples/mext-lifescience-r8.sjis.txt");
  g_autofree char *eucjp = text_of("samples/mext-lifescience-r8.eucjp.txt");
  GString *expect = g_string_new(utf8);
  g_string_replace(expect, "变", "変", 0);
  g_string_replace(expect, "啮", "齧", 0);
  g_string_replace(expect, "✓", "・", 0);
  cr_expect(strcmp(sjis, expect->str) == 0, "Shift_JIS text differs from UTF-8");
  cr_expect(strcmp(eucjp, expect->str) == 0, "EUC-JP text differs from UTF-8");
  cr_expect(strstr(utf8, "1,238億円") && strstr(utf8, "AMED 308億円") && strstr(utf8, "12.6億円"));
  g_string_free(expect, TRUE);
}

Test(cli_encodings, sample_pdfs_read_amounts_as_one_token) {
  g_autofree char *mext = text_of("samples/mext-lifescience-r8.pdf");
  static const char *const tokens[] = {"852億円",
                                       "1,238億円",
                                       "1,232億円",
                                       "+6億円",
                                       "+0.5%",
                                       "841億円",
                                       "+28億円",
                                       "+3.5%",
                                       "(こ7,総3,文583,厚481,経166)",
                                       "355億円 <AMED 308億円、インハウス 46億円>",
                                       "12.6億円",
                                       "15,000千USドル",
                                       "1 USD = 154.64 JPY",
                                       NULL};
  for (int i = 0; tokens[i]; i++)
    cr_expect(strstr(mext, tokens[i]) != NULL, "missing token %s", tokens[i]);
  cr_expect(strstr(mext, "1, 2") == NULL, "digits still spread");
  g_autofree char *city = text_of("samples/city-yosansho-r8.pdf");
  cr_expect(strstr(city, "款\t本年度予算額\t前年度予算額\t比較") != NULL,
            "the 予算書 header must keep its cells apart");
  cr_expect(strstr(city, "千円\t千円\t千円") != NULL);
}

Test(cli_encodings, stdin_reads_like_a_file) {
  const char *args[] = {"text", "-", NULL};
  YsRun r = ys_run(args, "samples/mext-lifescience-r8.sjis.txt");
  cr_assert_eq(r.status, 0, "%s", r.err);
  cr_expect(strstr(r.out, "1,238億円") != NULL);
  ys_run_clear(&r);
}
