"""保密审查 and 隐私审查: clear or return; decide each personal-data finding; approve the de-identified output."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from workflows.machine import CONFIDENTIALITY_REVIEW, PRIVACY_REVIEW
from workflows.services import (
    Decision,
    DocumentView,
    approve_privacy,
    clear_confidentiality,
    queue,
    record_decisions,
    return_document,
)
from workflows.vocab import CONFIDENTIALITY, PRIVACY

from .. import lookups
from ..security import roles_required
from ..workflow import ctx, redactor
from .common import done, form_revision, form_text, load_view

bp = Blueprint("reviewers", __name__, url_prefix="/review")


@bp.get("/")
@roles_required(CONFIDENTIALITY, PRIVACY)
def index() -> ResponseReturnValue:
    """The documents waiting for the reviews this user may do."""
    engine = ctx().engine
    waiting = {}
    if current_user.has(CONFIDENTIALITY):
        waiting[CONFIDENTIALITY_REVIEW] = queue(engine, CONFIDENTIALITY_REVIEW)
    if current_user.has(PRIVACY):
        waiting[PRIVACY_REVIEW] = queue(engine, PRIVACY_REVIEW)
    return render_template("reviewers/index.html", waiting=waiting, names=lookups.department_names())


@bp.get("/doc/<int:document_id>")
@roles_required(CONFIDENTIALITY, PRIVACY)
def document(document_id: int) -> ResponseReturnValue:
    """The document with the review forms its state calls for."""
    view = load_view(document_id)
    state = view.document.state
    return render_template("reviewers/document.html", view=view, version=view.versions[-1],
                           names=lookups.department_names(),
                           confidentiality=state == CONFIDENTIALITY_REVIEW and current_user.has(CONFIDENTIALITY),
                           privacy=state == PRIVACY_REVIEW and current_user.has(PRIVACY))


def _back(document_id: int) -> ResponseReturnValue:
    return redirect(url_for("reviewers.document", document_id=document_id))


@bp.post("/doc/<int:document_id>/clear")
@roles_required(CONFIDENTIALITY)
def clear(document_id: int) -> ResponseReturnValue:
    """保密审查通过, with the opinion (required) and how a secrecy marking was resolved."""
    clear_confidentiality(ctx(), current_user.id, document_id, form_revision(), form_text("opinion"),
                          form_text("secrecy_resolution"))
    done("保密审查已通过，转隐私审查")
    return _back(document_id)


@bp.post("/doc/<int:document_id>/return")
@roles_required(CONFIDENTIALITY, PRIVACY)
def return_(document_id: int) -> ResponseReturnValue:
    """退文 from a review, with the reason (required)."""
    return_document(ctx(), current_user.id, document_id, form_revision(), form_text("comment"))
    done("已退文，起草部门将看到退文理由")
    return _back(document_id)


def _decisions(view: DocumentView) -> list[Decision]:
    """The decisions filled in on the form, for the current version's findings only."""
    decisions = []
    for item in view.findings:
        finding_id = item.finding.id
        action = request.form.get(f"action-{finding_id}", "")
        if finding_id is None or not action:
            continue
        exemption = request.form.get(f"exemption-{finding_id}", "").strip() or None
        decisions.append(Decision(finding_id, action, exemption, request.form.get(f"note-{finding_id}", "")))
    return decisions


@bp.post("/doc/<int:document_id>/decisions")
@roles_required(PRIVACY)
def decide(document_id: int) -> ResponseReturnValue:
    """Record the mask / keep decisions (keep needs an exemption)."""
    decisions = _decisions(load_view(document_id))
    record_decisions(ctx(), current_user.id, document_id, form_revision(), decisions)
    done(f"已保存 {len(decisions)} 项处理决定")
    return _back(document_id)


@bp.post("/doc/<int:document_id>/approve")
@roles_required(PRIVACY)
def approve(document_id: int) -> ResponseReturnValue:
    """Produce the de-identified output, re-scan it, and approve it if nothing masked is left."""
    approve_privacy(ctx(), current_user.id, document_id, form_revision(), redactor(), form_text("comment"))
    done("去标识化文件已生成，复查通过并已批准，等待政府办公室公开发布")
    return _back(document_id)
