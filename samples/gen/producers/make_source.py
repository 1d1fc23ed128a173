#!/usr/bin/env python3
"""Writes one producer's source for one document of the producer matrix.

    make_source.py DOC PRODUCER OUT [-s SUBST]...

DOC is mext-lifescience-r8 (read from samples/mext-lifescience-r8.txt, see mext.py) or
city-yosansho-r8 (read from samples/src/city-yosansho-r8.page, see city.py); PRODUCER one of
PRODUCERS below. Each -s SUBST file (FIND => REPLACE, FIND exactly once) is applied to the text
the document is read from, before it is laid out: that is how the error-injected copies are made.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

import city  # noqa: E402
import emit_fodp  # noqa: E402
import emit_html  # noqa: E402
import emit_page  # noqa: E402
import emit_text  # noqa: E402
import mext  # noqa: E402
import model  # noqa: E402

PRODUCERS = {
    "pangocairo": emit_page.emit,
    "writer-text": emit_text.emit,
    "writer-html": lambda d: emit_html.emit(d, "writer"),
    "chromium-spaced": lambda d: emit_html.emit(d, "spaced"),
    "chromium-fullwidth": lambda d: emit_html.emit(d, "fullwidth"),
    "impress": emit_fodp.emit,
}


def load(doc, substs):
    if doc == "mext-lifescience-r8":
        return mext.load(os.path.join(SAMPLES, "mext-lifescience-r8.txt"), substs)
    if doc == "city-yosansho-r8":
        return city.load(os.path.join(SAMPLES, "src", "city-yosansho-r8.page"), substs)
    raise SystemExit("make_source.py: unknown document %s" % doc)


def main(argv):
    substs, args = [], []
    i = 0
    while i < len(argv):
        if argv[i] == "-s" and i + 1 < len(argv):
            substs.append(argv[i + 1])
            i += 2
        else:
            args.append(argv[i])
            i += 1
    if len(args) != 3 or args[1] not in PRODUCERS:
        raise SystemExit("usage: make_source.py DOC {%s} OUT [-s SUBST]..." % ",".join(PRODUCERS))
    doc, producer, out = args
    if doc == "city-yosansho-r8" and producer == "pangocairo":
        # the reference sample's own page description (the matrix's reference is its PDF)
        with open(os.path.join(SAMPLES, "src", "city-yosansho-r8.page"), encoding="utf-8") as fh:
            text = fh.read()
        for s in substs:
            text = model.apply_subst(text, s)
    else:
        text = PRODUCERS[producer](load(doc, substs))
    with open(out, "w", encoding="utf-8") as fh:
        fh.write(text)


if __name__ == "__main__":
    main(sys.argv[1:])
