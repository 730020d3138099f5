#!/usr/bin/env python3
"""Renders the C4 risk report in headless Chromium and checks it.

Usage: report_check.py SIGHTLINE_BINARY OUTPUT_DIR

Writes OUTPUT_DIR/c4-report.html (sightline report, few trials), then asks Chromium for the
rendered DOM and an A4-width screenshot (OUTPUT_DIR/c4-report.png, to look at) and a PDF
print. Fails unless: the file is self-contained (no script, no external src/href, no
@import); the rendered DOM holds every section, the inline SVG plots and the 8-minute row;
the screenshot is a real picture (a PNG of the asked size with enough distinct colours to be
text and plots, not a blank page); and the PDF print has at least two pages.
"""
import os, re, struct, subprocess, sys, zlib

def png_size_and_colours(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width, height, colour_type = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    channels = {2: 3, 6: 4}.get(colour_type, 3)
    stride = width * channels + 1
    colours = set()
    for y in range(0, height, max(1, height // 200)):
        row = raw[y * stride + 1:(y + 1) * stride]
        for x in range(0, width * channels, channels * 7):
            colours.add(bytes(row[x:x + 3]))
    return width, height, len(colours)

def main():
    binary, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    html = os.path.join(out, "c4-report.html")
    subprocess.run([binary, "report", "Signals/scenes/c4-railway-station-risk.yaml", "--trials", "400",
                    "--durations", "30s,1m,2m,3m,4m,5m,6m,7m,8m,10m,15m", "-o", html], check=True, stdout=subprocess.DEVNULL)
    text = open(html, encoding="utf-8").read()
    assert "<script" not in text.lower(), "the report must not need scripts"
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', text), "the report must not fetch anything"
    assert "@import" not in text, "the report must not import stylesheets"
    chromium = next((c for c in ("chromium", "chromium-browser", "google-chrome") if subprocess.run(["which", c], capture_output=True).returncode == 0), None)
    assert chromium, "headless Chromium is needed (Debian: apt-get install chromium)"
    common = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
    url = "file://" + os.path.abspath(html)
    dom = subprocess.run(common + ["--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
    for needle in ["What the numbers say", "How the odds grow", "What each precaution changes", "What was assumed",
                   "How this was computed", "<svg", 'class="mark"', "8 minutes"]:
        assert needle in dom, f"rendered DOM lacks {needle!r}"
    assert dom.count("<svg") >= 3, "expected the curve plot and the tactic plots"
    png = os.path.join(out, "c4-report.png")
    subprocess.run(common + [f"--screenshot={png}", "--window-size=900,2600", url], capture_output=True, timeout=120, check=True)
    width, height, colours = png_size_and_colours(png)
    assert (width, height) == (900, 2600), f"screenshot is {width}×{height}"
    assert colours >= 12, f"screenshot has only {colours} colours: blank or unstyled"
    pdf = os.path.join(out, "c4-report.pdf")
    subprocess.run(common + [f"--print-to-pdf={pdf}", "--no-pdf-header-footer", url], capture_output=True, timeout=120, check=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", open(pdf, "rb").read()))
    assert pages >= 2, f"the PDF print has {pages} page(s)"
    print(f"report renders in {chromium}: DOM sections and {dom.count('<svg')} plots present, screenshot {png} "
          f"({width}×{height}, {colours} colours sampled), PDF {pages} pages")

if __name__ == "__main__":
    main()
