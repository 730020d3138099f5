#!/usr/bin/env python3
"""Renders the C4 risk report, in English and in Korean, in headless Chromium and checks it.

Usage: report_check.py SIGHTLINE_BINARY OUTPUT_DIR

Writes OUTPUT_DIR/c4-report.html and c4-report-ko.html (sightline report --lang en|ko, few
trials), then asks Chromium for the rendered DOM and an A4-width screenshot (c4-report.png,
c4-report-ko.png, to look at; the Korean one needs fonts-noto-cjk) and a PDF print. Fails
unless: the file is self-contained (no script, no external src/href, no @import); the
rendered DOM declares its language and holds every section (by id), the inline SVG plots and
the key duration's marked row; in Korean, every heading has Korean text and no English
sentence (five or more English words ending in a full stop or colon) is left;
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

SECTIONS = ["story", "summary", "key", "curves", "door", "tactics", "assumed", "computed"]

def visible_text(dom):
    body = re.sub(r"(?s)<(style|svg)\b.*?</\1>", " ", dom)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))

def english_sentences(text):
    """Runs of five or more English words ending a sentence: what an untranslated string looks like."""
    return re.findall(r"\b[A-Za-z][a-z']*(?:,? [a-z][a-z'-]*){4,}[.:]", text)

def render(binary, chromium, out, lang):
    suffix = "" if lang == "en" else "-" + lang
    html = os.path.join(out, f"c4-report{suffix}.html")
    subprocess.run([binary, "report", "Signals/scenes/c4-railway-station-risk.yaml", "--trials", "400",
                    "--durations", "30s,1m,2m,3m,4m,5m,6m,7m,8m,10m,15m", "--lang", lang, "-o", html],
                   check=True, stdout=subprocess.DEVNULL)
    text = open(html, encoding="utf-8").read()
    assert "<script" not in text.lower(), "the report must not need scripts"
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', text), "the report must not fetch anything"
    assert "@import" not in text, "the report must not import stylesheets"
    common = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
    url = "file://" + os.path.abspath(html)
    dom = subprocess.run(common + ["--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
    assert f'lang="{lang}"' in dom, f"the {lang} report does not declare lang={lang}"
    for section in SECTIONS:
        assert f'id="{section}"' in dom, f"rendered {lang} DOM lacks the section {section!r}"
    for needle in ["<svg", 'class="mark"']:
        assert needle in dom, f"rendered {lang} DOM lacks {needle!r}"
    assert dom.count("<svg") >= 3, "expected the curve plot and the tactic plots"
    headings = re.findall(r"(?s)<h[12][^>]*>(.*?)</h[12]>", dom)
    if lang == "ko":
        hangul = re.compile(r"[\uac00-\ud7a3]")
        untranslated = [h for h in headings if not hangul.search(h)]
        assert not untranslated, f"Korean report headings without Korean: {untranslated}"
        english = english_sentences(visible_text(dom))
        assert not english, f"Korean report holds English sentences: {english[:3]}"
    png = os.path.join(out, f"c4-report{suffix}.png")
    subprocess.run(common + [f"--screenshot={png}", "--window-size=900,2600", url], capture_output=True, timeout=120, check=True)
    width, height, colours = png_size_and_colours(png)
    assert (width, height) == (900, 2600), f"screenshot is {width}×{height}"
    assert colours >= 12, f"screenshot has only {colours} colours: blank or unstyled"
    pdf = os.path.join(out, f"c4-report{suffix}.pdf")
    subprocess.run(common + [f"--print-to-pdf={pdf}", "--no-pdf-header-footer", url], capture_output=True, timeout=120, check=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", open(pdf, "rb").read()))
    assert pages >= 2, f"the PDF print has {pages} page(s)"
    print(f"{lang} report renders in {chromium}: {len(SECTIONS)} sections and {dom.count('<svg')} plots present, "
          f"screenshot {png} ({width}×{height}, {colours} colours sampled), PDF {pages} pages")

def main():
    binary, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    chromium = next((c for c in ("chromium", "chromium-browser", "google-chrome") if subprocess.run(["which", c], capture_output=True).returncode == 0), None)
    assert chromium, "headless Chromium is needed (Debian: apt-get install chromium)"
    for lang in ("en", "ko"):
        render(binary, chromium, out, lang)

if __name__ == "__main__":
    main()
