"""CPU seconds of the search index build of a fresh project (demo + statute library), and its output's digest.

The full build of a new checkout has no word cache and no page cache, so that is what is timed:
`write_site_index` as `pufa/search` calls it in `on_post_build` (a `Tokenizer` that may fork,
empty cache folders), in a fresh Python process per run, so jieba's dictionary is loaded each
time as a build loads it. CPU seconds are the process's own (`time.process_time()`) plus its
forked workers' (`resource.getrusage(RUSAGE_CHILDREN)`), so moving work to another core does
not look cheaper; the median of the runs is reported. The machine may be busy: CPU seconds,
not wall time, are what compare.

    .venv/bin/python benchmarks/search/index_cpu.py                     # build demo + library, capture, time
    .venv/bin/python benchmarks/search/index_cpu.py --work W            # keep the work folder (W/inputs.pickle)
    .venv/bin/python benchmarks/search/index_cpu.py --work W --reuse    # time again with the captured pages
    .venv/bin/python benchmarks/search/index_cpu.py --work W --reuse --plugins OTHER/plugins  # other code

Capturing builds the project once with `mkdocs build` in this process and keeps the arguments
`pufa/search` hands to `write_site_index` (the pages as `PageInput`s, the vocabulary, the
synonyms and the no-result help) in `inputs.pickle`. Each run prints the SHA-256 of every
file of the index it wrote; `--expect FILE` fails unless they equal those of FILE (written by
`--digests FILE`), so a faster index build is checked to write byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "lawrefbook"


def capture(work: Path, corpus: Path) -> Path:
    """Build demo + library in `work/project` and pickle what the search plugin indexes."""
    sys.path.insert(0, str(REPO / "plugins"))
    project = work / "project"
    if project.exists():
        shutil.rmtree(project)
    for name in ("content", "docs"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    subprocess.run([sys.executable, "-m", "pufa.cli", "--root", str(project), "import-statutes", str(corpus)],
                   check=True, stdout=subprocess.DEVNULL)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import pufa.search

    captured: dict[str, object] = {}
    original = pufa.search.write_site_index

    def recording(inputs, words, synonyms, folder, word_cache, page_cache, help, *, fork):  # noqa: A002
        captured.update(inputs=inputs, words=words, synonyms=synonyms, help=help)
        return original(inputs, words, synonyms, folder, word_cache, page_cache, help, fork=fork)

    pufa.search.write_site_index = recording
    build(load_config(config_file=str(project / "mkdocs.yml")))
    if not captured:
        raise SystemExit("the build did not write a search index")
    path = work / "inputs.pickle"
    path.write_bytes(pickle.dumps(captured, protocol=pickle.HIGHEST_PROTOCOL))
    return path


def measure(inputs: Path, plugins: Path, out: Path) -> dict[str, object]:
    """One cold index build (run in its own process): CPU seconds and the digest of every file written."""
    sys.path.insert(0, str(plugins))
    from pufa.search import write_site_index

    data = pickle.loads(inputs.read_bytes())
    folder, caches = out / "index", out / "cache"
    for path in (folder, caches):
        if path.exists():
            shutil.rmtree(path)
    start_cpu, start_children, start_wall = time.process_time(), _children_cpu(), time.perf_counter()
    write_site_index(data["inputs"], data["words"], data["synonyms"], folder, caches / "search-words.json",
                     caches / "search-pages", data["help"], fork=True)
    cpu = time.process_time() - start_cpu
    children = _children_cpu() - start_children
    wall = time.perf_counter() - start_wall
    digests = {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
               for path in sorted(folder.rglob("*")) if path.is_file()}
    return {"cpu": cpu, "children": children, "wall": wall, "pages": len(data["inputs"]), "digests": digests}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one, removed after)")
    parser.add_argument("--reuse", action="store_true", help="use WORK/inputs.pickle instead of building")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--plugins", type=Path, default=REPO / "plugins", help="the pufa code to time")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--digests", type=Path, help="write the index files' SHA-256 digests to this file")
    parser.add_argument("--expect", type=Path, help="fail unless the digests equal those of this file")
    parser.add_argument("--measure-one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_one:
        print(json.dumps(measure(args.measure_one, args.plugins.resolve(), args.work)))
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="pufa-index-cpu-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        inputs = work / "inputs.pickle" if args.reuse else capture(work, args.corpus.resolve())
        runs = []
        for number in range(args.runs):
            result = subprocess.run([sys.executable, __file__, "--measure-one", str(inputs), "--plugins",
                                     str(args.plugins), "--work", str(work / "run")],
                                    check=True, capture_output=True, text=True)
            run = json.loads(result.stdout.splitlines()[-1])
            runs.append(run)
            print(f"run {number + 1}: {run['cpu'] + run['children']:.2f} CPU s "
                  f"({run['cpu']:.2f} s in the build process, {run['children']:.2f} s in forked workers), "
                  f"{run['wall']:.2f} s wall, {run['pages']} pages, {len(run['digests'])} files", flush=True)
        if any(run["digests"] != runs[0]["digests"] for run in runs):
            raise SystemExit("the runs wrote different index files")
        total = statistics.median(run["cpu"] + run["children"] for run in runs)
        print(f"median of {len(runs)}: {total:.2f} CPU s (load average {os.getloadavg()[0]:.1f})")
        digests = runs[0]["digests"]
        if args.digests:
            args.digests.write_text(json.dumps(digests, indent=0, sort_keys=True), encoding="utf-8")
        if args.expect:
            expected = json.loads(args.expect.read_text(encoding="utf-8"))
            differing = sorted(k for k in expected.keys() | digests.keys() if expected.get(k) != digests.get(k))
            if differing:
                raise SystemExit(f"{len(differing)} of {len(expected)} files differ, e.g. {differing[:5]}")
            print(f"identical: all {len(digests)} index files equal those of {args.expect}")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
