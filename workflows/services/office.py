"""What the government office does: accept or return a declaration, file, convert, publish."""

from __future__ import annotations

import logging
from typing import Any

from sqlmodel import Session, select

from ..db import transaction
from ..indexno import allocate_serial, format_index_no
from ..machine import Facts
from ..models import Department, PrivacyApproval, PublishedEntry, ReviewRecord
from ..records import SHANGHAI
from ..vocab import PROACTIVE
from ..workdays import INTERPRETATION_WORKING_DAYS, add_working_days
from .context import WorkflowContext
from .core import Outcome, Step, begin_step, commit_step
from .published import published_text
from .requests import count_requests

logger = logging.getLogger(__name__)


def _declared_facts(step: Step, comment: str = "") -> Facts:
    document, version = step.document, step.version
    return Facts(attribute=document.attribute, lawful_basis=document.lawful_basis,
                 reason=document.declared_reason or "", comment=comment, scan_complete=version.scan_status == "ok",
                 marking=version.marking_value, marking_conflict=version.marking_conflict)


def accept_attribute(ctx: WorkflowContext, actor_id: int, document_id: int, expected_revision: int,
                     comment: str = "") -> Outcome:
    """Accept a 主动公开 declaration whose marking agrees, sending the document to confidentiality review."""
    with transaction(ctx.engine) as session:
        step = begin_step(session, actor_id, document_id, "accept_attribute", expected_revision)
        return commit_step(session, ctx, step, _declared_facts(step, comment), comment,
                           {"attribute": step.document.attribute})


def file_undisclosed(ctx: WorkflowContext, actor_id: int, document_id: int, expected_revision: int,
                     reason: str) -> Outcome:
    """File a 依申请公开 or 不予公开 document (kept, not published), with the office's reason."""
    with transaction(ctx.engine) as session:
        step = begin_step(session, actor_id, document_id, "file_undisclosed", expected_revision)
        detail = {"attribute": step.document.attribute, "lawful_basis": step.document.lawful_basis}
        return commit_step(session, ctx, step, _declared_facts(step, reason), reason, detail)


def return_document(ctx: WorkflowContext, actor_id: int, document_id: int, expected_revision: int,
                    reason: str) -> Outcome:
    """退文: send the document back to its drafter with a reason (office, confidentiality or privacy reviewer)."""
    with transaction(ctx.engine) as session:
        step = begin_step(session, actor_id, document_id, "return_document", expected_revision)
        return commit_step(session, ctx, step, Facts(comment=reason), reason)


def convert_to_proactive(ctx: WorkflowContext, actor_id: int, document_id: int, expected_revision: int,
                         reason: str) -> Outcome:
    """依申请转主动公开: a filed 依申请公开 document becomes 主动公开 and goes to confidentiality review."""
    with transaction(ctx.engine) as session:
        step = begin_step(session, actor_id, document_id, "convert_to_proactive", expected_revision)
        previous = step.document.attribute
        changes = {"attribute": PROACTIVE, "converted_from": previous}
        detail = {"attribute_from": previous, "attribute_to": PROACTIVE,
                  "applications": count_requests(session, document_id)}
        return commit_step(session, ctx, step, Facts(attribute=previous, comment=reason), reason, detail, changes)


def publish_facts(session: Session, step: Step) -> Facts:
    """Whether the current version was cleared and its output approved, each by someone who did not draft it."""
    version = step.version
    cleared = session.exec(select(ReviewRecord.actor_id).where(
        ReviewRecord.document_id == step.document.id, ReviewRecord.trigger == "clear_confidentiality",
        ReviewRecord.version_no == version.number)).all()
    approval = session.exec(select(PrivacyApproval).where(PrivacyApproval.version_id == version.id)).one_or_none()
    approved = (approval is not None and approval.approved_by not in step.uploaders and approval.leaks == 0
                and approval.rescan_status == "ok")
    return Facts(attribute=step.document.attribute,
                 confidentiality_cleared=any(a not in step.uploaders for a in cleared), privacy_approved=approved)


def publish(ctx: WorkflowContext, actor_id: int, document_id: int, expected_revision: int,
            comment: str = "") -> Outcome:
    """Publish the approved de-identified output under a new 索引号; policy documents get a 解读 deadline."""
    with transaction(ctx.engine) as session:
        step = begin_step(session, actor_id, document_id, "publish", expected_revision)
        facts = publish_facts(session, step)

        def entry(session: Session) -> dict[str, Any]:
            return _publish_entry(session, ctx, step)

        return commit_step(session, ctx, step, facts, comment, extras=entry)


def _text_of(ctx: WorkflowContext, sha256: str, file_format: str | None) -> str:
    """The output's text, one paragraph or table row a line; empty for a format the extractors do not read."""
    if file_format not in ("docx", "pdf"):
        return ""
    return "\n".join(" ".join(p.cells) for p in published_text(ctx, sha256, file_format))


def _publish_entry(session: Session, ctx: WorkflowContext, step: Step) -> dict[str, Any]:
    document, version = step.document, step.version
    approval = session.exec(select(PrivacyApproval).where(PrivacyApproval.version_id == version.id)).one()
    department = session.get(Department, document.department_id)
    assert department is not None and document.id is not None and version.id is not None
    now = ctx.clock()
    local_day = now.astimezone(SHANGHAI).date()
    serial = allocate_serial(session, department.code, local_day.year)
    due, estimated = (add_working_days(local_day, INTERPRETATION_WORKING_DAYS) if document.is_policy
                      else (None, False))
    index_no = format_index_no(department.code, local_day.year, serial)
    session.add(PublishedEntry(
        document_id=document.id, version_id=version.id, output_sha256=approval.output_sha256, index_no=index_no,
        org_code=department.code, year=local_day.year, serial=serial, title=document.title,
        published_by=step.actor.id, published_at=now, interpretation_due=due, due_estimated=estimated,
        body_text=_text_of(ctx, approval.output_sha256, version.file_format)))
    return {"index_no": index_no, "output_sha256": approval.output_sha256,
            "interpretation_due": due.isoformat() if due else None}
