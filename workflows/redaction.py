"""The privacy step's writer: the review package's redaction, masking exactly what the privacy reviewer decided."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from review.model import Finding
from review.redact.service import redact_file

from .errors import GuardRefused


def review_redactor(source: Path, masked: Sequence[Finding], kept: Sequence[tuple[Finding, str]],
                    output: Path) -> dict[str, Any]:
    """Write ``output`` from ``source`` with ``masked`` masked and ``kept`` left under their exemptions.

    The findings are the stored scan of ``source`` (the same bytes, by sha256), so the writer does not scan it
    again. Returns the leak check for the review record: the output's sha256 and what was looked for, without the
    texts.
    """
    findings = [*masked, *(finding for finding, _ in kept)]
    keep = {len(masked) + number: reason for number, (_, reason) in enumerate(kept, 1)}
    result = redact_file(source, output, keep=keep, findings=findings)
    leak = result.leak
    places = [{"kind": s.kind, "where": s.where} for s in leak.survivors]
    if not leak.clean:
        named = "、".join(f"{p['kind']}（{p['where']}）" for p in places[:5]) or (leak.error or "")
        raise GuardRefused("output_clean", f"去标识化文件未通过泄露检查：{named}，不能批准",
                           f"the de-identified file failed the leak check: {named}")
    return {"sha256": leak.sha256, "clean": leak.clean, "checked": leak.checked, "survivors": places,
            "flattened_pages": list(result.flattened_pages)}
