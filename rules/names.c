/* rules — the YS_RULES_ERROR domain and the names of the record enums as they appear in
 * CSV / JSON Lines (part of the stable output schema: do not rename). */
#include "rules/rules.h"

/* Written out rather than G_DEFINE_QUARK(ys-rules-error-quark, …): clang-format splits the
 * macro's bare name into `ys - rules - error - quark`, and that is the string it then makes. */
GQuark ys_rules_error_quark(void) {
  return g_quark_from_static_string("ys-rules-error-quark");
}

const char *ys_budget_kind_name(YsBudgetKind kind) {
  switch (kind) {
  case YS_KIND_INITIAL:
    return "initial";
  case YS_KIND_SUPPLEMENTARY:
    return "supplementary";
  case YS_KIND_REQUEST:
    return "request";
  case YS_KIND_SETTLED:
    return "settled";
  case YS_KIND_OTHER:
    return "other";
  }
  return "other";
}

const char *ys_qualifier_name(YsQualifier qualifier) {
  switch (qualifier) {
  case YS_QUAL_NONE:
    return "";
  case YS_QUAL_PORTION:
    return "portion";
  case YS_QUAL_APPROX:
    return "approx";
  case YS_QUAL_MAX:
    return "max";
  case YS_QUAL_PER:
    return "per";
  }
  return "";
}

const char *ys_role_name(YsRole role) {
  switch (role) {
  case YS_ROLE_AMOUNT:
    return "amount";
  case YS_ROLE_DIFFERENCE:
    return "difference";
  case YS_ROLE_RATE:
    return "rate";
  }
  return "amount";
}

const char *ys_rounding_name(YsRounding rounding) {
  switch (rounding) {
  case YS_ROUND_UNKNOWN:
    return "unknown";
  case YS_ROUND_HALF:
    return "四捨五入";
  case YS_ROUND_DOWN:
    return "切り捨て";
  case YS_ROUND_UP:
    return "切り上げ";
  }
  return "unknown";
}

const char *ys_level_name(YsLevel level) {
  switch (level) {
  case YS_LEVEL_NONE:
    return "";
  case YS_LEVEL_KAN:
    return "款";
  case YS_LEVEL_KOU:
    return "項";
  case YS_LEVEL_MOKU:
    return "目";
  case YS_LEVEL_SETSU:
    return "節";
  case YS_LEVEL_SAISETSU:
    return "細節";
  case YS_LEVEL_SETSUMEI:
    return "説明";
  case YS_LEVEL_HEADING:
    return "heading";
  case YS_LEVEL_OUTLINE:
    return "outline";
  case YS_LEVEL_BREAKDOWN:
    return "breakdown";
  }
  return "";
}
