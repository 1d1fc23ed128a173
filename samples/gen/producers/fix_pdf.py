#!/usr/bin/env python3
"""Makes a producer's PDF reproducible: fixed /CreationDate and /ModDate, a /ID computed from the
content, streams recompressed the same way every time (qpdf).

    fix_pdf.py IN.pdf OUT.pdf DATE        DATE as D:YYYYMMDDHHmmSS

LibreOffice and Chromium stamp the time of the run into the document information dictionary
(LibreOffice also a /DocChecksum), and every producer writes an /ID of its own; everything else
they write is the same from one run to the next (checked by regenerating twice).
The PDF is opened in qpdf's QDF form (uncompressed, one object per line range), the dates are
replaced, fix-qdf repairs the lengths and cross-reference table, and qpdf writes it back with a
deterministic /ID.
"""
import os
import re
import subprocess
import sys
import tempfile


def main(src, dst, date):
    with tempfile.TemporaryDirectory() as tmp:
        qdf = os.path.join(tmp, "a.qdf")
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", src, qdf], check=True)
        with open(qdf, "rb") as fh:
            data = fh.read()
        stamp = ("(%s)" % date).encode()
        data, n = re.subn(rb"/(CreationDate|ModDate) *\([^)]*\)",
                          lambda m: b"/" + m.group(1) + b" " + stamp, data)
        if n == 0:
            raise SystemExit("fix_pdf.py: %s has no dates to fix" % src)
        # LibreOffice's /DocChecksum changes from run to run too
        data = re.sub(rb"/DocChecksum */[0-9A-Fa-f]+", b"/DocChecksum /" + b"0" * 32, data)
        # the producer's own /ID (cairo's, Skia's and LibreOffice's change from run to run)
        # would be hashed into the deterministic one: a fixed placeholder first
        data = re.sub(rb"/ID *\[ *<[0-9A-Fa-f]*> *<[0-9A-Fa-f]*> *\]",
                      b"/ID [<" + b"0" * 32 + b"><" + b"0" * 32 + b">]", data)
        fixed = os.path.join(tmp, "b.qdf")
        with open(fixed, "wb") as fh:
            fh.write(subprocess.run(["fix-qdf"], input=data, check=True,
                                    stdout=subprocess.PIPE).stdout)
        subprocess.run(["qpdf", "--deterministic-id", "--object-streams=generate",
                        "--compress-streams=y", "--recompress-flate", "--compression-level=9",
                        fixed, dst], check=True)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit("usage: fix_pdf.py IN.pdf OUT.pdf D:YYYYMMDDHHmmSS")
    main(*sys.argv[1:])
