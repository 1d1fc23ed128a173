"""The city 予算書 as the producer matrix typesets it: read from samples/src/city-yosansho-r8.page
(written, and its figures checked, by samples/gen/city-yosansho-r8.py).

The matrix's reference for this document is `yosan records samples/city-yosansho-r8.pdf`, the
pangocairo sample made from that page description; so the other producers are fed the same
description: its texts become lines in the order of their height on the page (the page number
`- 5 -` last), its tables stay tables with the same cells (spans, `=` continuations, `~`
distributed headers, `|` vertical 款 labels). The A3 sheet of two facing pages becomes a page of
two columns: the left page (x < 210 mm) and the right page.
"""
from model import Line, Table, Page, Document, apply_subst


def _num(tok):
    return float(tok)


def load(page_path, substs=()):
    with open(page_path, encoding="utf-8") as fh:
        src = fh.read()
    for s in substs:
        src = apply_subst(src, s)
    pages, cur, seq = [], None, 0
    font_bold, font_size = False, 9.0
    flow_y = 0.0
    table = None
    for raw in src.split("\n"):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cmd, _, rest = line.partition(" ")
        seq += 1
        if cmd == "page":
            cur = dict(size=rest.strip(), items=[])
            pages.append(cur)
        elif cmd == "font":
            fam, size = rest.split()
            font_bold, font_size = "bold" in fam, float(size)
        elif cmd in ("text", "rtext", "ctext"):
            x, y, text = rest.split(" ", 2)
            align = {"text": "left", "rtext": "right", "ctext": "center"}[cmd]
            _add(cur, float(y), seq, float(x), Line(text, _style(font_bold, font_size), align))
        elif cmd == "para":
            x, y, _w, text = rest.split(" ", 3)
            flow_y, flow_x = float(y), float(x)
            _add(cur, flow_y, seq, flow_x, Line(text, _style(font_bold, font_size)))
        elif cmd == "p":
            flow_y += 0.01  # keeps the flow's order, stays above what is drawn below it
            _add(cur, flow_y, seq, flow_x, Line(rest, _style(font_bold, font_size)))
        elif cmd == "table":
            t = rest.split()
            table = dict(x=float(t[0]), y=float(t[1]), widths=[float(w) for w in t[2:]], rows=[])
        elif cmd == "tr":
            h, _, cells = rest.partition(" ")
            table["rows"].append((None, [c.strip() for c in cells.split(" | ")]))
        elif cmd == "endtable":
            header = sum(1 for _, cells in table["rows"][:3]
                         if any("千円" in c or c.startswith("~") or c.startswith("^") for c in cells))
            _add(cur, table["y"], seq, table["x"],
                 Table(table["widths"], table["rows"], header_rows=header, font="serif"))
            table = None
        # meta, linespacing, gap, hang, lw, pad, color, line: layout only
    out = []
    for p in pages:
        two = p["size"] == "A3L"
        items = []
        for y, s, x, it in sorted(p["items"], key=lambda e: (e[0], e[1])):
            it.col = (1 if x < 210 else 2) if two else 0
            if hasattr(it, "font"):
                it.font = "serif"
            items.append(it)
        if two:
            # each facing page in its own column, read top to bottom
            items = [it for it in items if it.col == 1] + [it for it in items if it.col == 2]
        out.append(Page("A4L" if two else "A4P", items, kind="spread" if two else "book"))
        if two:
            out[-1].size = "A3L"
    return Document("city-yosansho-r8", "令和8年度 架空市一般会計予算書（抜粋）",
                    "2026-02-20T00:00:00", out, serif=True)


def _style(bold, size):
    if bold and size >= 13:
        return "title"
    if bold:
        return "heading"
    return "small" if size < 8.5 else "body"


def _add(page, y, seq, x, item):
    page["items"].append((y, seq, x, item))
