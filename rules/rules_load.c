/* rules — loading the rule files (rules/NAME.rules) and compiling them with PCRE2.
 *
 * The format is described for analysts in rules/README.md. In short, one directive per line:
 *   define NAME PATTERN        a sub-pattern, used as {NAME} in any pattern
 *   unit NAME VALUE CURRENCY   group ABBR FULLNAME   era NAME OFFSET   rounding WORD MODE
 *   rule NAME                  followed by indented "key value" lines (kind, pattern, …)
 *   rename OLD NEW             an item renamed between years (read by the store's cross-year
 *                              matching through ys_rules_renamed)   body NAME   an issuing body
 * Tables also become sub-patterns: {unit}, {group}, {era}, {round} are the alternations of
 * their names. The era table starts with normalize/'s eras (norm_eras.c); an `era` line adds one.
 * Every pattern is compiled (8-bit, UTF, UCP, JIT when available) each time a file is added, so
 * that a table row added by a later file reaches the patterns of earlier ones.
 */
#include <errno.h>
#include <string.h>

#include "rules/rules_private.h"

static const char *const kind_names[RK_COUNT] = {
    [RK_AMOUNT] = "amount",
    [RK_BARE_NUMBER] = "bare-number",
    [RK_RATE] = "rate",
    [RK_NO_FIGURE] = "no-figure",
    [RK_IGNORE] = "ignore",
    [RK_DOC_YEAR] = "doc-year",
    [RK_ROUNDING] = "rounding-note",
    [RK_LABEL] = "label",
    [RK_LABEL_AFTER] = "label-after",
    [RK_PRIOR] = "prior",
    [RK_MARK] = "mark",
    [RK_HEADING] = "heading",
    [RK_SECTION_END] = "section-end",
    [RK_NAME_START] = "name-start",
    [RK_ITEM_STRIP] = "item-strip",
    [RK_ITEM_NAME] = "item-name",
    [RK_OUTLINE] = "outline",
    [RK_PART] = "part",
    [RK_ASIDE] = "aside",
    [RK_BREAKDOWN] = "breakdown",
    [RK_COLUMN] = "column",
    [RK_UNIT_NOTE] = "unit-note",
    [RK_UNIT_CELL] = "unit-cell",
    [RK_ROW_TAIL] = "row-tail",
    [RK_MINOR_NAME] = "minor-name",
    [RK_TOTAL_ROW] = "total-row",
    [RK_ROW_NUMBER] = "row-number",
    [RK_RATE_AFTER] = "rate-after",
    [RK_LEVEL_HEADING] = "level-heading",
    [RK_SIDE] = "side",
    [RK_REMARK_CODE] = "remark-code",
    [RK_REMARK_COUNT] = "remark-count",
    [RK_NAME_STRIP] = "name-strip",
    [RK_BALANCE] = "balance",
};

static const char *const group_names[G_COUNT] = {
    [G_YEAR] = "year",     [G_ITEM] = "item", [G_AMOUNT] = "amount", [G_MODE] = "mode",
    [G_UNIT] = "unit",     [G_LIST] = "list", [G_LABEL] = "label",   [G_VALUE] = "value",
    [G_MARKER] = "marker", [G_RATE] = "rate", [G_NUMBER] = "number",
};

static void rule_free(gpointer p) {
  Rule *r = p;
  if (!r)
    return;
  g_free(r->name);
  g_free(r->file);
  g_free(r->pattern);
  g_free(r->element);
  g_free(r->means);
  g_free(r->style);
  pcre2_code_free(r->re);
  pcre2_code_free(r->re_element);
  ys_need_free(r->need);
  ys_need_free(r->need_element);
  g_free(r);
}

static void unit_free(gpointer p) {
  Unit *u = p;
  g_free(u->name);
  g_free(u->currency);
  g_free(u);
}

static void entry_free(gpointer p) {
  Entry *e = p;
  g_free(e->key);
  g_free(e->value);
  g_free(e);
}

/* The eras of normalize/'s table (norm_eras.c), by name and by letter, each with its offset
 * (Gregorian year of 元年 minus 1): the {era} table before any rule file adds to it. */
static void seed_eras(GPtrArray *eras) {
  gsize n;
  const YsEra *table = ys_norm_eras(&n);
  for (gsize i = 0; i < n; i++) {
    for (int abbr = 0; abbr < 2; abbr++) {
      Entry *e = g_new0(Entry, 1);
      e->key = abbr ? g_strndup(&table[i].abbr, 1) : g_strdup(table[i].name);
      e->key_len = strlen(e->key);
      e->number = table[i].first - 1;
      e->value = g_strdup_printf("%d", e->number);
      g_ptr_array_add(eras, e);
    }
  }
}

static YsRules *rules_new(void) {
  YsRules *r = g_new0(YsRules, 1);
  r->files = g_ptr_array_new_with_free_func(g_free);
  r->rules = g_ptr_array_new_with_free_func(rule_free);
  r->units = g_ptr_array_new_with_free_func(unit_free);
  r->groups = g_ptr_array_new_with_free_func(entry_free);
  r->eras = g_ptr_array_new_with_free_func(entry_free);
  seed_eras(r->eras);
  r->roundings = g_ptr_array_new_with_free_func(entry_free);
  r->renames = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  r->bodies = g_ptr_array_new_with_free_func(g_free);
  r->defines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  r->define_where = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  for (int k = 0; k < RK_COUNT; k++)
    r->by_kind[k] = g_ptr_array_new();
  return r;
}

void ys_rules_free(YsRules *rules) {
  if (!rules)
    return;
  ys_rules_forget_needs(rules);
  for (int k = 0; k < RK_COUNT; k++)
    g_ptr_array_unref(rules->by_kind[k]);
  g_ptr_array_unref(rules->files);
  g_ptr_array_unref(rules->rules);
  g_ptr_array_unref(rules->units);
  g_ptr_array_unref(rules->groups);
  g_ptr_array_unref(rules->eras);
  g_ptr_array_unref(rules->roundings);
  g_hash_table_unref(rules->renames);
  g_ptr_array_unref(rules->bodies);
  g_hash_table_unref(rules->defines);
  g_hash_table_unref(rules->define_where);
  g_free(rules);
}

const Entry *ys_rules_lookup(const GPtrArray *entries, const char *key, gsize len) {
  for (guint i = 0; i < entries->len; i++) {
    const Entry *e = g_ptr_array_index(entries, i);
    if (e->key_len == len && memcmp(e->key, key, len) == 0)
      return e;
  }
  return NULL;
}

/* ---- parsing one file ---------------------------------------------------------------- */

typedef struct {
  const char *file;
  int line;
} Where;

static gboolean syntax(GError **error, const Where *w, const char *fmt, const char *arg) {
  g_autofree char *msg = g_strdup_printf(fmt, arg);
  g_set_error(error, YS_RULES_ERROR, YS_RULES_ERROR_SYNTAX, "%s:%d: %s", w->file, w->line, msg);
  return FALSE;
}

/* Splits "word rest" at the first run of blanks; REST trimmed (may be empty). */
static void split_word(char *s, char **word, char **rest) {
  while (*s == ' ' || *s == '\t')
    s++;
  *word = s;
  while (*s && *s != ' ' && *s != '\t')
    s++;
  if (*s) {
    *s++ = '\0';
    while (*s == ' ' || *s == '\t')
      s++;
  }
  *rest = g_strchomp(s);
}

/* rename OLD NEW: the two names split at a tab when there is one (names with spaces), else at
 * the space between them. A name renamed twice keeps the later line. */
static gboolean add_rename(YsRules *rules, char *rest, const Where *w, GError **error) {
  char *tab = strchr(rest, '\t');
  char *old_name = rest, *new_name;
  if (tab != NULL) {
    *tab = '\0';
    new_name = tab + 1;
    g_strstrip(old_name);
    g_strstrip(new_name);
  } else {
    split_word(rest, &old_name, &new_name);
  }
  if (!*old_name || !*new_name || (tab == NULL && strchr(new_name, ' ')) ||
      strchr(new_name, '\t') || strcmp(old_name, new_name) == 0)
    return syntax(error, w, "%s",
                  "rename wants OLD NEW, two different names (a tab between them when a name "
                  "has a space), e.g. rename 旧事業名 新事業名");
  g_hash_table_replace(rules->renames, g_strdup(old_name), g_strdup(new_name));
  return TRUE;
}

static gboolean parse_int64(const char *s, gint64 *out) {
  char *end = NULL;
  errno = 0;
  gint64 v = g_ascii_strtoll(s, &end, 10);
  if (errno || end == s || *end)
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean lookup_name(const char *const *names, int n, const char *s, int *out) {
  for (int i = 0; i < n; i++)
    if (names[i] && strcmp(names[i], s) == 0) {
      *out = i;
      return TRUE;
    }
  return FALSE;
}

static gboolean rule_attr(Rule *r, const char *key, const char *val, const Where *w,
                          GError **error) {
  static const char *const budgets[] = {"initial", "supplementary", "request", "settled", "other"};
  static const char *const roles[] = {"none", "amount",     "difference", "rate", "label",
                                      "part", "part-label", "breakdown",  "span", "serial"};
  static const char *const sides[] = {"before", "after", "line"};
  static const char *const marks[] = {"portion", "approx", "max", "per", "new", "other"};
  int v;
  gint64 n;
  if (strcmp(key, "kind") == 0) {
    if (!lookup_name(kind_names, RK_COUNT, val, &v))
      return syntax(error, w, "unknown rule kind \"%s\" (see rules/README.md)", val);
    r->kind = v;
  } else if (strcmp(key, "pattern") == 0) {
    g_free(r->pattern);
    r->pattern = g_strdup(val);
    r->line = w->line;
  } else if (strcmp(key, "element") == 0) {
    g_free(r->element);
    r->element = g_strdup(val);
    r->element_line = w->line;
  } else if (strcmp(key, "means") == 0) {
    char *old = r->means;
    r->means = old ? g_strconcat(old, " ", val, NULL) : g_strdup(val);
    g_free(old);
  } else if (strcmp(key, "budget") == 0) {
    if (!lookup_name(budgets, G_N_ELEMENTS(budgets), val, &v))
      return syntax(error, w, "unknown budget kind \"%s\"", val);
    r->budget = v;
  } else if (strcmp(key, "year-offset") == 0) {
    if (!parse_int64(val, &n) || n < -100 || n > 100)
      return syntax(error, w, "year-offset wants a small integer, not \"%s\"", val);
    r->has_offset = TRUE;
    r->year_offset = (int)n;
  } else if (strcmp(key, "role") == 0) {
    if (!lookup_name(roles, G_N_ELEMENTS(roles), val, &v))
      return syntax(error, w, "unknown column role \"%s\"", val);
    r->role = v;
  } else if (strcmp(key, "level") == 0) {
    if (!parse_int64(val, &n) || n < 1 || n > 9)
      return syntax(error, w, "level wants 1…9, not \"%s\"", val);
    r->level = (int)n;
  } else if (strcmp(key, "side") == 0) {
    if (!lookup_name(sides, G_N_ELEMENTS(sides), val, &v))
      return syntax(error, w, "side is before, after or line, not \"%s\"", val);
    r->side = v;
  } else if (strcmp(key, "sets") == 0) {
    if (!lookup_name(marks, G_N_ELEMENTS(marks), val, &v))
      return syntax(error, w, "sets is portion, approx, max, per, new or other, not \"%s\"", val);
    r->mark = v;
    r->has_mark = TRUE;
  } else if (strcmp(key, "scope") == 0) {
    if (strcmp(val, "line") != 0 && strcmp(val, "section") != 0)
      return syntax(error, w, "scope is line or section, not \"%s\"", val);
    r->line_scope = strcmp(val, "line") == 0;
  } else if (strcmp(key, "style") == 0) {
    g_free(r->style);
    r->style = g_strdup(val);
  } else if (strcmp(key, "explains") == 0) {
    if (strcmp(val, "節") != 0 && strcmp(val, "目") != 0)
      return syntax(error, w, "explains is 節 or 目, not \"%s\"", val);
    r->explains = strcmp(val, "節") == 0 ? YS_LEVEL_SETSU : YS_LEVEL_MOKU;
  } else if (strcmp(key, "parts") == 0) {
    if (strcmp(val, "all") != 0 && strcmp(val, "coded") != 0)
      return syntax(error, w, "parts is all or coded, not \"%s\"", val);
    r->coded_parts = strcmp(val, "coded") == 0;
  } else {
    return syntax(error, w, "unknown rule attribute \"%s\"", key);
  }
  return TRUE;
}

static gboolean finish_rule(YsRules *rules, Rule *r, const Where *w, GError **error) {
  if ((int)r->kind < 0 || (int)r->kind >= RK_COUNT) { /* the enum may be unsigned */
    Where at = {w->file, w->line};
    return syntax(error, &at, "rule %s has no kind", r->name);
  }
  if (!r->pattern) {
    Where at = {w->file, w->line};
    return syntax(error, &at, "rule %s has no pattern", r->name);
  }
  if (r->kind == RK_BREAKDOWN && !r->element) {
    Where at = {w->file, w->line};
    return syntax(error, &at, "breakdown rule %s needs an element pattern", r->name);
  }
  g_ptr_array_add(rules->rules, r);
  return TRUE;
}

/* A table directive's row (unit, group, era, rounding) into its table; FALSE with the syntax
 * error naming the file and line. */
static gboolean add_table_row(YsRules *rules, const char *word, char *rest, const Where *w,
                              GError **error) {
  char *a, *b, *c;
  if (strcmp(word, "unit") == 0) {
    gint64 v;
    split_word(rest, &a, &b);
    split_word(b, &b, &c);
    if (!*a || !parse_int64(b, &v) || v <= 0 || !*c || strchr(c, ' '))
      return syntax(error, w, "%s", "unit wants NAME VALUE CURRENCY, e.g. unit 億円 100000000 JPY");
    Unit *u = g_new0(Unit, 1);
    u->name = g_strdup(a);
    u->name_len = strlen(a);
    u->value = v;
    u->currency = g_strdup(c);
    g_ptr_array_add(rules->units, u);
    return TRUE;
  }
  split_word(rest, &a, &b);
  if (!*a || !*b || strchr(b, ' '))
    return syntax(error, w, "%s wants two fields", word);
  Entry *e = g_new0(Entry, 1);
  e->key = g_strdup(a);
  e->key_len = strlen(a);
  e->value = g_strdup(b);
  if (word[0] == 'e') {
    gint64 v;
    if (!parse_int64(b, &v) || v < 0 || v > 3000) {
      entry_free(e);
      return syntax(error, w, "%s", "era wants NAME OFFSET (Gregorian year of year 1, minus 1)");
    }
    e->number = (int)v;
    g_ptr_array_add(rules->eras, e);
  } else if (word[0] == 'r') {
    if (strcmp(b, "half") == 0)
      e->number = YS_ROUND_HALF;
    else if (strcmp(b, "down") == 0)
      e->number = YS_ROUND_DOWN;
    else if (strcmp(b, "up") == 0)
      e->number = YS_ROUND_UP;
    else {
      entry_free(e);
      return syntax(error, w, "%s", "rounding mode is half, down or up");
    }
    g_ptr_array_add(rules->roundings, e);
  } else {
    g_ptr_array_add(rules->groups, e);
  }
  return TRUE;
}

static gboolean parse_rules_text(YsRules *rules, const char *path, char *text, GError **error) {
  Where w = {path, 0};
  Rule *cur = NULL;
  int cur_line = 0;
  gboolean ok = TRUE;
  char *p = text;
  while (ok && p) {
    char *nl = strchr(p, '\n');
    if (nl)
      *nl = '\0';
    w.line++;
    char *line = p;
    p = nl ? nl + 1 : NULL;
    gsize n = strlen(line);
    if (n && line[n - 1] == '\r')
      line[--n] = '\0';
    if (w.line == 1 && g_str_has_prefix(line, "\xEF\xBB\xBF"))
      line += 3;
    if (!g_utf8_validate(line, -1, NULL)) {
      ok = syntax(error, &w, "%s", "not valid UTF-8");
      break;
    }
    char *t = line;
    while (*t == ' ' || *t == '\t')
      t++;
    gboolean indented = t != line;
    if (*t == '\0' || *t == '#') {
      if (*t == '\0' && cur) {
        Where at = {path, cur_line};
        ok = finish_rule(rules, cur, &at, error);
        if (!ok)
          rule_free(cur);
        cur = NULL;
      }
      continue;
    }
    char *word, *rest;
    split_word(t, &word, &rest);
    if (indented) {
      if (!cur) {
        ok = syntax(error, &w, "indented line \"%s\" outside a rule", word);
        break;
      }
      if (!*rest) {
        ok = syntax(error, &w, "attribute \"%s\" has no value", word);
        break;
      }
      ok = rule_attr(cur, word, rest, &w, error);
      continue;
    }
    if (cur) {
      Where at = {path, cur_line};
      ok = finish_rule(rules, cur, &at, error);
      if (!ok)
        rule_free(cur);
      cur = NULL;
      if (!ok)
        break;
    }
    char *a, *b;
    if (strcmp(word, "rule") == 0) {
      split_word(rest, &a, &b);
      if (!*a || *b) {
        ok = syntax(error, &w, "%s", "rule wants one name: rule NAME");
        break;
      }
      cur = g_new0(Rule, 1);
      cur->name = g_strdup(a);
      cur->file = g_strdup(path);
      cur->kind = -1;
      cur->budget = -1;
      cur_line = w.line;
    } else if (strcmp(word, "define") == 0) {
      split_word(rest, &a, &b);
      if (!*a || !*b || !g_ascii_isalpha(*a)) {
        ok = syntax(error, &w, "%s", "define wants a name (starting with a letter) and a pattern");
        break;
      }
      g_hash_table_replace(rules->defines, g_strdup(a), g_strdup(b));
      g_hash_table_replace(rules->define_where, g_strdup(a),
                           g_strdup_printf("%s:%d", path, w.line));
    } else if (strcmp(word, "unit") == 0 || strcmp(word, "group") == 0 ||
               strcmp(word, "era") == 0 || strcmp(word, "rounding") == 0) {
      ok = add_table_row(rules, word, rest, &w, error);
    } else if (strcmp(word, "rename") == 0) {
      ok = add_rename(rules, rest, &w, error);
    } else if (strcmp(word, "body") == 0) {
      if (!*rest) {
        ok = syntax(error, &w, "%s", "body wants the issuing body's name, e.g. body 文部科学省");
        break;
      }
      g_ptr_array_add(rules->bodies, g_strdup(rest));
    } else {
      ok = syntax(error, &w,
                  "unknown directive \"%s\" (define, unit, group, era, rounding, rename, body, "
                  "rule)",
                  word);
    }
  }
  if (ok && cur) {
    Where at = {path, cur_line};
    ok = finish_rule(rules, cur, &at, error);
    if (!ok)
      rule_free(cur);
  } else if (cur) {
    rule_free(cur);
  }
  return ok;
}

/* ---- expansion and compilation --------------------------------------------------------- */

static void append_quoted(GString *s, const char *text) {
  for (const char *p = text; *p; p++) {
    if (strchr("\\^$.|?*+()[]{}-/#", *p))
      g_string_append_c(s, '\\');
    g_string_append_c(s, *p);
  }
}

static gint by_length_desc(gconstpointer a, gconstpointer b) {
  gsize la = strlen(*(const char *const *)a), lb = strlen(*(const char *const *)b);
  return la < lb ? 1 : la > lb ? -1 : 0;
}

/* {unit}, {group}, {era}, {round}: a table's names, longest first. */
static char *table_alternation(const YsRules *rules, const char *name) {
  g_autoptr(GPtrArray) keys = g_ptr_array_new();
  if (strcmp(name, "unit") == 0) {
    for (guint i = 0; i < rules->units->len; i++)
      g_ptr_array_add(keys, ((Unit *)g_ptr_array_index(rules->units, i))->name);
  } else {
    const GPtrArray *t = strcmp(name, "group") == 0   ? rules->groups
                         : strcmp(name, "era") == 0   ? rules->eras
                         : strcmp(name, "round") == 0 ? rules->roundings
                                                      : NULL;
    if (!t)
      return NULL;
    for (guint i = 0; i < t->len; i++)
      g_ptr_array_add(keys, ((Entry *)g_ptr_array_index(t, i))->key);
  }
  g_ptr_array_sort(keys, by_length_desc);
  GString *s = g_string_new("(?:");
  for (guint i = 0; i < keys->len; i++) {
    if (i)
      g_string_append_c(s, '|');
    append_quoted(s, g_ptr_array_index(keys, i));
  }
  if (keys->len == 0)
    g_string_append(s, "(*FAIL)");
  g_string_append_c(s, ')');
  return g_string_free(s, FALSE);
}

static gboolean expand(const YsRules *rules, const char *pattern, GString *out, int depth,
                       const Rule *rule, int line, GError **error) {
  if (depth > 16) {
    g_set_error(error, YS_RULES_ERROR, YS_RULES_ERROR_SYNTAX,
                "%s:%d: rule %s: sub-patterns nested too deeply (a {name} that uses itself?)",
                rule->file, line, rule->name);
    return FALSE;
  }
  for (const char *p = pattern; *p; p++) {
    if (*p == '\\' && p[1]) {
      g_string_append_c(out, *p++);
      g_string_append_c(out, *p);
      /* \p{Han}, \x{3000}, \g{1}: leave the braces alone */
      if (g_ascii_isalpha(*p) && p[1] == '{') {
        const char *close = strchr(p + 1, '}');
        if (close) {
          g_string_append_len(out, p + 1, close - p);
          p = close;
        }
      }
      continue;
    }
    if (*p == '{' && g_ascii_isalpha(p[1])) {
      const char *q = p + 1;
      while (g_ascii_isalnum(*q) || *q == '_' || *q == '-')
        q++;
      if (*q == '}') {
        g_autofree char *name = g_strndup(p + 1, q - p - 1);
        const char *def = g_hash_table_lookup(rules->defines, name);
        g_autofree char *table = def ? NULL : table_alternation(rules, name);
        if (!def && !table) {
          g_set_error(error, YS_RULES_ERROR, YS_RULES_ERROR_SYNTAX,
                      "%s:%d: rule %s: unknown sub-pattern {%s} (define it with: define %s …)",
                      rule->file, line, rule->name, name, name);
          return FALSE;
        }
        g_string_append(out, "(?:");
        if (def) {
          if (!expand(rules, def, out, depth + 1, rule, line, error))
            return FALSE;
        } else {
          g_string_append(out, table);
        }
        g_string_append_c(out, ')');
        p = q;
        continue;
      }
    }
    g_string_append_c(out, *p);
  }
  return TRUE;
}

static pcre2_code *compile_one(const YsRules *rules, const Rule *rule, const char *pattern,
                               int line, RuleNeed **need, gboolean *jit, GError **error) {
  g_autoptr(GString) ex = g_string_new(NULL);
  if (!expand(rules, pattern, ex, 0, rule, line, error))
    return NULL;
  int code;
  PCRE2_SIZE offset;
  pcre2_code *re =
      pcre2_compile((PCRE2_SPTR)ex->str, ex->len, PCRE2_UTF | PCRE2_UCP, &code, &offset, NULL);
  if (!re) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(code, msg, sizeof msg);
    gboolean expanded = strcmp(ex->str, pattern) != 0;
    g_set_error(error, YS_RULES_ERROR, YS_RULES_ERROR_PATTERN,
                "%s:%d: rule %s: PCRE2 %s at offset %zu%s%s", rule->file, line, rule->name,
                (const char *)msg, (size_t)offset,
                expanded ? " of the pattern after {…} expansion: " : "", expanded ? ex->str : "");
    return NULL;
  }
  /* JIT is an optimisation: without it (unsupported CPU, no memory) the interpreter runs. */
  *jit = !rules->no_jit && pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) == 0;
  *need = ys_need_analyze(ex->str, ex->len);
  return re;
}

static void find_groups(const pcre2_code *re, int *groups) {
  for (int g = 0; g < G_COUNT; g++) {
    int n = pcre2_substring_number_from_name(re, (PCRE2_SPTR)group_names[g]);
    groups[g] = n > 0 ? n : 0;
  }
}

gboolean ys_rules_compile(YsRules *rules, GError **error) {
  ys_rules_forget_needs(rules); /* before the rules' own, which a kind's may be, are freed */
  for (int k = 0; k < RK_COUNT; k++)
    g_ptr_array_set_size(rules->by_kind[k], 0);
  for (guint i = 0; i < rules->rules->len; i++) {
    Rule *r = g_ptr_array_index(rules->rules, i);
    pcre2_code_free(r->re);
    pcre2_code_free(r->re_element);
    ys_need_free(r->need);
    ys_need_free(r->need_element);
    r->re = r->re_element = NULL;
    r->need = r->need_element = NULL;
    r->re = compile_one(rules, r, r->pattern, r->line, &r->need, &r->jit, error);
    if (!r->re)
      return FALSE;
    find_groups(r->re, r->groups);
    if (r->element) {
      r->re_element = compile_one(rules, r, r->element, r->element_line, &r->need_element,
                                  &r->jit_element, error);
      if (!r->re_element)
        return FALSE;
      find_groups(r->re_element, r->element_groups);
    }
    g_ptr_array_add(rules->by_kind[r->kind], r);
  }
  ys_rules_number_needs(rules);
  if (rules->by_kind[RK_AMOUNT]->len == 0) {
    g_set_error(error, YS_RULES_ERROR, YS_RULES_ERROR_SYNTAX,
                "%s: no rule of kind amount: the rule set cannot find amounts",
                rules->files->len ? (const char *)g_ptr_array_index(rules->files, 0) : "rules");
    return FALSE;
  }
  return TRUE;
}

gboolean ys_rule_match(const Rule *rule, const pcre2_code *re, const char *text, gsize len,
                       gsize start, pcre2_match_data *md, YsLineChars *lc) {
  if (start > len)
    return FALSE;
  /* a subject without any of the pattern's required literals cannot match: skip PCRE2 */
  const RuleNeed *need = re == rule->re           ? rule->need
                         : re == rule->re_element ? rule->need_element
                                                  : NULL;
  if (!ys_need_present(need, lc, text + start, len - start))
    return FALSE;
  /* Normalized text is valid UTF-8 (normalize guarantees it), so PCRE2's own check of the
   * whole subject on every call — most of the matching time — is skipped whenever the range
   * starts and ends on character boundaries (text[len] is readable: subjects are substrings
   * of NUL-terminated lines). */
  gboolean on_boundaries =
      (start == len || ((guchar)text[start] & 0xC0) != 0x80) && ((guchar)text[len] & 0xC0) != 0x80;
  /* With a checked subject and a JIT-compiled pattern, JIT's fast path: the same matching
   * without pcre2_match's argument checks, which cost as much as a short failing match. */
  gboolean jit = re == rule->re ? rule->jit : re == rule->re_element && rule->jit_element;
  int rc = on_boundaries && jit
               ? pcre2_jit_match(re, (PCRE2_SPTR)text, len, start, PCRE2_NO_UTF_CHECK, md, NULL)
               : pcre2_match(re, (PCRE2_SPTR)text, len, start,
                             on_boundaries ? PCRE2_NO_UTF_CHECK : 0, md, NULL);
  return rc > 0;
}

/* The whole last match. (Group number 0 in a rule's groups[] means "the pattern has no such
 * group", so ys_rule_group never answers for it.) */
gboolean ys_rule_whole(pcre2_match_data *md, gsize *s, gsize *e) {
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
  if (ov[0] == PCRE2_UNSET || ov[1] < ov[0])
    return FALSE;
  *s = ov[0];
  *e = ov[1];
  return TRUE;
}

gboolean ys_rule_group(pcre2_match_data *md, int number, gsize *s, gsize *e) {
  if (number <= 0 || (guint32)number >= pcre2_get_ovector_count(md))
    return FALSE;
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
  if (ov[2 * number] == PCRE2_UNSET)
    return FALSE;
  *s = ov[2 * number];
  *e = ov[2 * number + 1];
  return TRUE;
}

/* ---- public entry points --------------------------------------------------------------- */

static gboolean add_file(YsRules *rules, const char *path, GError **error) {
  g_autofree char *text = NULL;
  gsize len;
  g_autoptr(GError) err = NULL;
  if (!g_file_get_contents(path, &text, &len, &err)) {
    g_set_error(error, YS_RULES_ERROR, YS_RULES_ERROR_IO, "%s: cannot read rule file: %s", path,
                err->message);
    return FALSE;
  }
  if (memchr(text, '\0', len)) {
    g_set_error(error, YS_RULES_ERROR, YS_RULES_ERROR_SYNTAX, "%s: not a text file", path);
    return FALSE;
  }
  g_ptr_array_add(rules->files, g_strdup(path));
  return parse_rules_text(rules, path, text, error);
}

YsRules *ys_rules_new_without_jit(void) {
  YsRules *rules = rules_new();
  rules->no_jit = TRUE;
  return rules;
}

gboolean ys_rules_add_file(YsRules *rules, const char *path, GError **error) {
  g_return_val_if_fail(rules && path, FALSE);
  return add_file(rules, path, error) && ys_rules_compile(rules, error);
}

/* g_ptr_array_sort passes pointers to the elements. */
static gint compare_names(gconstpointer a, gconstpointer b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

gboolean ys_rules_load(YsRules **out, const char *dir, GError **error) {
  g_return_val_if_fail(out && dir, FALSE);
  *out = NULL;
  g_autoptr(GError) err = NULL;
  GDir *d = g_dir_open(dir, 0, &err);
  if (!d) {
    g_set_error(error, YS_RULES_ERROR, YS_RULES_ERROR_IO, "%s: cannot open rule directory: %s", dir,
                err->message);
    return FALSE;
  }
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  const char *name;
  while ((name = g_dir_read_name(d)))
    if (g_str_has_suffix(name, ".rules") && name[0] != '.')
      g_ptr_array_add(names, g_strdup(name));
  g_dir_close(d);
  if (names->len == 0) {
    g_set_error(error, YS_RULES_ERROR, YS_RULES_ERROR_IO,
                "%s: no *.rules files in the rule directory", dir);
    return FALSE;
  }
  g_ptr_array_sort(names, compare_names);
  YsRules *rules = rules_new();
  for (guint i = 0; i < names->len; i++) {
    g_autofree char *path = g_build_filename(dir, (char *)g_ptr_array_index(names, i), NULL);
    if (!add_file(rules, path, error)) {
      ys_rules_free(rules);
      return FALSE;
    }
  }
  if (!ys_rules_compile(rules, error)) {
    ys_rules_free(rules);
    return FALSE;
  }
  *out = rules;
  return TRUE;
}
