"""`mkdocs serve` for editors: a failed rebuild shows its problems in the browser, and no request waits.

MkDocs' server holds every request after a failed rebuild until a build succeeds (the
browser spins, the reason is only in the terminal). Here the failed rebuild counts as done:
browsers reload and every page shows the problems page, and the next good save reloads
them back to the site.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger

from .core.problems import Problem
from .render.preview import render_problems_page

log = get_plugin_logger("pufa")
PROBLEMS_PAGE = "pufa-preview-problems.html"  # in the serving process's temp folder only


def _asks_for_page(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return not path.startswith("/livereload/") and (name == "" or name.endswith(".html") or "." not in name)


def show_failures(server: LiveReloadServer, problems: Callable[[], tuple[Problem, ...]]) -> LiveReloadServer:
    """Wrap the server's builder and application; `problems` gives the failed build's problems."""
    build = server.builder
    page = Path(server.root) / PROBLEMS_PAGE
    failed = False

    def builder(*args, **kwargs) -> None:
        nonlocal failed
        try:
            build(*args, **kwargs)
        except Exception as error:  # noqa: BLE001  (anything that stops a rebuild is shown, none is hidden)
            page.write_text(render_problems_page(problems(), str(error)), encoding="utf-8")
            failed = True
            log.error("预览暂停：本次保存没有通过检查，浏览器中显示所有问题；改正并保存后自动恢复。")
        else:
            failed = False
            page.unlink(missing_ok=True)

    application = server.get_app()

    def app(environ: dict, start_response: Callable) -> object:
        if failed and _asks_for_page(environ.get("PATH_INFO", "")):
            environ = dict(environ, PATH_INFO=server.mount_path + PROBLEMS_PAGE)
        return application(environ, start_response)

    server.builder = builder
    server.set_app(app)
    return server
