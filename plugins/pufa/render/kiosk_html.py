"""What pufa/kiosk adds to every page, as view data for its template partials (templates/kiosk).

pufa's base.html (templates/common) includes `partials/pufa-kiosk-head.html` at the top of <head>,
`partials/pufa-kiosk-article.html` at the end of <article> and `partials/pufa-kiosk-body.html`
last in <body> when they exist, i.e. when pufa/kiosk is on. A site can override each of them in
its overrides/ as it overrides Material's partials.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from .kiosk_start import START_SRC, KioskOptions
from ..core import routes
from ..core.routes import Routes, root_from
from ..core.kiosk.qr import QR_FOLDER, qr_svg
from ..core.kiosk.reading import reads_aloud


def root_for(page_url: str, site_url: str | None) -> str:
    """From a page to the site root: "" → "./", "agencies/moj/" → "../../".

    The 404 page is served at any missing address, so it needs the site's absolute path.
    """
    if page_url == "404.html":
        return (urlsplit(site_url).path if site_url else "") or "/"
    return root_from(page_url)


@dataclass(frozen=True)
class KioskView:
    """Everything the kiosk partials print for one page; strings are plain text (templates escape)."""

    options: KioskOptions
    root: str  # from the page to the site root, see root_for
    public_base: str  # site_url, or "" when it is not set
    start: bool  # the kiosk start screen, the only page that reads ?kiosk=
    reads_aloud: bool = False  # offers 朗读 (read-aloud.js looks for the marker in <head>)
    routes: Routes = field(default_factory=Routes)  # the site's use_directory_urls

    @property
    def start_href(self) -> str:
        return self.routes.from_root(self.root, START_SRC)

    @property
    def topics_href(self) -> str:
        return self.routes.from_root(self.root, routes.TOPICS)

    @property
    def agencies_href(self) -> str:
        return self.routes.from_root(self.root, routes.AGENCIES)

    @property
    def qr_folder(self) -> str:
        return f"{self.root}{QR_FOLDER}/"


@dataclass(frozen=True)
class KioskParts:
    """The `pufa_kiosk` template global: view data for the page being rendered."""

    options: KioskOptions
    site_url: str | None
    routes: Routes = field(default_factory=Routes)

    def view(self, page: Any = None) -> KioskView:
        # page is MkDocs' Page, or nothing for theme templates such as 404.html
        url = getattr(page, "url", None)
        url = url if isinstance(url, str) else "404.html"
        start = getattr(getattr(page, "file", None), "src_uri", None) == START_SRC
        src = getattr(getattr(page, "file", None), "src_uri", None)
        return KioskView(self.options, root_for(url, self.site_url), self.site_url or "", start,
                         isinstance(src, str) and reads_aloud(src), self.routes)

    def page_qr(self, page: Any = None) -> Markup | None:
        """The QR code of the page's public address (none without site_url)."""
        address = getattr(page, "canonical_url", None)
        if not isinstance(address, str) or not address:
            return None
        return Markup(qr_svg(address, "本页二维码"))  # segno's SVG: no text from content in it
