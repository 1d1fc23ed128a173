#!/bin/sh
# Two or more yosan builds against pdftotext, alternating within each run (a loaded machine
# slows them alike), on bench/run.sh's corpus (bench/out/big.pdf, big.txt: made there).
# Prints, per build, the median wall time of each job and its ratio to pdftotext's median.
#   usage: bench/compare.sh RUNS BIN...     e.g. bench/compare.sh 7 /tmp/before/bin/yosan build/yosan
# A build must find its rules as an installed or a build-tree yosan does.
set -eu
cd "$(dirname "$0")/.."
RUNS=$1; shift
OUT=bench/out
[ -s "$OUT/big.pdf" ] && [ -s "$OUT/big.txt" ] || { echo "compare: run bench/run.sh once first" >&2; exit 2; }
wall() { # prints the seconds COMMAND took (its output discarded; exit 0 and 1 are verdicts)
  t0=$(date +%s%N); "$@" >/dev/null 2>&1 || [ $? -eq 1 ] || { echo "compare: '$*' failed" >&2; exit 2; }
  t1=$(date +%s%N); awk -v ns=$((t1 - t0)) 'BEGIN {printf "%.4f\n", ns / 1e9}'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
rm -f "$OUT"/cmp.*
r=0
while [ "$r" -lt "$RUNS" ]; do
  wall pdftotext "$OUT/big.pdf" - >> "$OUT/cmp.p2t"
  i=0
  for bin in "$@"; do
    wall "$bin" records "$OUT/big.pdf" >> "$OUT/cmp.$i.records"
    wall "$bin" check -j 1 "$OUT/big.pdf" >> "$OUT/cmp.$i.check1"
    wall "$bin" records -j 1 "$OUT/big.txt" >> "$OUT/cmp.$i.text"
    i=$((i + 1))
  done
  r=$((r + 1))
done
T0=$(median < "$OUT/cmp.p2t")
echo "pdftotext: $T0 s (median of $RUNS)"
printf '%-40s %22s %22s %22s\n' build "records PDF (x p2t)" "check -j1 PDF (x p2t)" "records -j1 text (x p2t)"
i=0
for bin in "$@"; do
  line=$(printf '%-40s' "$bin")
  for job in records check1 text; do
    s=$(median < "$OUT/cmp.$i.$job")
    line="$line $(awk -v s="$s" -v t="$T0" 'BEGIN {printf "%12.3f s (%5.2f)", s, s / t}')"
  done
  echo "$line"
  i=$((i + 1))
done
