-- store — every statement the store runs, each under a "-- name: NAME" line (store_open.c
-- prepares them by that name). Positional parameters ?1, ?2 … are bound in C in this order.

-- name: meta_get
SELECT value FROM meta WHERE key = ?1;

-- name: meta_set
INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2);

-- name: doc_by_sha
SELECT document_id FROM documents WHERE sha256 = ?1;

-- name: doc_insert
INSERT INTO documents (sha256, file_name, base_name, bytes, title, body, fiscal_year,
                       budget_kind, pages, rounding, rounding_page, rounding_text,
                       yosan_version, rules_version, ingested_at, version, superseded_by)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 1, NULL);

-- name: line_insert
INSERT INTO lines (document_id, page, line, text, x0, y0, x1, y1, cells)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);

-- name: record_insert
INSERT INTO records (document_id, record_no, source, page, line, item, fiscal_year, budget_kind,
                     amount_yen, unit, rounding_unit_yen, qualifier, currency, text, parent_no,
                     role, group_name, rate_percent, unit_yen, path, level, x0, y0, x1, y1,
                     rate_scaled, rate_decimals, base_year, base_kind, is_new, parts_complete)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
        ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31);

-- name: finding_insert
INSERT INTO findings (document_id, finding_no, check_name, status, source, page, item,
                      fiscal_year, budget_kind, stated_yen, computed_yen, difference_yen,
                      tolerance_yen, detail, line, path, record_no, text, compared_document_id,
                      compared_record_no)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
        ?20);

-- name: finding_next_no
SELECT coalesce(max(finding_no), 0) + 1 FROM findings WHERE document_id = ?1;

-- name: cross_delete
DELETE FROM findings WHERE document_id = ?1 AND check_name = 'cross-year';

-- The versions of one document, oldest first: the last ingested is the current one.
-- name: versions_of
SELECT document_id FROM documents
WHERE body = ?1 AND fiscal_year = ?2 AND budget_kind = ?3 AND base_name = ?4
ORDER BY ingested_at, sha256;

-- name: doc_set_version
UPDATE documents SET version = ?2, superseded_by = ?3 WHERE document_id = ?1;

-- Current documents of a body and a later year that print figures for year ?3.
-- name: later_docs
SELECT document_id FROM documents AS d
WHERE body = ?1 AND fiscal_year > ?2 AND superseded_by IS NULL
  AND EXISTS (SELECT 1 FROM records AS r WHERE r.document_id = d.document_id AND r.fiscal_year = ?2)
ORDER BY document_id;

-- Current documents of a body and year: where a figure printed for that year is looked for,
-- in an order that does not depend on when they were stored (a merge gives what one ingest
-- gives).
-- name: year_docs
SELECT document_id FROM documents
WHERE body = ?1 AND fiscal_year = ?2 AND superseded_by IS NULL
ORDER BY file_name, sha256;

-- name: docs_select
SELECT document_id, sha256, file_name, title, body, budget_kind, rounding, ingested_at,
       coalesce(fiscal_year, 0), pages, version, coalesce(superseded_by, 0)
FROM documents
WHERE (?1 IS NULL OR body = ?1) AND (?2 IS NULL OR fiscal_year = ?2)
  AND (?3 OR superseded_by IS NULL)
ORDER BY document_id;

-- name: doc_info
SELECT document_id, sha256, file_name, title, body, budget_kind, rounding, ingested_at,
       coalesce(fiscal_year, 0), pages, version, coalesce(superseded_by, 0)
FROM documents WHERE document_id = ?1;

-- The document facts a packed document carries (for merge).
-- name: doc_facts
SELECT file_name, sha256, bytes, title, body, coalesce(fiscal_year, 0), budget_kind, pages,
       rounding, coalesce(rounding_page, 0), rounding_text, ingested_at, yosan_version,
       rules_version
FROM documents WHERE document_id = ?1;

-- name: lines_of
SELECT page, line, text, x0, y0, x1, y1, cells FROM lines WHERE document_id = ?1
ORDER BY page, line;

-- name: records_of
SELECT r.record_no, coalesce(r.parent_no, 0), r.page, r.line, r.item, coalesce(r.fiscal_year, 0),
       r.budget_kind, r.role, coalesce(r.amount_yen, 0), r.unit, coalesce(r.unit_yen, 0),
       coalesce(r.rounding_unit_yen, 0), r.qualifier, r.currency, r.text, r.rate_scaled,
       r.rate_decimals, r.base_year, r.base_kind, r.group_name, r.is_new, r.parts_complete,
       r.path, r.level, r.x0 IS NOT NULL, coalesce(r.x0, 0), coalesce(r.y0, 0),
       coalesce(r.x1, 0), coalesce(r.y1, 0), l.text
FROM records AS r
LEFT JOIN lines AS l ON l.document_id = r.document_id AND l.page = r.page AND l.line = r.line
WHERE r.document_id = ?1
ORDER BY r.record_no;

-- The findings made inside a document (cross-year ones are remade wherever it goes).
-- name: findings_of
SELECT check_name, status, page, line, item, coalesce(fiscal_year, 0), budget_kind,
       stated_yen IS NOT NULL, coalesce(stated_yen, 0), coalesce(computed_yen, 0),
       coalesce(difference_yen, 0), coalesce(tolerance_yen, 0), detail, text,
       coalesce(record_no, 0), path
FROM findings WHERE document_id = ?1 AND check_name <> 'cross-year'
ORDER BY finding_no;

-- name: history_years
SELECT DISTINCT body, fiscal_year FROM documents
WHERE superseded_by IS NULL AND fiscal_year IS NOT NULL AND (?1 IS NULL OR body = ?1)
ORDER BY body, fiscal_year;

-- Figures of current documents for a known year and kind, for `yosan history`.
-- name: history_figures
SELECT d.body, d.fiscal_year, d.document_id, d.file_name, r.page, r.item, r.path,
       r.fiscal_year, r.budget_kind, r.amount_yen, r.unit, coalesce(r.unit_yen, 0),
       coalesce(r.rounding_unit_yen, 0)
FROM records AS r JOIN documents AS d ON d.document_id = r.document_id
WHERE d.superseded_by IS NULL AND d.fiscal_year IS NOT NULL AND (?1 IS NULL OR d.body = ?1)
  AND r.role = 'amount' AND r.qualifier = '' AND r.fiscal_year IS NOT NULL
  AND r.budget_kind IN ('initial', 'supplementary')
ORDER BY d.body, r.fiscal_year, d.document_id, r.record_no;
