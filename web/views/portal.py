"""政府信息公开 portal, without sign-in: only published, de-identified documents are reachable."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, abort, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue

from workflows.services.published import published_text
from workflows.services.requests import Application, submit_request
from workflows.vocab import TOPICS

from .. import lookups
from ..filters import iso_time
from ..workflow import ctx
from .common import done, form_text

bp = Blueprint("portal", __name__, url_prefix="/gongkai")

_MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@bp.get("/")
def index() -> ResponseReturnValue:
    """目录: 索引号, title, 发布机构, 成文日期, 文号, 主题分类 and 公开方式 of every published document."""
    page, query = request.args.get("page", ""), request.args.get("q", "").strip()[:100]
    topic = request.args.get("topic", "")
    topic = topic if topic in TOPICS else ""
    entries = lookups.portal_entries(int(page) if page.isdigit() else 0, query, topic)
    return render_template("portal/index.html", entries=entries, query=query, topic=topic)


@bp.get("/feed.atom")
def feed() -> ResponseReturnValue:
    """The newest published documents as an Atom feed."""
    entries = lookups.portal_entries()
    updated = entries[0].entry.published_at if entries else datetime(2000, 1, 1, tzinfo=UTC)
    body = render_template("portal/feed.xml", entries=entries, updated=iso_time(updated))
    return Response(body, mimetype="application/atom+xml")


def _entry(entry_id: int) -> lookups.PortalEntry:
    found = lookups.portal_entry(entry_id)
    if found is None:
        abort(404)
    return found


@bp.get("/<int:entry_id>")
def entry(entry_id: int) -> ResponseReturnValue:
    """One published document's page."""
    item = _entry(entry_id)
    text = published_text(ctx(), item.entry.output_sha256, item.file_format or "docx")
    return render_template("portal/entry.html", item=item, text=text)


@bp.get("/<int:entry_id>/file")
def download(entry_id: int) -> ResponseReturnValue:
    """The de-identified output that was approved and published (never the original upload)."""
    item = _entry(entry_id)
    fmt = item.file_format if item.file_format in _MIMETYPES else "docx"
    name = f"{item.entry.index_no.replace('/', '_')}.{fmt}"
    return send_file(ctx().store.open(item.entry.output_sha256), mimetype=_MIMETYPES[fmt], as_attachment=True,
                     download_name=name)


@bp.route("/apply", methods=["GET", "POST"])
def apply() -> ResponseReturnValue:
    """依申请公开: anyone may ask for information that is not published; only the office sees who asked."""
    if request.method == "GET":
        return render_template("portal/apply.html")
    number = submit_request(ctx(), Application(form_text("applicant_name"), form_text("applicant_contact"),
                                               form_text("description")))
    done(f"已收到您的政府信息公开申请，受理编号 {number}。政府办公室将按条例规定的期限答复。")
    return redirect(url_for("portal.apply"))
