#!/bin/sh
# Benchmarks yosan against pdftotext (the same Poppler: the floor for us) in the same run.
# Builds a large corpus from samples/ (a >= 300-page PDF, a >= 50 MB text file), then times,
# alternating, RUNS times each: pdftotext on the PDF, `yosan records` and `yosan check` on it
# as a user runs them (all cores: Poppler reads pages ahead on the second) and `check -j 1` (one
# core), `yosan records -j 1` on the text, and -j 2 on two large files against -j 1; then the
# store: `yosan ingest` of the PDF into a new database, and 1,000 small files (distinct copies
# of a one-page sample) ingested with -j 2 against `check -j 2` on them; then a real budget
# book: the 富士市 excerpts of samples/real/ (DocuWorks pages through Ghostscript, 予算書 tables)
# united and repeated to >= 200 pages, `yosan check` on it against pdftotext on it, and its
# memory on one copy against all of them (flat in pages: the pages are read one at a time).
# Prints the median wall time, pages/s or MB/s, peak memory, CPU time (user + system, all
# threads) and the ratios of both times to pdftotext's.
#   usage: bench/run.sh [RUNS]      (needs: pdfunite + pdftotext from poppler-utils, GNU time)
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-5}
YOSAN=${YOSAN:-build/yosan}
OUT=bench/out
mkdir -p "$OUT"
command -v pdftotext >/dev/null && command -v pdfunite >/dev/null || {
  echo "bench: needs poppler-utils (pdftotext, pdfunite)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 2; }
[ -x "$YOSAN" ] || { echo "bench: build first (make build)" >&2; exit 2; }

# --- corpus -----------------------------------------------------------------------------------
SRC_PDF=samples/mext-lifescience-r8.pdf
pages_src=$(pdfinfo "$SRC_PDF" | awk '/^Pages:/ {print $2}')
copies=$(( (300 + pages_src - 1) / pages_src ))
BIG_PDF=$OUT/big.pdf
SMALL_PDF=$OUT/small.pdf
if [ ! -s "$BIG_PDF" ]; then
  set --; i=0; while [ $i -lt "$copies" ]; do set -- "$@" "$SRC_PDF"; i=$((i + 1)); done
  pdfunite "$@" "$BIG_PDF"
  cp "$BIG_PDF" "$OUT/big2.pdf"
  pdfunite "$SRC_PDF" "$SRC_PDF" "$SRC_PDF" "$SMALL_PDF"
fi
BIG_PAGES=$(pdfinfo "$BIG_PDF" | awk '/^Pages:/ {print $2}')
SMALL_PAGES=$(pdfinfo "$SMALL_PDF" | awk '/^Pages:/ {print $2}')
BIG_TXT=$OUT/big.txt
if [ ! -s "$BIG_TXT" ]; then
  : > "$BIG_TXT"
  while [ "$(stat -c %s "$BIG_TXT")" -lt 52428800 ]; do
    cat samples/mext-lifescience-r8.txt >> "$BIG_TXT"; printf '\f' >> "$BIG_TXT"
  done
fi
SMALL_DIR=$OUT/small-files
if [ ! -s "$SMALL_DIR/0999.txt" ]; then
  mkdir -p "$SMALL_DIR"
  i=0
  while [ $i -lt 1000 ]; do # each a file of its own: different bytes, so a document of its own
    f=$(printf '%s/%04d.txt' "$SMALL_DIR" $i)
    { cat samples/years/mext-lifescience-r9.txt; printf '\n資料番号 %d\n' $i; } > "$f"
    i=$((i + 1))
  done
fi
REAL_PDF=$OUT/real-book.pdf
REAL_ONE=$OUT/real-one.pdf
if [ ! -s "$REAL_PDF" ]; then
  pdfunite samples/real/*.pdf "$REAL_ONE"
  one_pages=$(pdfinfo "$REAL_ONE" | awk '/^Pages:/ {print $2}')
  set --; i=0; while [ $i -lt $(( (200 + one_pages - 1) / one_pages )) ]; do set -- "$@" "$REAL_ONE"; i=$((i + 1)); done
  pdfunite "$@" "$REAL_PDF"
fi
REAL_PAGES=$(pdfinfo "$REAL_PDF" | awk '/^Pages:/ {print $2}')
REAL_ONE_PAGES=$(pdfinfo "$REAL_ONE" | awk '/^Pages:/ {print $2}')
TXT_MB=$(awk -v b="$(stat -c %s "$BIG_TXT")" 'BEGIN {printf "%.1f", b / 1048576}')

# --- timing -----------------------------------------------------------------------------------
# one run: prints "seconds peak_kb cpu_seconds" (cpu: user + system, all threads). The wall
# time is taken in nanoseconds around the run: GNU time's own has 10 ms steps, 5% of a run.
one() {
  status=0
  t0=$(date +%s%N)
  /usr/bin/time -f "%M %U %S" -o "$OUT/.time" "$@" >/dev/null 2>"$OUT/.stderr" || status=$?
  t1=$(date +%s%N)
  if [ "$status" -ge 2 ]; then # 0 and 1 are verdicts; 2 means it did not run
    echo "bench: '$*' failed (exit $status):" >&2; cat "$OUT/.stderr" >&2; exit 2
  fi
  tail -n 1 "$OUT/.time" | awk -v ns=$((t1 - t0)) '{printf "%.4f %s %.2f\n", ns / 1e9, $1, $2 + $3}'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

: > "$OUT/pdftotext"; : > "$OUT/records"; : > "$OUT/check"; : > "$OUT/check1"; : > "$OUT/text"
: > "$OUT/seq"; : > "$OUT/par"; : > "$OUT/small"; : > "$OUT/ingest"; : > "$OUT/ingest1000"
: > "$OUT/check1000"; : > "$OUT/real-p2t"; : > "$OUT/real-check"; : > "$OUT/real-one"
DB=$OUT/bench.db
r=0
while [ $r -lt "$RUNS" ]; do
  one pdftotext "$BIG_PDF" - >> "$OUT/pdftotext"
  one "$YOSAN" records "$BIG_PDF" >> "$OUT/records"
  one "$YOSAN" check "$BIG_PDF" >> "$OUT/check"
  one "$YOSAN" check -j 1 "$BIG_PDF" >> "$OUT/check1"
  one "$YOSAN" records -j 1 "$BIG_TXT" >> "$OUT/text"
  one "$YOSAN" check -j 1 "$BIG_PDF" "$OUT/big2.pdf" >> "$OUT/seq"
  one "$YOSAN" check -j 2 "$BIG_PDF" "$OUT/big2.pdf" >> "$OUT/par"
  one "$YOSAN" records -j 1 "$SMALL_PDF" >> "$OUT/small"
  rm -f "$DB" "$DB-wal" "$DB-shm"
  one "$YOSAN" ingest -q --db="$DB" "$BIG_PDF" >> "$OUT/ingest"
  one "$YOSAN" check -j 2 "$SMALL_DIR"/*.txt >> "$OUT/check1000"
  rm -f "$DB" "$DB-wal" "$DB-shm"
  one "$YOSAN" ingest -j 2 --db="$DB" "$SMALL_DIR"/*.txt >> "$OUT/ingest1000"
  one pdftotext "$REAL_PDF" - >> "$OUT/real-p2t"
  one "$YOSAN" check --year=2026 "$REAL_PDF" >> "$OUT/real-check"
  one "$YOSAN" check --year=2026 "$REAL_ONE" >> "$OUT/real-one"
  r=$((r + 1))
done

sec() { awk '{print $1}' "$OUT/$1" | median; }
kb() { awk '{print $2}' "$OUT/$1" | median; }
cpu() { awk '{print $3}' "$OUT/$1" | median; }
T0=$(sec pdftotext); C0=$(cpu pdftotext)
echo "yosan bench: $BIG_PAGES-page PDF ($copies x $SRC_PDF), $TXT_MB MB text; median of $RUNS alternating runs; $(nproc) cores"
printf '%-30s %8s %12s %9s %12s %9s %12s\n' "job" "seconds" "rate" "peak MB" "x pdftotext" "cpu s" "cpu x p2t"
row() { # name file amount unit
  s=$(sec "$2"); k=$(kb "$2"); c=$(cpu "$2")
  awk -v n="$1" -v s="$s" -v k="$k" -v a="$3" -v u="$4" -v t0="$T0" -v c="$c" -v c0="$C0" 'BEGIN {
    printf "%-30s %8.3f %8.1f %-4s %8.1f %12.2f %9.2f %12.2f\n", n, s, (s > 0 ? a / s : 0), u, k / 1024,
      (t0 > 0 ? s / t0 : 0), c, (c0 > 0 ? c / c0 : 0) }'
}
row "pdftotext (baseline)" pdftotext "$BIG_PAGES" "p/s"
row "yosan records (PDF)" records "$BIG_PAGES" "p/s"
row "yosan check (PDF)" check "$BIG_PAGES" "p/s"
row "yosan check -j 1 (PDF, 1 core)" check1 "$BIG_PAGES" "p/s"
row "yosan records -j 1 (text)" text "$TXT_MB" "MB/s"
row "yosan ingest (PDF, new store)" ingest "$BIG_PAGES" "p/s"
S=$(sec seq); P=$(sec par)
awk -v s="$S" -v p="$P" 'BEGIN { printf "two PDFs: one after the other %.2f s, -j 2 %.2f s: speed-up %.2fx\n", s, p, (p > 0 ? s / p : 0) }'
awk -v a="$(kb small)" -v b="$(kb records)" -v pa="$SMALL_PAGES" -v pb="$BIG_PAGES" 'BEGIN {
  printf "peak memory, records: %d pages %.1f MB, %d pages %.1f MB (growth %.2fx for %.1fx the pages)\n", pa, a / 1024, pb, b / 1024, (a > 0 ? b / a : 0), pb / pa }'
awk -v c="$(sec check1000)" -v i="$(sec ingest1000)" 'BEGIN {
  printf "1000 small files, -j 2: check %.2f s, ingest into a new store %.2f s (%.2fx check)\n", c, i, (c > 0 ? i / c : 0) }'
awk -v s="$(sec real-check)" -v t="$(sec real-p2t)" -v c="$(cpu real-check)" -v ct="$(cpu real-p2t)" \
    -v a="$(kb real-one)" -v b="$(kb real-check)" -v pa="$REAL_ONE_PAGES" -v pb="$REAL_PAGES" 'BEGIN {
  printf "real book (%d pages, samples/real x %d): check %.3f s, pdftotext %.3f s: %.2fx (cpu %.2fx)\n", pb, pb / pa, s, t, (t > 0 ? s / t : 0), (ct > 0 ? c / ct : 0)
  printf "peak memory, real book: %d pages %.1f MB, %d pages %.1f MB (growth %.2fx for %.1fx the pages)\n", pa, a / 1024, pb, b / 1024, (a > 0 ? b / a : 0), pb / pa }'
