"""`mkdocs build` publishes atomically: the events pufa/content mixes in (see core/publishing.py)."""

from __future__ import annotations

from pathlib import Path

import click
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from .core import messages
from .core.publishing import (PublishError, Staging, abandon_release, begin_release, list_releases,
                              publish_release)

log = get_plugin_logger("pufa")


class PublishingEvents:
    """Mixed into pufa/content, which every pufa site enables; `keep_releases` is its option."""

    _releases = False  # set only by `mkdocs build`
    _staging: Staging | None = None
    _complete = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Only `mkdocs build` publishes releases: `serve` builds into a temp folder of its own
        # (`serve --clean` announces itself as "build"; click knows the command that runs),
        # gh-deploy pushes site_dir as it is, and Python callers of build() get MkDocs' behaviour.
        context = click.get_current_context(silent=True)
        self._releases = command == "build" and (context is None or context.info_name != "serve")

    @event_priority(100)  # first, before any plugin reads site_dir: the whole build goes to staging
    def stage_site(self, config: MkDocsConfig) -> MkDocsConfig:
        self._complete = False
        if not self._releases:
            return config
        if self.config.keep_releases < 1:
            raise PluginError(messages.keep_releases_too_small(self.config.keep_releases))
        try:
            self._staging = begin_release(Path(config.site_dir))
        except PublishError as error:
            raise PluginError(str(error)) from None
        config.site_dir = str(self._staging.folder)
        return config

    @event_priority(-100)  # last: the build is whole only once every plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._complete = self._staging is not None

    @event_priority(-100)  # after other plugins' clean-up, which may still write into staging
    def on_build_error(self, *, error: Exception) -> None:
        if self._staging is not None:
            log.error(messages.build_not_published(self._staging.site))
            abandon_release(self._staging)
            self._staging = None

    @event_priority(-100)  # MkDocs' --strict check fails a build after on_post_build; this runs after it
    def on_shutdown(self) -> None:
        staging, self._staging = self._staging, None
        if staging is None:
            return
        if not self._complete:  # interrupted (Ctrl-C) between events: nothing to publish
            abandon_release(staging)
            return
        release = publish_release(staging, self.config.keep_releases)
        log.info(messages.published(staging.site, release.name, len(list_releases(staging.site))))
