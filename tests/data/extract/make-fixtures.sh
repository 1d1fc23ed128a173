#!/bin/sh
# Regenerates the encrypted PDF fixtures of tests/test_extract_pdf.c (needs qpdf; run by hand,
# the outputs are committed). plain.pdf is a one-page table in Helvetica (no embedded font);
# user-password.pdf needs the user password "yosan-user"; owner-password.pdf has only an owner
# password (permission-only encryption, opens without a password, as ministries publish them).
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/raw.pdf" <<'PDF'
%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R
  /Resources << /Font << /F1 5 0 R >> >> >> endobj
4 0 obj << >>
stream
BT /F1 12 Tf 72 720 Td (Budget table) Tj ET
BT /F1 12 Tf 72 700 Td (Total) Tj ET
BT /F1 12 Tf 200 700 Td (1,238) Tj ET
BT /F1 12 Tf 300 700 Td (1,197) Tj ET
BT /F1 12 Tf 400 700 Td (+3.5%) Tj ET
endstream
endobj
5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >> endobj
trailer << /Size 6 /Root 1 0 R >>
%%EOF
PDF
# qpdf rebuilds the missing xref (exit status 3: warnings only)
qpdf "$tmp/raw.pdf" "$tmp/plain.pdf" 2>/dev/null || [ $? -eq 3 ]
qpdf --encrypt yosan-user yosan-owner 256 -- "$tmp/plain.pdf" user-password.pdf
qpdf --encrypt "" yosan-owner 256 --print=none --modify=none --extract=n -- "$tmp/plain.pdf" owner-password.pdf
