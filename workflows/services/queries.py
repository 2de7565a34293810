"""Reading: the queues, a document with its versions, findings, decisions and records, the published list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ..db import read_snapshot
from ..errors import GuardRefused
from ..models import (
    Document,
    DocumentPublic,
    DocumentVersion,
    PersonalFinding,
    PrivacyApproval,
    PrivacyDecision,
    PublishedEntry,
    ReviewRecord,
)
from ..models.columns import utcnow
from ..records import SHANGHAI
from ..vocab import AUDITOR, CONFIDENTIALITY, DRAFTER, OFFICE, PRIVACY
from ..workdays import Deadline, deadline_status
from .core import load_actor, load_document

QUEUE_PAGE = 50
# Roles that see every department's documents; drafters see only their own department's.
_ALL_DEPARTMENTS = frozenset({OFFICE, CONFIDENTIALITY, PRIVACY, AUDITOR})


def queue(engine: Engine, state: str | None = None, department_id: int | None = None,
          limit: int = QUEUE_PAGE, offset: int = 0) -> list[DocumentPublic]:
    """Documents filtered by state and department, newest change first (served by ix_documents_queue)."""
    statement = select(Document)
    if state is not None:
        statement = statement.where(Document.state == state)
    if department_id is not None:
        statement = statement.where(Document.department_id == department_id)
    statement = statement.order_by(col(Document.updated_at).desc(), col(Document.id).desc())
    with read_snapshot(engine) as session:
        rows = session.exec(statement.offset(offset).limit(limit)).all()
        return [DocumentPublic.model_validate(row) for row in rows]


def documents_for(engine: Engine, actor_id: int, state: str | None = None,
                  limit: int = QUEUE_PAGE, offset: int = 0) -> list[DocumentPublic]:
    """The documents an actor may see: their department's for a drafter, all for office, reviewers and auditors."""
    with read_snapshot(engine) as session:
        actor = load_actor(session, actor_id)
    if actor.roles & _ALL_DEPARTMENTS:
        return queue(engine, state, None, limit, offset)
    if DRAFTER in actor.roles and actor.department_id is not None:
        return queue(engine, state, actor.department_id, limit, offset)
    return []


@dataclass(frozen=True)
class FindingView:
    """A finding of a version with the decision taken on it, if any."""

    finding: PersonalFinding
    decision: PrivacyDecision | None


@dataclass(frozen=True)
class DocumentView:
    """Everything a reviewer needs to see about one document."""

    document: DocumentPublic
    versions: list[DocumentVersion]
    findings: list[FindingView]  # of the current version
    approval: PrivacyApproval | None
    records: list[ReviewRecord]
    published: PublishedEntry | None


def document_view(engine: Engine, actor_id: int, document_id: int) -> DocumentView:
    """One document as the actor may see it (drafters: own department only)."""
    with read_snapshot(engine) as session:
        actor = load_actor(session, actor_id)
        document = load_document(session, document_id)
        if not actor.roles & _ALL_DEPARTMENTS and actor.department_id != document.department_id:
            raise GuardRefused("department", "只能查看本部门的文件", "you may see only your department's documents")
        versions = list(session.exec(select(DocumentVersion).where(DocumentVersion.document_id == document_id)
                                     .order_by(col(DocumentVersion.number))))
        current = versions[-1]
        return DocumentView(
            DocumentPublic.model_validate(document), versions, _finding_views(session, current),
            session.exec(select(PrivacyApproval).where(PrivacyApproval.version_id == current.id)).one_or_none(),
            list(session.exec(select(ReviewRecord).where(ReviewRecord.document_id == document_id)
                              .order_by(col(ReviewRecord.seq)))),
            session.exec(select(PublishedEntry).where(PublishedEntry.document_id == document_id)).one_or_none())


def _finding_views(session: Session, version: DocumentVersion) -> list[FindingView]:
    findings = list(session.exec(select(PersonalFinding).where(PersonalFinding.version_id == version.id)
                                 .order_by(col(PersonalFinding.ordinal))))
    ids = [f.id for f in findings]
    decisions = {d.finding_id: d for d in session.exec(
        select(PrivacyDecision).where(col(PrivacyDecision.finding_id).in_(ids)))}
    return [FindingView(f, decisions.get(f.id)) for f in findings]  # type: ignore[arg-type]


def published_entries(engine: Engine, limit: int = QUEUE_PAGE, offset: int = 0) -> list[PublishedEntry]:
    """What the portal lists, newest publication first."""
    with read_snapshot(engine) as session:
        return list(session.exec(select(PublishedEntry).order_by(col(PublishedEntry.published_at).desc())
                                 .offset(offset).limit(limit)))


def interpretation_deadline(entry: PublishedEntry, today: date) -> Deadline | None:
    """A policy document's 解读 deadline as due or overdue on ``today`` (Asia/Shanghai date); None otherwise."""
    if entry.interpretation_due is None:
        return None
    return deadline_status(entry.interpretation_due, today, entry.due_estimated)


def shanghai_today() -> date:
    """Today's date in Asia/Shanghai."""
    return utcnow().astimezone(SHANGHAI).date()
