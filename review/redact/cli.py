"""``python -m review redact FILE --out OUT [--policy POLICY.toml] [--keep ID[=REASON] ...]``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from ..errors import ReviewError
from ..scanner import Scanner
from ..settings import ScanSettings
from .leakcheck import LeakReport
from .plan import KEEP_REASONS, PlanError
from .policy import Masker, MaskPolicy, PolicyError
from .service import RedactionResult, redact_file

EXIT_CLEAN = 0
EXIT_USAGE = 2
EXIT_NOT_READ = 3
EXIT_LEAK = 4


def add_redact_command(commands: Any) -> None:
    """Add the ``redact`` subcommand to the ``python -m review`` subparsers."""
    redact = commands.add_parser("redact", help="生成脱敏后的公开文本并做泄漏检查")
    redact.add_argument("file", type=Path, metavar="FILE")
    redact.add_argument("--out", type=Path, required=True, help="脱敏输出文件")
    redact.add_argument("--policy", type=Path, help="脱敏策略（TOML）")
    redact.add_argument("--keep", nargs="+", default=[], metavar="ID[=REASON]",
                        help=f"保留不脱敏的发现序号（scan 输出中的第几项），理由：{'、'.join(KEEP_REASONS)}")
    redact.add_argument("--keep-reason", choices=KEEP_REASONS, help="未写理由的 --keep 项使用的理由")
    redact.add_argument("--key-file", type=Path, help="化名（HMAC）密钥文件，同一批文件用同一密钥")
    redact.add_argument("--json", action="store_true", help="输出一行 JSON")
    redact.add_argument("--max-mb", type=float, default=float(os.environ.get("MAX_UPLOAD_MB", "50")),
                        help="文件大小上限（MB）")
    redact.set_defaults(run=run_redact)


def run_redact(args: argparse.Namespace) -> int:
    """Run one redaction; exit 0 only when the leak check is clean."""
    try:
        keep = parse_keep(args.keep, args.keep_reason)
        policy = MaskPolicy.from_toml(args.policy) if args.policy else MaskPolicy()
        key = args.key_file.read_bytes().strip() if args.key_file else None
    except (ValueError, OSError, ReviewError) as exc:
        print(f"参数错误 / bad arguments: {exc}", file=sys.stderr)
        return EXIT_USAGE
    scanner = Scanner(ScanSettings.with_max_upload_mb(args.max_mb))
    try:
        result = redact_file(args.file, args.out, Masker(policy, key), keep, scanner)
    except (PlanError, PolicyError) as exc:  # a --keep number the scan does not have, a pseudonym without key
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except ReviewError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_NOT_READ
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        print(to_text(result))
    return EXIT_CLEAN if result.leak.clean else EXIT_LEAK


def parse_keep(items: list[str], default_reason: str | None) -> dict[int, str]:
    """``3=惩戒公示`` or ``3`` (with ``--keep-reason``) → {3: "惩戒公示"}."""
    keep: dict[int, str] = {}
    for item in items:
        number, _, reason = item.partition("=")
        reason = reason or default_reason or ""
        if not number.strip().isdigit() or reason not in KEEP_REASONS:
            raise ValueError(f"--keep {item}: 需要 序号=理由（{'、'.join(KEEP_REASONS)}）"
                             f" / needs NUMBER=REASON (or --keep-reason)")
        keep[int(number)] = reason
    return keep


def to_text(result: RedactionResult) -> str:
    """The result as a clerk reads it."""
    lines = [f"输出 / output: {result.output}", f"sha256: {result.leak.sha256}",
             f"已脱敏 / masked: {len(result.plan.masked)} 项"]
    for kept in result.plan.kept:
        note = "（同一内容在别处脱敏，此处也已脱敏）" if kept.overridden else ""
        lines.append(f"保留 / kept #{kept.number} {kept.finding.kind} {kept.finding.location}：{kept.reason}{note}")
    if result.docx is not None:
        d = result.docx
        lines.append(f"接受修订 {d.revisions_accepted} 处，删除批注标记 {d.comment_marks_removed} 处，"
                     f"删除隐藏文字 {d.hidden_runs_removed} 处，清除文档属性 {d.cleared_properties} 项，"
                     f"移除部件：{'、'.join(d.dropped_parts) or '无'}")
    if result.pdf is not None:
        p = result.pdf
        flattened = "、".join(map(str, p.flattened_pages)) or "无"
        lines.append(f"改写页：{len(p.rewritten_pages)} 页，遮盖框 {p.boxes} 个，删除批注 {p.annotations_removed} 个，"
                     f"转为图片的页（无法安全改写）：{flattened}")
    lines.append(leak_text(result.leak))
    return "\n".join(lines)


def leak_text(leak: LeakReport) -> str:
    """The leak check's verdict and every surviving item with where it was found."""
    if leak.clean:
        return f"泄漏检查：通过（{leak.checked} 项均已不存在）/ leak check: clean"
    lines = ["泄漏检查：未通过，不得公开 / leak check FAILED: do not publish"]
    if leak.error:
        lines.append(f"  {leak.error}")
    lines += [f"  {s.kind} 「{s.text}」 仍在 {s.where}" for s in leak.survivors]
    return "\n".join(lines)
