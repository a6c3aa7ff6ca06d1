"""`pufa` command line for editors and maintainers: check, new, init, schema, nginx-config."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import signal
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from . import kiosk_bundle
from .core import messages as msg
from .core.content.changes import GitUnreadable, affected_files, changed_files
from .core.context import Sources, clock_from, load_build
from .core.statutes.importer import LIBRARY_FOLDER, import_corpus
from .core.content.links import walk_files
from .core.content.loading import load_content, valid_name
from .core.report.responsibility import build_report, event_deliverables, report_csv, report_table
from .core.problems import has_errors, has_warnings, render_report
from .core.content.scaffold import render_template
from .core.content.schema import document_schemas
from .core.deploy.nginx import nginx_config, read_site, safe_nginx_word
from .core.skeleton import SiteSettings, site_url_path, skeleton_files


class ConfigUnreadable(Exception):
    pass


def sources(args: argparse.Namespace) -> Sources:
    """What the build reads: from mkdocs.yml (or --config-file) when there is one, as the build does;
    `--content` overrides its content folder."""
    root = Path(args.root)
    config_file = Path(args.config_file) if args.config_file else root / "mkdocs.yml"
    if args.config_file or config_file.is_file():
        from mkdocs.config import load_config  # only here: the other commands need no MkDocs
        from mkdocs.exceptions import MkDocsException

        from .seam import config_errors, sources_of
        try:
            config = load_config(str(config_file))
        except (MkDocsException, OSError) as error:
            raise ConfigUnreadable(msg.config_unreadable(config_file.as_posix(), str(error))) from None
        errors = config_errors(config)
        if errors:  # the build would stop at its configuration: so does every command reading it
            raise ConfigUnreadable("\n".join(f"{config_file.as_posix()}: {e}" for e in errors))
        found = sources_of(config)
    else:
        found = Sources(root.resolve(), root.resolve() / "content", docs_dir=root.resolve() / "docs")
    if getattr(args, "docs", None):
        found = dataclasses.replace(found, docs_dir=found.root / args.docs)
    if args.content:
        found = dataclasses.replace(found, content_dir=found.root / args.content)
    return found


def _content_dir(args: argparse.Namespace) -> Path:
    return sources(args).content_dir


def _day(text: str) -> dt.date:
    """A YYYY-MM-DD argument; argparse turns the error into a usage message (not a traceback)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是有效日期，应写成 YYYY-MM-DD，例如 2026-12-04") from None


def cmd_check(args: argparse.Namespace) -> int:
    read = sources(args)
    root = read.root
    # everything is loaded (cross-file rules need it); --changed narrows what is reported
    context = load_build(read, clock_from(os.environ), read_git=False)
    # the build refuses symlinks under docs/ that leave the repository; say so before it runs
    problems = context.problems + tuple(walk_files(read.docs_dir, root).problems)
    if args.changed:
        try:
            changed = changed_files(root, args.base)
        except GitUnreadable as error:
            print(msg.changes_unreadable(str(error), args.base), file=sys.stderr)
            return 2
        folder = read.content_folder
        affected = affected_files(changed, context.catalog, root, folder)
        problems = tuple(p for p in problems if p.path in affected)
        documents = {p for p in affected if p.startswith(folder + "/")}
        print(f"检查改动的 {len(changed & documents)} 个内容文件，以及受其影响的 {len(documents - changed)} 个文件。")
    print(render_report(problems))
    if args.strict and has_warnings(problems):
        print(msg.strict_warnings(), file=sys.stderr)
        return 1
    return 1 if has_errors(problems) else 0


def cmd_report(args: argparse.Namespace) -> int:
    read = sources(args)
    context = load_build(read, clock_from(os.environ), read_git=False)
    if not context.ok:
        print(render_report(context.problems), file=sys.stderr)
        return 1
    as_of = args.as_of or context.today
    review_days = args.review_days if args.review_days is not None else context.sources.review_days
    reports = build_report(context.catalog, as_of, review_days, event_deliverables(context.calendar.events))
    if args.format == "csv":
        sys.stdout.write(report_csv(reports))
    else:
        print(f"普法责任制落实情况（统计截至 {as_of.isoformat()}）\n")
        print(report_table(reports))
    return 0


def cmd_preview(args: argparse.Namespace) -> int:
    env = dict(os.environ, PUFA_DRAFTS="false" if args.no_drafts else "true")
    # --dirty: a save renders again only the pages it changed (pufa/content tells which)
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", args.addr]
    return run_server(command, cwd=args.root, env=env)


def run_server(command: list[str], **options) -> int:
    """Run a child server until it ends; SIGTERM to pufa (a service manager, `kill`) stops it as
    Ctrl-C does, so it neither keeps the port nor leaves its temp folder behind."""
    if os.name == "posix":  # started as a background job (`pufa preview &`), SIGINT is ignored and the child inherits that
        options.setdefault("preexec_fn", _interrupt_as_usual)
    child = subprocess.Popen(command, **options)
    previous = signal.signal(signal.SIGTERM, lambda *_: child.send_signal(signal.SIGINT))
    try:
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:  # Ctrl-C reached the child too (same process group): wait for it
                continue
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt_as_usual() -> None:
    """In the child before it runs: SIGINT stops it (as Ctrl-C), even if the parent ignores SIGINT."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _bad_names(**names: str | None) -> list[str]:
    """Ids and file names from the command line, checked by the rule for those in files."""
    return [f"--{option.replace('_', '-')}: {msg.bad_id(value)}" for option, value in names.items()
            if value is not None and not valid_name(value)]


def _known_agencies(content: Path) -> list[str]:
    files = [*(content / "agencies").glob("*.yml"), *(content / "agencies").glob("*.yaml")]
    return sorted(p.stem for p in files if valid_name(p.stem))


def cmd_new(args: argparse.Namespace) -> int:
    content = _content_dir(args)
    errors = _bad_names(agency=args.agency, slug=args.slug)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 2
    known = _known_agencies(content)
    if args.agency not in known:
        print(f"没有编号为“{args.agency}”的机关。已有机关：{'、'.join(known)}", file=sys.stderr)
        return 2
    section = "laws" if args.kind == "explainer" else "cases"
    folder = content / section / args.agency
    stem = args.slug or f"new-{args.kind}"
    path, number = folder / f"{stem}.md", 1
    while path.exists() or path.is_symlink():  # never overwrite what an editor wrote
        number += 1
        path = folder / f"{stem}-{number}.md"
    shown = Path(os.path.relpath(path, args.root)).as_posix()
    if not path.resolve().is_relative_to(content.resolve()):  # e.g. the agency folder links elsewhere
        print(f"{shown}: {msg.link_outside(str(path.resolve()))}", file=sys.stderr)
        return 2
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(render_template(args.kind, clock_from(os.environ).today), encoding="utf-8")
    print(f"已创建 {shown}，请填写所有【请填写…】处，然后运行 pufa check。")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    errors = _bad_names(agency=args.agency)
    if not args.site_url.startswith(("http://", "https://")):
        errors.append(f"--site-url: 应以 http:// 或 https:// 开头，实际是“{args.site_url}”")
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 2
    site_url = args.site_url if args.site_url.endswith("/") else args.site_url + "/"
    settings = SiteSettings(args.site_name, site_url, args.agency, args.agency_name,
                            args.agency_short_name or args.agency_name)
    folder = Path(args.folder)
    planned = skeleton_files(settings)
    existing = [path for path in planned if (folder / path).exists() or (folder / path).is_symlink()]
    if existing:  # never overwrite: check everything before writing anything
        print(msg.init_exists(existing), file=sys.stderr)
        return 2
    for path, text in planned.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(target.as_posix())
    print(msg.init_done(folder.as_posix()))
    return 0


def cmd_nginx_config(args: argparse.Namespace) -> int:
    from mkdocs.config import load_config  # only here: the other commands need no MkDocs
    from mkdocs.exceptions import MkDocsException

    config_file = Path(args.config_file) if args.config_file else Path(args.root) / "mkdocs.yml"
    try:
        config = load_config(str(config_file))
    except (MkDocsException, OSError) as error:
        raise ConfigUnreadable(msg.config_unreadable(config_file.as_posix(), str(error))) from None
    errors = [f"--{name}: {msg.nginx_word_unsafe(value)}" for name, value in
              (("site-root", args.site_root), ("server-name", args.server_name), ("listen", args.listen))
              if not safe_nginx_word(value)]
    site = Path(args.site) if args.site else Path(config.site_dir)
    if not (site / "index.html").is_file():
        errors.append(msg.site_not_built(site.as_posix()))
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 2
    text = nginx_config(site_url_path(config.site_url or "/"), args.site_root, read_site(site.resolve()),
                        args.listen, args.server_name)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(msg.nginx_written(args.out, site_url_path(config.site_url or "/")))
    else:
        sys.stdout.write(text)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, schema in document_schemas().items():
        (out / name).write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(out / name)
    return 0


def cmd_import_statutes(args: argparse.Namespace) -> int:
    source = Path(args.source)
    if not source.is_dir():
        print(f"找不到目录 {source}", file=sys.stderr)
        return 2
    content = _content_dir(args)
    if args.no_cases:
        args.case_agency = None
    errors = _bad_names(case_agency=args.case_agency)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 2
    if args.case_agency and args.case_agency not in _known_agencies(content):
        print(f"没有编号为“{args.case_agency}”的机关，案例无法归属；请用 --case-agency 指定已有机关", file=sys.stderr)
        return 2
    cited_by = None
    if args.cited:
        loaded = load_content(content, sources(args).root, include_drafts=True)  # drafts cite laws too
        if not loaded.ok:
            for problem in loaded.problems:
                print(problem, file=sys.stderr)
            print("内容有错误，无法确定引用了哪些法律；请先改正", file=sys.stderr)
            return 2
        cited_by = loaded.catalog
    result = import_corpus(source, content, args.case_agency, cited_by=cited_by, library=args.library)
    for note in result.notes:
        print(note)
    print(f"导入 {result.statutes} 部法律法规（共 {result.articles} 条）、{result.cases} 个案例："
          f"新写入或更新 {len(result.written)} 个文件，未变 {len(result.unchanged)} 个；"
          f"跳过 {len(result.skipped)} 个文件（目录说明 _index.md 不含法律文本；或未要求导入的案例）；"
          f"{len(result.not_legal)} 个文件不是法律文本，未导入；"
          f"{len(result.duplicates)} 个文件与已导入的文本完全相同，未重复导入；"
          + (f"{len(result.not_cited)} 个法规文本内容未引用，未导入；" if args.cited else "") +
          f"{len(result.notes)} 条提示。")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pufa", description="普法网站内容工具")
    # the installed metadata is the one version source (pyproject.toml `version`)
    parser.add_argument("--version", action="version", version=f"pufa {version('pufa')}", help="显示版本号后退出")
    parser.add_argument("--root", default=".", help="项目根目录（mkdocs.yml 所在目录）")
    parser.add_argument("--config-file", "-f", default=None,
                        help="MkDocs 配置文件（默认为根目录下的 mkdocs.yml）；内容目录等选项与网站生成时一致")
    parser.add_argument("--content", default=None, help="内容目录，相对于根目录（默认取 mkdocs.yml 中 pufa/content 的设置）")
    parser.add_argument("--docs", default=None, help="手写页面目录，相对于根目录（默认取 mkdocs.yml 的 docs_dir）")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="检查全部内容，列出所有问题")
    check.add_argument("--changed", action="store_true", help="只报告本分支改动的文件及受其影响的文件")
    check.add_argument("--strict", action="store_true",
                       help="有警告也算不通过（与 mkdocs build --strict 一致；草稿等提示不算）")
    check.add_argument("--base", default=None, help="与哪个分支比较，如 origin/main（不写则只看未提交的改动）")
    check.set_defaults(run=cmd_check)
    report = commands.add_parser("report", help="普法责任制落实情况统计")
    report.add_argument("--format", choices=["table", "csv"], default="table")
    report.add_argument("--as-of", type=_day,
                        help="统计日期 YYYY-MM-DD，默认今天（北京时间；设置了 SOURCE_DATE_EPOCH 时取其日期）")
    report.add_argument("--review-days", type=int,
                        help="超过多少天未法律审核算超期，默认取 mkdocs.yml 中 pufa/content 的 review_days（365）")
    report.set_defaults(run=cmd_report)
    preview = commands.add_parser("preview", help="本地预览网站（mkdocs serve）")
    preview.add_argument("--drafts", action="store_true", help="显示草稿（默认即显示，保留此选项以兼容旧用法）")
    preview.add_argument("--no-drafts", action="store_true", help="预览中不显示草稿")
    preview.add_argument("--addr", default="127.0.0.1:8000")
    preview.set_defaults(run=cmd_preview)
    new = commands.add_parser("new", help="新建一篇解读或案例")
    new.add_argument("kind", choices=["explainer", "case"])
    new.add_argument("--agency", required=True, help="机关编号，如 moj")
    new.add_argument("--slug", help="文件名（不含 .md），默认 new-explainer / new-case")
    new.set_defaults(run=cmd_new)
    init = commands.add_parser("init", help="新建一个普法网站仓库（设置、内容目录、持续集成、提交前检查）")
    init.add_argument("folder", help="新仓库的目录（可以不存在；已有的文件一律不覆盖）")
    init.add_argument("--site-name", default="普法网", help="网站名称")
    init.add_argument("--site-url", default="http://127.0.0.1:8000/",
                      help="网站的正式地址，可含子路径，如 https://www.example.gov.cn/pufa/")
    init.add_argument("--agency", default="sfj", help="第一个机关的编号（文件名），默认 sfj")
    init.add_argument("--agency-name", default="某市司法局", help="第一个机关的全称")
    init.add_argument("--agency-short-name", default=None, help="第一个机关的简称（默认同全称）")
    init.set_defaults(run=cmd_init)
    nginx = commands.add_parser("nginx-config", help="按 mkdocs.yml 的网站地址和生成的页面写出 nginx 配置")
    nginx.add_argument("--out", default=None, help="写到这个文件（默认输出到屏幕）")
    nginx.add_argument("--site", default=None, help="生成的网站目录（默认取 mkdocs.yml 的 site_dir）")
    nginx.add_argument("--site-root", default="/srv/pufa/site", help="服务器上网站目录（发布链接）的位置")
    nginx.add_argument("--listen", default="80", help="nginx 的 listen，默认 80")
    nginx.add_argument("--server-name", default="_", help="nginx 的 server_name，如 www.example.gov.cn")
    nginx.set_defaults(run=cmd_nginx_config)
    schema = commands.add_parser("schema", help="导出 JSON Schema")
    schema.add_argument("--out", default="schema", help="输出目录")
    schema.set_defaults(run=cmd_schema)
    importer = commands.add_parser("import-statutes", help="导入 LawRefBook 格式的法律文本")
    importer.add_argument("source", help="源目录，如 ../shared/corpus/lawrefbook")
    importer.add_argument("--case-agency", default="spc", help="案例/ 下的案例归属的机关编号（默认 spc）")
    importer.add_argument("--no-cases", action="store_true", help="不导入 案例/ 下的案例")
    importer.add_argument("--cited", action="store_true",
                          help="只导入内容（解读、案例、责任清单）引用的法律法规的文本")
    importer.add_argument("--library", action="store_true",
                          help=f"新文本写入 statutes/{LIBRARY_FOLDER}/（整个法规库，本仓库不提交）")
    importer.set_defaults(run=cmd_import_statutes)
    kiosk_bundle.add_command(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except ConfigUnreadable as error:
        print(error, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
