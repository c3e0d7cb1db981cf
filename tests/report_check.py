#!/usr/bin/env python3
"""Checks eval's HTML report as a browser rendered it (tests/report_test.sh), with Python's
standard library only.

  report_check.py dom DOM JSON [SECTION...]  the DOM Chromium dumped (--dump-dom): every
      SECTION present, the heatmap cells' counts adding up to the tokens the page and the
      report's JSON state, the figures drawn as SVG
  report_check.py png PNG WIDTH HEIGHT       Chromium's screenshot: a PNG of that size that is
      not blank, and that shows the heatmap's and the bars' colours

Prints what it found; exits 1 with a reason on stderr when a check fails.
"""
import json
import struct
import sys
import zlib
from html.parser import HTMLParser


def fail(message):
    print(f"report_check: {message}", file=sys.stderr)
    sys.exit(1)


class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sections, self.cell_counts, self.svgs, self.tokens, self.scripts = [], [], 0, None, 0
        self.external = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self.sections.append(a.get("id"))
        if tag == "svg":
            self.svgs += 1
        if tag == "script":
            self.scripts += 1
        if tag == "g" and "cell" in (a.get("class") or "").split():
            self.cell_counts.append(int(a["data-count"]))
        if "data-tokens" in a:
            self.tokens = int(a["data-tokens"])
        for name in ("src", "href"):
            if name in a:
                self.external.append(f"{tag} {name}={a[name]}")


def check_dom(dom_path, json_path, sections):
    dom = Dom()
    with open(dom_path, encoding="utf-8") as f:
        dom.feed(f.read())
    with open(json_path, encoding="utf-8") as f:
        report = json.load(f)
    missing = [s for s in sections if s not in dom.sections]
    if missing:
        fail(f"sections missing from the rendered page: {missing} (found {dom.sections})")
    models = len(report["models"])
    if dom.svgs < 3 * models:
        fail(f"{dom.svgs} SVG figures rendered, expected at least {3 * models}")
    if dom.scripts or dom.external:
        fail(f"the page has scripts ({dom.scripts}) or links ({dom.external})")
    if dom.tokens != report["tokens"]:
        fail(f"the page states {dom.tokens} tokens, the report's JSON {report['tokens']}")
    # Each model's heatmap holds every token once.
    if sum(dom.cell_counts) != models * report["tokens"]:
        fail(f"the heatmap cells add up to {sum(dom.cell_counts)}, expected {models} x {report['tokens']} tokens")
    print(f"dom: sections {dom.sections}; {dom.svgs} SVG figures; {len(dom.cell_counts)} heatmap cells adding up "
          f"to {sum(dom.cell_counts)} = {models} x {report['tokens']} tokens")


def png_pixels(path):
    """The RGB(A) rows of an 8-bit, non-interlaced truecolour PNG, as Chromium writes them."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path} is not a PNG")
    at, idat, header = 8, b"", None
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        fail(f"{path}: unexpected PNG format (depth {depth}, colour type {colour}, interlace {interlace})")
    step = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * step
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up, corner = previous[i], previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(line)
        previous = line
    return width, height, step, rows


def check_png(path, width, height):
    w, h, step, rows = png_pixels(path)
    if (w, h) != (width, height):
        fail(f"the screenshot is {w}x{h}, expected {width}x{height}")
    colours = {}
    for row in rows:
        for i in range(0, len(row), step):
            rgb = bytes(row[i:i + 3])
            colours[rgb] = colours.get(rgb, 0) + 1
    if len(colours) < 16:
        fail(f"the screenshot has {len(colours)} colours: blank or not rendered")
    # The bars' precision blue and the diagonal cells' dark blue: the figures were drawn.
    wanted = {"precision bars #4e79a7": bytes.fromhex("4e79a7"), "recall bars #f28e2b": bytes.fromhex("f28e2b")}
    for name, rgb in wanted.items():
        if colours.get(rgb, 0) < 50:
            fail(f"the screenshot shows too little of the {name} ({colours.get(rgb, 0)} pixels)")
    white = colours.get(b"\xff\xff\xff", 0)
    print(f"png: {w}x{h}, {len(colours)} colours, {white} white pixels of {w * h}, "
          + ", ".join(f"{n}: {colours.get(c, 0)} pixels" for n, c in wanted.items()))


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "dom":
        check_dom(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif len(sys.argv) == 5 and sys.argv[1] == "png":
        check_png(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        fail(__doc__)
