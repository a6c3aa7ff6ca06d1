"""pufa/kiosk: touchscreen kiosk mode, elder mode (适老模式) and QR codes on every page."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from . import seam
from .core import messages as msg
from .render.kiosk_start import START_SRC, KioskOptions, check_options, render_start_page
from .render.kiosk_html import PageFacts, decorate, root_for
from .core.kiosk.qr import QR_FOLDER, QR_INDEX, qr_file_name, qr_file_svg, qr_index
from .core.kiosk.reading import reads_aloud
from .render.read_aloud import mark_readable

TEMPLATES = Path(__file__).parent / "templates" / "kiosk"
CSS = "assets/pufa/kiosk.css"
JS = "assets/pufa/kiosk.js"
READ_CSS = "assets/pufa/read-aloud.css"
READ_JS = "assets/pufa/read-aloud.js"
READER_CSS = "assets/pufa/reader.css"
HOTLINES_JS = "assets/pufa/hotlines.js"


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
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        seam.require_content(config, self)
        self.options = KioskOptions(self.config.idle_seconds, self.config.countdown_seconds,
                                    self.config.attract_seconds)
        wrong = check_options(self.options)
        if wrong:
            raise PluginError("pufa/kiosk 配置有误：" + "；".join(wrong))
        self.root = Path(config.config_file_path).parent
        self.offered: set[str] = set()
        config.extra_css.extend([CSS, READ_CSS, READER_CSS])
        config.extra_javascript.extend([JS, READ_JS, HOTLINES_JS])
        # a Chinese 404 page; after the user's custom_dir, before Material's own templates
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
        return files

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        facts = PageFacts(page.canonical_url, config.site_url, page.url, root_for(page.url, config.site_url),
                          start=page.file.src_uri == START_SRC)
        output, offered = decorate(output, facts, self.options)
        self.offered |= offered
        return mark_readable(output) if reads_aloud(page.file.src_uri) else output

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        # the 404 page is a theme template, not a page: without this it has no kiosk bar (a dead end)
        if template_name != "404.html":
            return output_content
        facts = PageFacts(None, config.site_url, template_name, root_for(template_name, config.site_url))
        output, offered = decorate(output_content, facts, self.options)
        self.offered |= offered  # rendered before on_post_build, so its QR codes are written too
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        folder = Path(config.site_dir) / QR_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        for url in sorted(self.offered):
            (folder / qr_file_name(url)).write_text(qr_file_svg(url), encoding="utf-8")
        (folder / QR_INDEX).write_text(qr_index(self.offered), encoding="utf-8")
