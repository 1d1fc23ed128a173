/* cli — `yosan`: read the command line by the spec (cli_spec.c, cli_args.c) and run the
 * command its table names. Exit status: 0 all figures reconcile · 1 at least one mismatch ·
 * 2 usage or input error. */
#include "cli/cli.h"

#include <locale.h>
#include <signal.h>
#include <unistd.h>

static void on_signal(int sig) {
  const char *tmp = ys_outfile_pending_tmp;
  if (tmp != NULL)
    unlink(tmp);
  signal(sig, SIG_DFL);
  raise(sig);
}

int main(int argc, char **argv) {
  setlocale(LC_ALL, "");
  YsCliOptions options;
  char **args = NULL;
  int n_args = 0;
  int status = ys_cli_parse(&options, argc, argv, &args, &n_args);
  if (status < 0) {
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
    signal(SIGPIPE, SIG_IGN);
    status = ys_cli_find_command(options.command_name)->run(&options, args, n_args);
  }
  ys_cli_options_clear(&options);
  return status;
}
