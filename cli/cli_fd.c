/* cli — writing a whole buffer to a file descriptor (a child's result to its parent, the spool,
 * the progress line): a file of its own, calling nothing else of cli/, so that the files that
 * use it (cli_batch.c, cli_run.c, cli_progress.c, cli_writer.c) do not call each other for it. */
#include "cli/cli.h"

#include <errno.h>
#include <unistd.h>

gboolean ys_write_all(int fd, const void *data, gsize len) {
  const char *p = data;
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return FALSE;
    p += n;
    len -= (gsize)n;
  }
  return TRUE;
}
