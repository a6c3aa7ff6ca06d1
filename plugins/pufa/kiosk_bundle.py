"""`pufa kiosk-bundle OUT`: the site built into a folder a touchscreen serves itself, offline."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from mkdocs.exceptions import Abort, BuildError, ConfigurationError

from .core import messages as msg
from .core.kiosk.qr import points_nowhere
from .core.publishing import PublishError, begin_folder, replace_folder

START = "kiosk/?kiosk=1"
PORT = 8080

SERVE = f"""#!/bin/sh
# Serve this kiosk bundle on this machine only; needs nothing but Python 3 and no network.
# Point the kiosk browser at http://127.0.0.1:${{PORT:-{PORT}}}/{START}
cd "$(dirname "$0")" || exit 1
exec python3 serve-kiosk.py "${{PORT:-{PORT}}}"
"""

# Windows: the local server, then Edge (or Chrome) in full-screen kiosk mode on the start address.
# cmd reads a batch file line by line, so the Chinese lines after chcp 65001 print as UTF-8.
# The switches after --kiosk are Chromium's (Edge and Chrome both take them): no error dialogs,
# no pinch zoom, no swipe back past the site's own 返回.
BROWSER_SWITCHES = "--no-first-run --noerrdialogs --disable-pinch --overscroll-history-navigation=0"
START_WINDOWS = f"""@echo off
chcp 65001 >nul
rem Start this kiosk bundle on Windows: serve-kiosk.py (Python 3) on this machine only, then
rem Microsoft Edge in full-screen kiosk mode. KIOSK_BROWSER=chrome uses Google Chrome; PORT another port.
setlocal
cd /d "%~dp0"
if "%PORT%"=="" set PORT={PORT}
if "%KIOSK_BROWSER%"=="" set KIOSK_BROWSER=msedge
set URL=http://127.0.0.1:%PORT%/{START}
set PYTHON=
where py >nul 2>nul && set PYTHON=py -3
if not defined PYTHON where python >nul 2>nul && set PYTHON=python
if not defined PYTHON (
  echo 没有找到 Python 3。请先安装 Python 3（安装时勾选“Add python.exe to PATH”），再运行本脚本。
  pause
  exit /b 1
)
start "pufa-kiosk-server" /min %PYTHON% serve-kiosk.py %PORT%
rem wait for the server (at most about 30 s), so the browser never shows a connection error
for /l %%i in (1,1,30) do (
  curl -s -o nul "%URL%" && goto ready
  timeout /t 1 /nobreak >nul
)
echo 本机服务没有启动：请检查端口 %PORT% 是否被占用。
pause
exit /b 1
:ready
if /i "%KIOSK_BROWSER%"=="msedge" (
  start "" msedge --kiosk "%URL%" --edge-kiosk-type=fullscreen {BROWSER_SWITCHES}
) else (
  start "" "%KIOSK_BROWSER%" --kiosk "%URL%" {BROWSER_SWITCHES}
)
"""

README = f"""触摸屏离线包
============

本文件夹可以复制到触摸屏（一体机）上离线使用，不需要连接外网。

1. 启动本机服务（需要 Python 3）：

       sh serve-kiosk.sh

   默认端口 {PORT}；换端口：PORT=9000 sh serve-kiosk.sh
   也可以直接运行：python3 serve-kiosk.py {PORT}

2. 让浏览器全屏打开起始页（以 Chromium 为例）：

       chromium --kiosk --enable-speech-dispatcher --noerrdialogs --disable-pinch --overscroll-history-navigation=0 \\
                http://127.0.0.1:{PORT}/{START}

   起始页地址中的 ?kiosk=1 会把这台浏览器切换到触摸屏模式（大字、大按钮、无人操作自动复位）。
   只有起始页地址能切换：维护人员要退出触摸屏模式，关闭全屏浏览器后，
   用同一浏览器打开 http://127.0.0.1:{PORT}/kiosk/?kiosk=0 即可。

   Windows 触摸屏：双击 start-kiosk.bat（需要 Python 3 和 Edge），它先启动本机服务，
   再让 Edge 全屏打开起始页；用 Chrome 时先设置 KIOSK_BROWSER=chrome。
   开机自动启动的做法见网站上的《触摸屏模式与适老模式》指南。

3. 更新内容：在编辑电脑上重新运行 pufa kiosk-bundle，再把新文件夹复制过来替换。

页面上的二维码指向正式网站（mkdocs.yml 中的 site_url），读者可以用手机扫码带走。
"""


def make_bundle(config_file: Path, out: Path) -> Path:
    """Build the site into out/site and add the local server script and instructions."""
    from mkdocs.commands.build import build  # MkDocs' build is slow to import; only this command needs it
    from mkdocs.config import load_config

    out.mkdir(parents=True, exist_ok=True)
    site = out / "site"
    config = load_config(str(config_file), site_dir=str(site))
    if points_nowhere(config.site_url):  # said first, so it is not lost in the build's log
        print(msg.kiosk_codes_point_nowhere(config.site_url), file=sys.stderr)
    build(config)
    serve = out / "serve-kiosk.sh"
    serve.write_text(SERVE, encoding="utf-8")
    serve.chmod(0o755)
    (out / "start-kiosk.bat").write_text(START_WINDOWS, encoding="utf-8", newline="\r\n")  # cmd wants CRLF
    # the Chinese 404 page with the kiosk bar instead of Python's English error page
    shutil.copyfile(Path(__file__).with_name("kiosk_server.py"), out / "serve-kiosk.py")
    (out / "README.txt").write_text(README, encoding="utf-8")
    return site


def cmd_kiosk_bundle(args: argparse.Namespace) -> int:
    out = Path(args.out).absolute()
    if out.exists() and any(out.iterdir()) and not (out / "serve-kiosk.sh").exists():
        print(f"{out} 不是空目录，也不是以前生成的离线包；为免覆盖其他文件，请换一个目录。", file=sys.stderr)
        return 2
    # built whole beside `out`, then swapped in: a failed or killed run leaves the old bundle as it was
    try:
        staging, lock = begin_folder(out)
    except PublishError as error:
        print(error, file=sys.stderr)
        return 1
    try:
        make_bundle(_config_file(args), staging)
        replace_folder(staging, out)
    except (BuildError, Abort, ConfigurationError, OSError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"网站生成失败，没有生成离线包，原有离线包保持不变：{error}", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        os.close(lock)
    print(f"离线包已生成：{out}。在触摸屏上运行 sh {out / 'serve-kiosk.sh'}，"
          f"然后用浏览器打开 http://127.0.0.1:{PORT}/{START}")
    return 0


def _config_file(args: argparse.Namespace) -> Path:
    """pufa's global --config-file (as every other command); the bundle's own --config of 0.2.0 still works."""
    if args.config_file:
        return Path(args.config_file)
    return Path(args.root) / (args.config or "mkdocs.yml")


def add_command(commands: argparse._SubParsersAction) -> None:
    bundle = commands.add_parser("kiosk-bundle", help="生成触摸屏离线包（网站 + 本机服务脚本）")
    bundle.add_argument("out", help="输出目录，如 kiosk-bundle")
    bundle.add_argument("--config", default=None, help=argparse.SUPPRESS)  # 0.2.0's name for --config-file
    bundle.set_defaults(run=cmd_kiosk_bundle)
