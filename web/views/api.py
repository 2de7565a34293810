"""A read-only JSON API (first slice): the published list for anyone, documents for signed-in staff.

Changes still go through the pages (forms with CSRF tokens); the API described in ``openapi.json`` only reads.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from workflows.machine import STATES
from workflows.models import DocumentPublic, DocumentVersion
from workflows.services import DocumentView, FindingView, documents_for
from workflows.vocab import ROLES

from .. import lookups
from ..filters import iso_time
from ..openapi import spec
from ..workflow import ctx
from .common import load_view

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    """The OpenAPI 3.1 description of this API."""
    return jsonify(spec(url_for("api.openapi", _external=True).rsplit("/", 1)[0]))


def _published(item: lookups.PortalEntry) -> dict[str, Any]:
    entry = item.entry
    return {"id": entry.id, "index_no": entry.index_no, "title": entry.title, "publisher": item.publisher,
            "published_at": iso_time(entry.published_at),
            "disclosure": "依申请转主动公开" if item.converted else "主动公开",
            "page_url": url_for("portal.entry", entry_id=entry.id, _external=True),
            "file_url": url_for("portal.download", entry_id=entry.id, _external=True)}


def _page() -> int:
    page = request.args.get("page", "")
    return int(page) if page.isdigit() else 0


@bp.get("/published")
def published_list() -> ResponseReturnValue:
    """Published documents, newest first, 50 a page (no sign-in)."""
    return jsonify({"items": [_published(i) for i in lookups.portal_entries(_page())], "page": _page()})


@bp.get("/published/<int:entry_id>")
def published_one(entry_id: int) -> ResponseReturnValue:
    """One published document (no sign-in)."""
    found = lookups.portal_entry(entry_id)
    if found is None:
        abort(404)
    return jsonify(_published(found))


def _require_staff() -> None:
    if not current_user.is_authenticated:
        abort(401)
    if not current_user.has(*ROLES):
        abort(403)


def _document(document: DocumentPublic) -> dict[str, Any]:
    return {"id": document.id, "title": document.title, "department_id": document.department_id,
            "state": document.state, "revision": document.revision, "attribute": document.attribute,
            "lawful_basis": document.lawful_basis, "declared_reason": document.declared_reason,
            "converted_from": document.converted_from, "is_policy": document.is_policy,
            "current_version": document.current_version_no, "updated_at": iso_time(document.updated_at)}


@bp.get("/documents")
def document_list() -> ResponseReturnValue:
    """The documents the signed-in user may see, filtered by state."""
    _require_staff()
    state = request.args.get("state") if request.args.get("state") in STATES else None
    documents = documents_for(ctx().engine, current_user.id, state, offset=_page() * lookups.PAGE)
    return jsonify({"items": [_document(d) for d in documents], "page": _page()})


def _version(version: DocumentVersion) -> dict[str, Any]:
    return {"number": version.number, "sha256": version.sha256, "size": version.size,
            "format": version.file_format, "uploaded_at": iso_time(version.uploaded_at),
            "scan_status": version.scan_status, "marking": version.marking_value,
            "marking_text": version.marking_text, "marking_conflict": version.marking_conflict,
            "secrecy_marking": version.secrecy_marking}


def _finding(item: FindingView) -> dict[str, Any]:
    # Kinds and places only: the personal data itself stays on the review pages.
    finding, decision = item.finding, item.decision
    return {"id": finding.id, "kind": finding.kind, "where": finding.where, "page": finding.page,
            "decision": decision.action if decision else None,
            "exemption": decision.exemption if decision else None}


def _detail(view: DocumentView) -> dict[str, Any]:
    return {**_document(view.document), "versions": [_version(v) for v in view.versions],
            "findings": [_finding(f) for f in view.findings],
            "records": [{"seq": r.seq, "at": iso_time(r.at), "trigger": r.trigger, "from": r.from_state,
                         "to": r.to_state, "actor": r.actor_username, "role": r.role, "version": r.version_no,
                         "comment": r.comment, "hash": r.hash} for r in view.records],
            "index_no": view.published.index_no if view.published else None}


@bp.get("/documents/<int:document_id>")
def document_detail(document_id: int) -> ResponseReturnValue:
    """One document with its versions, findings (kinds only), decisions and review records."""
    _require_staff()
    return jsonify(_detail(load_view(document_id)))
