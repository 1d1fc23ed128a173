/* fuzz — the amount grammar: any valid UTF-8 text (normalize guarantees validity) must parse
 * to an exact amount with a positive rounding unit, or fail with a GError; never a crash, a
 * wrapped overflow or a hang. The default rules are loaded once. */
#include "rules/rules.h"

#include <stdint.h>
#include <stdlib.h>

static YsRules *rules;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (rules == NULL) {
    GError *error = NULL;
    g_autofree char *dir = g_build_filename(YS_SOURCE_DIR, "rules", NULL);
    if (!ys_rules_load(&rules, dir, &error))
      abort();
  }
  char *text = g_strndup((const char *)data, size);
  if (g_utf8_validate(text, -1, NULL)) {
    gint64 amount = 0, rounding_unit = 0;
    char *unit = NULL, *currency = NULL;
    GError *error = NULL;
    if (ys_rules_parse_amount(rules, text, &amount, &rounding_unit, &unit, &currency, &error)) {
      if (rounding_unit <= 0 || unit == NULL || currency == NULL)
        abort();
      if (amount % rounding_unit != 0)
        abort(); /* the amount is a whole number of its last printed digit */
    } else if (error == NULL || error->domain != YS_RULES_ERROR) {
      abort();
    }
    g_clear_error(&error);
    g_free(unit);
    g_free(currency);
  }
  g_free(text);
  return 0;
}
