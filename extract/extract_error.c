/* extract — the YS_EXTRACT_ERROR domain. */
#include "extract/extract.h"

G_DEFINE_QUARK(ys - extract - error - quark, ys_extract_error)
