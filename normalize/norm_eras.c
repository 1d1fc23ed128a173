/* normalize — the eras of the Japanese calendar: the one table every stage reads them from.
 * norm_wareki.c converts years with it, norm_spacing.c joins `令和 8` by its names, and the rule
 * engine seeds its {era} table (names and letters, each with its offset) from it, so that no
 * rule file lists them again. Newest first: the first era is the current one (an era-less
 * `8年度` with no era known is in it). A new era is one line here.
 */
#include "normalize/normalize.h"

#define ERA(name, square, abbr, first, last)                                                       \
  { name, sizeof name - 1, square, abbr, first, last }

static const YsEra eras[] = {
    ERA("令和", "㋿", 'R', 2019, 0), ERA("平成", "㍻", 'H', 1989, 31),
    ERA("昭和", "㍼", 'S', 1926, 64), ERA("大正", "㍽", 'T', 1912, 15),
    ERA("明治", "㍾", 'M', 1868, 45),
};

const YsEra *ys_norm_eras(gsize *n_eras) {
  *n_eras = G_N_ELEMENTS(eras);
  return eras;
}
