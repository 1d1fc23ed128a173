"""The reference document, as the producer matrix typesets it: samples/mext-lifescience-r8.txt.

The matrix's records must equal `yosan records samples/mext-lifescience-r8.txt` (the lead's
decision), so every rendition carries the reference text itself, line for line, in its order:
each non-blank line of the text is one printed line. What this file adds is layout only:

- PAGES: where each slide of the real deck starts (a line number of the text), which slides have
  two columns and where the right column starts, and which are flowed over several pages (the
  成長戦略 tables, which hold no figure). Pages break after a （担当：…） footer or at a title, so
  a page start (which starts a section for yosan) falls where the text starts one anyway.
- SPREAD: the lines whose figures the real PDF spreads by character spacing, which the text
  prints as `3 5 5 億円`: here in mkpdf markup (`[[355]]億円`), so each producer spreads them its
  own way (or, the plain-text producer, prints the text's spaces).
- TABLE_P3: the 対前年度 table, with its merged header cells and its two-line cells.
- Tab-separated lines elsewhere are table rows; the markdown table of 成長戦略 (`| ① … | ⑩ … |`)
  is printed as its cells' lines, one after the other (it has no figure).
- A prose line too wide for its column is shortened (`…`); a line with a figure never is, but a
  long one is cut after the sentence that holds its last figure.
- `**…**` (the converter's bold) stays bold; `- ` list items stay list items (see the writers).
"""
import re

from model import Line, Table, Page, Document, apply_subst, line_units

# (first line, options): title = the first line is the slide title; cols = the line where the
# right-hand column starts (the left one starts at `left`); flow = split into pages freely.
PAGES = [
    (1, dict(kind="cover")),
    (8, dict(title=True, left=27, cols=59)),
    (99, dict(title=True)),
    (110, dict()),
    (147, dict(title=True, flow=True)),
    (318, dict(kind="cover")),
    (320, dict(title=True)),
    (400, dict(title=True)),
    (439, dict()),
    (477, dict(title=True)),
    (563, dict()),
    (600, dict()),
    (635, dict()),
    (731, dict(title=True)),
    (797, dict(title=True)),
    (864, dict()),
    (974, dict(title=True)),
    (1046, dict()),
    (1124, dict()),
    (1139, dict(left=1139, cols=1158)),
    (1202, dict(title=True)),
    (1281, dict()),
]

SPREAD = {
    112: "1. 医薬品プロジェクト [[355]]億円 < [[AMED]] [[308]]億円、インハウス [[46]]億円 >",
    116: "2. 医療機器・ヘルスケアプロジェクト [[88]]億円 < [[AMED]] >",
    120: "3. 再生・細胞医療・遺伝子治療プロジェクト [[196]]億円 < [[AMED]] >",
    124: "4. 感染症プロジェクト [[78]]億円 < [[AMED]] >",
    128: "5. データ利活用・ライフコースプロジェクト [[218]]億円 < [[AMED]] [[200]]億円、インハウス [[18]]億円 >",
    132: "6. シーズ開発・基礎研究プロジェクト [[214]]億円 < [[AMED]] >",
    136: "7. 橋渡し・臨床加速化プロジェクト [[85]]億円 < [[AMED]] >",
    141: "8. イノベーション・エコシステムプロジェクト【基金事業】< [[AMED]] >",
}
# line 145 keeps its text but spreads its two figures
SPREAD_SUB = {145: [("6 9 億円", "[[69]]億円"), ("7 7 7 億円", "[[777]]億円")]}

# the 対前年度 table (lines 101-104 of the text), mkpdf cell syntax; widths in mm on A4L
TABLE_P3 = (101, 104, [46, 52, 52, 28, 28, 46], [
    (2, ['""', "^[[8]]年度予算（案）", "^[[7]]年度予算\\n（当初）", "@2^対前年度", "^[[7]]年度予算\\n（補正）"]),
    (1, ["=", "=", "=", "^増▲減額", "^増▲減率", "="]),
    (3, ["^日本医療研究開発機構\\n（AMED）対象経費",
         "^1[[,238]]億円\\n{{（こ7,総3,文583,厚481,経166）}}",
         "^1[[,232]]億円\\n{{（こ6,総3,文583,厚479,経161）}}",
         "^[[+]][[6]]億円", "^[[+]]0.[[5]]%", "^[[404]]億円\\n{{（内120,文175,厚110）}}"]),
    (3, ["^インハウス研究\\n機関経費",
         "^[[841]]億円\\n{{（こ0,文251,厚504,経86）}}",
         "^[[813]]億円\\n{{（こ0,文251,厚500,経61）}}",
         "^[[+]][[28]]億円", "^[[+]]3.[[5]]%", "^[[334]]億円\\n{{（厚334）}}"]),
], 2)

FIGURE = re.compile(r"[0-9０-９]\s*(?:億|万|千|百万|円|%|％|兆|USドル|米ドル)")
FULL_WIDTH_UNITS = 118   # the widest line a full page takes (in em, see model.width_units)
COLUMN_UNITS = 64        # in a column of a two-column page
FLOW_LINES = 44          # lines per page where a page may be split anywhere


def _markdown_cells(text):
    """`| ① AI・半導体` / `・有識者9名 | ⑩ 防災…` / `… |` -> the cells' lines, in order."""
    if text.startswith("- |") or text.startswith("|--"):
        return []
    t = text
    if t.startswith("| "):
        t = t[2:]
    if t.endswith(" |"):
        t = t[:-2]
    elif t == "|":
        t = ""
    return [c for c in (p.strip() for p in t.split(" | ")) if c]


def _shorten(text, units):
    """text as printed lines no wider than units: itself; a line with a figure cut after the
    sentence (or 【…】) that holds its last figure; if that is still too wide, its sentences on
    lines of their own (line 641, whose figures are not amounts); prose cut short with '…'."""
    if line_units(text) <= units:
        return [text]
    figs = list(FIGURE.finditer(text))
    if figs:
        ends = [e for e in (text.find(c, figs[-1].end()) for c in "。】") if e >= 0]
        cut = text[: min(ends) + 1] if ends else text
        if cut != text and not cut.endswith("。"):
            cut += "…"
        if line_units(cut) <= units:
            return [cut]
        parts = [p for p in re.split(r"(?<=。)", text) if p]
        if all(line_units(p) <= units for p in parts):
            return parts
        raise SystemExit("mext.py: a line with a figure is too wide: %s" % text)
    out = ""
    for c in text:
        if line_units(out + c + "…") > units:
            break
        out += c
    if out.count("**") % 2:
        out += "**"
    return [out + "…"]


def source_lines(txt_path):
    """The text's lines with the layout markup applied: [(line number, text)]."""
    with open(txt_path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    out = []
    for n, t in enumerate(lines, 1):
        t = SPREAD.get(n, t)
        for a, b in SPREAD_SUB.get(n, []):
            assert a in t, (n, a)
            t = t.replace(a, b)
        if t.count("**") % 2:
            # the converter's bold began on a line before (`- プロジェクト型**：…`), or the
            # `**` is the text's own footnote mark (`**：全国各地の…`, printed ＊＊)
            t = t.replace("**", "＊＊", 1) if t.startswith("**") else t.replace("**", "", 1)
        out.append((n, t))
    return out


def load(txt_path, substs=()):
    numbered = source_lines(txt_path)
    t_first, t_last, widths, rows, header = TABLE_P3
    # substitutions act on the marked-up text, one line per text line, and the table's rows
    text = "\n".join(t for n, t in numbered) + "\n" + "\n".join(" | ".join(c) for _, c in rows)
    for s in substs:
        text = apply_subst(text, s)
    changed = text.split("\n")
    assert len(changed) == len(numbered) + len(rows), "a substitution must not add or remove lines"
    by_no = {n: t for (n, _), t in zip(numbered, changed)}
    rows = [(h, t.split(" | ")) for (h, _), t in zip(rows, changed[len(numbered):])]
    last = len(numbered)

    pages = []
    starts = [p[0] for p in PAGES] + [last + 1]
    for (first, opt), nxt in zip(PAGES, starts[1:]):
        items, pending_tab = [], []
        cols = opt.get("cols")

        def flush_tab():
            if pending_tab:
                ncol = max(len(r) for _, r in pending_tab)
                rws = [(1, ["<" + (c if c else '""') for c in r] + ['""'] * (ncol - len(r)))
                       for _, r in pending_tab]
                items.append(Table([40] + [200] * (ncol - 1), rws, col=pending_tab[0][0]))
                pending_tab.clear()

        def region(n):
            if not cols:
                return 0
            return 0 if n < opt.get("left", first) else (1 if n < cols else 2)

        for n in range(first, nxt):
            t = by_no[n]
            if t_first <= n <= t_last:
                if n == t_first:
                    items.append(Table(widths, rows, header_rows=header))
                continue
            if not t.strip():
                continue
            if "\t" in t:
                pending_tab.append((region(n), t.split("\t")))
                continue
            flush_tab()
            w = COLUMN_UNITS if region(n) else FULL_WIDTH_UNITS
            parts = [t]
            if opt.get("flow") and (t.startswith("|") or " | " in t):
                parts = _markdown_cells(t)
            for p in parts:
                style = "title" if (opt.get("title") and n == first) else "body"
                if opt.get("kind") == "cover":
                    style = "cover"
                for q in _shorten(p, w):
                    items.append(Line(q, style=style, col=region(n)))
        flush_tab()
        if opt.get("flow"):
            title = [it for it in items if isinstance(it, Line) and it.style == "title"]
            body = [it for it in items if it not in title]
            for k in range(0, len(body), FLOW_LINES):
                pages.append(Page("A4L", (title if k == 0 else []) + body[k:k + FLOW_LINES]))
        else:
            pages.append(Page("A4L", items, kind=opt.get("kind", "slide")))
    title = "ライフサイエンス分野における令和7年度補正予算及び令和8年度当初予算（案）の内容について"
    return Document("mext-lifescience-r8", title, "2026-01-16T00:00:00", pages)

