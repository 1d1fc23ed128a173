/* extract — reading PDF pages ahead on a second thread. Poppler's text extraction is most of
 * the time a PDF takes; laying the glyphs out, the rules and the checks are the rest. With one
 * thread reading page k + 1 in Poppler while the caller lays out and checks page k, the rest
 * costs next to no wall time on a machine with a core to spare.
 *
 * Only this thread calls Poppler while it runs (a PopplerDocument is not for two threads at
 * once). It stays at most READ_AHEAD_PAGES ahead of the caller, so memory does not grow with
 * the page count, and it blocks every signal: a signal meant for the process (SIGALRM from
 * --timeout, SIGINT, SIGTERM) is handled by the caller's thread as before. */
#include "extract/extract_private.h"

#include <signal.h>

/* Pages read and not yet taken, at most. */
#define READ_AHEAD_PAGES 4

struct YsReadAhead {
  YsDocument *doc;
  GThread *thread;
  GMutex lock;
  GCond changed;  /* a page was read, a page was taken, or stop was asked */
  GQueue ready;   /* YsPdfPageRead*, in page order */
  int next_read;  /* the page the thread reads next */
  int next_taken; /* the page the caller takes next */
  gboolean stop;
};

static gpointer read_pages(gpointer data) {
  YsReadAhead *ra = data;
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, NULL);

  g_mutex_lock(&ra->lock);
  while (!ra->stop && ra->next_read <= ra->doc->n_pages) {
    if (ra->ready.length >= READ_AHEAD_PAGES) {
      g_cond_wait(&ra->changed, &ra->lock);
      continue;
    }
    int number = ra->next_read++;
    g_mutex_unlock(&ra->lock);
    YsPdfPageRead *read = ys_extract_pdf_read(ra->doc, number);
    g_mutex_lock(&ra->lock);
    g_queue_push_tail(&ra->ready, read);
    g_cond_broadcast(&ra->changed);
  }
  g_mutex_unlock(&ra->lock);
  return NULL;
}

YsReadAhead *ys_read_ahead_start(YsDocument *doc, int first) {
  YsReadAhead *ra = g_new0(YsReadAhead, 1);
  ra->doc = doc;
  ra->next_read = ra->next_taken = first;
  g_mutex_init(&ra->lock);
  g_cond_init(&ra->changed);
  g_queue_init(&ra->ready);
  /* g_thread_try_new, not g_thread_new: under --memory-limit a thread's stack may not fit, and
   * reading without one is only slower */
  ra->thread = g_thread_try_new("yosan-pdf", read_pages, ra, NULL);
  if (!ra->thread) {
    g_mutex_clear(&ra->lock);
    g_cond_clear(&ra->changed);
    g_free(ra);
    return NULL;
  }
  return ra;
}

int ys_read_ahead_next(const YsReadAhead *ra) {
  return ra->next_taken; /* written by the caller's thread only */
}

YsPdfPageRead *ys_read_ahead_take(YsReadAhead *ra) {
  g_mutex_lock(&ra->lock);
  /* the page is on its way: the thread reads every page up to the last unless stopped */
  while (g_queue_is_empty(&ra->ready))
    g_cond_wait(&ra->changed, &ra->lock);
  YsPdfPageRead *read = g_queue_pop_head(&ra->ready);
  ra->next_taken++;
  g_cond_broadcast(&ra->changed);
  g_mutex_unlock(&ra->lock);
  return read;
}

void ys_read_ahead_stop(YsReadAhead *ra) {
  if (!ra)
    return;
  g_mutex_lock(&ra->lock);
  ra->stop = TRUE;
  g_cond_broadcast(&ra->changed);
  g_mutex_unlock(&ra->lock);
  g_thread_join(ra->thread);
  g_queue_clear_full(&ra->ready, (GDestroyNotify)ys_pdf_page_read_free);
  g_mutex_clear(&ra->lock);
  g_cond_clear(&ra->changed);
  g_free(ra);
}
