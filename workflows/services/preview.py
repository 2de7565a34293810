"""The privacy reviewer's preview: the de-identified output of the decisions so far, made without approving it.

A preview moves nothing and records nothing: the document keeps its state and revision and the record chain is
untouched. Its output goes into the content store, which is content-addressed, so a preview made twice is one file.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from review.errors import ReviewError
from review.model import Finding, ScanReport, Status

from ..db import read_snapshot
from ..errors import GuardRefused
from ..models import DocumentVersion
from ..vocab import KEEP, OFFICE, PRIVACY
from .context import Redactor, WorkflowContext
from .core import Step, begin_step, load_actor, load_document, uploaders_of
from .published import PublishedParagraph, published_text
from .reviewing import as_review_finding, decisions_of, findings_of, squeezed

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Survivor:
    """A masked item still found in the preview's output; ``text`` is for the reviewer's eyes only."""

    kind: str
    where: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class LeakSummary:
    """The leak check of a preview: clean only when the writer's check and the re-scan both found nothing."""

    clean: bool
    checked: int  # masked items looked for
    survivors: tuple[Survivor, ...] = ()
    reason: str = ""  # why it is not clean, in the clerk's words


@dataclass(frozen=True, slots=True)
class Preview:
    """What the privacy reviewer sees beside the original: the output, its text and its leak check."""

    document_id: int
    version_no: int
    revision: int
    source_sha256: str
    source_format: str
    output_sha256: str
    output_format: str
    masked: tuple[str, ...]  # texts masked (undecided findings included), to mark them in the original
    kept: tuple[str, ...]  # texts kept under an exemption
    undecided: int
    leak: LeakSummary
    text: tuple[PublishedParagraph, ...]

    def original(self, ctx: WorkflowContext) -> tuple[PublishedParagraph, ...]:
        """The original version's text, in the same form as the de-identified text."""
        return published_text(ctx, self.source_sha256, self.source_format)


@dataclass(frozen=True, slots=True)
class _Plan:
    step: Step
    masked: list[Finding]
    kept: list[tuple[Finding, str]]
    undecided: int


def _plan(ctx: WorkflowContext, actor_id: int, document_id: int) -> _Plan:
    with read_snapshot(ctx.engine) as session:
        # The approval's own checks (role, state, separation of duties) at the revision just read: no lock needed,
        # because nothing is written.
        revision = load_document(session, document_id).revision
        step = begin_step(session, actor_id, document_id, "approve_privacy", revision)
        decisions = decisions_of(session, step)
        findings = findings_of(session, step)
        kept_ids = {fid for fid, d in decisions.items() if d.action == KEEP}
        kept = [(as_review_finding(f), decisions[f.id].exemption or "") for f in findings
                if f.id in kept_ids]
        # Undecided findings are masked: a preview must never show more than an approval could publish.
        masked = [as_review_finding(f) for f in findings if f.id not in kept_ids]
        return _Plan(step, masked, kept, len(findings) - len(decisions))


def _run_redactor(redactor: Redactor, source: Path, plan: _Plan, output: Path) -> tuple[Mapping[str, Any] | None, str]:
    """The writer's own leak check, or the reason it refused (a refused leak check still leaves its output)."""
    try:
        return redactor(source, plan.masked, plan.kept, output), ""
    except GuardRefused as exc:
        if exc.rule != "output_clean":
            raise
        return {"clean": False}, exc.zh.removeprefix(f"[{exc.rule}] ")
    except ReviewError as exc:
        raise GuardRefused("deidentify", f"无法生成去标识化文件：{exc}",
                           "the de-identified file could not be written") from exc


def _rescan_survivors(masked: Sequence[Finding], report: ScanReport) -> list[Survivor]:
    survivors = []
    for found in report.personal_data:
        for item in masked:
            if squeezed(item.text) and squeezed(item.text) in squeezed(found.text):
                survivors.append(Survivor(found.kind, f"{found.where} {found.location}".strip(), item.text))
                break
    return survivors


def _leak_summary(plan: _Plan, checked: Mapping[str, Any] | None, refusal: str, report: ScanReport) -> LeakSummary:
    survivors = _rescan_survivors(plan.masked, report)
    writer_clean = checked is None or bool(checked.get("clean", True))
    if not survivors and checked is not None:
        # The writer's places (no texts in its record form): what survived where the re-scan cannot see, e.g. XML.
        survivors = [Survivor(str(s.get("kind", "")), str(s.get("where", ""))) for s in checked.get("survivors", ())]
    reason = refusal or ("" if report.status is Status.OK else f"复查未能完整读取去标识化文件：{report.error or ''}")
    clean = writer_clean and report.status is Status.OK and not survivors and not reason
    if not clean and not reason:
        reason = "去标识化文件中仍有应遮盖的个人信息"
    count = checked.get("checked", len(plan.masked)) if checked is not None else len(plan.masked)
    return LeakSummary(clean, int(count), tuple(survivors), reason)


def preview_deidentified(ctx: WorkflowContext, actor_id: int, document_id: int, redactor: Redactor) -> Preview:
    """Write the de-identified output of the current decisions, leak-check it and return it; nothing is recorded."""
    plan = _plan(ctx, actor_id, document_id)
    version: DocumentVersion = plan.step.version
    suffix = Path(version.original_name).suffix.lower() or f".{version.file_format or 'bin'}"
    with tempfile.TemporaryDirectory(prefix="wf-preview-") as folder:
        output = Path(folder) / f"deidentified{suffix}"
        with ctx.stored_copy(version.sha256, version.original_name) as source:
            checked, refusal = _run_redactor(redactor, source, plan, output)
        if not output.is_file():
            raise GuardRefused("output_clean", "去标识化程序没有生成文件", "the de-identification produced no file")
        report = ctx.scan(output)
        sha, _ = ctx.store.put_file(output)
    fmt = report.format or version.file_format or "docx"
    leak = _leak_summary(plan, checked, refusal, report)
    logger.info("document %s: preview by user %s, %d masked, %d kept, clean=%s", document_id, actor_id,
                len(plan.masked), len(plan.kept), leak.clean)
    return Preview(document_id, version.number, plan.step.document.revision, version.sha256,
                   version.file_format or "docx", sha, fmt, tuple(f.text for f in plan.masked),
                   tuple(f.text for f, _ in plan.kept), plan.undecided, leak, published_text(ctx, sha, fmt))


def check_preview_reader(ctx: WorkflowContext, actor_id: int, document_id: int) -> None:
    """Refuse unless the actor may read the document's preview: a privacy reviewer or the office, not its drafter."""
    with read_snapshot(ctx.engine) as session:
        actor = load_actor(session, actor_id)
        load_document(session, document_id)
        uploaders = uploaders_of(session, document_id)
    if not actor.roles & {PRIVACY, OFFICE}:
        raise GuardRefused("role", "去标识化预览仅供隐私审查人员和政府办公室查看",
                           "the de-identified preview is for privacy reviewers and the office only")
    if actor.id in uploaders:
        raise GuardRefused("separation_of_duties", "不能查看自己起草的文件的去标识化预览",
                           "no one may read the preview of a document they drafted")
