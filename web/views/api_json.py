"""How the API writes documents, versions, findings, records and outcomes as JSON (the shapes ``web.openapi`` names)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import url_for

from workflows.models import DocumentPublic, DocumentVersion, ReviewRecord
from workflows.services import DocumentView, FindingView, Outcome

from .. import lookups
from ..filters import iso_time


def published(item: lookups.PortalEntry) -> dict[str, Any]:
    """A published document as the portal lists it."""
    entry = item.entry
    return {"id": entry.id, "index_no": entry.index_no, "title": entry.title, "publisher": item.publisher,
            "published_at": iso_time(entry.published_at), "topic": item.topic, "doc_number": item.doc_number,
            "written_on": _day(item.written_on),
            "disclosure": "依申请转主动公开" if item.converted else "主动公开",
            "page_url": url_for("portal.entry", entry_id=entry.id, _external=True),
            "file_url": url_for("portal.download", entry_id=entry.id, _external=True)}


def document(document: DocumentPublic) -> dict[str, Any]:
    """A document's own fields."""
    return {"id": document.id, "title": document.title, "department_id": document.department_id,
            "state": document.state, "revision": document.revision, "attribute": document.attribute,
            "lawful_basis": document.lawful_basis, "declared_reason": document.declared_reason,
            "converted_from": document.converted_from, "is_policy": document.is_policy,
            "current_version": document.current_version_no, "updated_at": iso_time(document.updated_at),
            "topic": document.topic, "doc_number": document.doc_number, "written_on": _day(document.written_on)}


def version(version: DocumentVersion) -> dict[str, Any]:
    """One uploaded version and what its scan found, with where each marking is (never the personal data)."""
    secrecy = version.secrecy()
    return {"number": version.number, "sha256": version.sha256, "size": version.size,
            "format": version.file_format, "uploaded_at": iso_time(version.uploaded_at),
            "scan_status": version.scan_status, "marking": version.marking_value,
            "marking_text": version.marking_text, "marking_conflict": version.marking_conflict,
            "secrecy_marking": version.secrecy_marking, "found_doc_number": version.found_doc_number,
            "found_written_on": _day(version.found_written_on),
            "marking_places": [{"value": m.value, "marking": m.marking, **_place(m.where, m.page, m.location)}
                               for m in version.markings()],
            "secrecy_place": _place(secrecy.where, secrecy.page, secrecy.location) if secrecy else None}


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _place(where: str, page: int | None, location: str) -> dict[str, Any]:
    return {"where": where, "page": page, "location": location}


def finding(item: FindingView) -> dict[str, Any]:
    """A finding's kind, place and decision. The personal data itself stays on the review pages."""
    found, decision = item.finding, item.decision
    return {"id": found.id, "kind": found.kind, "where": found.where, "page": found.page,
            "decision": decision.action if decision else None,
            "exemption": decision.exemption if decision else None}


def record(r: ReviewRecord) -> dict[str, Any]:
    """One review record of the chain."""
    return {"seq": r.seq, "document_id": r.document_id, "at": iso_time(r.at), "trigger": r.trigger,
            "from": r.from_state, "to": r.to_state, "actor": r.actor_username, "role": r.role,
            "version": r.version_no, "comment": r.comment, "hash": r.hash}


def detail(view: DocumentView) -> dict[str, Any]:
    """A document with its versions, findings and records."""
    return {**document(view.document), "versions": [version(v) for v in view.versions],
            "findings": [finding(f) for f in view.findings], "records": [record(r) for r in view.records],
            "index_no": view.published.index_no if view.published else None}


def outcome(done: Outcome) -> dict[str, Any]:
    """What a transition did."""
    return {"document_id": done.document_id, "state": done.state, "revision": done.revision,
            "record_seq": done.record_seq, "record_hash": done.record_hash}
