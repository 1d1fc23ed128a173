/* cli — many files at once. Each file runs in a child process with a time and memory limit,
 * so a PDF that crashes or hangs Poppler is reported as failed without taking the batch down;
 * up to `jobs` children run at once and their results are delivered in argument order.
 * A child writes its result to an unlinked temporary file: [stdout bytes][stderr bytes]
 * [ChildTrailer], its stdout part written as it is made once it passes a megabyte. The parent
 * reads the trailer and the messages back; the output is copied from the file only when it is
 * delivered, so a large one never has to fit in memory twice. With progress shown, the parent
 * waits for its children a fifth of a second at a time, drawing between (cli_progress.c). */
#include "cli/cli.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
  guint32 magic;
  gint32 status;
  guint32 checks, exact, rounding, mismatches, records, pages, pages_without_text;
  guint64 out_len, err_len;
} ChildTrailer;

#define TRAILER_MAGIC 0x59534e31u /* "YSN1" */

/* The running batch's jobs. A child ends with _exit, holding its copy of the parent's jobs and
 * the results collected so far; an optimized build may keep no pointer to them alive by then,
 * and through this one a leak checker that follows children finds them reachable, not lost. */
static void *volatile batch_jobs = NULL;

typedef struct {
  const char *path;
  pid_t pid;
  FILE *spool;
  FILE *noise; /* the child's stderr: Poppler's complaints, sanitizer reports */
  gboolean running, finished;
  YsFileResult result;
} Job;

static void limit_child(const YsCliOptions *options) {
  if (options->timeout_seconds > 0) {
    struct rlimit cpu = {(rlim_t)options->timeout_seconds, (rlim_t)options->timeout_seconds + 5};
    setrlimit(RLIMIT_CPU, &cpu);
    alarm((unsigned)options->timeout_seconds); /* wall clock: a hang that does not spin */
  }
#if !defined(__SANITIZE_ADDRESS__) && !defined(YS_NO_MEMORY_LIMIT)
  if (options->memory_limit_mb > 0) {
    rlim_t bytes = (rlim_t)options->memory_limit_mb * 1024 * 1024;
    struct rlimit as = {bytes, bytes};
    setrlimit(RLIMIT_AS, &as);
  }
#endif
}

static G_NORETURN void run_child(const YsCliOptions *options, const YsRules *rules, Job *job,
                                 pid_t parent, YsProgressSlot *slot) {
#ifdef __linux__
  /* an interrupted parent (kill -INT, not a terminal's Ctrl-C to the whole group) must not leave
   * this child reading on until its --timeout */
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent)
    _exit(3);
#endif
  /* Poppler prints its complaints about damaged streams to stderr; catch them for the parent. */
  /* should this fail, stderr stays the terminal: Poppler's complaints show, nothing is lost */
  (void)dup2(fileno(job->noise), STDERR_FILENO);
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_UNBLOCK, &chld, NULL); /* the parent's wait blocks it (wait_child) */
  limit_child(options);
  int fd = fileno(job->spool);
  YsFileResult result;
  ys_file_result_init(&result);
  result.spill_fd = fd; /* a large output goes to the spool as it is made */
  result.progress = slot;
  ys_cli_run_file(options, rules, job->path, &result);
  ChildTrailer trailer;
  memset(&trailer, 0, sizeof trailer); /* its padding is written out too: set member by member */
  trailer.magic = TRAILER_MAGIC;
  trailer.status = result.status;
  trailer.checks = result.checks;
  trailer.exact = result.exact;
  trailer.rounding = result.rounding;
  trailer.mismatches = result.mismatches;
  trailer.records = result.records;
  trailer.pages = result.pages;
  trailer.pages_without_text = result.pages_without_text;
  trailer.out_len = result.spilled + result.out->len;
  trailer.err_len = result.err->len;
  gboolean ok = !result.spill_failed && ys_write_all(fd, result.out->str, result.out->len) &&
                ys_write_all(fd, result.err->str, result.err->len) &&
                ys_write_all(fd, &trailer, sizeof trailer);
  ys_file_result_clear(&result);
  _exit(ok ? 0 : 3);
}

/* Whether what the child printed before dying says that an allocation failed: GLib's
 * g_error, Poppler's gmem and C++'s new each abort with their own words. */
static gboolean out_of_memory_noise(const char *noise) {
  return strstr(noise, "failed to allocate") != NULL || strstr(noise, "Out of memory") != NULL ||
         strstr(noise, "std::bad_alloc") != NULL;
}

static char *describe_death(const YsCliOptions *options, int wait_status, const char *noise) {
  if (WIFSIGNALED(wait_status)) {
    int sig = WTERMSIG(wait_status);
    if (sig == SIGALRM || sig == SIGXCPU)
      return g_strdup_printf("timed out after %d s (raise it with --timeout)",
                             options->timeout_seconds);
    if (sig == SIGKILL)
      return g_strdup("killed (out of memory or time; see --memory-limit, --timeout)");
    if (out_of_memory_noise(noise))
      return g_strdup_printf("ran out of memory (--memory-limit is %" G_GINT64_FORMAT
                             " MB; raise it, or 0 for no limit)",
                             options->memory_limit_mb);
    return g_strdup_printf("crashed while reading it (signal %d: %s); this is a bug in yosan "
                           "or Poppler — please report it with the file",
                           sig, g_strsignal(sig));
  }
  return g_strdup_printf("failed (exit status %d, out of memory? see --memory-limit)",
                         WEXITSTATUS(wait_status));
}

static char *slurp(FILE *stream) {
  GString *text = g_string_new(NULL);
  char buffer[4096];
  size_t n;
  rewind(stream);
  while ((n = fread(buffer, 1, sizeof buffer, stream)) > 0)
    g_string_append_len(text, buffer, (gssize)n);
  return g_string_free(text, FALSE);
}

static guint count_lines(const char *text) {
  guint n = 0;
  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

/* What the child printed to stderr (Poppler, sanitizers): shown with -v or when it died,
 * otherwise summarized in one line. */
static void report_noise(const YsCliOptions *options, Job *job, const char *noise, gboolean died) {
  if (noise[0] == '\0')
    return;
  if (options->verbose || died) {
    g_string_append(job->result.err, noise);
    return;
  }
  g_string_append_printf(job->result.err,
                         "yosan: %s: Poppler reported %u problem(s) reading this file; "
                         "run with --verbose to see them\n",
                         job->path, MAX(count_lines(noise), 1u));
}

/* Reads the child's spool back into job->result; a missing or short trailer means it died. */
static void collect(const YsCliOptions *options, Job *job, int wait_status) {
  YsFileResult *r = &job->result;
  ys_file_result_init(r);
  g_autofree char *noise = slurp(job->noise);
  fclose(job->noise);
  job->noise = NULL;
  long size = (fseek(job->spool, 0, SEEK_END) == 0) ? ftell(job->spool) : -1;
  ChildTrailer t = {0};
  gboolean ok = WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0 && size >= (long)sizeof t;
  if (ok) {
    fseek(job->spool, size - (long)sizeof t, SEEK_SET);
    ok = fread(&t, sizeof t, 1, job->spool) == 1 && t.magic == TRAILER_MAGIC &&
         t.out_len + t.err_len + sizeof t == (guint64)size;
  }
  if (ok) {
    /* the output stays in the spool until it is delivered: only the messages are read now */
    g_string_set_size(r->err, t.err_len);
    ok = fseek(job->spool, (long)t.out_len, SEEK_SET) == 0 &&
         (t.err_len == 0 || fread(r->err->str, 1, t.err_len, job->spool) == t.err_len);
  }
  if (ok) {
    r->spool = g_steal_pointer(&job->spool);
    r->spool_len = t.out_len;
    r->status = t.status;
    r->checks = t.checks;
    r->exact = t.exact;
    r->rounding = t.rounding;
    r->mismatches = t.mismatches;
    r->records = t.records;
    r->pages = t.pages;
    r->pages_without_text = t.pages_without_text;
  } else {
    g_autofree char *why = describe_death(options, wait_status, noise);
    g_string_truncate(r->out, 0);
    g_string_truncate(r->err, 0);
    g_string_append_printf(r->err, "yosan: %s: %s; other files were still checked\n", job->path,
                           why);
    r->status = 2;
  }
  if (job->spool)
    fclose(job->spool);
  job->spool = NULL;
  report_noise(options, job, noise, !ok);
}

/* waitpid failed for good (ECHILD when SIGCHLD is ignored, say): the running children can no
 * longer be collected, so each of their files is reported as failed rather than left out. */
static void lose_running_jobs(Job *jobs, int n_paths, int wait_errno) {
  for (int i = 0; i < n_paths; i++) {
    Job *job = &jobs[i];
    if (!job->running)
      continue;
    ys_file_result_init(&job->result);
    g_string_append_printf(job->result.err,
                           "yosan: %s: its reader process could not be waited for (%s)\n",
                           job->path, g_strerror(wait_errno));
    job->result.status = 2;
    fclose(job->spool);
    fclose(job->noise);
    job->spool = job->noise = NULL;
    job->running = FALSE;
    job->finished = TRUE;
  }
}

static gboolean start_job(const YsCliOptions *options, const YsRules *rules, Job *job,
                          YsProgressSlot *slot) {
  job->spool = tmpfile();
  job->noise = tmpfile();
  if (job->spool == NULL || job->noise == NULL) {
    if (job->spool)
      fclose(job->spool);
    if (job->noise)
      fclose(job->noise);
    job->spool = job->noise = NULL;
    return FALSE;
  }
  fflush(stdout);
  fflush(stderr);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    fclose(job->spool);
    fclose(job->noise);
    job->spool = job->noise = NULL;
    return FALSE;
  }
  if (pid == 0)
    run_child(options, rules, job, parent, slot);
  job->pid = pid;
  job->running = TRUE;
  return TRUE;
}

static void run_in_process(const YsCliOptions *options, const YsRules *rules, Job *job,
                           YsProgress *progress, YsProgressSlot *slot) {
  ys_file_result_init(&job->result);
  job->result.progress = slot;
  job->result.ticker = progress;
  ys_cli_run_file(options, rules, job->path, &job->result);
  job->finished = TRUE;
}

/* A child's end: as waitpid(-1, …, 0), but with PROGRESS, drawn while waiting. SIGCHLD is
 * blocked meanwhile, so one that comes between the look and the wait is not lost: it stays
 * pending, and the wait returns at once. */
static pid_t wait_child(YsProgress *progress, int *wait_status) {
  if (progress == NULL)
    return waitpid(-1, wait_status, 0);
  sigset_t chld, old;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, &old);
  pid_t pid;
  while ((pid = waitpid(-1, wait_status, WNOHANG)) == 0) {
    ys_progress_tick(progress);
    struct timespec fifth = {0, 200 * 1000 * 1000};
    sigtimedwait(&chld, NULL, &fifth); /* a child ended, the time is up, or another signal */
  }
  sigprocmask(SIG_SETMASK, &old, NULL);
  return pid;
}

void ys_cli_run_batch(const YsCliOptions *options, const YsRules *rules, char **paths, int n_paths,
                      YsProgress *progress, YsResultSink sink, gpointer user_data) {
  Job *jobs = g_new0(Job, n_paths);
  batch_jobs = jobs;
  for (int i = 0; i < n_paths; i++)
    jobs[i].path = paths[i];
  int next_start = 0, next_deliver = 0, running = 0;
  int max_running = MAX(options->jobs, 1);
  /* Poppler is loaded on demand: for PDFs, once here rather than in every child */
  if (options->isolate)
    ys_extract_prepare((const char *const *)paths, (guint)n_paths);

  while (next_deliver < n_paths) {
    while (running < max_running && next_start < n_paths) {
      YsProgressSlot *slot = ys_progress_slot(progress, (guint)next_start);
      Job *job = &jobs[next_start++];
      if (options->isolate && start_job(options, rules, job, slot)) {
        running++;
      } else {
        /* no fork possible: still finish the work */
        run_in_process(options, rules, job, progress, slot);
      }
    }
    while (next_deliver < n_paths && jobs[next_deliver].finished) {
      ys_progress_hide(progress); /* the sink prints */
      sink(&jobs[next_deliver].result, user_data);
      ys_progress_file_done(progress, (guint)next_deliver);
      ys_file_result_clear(&jobs[next_deliver].result);
      next_deliver++;
    }
    if (running == 0)
      continue;
    int wait_status = 0;
    pid_t pid = wait_child(progress, &wait_status);
    if (pid < 0) {
      if (errno == EINTR)
        continue;
      lose_running_jobs(jobs, n_paths, errno); /* every file is still reported, as failed */
      running = 0;
      continue;
    }
    for (int i = 0; i < n_paths; i++) {
      if (jobs[i].running && jobs[i].pid == pid) {
        collect(options, &jobs[i], wait_status);
        jobs[i].running = FALSE;
        jobs[i].finished = TRUE;
        running--;
        break;
      }
    }
  }
  batch_jobs = NULL;
  g_free(jobs);
}
