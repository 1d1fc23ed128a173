/* rules — what the alias lines of the rule files say, for the checks across years: `rename OLD
 * NEW` (an item renamed between years) and `body NAME` (an issuing body). rules_load.c reads the
 * lines into the tables; this file answers from them. */
#include "rules/rules_private.h"

/* Followed for at most as many steps as there are renames, so a loop (A → B, B → A) ends. */
const char *ys_rules_renamed(const YsRules *rules, const char *name) {
  const char *cur = name;
  guint steps = g_hash_table_size(rules->renames);
  for (guint i = 0; i < steps; i++) {
    const char *next = g_hash_table_lookup(rules->renames, cur);
    if (next == NULL)
      break;
    cur = next;
  }
  return cur;
}

const GPtrArray *ys_rules_bodies(const YsRules *rules) {
  return rules->bodies;
}
