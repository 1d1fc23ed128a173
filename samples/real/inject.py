#!/usr/bin/env python3
"""Writes a copy of a real PDF with one printed figure changed, for error-injection tests.

usage: samples/real/inject.py IN.pdf OUT.pdf PAGE OLD NEW [NTH]

OLD and NEW are the figure as printed (`362,800`, `8,145,000`) and must have the same number of
characters, digit for digit (a digit changed, the commas where they were). The PDF's text is
drawn with fonts whose codes its ToUnicode maps give; the copy is made in qpdf's QDF form (plain
content streams), the text-showing strings on page PAGE are read through those maps, and in the
NTH (1-based, default 1) string that spells OLD each changed digit's code is replaced by the code
the same font gives NEW's digit. `fix-qdf` then mends the stream lengths and qpdf writes the
result. Needs qpdf (Debian package qpdf). The change is to the glyphs drawn: the page shows NEW.
"""
import re
import subprocess
import sys
import tempfile


def cmap_of(text):
    """code (int) → unicode string, from a ToUnicode CMap's bfchar and bfrange entries."""
    m = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            m[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            base = int(dst, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                m[code] = chr(base + i)
    return m


def objects(pdf):
    """object number → (start, end) of its body in the QDF text."""
    return {int(n): (a.end(), pdf.index("endobj", a.end()))
            for a in re.finditer(r"^(\d+) 0 obj\n", pdf, re.M) for n in [a.group(1)]}


def literal_bytes(lit):
    """The bytes of a PDF literal string's body (escapes read)."""
    out, i = bytearray(), 0
    while i < len(lit):
        ch = lit[i]
        if ch != "\\":
            out.append(ord(ch))
            i += 1
            continue
        nxt = lit[i + 1]
        if nxt in "01234567":
            m = re.match(r"[0-7]{1,3}", lit[i + 1:])
            out.append(int(m.group(0), 8) & 0xFF)
            i += 1 + len(m.group(0))
        else:
            out.append({"n": 10, "r": 13, "t": 9, "b": 8, "f": 12}.get(nxt, ord(nxt)))
            i += 2
    return bytes(out)


STRING = r"<[0-9a-fA-F]*>|\((?:\\.|[^\\)])*\)"


def replace_in_stream(s, fonts, old, new, nth):
    """S with the NTH spelling of OLD in a text object (BT … ET: its strings read in order, through
    the fonts set in it) changed to NEW; returns (s, (how many spelled OLD, whether one was
    changed)). A figure may be drawn by several strings of one object."""
    seen = 0
    font = None
    for bt in re.finditer(r"\bBT\b(.*?)\bET\b", s, re.S):
        block, base = bt.group(1), bt.start(1)
        # every string, with the font in force and the place of each code
        strings, codes, where = [], [], []
        for tok in re.finditer(r"/(\S+)\s+[\d.]+\s+Tf|" + STRING, block):
            if tok.group(1):
                font = tok.group(1)
                continue
            t = tok.group(0)
            raw = bytes.fromhex(t[1:-1]) if t[0] == "<" else literal_bytes(t[1:-1])
            k = len(strings)
            strings.append([tok.start(), tok.end(), font, []])
            for i in range(0, len(raw) - 1, 2):
                code = raw[i] << 8 | raw[i + 1]
                strings[k][3].append(code)
                codes.append((fonts.get(font, {}).get(code, "\0")))
                where.append((k, len(strings[k][3]) - 1))
        text = "".join(codes)
        at = -1
        while True:
            at = text.find(old, at + 1)
            if at < 0:
                break
            seen += 1
            if seen == nth:
                break
        if at < 0:
            continue
        for i, (a, b) in enumerate(zip(old, new)):
            if a == b:
                continue
            k, j = where[at + i]
            cmap = fonts.get(strings[k][2], {})
            rev = {v: c for c, v in cmap.items()}
            if b not in rev:
                sys.exit(f"inject: the font has no code for {b!r}")
            strings[k][3][j] = rev[b]
        out, last = [], 0
        for st, en, _, cs in strings:
            out.append(block[last:st] + "<" + "".join(f"{c:04x}" for c in cs) + ">")
            last = en
        out.append(block[last:])
        return s[:base] + "".join(out) + s[base + len(block):], (seen, True)
    return s, (seen, False)


def main():
    if len(sys.argv) not in (6, 7):
        sys.exit(__doc__)
    src, dst, page, old, new = sys.argv[1:6]
    nth = int(sys.argv[6]) if len(sys.argv) == 7 else 1
    if len(old) != len(new):
        sys.exit("inject: OLD and NEW must have as many characters")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as qdf, \
            tempfile.NamedTemporaryFile(suffix=".pdf") as fixed:
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", src, qdf.name], check=True)
        pdf = open(qdf.name, "rb").read().decode("latin-1")
        objs = objects(pdf)
        body = lambda n: pdf[objs[n][0]:objs[n][1]]
        # the page's content streams and fonts, in the QDF's "%% Page N" order
        pages = [int(n) for n in re.findall(r"%% Page \d+\n%% Original object ID: \d+ \d+\n(\d+) 0 obj", pdf)]
        pobj = body(pages[int(page) - 1])
        contents = [int(n) for n in re.findall(r"(\d+) 0 R", re.search(r"/Contents\s*(\[[^\]]*\]|\d+ 0 R)", pobj).group(1))]
        fonts = {}
        res = re.search(r"/Resources\s*(\d+) 0 R", pobj)
        resbody = body(int(res.group(1))) if res else pobj
        fdict = re.search(r"/Font\s*(<<.*?>>|\d+ 0 R)", resbody, re.S).group(1)
        if fdict.endswith("R"):
            fdict = body(int(fdict.split()[0]))
        for name, num in re.findall(r"/(\S+?)\s+(\d+) 0 R", fdict):
            tu = re.search(r"/ToUnicode\s+(\d+) 0 R", body(int(num)))
            if tu:
                fonts[name] = cmap_of(body(int(tu.group(1))))
        seen = 0
        for c in contents:
            start, end = objs[c]
            stream_at = pdf.index("stream\n", start) + len("stream\n")
            stream_end = pdf.index("endstream", stream_at)
            s, changed = replace_in_stream(pdf[stream_at:stream_end], fonts, old, new, nth - seen)
            seen += changed[0]
            if changed[1]:
                pdf = pdf[:stream_at] + s + pdf[stream_end:]
                break
        if seen < nth:
            sys.exit(f"inject: {old} is not printed {nth} time(s) as one string on page {page}")
        open(qdf.name, "wb").write(pdf.encode("latin-1"))
        subprocess.run(["fix-qdf", qdf.name], stdout=open(fixed.name, "wb"), check=True)
        subprocess.run(["qpdf", "--deterministic-id", fixed.name, dst], check=True)


if __name__ == "__main__":
    main()
