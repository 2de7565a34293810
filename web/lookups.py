"""Read-only lists the pages need and ``workflows.services.queries`` does not offer yet (thin, no decisions).

Candidates to move into ``workflows.services.queries``: counts per state, the queue filtered by attribute, the
audit record filter and the portal's joined list. They only read, through the request's session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import col, select

from workflows.machine import PUBLISHED
from workflows.models import Department, Document, PrivacyApproval, PublishedEntry, ReviewRecord

from .workflow import db_session

PAGE = 50


def departments() -> list[Department]:
    """Every department, by code."""
    return list(db_session().exec(select(Department).order_by(col(Department.code))))


def department_names() -> dict[int, str]:
    """Department names by id."""
    return {d.id: d.name for d in departments() if d.id is not None}


def state_counts(department_id: int | None = None) -> dict[str, int]:
    """How many documents are in each state (of one department, or all)."""
    statement = select(Document.state, func.count()).group_by(col(Document.state))
    if department_id is not None:
        statement = statement.where(Document.department_id == department_id)
    return {state: count for state, count in db_session().exec(statement)}


def department_state_counts() -> dict[tuple[int, str], int]:
    """How many documents each department has in each state."""
    statement = select(Document.department_id, Document.state, func.count()).group_by(
        col(Document.department_id), col(Document.state))
    return {(department, state): count for department, state, count in db_session().exec(statement)}


def policy_entries(limit: int = PAGE) -> list[PublishedEntry]:
    """Published policy documents (those with a 解读 deadline), most recent deadline first."""
    statement = (select(PublishedEntry).where(col(PublishedEntry.interpretation_due).is_not(None))
                 .order_by(col(PublishedEntry.interpretation_due).desc()).limit(limit))
    return list(db_session().exec(statement))


def filtered_queue(state: str | None, department_id: int | None, attribute: str | None,
                   page: int = 0, query: str = "") -> list[Document]:
    """Documents filtered by state, department, declared attribute and words in the title, newest change first."""
    statement = select(Document)
    if query:
        statement = statement.where(col(Document.title).contains(query, autoescape=True))
    if state:
        statement = statement.where(Document.state == state)
    if department_id:
        statement = statement.where(Document.department_id == department_id)
    if attribute:
        statement = statement.where(Document.attribute == attribute)
    statement = statement.order_by(col(Document.updated_at).desc(), col(Document.id).desc())
    return list(db_session().exec(statement.offset(page * PAGE).limit(PAGE)))


def return_reasons(document_ids: list[int]) -> dict[int, ReviewRecord]:
    """The latest 退文 record of each given document that has one."""
    if not document_ids:
        return {}
    statement = (select(ReviewRecord).where(col(ReviewRecord.document_id).in_(document_ids),
                                            ReviewRecord.trigger == "return_document")
                 .order_by(col(ReviewRecord.seq)))
    return {r.document_id: r for r in db_session().exec(statement)}


@dataclass(frozen=True)
class RecordFilter:
    """What the auditor narrowed the records to."""

    document_id: int | None = None
    username: str = ""
    trigger: str = ""
    since: datetime | None = None
    until: datetime | None = None


def records(where: RecordFilter, page: int = 0) -> list[ReviewRecord]:
    """Review records matching the filter, newest first."""
    statement = select(ReviewRecord)
    if where.document_id is not None:
        statement = statement.where(ReviewRecord.document_id == where.document_id)
    if where.username:
        statement = statement.where(ReviewRecord.actor_username == where.username)
    if where.trigger:
        statement = statement.where(ReviewRecord.trigger == where.trigger)
    if where.since is not None:
        statement = statement.where(col(ReviewRecord.at) >= where.since)
    if where.until is not None:
        statement = statement.where(col(ReviewRecord.at) < where.until)
    statement = statement.order_by(col(ReviewRecord.seq).desc())
    return list(db_session().exec(statement.offset(page * PAGE).limit(PAGE)))


@dataclass(frozen=True)
class PortalEntry:
    """A published document as the portal lists it."""

    entry: PublishedEntry
    publisher: str
    converted: bool  # published through 依申请转主动公开
    file_format: str  # of the de-identified output: "docx" or "pdf"
    topic: str | None  # the catalogue's 主题分类, 文号 and 成文日期 as declared
    doc_number: str | None
    written_on: date | None


def _portal(statement: object) -> list[PortalEntry]:
    rows = db_session().exec(statement)  # type: ignore[call-overload]
    return [PortalEntry(entry, name, document.converted_from is not None, fmt or "docx", document.topic,
                        document.doc_number, document.written_on) for entry, name, document, fmt in rows]


def _portal_select() -> object:
    return (select(PublishedEntry, Department.name, Document, PrivacyApproval.output_format)
            .join(PrivacyApproval, col(PrivacyApproval.version_id) == col(PublishedEntry.version_id))
            .join(Document, col(Document.id) == col(PublishedEntry.document_id))
            .join(Department, col(Department.id) == col(Document.department_id))
            .where(Document.state == PUBLISHED))


def portal_entries(page: int = 0, query: str = "", topic: str = "") -> list[PortalEntry]:
    """Published documents, newest first; optionally of one 主题分类 and whose title, 索引号 or de-identified
    text contains ``query``."""
    statement = _portal_select().order_by(col(PublishedEntry.published_at).desc())  # type: ignore[attr-defined]
    if topic:
        statement = statement.where(Document.topic == topic)
    if query:
        statement = statement.where(col(PublishedEntry.title).contains(query, autoescape=True)
                                    | col(PublishedEntry.index_no).contains(query, autoescape=True)
                                    | col(PublishedEntry.body_text).contains(query, autoescape=True))
    return _portal(statement.offset(page * PAGE).limit(PAGE))


def portal_entry(entry_id: int) -> PortalEntry | None:
    """One published document by its entry id."""
    found = _portal(_portal_select().where(PublishedEntry.id == entry_id))  # type: ignore[attr-defined]
    return found[0] if found else None
