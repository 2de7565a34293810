"""依申请公开 applications: the public files them; the office ties each to the filed document it asks for.

Where applications concentrate on one document, the office page says so, and 依申请转主动公开 records how many
there were (条例 第四十四条: information many people ask for may be made 主动公开).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ..db import read_snapshot, transaction
from ..errors import GuardRefused, NotFound
from ..machine import FILED
from ..models import Document
from ..models.requests import InformationRequest
from ..records import SHANGHAI
from ..vocab import OFFICE
from ..workdays import add_working_days
from .context import WorkflowContext
from .core import Actor, load_actor

logger = logging.getLogger(__name__)

# From this many applications for one document the office is told that they concentrate (local policy).
CONCENTRATION = 3
# 条例 第三十三条: an application is answered within 20 working days of its receipt.
ANSWER_WORKING_DAYS = 20
_LIMITS = {"applicant_name": 100, "applicant_contact": 200, "description": 2000}
ANSWER_LIMIT = 2000  # characters of the office's answer (the answer form allows no more)


@dataclass(frozen=True, slots=True)
class Application:
    """What an applicant sends from the portal."""

    applicant_name: str
    applicant_contact: str
    description: str


def submit_request(ctx: WorkflowContext, application: Application) -> int:
    """Store a new application (no sign-in: anyone may apply); returns its 受理编号."""
    fields = {name: getattr(application, name).strip() for name in _LIMITS}
    for name, limit in _LIMITS.items():
        if not fields[name]:
            raise GuardRefused("request_incomplete", "请填写姓名、联系方式和所需信息的描述",
                               "name, contact and a description of the information are required")
        _check_length(name, fields[name], limit)
    with transaction(ctx.engine) as session:
        request = InformationRequest(received_at=ctx.clock(), **fields)
        session.add(request)
        session.flush()
        assert request.id is not None
        logger.info("information request %s received", request.id)
        return request.id


def _check_length(name: str, text: str, limit: int) -> None:
    # Refused rather than cut: text sent past the form's own limit must not be stored shortened without a word.
    if len(text) > limit:
        raise GuardRefused("request_too_long", f"内容过长（不超过 {limit} 字）", f"{name} is over {limit} characters")


@dataclass(frozen=True, slots=True)
class PendingRequest:
    """An unanswered application with the day its answer is due."""

    request: InformationRequest
    due: date
    overdue: bool


def _office_request(session: Session, actor_id: int, request_id: int) -> tuple[Actor, InformationRequest]:
    actor = load_actor(session, actor_id)
    if OFFICE not in actor.roles:
        raise GuardRefused("role", "只有政府办公室可以处理公开申请", "only the office handles applications")
    request = session.get(InformationRequest, request_id)
    if request is None:
        raise NotFound("申请不存在", f"no application {request_id}")
    return actor, request


def link_request(ctx: WorkflowContext, actor_id: int, request_id: int, document_id: int) -> None:
    """Record which filed document an application asks for (the office only)."""
    with transaction(ctx.engine) as session:
        actor, request = _office_request(session, actor_id, request_id)
        document = session.get(Document, document_id)
        if document is None:
            raise NotFound("文件不存在", f"no document {document_id}")
        if document.state != FILED:
            raise GuardRefused("request_document", "只能关联已归档（不公开）的文件",
                               "an application can only be tied to a filed (unpublished) document")
        request.document_id, request.linked_by, request.linked_at = document_id, actor.id, ctx.clock()
        session.add(request)
    logger.info("information request %s tied to document %s by user %s", request_id, document_id, actor_id)


def answer_request(ctx: WorkflowContext, actor_id: int, request_id: int, answer: str) -> None:
    """Record the office's reply to an application (once; the reply itself is sent to the applicant)."""
    answer = answer.strip()
    if not answer:
        raise GuardRefused("answer_required", "请填写答复内容", "write the answer")
    _check_length("answer", answer, ANSWER_LIMIT)
    with transaction(ctx.engine) as session:
        actor, request = _office_request(session, actor_id, request_id)
        if request.answered_at is not None:
            raise GuardRefused("answered", "该申请已答复", "the application has been answered already")
        request.answer, request.answered_by, request.answered_at = answer, actor.id, ctx.clock()
        session.add(request)
    logger.info("information request %s answered by user %s", request_id, actor_id)


def due_date(request: InformationRequest) -> date:
    """The last day to answer: ANSWER_WORKING_DAYS working days after the day of receipt (Shanghai time)."""
    return add_working_days(request.received_at.astimezone(SHANGHAI).date(), ANSWER_WORKING_DAYS)[0]


def unanswered(engine: Engine, today: date, limit: int = 100) -> list[PendingRequest]:
    """Applications not yet answered, oldest first, with their due day (the office's worklist)."""
    with read_snapshot(engine) as session:
        rows = session.exec(select(InformationRequest).where(col(InformationRequest.answered_at).is_(None))
                            .order_by(col(InformationRequest.received_at)).limit(limit)).all()
    return [PendingRequest(r, due, due < today) for r in rows for due in (due_date(r),)]


def requests_for(engine: Engine, document_id: int) -> int:
    """How many applications ask for one document."""
    with read_snapshot(engine) as session:
        return count_requests(session, document_id)


def count_requests(session: Session, document_id: int) -> int:
    """How many applications ask for one document, read in ``session``."""
    return session.exec(select(func.count()).select_from(InformationRequest)
                        .where(InformationRequest.document_id == document_id)).one()


def filed_documents(engine: Engine) -> list[tuple[Document, int]]:
    """Filed documents with how many applications ask for each, the most asked for first."""
    with read_snapshot(engine) as session:
        asked = (select(InformationRequest.document_id, func.count().label("n"))
                 .group_by(col(InformationRequest.document_id)).subquery())
        rows = session.exec(select(Document, func.coalesce(asked.c.n, 0))
                            .outerjoin(asked, asked.c.document_id == col(Document.id))
                            .where(Document.state == FILED)
                            .order_by(func.coalesce(asked.c.n, 0).desc(), col(Document.id))).all()
        return [(document, int(count)) for document, count in rows]
