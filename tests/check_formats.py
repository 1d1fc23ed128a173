#!/usr/bin/env python3
"""tests — yosan's output as other tools take it, on every sample (standard library and the
sqlite3 program only):

- the data package written beside -o FILE.csv is valid (tableschema.py) and so are its rows;
- every JSON Lines line has every column as a key, in order, of the type the schema declares
  (numbers as JSON numbers, an empty value null, never ""), and equals the CSV row;
- the CSV loaded into sqlite3 (.import --csv into a table typed from the schema) and into
  Python's csv module, and the JSON Lines into SQLite, give the counts and sums of amount_yen
  that `yosan records --format=text` itself prints, file by file;
- --bom is the same bytes after the mark, and --output-encoding=cp932 decodes to the same
  table, each character CP932 lacks replaced by its nearest form or '?' and counted.

usage: check_formats.py YOSAN SOURCE_DIR WORK_DIR
"""

import csv
import glob
import io
import json
import os
import re
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tableschema  # noqa: E402

YOSAN, SOURCE, WORK = sys.argv[1:4]
os.makedirs(WORK, exist_ok=True)
os.chdir(SOURCE)
SAMPLES = sorted(glob.glob("samples/*.pdf") + glob.glob("samples/*.txt") +
                 glob.glob("samples/errors/*.pdf") + glob.glob("samples/real/*.pdf"))
results = {"passed": 0, "failed": 0}


def check(name, problems):
    problems = [p for p in problems if p]
    if problems:
        results["failed"] += 1
        print(f"FAIL {name}")
        for p in problems[:20]:
            print(f"     {p}")
    else:
        results["passed"] += 1
        print(f"ok   {name}")


def yosan(*args, ok=(0, 1)):
    run = subprocess.run([YOSAN, *args], capture_output=True)
    if run.returncode not in ok:
        sys.exit(f"yosan {' '.join(args)}: exit {run.returncode}\n{run.stderr.decode()}")
    return run.stdout, run.stderr.decode()


def csv_rows(text):
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows[0], rows[1:]


def text_totals(text):
    """Per file, from `yosan records --format=text`: (records, Σ amount_yen) as it prints them."""
    totals, source = {}, None
    for line in text.splitlines():
        head = re.match(r"^# (.*): (\d+) records$", line)
        if head:
            source = head.group(1)
            totals[source] = [int(head.group(2)), 0, 0]
            continue
        if line.startswith("p."):
            totals[source][2] += 1
            m = re.search(r"  (amount|difference) (-?\d+) ", line)
            if m:
                totals[source][1] += int(m.group(2))
    for s, (n, _, seen) in totals.items():
        if seen != n:
            sys.exit(f"{s}: the text format lists {seen} records of the {n} it counts")
    return {s: (n, total) for s, (n, total, _) in totals.items()}


def json_problems(fields, line, csv_row, where):
    """One JSON line against the schema's FIELDS and the CSV row of the same record."""
    try:
        obj = json.loads(line)
    except ValueError as e:
        return [f"{where}: not JSON: {e}"]
    names = [f["name"] for f in fields]
    if list(obj) != names:
        return [f"{where}: keys {list(obj)} are not the columns {names}"]
    problems = []
    for f, cell in zip(fields, csv_row):
        v, kind, c = obj[f["name"]], f["type"], f.get("constraints", {})
        if v is None:
            if c.get("required"):
                problems.append(f"{where}: {f['name']} is required, and null")
            if cell != "":
                problems.append(f"{where}: {f['name']} null, the CSV has {cell!r}")
            continue
        good = {"integer": isinstance(v, int) and not isinstance(v, bool),
                "number": isinstance(v, (int, float)) and not isinstance(v, bool),
                "string": isinstance(v, str) and v != ""}[kind]
        if not good:
            problems.append(f"{where}: {f['name']} = {v!r} is not a {kind} (or is \"\")")
            continue
        if "enum" in c and v not in c["enum"]:
            problems.append(f"{where}: {f['name']} {v!r} not in {c['enum']}")
        if v != tableschema.cast(f, cell):
            problems.append(f"{where}: {f['name']} = {v!r}, the CSV has {cell!r}")
    return problems


def check_package_and_jsonl(command, schema_name, totals):
    out_csv = os.path.join(WORK, f"{schema_name}.csv")
    fmt = ["--format=csv"] if command == "check" else []
    _, err = yosan(command, *fmt, "-o", out_csv, *SAMPLES)
    package = os.path.join(WORK, f"{schema_name}.datapackage.json")
    check(f"{command}: -o {schema_name}.csv writes a valid data package, every row valid",
          tableschema.check_package(package) if os.path.exists(package) else ["no package"])
    schema = json.load(open(package, encoding="utf-8"))["resources"][0]["schema"]
    printed, _ = yosan("schema", schema_name, ok=(0,))
    check(f"schema {schema_name} prints the package's schema",
          [] if json.loads(printed) == schema else ["they differ"])
    header, rows = csv_rows(open(out_csv, encoding="utf-8").read())
    jsonl, _ = yosan(command, "--format=jsonl", *SAMPLES)
    lines = jsonl.decode("utf-8").splitlines()
    problems = [] if len(lines) == len(rows) else [f"{len(lines)} lines, {len(rows)} CSV rows"]
    for i, (line, row) in enumerate(zip(lines, rows)):
        problems += json_problems(schema["fields"], line, row, f"line {i + 1}")
    check(f"{command} --format=jsonl: {len(lines)} lines, every key typed as the schema says",
          problems)
    return schema, header, rows, lines


def check_the_checker(package):
    """The package checker must find what is wrong with broken copies of a good package."""
    good = json.load(open(package, encoding="utf-8"))
    data = open(os.path.join(os.path.dirname(package), good["resources"][0]["path"]),
                encoding="utf-8").read().splitlines(keepends=True)
    breakages = {
        "an unknown type": lambda p, d: p["resources"][0]["schema"]["fields"][1].update(
            type="int"),
        "a constraint of another type": lambda p, d: p["resources"][0]["schema"]["fields"][0]
        .setdefault("constraints", {}).update(minimum=1),
        "an enum value that is not an integer": lambda p, d: p["resources"][0]["schema"]
        ["fields"][1].setdefault("constraints", {}).update(enum=["one"]),
        "a bad package name": lambda p, d: p.update(name="Has Spaces"),
        "a header out of order": lambda p, d: d.__setitem__(0, ",".join(
            reversed(d[0].rstrip("\n").split(","))) + "\n"),
        "a page that is not an integer": lambda p, d: d.__setitem__(
            1, re.sub(r"^([^,]*),\d+,", r"\1,3.5,", d[1])),
        "a required column empty": lambda p, d: d.__setitem__(1, re.sub(r"^[^,]*,", ",", d[1])),
        "a budget_kind outside its enum": lambda p, d: d.__setitem__(
            1, d[1].replace(",initial,", ",planned,", 1)),
    }
    problems = []
    for what, breakage in breakages.items():
        p, d = json.loads(json.dumps(good)), list(data)
        breakage(p, d)
        p["resources"][0]["path"] = "broken.csv"
        with open(os.path.join(WORK, "broken.csv"), "w", encoding="utf-8") as f:
            f.writelines(d)
        with open(os.path.join(WORK, "broken.datapackage.json"), "w", encoding="utf-8") as f:
            json.dump(p, f)
        if not tableschema.check_package(os.path.join(WORK, "broken.datapackage.json")):
            problems.append(f"{what}: not found")
    check(f"the package checker finds each of {len(breakages)} breakages", problems)


def check_loaders(schema, header, rows, lines, totals):
    src, amt = header.index("source"), header.index("amount_yen")
    # Python's csv module
    by_file = {}
    for row in rows:
        n, s = by_file.get(row[src], (0, 0))
        by_file[row[src]] = (n + 1, s + (int(row[amt]) if row[amt] else 0))
    check("records CSV in Python's csv module: the counts and sums yosan prints",
          [f"{f}: {by_file.get(f, (0, 0))} != {t}" for f, t in totals.items()
           if by_file.get(f, (0, 0)) != t])
    # the sqlite3 program, a typed table
    db = os.path.join(WORK, "records.db")
    if os.path.exists(db):
        os.unlink(db)
    sql_type = {"integer": "INTEGER", "number": "REAL", "string": "TEXT"}
    columns = ", ".join(f'"{f["name"]}" {sql_type[f["type"]]}' for f in schema["fields"])
    script = (f"CREATE TABLE records ({columns});\n"
              f".import --csv --skip 1 {os.path.join(WORK, 'records.csv')} records\n"
              ".mode csv\n"
              "SELECT source, count(*), sum(CASE typeof(amount_yen) WHEN 'integer' THEN "
              "amount_yen END) FROM records GROUP BY source;\n")
    typed = [f for f in schema["fields"] if f["type"] != "string"]
    for f in typed:  # a value that did not become a number stays text: there must be none
        want = "'integer'" if f["type"] == "integer" else "'integer', 'real'"
        script += (f"SELECT 'untyped {f['name']}', count(*) FROM records WHERE \"{f['name']}\""
                   f" <> '' AND typeof(\"{f['name']}\") NOT IN ({want});\n")
    run = subprocess.run(["sqlite3", db], input=script, capture_output=True, text=True)
    got, problems = {}, [run.stderr] if run.returncode or run.stderr else []
    for row in csv.reader(io.StringIO(run.stdout)):
        if row[0].startswith("untyped "):
            if row[1] != "0":
                problems.append(f"{row[0][8:]}: {row[1]} values sqlite3 did not take as numbers")
        else:
            got[row[0]] = (int(row[1]), int(row[2] or 0))
    problems += [f"{f}: sqlite3 {got.get(f, (0, 0))} != {t}" for f, t in totals.items()
                 if got.get(f, (0, 0)) != t]
    check(f"records CSV in sqlite3 (.import --csv, typed table): every number typed "
          f"({len(typed)} columns), the counts and sums yosan prints", problems)
    # JSON Lines into SQLite
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE lines (line TEXT)")
    con.executemany("INSERT INTO lines VALUES (?)", [(line,) for line in lines])
    got = {s: (n, int(t or 0)) for s, n, t in con.execute(
        "SELECT json_extract(line, '$.source'), count(*), sum(json_extract(line, "
        "'$.amount_yen')) FROM lines GROUP BY 1")}
    bad_rates = con.execute("SELECT count(*) FROM lines WHERE json_type(line, '$.rate_percent')"
                            " NOT IN ('null', 'integer', 'real')").fetchone()[0]
    check("records JSON Lines in SQLite (json_extract): the counts and sums yosan prints; "
          "rate_percent a number",
          [f"{f}: {got.get(f, (0, 0))} != {t}" for f, t in totals.items()
           if got.get(f, (0, 0)) != t] +
          ([f"{bad_rates} rate_percent values are not numbers"] if bad_rates else []))


# What CP932 cannot hold, or holds only as another character, becomes its nearest form (these
# the issue names) or, for another character, '?' or some character CP932 keeps as it is.
NAMED = {"≈": "≒", "✓": "レ", "−": "－"}


def cp932_keeps(ch):
    try:
        return ch.encode("cp932").decode("cp932") == ch
    except UnicodeError:
        return False


def replaced(utf8_lines, cp932_lines, where):
    """The characters told apart in the two line lists; problems for any not allowed."""
    problems, count = [], 0
    if len(utf8_lines) != len(cp932_lines):
        return [f"{where}: {len(cp932_lines)} lines, {len(utf8_lines)} in UTF-8"], 0
    for n, (u, c) in enumerate(zip(utf8_lines, cp932_lines), start=1):
        if len(u) != len(c):
            problems.append(f"{where}:{n}: not the same length: {u!r} / {c!r}")
            continue
        for a, b in zip(u, c):
            if a == b:
                continue
            count += 1
            if cp932_keeps(a):
                problems.append(f"{where}:{n}: {a!r} is CP932, and was written as {b!r}")
            elif a in NAMED and b != NAMED[a]:
                problems.append(f"{where}:{n}: {a!r} written as {b!r}, not {NAMED[a]!r}")
            elif b != "?" and not cp932_keeps(b):
                problems.append(f"{where}:{n}: {a!r} written as {b!r}, which is not CP932")
    return problems, count


def warned_count(err):
    m = re.search(r"warning: (\d+) characters? with no CP932 form", err)
    return int(m.group(1)) if m else 0


def check_encodings():
    for args, what in ((["records"], "records CSV"), (["check", "-v"], "the check -v report")):
        utf8, _ = yosan(*args, *SAMPLES)
        bom, _ = yosan(*args, "--bom", *SAMPLES)
        check(f"{what} --bom: the mark, then the same bytes",
              [] if bom == b"\xef\xbb\xbf" + utf8 else ["they differ"])
        cp, err = yosan(*args, "--output-encoding=cp932", *SAMPLES)
        text = cp.decode("cp932")
        if args[0] == "records":  # as a table: the same rows and cells
            uh, urows = csv_rows(utf8.decode("utf-8"))
            ch, crows = csv_rows(text)
            problems = [] if uh == ch and len(urows) == len(crows) else ["not the same shape"]
            problems += [f"row {i + 2}: {len(c)} cells, {len(u)} in UTF-8"
                         for i, (u, c) in enumerate(zip(urows, crows)) if len(u) != len(c)]
            flat_u = [cell for row in urows for cell in row]
            flat_c = [cell for row in crows for cell in row]
            more, count = replaced(flat_u, flat_c, "cell")
        else:
            problems = []
            more, count = replaced(utf8.decode("utf-8").splitlines(), text.splitlines(), "line")
        problems += more
        if count != warned_count(err):
            problems.append(f"{count} characters replaced, the warning says "
                            f"{warned_count(err)}: {err!r}")
        if count == 0:
            problems.append("no character to replace: the samples no longer test this")
        check(f"{what} in CP932 decodes to the same table ({count} characters replaced, "
              f"all counted in the warning)", problems)
    # the data package of CP932 CSV names its encoding, and its rows read in it
    out = os.path.join(WORK, "records-cp932.csv")
    yosan("records", "--output-encoding=cp932", "-o", out, *SAMPLES)
    package = os.path.join(WORK, "records-cp932.datapackage.json")
    enc = json.load(open(package, encoding="utf-8"))["resources"][0]["encoding"]
    check("records -o FILE.csv in CP932: a valid package of encoding cp932",
          tableschema.check_package(package) + ([] if enc == "cp932" else [f"encoding {enc}"]))


def main():
    text, _ = yosan("records", "--format=text", *SAMPLES)
    totals = text_totals(text.decode("utf-8"))
    check(f"the samples: {len(SAMPLES)} files, {sum(n for n, _ in totals.values())} records",
          [] if len(totals) == len(SAMPLES) else [f"{len(totals)} files in the text output"])
    schema, header, rows, lines = check_package_and_jsonl("records", "records", totals)
    check_the_checker(os.path.join(WORK, "records.datapackage.json"))
    check_loaders(schema, header, rows, lines, totals)
    check_package_and_jsonl("check", "findings", totals)
    check_encodings()
    print(f"{results['passed']} passed, {results['failed']} failed")
    return 1 if results["failed"] else 0


sys.exit(main())
