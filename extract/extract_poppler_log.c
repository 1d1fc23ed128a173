/* extract — keeps Poppler's complaints (flate errors, broken fonts, bad xref …) off the terminal
 * and counts them for the page or document being read.
 *
 * poppler-glib (22.12 included) installs an error callback in the Poppler core whenever a
 * document is created (GlobalParamsIniter(_poppler_error_cb)); that callback forwards every
 * complaint to g_log(domain "Poppler", G_LOG_LEVEL_INFO, "<Category> at position N: text").
 * A handler for that domain, installed once per process, hands each message to the capture
 * active on the calling thread (one ys_extract_* call). Outside a capture the message goes to
 * GLib's default handler, i.e. where it would have gone without yosan (INFO is shown only
 * with G_MESSAGES_DEBUG).
 *
 * The one exception to "no global mutable state in library code": Poppler's messages are
 * process-wide, so their handler is too. It is installed once (g_once) and keeps nothing but
 * a per-thread pointer to the active capture, so parallel readers never see each other's. */
#include "extract/extract_private.h"

#include <string.h>

/* The capture active on this thread, if any: set for the duration of one ys_extract_* call. */
static _Thread_local YsPopplerLog *current_log;

static void on_poppler_log(const char *domain, GLogLevelFlags level, const char *message,
                           gpointer data) {
  YsPopplerLog *log = current_log;
  if (!log) {
    g_log_default_handler(domain, level, message, data);
    return;
  }
  const char *m = message ? message : "";
  gboolean is_error =
      !(g_str_has_prefix(m, "Syntax warning") || g_str_has_prefix(m, "Unimplemented feature"));
  if (is_error) {
    if (log->errors == 0) {
      g_free(log->first);
      log->first = g_strdup(m);
    }
    log->errors++;
  } else {
    if (!log->first)
      log->first = g_strdup(m);
    log->warnings++;
  }
}

static gpointer install(gpointer unused) {
  g_log_set_handler("Poppler", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
                    on_poppler_log, NULL);
  return NULL;
}

void ys_poppler_log_begin(YsPopplerLog *log) {
  static GOnce once = G_ONCE_INIT;
  g_once(&once, install, NULL);
  memset(log, 0, sizeof *log);
  log->outer = current_log;
  current_log = log;
}

void ys_poppler_log_end(YsPopplerLog *log) {
  current_log = log->outer;
  log->outer = NULL;
}

void ys_poppler_log_clear(YsPopplerLog *log) {
  g_clear_pointer(&log->first, g_free);
  log->errors = log->warnings = 0;
}
