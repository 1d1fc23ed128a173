#!/usr/bin/env python3
"""tests — progress on a terminal: with stderr a terminal (a pseudo-terminal here) a long run
draws "yosan: N/M files, P pages read…" over itself and clears it at the end; the output is
byte for byte that of the same run with stderr a pipe, which shows no progress at all; and
--quiet shows none on a terminal either. In child processes (the default) and in-process.

usage: check_progress.py YOSAN SOURCE_DIR
"""

import glob
import os
import pty
import re
import subprocess
import sys
import tempfile

YOSAN, SOURCE = sys.argv[1:3]
os.chdir(SOURCE)
# enough to last well past the half second before the first drawing, on any build: about 2.5 s
# on a quiet 2-core machine with the optimized build (×3 lasted 0.36 s there: no drawing at all)
FILES = (sorted(glob.glob("samples/*.pdf")) + sorted(glob.glob("samples/real/*.pdf"))) * 20
results = {"passed": 0, "failed": 0}


def check(name, problems):
    if problems:
        results["failed"] += 1
        print(f"FAIL {name}")
        for p in problems:
            print(f"     {p}")
    else:
        results["passed"] += 1
        print(f"ok   {name}")


def run_on_terminal(args):
    """ARGS with stderr a pseudo-terminal: (exit status, stdout bytes, stderr bytes)."""
    master, slave = pty.openpty()
    out_file = tempfile.TemporaryFile()  # not a pipe: nobody would read it while stderr is
    proc = subprocess.Popen([YOSAN, *args], stdout=out_file, stderr=slave,
                            stdin=subprocess.DEVNULL)
    os.close(slave)
    err = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the terminal's other end is closed, yosan is done
            break
        if not chunk:
            break
        err += chunk
    proc.wait()
    os.close(master)
    out_file.seek(0)
    out = out_file.read()
    return proc.returncode, out, err


DRAWN = re.compile(rb"\ryosan: (\d+)/(\d+) files, (\d+) pages? read(; now \d+ of \d+ pages)?"
                   rb"\x1b\[K")


def main():
    for mode in ([], ["--no-isolate"]):
        args = ["check", "--format=csv", "-j", "2", *mode, *FILES]
        name = " ".join(["check", *mode]) + f" on {len(FILES)} files"
        piped = subprocess.run([YOSAN, *args], capture_output=True)
        status, out, err = run_on_terminal(args)
        problems = []
        if status != piped.returncode:
            problems.append(f"exit {status} on a terminal, {piped.returncode} piped")
        if out != piped.stdout:
            problems.append("the output differs from that of the piped run")
        if b"\r" in piped.stderr or b"\x1b" in piped.stderr:
            problems.append("progress on a stderr that is not a terminal")
        drawn = DRAWN.findall(err)
        if not drawn:
            problems.append(f"no progress drawn: {err[-300:]!r}")
        elif any(int(d[1]) != len(FILES) for d in drawn):
            problems.append(f"a drawing counts other than {len(FILES)} files: {drawn[:3]}")
        elif [int(d[0]) for d in drawn] != sorted(int(d[0]) for d in drawn):
            problems.append("files done went backwards")
        last = list(DRAWN.finditer(err))[-1].end() if drawn else 0
        if drawn and b"\r\x1b[K" not in err[last:]:
            problems.append(f"the last drawing is not cleared: {err[last - 80:]!r}")
        # what is left once the drawings and their clearing are taken out: the messages alone
        rest = re.sub(rb"\r\x1b\[K", b"", DRAWN.sub(b"", err)).replace(b"\r\n", b"\n")
        if rest != piped.stderr:
            problems.append(f"the messages differ: {rest[:200]!r} / {piped.stderr[:200]!r}")
        check(f"{name}: progress drawn ({len(drawn)} times) and cleared on a terminal only; "
              f"output and messages as when piped", problems)
    status, out, err = run_on_terminal(["check", "-q", "-j", "2", *FILES])
    check("check -q on a terminal: no progress",
          [f"drawn: {err[:200]!r}"] if DRAWN.search(err) else [])
    print(f"{results['passed']} passed, {results['failed']} failed")
    return 1 if results["failed"] else 0


sys.exit(main())
