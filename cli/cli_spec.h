/* cli — the option spec: the one place yosan's commands and options are described.
 *
 * cli_spec.c holds two tables, of commands ({name, run, summary}, as libgit2's CLI) and of
 * options (curl's docs/cmdline-opts: long name, short name, argument, one help line, a man page
 * paragraph). The parser (cli_args.c), `yosan --help`, the man page yosan.1, the bash completion
 * and docs/usage.md's usage block (cli_docs.c, printed by yosan-docgen) are all made from them, so
 * adding a command or an option is one entry here. Nothing else lists them.
 *
 * Text in the tables is plain UTF-8: no roff, no Markdown. A paragraph may hold "\n" (a new
 * paragraph) and `word` (set in bold on the man page: a command, an option or a value). */
#ifndef YS_CLI_SPEC_H
#define YS_CLI_SPEC_H

#include <glib.h>
#include <stddef.h>

typedef struct YsCliOptions YsCliOptions;

typedef enum {
  YS_ARG_NONE,     /* a switch: gboolean */
  YS_ARG_STRING,   /* char * (g_free'd by the parser's caller) */
  YS_ARG_FILENAME, /* char *, a path in the file system's encoding */
  YS_ARG_INT,      /* int */
  YS_ARG_INT64,    /* gint64 */
} YsArgType;

typedef struct {
  const char *name; /* long name, without the dashes */
  char short_name;  /* 0: none */
  YsArgType type;
  size_t offset; /* where in YsCliOptions the value goes (offsetof) */
  /* The argument as shown: a name (FILE, DIR, N, RANGE) or the values it takes, "a|b|c"
   * (completed as such); NULL for a switch. */
  const char *arg;
  const char *commands; /* the commands it applies to, space-separated; NULL: every one */
  const char *help;     /* one line, for --help and docs/usage.md */
  const char *doc;      /* the man page's paragraph(s); NULL: the help line is enough */
} YsOptionSpec;

typedef struct {
  const char *name;
  int id; /* YsCommand, for the formatters */
  int (*run)(YsCliOptions *options, char **args, int n_args);
  const char *synopsis; /* what follows the name: "[options] FILE..." */
  const char *help;     /* one line */
  const char *doc;      /* the man page's paragraph(s) */
} YsCommandSpec;

/* A section of prose for the man page (and the tail of --help when `in_help`). */
typedef struct {
  const char *title;
  const char *text;
  gboolean in_help;
  gboolean literal; /* lines kept as they are (examples), not filled into a paragraph */
} YsDocSection;

extern const YsCommandSpec ys_cli_commands[]; /* ends with a NULL name */
extern const YsOptionSpec ys_cli_options[];   /* ends with a NULL name */
extern const YsDocSection ys_cli_sections[];  /* ends with a NULL title */
extern const char ys_cli_tagline[];           /* the NAME line: what yosan is, in a line */
extern const char ys_cli_description[];       /* the man page's DESCRIPTION */

const YsCommandSpec *ys_cli_find_command(const char *name); /* NULL: none */
const YsOptionSpec *ys_cli_find_option(const char *name);   /* by long name; NULL: none */
gboolean ys_cli_option_applies(const YsOptionSpec *option, const char *command);

/* cli_docs.c: what is made from the tables. */
GString *ys_cli_help_text(const char *command); /* `yosan --help`; COMMAND NULL: the general one */
GString *ys_cli_man_page(const char *version);  /* roff, for man(1) */
GString *ys_cli_bash_completion(void);
/* The nearest of CANDIDATES (NULL-terminated) to WORD, or NULL when none is near enough to be
 * what was meant (cli_suggest.c). */
const char *ys_cli_nearest(const char *word, const char *const *candidates);

#endif
