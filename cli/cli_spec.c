/* cli — the option spec (see cli_spec.h): every command and option of yosan, described once.
 * --help, the man page, the bash completion and docs/usage.md's usage block are made from these
 * tables; the parser reads them too. Add a command or an option here, and only here; keep the
 * existing names, short forms and order (users' scripts depend on them). */
#include "cli/cli.h"

#include <stddef.h>

const char ys_cli_tagline[] = "budget documents into records, totals checked";

const char ys_cli_description[] =
    "yosan reads Japanese government budget documents — the PDFs ministries publish, "
    "such as 文部科学省's summaries, and the "
    "予算書 (budget books) of prefectures and cities — "
    "and turns every amount into a record: the item, the fiscal year, the kind of budget, exact "
    "integer yen, the page and line it was printed on. It then checks that every total, "
    "difference and rate reconciles within the rounding the document itself declares, in "
    "integer arithmetic.\n"
    "What counts as an amount, a year or a heading lives in rule files (`*.rules`), data that an "
    "analyst can edit; see FILES.";

#define OPT(field) offsetof(YsCliOptions, field)
#define READING "text records check report ingest" /* the commands that read documents */

const YsCommandSpec ys_cli_commands[] = {
    {"text", YS_CMD_TEXT, ys_cli_cmd_read, "[options] FILE...",
     "normalized text of each page, page- and line-numbered",
     "Prints the text yosan reads, after normalization (NFKC, digits spread by character "
     "spacing joined, ▲/△ as minus), as `PAGE:LINE: text`: what the rules "
     "see. Table cells are apart by a tab."},
    {"records", YS_CMD_RECORDS, ys_cli_cmd_read, "[options] FILE...",
     "every amount as a record: item, fiscal year, kind, exact yen, page (CSV)",
     "Prints one record per amount, as CSV by default (the columns are listed under OUTPUT), "
     "JSON Lines with `--format=jsonl`, or a line per record with `--format=text`."},
    {"check", YS_CMD_CHECK, ys_cli_cmd_read, "[options] FILE...",
     "every total, difference and rate reconciled within the document's rounding",
     "Checks every sum (a parent against its parts), difference (against new − old), "
     "rate (against (new − old) / old at its printed precision) and duplicate (the "
     "same item printed twice), and reports each as `exact`, `rounding` (agrees only within the "
     "declared rounding) or `mismatch`. The text report shows the mismatches with their page, "
     "arithmetic and line (every finding with `--verbose`); CSV and JSON Lines list every "
     "finding."},
    {"schema", YS_CMD_SCHEMA, ys_cli_cmd_schema, "records|findings",
     "the Table Schema (JSON) of the records or findings CSV",
     "Prints the Frictionless Table Schema of the CSV that `records` or `check` writes: each "
     "column's name, type and description, which ones are always filled, and the values a "
     "column of names takes. The same schema is in the data package written next to a CSV "
     "file (see `--output`)."},
    {"report", YS_CMD_REPORT, ys_cli_cmd_report, "-o DIR [options] FILE...",
     "with -o DIR: an HTML page per document, each mismatch cropped from its page",
     "Writes one self-contained HTML page per document into the directory given with `-o` "
     "(made if missing) and an `index.html` linking them: the document (title, issuer, fiscal "
     "year, pages, rounding note), its checks by kind and status, and every finding; each "
     "mismatch with its arithmetic above a crop of the page, the stated figure outlined in red "
     "and every figure the check combined in blue. Pages open offline and read with JavaScript "
     "off. A file that cannot be read gets no page; the index says why."},
    {"ingest", YS_CMD_INGEST, ys_cli_cmd_store, "--db=PATH [options] FILE...",
     "read each file into the store (SQLite): documents, lines, records, findings",
     "Reads each FILE as `check` does and keeps it in the store named by `--db`: the document "
     "(its sha256, name, title, issuing body, fiscal year, kind, pages), its normalized lines, "
     "its records and findings, in one transaction per document. The same bytes again are "
     "left alone; a corrected file of the same body, year and kind is a new version, the old "
     "one kept and marked superseded. Figures printed for an earlier year are checked against "
     "the store's document of that year (`cross-year` findings); `check --db` also compares "
     "the files of one book (`cross-document`: a 款 in its own file and in the 総括)."},
    {"merge", YS_CMD_MERGE, ys_cli_cmd_store, "--db=ALL.db PART.db...",
     "stores made apart (one per worker) into one",
     "Adds the documents of each PART.db to the store `--db`: by sha256, versions kept, "
     "what is there already left alone; merging twice adds nothing."},
    {"history", YS_CMD_HISTORY, ys_cli_cmd_store, "--db=PATH [options] ITEM",
     "an item's figures by year from the store",
     "Prints the figures of ITEM (a name, a path, or a glob: `*BINDS*`) by fiscal year, "
     "initial and supplementary, from every document of the store that prints one, and says "
     "so for a year none does."},
    {NULL, 0, NULL, NULL, NULL, NULL}};

const YsOptionSpec ys_cli_options[] = {
    {"format", 'f', YS_ARG_STRING, OPT(format_name), "text|csv|jsonl", READING " history",
     "Output format: text (human), csv or jsonl (default: csv for records, text otherwise)",
     "`text` is for people (for `check`, the report); `csv` (RFC 4180, UTF-8, a header row) and "
     "`jsonl` (one JSON object a line, every column a key, empty values `null`) are for other "
     "tools. The default is `csv` for `records` and `text` otherwise."},
    {"rules", 0, YS_ARG_FILENAME, OPT(rules_dir), "DIR", READING,
     "Directory of *.rules files to use instead of the default set",
     "Reads the rule files of DIR instead of the default set (see FILES)."},
    {"encoding", 0, YS_ARG_STRING, OPT(encoding), "NAME", READING,
     "Encoding of text input (e.g. CP932, EUC-JP, UTF-8); default: detected",
     "The encoding of a text file (any name iconv knows). By default UTF-8 (with or without a "
     "BOM), Shift_JIS/CP932 and EUC-JP are told apart by their content. PDFs ignore it."},
    {"password", 0, YS_ARG_STRING, OPT(password), "PASSWORD", READING,
     "User password of an encrypted PDF", NULL},
    {"output", 'o', YS_ARG_FILENAME, OPT(output), "FILE", NULL,
     "Write to FILE (replaced only when complete) instead of standard output; report: the "
     "directory its pages are written to",
     "Writes to FILE instead of standard output. FILE is written under a temporary name and "
     "renamed into place only when complete: an interrupted or failed run leaves the old FILE "
     "(or none). CSV from `records` or `check` gets a Frictionless Data Package beside it, "
     "FILE.datapackage.json (FILE without its .csv), describing its columns."},
    {"jobs", 'j', YS_ARG_INT, OPT(jobs), "N", READING,
     "Cores to use: files read at once, and a PDF's pages read ahead on a core to spare "
     "(default: all)",
     "Reads up to N files at once, each in a process of its own; a file with a second core to "
     "spare has its PDF pages read ahead on it. The default is the number of cores."},
    {"timeout", 0, YS_ARG_INT, OPT(timeout_seconds), "SECONDS", READING,
     "Give up on a file after SECONDS (default 600, 0 = never)",
     "Gives up on a file that takes longer (the other files are still read): the file is "
     "reported as failed and the exit status is 2."},
    {"memory-limit", 0, YS_ARG_INT64, OPT(memory_limit_mb), "MB", READING,
     "Give up on a file that needs more than MB of memory (default 4096, 0 = no limit)", NULL},
    {"quiet", 'q', YS_ARG_NONE, OPT(quiet), NULL, NULL,
     "Print nothing but errors; the exit status tells the result",
     "Prints nothing but errors, and no progress; the exit status tells the result. Output "
     "asked for with `--output` is still written."},
    {"verbose", 'v', YS_ARG_NONE, OPT(verbose), NULL, NULL,
     "Show every finding (not only mismatches) and Poppler's own messages", NULL},
    {"no-isolate", 0, YS_ARG_NONE, OPT(no_isolate), NULL, READING,
     "Read files in this process instead of one child process each (for debugging)",
     "Reads every file in yosan's own process, one after the other, without the time and "
     "memory limits: a file that crashes Poppler then ends the whole run. For debugging."},
    {"version", 'V', YS_ARG_NONE, OPT(version), NULL, NULL, "Print the version and exit", NULL},
    /* added after the options above: keep their order */
    {"pages", 0, YS_ARG_STRING, OPT(pages_spec), "RANGE", READING,
     "Read only these pages of each file: 3-5,9 (a page, a range, or 7- to the end)",
     "Reads only the pages RANGE names, in every file: numbers and ranges apart by commas, "
     "`3-5,9`, with `7-` for page 7 to the end. Pages past a file's end are left out with a "
     "warning; a file none of whose pages is named is an error. The checks see only the pages "
     "read: a rounding note on another page is not found (and the report says so)."},
    {"year", 0, YS_ARG_STRING, OPT(year_spec), "YEAR", READING " ingest history",
     "The fiscal year of a document that states none: 2026 or 令和8 (with --db: only that year's)",
     "The fiscal year of a file that does not say it (a part of a budget book split by 款, whose "
     "title page is in another file): 本年度 columns are that year, 前年度 the year before. A "
     "document that states its own year keeps it. Without either, records have no fiscal "
     "year and a warning names the file; the checks still tell this year's figures from last "
     "year's. With `--db`, `records`, `check` and `history` keep only the store's documents "
     "of that fiscal year."},
    {"db", 0, YS_ARG_FILENAME, OPT(db), "PATH", "records check ingest merge history",
     "The store (SQLite): ingest and merge into it; history, records and check read it",
     "The store: a SQLite database `ingest` and `merge` write (made if missing) and `history`, "
     "`records` and `check` read. `records --db` and `check --db` read the stored lines with the "
     "current rules: a rule edit is checked again without the PDFs."},
    {"body", 0, YS_ARG_STRING, OPT(body), "NAME", "records check ingest history",
     "ingest: the issuing body of the files; with --db: only its documents",
     "For `ingest`, the issuing body of the files (文部科学省, 富士市) when the documents do not "
     "name one the rules know; for the commands that read the store, only that body's "
     "documents."},
    {"item", 0, YS_ARG_STRING, OPT(item_pattern), "PATTERN", "records check history",
     "With --db: only records and findings whose item or path matches this glob", NULL},
    {"bom", 0, YS_ARG_NONE, OPT(bom), NULL, READING,
     "Start the output with a UTF-8 byte order mark, which Excel needs to read UTF-8 CSV",
     "Starts the output with the UTF-8 byte order mark (EF BB BF). Excel opens a CSV file by "
     "double-click as UTF-8 only when it has one; without, Japanese text comes out garbled. "
     "Not for `--format=jsonl` (JSON is UTF-8 without a mark)."},
    {"output-encoding", 0, YS_ARG_STRING, OPT(output_encoding_name), "utf-8|cp932", READING,
     "Encoding of the output: utf-8 (default) or cp932 (Shift_JIS, for older Excel)",
     "`cp932` writes the output in Windows' Shift_JIS (CP932), for Excel versions that open "
     "nothing else. A character CP932 has no form for is written as its nearest one "
     "(≈ as ≒, ✓ as レ, − as "
     "－) or, failing that, as `?`; a warning counts them. Not for `--format=jsonl`, "
     "which is UTF-8 by definition."},
    {"help", 'h', YS_ARG_NONE, OPT(help), NULL, NULL,
     "Show this help (yosan COMMAND --help: that command's) and exit", NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL, NULL}};

const YsDocSection ys_cli_sections[] = {
    {"INPUT",
     "FILE is a PDF or a text file (UTF-8, Shift_JIS/CP932 or EUC-JP); '-' reads standard "
     "input.",
     TRUE, FALSE},
    {"EXIT STATUS",
     "Exit status: 0 all figures reconcile, 1 at least one mismatch, 2 usage or input error.", TRUE,
     FALSE},
    {"OUTPUT",
     "Records (CSV header, in this order; columns are only ever added at the end): `source`, "
     "`page`, `line`, `item`, `fiscal_year` (Gregorian), `budget_kind` (initial, supplementary, "
     "request, settled, other), `amount_yen` (exact integer yen), `unit` (as printed), "
     "`rounding_unit_yen` (the value of the last printed digit), `qualifier` (portion, approx, "
     "max, per, or empty), `currency`, `text`, `id`, `parent_id`, `role` (amount, difference, "
     "rate), `group`, `rate_percent`, `unit_yen`, `path`, `level`, `x0`, `y0`, `x1`, `y1` (its "
     "box on the page in PDF points).\n"
     "Findings: `check`, `status`, `source`, `page`, `item`, `fiscal_year`, `budget_kind`, "
     "`stated_yen`, `computed_yen`, `difference_yen`, `tolerance_yen`, `detail`, `line`, "
     "`path`.\n"
     "`yosan schema records` and `yosan schema findings` print each column's type and "
     "meaning.",
     FALSE, FALSE},
    {"FILES",
     "The rule files are looked for in ../share/yosan/rules beside the directory the yosan "
     "binary is in (so an installed tree may be moved), then in the directory yosan was "
     "configured to install them to; a yosan run from its build directory uses the source "
     "tree's rules/. `--rules=DIR` uses another set.",
     FALSE, FALSE},
    {"EXAMPLES",
     "yosan check budget.pdf\n"
     "yosan records -o records.csv --bom *.pdf\n"
     "yosan records --pages=3-5,9 --format=jsonl book.pdf | jq .amount_yen\n"
     "yosan schema records > records.schema.json",
     FALSE, TRUE},
    {"SEE ALSO", "pdftotext(1), sqlite3(1), iconv(1)", FALSE, FALSE},
    {NULL, NULL, FALSE, FALSE}};

const YsCommandSpec *ys_cli_find_command(const char *name) {
  for (const YsCommandSpec *c = ys_cli_commands; c->name; c++)
    if (g_strcmp0(c->name, name) == 0)
      return c;
  return NULL;
}

const YsOptionSpec *ys_cli_find_option(const char *name) {
  for (const YsOptionSpec *o = ys_cli_options; o->name; o++)
    if (g_strcmp0(o->name, name) == 0)
      return o;
  return NULL;
}

gboolean ys_cli_option_applies(const YsOptionSpec *option, const char *command) {
  if (option->commands == NULL || command == NULL)
    return TRUE;
  g_auto(GStrv) names = g_strsplit(option->commands, " ", -1);
  return g_strv_contains((const char *const *)names, command);
}
