"""起草部门: upload a draft, read the scan, declare the attribute, read a 退文 reason, upload a revision."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from workflows.intake import limit_bytes
from workflows.machine import DRAFTED, RETURNED
from workflows.services import Catalogue, declare, documents_for, revise, upload
from workflows.vocab import DRAFTER

from .. import lookups
from ..security import roles_required
from ..uploads import received
from ..workflow import ctx
from .common import done, form_revision, form_text, last_return, load_view

bp = Blueprint("drafter", __name__, url_prefix="/drafter")


@bp.context_processor
def upload_limit() -> dict[str, object]:
    """The upload limit the forms show and upload.js enforces before sending (the server enforces it again)."""
    megabytes = float(current_app.config["MAX_UPLOAD_MB"])
    return {"upload_limit_bytes": limit_bytes(megabytes), "upload_limit_label": f"{megabytes:g} MB"}


def _to_result(url: str) -> ResponseReturnValue:
    """Send the browser to the scan result: a redirect for a plain form, the address in JSON for upload.js.

    upload.js cannot stop XMLHttpRequest following a redirect, and following it would show (and use up) the
    flashed message in a page nobody sees; so the script gets the address and navigates there itself.
    """
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        return jsonify(location=url)
    return redirect(url)


@bp.get("/")
@roles_required(DRAFTER)
def index() -> ResponseReturnValue:
    """The department's documents, by state, and the upload form."""
    state = request.args.get("state") or None
    documents = documents_for(ctx().engine, current_user.id, state)
    counts = lookups.state_counts(current_user.department_id)
    returned = documents_for(ctx().engine, current_user.id, RETURNED)
    reasons = lookups.return_reasons([d.id for d in returned])
    return render_template("drafter/index.html", documents=documents, counts=counts, state=state,
                           names=lookups.department_names(), returned=returned, reasons=reasons)


@bp.post("/upload")
@roles_required(DRAFTER)
def upload_document() -> ResponseReturnValue:
    """Store and scan a new draft, then show what the scan found."""
    with received(request.files.get("file")) as file:
        outcome = upload(ctx(), current_user.id, form_text("title"), file.path, file.name,
                         is_policy=request.form.get("is_policy") == "1")
    done("文件已上传并完成检查，请核对检查结果后申报公开属性")
    return _to_result(url_for("drafter.document", document_id=outcome.document_id))


@bp.get("/doc/<int:document_id>")
@roles_required(DRAFTER)
def document(document_id: int) -> ResponseReturnValue:
    """The scan result, the declaration form, the 退文 reason and the revision form."""
    view = load_view(document_id)
    return render_template("drafter/document.html", view=view, version=view.versions[-1],
                           returned=last_return(view), names=lookups.department_names(),
                           can_declare=view.document.state == DRAFTED,
                           can_revise=view.document.state in (DRAFTED, RETURNED))


@bp.post("/doc/<int:document_id>/declare")
@roles_required(DRAFTER)
def declare_attribute(document_id: int) -> ResponseReturnValue:
    """Declare the 公开属性, with the lawful basis and reason the attribute needs, and the catalogue entry."""
    catalogue = Catalogue.parse(form_text("topic"), form_text("doc_number"), form_text("written_on"))
    declare(ctx(), current_user.id, document_id, form_revision(), form_text("attribute"),
            form_text("lawful_basis") or None, form_text("reason"), catalogue)
    done("公开属性已申报，等待政府办公室审核")
    return redirect(url_for("drafter.document", document_id=document_id))


@bp.post("/doc/<int:document_id>/revise")
@roles_required(DRAFTER)
def revise_document(document_id: int) -> ResponseReturnValue:
    """Attach a revised file as a new version; the document goes back to 起草 for a new declaration."""
    revision = form_revision()
    with received(request.files.get("file")) as file:
        revise(ctx(), current_user.id, document_id, revision, file.path, file.name, form_text("comment"))
    done("修改稿已上传并完成检查，请重新申报公开属性")
    return _to_result(url_for("drafter.document", document_id=document_id))
