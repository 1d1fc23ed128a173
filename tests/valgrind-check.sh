#!/bin/sh
# tests — runs one yosan command under valgrind's memcheck, following the per-file child
# processes, and fails on any memory error or definite leak in any of them, or if yosan itself
# did not end with 0, 1 or 2. Registered by tests/CMakeLists.txt under the label "valgrind".
#
# usage: valgrind-check.sh VALGRIND SUPPRESSIONS LOGDIR YOSAN ARGS...
set -u
valgrind=$1 supp=$2 logdir=$3
shift 3
mkdir -p "$logdir"
rm -f "$logdir"/vg.*.log
"$valgrind" --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
  --trace-children=yes --suppressions="$supp" --log-file="$logdir/vg.%p.log" \
  "$@" >/dev/null 2>"$logdir/stderr.txt"
status=$?
bad=$(grep -L "ERROR SUMMARY: 0 errors" "$logdir"/vg.*.log)
if [ -n "$bad" ] || [ "$status" -gt 2 ]; then
  echo "valgrind: errors (exit status $status) in: $*" >&2
  for f in $bad; do cat "$f" >&2; done
  cat "$logdir/stderr.txt" >&2
  exit 1
fi
echo "valgrind: clean ($(ls "$logdir"/vg.*.log | wc -l) processes, exit status $status): $*"
