"""What reviewers do: the confidentiality clearance, the privacy decisions and the de-identified output."""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from review.model import Finding, ScanReport, Status

from ..db import read_snapshot, transaction
from ..errors import GuardRefused
from ..machine import Facts
from ..models import PersonalFinding, PrivacyApproval, PrivacyDecision
from ..vocab import DECISION_ACTIONS, EXEMPTIONS, KEEP, MASK
from .context import Redactor, WorkflowContext
from .core import Outcome, Step, begin_step, bump_revision, commit_step

logger = logging.getLogger(__name__)


def clear_confidentiality(ctx: WorkflowContext, actor_id: int, document_id: int, expected_revision: int,
                          opinion: str, secrecy_resolution: str = "") -> Outcome:
    """保密审查通过 for the current version, with the reviewer's opinion (and how a secrecy marking was resolved)."""
    with transaction(ctx.engine) as session:
        step = begin_step(session, actor_id, document_id, "clear_confidentiality", expected_revision)
        facts = Facts(comment=opinion, secrecy_marking=step.version.secrecy_marking,
                      secrecy_resolution=secrecy_resolution)
        detail = {"secrecy_marking": step.version.secrecy_marking, "secrecy_resolution": secrecy_resolution.strip()}
        return commit_step(session, ctx, step, facts, opinion, detail)


@dataclass(frozen=True, slots=True)
class Decision:
    """The privacy reviewer's decision on one finding: mask it, or keep it under a named exemption."""

    finding_id: int
    action: str
    exemption: str | None = None
    note: str = ""


def _check_decision(decision: Decision, finding_ids: set[int]) -> None:
    if decision.finding_id not in finding_ids:
        raise GuardRefused("finding_version", "该个人信息不属于文件的当前版本",
                           f"finding {decision.finding_id} does not belong to the current version")
    if decision.action not in DECISION_ACTIONS:
        raise GuardRefused("decision_action", "处理决定只能是遮盖或保留", "a decision is mask or keep")
    if decision.action == KEEP and decision.exemption not in EXEMPTIONS:
        raise GuardRefused("exemption", "保留个人信息须注明依据：惩戒公示、强制性信息披露或法律法规规定公开",
                           "keeping a personal datum needs an exemption: 惩戒公示, 强制性信息披露 or 法律法规规定公开")
    if decision.action == MASK and decision.exemption is not None:
        raise GuardRefused("exemption", "遮盖的个人信息不需要保留依据", "a masked finding takes no exemption")


def record_decisions(ctx: WorkflowContext, actor_id: int, document_id: int, expected_revision: int,
                     decisions: Sequence[Decision]) -> int:
    """Record or change decisions on the current version's findings before its output is approved; new revision."""
    with transaction(ctx.engine) as session:
        step = begin_step(session, actor_id, document_id, "approve_privacy", expected_revision)
        findings = {f.id for f in findings_of(session, step)}
        _refuse_if_approved(session, step)
        for decision in decisions:
            _check_decision(decision, findings)  # type: ignore[arg-type]
        for decision in decisions:
            _upsert(session, ctx, step, decision)
        # Decisions are part of what approval checks, so they move the optimistic-locking counter too.
        revision = bump_revision(session, ctx, step)
        logger.info("document %s: %d privacy decisions by user %s", document_id, len(decisions), actor_id)
        return revision


def _refuse_if_approved(session: Session, step: Step) -> None:
    if _approval(session, step) is not None:
        raise GuardRefused("approved_frozen", "当前版本的去标识化文件已批准，处理决定不能再修改",
                           "the current version's output is approved; its decisions can no longer change")


def _upsert(session: Session, ctx: WorkflowContext, step: Step, decision: Decision) -> None:
    row = session.exec(select(PrivacyDecision).where(PrivacyDecision.finding_id == decision.finding_id)).one_or_none()
    row = row or PrivacyDecision(finding_id=decision.finding_id, action=decision.action, decided_by=step.actor.id)
    row.action, row.exemption, row.note = decision.action, decision.exemption, decision.note.strip()
    row.decided_by, row.decided_at = step.actor.id, ctx.clock()
    session.add(row)


def findings_of(session: Session, step: Step) -> list[PersonalFinding]:
    """The findings of the step's version, in scan order."""
    return list(session.exec(select(PersonalFinding).where(PersonalFinding.version_id == step.version.id)
                             .order_by(PersonalFinding.ordinal)))  # type: ignore[arg-type]


def _approval(session: Session, step: Step) -> PrivacyApproval | None:
    return session.exec(select(PrivacyApproval).where(PrivacyApproval.version_id == step.version.id)).one_or_none()


def decisions_of(session: Session, step: Step) -> dict[int, PrivacyDecision]:
    """The privacy decisions on the step's version, by finding id."""
    ids = [f.id for f in findings_of(session, step)]
    rows = session.exec(select(PrivacyDecision).where(col(PrivacyDecision.finding_id).in_(ids)))
    return {d.finding_id: d for d in rows}


def as_review_finding(row: PersonalFinding) -> Finding:
    """A stored finding as the scan engine's value object, for the redaction writer."""
    boxes = tuple(tuple(b) for b in json.loads(row.boxes_json))
    return Finding(row.kind, row.text, row.where, row.location, row.page, row.start, row.end,  # type: ignore[arg-type]
                   row.block_index, boxes, (row.context_before, row.context_after))


def squeezed(text: str) -> str:
    """``text`` without white space, so a number found with or without its spaces compares equal."""
    return "".join(text.split())


def leaks_in(masked: Sequence[Finding], rescan: ScanReport) -> int:
    """How many masked items the re-scan of the output still finds (an unreadable output counts as leaking)."""
    if rescan.status is not Status.OK:
        return max(1, len(masked))
    found = [squeezed(f.text) for f in rescan.personal_data]
    return sum(1 for m in masked if any(squeezed(m.text) and squeezed(m.text) in text for text in found))


def undecided_in(masked: Sequence[Finding], kept: Sequence[tuple[Finding, str]], rescan: ScanReport) -> int:
    """How many items the re-scan of the output finds that no one decided on: neither kept nor what a mask leaves
    of a masked item (an address cut after its village is still an address). They appear when the stored scan
    missed them, e.g. found by a newer detector: publishing them would bypass the privacy review."""
    kept_texts = {squeezed(f.text) for f, _ in kept}
    masked_texts = [squeezed(f.text) for f in masked]
    return sum(1 for f in rescan.personal_data if squeezed(f.text) not in kept_texts
               and not any(squeezed(f.text) in text for text in masked_texts))


@dataclass(frozen=True, slots=True)
class _Produced:
    output: Path
    report: ScanReport
    leaks: int
    undecided: int
    leak_check: Mapping[str, Any] | None


def _produce(ctx: WorkflowContext, step: Step, masked: list[Finding], kept: list[tuple[Finding, str]],
             redactor: Redactor, folder: Path) -> _Produced:
    suffix = Path(step.version.original_name).suffix.lower() or f".{step.version.file_format or 'bin'}"
    output = folder / f"deidentified{suffix}"
    with ctx.stored_copy(step.version.sha256, step.version.original_name) as source:
        leak_check = redactor(source, masked, kept, output)
    if not output.is_file():
        raise GuardRefused("output_clean", "去标识化程序没有生成文件", "the de-identification produced no file")
    report = ctx.scan(output)
    return _Produced(output, report, leaks_in(masked, report), undecided_in(masked, kept, report), leak_check)


def approve_privacy(ctx: WorkflowContext, actor_id: int, document_id: int, expected_revision: int,
                    redactor: Redactor, comment: str = "") -> Outcome:
    """Produce the de-identified output, re-scan it, and approve it if none of the masked items is left."""
    with read_snapshot(ctx.engine) as session:
        step = begin_step(session, actor_id, document_id, "approve_privacy", expected_revision)
        _refuse_if_approved(session, step)
        decisions = decisions_of(session, step)
        findings = findings_of(session, step)
        masked = [as_review_finding(f) for f in findings if f.id in decisions and decisions[f.id].action == MASK]
        kept = [(as_review_finding(f), decisions[f.id].exemption or "") for f in findings
                if f.id in decisions and decisions[f.id].action == KEEP]
    with tempfile.TemporaryDirectory(prefix="wf-privacy-") as folder:
        produced = _produce(ctx, step, masked, kept, redactor, Path(folder))
        # Re-read under the write lock: the expected revision proves no decision changed since the snapshot.
        with transaction(ctx.engine) as session:
            step = begin_step(session, actor_id, document_id, "approve_privacy", expected_revision)
            decisions = decisions_of(session, step)
            facts = Facts(undecided_findings=len(findings_of(session, step)) - len(decisions),
                          output_clean=produced.leaks == 0 and produced.report.status is Status.OK,
                          undecided_in_output=produced.undecided)

            def approval(session: Session) -> dict[str, Any]:
                return _store_approval(session, ctx, step, produced, decisions)

            return commit_step(session, ctx, step, facts, comment, extras=approval)


def _store_approval(session: Session, ctx: WorkflowContext, step: Step, produced: _Produced,
                    decisions: dict[int, PrivacyDecision]) -> dict[str, Any]:
    sha, size = ctx.store.put_file(produced.output)
    masked = sum(1 for d in decisions.values() if d.action == MASK)
    assert step.version.id is not None
    session.add(PrivacyApproval(
        version_id=step.version.id, output_sha256=sha, output_size=size, output_format=produced.report.format,
        masked_count=masked, kept_count=len(decisions) - masked, rescan_status=produced.report.status.value,
        rescan_findings=len(produced.report.personal_data), leaks=produced.leaks, approved_by=step.actor.id,
        approved_at=ctx.clock()))
    # The decisions approved, by finding, go into the hashed record so they cannot be changed unnoticed later.
    summary = {str(fid): [d.action, d.exemption] for fid, d in sorted(decisions.items())}
    detail: dict[str, Any] = {"output_sha256": sha, "masked": masked, "kept": len(decisions) - masked,
                              "decisions": summary}
    if produced.leak_check is not None:
        detail["leak_check"] = dict(produced.leak_check)
    return detail
