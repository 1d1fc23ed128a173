-- store — the yosan database, schema version 1 (meta.schema_version). Written once into a new
-- database by store_open.c; later versions add migrate-N.sql files (N = the version they make)
-- and never edit this one. Names need no quoting in SQL: no `group`, no `check`.
PRAGMA application_id = 1498632750; -- 0x5953414E, "YSAN": a yosan store, not any SQLite file

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- One row per distinct file (its bytes' sha256). A corrected file of the same body, fiscal
-- year, kind and file name is a new version; the older rows stay, superseded_by set.
CREATE TABLE documents (
  document_id   INTEGER PRIMARY KEY,
  sha256        TEXT NOT NULL UNIQUE,
  file_name     TEXT NOT NULL,     -- the path as given to `yosan ingest` (the records' source)
  base_name     TEXT NOT NULL,     -- its last component: what makes two files versions of one
  bytes         INTEGER NOT NULL,
  title         TEXT NOT NULL,     -- the first line with a word in it
  body          TEXT NOT NULL,     -- issuing body (`body` rules or --body); '' = unknown
  fiscal_year   INTEGER,           -- the document's own fiscal year; NULL = not found
  budget_kind   TEXT NOT NULL,     -- initial, supplementary, request, settled, other
  pages         INTEGER NOT NULL,
  rounding      TEXT NOT NULL,     -- unknown, 四捨五入, 切り捨て, 切り上げ
  rounding_page INTEGER,
  rounding_text TEXT,
  yosan_version TEXT NOT NULL,
  rules_version TEXT NOT NULL,     -- sha256 of the rule files it was read with
  ingested_at   TEXT NOT NULL,     -- UTC, ISO 8601
  version       INTEGER NOT NULL,  -- 1, 2, … among the versions of one document
  superseded_by INTEGER REFERENCES documents(document_id) -- NULL: the current version
);
CREATE INDEX documents_by_key ON documents(body, fiscal_year, budget_kind, base_name);

-- What the rules read: every non-blank normalized line, so that records and checks can be
-- made again with edited rules without the files. cells: the cells' x-extents, two
-- little-endian float64 (x0, x1) per tab-separated cell.
CREATE TABLE lines (
  document_id INTEGER NOT NULL REFERENCES documents(document_id),
  page        INTEGER NOT NULL,
  line        INTEGER NOT NULL,
  text        TEXT NOT NULL,
  x0 REAL NOT NULL, y0 REAL NOT NULL, x1 REAL NOT NULL, y1 REAL NOT NULL,
  cells       BLOB NOT NULL,
  PRIMARY KEY (document_id, page, line)
) WITHOUT ROWID;

-- Every column of `yosan records` (group → group_name, id → record_no, parent_id → parent_no),
-- then what the checks need to read a record back.
CREATE TABLE records (
  document_id       INTEGER NOT NULL REFERENCES documents(document_id),
  record_no         INTEGER NOT NULL,
  source            TEXT NOT NULL,
  page              INTEGER NOT NULL,
  line              INTEGER NOT NULL,
  item              TEXT,
  fiscal_year       INTEGER,
  budget_kind       TEXT NOT NULL,
  amount_yen        INTEGER,         -- NULL for a rate
  unit              TEXT,
  rounding_unit_yen INTEGER,
  qualifier         TEXT NOT NULL,   -- '', portion, approx, max, per
  currency          TEXT,
  text              TEXT,
  parent_no         INTEGER,
  role              TEXT NOT NULL,   -- amount, difference, rate
  group_name        TEXT,
  rate_percent      TEXT,            -- as `yosan records` prints it (3.5, -9.1)
  unit_yen          INTEGER,
  path              TEXT NOT NULL,
  level             TEXT NOT NULL,
  x0 REAL, y0 REAL, x1 REAL, y1 REAL, -- NULL for text input
  rate_scaled       INTEGER NOT NULL,
  rate_decimals     INTEGER NOT NULL,
  base_year         INTEGER NOT NULL,
  base_kind         TEXT NOT NULL,
  is_new            INTEGER NOT NULL,
  parts_complete    INTEGER NOT NULL,
  PRIMARY KEY (document_id, record_no)
) WITHOUT ROWID;

-- Every column of `yosan check` (check → check_name), the finding's number in its document,
-- and for cross-year findings the document and record compared with.
CREATE TABLE findings (
  document_id          INTEGER NOT NULL REFERENCES documents(document_id),
  finding_no           INTEGER NOT NULL,
  check_name           TEXT NOT NULL,  -- sum, difference, rate, duplicate, cross-year
  status               TEXT NOT NULL,  -- exact, rounding, mismatch
  source               TEXT NOT NULL,
  page                 INTEGER NOT NULL,
  item                 TEXT,
  fiscal_year          INTEGER,
  budget_kind          TEXT NOT NULL,
  stated_yen           INTEGER,
  computed_yen         INTEGER,
  difference_yen       INTEGER,
  tolerance_yen        INTEGER,
  detail               TEXT,
  line                 INTEGER NOT NULL,
  path                 TEXT NOT NULL,
  record_no            INTEGER,
  text                 TEXT,
  compared_document_id INTEGER REFERENCES documents(document_id),
  compared_record_no   INTEGER,
  PRIMARY KEY (document_id, finding_no)
) WITHOUT ROWID;
