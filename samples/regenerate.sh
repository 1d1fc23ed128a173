#!/bin/sh
# Regenerate every sample PDF under samples/ from its source.
#
#   samples/regenerate.sh            (from anywhere; writes into samples/)
#
# Needs (Debian 12): gcc, pkg-config, libpango1.0-dev, libcairo2-dev, fonts-noto-cjk, fonttools.
#   apt-get install -y gcc pkg-config libpango1.0-dev libcairo2-dev fonts-noto-cjk fonttools
# The yosan build and test suite need none of these: the PDFs are committed.
#
# What it does:
#   1. compiles samples/gen/mkpdf.c (a small pangocairo typesetter) into a temporary directory;
#   2. cuts the Noto Sans/Serif CJK JP fonts down to the characters the sources use
#      (pyftsubset --desubroutinize) so that the PDFs stay small — cairo alone embeds ~1 MB per
#      CJK font — and points fontconfig at those subsets only, so no other font can sneak in;
#   3. writes samples/src/city-yosansho-r8.page and mext-gaisan-r8.page from samples/gen/*.py (which
#      asserts that the 予算書 figures reconcile), typesets samples/src/*.page, and the broken copies samples/errors/*.pdf as the main
#      reference source with the substitutions in samples/errors/src/*.subst applied
#      (each FIND must occur exactly once in the main source, or mkpdf fails);
#   4. checks each PDF with pdffonts/pdftotext when poppler-utils is installed.
# Output is deterministic: running it twice gives byte-identical PDFs.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

for tool in cc pkg-config python3 pyftsubset; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "regenerate.sh: '$tool' not found; see the package list at the top of this script" >&2
        exit 2
    }
done
pkg-config --exists pangocairo cairo-pdf || {
    echo "regenerate.sh: pangocairo/cairo-pdf development files missing (libpango1.0-dev libcairo2-dev)" >&2
    exit 2
}

# 1. the typesetter
cc -std=c11 -O2 -Wall -Wextra -o "$tmp/mkpdf" "$here/gen/mkpdf.c" \
    $(pkg-config --cflags --libs pangocairo cairo-pdf) -lm

# 2. the page descriptions written, and their figures checked, by a script
python3 "$here/gen/city-yosansho-r8.py"
python3 "$here/gen/mext-gaisan-r8.py"

# 3. font subsets, one set per family of samples (a sample added later gets a set of its own, so
#    that the PDFs before it keep their bytes), and the samples typeset with their set
noto=/usr/share/fonts/opentype/noto
subsets() { # DIR SOURCE...: the fonts cut down to the characters of the SOURCEs, into DIR
    dir=$1
    shift
    mkdir -p "$dir/fonts"
    {
        for f in "$@"; do [ ! -f "$f" ] || cat "$f"; done
        # everything a page number, figure or Latin word could need
        printf '%s\n' ' !"#$%&()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_abcdefghijklmnopqrstuvwxyz{|}~'
    } > "$dir/chars.txt"
    for face in SansCJK-Regular SansCJK-Bold SerifCJK-Regular SerifCJK-Bold; do
        src="$noto/Noto$face.ttc"
        [ -f "$src" ] || { echo "regenerate.sh: $src missing (fonts-noto-cjk)" >&2; exit 2; }
        pyftsubset "$src" --font-number=0 --text-file="$dir/chars.txt" --desubroutinize \
            --name-IDs='*' --name-languages='*' --layout-features='*' \
            --output-file="$dir/fonts/Noto$face-JP-subset.otf"
    done
    cat > "$dir/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>$dir/fonts</dir>
  <cachedir>$dir/fc-cache</cachedir>
</fontconfig>
EOF
}
# the reference document, the city 予算書, features and the reference's broken copies
subsets "$tmp/set1" "$here/src/city-yosansho-r8.page" "$here/src/features.page" \
    "$here/src/mext-lifescience-r8.page" "$here"/errors/src/mext-*.subst
# the national 概算要求書 and its broken copies
subsets "$tmp/set2" "$here/src/mext-gaisan-r8.page" "$here"/errors/src/gaisan-*.subst

mk() { FONTCONFIG_FILE="$set/fonts.conf" "$tmp/mkpdf" "$@"; }
set=$tmp/set1
mk -o "$here/mext-lifescience-r8.pdf" "$here/src/mext-lifescience-r8.page"
mk -o "$here/city-yosansho-r8.pdf" "$here/src/city-yosansho-r8.page"
mk -o "$here/features.pdf" "$here/src/features.page"
for s in "$here"/errors/src/mext-*.subst; do
    name=$(basename "$s" .subst)
    mk -s "$s" -o "$here/errors/$name.pdf" "$here/src/mext-lifescience-r8.page"
done
set=$tmp/set2
mk -o "$here/mext-gaisan-r8.pdf" "$here/src/mext-gaisan-r8.page"
for s in "$here"/errors/src/gaisan-*.subst; do
    [ -f "$s" ] || continue
    name=$(basename "$s" .subst)
    mk -s "$s" -o "$here/errors/$name.pdf" "$here/src/mext-gaisan-r8.page"
done

# 4. quick checks (optional: poppler-utils)
if command -v pdffonts >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then
    for pdf in "$here"/*.pdf "$here"/errors/*.pdf; do
        if pdffonts "$pdf" | awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-2) != "yes") { bad = 1 } END { exit !bad }'; then
            echo "regenerate.sh: $pdf has a font that is not embedded or has no ToUnicode map" >&2
            exit 1
        fi
        [ -n "$(pdftotext "$pdf" - | tr -d ' \n\f')" ] || {
            echo "regenerate.sh: $pdf has no extractable text" >&2
            exit 1
        }
    done
fi
ls -l "$here"/*.pdf "$here"/errors/*.pdf
