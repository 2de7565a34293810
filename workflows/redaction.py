"""The privacy step's writer: the review package's redaction, masking exactly what the privacy reviewer decided."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from review.model import Finding
from review.redact.service import redact_file
from review.scanner import Scanner

from .errors import GuardRefused


def _key(finding: Finding) -> tuple[str, str, str, str, int]:
    return finding.kind, finding.text, finding.where, finding.location, finding.start


def review_redactor(source: Path, masked: Sequence[Finding], kept: Sequence[tuple[Finding, str]],
                    output: Path) -> dict[str, Any]:
    """Write ``output`` from ``source`` with ``masked`` masked and ``kept`` left under their exemptions.

    The writer numbers findings by its own scan of ``source``; the scan is deterministic, so each decided finding
    is matched to its number by kind, text and position. A finding the writer sees but nobody decided is masked.
    Returns the leak check for the review record: the output's sha256 and what was looked for, without the texts.
    """
    reasons = {_key(finding): reason for finding, reason in kept}
    report = Scanner().scan(source)
    keep = {number: reasons[_key(f)] for number, f in enumerate(report.personal_data, 1) if _key(f) in reasons}
    result = redact_file(source, output, keep=keep)
    leak = result.leak
    places = [{"kind": s.kind, "where": s.where} for s in leak.survivors]
    if not leak.clean:
        named = "、".join(f"{p['kind']}（{p['where']}）" for p in places[:5]) or (leak.error or "")
        raise GuardRefused("output_clean", f"去标识化文件未通过泄露检查：{named}，不能批准",
                           f"the de-identified file failed the leak check: {named}")
    return {"sha256": leak.sha256, "clean": leak.clean, "checked": leak.checked, "survivors": places,
            "flattened_pages": list(result.flattened_pages)}
