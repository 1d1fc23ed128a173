#!/bin/sh
# The producer matrix's score table, for people: per rendition (samples/producers/PRODUCER/DOC.pdf)
# the reference's records and findings it gives (+ those it gives that the reference has not),
# and how many of its injected errors are caught with no other new mismatch; [ratchet] marks a
# rendition tests/data/producers/expected.txt holds to something.
#
#   tests/producers/score.sh [BUILD]     (BUILD: the build folder, default build; after make build)
#
# The table comes from the ratchet test itself (tests/test_cli_producers.c), so the two cannot
# disagree; its exit status is the test's.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build="$here/$build" ;; esac
bin="$build/tests/test_cli_producers"
[ -x "$bin" ] || { echo "score.sh: $bin not found: run make build first" >&2; exit 2; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
"$bin" --jobs 1 --filter 'cli_producers/ratchet' >"$out" 2>&1 || status=$?
sed -n 's/^score: //p' "$out"
if [ "$status" -ne 0 ]; then
    grep -v '^score: ' "$out" >&2
fi
exit "$status"
