/* validate — names of the finding enums as they appear in CSV / JSON Lines (stable schema). */
#include "validate/validate.h"

const char *ys_check_kind_name(YsCheckKind kind) {
  switch (kind) {
  case YS_CHECK_SUM:
    return "sum";
  case YS_CHECK_DIFFERENCE:
    return "difference";
  case YS_CHECK_RATE:
    return "rate";
  case YS_CHECK_DUPLICATE:
    return "duplicate";
  case YS_CHECK_CROSS_YEAR:
    return "cross-year";
  case YS_CHECK_CROSS_DOC:
    return "cross-document";
  case YS_CHECK_BALANCE:
    return "balance";
  }
  return "sum";
}

const char *ys_status_name(YsStatus status) {
  switch (status) {
  case YS_STATUS_EXACT:
    return "exact";
  case YS_STATUS_ROUNDING:
    return "rounding";
  case YS_STATUS_MISMATCH:
    return "mismatch";
  }
  return "mismatch";
}

void ys_finding_free(YsFinding *finding) {
  if (finding == NULL)
    return;
  g_free(finding->source);
  g_free(finding->item);
  g_free(finding->path);
  g_free(finding->detail);
  g_free(finding->text);
  if (finding->parts != NULL)
    g_array_unref(finding->parts);
  g_free(finding);
}
