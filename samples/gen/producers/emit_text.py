"""Writer for the LibreOffice-Writer-from-plain-text producer: the document as a UTF-8 text file.

What a person who pastes the text into Writer gets: one line per printed line, a form feed
between pages (LibreOffice's text import makes it a page break), figures spread by character
spacing written as the converter prints them (`3 5 5 億円`: a space after each spread
character), table rows as TAB-separated cells, a cell of several lines over several text lines
(its k-th line on the row's k-th line), a vertical 款 label one character per line, a
distributed header (本年度予算額, 均等割り) with ideographic spaces between its characters.
Bold, sizes and alignment are lost, as they are in plain text.
"""
from model import Line, Table, runs, grid, plain


def spaced(text):
    """mkpdf markup -> text: a space after each spread character (unless one follows)."""
    out = []
    pieces = runs(text)
    for i, (t, a) in enumerate(pieces):
        if "br" in a:
            out.append("\n")
            continue
        if "spread" not in a:
            out.append(t)
            continue
        nxt = pieces[i + 1][0] if i + 1 < len(pieces) else ""
        for k, c in enumerate(t):
            out.append(c)
            after = t[k + 1] if k + 1 < len(t) else (nxt[:1] if nxt else "")
            if after and after != " ":
                out.append(" ")
    return "".join(out)


def _cell_text(c):
    t = spaced(c.text)
    if c.align == "~":
        t = "\n".join("\u3000".join(l) for l in t.split("\n"))
    if c.align == "|":
        t = "\n".join(t.replace("\n", ""))
    return t


def table_lines(table):
    ncols = len(table.widths)
    rows = len(table.rows)
    cells = {(r, col): (rs, c) for r, col, rs, c in grid(table)}
    out = []
    # a cell spanning rows prints its lines from its first row on, over the rows it spans
    pending = {}
    for r in range(rows):
        cols = []
        for col in range(ncols):
            if (r, col) in cells:
                rs, c = cells[(r, col)]
                lines = _cell_text(c).split("\n")
                if rs > 1:
                    pending[col] = (r + rs - 1, lines[1:])
                    lines = lines[:1]
                cols.append(lines)
            elif col in pending and r <= pending[col][0]:
                last, rest = pending[col]
                take = rest[:1] if r < last else rest
                pending[col] = (last, rest[len(take):])
                cols.append(take or [""])
            else:
                cols.append([""])
        height = max(len(c) for c in cols)
        for k in range(height):
            out.append("\t".join(c[k] if k < len(c) else "" for c in cols).rstrip("\t"))
    return out


def emit(doc):
    pages = []
    for page in doc.pages:
        lines = []
        for it in page.items:
            if isinstance(it, Table):
                lines.extend(table_lines(it))
            else:
                lines.append(spaced(it.text))
        pages.append("\n".join(lines))
    return "\n\f".join(pages) + "\n"


__all__ = ["emit", "spaced", "plain", "Line"]
