"""Page geometry shared by the writers that place text themselves (mkpdf pages, Impress slides):
margins, the font size a page's content fits at, the height of a table row.

All lengths in mm, font sizes in pt. A line's height is LEADING × the font size: Noto Sans CJK's
own line height (ascent + descent) is 1.448 em, the paragraph gap is added per line.
"""
from model import PAGE_MM, Line, Table, line_units, plain, parse_cell, grid

PT = 25.4 / 72
LEADING = 1.45
GAP = 0.4          # between two lines
MARGIN = 12
TOP = 18           # below the title
COLUMN_GAP = 8
PAD = 1.2          # table cell padding


def page_box(page):
    w, h = PAGE_MM[page.size]
    return w, h


def col_width(page, col):
    w, _ = page_box(page)
    full = w - 2 * MARGIN
    return full if col == 0 else (full - COLUMN_GAP) / 2


def col_x(page, col):
    return MARGIN if col in (0, 1) else MARGIN + col_width(page, 1) + COLUMN_GAP


def cell_lines(cell):
    return plain(cell.text).count("\n") + 1


def row_lines(table, r):
    h, cells = table.rows[r]
    n = max(cell_lines(parse_cell(c)) for c in cells)
    return max(h or 1, n)


def table_scale(table, width):
    return min(1.0, width / sum(table.widths))


def table_units(table, width, measure=None):
    """The em count a full line of the column would need for every cell line to fit its cell
    (so fit() can weigh a table as a line)."""
    scale = table_scale(table, width)
    need = 0.0
    for r, col, rs, c in grid(table):
        w = sum(table.widths[col:col + c.span]) * scale - 2 * PAD
        if c.align == "|":
            continue
        u = max(line_units(measure(l) if measure else l) for l in plain(c.text).split("\n"))
        if w > 0:
            need = max(need, u * width / w)
    return need


def item_lines(it):
    if isinstance(it, Table):
        return sum(row_lines(it, r) for r in range(len(it.rows))) * 1.1 + 1
    return 1


def fit(page, biggest=10.0, smallest=5.0, measure=None):
    """Font size for the page's body: its widest line fits its column, its lines the height.
    measure, if given, maps a text to what the producer prints (full-width digits are wider)."""
    w, h = page_box(page)
    avail = h - TOP - 10
    size = biggest
    while size > smallest:
        ok = True
        lines = {0: 0.0, 1: 0.0, 2: 0.0}
        for it in page.items:
            if isinstance(it, Line) and it.style == "title":
                continue
            cw = col_width(page, it.col)
            if isinstance(it, Table):
                units = table_units(it, cw, measure)
            else:
                units = line_units(measure(it.text) if measure else it.text)
            if units * size * PT * 1.06 > cw:  # bold and kerning: a margin
                ok = False
            lines[it.col] += item_lines(it)
        n = lines[0] + max(lines[1], lines[2])
        if n * (size * LEADING * PT + GAP) > avail:
            ok = False
        if ok:
            break
        size -= 0.5
    return size
