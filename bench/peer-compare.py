#!/usr/bin/env python3
"""Compares yosan's records of a 予算書 split by 款 with another project's extraction of it.

usage: bench/peer-compare.py [--yosan build/yosan] [--year 2026] [-v] PEER.csv BOOK-DIR

PEER.csv is the other project's table (款,項,目,節,説明, then the 前年度 and 本年度 amounts in
千円; its headers are labelled one year early, as ../shared/real/README.md says). BOOK-DIR holds
the book's PDFs, one per 款 (歳入_01款_市税.pdf …) and its summary (総括, where the 款 print
their 前年度 figures). Only the 款 that have a PDF there are compared; yosan's records go by the
side and 款 of their path. Every amount of the peer (a row's level is its first non-empty name column) is looked
for among yosan's records of the same level and fiscal year, as a multiset: found when yosan
has that amount there. The peer's 説明 column also holds what the book prints as 細節 (the parts
of a 節, such as 管理職手当 under 職員手当等), so a peer 説明 figure is found at yosan's 説明 or
細節 level. Prints the share found per level and, with -v, every amount not found."""
import argparse
import collections
import csv
import glob
import json
import os
import re
import subprocess
import sys

LEVELS = ["款", "項", "目", "節", "説明"]
SAME = {"款": {"款"}, "項": {"項"}, "目": {"目"}, "節": {"節"}, "説明": {"説明", "細節"}}


def kan_of_file(path):
    m = re.search(r"(歳[入出])_\d+款_(.+)\.pdf$", os.path.basename(path))
    return (m.group(1), m.group(2)) if m else None


def peer_targets(path, kans):
    """(side, 款, level, year, yen, name) of every amount in the peer CSV under a 款 in KANS."""
    out = []
    side, kan = "歳入", None
    with open(path, encoding="utf-8") as f:
        rows = csv.reader(f)
        next(rows)
        for row in rows:
            names, before, now = row[:5], row[5], row[6]
            level = next((i for i, n in enumerate(names) if n), None)
            if level is None:
                continue
            if level == 0:
                kan = names[0]
                if kan == "議会費":  # the 歳出 side starts with its first 款
                    side = "歳出"
            if (side, kan) not in kans:
                continue
            for year, value in ((2025, before), (2026, now)):
                if value.strip():
                    out.append((side, kan, LEVELS[level], year, int(value) * 1000,
                                names[level]))
    return out


def yosan_records(binary, files, year):
    """(side, 款, level, year, yen, record) of every amount, its side and 款 from its path."""
    recs = []
    for path in files:
        run = subprocess.run([binary, "records", "--format=jsonl", f"--year={year}", path],
                             capture_output=True, text=True)
        if run.returncode not in (0, 1):
            sys.exit(f"peer-compare: yosan failed on {path}: {run.stderr}")
        for line in run.stdout.splitlines():
            r = json.loads(line)
            parts = (r["path"] or "").split(" / ")
            if r["role"] != "amount" or r["amount_yen"] is None or len(parts) < 2:
                continue
            kan = re.sub(r"^\d+\s*", "", parts[1])
            recs.append((parts[0], kan, r["level"] or "", r["fiscal_year"], r["amount_yen"], r))
    return recs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--yosan", default="build/yosan")
    ap.add_argument("--year", type=int, default=2026)
    ap.add_argument("-v", action="store_true")
    ap.add_argument("peer")
    ap.add_argument("book")
    a = ap.parse_args()
    pdfs = sorted(glob.glob(os.path.join(a.book, "*.pdf")))
    kans = {kan_of_file(f) for f in pdfs if kan_of_file(f)}
    targets = peer_targets(a.peer, kans)
    have = collections.Counter()
    for side, kan, level, year, yen, _ in yosan_records(a.yosan, pdfs, a.year):
        have[(side, kan, level, year, yen)] += 1
    found = collections.Counter()
    total = collections.Counter()
    missing = []
    for side, kan, level, year, yen, name in targets:
        total[level] += 1
        hit = next((lv for lv in sorted(SAME[level]) if have[(side, kan, lv, year, yen)] > 0), None)
        if hit:
            have[(side, kan, hit, year, yen)] -= 1
            found[level] += 1
        else:
            missing.append((side, kan, level, year, yen // 1000, name))
    print(f"{'level':6} {'peer':>6} {'found':>6} {'share':>7}")
    for level in LEVELS:
        if total[level]:
            print(f"{level:6} {total[level]:6} {found[level]:6} {100 * found[level] / total[level]:6.1f}%")
    t, f_ = sum(total.values()), sum(found.values())
    print(f"{'all':6} {t:6} {f_:6} {100 * f_ / t:6.1f}%  ({len(kans)} 款 files)")
    if a.v:
        for m in missing:
            print("not found:", *m)


if __name__ == "__main__":
    main()
