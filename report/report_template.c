/* report — the template engine: {{name}} (escaped), {{#list}}…{{/list}} repeated per item,
 * {{^list}}…{{/list}} when empty; see report_private.h. The data is a tree of tables of values
 * and lists; rendering walks the template once, looking names up from the innermost item out. */
#include "report/report_private.h"

#include <string.h>

typedef struct {
  char *text;      /* a value, or NULL for a list */
  GPtrArray *list; /* YsTmplData*, or NULL for a value */
} Value;

struct YsTmplData {
  GHashTable *values; /* name → Value* */
  const YsTmplData *outer;
};

static void value_free(gpointer p) {
  Value *v = p;
  g_free(v->text);
  if (v->list != NULL)
    g_ptr_array_unref(v->list);
  g_free(v);
}

YsTmplData *ys_tmpl_data_new(void) {
  YsTmplData *data = g_new0(YsTmplData, 1);
  data->values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, value_free);
  return data;
}

void ys_tmpl_data_free(YsTmplData *data) {
  if (data == NULL)
    return;
  g_hash_table_unref(data->values);
  g_free(data);
}

static Value *replace(YsTmplData *data, const char *name) {
  Value *v = g_new0(Value, 1);
  g_hash_table_replace(data->values, g_strdup(name), v);
  return v;
}

void ys_tmpl_set(YsTmplData *data, const char *name, const char *value) {
  replace(data, name)->text = g_strdup(value != NULL ? value : "");
}

void ys_tmpl_setf(YsTmplData *data, const char *name, const char *format, ...) {
  va_list args;
  va_start(args, format);
  replace(data, name)->text = g_strdup_vprintf(format, args);
  va_end(args);
}

static GPtrArray *list_of(YsTmplData *data, const char *name) {
  Value *v = g_hash_table_lookup(data->values, name);
  if (v == NULL || v->list == NULL) {
    v = replace(data, name);
    v->list = g_ptr_array_new_with_free_func((GDestroyNotify)ys_tmpl_data_free);
  }
  return v->list;
}

void ys_tmpl_list(YsTmplData *data, const char *name) {
  (void)list_of(data, name);
}

YsTmplData *ys_tmpl_add(YsTmplData *data, const char *name) {
  YsTmplData *item = ys_tmpl_data_new();
  item->outer = data;
  g_ptr_array_add(list_of(data, name), item);
  return item;
}

void ys_tmpl_flag(YsTmplData *data, const char *name, gboolean on) {
  g_ptr_array_set_size(list_of(data, name), 0);
  if (on)
    (void)ys_tmpl_add(data, name);
}

/* ---- rendering ---- */

typedef struct {
  const char *start; /* the whole template, for line numbers */
  const char *name;  /* of the template, for messages */
  GError **error;
} Source;

typedef enum { TAG_VALUE, TAG_OPEN, TAG_INVERTED, TAG_CLOSE } TagKind;

typedef struct {
  TagKind kind;
  const char *at;  /* the tag's "{{" */
  const char *end; /* just past its "}}" */
  char name[64];
} Tag;

static int line_of(const Source *src, const char *at) {
  int line = 1;
  for (const char *p = src->start; p < at; p++)
    line += *p == '\n';
  return line;
}

static gboolean fail(const Source *src, const char *at, const char *what, const char *name) {
  g_set_error(src->error, YS_REPORT_ERROR, YS_REPORT_ERROR_TEMPLATE, "%s:%d: %s%s%s%s", src->name,
              line_of(src, at), what, name ? " '" : "", name ? name : "", name ? "'" : "");
  return FALSE;
}

/* The next tag in [P, END) into TAG; FALSE with *FOUND FALSE when there is none, FALSE with an
 * error when one is malformed. */
static gboolean next_tag(const Source *src, const char *p, const char *end, Tag *tag,
                         gboolean *found) {
  *found = FALSE;
  const char *open = g_strstr_len(p, end - p, "{{");
  if (open == NULL)
    return TRUE;
  const char *q = open + 2;
  tag->kind = *q == '#' ? TAG_OPEN : *q == '^' ? TAG_INVERTED : *q == '/' ? TAG_CLOSE : TAG_VALUE;
  if (tag->kind != TAG_VALUE)
    q++;
  gsize n = 0;
  while (q + n < end && (g_ascii_islower(q[n]) || g_ascii_isdigit(q[n]) || q[n] == '_'))
    n++;
  if (n == 0 || n >= sizeof tag->name || q + n + 2 > end || q[n] != '}' || q[n + 1] != '}')
    return fail(src, open, "malformed tag: want {{name}}, {{#name}}, {{^name}} or {{/name}}", NULL);
  memcpy(tag->name, q, n);
  tag->name[n] = '\0';
  tag->at = open;
  tag->end = q + n + 2;
  *found = TRUE;
  return TRUE;
}

/* The {{/NAME}} that closes the section whose body starts at P (sections of the same name may
 * nest), or NULL with an error. */
static const Tag *find_close(const Source *src, const char *p, const char *end, const char *name,
                             const char *opened_at, Tag *tag) {
  int depth = 0;
  for (;;) {
    gboolean found;
    if (!next_tag(src, p, end, tag, &found))
      return NULL;
    if (!found) {
      fail(src, opened_at, "section never closed:", name);
      return NULL;
    }
    if (strcmp(tag->name, name) == 0) {
      if (tag->kind == TAG_CLOSE && depth-- == 0)
        return tag;
      if (tag->kind == TAG_OPEN || tag->kind == TAG_INVERTED)
        depth++;
    }
    p = tag->end;
  }
}

static const Value *lookup(const YsTmplData *scope, const char *name) {
  for (; scope != NULL; scope = scope->outer) {
    const Value *v = g_hash_table_lookup(scope->values, name);
    if (v != NULL)
      return v;
  }
  return NULL;
}

static gboolean render(const Source *src, const char *p, const char *end, const YsTmplData *scope,
                       GString *out) {
  for (;;) {
    Tag tag, close;
    gboolean found;
    if (!next_tag(src, p, end, &tag, &found))
      return FALSE;
    if (!found) {
      g_string_append_len(out, p, end - p);
      return TRUE;
    }
    g_string_append_len(out, p, tag.at - p);
    if (tag.kind == TAG_CLOSE)
      return fail(src, tag.at, "closes a section that is not open:", tag.name);
    const Value *v = lookup(scope, tag.name);
    if (v == NULL)
      return fail(src, tag.at, "the data has no value or list", tag.name);
    if (tag.kind == TAG_VALUE) {
      if (v->list != NULL)
        return fail(src, tag.at, "a list used as a value:", tag.name);
      ys_report_html_escape(out, v->text);
      p = tag.end;
      continue;
    }
    if (v->list == NULL)
      return fail(src, tag.at, "a value used as a section:", tag.name);
    if (find_close(src, tag.end, end, tag.name, tag.at, &close) == NULL)
      return FALSE;
    if (tag.kind == TAG_INVERTED) {
      if (v->list->len == 0 && !render(src, tag.end, close.at, scope, out))
        return FALSE;
    } else {
      for (guint i = 0; i < v->list->len; i++)
        if (!render(src, tag.end, close.at, g_ptr_array_index(v->list, i), out))
          return FALSE;
    }
    p = close.end;
  }
}

gboolean ys_tmpl_render(const char *template_text, const char *name, const YsTmplData *root,
                        GString *out, GError **error) {
  Source src = {template_text, name, error};
  gsize before = out->len;
  if (render(&src, template_text, template_text + strlen(template_text), root, out))
    return TRUE;
  g_string_truncate(out, before); /* no half page */
  return FALSE;
}

void ys_report_html_escape(GString *out, const char *text) {
  if (text == NULL)
    return;
  /* text from a PDF or a file name may not be UTF-8: shown with U+FFFD, never passed on raw */
  g_autofree char *valid = g_utf8_validate(text, -1, NULL) ? NULL : g_utf8_make_valid(text, -1);
  for (const char *p = valid ? valid : text; *p; p++) {
    unsigned char c = (unsigned char)*p;
    switch (c) {
    case '&':
      g_string_append(out, "&amp;");
      break;
    case '<':
      g_string_append(out, "&lt;");
      break;
    case '>':
      g_string_append(out, "&gt;");
      break;
    case '"':
      g_string_append(out, "&quot;");
      break;
    case '\'':
      g_string_append(out, "&#39;");
      break;
    default:
      /* C0 controls but tab and line ends are not allowed in HTML text */
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
        g_string_append(out, "\xef\xbf\xbd");
      else
        g_string_append_c(out, (char)c);
    }
  }
}
