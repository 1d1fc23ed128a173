/* normalize — the YS_NORM_ERROR domain. */
#include "normalize/normalize.h"

/* Written out rather than G_DEFINE_QUARK(ys-norm-error-quark, …): clang-format splits the
 * macro's bare name into `ys - norm - error - quark`, and that is the string it then makes. */
GQuark ys_norm_error_quark(void) {
  return g_quark_from_static_string("ys-norm-error-quark");
}
