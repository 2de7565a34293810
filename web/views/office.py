"""政府办公室: the queue, and accept / file / return / publish / convert on one document."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from workflows.machine import STATES
from workflows.services import (
    Outcome,
    WorkflowContext,
    accept_attribute,
    convert_to_proactive,
    file_undisclosed,
    publish,
    return_document,
    shanghai_today,
)
from workflows.services.requests import (
    ANSWER_LIMIT,
    CONCENTRATION,
    answer_request,
    filed_documents,
    link_request,
    requests_for,
    unanswered,
)
from workflows.vocab import ATTRIBUTES, OFFICE

from .. import lookups
from ..security import roles_required
from ..workflow import ctx
from .common import done, form_revision, form_text, last_return, load_view
from .dashboard import page as dashboard_page

bp = Blueprint("office", __name__, url_prefix="/office")

# action in the URL -> (service, message on success); each service takes (ctx, actor, doc, revision, text).
ACTIONS: dict[str, tuple[Callable[[WorkflowContext, int, int, int, str], Outcome], str]] = {
    "accept": (accept_attribute, "已审核通过公开属性，转保密审查"),
    "file": (file_undisclosed, "已归档（不公开）"),
    "return": (return_document, "已退文，起草部门将看到退文理由"),
    "publish": (publish, "已公开发布"),
    "convert": (convert_to_proactive, "已依申请转主动公开，转保密审查"),
}


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


@bp.get("/")
@roles_required(OFFICE)
def index() -> ResponseReturnValue:
    """The queue with filters by state, department and declared attribute, and the count in each state."""
    state = request.args.get("state") if request.args.get("state") in STATES else None
    attribute = request.args.get("attribute") if request.args.get("attribute") in ATTRIBUTES else None
    department_id = _int_arg("department")
    query = request.args.get("q", "").strip()[:100]
    documents = lookups.filtered_queue(state, department_id, attribute, _int_arg("page") or 0, query)
    return render_template("office/index.html", documents=documents, counts=lookups.state_counts(),
                           departments=lookups.departments(), names=lookups.department_names(),
                           state=state, attribute=attribute, department_id=department_id, query=query)


@bp.get("/dashboard")
@roles_required(OFFICE)
def dashboard() -> ResponseReturnValue:
    """The dashboard at its first address (it now lives in ``web.views.dashboard``, open to auditors too)."""
    return dashboard_page()


@bp.get("/doc/<int:document_id>")
@roles_required(OFFICE)
def document(document_id: int) -> ResponseReturnValue:
    """The declaration beside the marking found in the text, the scan, the history and the actions."""
    view = load_view(document_id)
    return render_template("office/document.html", view=view, version=view.versions[-1],
                           returned=last_return(view), names=lookups.department_names(),
                           applications=requests_for(ctx().engine, document_id), concentration=CONCENTRATION)


@bp.get("/requests")
@roles_required(OFFICE)
def requests() -> ResponseReturnValue:
    """Unanswered 依申请公开 applications with their due day, to tie to a filed document and to answer."""
    return render_template("office/requests.html", pending=unanswered(ctx().engine, shanghai_today()),
                           filed=filed_documents(ctx().engine), concentration=CONCENTRATION,
                           answer_limit=ANSWER_LIMIT, names=lookups.department_names())


@bp.post("/requests/<int:request_id>/link")
@roles_required(OFFICE)
def link(request_id: int) -> ResponseReturnValue:
    """Tie one application to a filed document."""
    document_id = form_text("document_id")
    link_request(ctx(), current_user.id, request_id, int(document_id) if document_id.isdigit() else 0)
    done(f"申请 {request_id} 已关联到文件")
    return redirect(url_for("office.requests"))


@bp.post("/requests/<int:request_id>/answer")
@roles_required(OFFICE)
def answer(request_id: int) -> ResponseReturnValue:
    """Record the answer to one application."""
    answer_request(ctx(), current_user.id, request_id, form_text("answer"))
    done(f"申请 {request_id} 已答复")
    return redirect(url_for("office.requests"))


@bp.post("/doc/<int:document_id>/<action>")
@roles_required(OFFICE)
def act(document_id: int, action: str) -> ResponseReturnValue:
    """Run one office action through its service; a refusal names the rule and changes nothing."""
    if action not in ACTIONS:
        abort(404)
    service, message = ACTIONS[action]
    service(ctx(), current_user.id, document_id, form_revision(), form_text("comment"))
    done(message)
    return redirect(url_for("office.document", document_id=document_id))
