#!/bin/sh
# tests — yosan as a user installs it: a copy of the source tree (no build directories) is
# configured and built, `cmake --install`ed into a temporary prefix other than the configured
# one; the copied tree and its build are removed and the prefix moved elsewhere. From another
# directory the installed yosan must still check a sample with its installed rules, `man yosan`
# must show the page, and the bash completion must load; with the rules taken away it must fail
# naming where it looked. The developer's tree is only read.
#   usage: install-check.sh SOURCE_DIR WORK_DIR
set -eu
src=$1
work=$2
rm -rf "$work"
mkdir -p "$work/src"
tar -C "$src" --exclude='./build*' --exclude=./.git -cf - . | tar -C "$work/src" -xf -
cp "$src/samples/mext-lifescience-r8.pdf" "$work/sample.pdf"

# a plain build (no optimization, no tests): what is installed is what matters here
cmake -S "$work/src" -B "$work/build" -DYS_TESTS=OFF -DCMAKE_INSTALL_PREFIX="$work/configured" \
  >"$work/configure.log"
cmake --build "$work/build" -j 2 >"$work/build.log"
cmake --install "$work/build" --prefix "$work/prefix" >"$work/install.log"
rm -rf "$work/src" "$work/build"
mv "$work/prefix" "$work/moved"
yosan=$work/moved/bin/yosan
fail() { echo "FAIL: $*" >&2; echo "$passed passed, 1 failed"; exit 1; }
passed=0
ok() { passed=$((passed + 1)); }

for f in bin/yosan share/yosan/rules share/man/man1/yosan.1 \
         share/bash-completion/completions/yosan; do
  [ -e "$work/moved/$f" ] || fail "not installed: $f"
done
ok
cd /
out=$("$yosan" check "$work/sample.pdf") || fail "yosan check: exit $?: $out"
echo "$out" | grep -q "^summary: 1 file, 54 checks run" || fail "yosan check printed: $out"
ok
"$yosan" records "$work/sample.pdf" | head -1 | grep -q '^source,page,line,' ||
  fail "yosan records printed no CSV header"
ok
page=$(MANPATH="$work/moved/share/man" MANWIDTH=80 man -P cat yosan 2>&1) || fail "man: $page"
echo "$page" | grep -q "yosan - budget documents into records" || fail "man yosan showed: $page"
ok
echo "$page" | grep -q -- "--output-encoding" || fail "the man page has no --output-encoding"
ok
bash -c ". '$work/moved/share/bash-completion/completions/yosan' && complete -p yosan" |
  grep -q "_yosan" || fail "the bash completion does not load"
ok

# without its rules it must say where it looked, not find another set
mv "$work/moved/share/yosan/rules" "$work/rules-away"
if out=$("$yosan" check "$work/sample.pdf" 2>&1); then fail "ran without rules: $out"; fi
echo "$out" | grep -q "$work/configured/share/yosan/rules: cannot open" &&
  echo "$out" | grep -q -- "--rules=DIR" ||
  fail "without rules the message does not name the configured place: $out"
ok
echo "installed, moved and run without the source tree: $passed passed, 0 failed"
