/* tests — `yosan ingest` killed with SIGKILL at random moments, many times, on a set of real
 * files (the excerpts of 富士市's books, the samples, a later year): after every kill the
 * database passes PRAGMA integrity_check and every document in it is whole (as many lines,
 * records and findings as a run that was not killed stored for the same bytes), and a run
 * after the kill completes it to exactly what an uninterrupted ingest gives. The seed is
 * logged; YS_KILL_SEED repeats a run, YS_KILL_RUNS sets how many kills. */
#include "cli_support.h"
#include "store_support.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

static const char *const FILES[] = {
    "samples/real/fuji-r8-gaiyou.pdf",       "samples/real/fuji-r8-shizei.pdf",
    "samples/real/fuji-r8-gikai.pdf",        "samples/real/fuji-r8-kokko-p1-2.pdf",
    "samples/real/fuji-r8-norin-p1-2.pdf",   "samples/real/fuji-r7-spread-106.pdf",
    "samples/real/fuji-r7-kyuyo-p1-2.pdf",   "samples/mext-lifescience-r8.pdf",
    "samples/city-yosansho-r8.pdf",          "samples/mext-lifescience-r8.txt",
    "samples/years/mext-lifescience-r9.txt", NULL};

static GPtrArray *ingest_args(const char *db_arg) {
  GPtrArray *args = g_ptr_array_new();
  g_ptr_array_add(args, (gpointer) "ingest");
  g_ptr_array_add(args, (gpointer)db_arg);
  g_ptr_array_add(args, (gpointer) "-q");
  for (int i = 0; FILES[i]; i++)
    g_ptr_array_add(args, (gpointer)FILES[i]);
  g_ptr_array_add(args, NULL);
  return args;
}

static GPid start_ingest(const char *db_arg) {
  g_autoptr(GPtrArray) args = ingest_args(db_arg);
  g_autoptr(GPtrArray) argv = ys_argv((const char *const *)args->pdata);
  GPid pid = 0;
  g_autoptr(GError) error = NULL;
  cr_assert(g_spawn_async(YS_SOURCE_DIR, (char **)argv->pdata, NULL,
                          G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                              G_SPAWN_STDERR_TO_DEV_NULL,
                          NULL, NULL, &pid, &error),
            "%s", error ? error->message : "");
  return pid;
}

/* Per document (by sha256): its lines, records and own findings. */
static const char COUNTS[] =
    "SELECT d.sha256, (SELECT count(*) FROM lines l WHERE l.document_id = d.document_id), "
    "(SELECT count(*) FROM records r WHERE r.document_id = d.document_id), "
    "(SELECT count(*) FROM findings f WHERE f.document_id = d.document_id AND f.check_name <> "
    "'cross-year') FROM documents d ORDER BY d.sha256";

static void remove_db(const char *db) {
  const char *ends[] = {"", "-wal", "-shm", "-journal"};
  for (guint i = 0; i < G_N_ELEMENTS(ends); i++) {
    g_autofree char *p = g_strconcat(db, ends[i], NULL);
    g_unlink(p);
  }
}

Test(store_kill, sigkill_at_random_moments_leaves_whole_documents, .timeout = 600) {
  g_autofree char *dir = st_dir("kill");
  g_autofree char *ref = g_build_filename(dir, "reference.db", NULL);
  g_autofree char *db = g_build_filename(dir, "killed.db", NULL);
  g_autofree char *ref_arg = g_strdup_printf("--db=%s", ref);
  g_autofree char *db_arg = g_strdup_printf("--db=%s", db);

  gint64 t0 = g_get_monotonic_time();
  GPid pid = start_ingest(ref_arg);
  int status = 0;
  cr_assert_eq(waitpid(pid, &status, 0), pid);
  cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "reference ingest failed");
  gint64 full_us = g_get_monotonic_time() - t0;
  g_autofree char *want = st_dump(ref);
  sqlite3 *h = st_open(ref);
  g_autofree char *ref_counts = st_rows(h, COUNTS);
  sqlite3_close(h);
  cr_assert_gt(strlen(ref_counts), 100);

  const char *seed_env = g_getenv("YS_KILL_SEED"), *runs_env = g_getenv("YS_KILL_RUNS");
  guint32 seed = seed_env ? (guint32)g_ascii_strtoull(seed_env, NULL, 10) : g_random_int();
  int runs = runs_env ? atoi(runs_env) : 16;
  cr_log_info("seed %u, %d runs, a whole ingest %.2f s", seed, runs, full_us / 1e6);
  GRand *rand = g_rand_new_with_seed(seed);
  guint partial = 0;
  /* the kills must land inside the work at least once: on a loaded machine a start-up can take
   * most of a whole ingest's time, so runs go on (up to 4x) until one has */
  int run = 0;
  for (; run < runs || (partial == 0 && run < 4 * runs); run++) {
    remove_db(db);
    gint64 delay = g_rand_int_range(rand, 0, (gint32)MIN(full_us, G_MAXINT32));
    pid = start_ingest(db_arg);
    g_usleep((gulong)delay);
    kill(pid, SIGKILL);
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    if (g_file_test(db, G_FILE_TEST_EXISTS)) {
      /* opened as the next run opens it (recovering what the kill left), then checked */
      sqlite3 *k = NULL;
      cr_assert_eq(sqlite3_open(db, &k), SQLITE_OK);
      /* the killed run's writer (a child process) dies with it, but a moment later: wait for
       * its lock rather than fail on it */
      sqlite3_busy_timeout(k, 10000);
      g_autofree char *integrity = st_rows(k, "PRAGMA integrity_check");
      cr_assert_str_eq(integrity, "ok\n", "run %d (seed %u, %" G_GINT64_FORMAT " us)", run, seed,
                       delay);
      gboolean has_schema = st_int(k, "SELECT count(*) FROM sqlite_master WHERE name = "
                                      "'documents'") == 1;
      if (has_schema) {
        g_autofree char *counts = st_rows(k, COUNTS);
        /* each document's row of counts is the reference's row for the same bytes */
        g_auto(GStrv) rows = g_strsplit(counts, "\n", -1);
        for (int i = 0; rows[i] && rows[i][0]; i++)
          cr_assert(strstr(ref_counts, rows[i]) != NULL,
                    "run %d (seed %u, %" G_GINT64_FORMAT " us): document %s is not whole", run,
                    seed, delay, rows[i]);
        partial += strcmp(counts, ref_counts) != 0;
      }
      sqlite3_close(k);
    }
    /* a run after the kill completes the store */
    pid = start_ingest(db_arg);
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "run %d: the re-run failed", run);
    g_autofree char *got = st_dump(db);
    cr_assert_str_eq(got, want,
                     "run %d (seed %u, %" G_GINT64_FORMAT " us): completed store "
                     "differs from an uninterrupted ingest",
                     run, seed, delay);
  }
  g_rand_free(rand);
  cr_log_info("%u of %d kills left a store with part of the files", partial, run);
  /* the kills must have landed inside the work, not all before or after it */
  cr_assert_gt(partial, 0, "no kill fell while documents were being stored (seed %u)", seed);
}
