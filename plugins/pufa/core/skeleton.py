"""`pufa init`: the files of a new site repository, from the skeleton shipped in the package."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from urllib.parse import urlsplit

# package data cannot hold dot files reliably (setuptools' globs skip them): stored as dot-<name>
DOT = "dot-"
AGENCY_FILE = "AGENCY.yml"


@dataclass(frozen=True)
class SiteSettings:
    site_name: str
    site_url: str
    agency_id: str
    agency_name: str
    agency_short_name: str


def site_url_path(site_url: str) -> str:
    """The path a site is served under (`/`, `/pufa/`), always with both slashes."""
    path = urlsplit(site_url).path or "/"
    return path if path.endswith("/") else path + "/"


def _yaml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML scalar, whatever it holds


def _fill(text: str, settings: SiteSettings, yaml_file: bool) -> str:
    quote = _yaml if yaml_file else str
    values = {
        "@COPYRIGHT@": _yaml(f"© {settings.site_name} · 各篇内容由发布机关负责，转载请注明出处"),
        "@SITE_NAME@": quote(settings.site_name),
        "@SITE_URL@": quote(settings.site_url),
        "@SCOPE@": quote(site_url_path(settings.site_url)),
        "@AGENCY_NAME@": quote(settings.agency_name),
        "@AGENCY_SHORT@": quote(settings.agency_short_name),
    }
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def _target(parts: list[str], settings: SiteSettings) -> str:
    named = ["." + p[len(DOT):] if p.startswith(DOT) else p for p in parts]
    if named[-1] == AGENCY_FILE:
        named[-1] = f"{settings.agency_id}.yml"
    return "/".join(named)


def _walk(folder: Traversable, parts: list[str]):
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _walk(entry, [*parts, entry.name])
        else:
            yield [*parts, entry.name], entry.read_text(encoding="utf-8")


def skeleton_files(settings: SiteSettings) -> dict[str, str]:
    """Every file of a new site repository (relative path → text), in path order."""
    found = {}
    for parts, text in _walk(files("pufa") / "skeleton", []):
        found[_target(parts, settings)] = _fill(text, settings, parts[-1].endswith((".yml", ".yaml")))
    return dict(sorted(found.items()))
