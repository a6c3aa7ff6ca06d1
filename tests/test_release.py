"""What an agency installs: the licence in the wheel and sdist, one version everywhere, ranges, not pins."""

from __future__ import annotations

import email.parser
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = PYPROJECT["project"]["version"]
# where an adopter copies a tag from
TAG_EXAMPLES = [".pre-commit-hooks.yaml", "plugins/pufa/skeleton/dot-github/workflows/pufa.yml",
                "plugins/pufa/skeleton/dot-gitlab-ci.yml", "plugins/pufa/skeleton/dot-pre-commit-config.yaml",
                "plugins/pufa/skeleton/README.md",
                "plugins/pufa/guide/git.md", "README.md"]
_SKIP = shutil.ignore_patterns(".git", ".venv", ".cache", ".ci", "site", "site.releases", "test-artifacts",
                               "__pycache__", "*.egg-info", ".pytest_cache", "out")


def SKIP(folder: str, names: list[str]) -> set[str]:
    """What a clean checkout lacks; the imported statute texts, but not the package's statutes module."""
    skipped = set(_SKIP(folder, names))
    if Path(folder).resolve() == (REPO / "content").resolve():
        skipped.add("statutes")
    return skipped


def build_dists(tmp: Path) -> tuple[Path, Path]:
    """The sdist built from a clean copy of the source, and the wheel built from that sdist (so a
    file missing from the sdist shows in the wheel too). Offline: the test venv's setuptools."""
    source, out = tmp / "source", tmp / "out"
    shutil.copytree(REPO, source, ignore=SKIP)
    build_sdist = "import sys, setuptools.build_meta as b; b.build_sdist(sys.argv[1])"
    subprocess.run([sys.executable, "-c", build_sdist, str(out)], cwd=source, check=True, capture_output=True)
    [sdist] = out.glob("pufa-*.tar.gz")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "--quiet", "-w", str(out), str(sdist)], check=True, capture_output=True)
    [wheel] = out.glob("pufa-*.whl")
    return sdist, wheel


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> tuple[Path, Path]:
    return build_dists(tmp_path_factory.mktemp("dist"))


def metadata(text: str):
    return email.parser.Parser().parsestr(text)


def test_wheel_and_sdist_carry_the_licence(dists):
    sdist, wheel = dists
    licence = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in licence and "Version 2.0, January 2004" in licence

    with zipfile.ZipFile(wheel) as whl:
        info = f"pufa-{VERSION}.dist-info"
        meta = metadata(whl.read(f"{info}/METADATA").decode())
        assert whl.read(f"{info}/licenses/LICENSE").decode() == licence
        # built from the sdist: the site's assets and templates made it through both
        names = set(whl.namelist())
    assert {"pufa/assets/pufa.css", "pufa/assets/search/query.js", "pufa/assets/search/page.js"} <= names
    assert any(n.startswith("pufa/templates/kiosk/") for n in names)
    # what every site needs from the package: the editors' guide, the skeleton of `pufa init` (dot
    # files stored as dot-*), the footer partial and the nginx template
    assert {"pufa/guide/index.md", "pufa/guide/git.md", "pufa/skeleton/mkdocs.yml",
            "pufa/skeleton/dot-gitignore", "pufa/skeleton/dot-github/workflows/pufa.yml",
            "pufa/skeleton/content/agencies/AGENCY.yml", "pufa/templates/common/partials/copyright.html",
            "pufa/templates/nginx/pufa.conf"} <= names
    assert meta["License-Expression"] == "Apache-2.0"
    assert meta.get_all("License-File") == ["LICENSE"]
    assert meta["Version"] == VERSION

    with tarfile.open(sdist) as tar:
        root = f"pufa-{VERSION}"
        pkg_info = metadata(tar.extractfile(f"{root}/PKG-INFO").read().decode())
        assert tar.extractfile(f"{root}/LICENSE").read().decode() == licence
    assert pkg_info["License-Expression"] == "Apache-2.0"
    assert pkg_info["Version"] == VERSION


def test_wheel_requires_ranges_that_the_lock_satisfies(dists):
    """Agencies take later compatible releases (Material's security fixes) and combine plugins; the
    project's own CI installs the exact lock, which must lie inside those ranges."""
    _, wheel = dists
    with zipfile.ZipFile(wheel) as whl:
        meta = metadata(whl.read(f"pufa-{VERSION}.dist-info/METADATA").decode())
    required = [Requirement(r) for r in meta.get_all("Requires-Dist") if "extra ==" not in r]
    assert {r.name.lower() for r in required} >= {"mkdocs", "mkdocs-material", "pymdown-extensions"}
    locked = {}
    for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            name, pinned = line.split("==")
            locked[name.lower().replace("_", "-")] = pinned.strip()
    for requirement in required:
        assert not any(s.operator == "==" for s in requirement.specifier), requirement
        name = requirement.name.lower().replace("_", "-")
        assert requirement.specifier.contains(locked[name]), (requirement, locked[name])
    by_name = {r.name.lower(): r for r in required}
    # MkDocs 2 drops plugins, Material 10 is not announced: neither may be installed by accident
    assert not by_name["mkdocs"].specifier.contains("2.0.0")
    assert not by_name["mkdocs-material"].specifier.contains("10.0.0")
    assert by_name["mkdocs-material"].specifier.contains("9.9.0")


def test_pufa_version_is_the_package_version():
    result = subprocess.run([sys.executable, "-m", "pufa.cli", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.strip() == f"pufa {VERSION}"


def test_every_example_names_this_release_and_the_changelog_describes_it():
    tags = {}
    for name in TAG_EXAMPLES:
        text = (REPO / name).read_text(encoding="utf-8")
        found = re.findall(r"(?:@|rev: )(v\d+\.\d+\.\d+)", text)
        tags[name] = set(found)
    assert all(tags[name] == {f"v{VERSION}"} for name in TAG_EXAMPLES), tags
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## \[?{re.escape(VERSION)}\]? ", changelog, re.MULTILINE)
