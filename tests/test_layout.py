"""The package layout ARCHITECTURE.md describes: core is the domain, render builds on it, plugins are thin."""
import ast
from pathlib import Path

PUFA = Path(__file__).resolve().parents[1] / "plugins" / "pufa"


def _imports(path: Path) -> set[str]:
    """Absolute names of every module a file imports (relative imports resolved)."""
    package = ["pufa", *path.parent.relative_to(PUFA).parts]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def test_core_never_imports_mkdocs_render_or_the_plugins():
    offenders = []
    for path in sorted((PUFA / "core").rglob("*.py")):
        for name in _imports(path):
            if name.split(".")[0] == "mkdocs" or name.startswith(("pufa.render", "pufa.seam")) or (
                    name.startswith("pufa.") and name.split(".")[1] not in {"core"}):
                offenders.append(f"{path.relative_to(PUFA)}: {name}")
    assert offenders == []


def test_render_never_imports_mkdocs_or_the_plugins():
    offenders = []
    for path in sorted((PUFA / "render").rglob("*.py")):
        for name in _imports(path):
            if name.split(".")[0] == "mkdocs" or (name.startswith("pufa.") and name.split(".")[1] not in {"core", "render"}):
                offenders.append(f"{path.relative_to(PUFA)}: {name}")
    assert offenders == []


def test_every_package_says_what_it_is_for():
    undocumented = [str(p.relative_to(PUFA)) for p in PUFA.rglob("__init__.py")
                    if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))]
    assert undocumented == []
