"""What drafters do: upload a document, declare its attribute, revise it after it was returned."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session

from review.model import ScanReport, Status

from ..db import transaction
from ..errors import GuardRefused
from ..machine import CREATE, DRAFTED, Facts
from ..models import Document, DocumentVersion, PersonalFinding
from ..models.document import marking_places_json
from ..vocab import DRAFTER
from .context import WorkflowContext
from .core import Outcome, begin_step, commit_step, load_actor, require_role, write_record

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The 政府信息公开目录 entry declared with the attribute: 主题分类 (from ``TOPICS``), 文号 and 成文日期."""

    topic: str | None = None
    doc_number: str | None = None
    written_on: date | None = None

    @classmethod
    def parse(cls, topic: str, doc_number: str = "", written_on: str = "") -> Catalogue:
        """The entry as a form or a JSON body sends it (the date as YYYY-MM-DD, empty when there is none)."""
        try:
            day = date.fromisoformat(written_on.strip()) if written_on.strip() else None
        except ValueError as exc:
            raise GuardRefused("written_on_invalid", "成文日期格式不正确，应为 年-月-日（如 2026-03-18）",
                               "the 成文日期 must be a date like 2026-03-18") from exc
        return cls(topic.strip() or None, doc_number.strip() or None, day)

    @classmethod
    def from_text(cls, version: DocumentVersion, topic: str | None) -> Catalogue:
        """The 文号 and 成文日期 as the scan read them from ``version``, with ``topic``."""
        return cls(topic, version.found_doc_number, version.found_written_on)


def upload(ctx: WorkflowContext, actor_id: int, title: str, source: Path | str, original_name: str,
           is_policy: bool = False) -> Outcome:
    """Store and scan a new draft, and create its document in ``drafted`` with version 1."""
    if not title.strip():
        raise GuardRefused("title_required", "请填写文件标题", "a title is required")
    sha, size = ctx.store.put_file(source)
    report = ctx.scan_stored(sha, original_name)
    with transaction(ctx.engine) as session:
        actor = load_actor(session, actor_id)
        require_role(actor, DRAFTER, CREATE)
        if actor.department_id is None:
            raise GuardRefused("department", "起草人未归属任何部门", "the drafter belongs to no department")
        now = ctx.clock()
        document = Document(title=title.strip(), department_id=actor.department_id, is_policy=is_policy,
                            created_by=actor.id, created_at=now, updated_at=now)
        session.add(document)
        session.flush()
        assert document.id is not None
        add_version(session, document.id, 1, sha, size, original_name, actor.id, report, ctx)
        record = write_record(session, ctx, actor, DRAFTER, document, "", DRAFTED, CREATE, 1, sha, "",
                              {"title": document.title, "is_policy": is_policy, "scan_status": report.status.value})
        logger.info("document %s created by user %s (record %s)", document.id, actor.id, record.seq)
        return Outcome(document.id, DRAFTED, 1, record.seq, record.hash)


def add_version(session: Session, document_id: int, number: int, sha: str, size: int, original_name: str,
                uploader: int, report: ScanReport, ctx: WorkflowContext) -> DocumentVersion:
    """A new immutable version with what the scan found; earlier versions and their findings stay as they are."""
    version = DocumentVersion(
        document_id=document_id, number=number, sha256=sha, size=size, original_name=original_name[:500],
        file_format=report.format, uploaded_by=uploader, uploaded_at=ctx.clock(), scan_status=report.status.value,
        scan_error=report.error, marking_value=report.attribute.value, marking_text=report.attribute.marking,
        marking_conflict=report.attribute.conflict, found_doc_number=report.facts.doc_number,
        found_written_on=report.facts.written_on, **_places(report))
    session.add(version)
    session.flush()
    assert version.id is not None
    for ordinal, found in enumerate(report.personal_data):
        session.add(PersonalFinding(
            version_id=version.id, ordinal=ordinal, kind=found.kind, text=found.text, where=found.where,
            location=found.location, page=found.page, start=found.start, end=found.end,
            block_index=found.block_index, context_before=found.context[0], context_after=found.context[1],
            boxes_json=json.dumps([list(b) for b in found.boxes])))
    logger.info("document %s version %s: scan %s, %d findings", document_id, number, report.status.value,
                len(report.personal_data))
    return version


def _places(report: ScanReport) -> dict[str, Any]:
    """The secrecy marking and where each marking was found, as the version's columns."""
    places: dict[str, Any] = {"marking_places_json": marking_places_json(report.attribute.markings)}
    if report.secrecy is not None:
        found = report.secrecy
        places.update(secrecy_marking=found.marking, secrecy_where=found.where, secrecy_page=found.page,
                      secrecy_location=found.location)
    return places


def declare(ctx: WorkflowContext, actor_id: int, document_id: int, expected_revision: int, attribute: str,
            lawful_basis: str | None = None, reason: str = "", catalogue: Catalogue | None = None) -> Outcome:
    """Declare the 公开属性 (with the lawful basis and reason the design requires) and the catalogue entry."""
    lawful_basis = lawful_basis or None
    catalogue = catalogue or Catalogue()
    with transaction(ctx.engine) as session:
        step = begin_step(session, actor_id, document_id, "declare", expected_revision)
        facts = Facts(attribute=attribute, lawful_basis=lawful_basis, reason=reason, topic=catalogue.topic,
                      scan_complete=step.version.scan_status == Status.OK.value)
        number = (catalogue.doc_number or "").strip()[:100] or None
        changes = {"attribute": attribute, "lawful_basis": lawful_basis, "declared_reason": reason.strip() or None,
                   "topic": catalogue.topic, "doc_number": number, "written_on": catalogue.written_on}
        detail = {"attribute": attribute, "lawful_basis": lawful_basis, "reason": reason.strip(),
                  "topic": catalogue.topic, "doc_number": number,
                  "written_on": catalogue.written_on.isoformat() if catalogue.written_on else None}
        return commit_step(session, ctx, step, facts, reason, detail, changes)


def revise(ctx: WorkflowContext, actor_id: int, document_id: int, expected_revision: int, source: Path | str,
           original_name: str, comment: str = "") -> Outcome:
    """Attach a revised file as a new version and send the document back to ``drafted``."""
    sha, size = ctx.store.put_file(source)
    report = ctx.scan_stored(sha, original_name)
    with transaction(ctx.engine) as session:
        step = begin_step(session, actor_id, document_id, "revise", expected_revision)
        assert step.document.id is not None
        number = step.document.current_version_no + 1
        document_id_ = step.document.id

        def new_version(session: Session) -> dict[str, object]:
            add_version(session, document_id_, number, sha, size, original_name, step.actor.id, report, ctx)
            return {"version_no": number, "scan_status": report.status.value, "_file_sha256": sha}

        return commit_step(session, ctx, step, Facts(), comment, changes={"current_version_no": number},
                           extras=new_version)
