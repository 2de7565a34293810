"""审计: read the review records, follow one document's timeline, export the chain, verify it. Nothing changes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import Blueprint, Response, render_template, request, stream_with_context
from flask.typing import ResponseReturnValue

from workflows.machine import TRIGGER_LABELS
from workflows.records import SHANGHAI, export_records, verify_chain
from workflows.vocab import AUDITOR

from .. import lookups
from ..security import roles_required
from ..workflow import ctx
from .common import load_view

bp = Blueprint("auditor", __name__, url_prefix="/audit")


def _day(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _start_of(day: date | None) -> datetime | None:
    return datetime.combine(day, time.min, SHANGHAI) if day else None


def _filter() -> lookups.RecordFilter:
    document = request.args.get("document", "")
    until = _day("until")
    return lookups.RecordFilter(
        document_id=int(document) if document.isdigit() else None,
        username=request.args.get("user", "").strip(),
        trigger=request.args.get("trigger", "") if request.args.get("trigger") in TRIGGER_LABELS else "",
        since=_start_of(_day("since")), until=_start_of(until + timedelta(days=1)) if until else None)


@bp.get("/")
@roles_required(AUDITOR)
def index() -> ResponseReturnValue:
    """Review records, newest first, filtered by document, user, action and day (Asia/Shanghai)."""
    page = request.args.get("page", "")
    found = lookups.records(_filter(), int(page) if page.isdigit() else 0)
    return render_template("auditor/index.html", records=found, args=request.args, triggers=TRIGGER_LABELS)


@bp.get("/doc/<int:document_id>")
@roles_required(AUDITOR)
def timeline(document_id: int) -> ResponseReturnValue:
    """Every record of one document, in order."""
    view = load_view(document_id)
    return render_template("auditor/timeline.html", view=view, names=lookups.department_names())


@bp.get("/export.csv")
@roles_required(AUDITOR)
def export() -> ResponseReturnValue:
    """The whole chain as CSV, streamed."""
    body = stream_with_context(export_records(ctx().engine, "csv"))
    return Response(body, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=review-records.csv"})


@bp.get("/verify")
@roles_required(AUDITOR)
def verify() -> ResponseReturnValue:
    """Walk the whole chain and show whether it verifies, and where it breaks if not."""
    return render_template("auditor/verify.html", result=verify_chain(ctx().engine))
