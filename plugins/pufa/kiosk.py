"""pufa/kiosk: touchscreen kiosk mode, elder mode (适老模式) and QR codes on every page."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import seam
from .core import messages as msg
from .render.kiosk_start import KioskOptions, check_options, render_start_page
from .core.routes import Routes
from .render.kiosk_html import KioskParts
from .core.kiosk.links import offered_addresses
from .core.kiosk.qr import QR_FOLDER, QR_INDEX, qr_file_name, qr_file_svg, qr_index

TEMPLATES = Path(__file__).parent / "templates" / "kiosk"
CSS = "assets/pufa/kiosk.css"
JS = "assets/pufa/kiosk.js"
READ_CSS = "assets/pufa/read-aloud.css"
READ_JS = "assets/pufa/read-aloud.js"
READER_CSS = "assets/pufa/reader.css"
HOTLINES_JS = "assets/pufa/hotlines.js"
KEYBOARD_CSS = "assets/pufa/kiosk-keyboard.css"
KEYBOARD_JS = "assets/pufa/kiosk-keyboard.js"
KEYBOARD_WORDS_JS = "assets/pufa/kiosk-keyboard-words.js"  # an ES module the keyboard imports when opened


class KioskConfig(Config):
    content_dir = c.Deprecated(message=msg.content_dir_deprecated())
    """No longer used: the start screen and attract loop are built from what pufa/content reads."""
    idle_seconds = c.Type(int, default=90)
    """Seconds without a touch before a kiosk asks “还在使用吗？”."""
    countdown_seconds = c.Type(int, default=30)
    """Seconds the question stays before the kiosk resets to its start screen (at least 20)."""
    attract_seconds = c.Type(int, default=8)
    """Seconds each card of the attract loop stays on screen."""


class KioskPlugin(BasePlugin[KioskConfig]):
    def on_startup(self, *, command: str, dirty: bool) -> None:
        # survives `mkdocs serve`'s rebuilds: a page not rendered again still offers what it offered
        self.kept: dict[str, set[str]] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        seam.require_content(config, self)
        self.options = KioskOptions(self.config.idle_seconds, self.config.countdown_seconds,
                                    self.config.attract_seconds)
        wrong = check_options(self.options)
        if wrong:
            raise PluginError("pufa/kiosk 配置有误：" + "；".join(wrong))
        self.root = Path(config.config_file_path).parent
        self.offered: set[str] = set()
        self.offered_by: dict[str, set[str]] = {}  # src_uri → addresses its dialogs offer
        if not hasattr(self, "kept"):  # build() called without on_startup (Python callers, tests)
            self.kept = {}
        self.files: Files | None = None
        config.extra_css.extend([CSS, READ_CSS, READER_CSS, KEYBOARD_CSS])
        config.extra_javascript.extend([JS, READ_JS, HOTLINES_JS, KEYBOARD_JS])
        # the kiosk's template partials (included by pufa's base.html);
        # after the user's custom_dir, before pufa's common templates and Material's own
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        catalog = seam.build_context(config).catalog
        seam.add_pages(files, [render_start_page(catalog)], config, self.root)
        seam.add_asset(files, config, CSS, path=seam.ASSETS / "kiosk.css")
        seam.add_asset(files, config, JS, path=seam.ASSETS / "kiosk.js")
        seam.add_asset(files, config, READ_CSS, path=seam.ASSETS / "read-aloud.css")
        seam.add_asset(files, config, READ_JS, path=seam.ASSETS / "read-aloud.js")
        seam.add_asset(files, config, READER_CSS, path=seam.ASSETS / "reader.css")
        seam.add_asset(files, config, HOTLINES_JS, path=seam.ASSETS / "hotlines.js")
        for src_uri in (KEYBOARD_CSS, KEYBOARD_JS, KEYBOARD_WORDS_JS):
            seam.add_asset(files, config, src_uri, path=seam.ASSETS / Path(src_uri).name)
        self.files = files
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # view data for the kiosk's partials (templates/kiosk/partials), which pufa's base.html includes
        env.globals["pufa_kiosk"] = KioskParts(self.options, config.site_url, Routes(config.use_directory_urls))
        return env


    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        # the files of this build as MkDocs uses them: pufa/content replaces pages by tracked copies
        # after every plugin's on_files, and seam.per_page asks those whether a page was reused
        self.files = files
        return nav

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # read only: the addresses the kiosk offers as QR codes instead of opening them
        self.offered_by[page.file.src_uri] = offered_addresses(output, page.url, config.site_url)
        return output

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        # the 404 page is a theme template, not a page; it is rendered before on_post_build, so
        # the QR codes of what it offers are written too
        if template_name == "404.html":
            self.offered |= offered_addresses(output_content, template_name, config.site_url)
        return output_content

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.kept = seam.per_page(self.files, self.offered_by, self.kept)
        for urls in self.kept.values():
            self.offered |= urls
        folder = Path(config.site_dir) / QR_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        for url in sorted(self.offered):
            target = folder / qr_file_name(url)
            if not target.is_file():  # named by the address's hash: a preview's earlier build made the same file
                target.write_text(qr_file_svg(url), encoding="utf-8")
        (folder / QR_INDEX).write_text(qr_index(self.offered), encoding="utf-8")
