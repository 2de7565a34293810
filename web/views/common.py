"""Small helpers the blueprints share: reading the form, loading a document for the signed-in user."""

from __future__ import annotations

from flask import flash, request
from flask_login import current_user

from workflows import GuardRefused
from workflows.models import ReviewRecord
from workflows.services import DocumentView, document_view

from ..workflow import ctx


def form_revision() -> int:
    """The document revision the form was rendered with (the optimistic lock), or a 400 refusal."""
    try:
        return int(request.form["revision"])
    except (KeyError, ValueError) as exc:
        raise GuardRefused("bad_form", "表单缺少文件版本号，请刷新页面后重试",
                           "the form carries no document revision; reload the page") from exc


def form_text(name: str) -> str:
    """A text field, stripped; missing means empty (the services decide whether it is required)."""
    return request.form.get(name, "").strip()


def load_view(document_id: int) -> DocumentView:
    """The document as the signed-in user may see it (a drafter of another department gets 403)."""
    return document_view(ctx().engine, current_user.id, document_id)


def last_return(view: DocumentView) -> ReviewRecord | None:
    """The most recent 退文 record, whose comment is the reason the drafter must read."""
    returns = [r for r in view.records if r.trigger == "return_document"]
    return returns[-1] if returns else None


def done(message: str) -> None:
    """Tell the user an action succeeded."""
    flash(message, "success")
