"""Writer for the three HTML producers: the document as one HTML file, in one of three styles.

  writer     for LibreOffice Writer's HTML import: real <table>s set narrower than the page, so
             that amounts, breakdowns and names wrap inside their cells (`1,238億円` /
             `（こ7,総3,…）`, `インハウス研究` / `機関経費`); an outline line with figures
             (`（２）…（NLDP） 5.2億円（2.6億円）`) as a row of a name cell and a narrow figure
             cell (Writer's import widens it to fit, so these do not wrap yet); spread figures in
             CSS letter-spacing; columns as a
             borderless layout table; list items as <ul> (Writer prints its own bullet).
  spaced     for headless Chromium: spread figures written without spaces inside a span with CSS
             letter-spacing (how PowerPoint's character spacing looks in a PDF); distributed
             headers (均等割り) by letter-spacing too; list items with a `•` marker; vertical 款
             labels in writing-mode: vertical-rl; columns side by side (flex).
  fullwidth  as spaced, but every figure in full-width digits (`１，２３８億円`) and the labels —
             table headers, 款/項 cells, the `令和8年度予算額（案）` of a headline — set in a box
             of fixed width with text-align-last: justify (均等割付); list marker `・`.

Every page is one <section> with a page break after it (the city's A3 sheet of facing pages
on a named @page of its own); fonts are sized with layout.fit so that no line wraps by itself.
"""
import html
import re

import layout
from model import Line, Table, PAGE_MM, runs, grid, fullwidth_figures

LABEL = re.compile(r"^(令和[0-9０-９]+年度(?:補正)?予算額(?:（案）)?)")
MARKER_FIGURES = re.compile(
    r"^(?P<name>(?:- )?(?:（[0-9０-９]）|[①-⑳]|I{1,3}\.|[0-9]\.)\s*.+?)\s+"
    r"(?P<fig>[0-9０-９][0-9０-９,.．，]*億円.*)$")


def _esc(s):
    return html.escape(s, quote=False)


def inline(text, style):
    """mkpdf markup -> HTML: spread runs in a letter-spaced span, bold, small, line breaks."""
    out = []
    for t, a in runs(text):
        if "br" in a:
            out.append("<br>")
            continue
        if style == "fullwidth":
            t = fullwidth_figures(t)
        s = _esc(t)
        if "spread" in a:
            s = '<span class="sp">%s</span>' % s
        if "bold" in a:
            s = "<b>%s</b>" % s
        if "small" in a:
            s = "<small>%s</small>" % s
        out.append(s)
    return "".join(out)


def _line(it, style, size):
    text = it.text
    cls = []
    bullet = text.startswith("- ") or text.startswith(" - ")
    if bullet:
        text = text.split("- ", 1)[1]
    body = inline(text, style)
    if style == "fullwidth":
        m = LABEL.match(text)
        if m:
            n = len(m.group(1))
            body = '<span class="lbl" style="width:%dem">%s</span>%s' % (
                n + 3, inline(m.group(1), style), inline(text[m.end():], style))
    if it.style in ("title", "cover"):
        tag = "h1" if it.style == "title" else "h2"
        return "<%s>%s</%s>" % (tag, body, tag), False
    if it.style == "heading":
        cls.append("hd")
    if it.style == "small":
        cls.append("sm")
    if it.align != "left":
        cls.append(it.align)
    c = ' class="%s"' % " ".join(cls) if cls else ""
    c += ' style="font-size:%gpt;margin:0 0 %gmm 0"' % (size * (0.85 if it.style == "small" else 1),
                                                       layout.GAP)
    if bullet:
        return "<li%s>%s</li>" % (c, body), True
    return "<p%s>%s</p>" % (c, body), False


def _cell_html(c, style, header):
    body = inline(c.text, style)
    cls = {"<": "l", ">": "r", "^": "c", "~": "dist", "|": "vert"}[c.align]
    if c.align == "~" and style == "writer":
        # Writer's HTML import knows no text-align-last: spaced by hand, as people do
        lines = c.text.split("\\n")
        body = "<br>".join("\u3000".join(inline(ch, style) for ch in l) for l in lines)
    if c.align == "|" and style == "writer":
        body = "<br>".join(inline(ch, style) for ch in c.text.replace("\\n", ""))
    if c.align == "~" and style == "fullwidth":
        body = '<span class="just">%s</span>' % body
    if header and style == "fullwidth" and c.align in "^<" and c.text:
        body = '<span class="just">%s</span>' % body
    return cls, body


def _table(t, style, width_mm, size):
    scale = layout.table_scale(t, width_mm)
    if style == "writer":
        scale *= 0.62  # narrower than the page: cells wrap
    cells = {(r, col): (rs, c) for r, col, rs, c in grid(t)}
    out = ['<table style="width:%.0fmm">' % (sum(t.widths) * scale)]
    out.append("<colgroup>%s</colgroup>" % "".join(
        '<col style="width:%.1fmm">' % (w * scale) for w in t.widths))
    for r in range(len(t.rows)):
        out.append("<tr>")
        for col in range(len(t.widths)):
            if (r, col) not in cells:
                continue
            rs, c = cells[(r, col)]
            cls, body = _cell_html(c, style, r < t.header_rows or (col == 0 and t.header_rows))
            attrs = ' class="%s"' % cls
            if c.span > 1:
                attrs += ' colspan="%d"' % c.span
            if rs > 1:
                attrs += ' rowspan="%d"' % rs
            attrs += ' style="font-size:%gpt"' % size
            out.append("<td%s>%s</td>" % (attrs, body))
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


def _figure_rows(lines, style, size):
    """writer: outline lines with figures as a table of name and narrow figure cells."""
    out = ['<table class="fig">', '<colgroup><col style="width:70mm"><col style="width:17mm"></colgroup>']
    for it in lines:
        m = MARKER_FIGURES.match(it.text)
        out.append('<tr><td class="l" style="font-size:%gpt">%s</td><td class="l" style="font-size:%gpt">%s</td></tr>'
                   % (size, inline(m.group("name"), style), size, inline(m.group("fig"), style)))
    out.append("</table>")
    return "\n".join(out)


def _items(items, style, width_mm, size):
    out, in_list, figs = [], False, []

    def close():
        nonlocal in_list
        if figs:
            out.append(_figure_rows(figs, style, size))
            figs.clear()
        if in_list:
            out.append("</ul>")
            in_list = False

    for it in items:
        if isinstance(it, Table):
            close()
            out.append(_table(it, style, width_mm, size))
            continue
        if style == "writer" and MARKER_FIGURES.match(it.text):
            if in_list:
                out.append("</ul>")
                in_list = False
            figs.append(it)
            continue
        if figs:
            out.append(_figure_rows(figs, style, size))
            figs.clear()
        h, is_li = _line(it, style, size)
        if is_li and not in_list:
            out.append("<ul>")
            in_list = True
        elif not is_li and in_list:
            out.append("</ul>")
            in_list = False
        out.append(h)
    close()
    return "\n".join(out)


CSS = """
@page { size: 297mm 210mm; margin: %(m)dmm; }
@page book { size: 210mm 297mm; margin: %(m)dmm; }
@page spread { size: 420mm 297mm; margin: %(m)dmm; }
body { font-family: "%(family)s"; margin: 0; }
section { break-after: page; page-break-after: always; }
section:last-child { break-after: auto; page-break-after: auto; }
section.book { page: book; }
section.spread { page: spread; }
h1 { font-size: 14pt; margin: 0 0 4mm 0; }
h2 { font-size: 20pt; text-align: center; margin: 10mm 0; }
p, li { margin: 0 0 %(gap).1fmm 0; white-space: nowrap; }
ul { margin: 0; padding-left: 1.2em; list-style-type: "%(marker)s"; }
.hd { font-weight: bold; }
.sm { font-size: 85%%; }
.center { text-align: center; }
.right { text-align: right; }
.sp { letter-spacing: 0.17em; }
table { border-collapse: collapse; margin: 1mm 0 2mm 0; table-layout: fixed; }
td { border: 0.5pt solid #000; padding: 0.6mm 1mm; vertical-align: middle; }
td.r { text-align: right; } td.c { text-align: center; } td.l { text-align: left; }
td.dist { text-align: center; letter-spacing: %(dist)s; }
td.vert { writing-mode: vertical-rl; text-align: center; }
.just { display: inline-block; width: 100%%; text-align: justify; text-align-last: justify; }
.lbl { display: inline-block; text-align: justify; text-align-last: justify; }
.cols { display: flex; gap: %(cg)dmm; }
.cols > div { flex: 1 1 0; min-width: 0; }
table.layout td { border: none; vertical-align: top; padding: 0 2mm 0 0; }
"""


def emit(doc, style):
    family = "Noto Serif CJK JP" if doc.serif else "Noto Sans CJK JP"
    marker = {"writer": "• ", "spaced": "• ", "fullwidth": "・"}[style]
    dist = "0.9em" if style == "spaced" else "0"
    css = CSS % dict(m=layout.MARGIN, family=family, gap=layout.GAP, marker=marker, dist=dist,
                     cg=layout.COLUMN_GAP)
    out = ["<!DOCTYPE html>", '<html lang="ja"><head><meta charset="utf-8">',
           "<title>%s</title>" % _esc(doc.title),
           '<meta name="generator" content="yosan producer matrix (%s)">' % style,
           "<style>%s</style></head><body>" % css]
    for n, page in enumerate(doc.pages):
        size = layout.fit(page, measure=fullwidth_figures if style == "fullwidth" else None)
        if style == "writer":
            size = max(4.5, size - 1.0)  # Writer's import sets lists and cells looser
        w, _ = PAGE_MM[page.size]
        cls = {"book": "book", "spread": "spread"}.get(page.kind, "slide")
        out.append('<section class="%s" style="font-size:%gpt">' % (cls, size))
        if style == "writer" and n:
            # Writer's import breaks pages before an element, not after a section
            out.append('<p style="page-break-before:always;margin:0;font-size:1pt"></p>')
        top = [it for it in page.items if it.col == 0]
        out.append(_items(top, style, w - 2 * layout.MARGIN, size))
        left = [it for it in page.items if it.col == 1]
        right = [it for it in page.items if it.col == 2]
        if left or right:
            cw = layout.col_width(page, 1)
            a, b = _items(left, style, cw, size), _items(right, style, cw, size)
            if style == "writer":
                out.append('<table class="layout" style="width:%dmm"><tr><td valign="top" style="width:%dmm">%s</td>'
                           '<td valign="top" style="width:%dmm">%s</td></tr></table>' % (w - 2 * layout.MARGIN, cw, a, cw, b))
            else:
                out.append('<div class="cols"><div>%s</div><div>%s</div></div>' % (a, b))
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
