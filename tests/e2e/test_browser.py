#!/usr/bin/env python3
"""Renders report.html in a real browser (Debian's headless chromium) and checks that it shows.

Usage: test_browser.py REPORT_HTML | SONDE_BINARY [--keep DIR]
  REPORT_HTML   a report.html to check;
  SONDE_BINARY  sonde: `sonde run --sim` on a tiny suite writes a run's report.html, and
                `sonde report DIR --format html` on a fixture sweep.json writes a sweep's
                report.html (charts per axis, heatmaps); both are checked.
  --keep DIR    copy the screenshots there (to look at them).

Checks, each of which fails the test with a message:
  1. statically: every <svg> has a viewBox of non-zero size and a width attribute; the page has
     no <script>, <link>, external src/href, @import or url() (it must be self-contained);
  2. layout: a copy of the page with a probe script appended (the report itself has none) is
     dumped with --dump-dom; every <svg> has a non-zero rendered width and height;
  3. pixels: a full-page --screenshot is not blank (many distinct colours) and shows the chart
     series colours (first two palette colours) in quantity;
  4. no network: the same screenshot with every host unresolvable and a dead proxy shows the same
     chart pixels, so nothing the page needs comes from outside.
Exits 77 (skipped) when chromium is not installed.
"""
import html.parser
import json
import os
import pathlib
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

from e2e_common import fail

SKIP = 77
CHART_COLORS = {"#0072B2": (0x00, 0x72, 0xB2), "#E69F00": (0xE6, 0x9F, 0x00)}
WIDTH = 1280        # CSS px of the browser window
SCALE = 0.5         # device scale factor: a quarter of the pixels to decode in pure Python


def find_chromium():
    for name in (os.environ.get("CHROMIUM", ""), "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


# ---------------------------------------------------------------- 1. static checks

class PageScan(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.svgs = []       # attribute dicts of every <svg>
        self.problems = []   # external references

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            self.svgs.append(a)
        if tag in ("script", "link", "iframe", "img", "object", "embed"):
            self.problems.append(f"<{tag}>")
        for key in ("src", "href", "xlink:href"):
            if key in a and not (a[key] or "").startswith("#"):
                self.problems.append(f'<{tag} {key}="{a[key]}">')


def static_checks(text):
    scan = PageScan()
    scan.feed(text)
    if not scan.svgs:
        fail("the page has no <svg> chart")
    for i, a in enumerate(scan.svgs):
        box = (a.get("viewbox") or "").split()
        if len(box) != 4 or float(box[2]) <= 0 or float(box[3]) <= 0:
            fail(f"<svg> #{i} has no usable viewBox: {a}")
        width = a.get("width", "")
        if not width or width in ("0", "0%"):
            fail(f"<svg> #{i} has no width: {a}")
    style = "".join(re.findall(r"<style>(.*?)</style>", text, re.S))
    if "@import" in style or "url(" in style:
        scan.problems.append("stylesheet fetches something (@import/url)")
    if scan.problems:
        fail(f"the page is not self-contained: {scan.problems[:5]}")
    return len(scan.svgs)


# ---------------------------------------------------------------- browser

def chromium_args(chromium, profile, offline):
    args = [chromium, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--hide-scrollbars", f"--user-data-dir={profile}"]
    if offline:
        args += ['--host-resolver-rules=MAP * ~NOTFOUND', "--proxy-server=127.0.0.1:9"]
    return args


def run_chromium(args, timeout=120):
    try:
        r = subprocess.run(args, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        fail(f"chromium did not finish in {timeout} s: {' '.join(args)}")
    if r.returncode != 0:
        fail(f"chromium exited {r.returncode}: {r.stderr.decode(errors='replace')[-1500:]}")
    return r.stdout.decode("utf-8", errors="replace")


PROBE = """<script>
addEventListener('load', () => {
  const sizes = [...document.querySelectorAll('svg')].map(s => {
    const r = s.getBoundingClientRect(); return [r.width, r.height]; });
  const out = document.createElement('pre');
  out.id = 'sonde-probe';
  out.textContent = JSON.stringify({svgs: sizes,
                                    height: document.documentElement.scrollHeight});
  document.body.appendChild(out);
});
</script>"""


def layout_probe(chromium, page, tmp):
    """Sizes of every <svg> after layout, from a probed copy of the page."""
    probed = tmp / "probed.html"
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"),
                      encoding="utf-8")
    dom = run_chromium(chromium_args(chromium, tmp / "profile-probe", False) +
                       [f"--window-size={WIDTH},900", "--virtual-time-budget=5000", "--dump-dom",
                        probed.as_uri()])
    m = re.search(r'<pre id="sonde-probe">(.*?)</pre>', dom, re.S)
    if not m:
        fail("the layout probe did not run (no #sonde-probe in --dump-dom output)")
    return json.loads(html.unescape(m.group(1)))


# ---------------------------------------------------------------- PNG decoding (zlib only)

def decode_png(data):
    """(width, height, channels, rows) of an 8-bit RGB/RGBA non-interlaced PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("screenshot is not a PNG")
    pos, idat, width = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                fail(f"unexpected PNG format depth={depth} colour type={ctype}")
            channels = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        unfilter(ftype, line, prev, channels)
        rows.append(line)
        prev = line
    return width, height, channels, rows


def unfilter(ftype, line, prev, bpp):
    n = len(line)
    if ftype == 1:
        for i in range(bpp, n):
            line[i] = (line[i] + line[i - bpp]) & 0xFF
    elif ftype == 2:
        for i in range(n):
            line[i] = (line[i] + prev[i]) & 0xFF
    elif ftype == 3:
        for i in range(n):
            left = line[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
    elif ftype == 4:
        for i in range(n):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            line[i] = (line[i] + pred) & 0xFF
    elif ftype != 0:
        fail(f"unknown PNG filter {ftype}")


def pixel_stats(png_path):
    """Distinct colours and, per chart colour, how many pixels are within a small tolerance."""
    width, height, ch, rows = decode_png(png_path.read_bytes())
    distinct, counts = set(), {name: 0 for name in CHART_COLORS}
    for line in rows:
        for x in range(0, width * ch, ch):
            px = (line[x], line[x + 1], line[x + 2])
            distinct.add(px)
            for name, (r, g, b) in CHART_COLORS.items():
                if abs(px[0] - r) <= 8 and abs(px[1] - g) <= 8 and abs(px[2] - b) <= 8:
                    counts[name] += 1
    return {"size": (width, height), "distinct": len(distinct), "chart_pixels": counts}


def screenshot(chromium, page, tmp, height, offline):
    png = tmp / ("offline.png" if offline else "online.png")
    run_chromium(chromium_args(chromium, tmp / f"profile-{int(offline)}", offline) +
                 [f"--window-size={WIDTH},{height}", f"--force-device-scale-factor={SCALE}",
                  f"--screenshot={png}", page.as_uri()])
    if not png.is_file():
        fail("chromium wrote no screenshot")
    return png


# ---------------------------------------------------------------- producing a report

TINY_SUITE = """scenarios:
  - {name: short_1k, input_len: 1000, output_len: 24, requests: 3}
  - {name: long_4k, input_len: 4000, output_len: 24, requests: 3}
  - {name: concurrency_1, input_len: 1000, output_len: 24, load: burst, concurrency: 1, requests: 2}
  - {name: concurrency_4, input_len: 1000, output_len: 24, load: burst, concurrency: 4, requests: 8}
"""


def produce_report(sonde, tmp):
    suite = tmp / "tiny.yaml"
    suite.write_text(TINY_SUITE)
    out = tmp / "run"
    r = subprocess.run([sonde, "run", "--sim", "--suite", str(suite), "--out", str(out)],
                       capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        fail(f"sonde run --sim exited {r.returncode}: {r.stderr[-2000:]}")
    page = out / "report.html"
    if not page.is_file():
        fail(f"sonde run wrote no report.html in {out} (files: {sorted(p.name for p in out.iterdir())})")
    return page


SWEEP_FIXTURE = pathlib.Path(__file__).resolve().parents[1] / "fixtures/report/sweep_chunked.sweep.json"


def produce_sweep_report(sonde, tmp):
    """report.html of a fixture sweep, rebuilt by `sonde report DIR --format html`."""
    out = tmp / "sweep"
    out.mkdir()
    shutil.copy(SWEEP_FIXTURE, out / "sweep.json")
    r = subprocess.run([sonde, "report", str(out), "--format", "html", "--lang", "en"],
                       capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        fail(f"sonde report (sweep) exited {r.returncode}: {r.stderr[-2000:]}")
    written = sorted(p.name for p in out.iterdir())
    if written != ["report.html", "sweep.json"]:
        fail(f"--format html must write report.html only, found {written}")
    return out / "report.html"


def check_page(chromium, page, tmp):
    """Every check of the module docstring on one page; returns a summary line."""
    n_svg = static_checks(page.read_text(encoding="utf-8"))

    probe = layout_probe(chromium, page, tmp)
    if len(probe["svgs"]) != n_svg:
        fail(f"{page}: layout saw {len(probe['svgs'])} <svg>, the file has {n_svg}")
    for i, (w, h) in enumerate(probe["svgs"]):
        if not (w > 0 and h > 0):
            fail(f"{page}: <svg> #{i} has no size after layout: {w} x {h}")

    height = min(int(probe["height"]) + 20, 16000)
    online = pixel_stats(screenshot(chromium, page, tmp, height, offline=False))
    if online["distinct"] < 50:
        fail(f"{page}: screenshot looks blank: {online['distinct']} distinct colours")
    for name, count in online["chart_pixels"].items():
        if count < 100 * SCALE * SCALE:
            fail(f"{page}: screenshot shows almost no {name} chart pixels ({count})")
    offline = pixel_stats(screenshot(chromium, page, tmp, height, offline=True))
    for name, count in online["chart_pixels"].items():
        if abs(offline["chart_pixels"][name] - count) > max(5, count // 100):
            fail(f"{page}: without network, {name} pixels {offline['chart_pixels'][name]} != {count}")
    return (f"{page.parent.name}/{page.name}: {n_svg} charts, all laid out (e.g. "
            f"{probe['svgs'][0][0]:.0f} x {probe['svgs'][0][1]:.0f} px); screenshot "
            f"{online['size'][0]} x {online['size'][1]} px, {online['distinct']} colours, chart "
            f"pixels {online['chart_pixels']}; same without network")


def main():
    args = sys.argv[1:]
    keep = None
    if "--keep" in args:
        i = args.index("--keep")
        keep = pathlib.Path(args[i + 1])
        del args[i:i + 2]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    chromium = find_chromium()
    if not chromium:
        print("SKIP: chromium is not installed (apt-get install -y chromium)", file=sys.stderr)
        return SKIP
    with tempfile.TemporaryDirectory(prefix="sonde-browser-") as tmpdir:
        tmp = pathlib.Path(tmpdir)
        target = pathlib.Path(args[0]).resolve()
        if target.suffix == ".html":
            pages = [target]
        else:
            pages = [produce_report(str(target), tmp), produce_sweep_report(str(target), tmp)]
        for i, page in enumerate(pages):
            work = tmp / f"check-{i}"
            work.mkdir()
            print(check_page(chromium, page, work))
            if keep:
                keep.mkdir(parents=True, exist_ok=True)
                for png in work.glob("*.png"):
                    shutil.copy(png, keep / f"{i}-{png.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
