/* cli — what is made from the option spec (cli_spec.c): the --help text (also docs/usage.md's
 * usage block, which a test holds to it), the man page yosan.1 in roff, and the bash
 * completion. yosan-docgen prints the last two at build time; nothing here is written by hand
 * per option. */
#include "cli/cli.h"

#define HELP_WIDTH 100

/* TEXT with each SEP replaced by WITH. */
static char *rejoin(const char *text, const char *sep, const char *with) {
  g_auto(GStrv) parts = g_strsplit(text, sep, -1);
  return g_strjoinv(with, parts);
}

/* "`word`" marks a name in the spec's prose: bold on the man page, plain in --help. */
static char *plain(const char *text) {
  GString *out = g_string_new(NULL);
  for (const char *p = text; *p; p++)
    if (*p != '`')
      g_string_append_c(out, *p);
  return g_string_free(out, FALSE);
}

/* TEXT filled to HELP_WIDTH columns, each line after the first indented by INDENT (the first
 * continues where OUT's last line is, at column COLUMN). */
static void fill(GString *out, const char *text, guint column, guint indent) {
  g_autofree char *flat = plain(text);
  g_auto(GStrv) words = g_strsplit(flat, " ", -1);
  guint col = column;
  gboolean first = TRUE;
  for (int i = 0; words[i]; i++) {
    if (words[i][0] == '\0')
      continue;
    guint len = (guint)g_utf8_strlen(words[i], -1);
    if (!first && col + 1 + len > HELP_WIDTH) {
      g_string_append_printf(out, "\n%*s", (int)indent, "");
      col = indent;
    } else if (!first) {
      g_string_append_c(out, ' ');
      col++;
    }
    g_string_append(out, words[i]);
    col += len;
    first = FALSE;
  }
}

static char *option_label(const YsOptionSpec *o) {
  GString *label = g_string_new(NULL);
  if (o->short_name)
    g_string_append_printf(label, "  -%c, --%s", o->short_name, o->name);
  else
    g_string_append_printf(label, "      --%s", o->name);
  if (o->arg)
    g_string_append_printf(label, "=%s", o->arg);
  return g_string_free(label, FALSE);
}

/* Labels longer than this have their help on the next line: one long option must not push
 * every help line to the right. */
#define LABEL_MAX 30

static void help_options(GString *out, const char *command) {
  guint width = 0;
  for (const YsOptionSpec *o = ys_cli_options; o->name; o++) {
    g_autofree char *label = option_label(o);
    if (ys_cli_option_applies(o, command) && strlen(label) <= LABEL_MAX)
      width = MAX(width, (guint)strlen(label));
  }
  width += 2;
  g_string_append(out, "Options:\n");
  for (const YsOptionSpec *o = ys_cli_options; o->name; o++) {
    if (!ys_cli_option_applies(o, command))
      continue;
    g_autofree char *label = option_label(o);
    if (strlen(label) + 2 > width)
      g_string_append_printf(out, "%s\n%*s", label, (int)width, "");
    else
      g_string_append_printf(out, "%-*s", (int)width, label);
    fill(out, o->help, width, width);
    g_string_append_c(out, '\n');
  }
}

GString *ys_cli_help_text(const char *command_name) {
  GString *out = g_string_new(NULL);
  const YsCommandSpec *command = ys_cli_find_command(command_name);
  if (command != NULL) {
    g_string_append_printf(out, "Usage: yosan %s %s\n%s\n\n", command->name, command->synopsis,
                           command->help);
    fill(out, command->doc, 0, 0);
    g_string_append(out, "\n\n");
    help_options(out, command->name);
    return out;
  }
  g_string_append_printf(out, "Usage: yosan COMMAND [options] FILE...\nyosan — %s\n\nCommands:\n",
                         ys_cli_tagline);
  for (const YsCommandSpec *c = ys_cli_commands; c->name; c++)
    g_string_append_printf(out, "  %-9s %s\n", c->name, c->help);
  g_string_append_c(out, '\n');
  help_options(out, NULL);
  g_string_append_c(out, '\n');
  for (const YsDocSection *s = ys_cli_sections; s->title; s++)
    if (s->in_help) {
      fill(out, s->text, 0, 0);
      g_string_append_c(out, '\n');
    }
  g_string_append(out,
                  "'yosan COMMAND --help' shows a command's options; 'man yosan' says more.\n");
  return out;
}

/* --- the man page ----------------------------------------------------------------------- */

/* Plain text into roff: backslashes and dashes escaped, a line never starting with a control
 * character, `names` in bold, "\n" a new paragraph. */
static void roff_text(GString *out, const char *text) {
  gboolean bold = FALSE, line_start = TRUE;
  for (const char *p = text; *p; p++) {
    if (line_start && (*p == '.' || *p == '\''))
      g_string_append(out, "\\&");
    line_start = FALSE;
    switch (*p) {
    case '\\':
      g_string_append(out, "\\e");
      break;
    case '-':
      g_string_append(out, "\\-");
      break;
    case '`':
      g_string_append(out, bold ? "\\fR" : "\\fB");
      bold = !bold;
      break;
    case '\n':
      g_string_append(out, "\n.PP\n");
      line_start = TRUE;
      break;
    default:
      g_string_append_c(out, *p);
    }
  }
  if (bold)
    g_string_append(out, "\\fR");
  g_string_append_c(out, '\n');
}

static void roff_word(GString *out, const char *font, const char *word) {
  g_string_append_printf(out, "\\f%s", font);
  for (const char *p = word; *p; p++)
    if (*p == '-')
      g_string_append(out, "\\-");
    else
      g_string_append_c(out, *p);
  g_string_append(out, "\\fR");
}

static void man_options(GString *out) {
  g_string_append(out, ".SH OPTIONS\n");
  for (const YsOptionSpec *o = ys_cli_options; o->name; o++) {
    g_string_append(out, ".TP\n");
    if (o->short_name) {
      char short_form[3] = {'-', o->short_name, '\0'};
      roff_word(out, "B", short_form);
      g_string_append(out, ", ");
    }
    g_autofree char *long_form = g_strdup_printf("--%s", o->name);
    roff_word(out, "B", long_form);
    if (o->arg) {
      g_string_append_c(out, '=');
      roff_word(out, "I", o->arg);
    }
    g_string_append_c(out, '\n');
    roff_text(out, o->doc ? o->doc : o->help);
    if (o->commands) {
      g_autofree char *commands = rejoin(o->commands, " ", "`, `");
      g_autofree char *line = g_strdup_printf("For `%s`.", commands);
      g_string_append(out, ".br\n");
      roff_text(out, line);
    }
  }
}

GString *ys_cli_man_page(const char *version) {
  GString *out = g_string_new(NULL);
  g_string_append(out,
                  ".\\\" yosan.1: made by yosan-docgen from cli/cli_spec.c; edit that, not this\n");
  g_string_append_printf(out, ".TH YOSAN 1 \"\" \"yosan %s\" \"User Commands\"\n", version);
  g_string_append(out, ".SH NAME\nyosan \\- ");
  roff_text(out, ys_cli_tagline);
  g_string_append(out, ".SH SYNOPSIS\n");
  for (const YsCommandSpec *c = ys_cli_commands; c->name; c++) {
    g_string_append_printf(out, "%s\\fByosan %s\\fR ", c == ys_cli_commands ? "" : ".br\n",
                           c->name);
    g_auto(GStrv) words = g_strsplit(c->synopsis, " ", -1);
    for (int i = 0; words[i]; i++) {
      g_string_append(out, i ? " " : "");
      roff_word(out, "I", words[i]);
    }
    g_string_append_c(out, '\n');
  }
  g_string_append(out, ".SH DESCRIPTION\n");
  roff_text(out, ys_cli_description);
  g_string_append(out, ".SH COMMANDS\n");
  for (const YsCommandSpec *c = ys_cli_commands; c->name; c++) {
    g_string_append_printf(out, ".TP\n\\fB%s\\fR ", c->name);
    g_auto(GStrv) words = g_strsplit(c->synopsis, " ", -1);
    for (int i = 0; words[i]; i++) {
      g_string_append(out, i ? " " : "");
      roff_word(out, "I", words[i]);
    }
    g_string_append_c(out, '\n');
    roff_text(out, c->doc);
  }
  man_options(out);
  for (const YsDocSection *s = ys_cli_sections; s->title; s++) {
    g_string_append_printf(out, ".SH %s\n", s->title);
    if (!s->literal) {
      roff_text(out, s->text);
      continue;
    }
    g_string_append(out, ".PP\n.nf\n.RS\n");
    roff_text(out, s->text);
    g_string_append(out, ".RE\n.fi\n");
  }
  return out;
}

/* --- bash completion ------------------------------------------------------------------- */

/* The option words (-x --name) of the options that apply to COMMAND, space-separated. */
static char *option_words(const char *command) {
  GString *words = g_string_new(NULL);
  for (const YsOptionSpec *o = ys_cli_options; o->name; o++) {
    if (!ys_cli_option_applies(o, command))
      continue;
    g_string_append_printf(words, "%s--%s%s", words->len ? " " : "", o->name,
                           o->type != YS_ARG_NONE ? "=" : "");
  }
  return g_string_free(words, FALSE);
}

static void completion_values(GString *out) {
  g_string_append(out, "  case $opt in\n");
  for (const YsOptionSpec *o = ys_cli_options; o->name; o++) {
    if (o->type == YS_ARG_NONE)
      continue;
    g_string_append(out, "  ");
    if (o->short_name)
      g_string_append_printf(out, "-%c|", o->short_name);
    g_string_append_printf(out, "--%s)\n    ", o->name);
    if (strchr(o->arg, '|')) {
      g_autofree char *values = rejoin(o->arg, "|", " ");
      g_string_append_printf(out, "COMPREPLY=($(compgen -W '%s' -- \"$cur\"))", values);
    } else if (o->type == YS_ARG_FILENAME && strcmp(o->arg, "DIR") == 0) {
      g_string_append(out, "COMPREPLY=($(compgen -d -- \"$cur\"))");
    } else if (o->type == YS_ARG_FILENAME) {
      g_string_append(out, "COMPREPLY=($(compgen -f -- \"$cur\"))");
    } else {
      g_string_append(out, "COMPREPLY=()"); /* a number, a name, a password: nothing to offer */
    }
    g_string_append(out, "\n    return ;;\n");
  }
  g_string_append(out, "  esac\n");
}

GString *ys_cli_bash_completion(void) {
  GString *out = g_string_new(NULL);
  g_string_append(out, "# bash completion for yosan: made by yosan-docgen from cli/cli_spec.c\n"
                       "_yosan() {\n"
                       "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
                       "  local opt=$prev cmd= i w\n"
                       "  # bash splits --name=value at the '=': put it back together\n"
                       "  if [[ $cur == = ]]; then cur=; elif [[ $prev == = ]]; then "
                       "opt=${COMP_WORDS[COMP_CWORD-2]}; fi\n");
  completion_values(out);
  /* the command is the first word that is neither an option nor an option's value */
  g_string_append(out, "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
                       "    w=${COMP_WORDS[i]}\n"
                       "    case $w in\n"
                       "    -*|=) ;;\n"
                       "    *) case ${COMP_WORDS[i-1]} in\n");
  GString *valued = g_string_new(NULL);
  for (const YsOptionSpec *o = ys_cli_options; o->name; o++)
    if (o->type != YS_ARG_NONE) {
      if (o->short_name)
        g_string_append_printf(valued, "%s-%c", valued->len ? "|" : "", o->short_name);
      g_string_append_printf(valued, "%s--%s", valued->len ? "|" : "", o->name);
    }
  g_string_append_printf(out, "       %s|=) ;;\n", valued->str);
  g_string_free(valued, TRUE);
  g_string_append(out, "       *) cmd=$w; break ;;\n       esac ;;\n    esac\n  done\n");
  g_autofree char *all_options = option_words(NULL);
  GString *commands = g_string_new(NULL);
  for (const YsCommandSpec *c = ys_cli_commands; c->name; c++)
    g_string_append_printf(commands, "%s%s", commands->len ? " " : "", c->name);
  g_string_append_printf(out, "  if [[ $cur == -* ]]; then\n"
                              "    case $cmd in\n");
  for (const YsCommandSpec *c = ys_cli_commands; c->name; c++) {
    g_autofree char *words = option_words(c->name);
    g_string_append_printf(out, "    %s) COMPREPLY=($(compgen -W '%s' -- \"$cur\")) ;;\n", c->name,
                           words);
  }
  g_string_append_printf(out,
                         "    *) COMPREPLY=($(compgen -W '%s' -- \"$cur\")) ;;\n"
                         "    esac\n"
                         "    [[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace\n"
                         "    return\n"
                         "  fi\n"
                         "  if [[ -z $cmd ]]; then\n"
                         "    COMPREPLY=($(compgen -W '%s' -- \"$cur\"))\n"
                         "    return\n"
                         "  fi\n",
                         all_options, commands->str);
  g_string_free(commands, TRUE);
  /* a command's arguments: "a|b" in its synopsis are words to offer, anything else files */
  g_string_append(out, "  case $cmd in\n");
  for (const YsCommandSpec *c = ys_cli_commands; c->name; c++)
    if (strchr(c->synopsis, '|') && !strchr(c->synopsis, ' ')) {
      g_autofree char *values = rejoin(c->synopsis, "|", " ");
      g_string_append_printf(out, "  %s) COMPREPLY=($(compgen -W '%s' -- \"$cur\")) ;;\n", c->name,
                             values);
    }
  g_string_append(out, "  *) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
                       "  esac\n"
                       "}\n"
                       "complete -o filenames -F _yosan yosan\n");
  return out;
}
