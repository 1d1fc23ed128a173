#!/bin/sh
# Byte-for-byte comparison of two yosan builds: `records`, `check` (also -v) and `text`, each in
# text, csv and jsonl, on every sample (samples/**/*.pdf, samples/**/*.txt), every real book in
# ../shared/real/ and the bench corpus (bench/out/big.pdf, big.txt: made by bench/run.sh 0 when
# missing). Each run's stdout, stderr and exit status are hashed into a manifest; the two
# manifests are compared, and every line that differs is printed.
#
#   usage: tests/same-output.sh BEFORE_BIN BEFORE_RULES [AFTER_BIN [AFTER_RULES]]
#     AFTER_BIN defaults to build/yosan, AFTER_RULES to rules/ (both of this tree).
#   A manifest is kept beside the binary (BIN.manifest) and reused while the binary is unchanged,
#   so that the "before" side is computed once. Exit 0: identical; 1: differences; 2: usage.
# Intended use: build main once (make build, cp build/yosan /tmp/yosan-before, cp -r rules
# /tmp/rules-before), then run this after each change.
set -eu
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n '2,13p' "$0" >&2; exit 2; }
BEFORE=$1
BEFORE_RULES=$2
AFTER=${3:-build/yosan}
AFTER_RULES=${4:-rules}
REAL=${YS_REAL_DIR:-../shared/real}
[ -d "$REAL" ] || REAL=/work/shared/real

[ -s bench/out/big.pdf ] && [ -s bench/out/big.txt ] || YOSAN=$AFTER bench/run.sh 0 >/dev/null

# The inputs, one per line (names may hold spaces and non-ASCII, never a newline).
inputs() {
  find samples -type f \( -name '*.pdf' -o -name '*.txt' \) | LC_ALL=C sort
  [ -d "$REAL" ] && find "$REAL" -type f -name '*.pdf' | LC_ALL=C sort
  printf '%s\n' bench/out/big.pdf bench/out/big.txt
}

# manifest BIN RULES OUT: one line per run: "command format file  stdout-hash stderr-hash rc"
manifest() {
  bin=$1 rules=$2 out=$3 tmp=$3.tmp
  : > "$tmp"
  inputs | while IFS= read -r f; do
    for cmd in records check check-v text; do
      for fmt in text csv jsonl; do
        case $cmd in check-v) set -- check -v ;; *) set -- "$cmd" ;; esac
        rc=0
        "$bin" "$@" --rules="$rules" --format=$fmt "$f" >"$out.stdout" 2>"$out.stderr" </dev/null || rc=$?
        # a message naming the rules directory differs only by where each side's rules are
        sed -i "s#$rules#RULES#g" "$out.stderr"
        printf '%s %s %s  %s %s %s\n' "$cmd" "$fmt" "$f" \
          "$(sha256sum < "$out.stdout" | cut -c1-16)" "$(sha256sum < "$out.stderr" | cut -c1-16)" \
          "$rc" >> "$tmp"
      done
    done
  done
  rm -f "$out.stdout" "$out.stderr"
  mv "$tmp" "$out"
}

# cached: the manifest is reused while BIN, its rules and the inputs' list are unchanged
cached_manifest() {
  bin=$1 rules=$2 m=$1.manifest
  key=$( { sha256sum "$bin"; find "$rules" -name '*.rules' -exec sha256sum {} + | LC_ALL=C sort
           inputs; } | sha256sum | cut -c1-16)
  if [ ! -s "$m" ] || [ "$(cat "$m.key" 2>/dev/null)" != "$key" ]; then
    manifest "$bin" "$rules" "$m"
    echo "$key" > "$m.key"
  fi
  echo "$m"
}

A=$(cached_manifest "$BEFORE" "$BEFORE_RULES")
B=$(cached_manifest "$AFTER" "$AFTER_RULES")
runs=$(wc -l < "$A")
if cmp -s "$A" "$B"; then
  echo "same-output: $runs runs ($(inputs | wc -l) files x records/check/check -v/text x text/csv/jsonl): identical"
  exit 0
fi
echo "same-output: differences (before < > after):"
diff "$A" "$B" || true
exit 1
