/* cli — the one writer of `yosan ingest`: stores each packed document (store/ys_store_add),
 * in argument order, and prints what it did.
 *
 * Run separately (the readers in child processes), it is a process of its own, forked before
 * any reader: the main process hands it each reader's spool file over a socket (the file
 * descriptor itself, SCM_RIGHTS, and the document's length), and the writer reads the
 * document from it. The main process, which forks a reader per file, then writes little
 * memory between forks; when it stored the documents itself, every page the store wrote was
 * shared with a live reader and copied on write, 2.7 ms a file. At the end the main process
 * closes the socket and the writer sends back its counts. A writer whose main process dies is
 * killed too (PR_SET_PDEATHSIG): the transaction under way is lost, never half kept. */
#include "cli/cli.h"

#include <errno.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

struct YsCliWriter {
  const YsCliOptions *options;
  const YsRules *rules;
  YsStoreMaker maker;
  YsStore *store; /* in the writer's process (or this one, not separate) */
  int sock;       /* main process's end; -1 when not separate */
  pid_t pid;
  guint added, already, failed;
};

typedef struct {
  guint32 magic;
  guint32 pad;
  guint64 len;
} Handoff;

typedef struct {
  guint32 magic, added, already, failed;
} Counts;

#define HANDOFF_MAGIC 0x59535731u /* "YSW1" */

static void say_added(const YsCliWriter *w, const YsStoreAdded *a) {
  if (w->options->quiet)
    return;
  if (a->already) {
    printf("%s: already in the store as document %" G_GINT64_FORMAT
           " (the same bytes): nothing to do\n",
           a->file_name, a->document_id);
    return;
  }
  g_autofree char *year =
      a->fiscal_year ? ys_format_year(a->fiscal_year) : g_strdup("year unknown");
  printf("%s: stored as document %" G_GINT64_FORMAT " (%s, %s, %s, version %d", a->file_name,
         a->document_id, a->body[0] ? a->body : "body unknown", year, a->budget_kind, a->version);
  if (a->superseded_id != 0)
    printf(", supersedes document %" G_GINT64_FORMAT, a->superseded_id);
  printf("): %u lines, %u records, %u findings, %u cross-year (%u mismatch%s)", a->lines,
         a->records, a->findings, a->cross_year, a->cross_mismatches,
         a->cross_mismatches == 1 ? "" : "es");
  if (a->later_documents > 0)
    printf("; %u later document%s checked against it again: %u cross-year (%u mismatch%s)",
           a->later_documents, a->later_documents == 1 ? "" : "s", a->later_cross_year,
           a->later_mismatches, a->later_mismatches == 1 ? "" : "es");
  putchar('\n');
}

static void store_bytes(YsCliWriter *w, GBytes *packed) {
  g_autoptr(GError) error = NULL;
  YsStoreAdded added;
  if (!ys_store_add(w->store, w->rules, packed, &w->maker, &added, &error)) {
    fflush(stdout);
    fprintf(stderr, "yosan: %s\n", error->message);
    w->failed++;
  } else {
    w->added += !added.already;
    w->already += added.already;
    say_added(w, &added);
  }
  fflush(stdout);
  ys_store_added_clear(&added);
}

/* LEN bytes of FD from its start; an empty result when they cannot be read (the store then
 * says the document is damaged). */
static GBytes *read_fd(int fd, guint64 len) {
  guint8 *data = g_malloc(len > 0 ? len : 1);
  guint64 done = 0;
  while (done < len) {
    ssize_t n = pread(fd, data + done, len - done, (off_t)done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    done += (guint64)n;
  }
  return g_bytes_new_take(data, done == len ? len : 0);
}

static gboolean recv_handoff(int sock, Handoff *h, int *fd) {
  char control[CMSG_SPACE(sizeof(int))];
  struct iovec iov = {h, sizeof *h};
  struct msghdr msg = {
      .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
  ssize_t n;
  do
    n = recvmsg(sock, &msg, MSG_WAITALL);
  while (n < 0 && errno == EINTR);
  *fd = -1;
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  if (c != NULL && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
    memcpy(fd, CMSG_DATA(c), sizeof(int));
  return n == (ssize_t)sizeof *h && h->magic == HANDOFF_MAGIC && *fd >= 0;
}

static G_NORETURN void writer_main(YsCliWriter *w, int sock, pid_t parent) {
#ifdef __linux__
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent)
    _exit(3);
#endif
  g_autoptr(GError) error = NULL;
  if (!ys_store_open(&w->store, w->options->db, TRUE, &error)) {
    fprintf(stderr, "yosan: %s\n", error->message);
    _exit(2);
  }
  Handoff h;
  int fd;
  while (recv_handoff(sock, &h, &fd)) {
    g_autoptr(GBytes) packed = read_fd(fd, h.len);
    close(fd);
    store_bytes(w, packed);
  }
  ys_store_close(w->store);
  Counts c = {HANDOFF_MAGIC, w->added, w->already, w->failed};
  gboolean ok = ys_write_all(sock, &c, sizeof c);
  fflush(stdout);
  _exit(ok ? 0 : 3);
}

YsCliWriter *ys_cli_writer_open(const YsCliOptions *options, const YsRules *rules,
                                const YsStoreMaker *maker, gboolean separate, GError **error) {
  YsCliWriter *w = g_new0(YsCliWriter, 1);
  w->options = options;
  w->rules = rules;
  w->maker = *maker;
  w->sock = -1;
  /* opened here first: a store that cannot be opened stops the run before any file is read */
  if (!ys_store_open(&w->store, options->db, TRUE, error)) {
    g_free(w);
    return NULL;
  }
  int pair[2];
  if (!separate || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
    return w; /* the store written from this process: slower, the same result */
  /* a connection is never carried across fork (its locks would not be): the writer opens its
   * own */
  ys_store_close(w->store);
  w->store = NULL;
  fflush(stdout);
  fflush(stderr);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    close(pair[0]);
    close(pair[1]);
    if (!ys_store_open(&w->store, options->db, TRUE, error)) {
      g_free(w);
      return NULL;
    }
    return w;
  }
  if (pid == 0) {
    close(pair[0]);
    writer_main(w, pair[1], parent);
  }
  close(pair[1]);
  w->sock = pair[0];
  w->pid = pid;
  return w;
}

static gboolean send_handoff(YsCliWriter *w, int fd, guint64 len) {
  Handoff h = {HANDOFF_MAGIC, 0, len};
  char control[CMSG_SPACE(sizeof(int))];
  memset(control, 0, sizeof control);
  struct iovec iov = {&h, sizeof h};
  struct msghdr msg = {
      .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(c), &fd, sizeof(int));
  ssize_t n;
  do
    n = sendmsg(w->sock, &msg, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  return n == (ssize_t)sizeof h;
}

void ys_cli_writer_add(YsCliWriter *w, const YsFileResult *result) {
  if (w->sock < 0) {
    GByteArray *bytes = g_byte_array_new();
    if (result->spool != NULL && result->spool_len > 0) {
      g_byte_array_set_size(bytes, (guint)result->spool_len);
      rewind(result->spool);
      if (fread(bytes->data, 1, result->spool_len, result->spool) != result->spool_len)
        g_byte_array_set_size(bytes, 0); /* the store says it is damaged */
    }
    g_byte_array_append(bytes, (const guint8 *)result->out->str, (guint)result->out->len);
    g_autoptr(GBytes) packed = g_byte_array_free_to_bytes(bytes);
    store_bytes(w, packed);
    return;
  }
  /* the document as one file from its start: the spool as the reader left it, or (a reader
   * that ran in this process) its output written to a file of its own */
  FILE *file = result->spool;
  FILE *own = NULL;
  guint64 len = result->spool_len;
  if (file == NULL || result->out->len > 0) {
    own = tmpfile();
    gboolean ok = own != NULL;
    if (ok && result->spool != NULL && result->spool_len > 0) {
      char buffer[65536];
      rewind(result->spool);
      for (guint64 left = result->spool_len; ok && left > 0;) {
        size_t n = fread(buffer, 1, MIN(left, sizeof buffer), result->spool);
        ok = n > 0 && fwrite(buffer, 1, n, own) == n;
        left -= n;
      }
    }
    ok = ok && fwrite(result->out->str, 1, result->out->len, own) == result->out->len &&
         fflush(own) == 0;
    file = own;
    len = ok ? result->spool_len + result->out->len : 0;
  }
  if (file == NULL || !send_handoff(w, fileno(file), len)) {
    fflush(stdout);
    fprintf(stderr, "yosan: the store's writer process is gone (%s): not stored\n",
            g_strerror(errno));
    w->failed++;
  }
  if (own != NULL)
    fclose(own);
}

void ys_cli_writer_close(YsCliWriter *w, guint *added, guint *already, guint *failed) {
  if (w->sock >= 0) {
    shutdown(w->sock, SHUT_WR); /* no more documents: the writer answers with its counts */
    Counts c = {0};
    ssize_t n;
    do
      n = recv(w->sock, &c, sizeof c, MSG_WAITALL);
    while (n < 0 && errno == EINTR);
    int status = 0;
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
      ;
    if (n == (ssize_t)sizeof c && c.magic == HANDOFF_MAGIC) {
      w->added = c.added;
      w->already = c.already;
      w->failed += c.failed;
    } else {
      fprintf(stderr,
              "yosan: the store's writer process ended without its counts (status "
              "%d): the documents it stored are whole; run the ingest again to store "
              "the rest\n",
              status);
      w->failed++;
    }
    close(w->sock);
  }
  ys_store_close(w->store);
  *added = w->added;
  *already = w->already;
  *failed = w->failed;
  g_free(w);
}
