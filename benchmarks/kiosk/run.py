"""Kiosk benchmark: what pufa/kiosk costs a build, and what a cold page load downloads.

1. Build cost: the time the kiosk's per-page work (view data for its template partials, the QR
   code of the page address, the addresses of links a kiosk offers as QR codes) adds per page,
   on a real built page with statute-library-length Chinese addresses.
2. Page weight: the demo site built, served on 127.0.0.1 and opened cold in Debian's Chromium,
   public and kiosk mode, summing body + header bytes of every response in the network log.

    .venv/bin/python benchmarks/kiosk/run.py

Results go to benchmarks/kiosk/results.md.
"""

from __future__ import annotations

import functools
import http.server
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, mkdocs_build  # noqa: E402
from pufa.render.kiosk_start import KioskOptions  # noqa: E402
from pufa.render.kiosk_html import KioskParts  # noqa: E402
from pufa.core.kiosk.links import offered_addresses  # noqa: E402

from pufa.core.content.loading import load_content  # noqa: E402

CATALOG = load_content(REPO / "content", REPO).catalog
PAGES = {"home": "/", "kiosk start": "/kiosk/", "agency": f"/agencies/{CATALOG.agencies[0].id}/",
         "explainer": CATALOG.explainers[0].url, "case": CATALOG.cases[0].url,
         "topic": f"/topics/{CATALOG.topics[0].id}/"}


def kiosk_cost(page_html: str, runs: int = 400) -> list[float]:
    law = quote("中华人民共和国民法典")
    site = "https://pufa.example.gov.cn/"
    parts = KioskParts(KioskOptions(), site)
    times = []
    for number in range(runs):
        url = f"statutes/{law}/{quote('婚姻家庭编')}-{number}/"
        page = SimpleNamespace(url=url, canonical_url=site + url, file=SimpleNamespace(src_uri=url + "index.md"))
        start = time.perf_counter()
        parts.view(page)
        parts.page_qr(page)
        offered_addresses(page_html, url, site)
        times.append((time.perf_counter() - start) * 1000)
    return times


def page_weights(site: Path) -> dict[tuple[str, str], int]:
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    weights = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for mode in ("public", "kiosk"):
            for name, path in PAGES.items():
                context = browser.new_context()
                page = context.new_page()
                if mode == "kiosk":  # switched on at its start address (the only one that can), then cold
                    page.goto(base + "/kiosk/?kiosk=1", wait_until="networkidle")
                    context.new_cdp_session(page).send("Network.clearBrowserCache")
                finished = []
                page.on("requestfinished", lambda request: finished.append(request))
                page.goto(base + path, wait_until="networkidle")
                kiosk = page.evaluate("document.documentElement.classList.contains('pufa-kiosk')")
                assert kiosk == (mode == "kiosk")
                weights[(mode, name)] = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]
                                            for r in finished)
                context.close()
        browser.close()
    server.shutdown()
    return weights


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        result = mkdocs_build(REPO / "mkdocs.yml", Path(tmp) / "site")
        if result.error:
            sys.exit("\n".join(result.logs))
        sample = (result.site / CATALOG.explainers[0].url.strip("/") / "index.html").read_text(encoding="utf-8")
        times = kiosk_cost(sample)
        weights = page_weights(result.site)
    lines = ["# pufa/kiosk benchmark", "",
             f"Per-page build cost of the kiosk parts (400 pages, Chinese statute addresses): median "
             f"{statistics.median(times):.2f} ms, p95 {sorted(times)[int(len(times) * 0.95)]:.2f} ms "
             f"(≈ {statistics.median(times) * 1584 / 1000:.1f} s for 1,584 statute pages).", "",
             "| mode | page | cold load, bytes | KB |", "| --- | --- | ---: | ---: |"]
    lines += [f"| {mode} | {name} | {size} | {size / 1024:.0f} |" for (mode, name), size in weights.items()]
    report = "\n".join(lines) + "\n"
    (Path(__file__).parent / "results.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
