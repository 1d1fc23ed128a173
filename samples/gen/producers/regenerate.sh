#!/bin/sh
# Regenerate the producer matrix: the reference document and the city 予算書 typeset by six
# producers, and the error-injected copies of each (see samples/README.md, "The producer matrix").
#
#   samples/gen/producers/regenerate.sh        (from anywhere; writes samples/producers/ and
#                                               samples/gen/producers/src/)
#
# Needs (Debian 12): gcc pkg-config libpango1.0-dev libcairo2-dev fonts-noto-cjk fonttools
# python3 qpdf chromium libreoffice-writer-nogui libreoffice-impress-nogui.
# The yosan build and test suite need none of these: the PDFs are committed.
#
# 1. make_source.py writes each producer's source of each document into src/<producer>/
#    (the error copies' sources into a temporary directory, with errors/<doc>.<error>.subst);
# 2. the Noto CJK fonts are cut down to the characters the sources use, and fontconfig is
#    pointed at those subsets only, for every producer: no other font can sneak in;
# 3. the producers: mkpdf (pangocairo), soffice (Writer from text, Writer from HTML, Impress
#    from flat ODP), headless Chromium (two HTML styles);
# 4. fix_pdf.py fixes the dates and /ID, so that a second run gives the same bytes.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
samples=$(cd "$here/../.." && pwd)
out="$samples/producers"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

for tool in cc pkg-config python3 pyftsubset qpdf fix-qdf soffice chromium; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "regenerate.sh: '$tool' not found; see the package list at the top of this script" >&2
        exit 2
    }
done

producers="pangocairo writer-text writer-html chromium-spaced chromium-fullwidth impress"
docs="mext-lifescience-r8 city-yosansho-r8"
ext() {
    case $1 in
    pangocairo) echo page ;; writer-text) echo txt ;; impress) echo fodp ;; *) echo html ;;
    esac
}
date_of() {
    case $1 in mext-*) echo D:20260116000000 ;; *) echo D:20260220000000 ;; esac
}

# 1. sources: src/<producer>/<doc>.<ext> (committed) and the error copies' (temporary)
python3 "$samples/gen/city-yosansho-r8.py"
for p in $producers; do
    mkdir -p "$here/src/$p" "$tmp/src/$p" "$tmp/src/$p/errors"
    e=$(ext "$p")
    for d in $docs; do
        python3 "$here/make_source.py" "$d" "$p" "$here/src/$p/$d.$e"
        cp "$here/src/$p/$d.$e" "$tmp/src/$p/$d.$e"
        for s in "$here"/errors/"$d".*.subst; do
            name=$(basename "$s" .subst)
            python3 "$here/make_source.py" "$d" "$p" "$tmp/src/$p/errors/$name.$e" -s "$s"
        done
    done
done

# 2. fonts: the characters of every source, plus what a producer adds (bullets, digits)
mkdir -p "$tmp/fonts"
{
    cat "$tmp"/src/*/*.* "$tmp"/src/*/errors/*
    printf '%s\n' ' !"#$%&()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_abcdefghijklmnopqrstuvwxyz{|}~•・●○■□０１２３４５６７８９，．％＋－'
} > "$tmp/chars.txt"
noto=/usr/share/fonts/opentype/noto
for face in SansCJK-Regular SansCJK-Bold SerifCJK-Regular SerifCJK-Bold; do
    pyftsubset "$noto/Noto$face.ttc" --font-number=0 --text-file="$tmp/chars.txt" \
        --desubroutinize --name-IDs='*' --name-languages='*' --layout-features='*' \
        --output-file="$tmp/fonts/Noto$face-JP-subset.otf"
done
cat > "$tmp/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>$tmp/fonts</dir>
  <cachedir>$tmp/fc-cache</cachedir>
</fontconfig>
EOF
FONTCONFIG_FILE="$tmp/fonts.conf"
export FONTCONFIG_FILE
# LibreOffice and Chromium keep a profile: a fresh one each run, so no setting carries over
HOME="$tmp/home"
export HOME
mkdir -p "$HOME"

# 3. the producers, each writing into $tmp/pdf/<producer>/[errors/]
cc -std=c11 -O2 -Wall -Wextra -o "$tmp/mkpdf" "$samples/gen/mkpdf.c" \
    $(pkg-config --cflags --libs pangocairo cairo-pdf) -lm
soffice_to() { # DIR FILTER INFILTER FILE...
    dir=$1 filter=$2 infilter=$3
    shift 3
    if [ -n "$infilter" ]; then
        soffice -env:UserInstallation=file://"$tmp/lo" --headless --infilter="$infilter" \
            --convert-to "pdf:$filter" --outdir "$dir" "$@" >"$tmp/soffice.log" 2>&1
    else
        soffice -env:UserInstallation=file://"$tmp/lo" --headless \
            --convert-to "pdf:$filter" --outdir "$dir" "$@" >"$tmp/soffice.log" 2>&1
    fi
}
for p in $producers; do
    for sub in "" errors/; do
        src="$tmp/src/$p/$sub"
        dst="$tmp/pdf/$p/$sub"
        mkdir -p "$dst"
        case $p in
        pangocairo)
            for f in "$src"*.page; do "$tmp/mkpdf" -o "$dst$(basename "$f" .page).pdf" "$f"; done ;;
        writer-text)
            soffice_to "$dst" writer_pdf_Export "Text (encoded):UTF8,LF,Noto Sans CJK JP,ja-JP" "$src"*.txt ;;
        writer-html)
            soffice_to "$dst" writer_pdf_Export "HTML (StarWriter)" "$src"*.html ;;
        impress)
            soffice_to "$dst" impress_pdf_Export "" "$src"*.fodp ;;
        chromium-*)
            for f in "$src"*.html; do
                chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
                    --user-data-dir="$tmp/chromium" \
                    --print-to-pdf="$dst$(basename "$f" .html).pdf" "$f" >"$tmp/chromium.log" 2>&1
            done ;;
        esac
    done
done

# 4. reproducible dates and /ID; checks: every PDF made, text extractable
for p in $producers; do
    for sub in "" errors/; do
        mkdir -p "$out/$p/$sub"
        rm -f "$out/$p/$sub"*.pdf
        for f in "$tmp/pdf/$p/$sub"*.pdf; do
            name=$(basename "$f")
            python3 "$here/fix_pdf.py" "$f" "$out/$p/$sub$name" "$(date_of "$name")"
            [ -n "$(pdftotext "$out/$p/$sub$name" - | tr -d ' \n\f')" ] || {
                echo "regenerate.sh: $out/$p/$sub$name has no extractable text" >&2
                exit 1
            }
        done
    done
    n=$(ls "$out/$p"/*.pdf "$out/$p"/errors/*.pdf | wc -l)
    want=$(( 2 + $(ls "$here"/errors/*.subst | wc -l) ))
    [ "$n" -eq "$want" ] || { echo "regenerate.sh: $p made $n PDFs, want $want" >&2; exit 1; }
done
ls -l "$out"/*/*.pdf "$out"/*/errors/*.pdf
