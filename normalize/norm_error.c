/* normalize — the YS_NORM_ERROR domain. */
#include "normalize/normalize.h"

G_DEFINE_QUARK(ys - norm - error - quark, ys_norm_error)
