"""Helpers for tests of the workflow and of callers (web): a scanner and redactors over a tiny JSON format.

A "fake document" is a JSON file ``{"status", "attribute", "conflict", "secrecy", "personal": [[kind, text], ...]}``
(optionally ``"markings": [[value, text, where, location, page], ...]``, the 公开属性 markings with their places,
which then decide the attribute as the real scan does) so workflow tests can say exactly what the scan finds,
independent of the detectors. Real-document tests use ``review.Scanner`` instead.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from review.model import AttributeMarking, AttributeResult, Finding, ScanReport, SecrecyMarking, Status, TextBlock


def write_fake(path: Path, attribute: str | None = "主动公开", personal: Sequence[tuple[str, str]] = (),
               secrecy: str | None = None, status: str = "ok", conflict: bool = False,
               markings: Sequence[tuple[str, str, str, str, int | None]] = ()) -> Path:
    """Write a fake document the fake scanner reads back."""
    body = {"status": status, "attribute": attribute, "conflict": conflict, "secrecy": secrecy,
            "personal": [list(p) for p in personal], "markings": [list(m) for m in markings]}
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return path


def fake_scan(path: Path) -> ScanReport:
    """Read a fake document as if the scan engine had found what it lists."""
    try:
        body: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ScanReport(str(path), None, Status.UNREADABLE, error="not a fake document")
    findings = []
    for index, (kind, text) in enumerate(body.get("personal", [])):
        block = TextBlock(f"前文{text}后文", "body", index, f"正文第{index + 1}段")
        findings.append(Finding.in_block(kind, block, 2, 2 + len(text)))
    secrecy = SecrecyMarking(body["secrecy"], "body", "首页", 1) if body.get("secrecy") else None
    return ScanReport(str(path), "docx", Status(body.get("status", "ok")), attribute=_attribute(body),
                      secrecy=secrecy, personal_data=tuple(findings))


def _attribute(body: dict[str, Any]) -> AttributeResult:
    """The listed markings decide as the real scan's do; without them, one marking of the given value at the end."""
    if body.get("markings"):
        return AttributeResult.from_markings([AttributeMarking(*m) for m in body["markings"]])
    value = body.get("attribute")
    if value is None or body.get("conflict"):
        return AttributeResult(None, value and f"（此件{value}）", bool(body.get("conflict")))
    return AttributeResult.from_markings([AttributeMarking(value, f"（此件{value}）", "body", "正文末段", 1)])


def masking_redactor(source: Path, masked: Sequence[Finding], kept: Sequence[tuple[Finding, str]],
                     output: Path) -> None:
    """Drop every masked item from a fake document (a correct de-identification)."""
    body = json.loads(source.read_text(encoding="utf-8"))
    texts = {f.text for f in masked}
    body["personal"] = [p for p in body["personal"] if p[1] not in texts]
    output.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")


def leaky_redactor(source: Path, masked: Sequence[Finding], kept: Sequence[tuple[Finding, str]],
                   output: Path) -> None:
    """Copy the document unchanged (a de-identification that forgot to mask)."""
    output.write_bytes(source.read_bytes())
