"""Writer for the LibreOffice Impress producer: the document as a flat ODF presentation (.fodp).

Slides as a presentation program makes them: every printed line is a text box of its own,
placed absolutely (x, y, width in cm); the two columns of a two-column slide are two stacks of
boxes side by side; a table is a table object (draw:frame > table:table) whose header cells are
merged (table:number-columns-spanned / number-rows-spanned, the cells they cover
table:covered-table-cell); figures spread by character spacing carry fo:letter-spacing, which
Impress applies after each glyph; a distributed header (均等割り) is justified to its last line
(fo:text-align-last); a vertical 款 label is one character per line. One slide size per file
(Impress has no other): A4 landscape, or A3 landscape for the city book, whose portrait pages sit
in the slide's left half.
"""
from xml.sax.saxutils import escape

import layout
from model import Line, Table, PAGE_MM, runs, grid

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" '
      'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"')


class Styles:
    """Text styles made on demand: (size, bold, spread, small) -> name."""

    def __init__(self, family):
        self.family, self.names, self.xml = family, {}, []

    def text(self, size, bold=False, spread=False):
        key = (round(size, 2), bold, spread)
        if key not in self.names:
            name = "T%d" % (len(self.names) + 1)
            self.names[key] = name
            w = ' fo:font-weight="bold" style:font-weight-asian="bold"' if bold else ""
            ls = ' fo:letter-spacing="%.3fcm"' % (0.17 * size * 2.54 / 72) if spread else ""
            self.xml.append(
                '<style:style style:name="%s" style:family="text"><style:text-properties '
                'style:font-name="%s" style:font-name-asian="%s" fo:font-size="%gpt" '
                'style:font-size-asian="%gpt"%s%s/></style:style>'
                % (name, self.family, self.family, size, size, w, ls))
        return self.names[key]


def _spans(text, size, st, bold=False):
    out = []
    for t, a in runs(text):
        if "br" in a:
            out.append("<text:line-break/>")
            continue
        s = size * (0.8 if "small" in a else 1)
        name = st.text(s, bold or "bold" in a, "spread" in a)
        out.append('<text:span text:style-name="%s">%s</text:span>' % (name, escape(t)))
    return "".join(out)


def _box(x, y, w, h, inner, para="P1"):
    return ('<draw:frame draw:style-name="gr1" svg:x="%.2fcm" svg:y="%.2fcm" svg:width="%.2fcm" '
            'svg:height="%.2fcm"><draw:text-box><text:p text:style-name="%s">%s</text:p>'
            '</draw:text-box></draw:frame>' % (x / 10, y / 10, w / 10, h / 10, para, inner))


def _table(t, x, y, width, size, st):
    scale = layout.table_scale(t, width)
    cells = {(r, col): (rs, c) for r, col, rs, c in grid(t)}
    covered = set()
    for (r, col), (rs, c) in cells.items():
        for rr in range(r, r + rs):
            for cc in range(col, col + c.span):
                if (rr, cc) != (r, col):
                    covered.add((rr, cc))
    line_mm = size * 1.8 * layout.PT  # Impress grows a row to its text: room to spare
    heights = [layout.row_lines(t, r) * line_mm + 2 * layout.PAD for r in range(len(t.rows))]
    out = ['<draw:frame draw:style-name="gr1" svg:x="%.2fcm" svg:y="%.2fcm" svg:width="%.2fcm" '
           'svg:height="%.2fcm"><table:table>' % (x / 10, y / 10, sum(t.widths) * scale / 10,
                                                  sum(heights) / 10)]
    for w in t.widths:
        out.append('<table:table-column table:style-name="co%d"/>' % st.column(w * scale))
    for r in range(len(t.rows)):
        out.append('<table:table-row table:style-name="ro%d">' % st.row(heights[r]))
        for col in range(len(t.widths)):
            if (r, col) in covered:
                out.append("<table:covered-table-cell/>")
                continue
            if (r, col) not in cells:
                continue
            rs, c = cells[(r, col)]
            span = ""
            if c.span > 1:
                span += ' table:number-columns-spanned="%d"' % c.span
            if rs > 1:
                span += ' table:number-rows-spanned="%d"' % rs
            text = c.text
            if c.align == "|":
                text = "\\n".join(text.replace("\\n", ""))
            para = {"<": "PL", ">": "PR", "^": "PC", "~": "PJ", "|": "PC"}[c.align]
            paras = "".join('<text:p text:style-name="%s">%s</text:p>' % (para, _spans(l, size, st))
                            for l in text.split("\\n"))
            out.append('<table:table-cell table:style-name="ce1"%s>%s</table:table-cell>' % (span, paras))
        out.append("</table:table-row>")
    out.append("</table:table></draw:frame>")
    return "".join(out), sum(heights)


def emit(doc):
    family = "Noto Serif CJK JP" if doc.serif else "Noto Sans CJK JP"
    st = Styles(family)
    cols, rows = {}, {}
    st.column = lambda w: cols.setdefault(round(w, 1), len(cols) + 1)
    st.row = lambda h: rows.setdefault(round(h, 1), len(rows) + 1)
    slide = "A3L" if any(p.size == "A3L" for p in doc.pages) else "A4L"
    sw, sh = PAGE_MM[slide]
    pages = []
    for n, page in enumerate(doc.pages, 1):
        size = layout.fit(page)
        line_mm = size * layout.LEADING * layout.PT + layout.GAP
        body = []
        y_top = layout.TOP
        if page.kind == "cover":
            y = 60
            for it in page.items:
                body.append(_box(20, y, sw - 40, 12, _spans(it.text, 20, st, True), "PC"))
                y += 14
            pages.append(body)
            continue
        for it in page.items:
            if isinstance(it, Line) and it.style == "title":
                body.append(_box(layout.MARGIN, 4, sw - 2 * layout.MARGIN, 10, _spans(it.text, 14, st, True)))
        y_cols = y_top
        for col in (0, 1, 2):
            x, cw = layout.col_x(page, col), layout.col_width(page, col)
            y = y_top if col == 0 else y_cols
            for it in page.items:
                if it.col != col or (isinstance(it, Line) and it.style == "title"):
                    continue
                if isinstance(it, Table):
                    xml, h = _table(it, x, y, cw, size, st)
                    body.append(xml)
                    y += h + 2
                else:
                    para = {"left": "P1", "center": "PC", "right": "PR"}[it.align]
                    s = size * (0.85 if it.style == "small" else 1)
                    body.append(_box(x, y, cw, line_mm + 0.5,
                                     _spans(it.text, s, st, it.style in ("heading",)), para))
                    y += line_mm
            if col == 0:
                y_cols = y + 2
        pages.append(body)

    auto = ['<style:page-layout style:name="PageSlide"><style:page-layout-properties fo:margin-top="0cm" '
            'fo:margin-bottom="0cm" fo:margin-left="0cm" fo:margin-right="0cm" fo:page-width="%gcm" '
            'fo:page-height="%gcm" style:print-orientation="landscape"/></style:page-layout>' % (sw / 10, sh / 10),
            '<style:style style:name="dp1" style:family="drawing-page"/>',
            '<style:style style:name="gr1" style:family="graphic"><style:graphic-properties '
            'draw:stroke="none" draw:fill="none" draw:auto-grow-height="false" '
            'draw:textarea-vertical-align="top" fo:padding-top="0cm" fo:padding-bottom="0cm" '
            'fo:padding-left="0cm" fo:padding-right="0cm" fo:wrap-option="no-wrap"/></style:style>',
            '<style:style style:name="ce1" style:family="table-cell"><style:graphic-properties '
            'draw:fill="none"/><style:paragraph-properties fo:border="0.5pt solid #000000"/>'
            '<style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.1cm" '
            'style:vertical-align="middle"/></style:style>']
    for name, align in (("P1", "start"), ("PL", "start"), ("PC", "center"), ("PR", "end")):
        auto.append('<style:style style:name="%s" style:family="paragraph"><style:paragraph-properties '
                    'fo:text-align="%s" fo:margin-top="0cm" fo:margin-bottom="0cm"/></style:style>' % (name, align))
    auto.append('<style:style style:name="PJ" style:family="paragraph"><style:paragraph-properties '
                'fo:text-align="justify" fo:text-align-last="justify" fo:margin-top="0cm" '
                'fo:margin-bottom="0cm"/></style:style>')
    for w, k in cols.items():
        auto.append('<style:style style:name="co%d" style:family="table-column"><style:table-column-properties '
                    'style:column-width="%.2fcm"/></style:style>' % (k, w / 10))
    for h, k in rows.items():
        auto.append('<style:style style:name="ro%d" style:family="table-row"><style:table-row-properties '
                    'style:row-height="%.2fcm"/></style:style>' % (k, h / 10))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<office:document %s office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.presentation">' % NS,
           '<office:meta><dc:title>%s</dc:title><meta:generator>yosan producer matrix (impress)</meta:generator></office:meta>' % escape(doc.title),
           '<office:font-face-decls><style:font-face style:name="%s" svg:font-family="&apos;%s&apos;"/></office:font-face-decls>' % (family, family),
           # without an office:styles element Impress ignores the page layout (and its size)
           '<office:styles><style:default-style style:family="graphic"><style:text-properties '
           'style:font-name="%s" style:font-name-asian="%s" style:language-asian="ja" '
           'style:country-asian="JP"/></style:default-style></office:styles>' % (family, family),
           '<office:automatic-styles>', "\n".join(auto + st.xml), '</office:automatic-styles>',
           '<office:master-styles><style:master-page style:name="Slide" style:page-layout-name="PageSlide" draw:style-name="dp1"/></office:master-styles>',
           '<office:body><office:presentation>']
    for n, body in enumerate(pages, 1):
        out.append('<draw:page draw:name="page%d" draw:style-name="dp1" draw:master-page-name="Slide">' % n)
        out.extend(body)
        out.append("</draw:page>")
    out.append("</office:presentation></office:body></office:document>")
    return "\n".join(out) + "\n"
