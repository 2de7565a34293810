"""保密审查 and 隐私审查: clear or return; decide each personal-data finding; approve the de-identified output."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

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
from workflows.services.preview import Preview, check_preview_reader, preview_deidentified
from workflows.services.published import PublishedParagraph
from workflows.vocab import CONFIDENTIALITY, OFFICE, PRIVACY

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


def _page(document_id: int, **extra: Any) -> str:
    view = load_view(document_id)
    state = view.document.state
    return render_template("reviewers/document.html", view=view, version=view.versions[-1],
                           names=lookups.department_names(),
                           confidentiality=state == CONFIDENTIALITY_REVIEW and current_user.has(CONFIDENTIALITY),
                           privacy=state == PRIVACY_REVIEW and current_user.has(PRIVACY), **extra)


@bp.get("/doc/<int:document_id>")
@roles_required(CONFIDENTIALITY, PRIVACY)
def document(document_id: int) -> ResponseReturnValue:
    """The document with the review forms its state calls for."""
    return _page(document_id)


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


# A preview link names a stored file; the signature proves this app made it as a preview of this document version.
_PREVIEW_SALT = "privacy-preview"
_PREVIEW_MAX_AGE = 8 * 3600  # a working day, like the forms
_MIMETYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              "pdf": "application/pdf"}


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_PREVIEW_SALT)


def _segments(text: str, pattern: re.Pattern[str] | None, kept: frozenset[str]) -> list[tuple[str, str]]:
    """``text`` cut into (piece, css class) so the template marks masked and kept items without raw HTML."""
    if pattern is None:
        return [(text, "")]
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append((text[last:match.start()], ""))
        pieces.append((match.group(), "kept" if match.group() in kept else "masked"))
        last = match.end()
    pieces.append((text[last:], ""))
    return [p for p in pieces if p[0]]


def _column(paragraphs: tuple[PublishedParagraph, ...], needles: list[str],
            kept: frozenset[str]) -> list[list[list[tuple[str, str]]]]:
    alternatives = [re.escape(n) for n in sorted(set(filter(None, needles)), key=len, reverse=True)]
    pattern = re.compile("|".join(alternatives)) if alternatives else None
    return [[_segments(cell, pattern, kept) for cell in p.cells] for p in paragraphs]


def _preview_columns(preview: Preview) -> dict[str, Any]:
    kept = frozenset(preview.kept)
    original = _column(preview.original(ctx()), [*preview.masked, *preview.kept], kept)
    # In the output the masked forms (runs of the masking character) are what to point at, and the kept texts.
    output = _column(preview.text, list(preview.kept), kept)
    stars = re.compile(r"[*＊]+")
    output = [[_mark_stars(cell, stars) for cell in row] for row in output]
    return {"original": original, "output": output}


def _mark_stars(cell: list[tuple[str, str]], stars: re.Pattern[str]) -> list[tuple[str, str]]:
    marked: list[tuple[str, str]] = []
    for piece, css in cell:
        marked.extend(_segments(piece, stars, frozenset()) if not css else [(piece, css)])
    return marked


@bp.post("/doc/<int:document_id>/preview")
@roles_required(PRIVACY)
def preview(document_id: int) -> ResponseReturnValue:
    """生成预览: the de-identified text beside the original, its leak check and a download link; nothing recorded."""
    made = preview_deidentified(ctx(), current_user.id, document_id, redactor())
    token = _signer().dumps([made.document_id, made.version_no, made.output_sha256, made.output_format])
    return _page(document_id, preview=made, preview_token=token, columns=_preview_columns(made))


@bp.get("/doc/<int:document_id>/preview/<token>")
@roles_required(PRIVACY, OFFICE)
def preview_file(document_id: int, token: str) -> ResponseReturnValue:
    """The previewed de-identified file, for a privacy reviewer or the office who is not its drafter."""
    try:
        doc, version_no, sha256, fmt = _signer().loads(token, max_age=_PREVIEW_MAX_AGE)
    except (BadSignature, ValueError, TypeError):
        abort(403)
    if doc != document_id or fmt not in _MIMETYPES:
        abort(403)
    check_preview_reader(ctx(), current_user.id, document_id)
    return send_file(ctx().store.open(sha256), mimetype=_MIMETYPES[fmt], as_attachment=True,
                     download_name=f"预览-{document_id}-第{version_no}版.{fmt}")
