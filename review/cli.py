"""``python -m review scan FILE... [--json]``: scan files or folders and report, one file at a time."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from .model import Status
from .redact.cli import add_redact_command
from .report import to_json, to_text
from .scanner import Scanner
from .settings import ScanSettings

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_NOT_READ = 3
SUFFIXES = (".docx", ".pdf")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    return int(args.run(args))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m review", description="公文公开属性与个人信息检查")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    scan = commands.add_parser("scan", help="检查 .docx / .pdf 文件（可给文件夹）")
    scan.add_argument("paths", nargs="+", type=Path, metavar="FILE")
    scan.add_argument("--json", action="store_true", help="每个文件输出一行 JSON")
    scan.add_argument("--max-mb", type=float, default=float(os.environ.get("MAX_UPLOAD_MB", "50")),
                      help="文件大小上限（MB），默认取 MAX_UPLOAD_MB 或 50")
    scan.set_defaults(run=_scan)
    add_redact_command(commands)
    return parser


def _scan(args: argparse.Namespace) -> int:
    files = list(_expand(args.paths))
    if not files:
        print("没有找到 .docx 或 .pdf 文件 / no .docx or .pdf files found", file=sys.stderr)
        return EXIT_USAGE
    scanner = Scanner(ScanSettings.with_max_upload_mb(args.max_mb))
    progress = _Progress(len(files), sys.stderr)
    all_read = True
    for number, path in enumerate(files, 1):
        progress.show(number, path)
        report = scanner.scan(path)
        all_read &= report.status is Status.OK
        progress.clear()
        if args.json:
            print(json.dumps(to_json(report), ensure_ascii=False), flush=True)
        else:
            print(to_text(report), end="\n\n", flush=True)
    return EXIT_OK if all_read else EXIT_NOT_READ


def _expand(paths: Sequence[Path]) -> Iterator[Path]:
    """Files as given (whatever their type: the scan refuses what it cannot read); folders walked for .docx/.pdf."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
        else:
            yield path


class _Progress:
    """A one-line progress bar on a terminal; silent when stderr is not one or there is a single file."""

    WIDTH = 30

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.enabled = total > 1 and stream.isatty()

    def show(self, number: int, path: Path) -> None:
        if self.enabled:
            done = self.WIDTH * (number - 1) // self.total
            bar = "#" * done + "-" * (self.WIDTH - done)
            self.stream.write(f"\r[{bar}] {number}/{self.total} {path.name[:40]}\x1b[K")
            self.stream.flush()

    def clear(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
