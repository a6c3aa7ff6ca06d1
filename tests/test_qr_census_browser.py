"""Every page's QR code, as a phone camera sees it: the code of each page of the demo site, as
built, is put in the place of the code of a page open in Debian's Chromium (kiosk mode at
1080×1920 and a 1280 px desktop, so the site's own styles size it), drawn at the size it has on
screen, blurred like a hand-held camera's shot of a screen, and read back with zxing-cpp.
(Swapping the code into one open page instead of opening 130 pages keeps this to seconds.)"""

from __future__ import annotations

import re

import pytest

from conftest import stop_clock
from test_kiosk_browser import PAGE_KINDS, PORTRAIT

DESKTOP = {"width": 1280, "height": 800}
CAMERA_BLUR_PX = 1.0  # Gaussian σ in CSS px: a slightly shaky, slightly out-of-focus shot

SHOT_JS = """async ([markup, blur]) => {
  const figure = document.querySelector("article [data-pufa-page-qr]");
  figure.querySelector("svg").outerHTML = markup;
  const svg = figure.querySelector("svg");
  const box = svg.getBoundingClientRect();
  const width = Math.round(box.width), height = Math.round(box.height), pad = 24;
  const image = new Image();
  image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(new XMLSerializer().serializeToString(svg));
  await image.decode();
  const canvas = new OffscreenCanvas(width + 2 * pad, height + 2 * pad);
  const context = canvas.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.filter = `blur(${blur}px)`;
  context.drawImage(image, pad, pad, width, height);
  const rgba = context.getImageData(0, 0, canvas.width, canvas.height).data;
  // one byte a pixel, handed over as a Latin-1 string: a JSON array of numbers is many times slower
  let gray = "";
  for (let i = 0; i < rgba.length; i += 4) gray += String.fromCharCode(rgba[i]);
  return {width: canvas.width, height: canvas.height, gray, side: width};
}"""


CODE = re.compile(r'<figure class="pufa-page-qr" data-pufa-page-qr>(<svg .*?</svg>)')
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')


def codes_of_pages(site) -> dict[str, tuple[str, str]]:
    """Each built page that shows a code: its path → (the code's SVG, the page's public address)."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        code = CODE.search(text)
        if code and path.name != "404.html":
            found["/" + path.relative_to(site).as_posix()] = (code.group(1), CANONICAL.search(text).group(1))
    return found


def read_code(shot: dict) -> str | None:
    import zxingcpp

    image = memoryview(shot["gray"].encode("latin-1")).cast("B", (shot["height"], shot["width"]))
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return found[0].text if len(found) == 1 else None


@pytest.mark.parametrize(("viewport", "kiosk"), [(PORTRAIT, True), (DESKTOP, False)], ids=["kiosk", "desktop"])
def test_every_pages_qr_code_reads_back_after_camera_blur(open_page, demo_site, demo_server, viewport, kiosk):
    page = open_page(viewport, kiosk=kiosk, clock=True)
    page.goto(demo_server + PAGE_KINDS["explainer"])
    # time stands still: a kiosk left alone this long would otherwise reset to its start screen
    stop_clock(page)
    codes = codes_of_pages(demo_site.site)
    assert len(codes) > 100  # every page kind, the statute pages with their long addresses included
    unreadable = []
    for path, (svg, public) in codes.items():
        shot = page.evaluate(SHOT_JS, [svg, CAMERA_BLUR_PX])
        if read_code(shot) != public:
            modules = re.search(r'viewBox="0 0 (\d+) ', svg).group(1)
            unreadable.append(f"{path} ({modules} modules in {shot['side']} px)")
    assert unreadable == [], f"{len(unreadable)} of {len(codes)} codes unreadable: {unreadable}"
