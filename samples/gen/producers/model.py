"""The document model every producer's source is written from.

A document is a list of pages; a page is a list of items in reading order:

  Line(text, style, align)   one printed line (never wrapped by a producer: the writers size
                             the font so that the widest line fits; see fit_font)
  Table(widths, rows)        a ruled table; a row is (height_in_lines or None, [cell, ...]) with
                             cells in mkpdf's cell syntax ([@N][=][ALIGN]TEXT, see ../FORMAT.md)

Each item has a column, col: 0 spans the page (and comes first), 1 and 2 are the left and right
columns of a two-column page (printed below the items of column 0).

Text is in mkpdf's markup (../FORMAT.md): [[…]] spread by character spacing, **…** bold,
{{…}} smaller, \\n a line break (in table cells). runs() cuts it into (text, attrs) pieces
for the writers that do not read mkpdf markup.

Substitutions (the error-injected copies): apply_subst() on the text a loader reads, each
FIND exactly once, as mkpdf -s does, so a copy cannot drift from the document it changes.
"""
import re
import unicodedata

PAGE_MM = {"A4L": (297, 210), "A4P": (210, 297), "A3L": (420, 297)}


class Line:
    def __init__(self, text, style="body", align="left", font="sans", col=0):
        self.text, self.style, self.align, self.font, self.col = text, style, align, font, col


class Table:
    def __init__(self, widths, rows, header_rows=0, font="sans", col=0):
        # widths: column widths in mm on the page the source was drawn for
        self.widths, self.rows, self.header_rows = widths, rows, header_rows
        self.font, self.col = font, col


class Page:
    def __init__(self, size="A4L", items=None, title=None, kind="slide"):
        self.size, self.items, self.title, self.kind = size, items or [], title, kind


class Document:
    def __init__(self, name, title, date, pages, serif=False):
        self.name, self.title, self.date, self.pages, self.serif = name, title, date, pages, serif


# ------------------------------------------------------------------ markup

_TOKEN = re.compile(r"\[\[|\]\]|\*\*|\{\{|\}\}|\\n")


def runs(text):
    """mkpdf markup -> [(text, {'spread','bold','small','br'})]; 'br' pieces are line breaks."""
    out, attrs, pos = [], set(), 0
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            out.append((text[pos:m.start()], frozenset(attrs)))
        t = m.group()
        if t == "\\n":
            out.append(("", frozenset({"br"})))
        else:
            a = {"[[": "spread", "]]": "spread", "**": "bold", "{{": "small", "}}": "small"}[t]
            if t in ("[[", "{{") or (t == "**" and a not in attrs):
                attrs.add(a)
            else:
                attrs.discard(a)
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], frozenset(attrs)))
    return out


def plain(text):
    """The characters a reader should see: markup removed, line breaks as '\\n'."""
    return "".join("\n" if "br" in a else t for t, a in runs(text))


def width_units(s):
    """Printed width in em: CJK and full-width characters 1, the rest about 0.6."""
    w = 0.0
    for c in s:
        ea = unicodedata.east_asian_width(c)
        w += 1.0 if ea in ("W", "F", "A") and ord(c) > 0x2000 else 0.6
    return w


def line_units(text):
    return max((width_units(l) for l in plain(text).split("\n")), default=0.0)


def fit_font(lines_units, n_lines, width_mm, height_mm, biggest=10.0, smallest=5.0, leading=1.3):
    """The largest font size (pt, steps of 0.5) at which the widest line fits the width and
    n_lines fit the height; never below `smallest` (the caller splits pages instead)."""
    size = biggest
    pt = 25.4 / 72
    while size > smallest:
        if lines_units * size * pt <= width_mm and n_lines * size * leading * pt <= height_mm:
            break
        size -= 0.5
    return size


# ------------------------------------------------------- full-width forms

_FW = str.maketrans("0123456789,.%+-", "０１２３４５６７８９，．％＋－")


def fullwidth_figures(s):
    """ASCII digits (and the , . % + - between or before them) as full-width forms, the way
    a word processor's 全角 input types them; other ASCII (AMED, (1)) is left alone."""
    return re.sub(r"[+\-]?[0-9][0-9,.]*%?", lambda m: m.group().translate(_FW), s)


# ---------------------------------------------------------- substitutions

def apply_subst(src, subst_path):
    """Each 'FIND => REPLACE' line of the file applied to src; FIND must occur exactly once."""
    with open(subst_path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if " => " not in line:
                raise SystemExit("%s:%d: want 'FIND => REPLACE'" % (subst_path, n))
            find, repl = line.split(" => ", 1)
            count = src.count(find)
            if count != 1:
                raise SystemExit("%s:%d: '%s' occurs %d times in the source (must be once)"
                                 % (subst_path, n, find, count))
            src = src.replace(find, repl)
    return src


# ----------------------------------------------------------- table cells

class Cell:
    def __init__(self, span, cont, align, text):
        self.span, self.cont, self.align, self.text = span, cont, align, text


def parse_cell(spec):
    """mkpdf's cell syntax: [@N][=][ALIGN]TEXT, ALIGN one of < > ^ ~ |, "" an empty cell."""
    s = spec.strip()
    span = 1
    m = re.match(r"@(\d+)", s)
    if m:
        span, s = int(m.group(1)), s[m.end():]
    cont = s.startswith("=")
    if cont:
        s = s[1:]
    align = "<"
    if s and s[0] in "<>^~|":
        align, s = s[0], s[1:]
    s = s.strip()
    return Cell(span, cont, align, "" if s == '""' else s)


def grid(table):
    """The table's cells placed: [(row, col, rowspan, Cell)] for every cell that is drawn (the
    `=` continuations are folded into the cell above)."""
    placed = []
    owner = {}
    for r, (_, cells) in enumerate(table.rows):
        col = 0
        for spec in cells:
            c = parse_cell(spec)
            if c.cont and (r - 1, col) in owner:
                k = owner[(r - 1, col)]
                placed[k][2] += 1
                owner[(r, col)] = k
            else:
                placed.append([r, col, 1, c])
                owner[(r, col)] = len(placed) - 1
            col += c.span
    return [tuple(p) for p in placed]
