/* extract — the YS_EXTRACT_ERROR domain. */
#include "extract/extract.h"

/* Written out rather than G_DEFINE_QUARK(ys-extract-error-quark, …): clang-format splits the
 * macro's bare name into `ys - extract - error - quark`, and that is the string it then makes. */
GQuark ys_extract_error_quark(void) {
  return g_quark_from_static_string("ys-extract-error-quark");
}
