/* cli — progress on a terminal: "yosan: 3/10 files, 57 pages read; now 4 of 20 pages" on stderr
 * (files done of all, pages read in all, and pages read of those to read in the files being
 * read now), drawn over itself
 * and cleared when the run ends (or before anything else is printed), only when stderr is a
 * terminal and not --quiet (the caller decides), and only once a run has lasted long enough
 * to want it. Never on standard output.
 *
 * Each file has a slot of two counters, pages read and pages to read, that its reader writes:
 * the slots are in memory shared with the children (one per file), so the parent sees a
 * child's pages as they are read. A file's page count is known only once it is open (opening
 * every file first, in the parent, would defeat reading each in a child of its own), so the
 * "of" of pages is that of the files being read. Drawing uses write(2) on a formatted buffer, no
 * stdio: what is drawn never interleaves with a half-flushed line. */
#include "cli/cli.h"

#include <stdio.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define FIRST_DRAW_MS 500 /* a run shorter than this shows nothing */
#define REDRAW_MS 150

struct YsProgress {
  YsProgressSlot *slots;
  gboolean *delivered; /* by file: done, its pages counted in "read" only */
  guint n_files, files_done;
  gint64 started, last_drawn; /* g_get_monotonic_time(), µs */
  gboolean shown;
};

YsProgress *ys_progress_new(guint n_files) {
  YsProgress *p = g_new0(YsProgress, 1);
  gsize size = MAX(n_files, 1u) * sizeof(YsProgressSlot);
  void *slots = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (slots == MAP_FAILED) { /* no progress, then: never a reason to fail the run */
    g_free(p);
    return NULL;
  }
  p->slots = slots;
  p->delivered = g_new0(gboolean, MAX(n_files, 1u));
  p->n_files = n_files;
  p->started = g_get_monotonic_time();
  return p;
}

YsProgressSlot *ys_progress_slot(YsProgress *p, guint file) {
  return p != NULL && file < p->n_files ? &p->slots[file] : NULL;
}

void ys_progress_hide(YsProgress *p) {
  if (p == NULL || !p->shown)
    return;
  static const char clear[] = "\r\033[K";
  (void)ys_write_all(STDERR_FILENO, clear, sizeof clear - 1);
  p->shown = FALSE;
}

void ys_progress_file_done(YsProgress *p, guint file) {
  if (p == NULL || file >= p->n_files)
    return;
  p->files_done++;
  p->delivered[file] = TRUE;
}

void ys_progress_tick(YsProgress *p) {
  if (p == NULL)
    return;
  gint64 now = g_get_monotonic_time();
  if (now - p->started < FIRST_DRAW_MS * 1000 || now - p->last_drawn < REDRAW_MS * 1000)
    return;
  guint64 read = 0, now_read = 0, now_total = 0;
  for (guint i = 0; i < p->n_files; i++) {
    guint done = (guint)g_atomic_int_get(&p->slots[i].done);
    read += done;
    if (!p->delivered[i]) {
      now_read += done;
      now_total += (guint)g_atomic_int_get(&p->slots[i].total);
    }
  }
  char line[160], now_part[64] = "";
  if (now_total > 0)
    snprintf(now_part, sizeof now_part,
             "; now %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " pages", now_read, now_total);
  int n = snprintf(
      line, sizeof line, "\ryosan: %u/%u file%s, %" G_GUINT64_FORMAT " page%s read%s\033[K",
      p->files_done, p->n_files, p->n_files == 1 ? "" : "s", read, read == 1 ? "" : "s", now_part);
  fflush(stdout); /* what was printed before comes before the line */
  if (n > 0 && ys_write_all(STDERR_FILENO, line, (gsize)MIN(n, (int)sizeof line - 1)))
    p->shown = TRUE;
  p->last_drawn = now;
}

void ys_progress_free(YsProgress *p) {
  if (p == NULL)
    return;
  ys_progress_hide(p);
  munmap(p->slots, MAX(p->n_files, 1u) * sizeof(YsProgressSlot));
  g_free(p->delivered);
  g_free(p);
}
