#!/bin/sh
# Regenerates the Shift_JIS (CP932) and EUC-JP copies of the reference text, used by the
# encoding tests (tests/test_extract_text.c) and to check that `yosan text` reads all three
# alike. Three characters of the reference exist in neither encoding and are replaced first:
# 变 → 変, 啮 → 齧, ✓ → ・.
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
sed 's/变/変/g; s/啮/齧/g; s/✓/・/g' mext-lifescience-r8.txt > "$tmp"
iconv -f UTF-8 -t CP932 "$tmp" > mext-lifescience-r8.sjis.txt
iconv -f UTF-8 -t EUC-JP-MS "$tmp" > mext-lifescience-r8.eucjp.txt
