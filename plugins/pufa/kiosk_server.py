"""The offline kiosk bundle's local server: `python3 serve-kiosk.py [PORT]`, standard library only.

`pufa kiosk-bundle` copies this file into the bundle. Python's own http.server answers a
missing address with an English error page and lists folders: a dead end without the kiosk
bar and idle reset. This one answers with the site's Chinese 404 page (which has both).
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
from pathlib import Path

SITE = Path(__file__).resolve().parent / "site"


class KioskHandler(http.server.SimpleHTTPRequestHandler):
    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = SITE / "404.html"
        if code != 404 or self.command not in ("GET", "HEAD") or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)

    def list_directory(self, path: str | os.PathLike[str]):  # a folder without index.html is not a page
        self.send_error(404)
        return None

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("PORT", "8080"))
    handler = functools.partial(KioskHandler, directory=str(SITE))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"触摸屏离线包已启动：http://127.0.0.1:{port}/kiosk/?kiosk=1", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
