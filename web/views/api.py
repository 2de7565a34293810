"""The JSON API: reads for staff and the public, and every document action through the ``workflows`` services.

Who may do what is the same as on the pages: the services check role, department and separation of duties, and
a refusal answers ``{"error": {"rule", "message_zh", "message_en"}}`` (see ``web.errors``). Callers authenticate
with ``Authorization: Bearer <token>`` (a personal token, no CSRF) or with the browser session, in which case every
state-changing call must carry the session's CSRF token in ``X-CSRFToken``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

from flask import Blueprint, abort, current_app, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from flask.wrappers import Response
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect, generate_csrf

from workflows import GuardRefused
from workflows.machine import EDGES, STATES, TRIGGER_LABELS, TRIGGERS
from workflows.services import (
    Catalogue,
    Decision,
    Outcome,
    accept_attribute,
    approve_privacy,
    clear_confidentiality,
    convert_to_proactive,
    declare,
    documents_for,
    file_undisclosed,
    publish,
    record_decisions,
    return_document,
    revise,
    upload,
)
from workflows.services.tokens import token_user
from workflows.vocab import AUDITOR, DRAFTER, PRIVACY, ROLE_LABELS, ROLES

from .. import lookups
from ..openapi import spec
from ..security import WebUser
from ..uploads import received
from ..workflow import ctx, redactor
from . import api_json as out
from .common import load_view

bp = Blueprint("api", __name__, url_prefix="/api/v1")

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The roles that may ever fire each trigger: anyone else is refused with 403 before the document is looked at,
# as the pages' role checks do, so the answer does not depend on the document's state.
TRIGGER_ROLES = {t: frozenset(e.role for e in EDGES if e.trigger == t) for t in TRIGGERS}
Body = Mapping[str, Any]


@bp.record_once
def _exempt_from_form_csrf(state: Any) -> None:
    # Token calls carry no CSRF token; session calls are checked in _authenticate below instead.
    cast(CSRFProtect, state.app.extensions["csrf"]).exempt(bp)


@bp.before_request
def _authenticate() -> None:
    """A bearer token replaces the session; a session's state-changing call must prove it came from our pages."""
    header = request.headers.get("Authorization")
    if header is not None:
        _bearer(header)
    elif (request.method not in _SAFE_METHODS and current_user.is_authenticated
          and current_app.config.get("WTF_CSRF_ENABLED", True)):
        cast(CSRFProtect, current_app.extensions["csrf"]).protect()


@bp.after_request
def _challenge(response: Response) -> Response:
    """A 401 names the scheme to authenticate with (RFC 6750)."""
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _bearer(header: str) -> None:
    scheme, _, secret = header.partition(" ")
    user = token_user(ctx().engine, secret.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        raise GuardRefused("token", "API 令牌无效、已撤销或其用户已停用",
                           "the API token is unknown, revoked, or its user is disabled")
    # Set for this request only: a token call never writes the session cookie.
    current_app.login_manager._update_request_context_with_user(WebUser(user))  # type: ignore[attr-defined]


def _require(*roles: str) -> None:
    """401 without a user; 403 unless the user holds one of ``roles``."""
    if not current_user.is_authenticated:
        abort(401)
    if not current_user.has(*roles):
        labels = "、".join(ROLE_LABELS[r] for r in sorted(roles))
        raise GuardRefused("role", f"此操作须由{labels}人员办理", f"this needs one of the roles: {', '.join(roles)}")


def _page() -> int:
    page = request.args.get("page", "")
    return int(page) if page.isdigit() else 0


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    """The OpenAPI 3.1 description of this API."""
    return jsonify(spec(url_for("api.openapi", _external=True).rsplit("/", 1)[0]))


@bp.get("/csrf-token")
def csrf_token() -> ResponseReturnValue:
    """The session's CSRF token, for a script in our pages calling state-changing endpoints (send as X-CSRFToken)."""
    _require(*ROLES)
    return jsonify({"csrf_token": generate_csrf(), "header": "X-CSRFToken"})


@bp.get("/published")
def published_list() -> ResponseReturnValue:
    """Published documents, newest first, 50 a page (no sign-in)."""
    return jsonify({"items": [out.published(i) for i in lookups.portal_entries(_page())], "page": _page()})


@bp.get("/published/<int:entry_id>")
def published_one(entry_id: int) -> ResponseReturnValue:
    """One published document (no sign-in)."""
    found = lookups.portal_entry(entry_id)
    if found is None:
        abort(404)
    return jsonify(out.published(found))


@bp.get("/documents")
def document_list() -> ResponseReturnValue:
    """The documents the signed-in user may see, filtered by state."""
    _require(*ROLES)
    state = request.args.get("state") if request.args.get("state") in STATES else None
    documents = documents_for(ctx().engine, current_user.id, state, offset=_page() * lookups.PAGE)
    return jsonify({"items": [out.document(d) for d in documents], "page": _page()})


@bp.get("/documents/<int:document_id>")
def document_detail(document_id: int) -> ResponseReturnValue:
    """One document with its versions, findings (kinds only), decisions and review records."""
    _require(*ROLES)
    return jsonify(out.detail(load_view(document_id)))


@bp.get("/documents/<int:document_id>/versions")
def document_versions(document_id: int) -> ResponseReturnValue:
    """Every version of one document with what its scan found."""
    _require(*ROLES)
    return jsonify({"items": [out.version(v) for v in load_view(document_id).versions]})


@bp.get("/documents/<int:document_id>/findings")
def document_findings(document_id: int) -> ResponseReturnValue:
    """The current version's personal-data findings (kind and place, never the text) with their decisions."""
    _require(*ROLES)
    return jsonify({"items": [out.finding(f) for f in load_view(document_id).findings]})


@bp.get("/documents/<int:document_id>/records")
def document_records(document_id: int) -> ResponseReturnValue:
    """The review records of one document, oldest first."""
    _require(*ROLES)
    return jsonify({"items": [out.record(r) for r in load_view(document_id).records]})


@bp.get("/records")
def record_list() -> ResponseReturnValue:
    """Review records of every document, newest first, filtered by document, user and action (auditors)."""
    _require(AUDITOR)
    document = request.args.get("document", "")
    trigger = request.args.get("trigger", "")
    where = lookups.RecordFilter(document_id=int(document) if document.isdigit() else None,
                                 username=request.args.get("user", "").strip(),
                                 trigger=trigger if trigger in TRIGGER_LABELS else "")
    return jsonify({"items": [out.record(r) for r in lookups.records(where, _page())], "page": _page()})


def _outcome(outcome: Outcome, status: int = 200) -> ResponseReturnValue:
    response = jsonify(out.outcome(outcome))
    response.status_code = status
    if status == 201:
        response.headers["Location"] = url_for("api.document_detail", document_id=outcome.document_id)
    return response


@bp.post("/documents")
def document_upload() -> ResponseReturnValue:
    """Upload a new draft (multipart: file, title, is_policy); same size and type rules as the drafter page."""
    _require(DRAFTER)
    with received(request.files.get("file")) as file:
        outcome = upload(ctx(), current_user.id, request.form.get("title", "").strip(), file.path, file.name,
                         is_policy=request.form.get("is_policy", "").lower() in ("1", "true", "on"))
    return _outcome(outcome, 201)


def _body() -> Body:
    """The request's JSON object, or its form fields (multipart, for a revision with its file)."""
    if not request.is_json:
        return request.form
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise GuardRefused("bad_form", "请求体须为 JSON 对象", "the request body must be a JSON object")
    return data


def _text(body: Body, *names: str) -> str:
    """The first non-empty text field among ``names``, stripped."""
    for name in names:
        value = body.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _revision(body: Body) -> int:
    """The document revision the caller last read (the optimistic lock)."""
    value = body.get("revision")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    raise GuardRefused("bad_form", "请求缺少文件版本号 revision，请先读取文件再操作",
                       "the request carries no document revision; read the document first")


def _revise(document_id: int, revision: int, body: Body) -> Outcome:
    with received(request.files.get("file")) as file:
        return revise(ctx(), current_user.id, document_id, revision, file.path, file.name, _text(body, "comment"))


# trigger -> the service call with the fields that trigger needs; each takes (document id, revision, body).
_RUNNERS: dict[str, Callable[[int, int, Body], Outcome]] = {
    "declare": lambda d, r, b: declare(ctx(), current_user.id, d, r, _text(b, "attribute"),
                                       _text(b, "lawful_basis") or None, _text(b, "reason"),
                                       Catalogue.parse(_text(b, "topic"), _text(b, "doc_number"),
                                                       _text(b, "written_on"))),
    "accept_attribute": lambda d, r, b: accept_attribute(ctx(), current_user.id, d, r, _text(b, "comment")),
    "file_undisclosed": lambda d, r, b: file_undisclosed(ctx(), current_user.id, d, r, _text(b, "reason", "comment")),
    "return_document": lambda d, r, b: return_document(ctx(), current_user.id, d, r, _text(b, "reason", "comment")),
    "convert_to_proactive": lambda d, r, b: convert_to_proactive(ctx(), current_user.id, d, r,
                                                                 _text(b, "reason", "comment")),
    "clear_confidentiality": lambda d, r, b: clear_confidentiality(
        ctx(), current_user.id, d, r, _text(b, "opinion", "comment"), _text(b, "secrecy_resolution")),
    "approve_privacy": lambda d, r, b: approve_privacy(ctx(), current_user.id, d, r, redactor(),
                                                       _text(b, "comment")),
    "publish": lambda d, r, b: publish(ctx(), current_user.id, d, r, _text(b, "comment")),
    "revise": _revise,
}


def run_trigger(trigger: str, document_id: int) -> Outcome:
    """Check the caller's role for ``trigger``, then fire it through its service."""
    if trigger not in _RUNNERS:
        raise GuardRefused("trigger", "无此操作", f"unknown trigger {trigger!r}; one of: {', '.join(_RUNNERS)}")
    _require(*TRIGGER_ROLES[trigger])
    body = _body()
    return _RUNNERS[trigger](document_id, _revision(body), body)


@bp.post("/documents/<int:document_id>/declare")
def document_declare(document_id: int) -> ResponseReturnValue:
    """Declare the 公开属性 (JSON: revision, attribute, lawful_basis, reason, topic, doc_number, written_on)."""
    if not current_user.is_authenticated:
        abort(401)
    return _outcome(run_trigger("declare", document_id))


@bp.post("/documents/<int:document_id>/transitions")
def document_transition(document_id: int) -> ResponseReturnValue:
    """Fire one trigger (JSON: trigger, revision, and the comment, reason or opinion it needs)."""
    if not current_user.is_authenticated:
        abort(401)
    trigger = _text(_body(), "trigger")
    return _outcome(run_trigger(trigger, document_id))


def _decision(item: object) -> Decision:
    if not isinstance(item, dict) or not isinstance(item.get("finding_id"), int) \
            or not isinstance(item.get("action"), str):
        raise GuardRefused("bad_form", "每项处理决定须包含 finding_id 与 action",
                           "each decision needs an integer finding_id and an action")
    exemption = item.get("exemption")
    note = item.get("note")
    return Decision(item["finding_id"], item["action"], exemption if isinstance(exemption, str) and exemption
                    else None, note if isinstance(note, str) else "")


@bp.post("/documents/<int:document_id>/decisions")
def document_decisions(document_id: int) -> ResponseReturnValue:
    """Record privacy decisions (JSON: revision, decisions: [{finding_id, action, exemption, note}])."""
    _require(PRIVACY)
    body = _body()
    items = body.get("decisions")
    if not isinstance(items, list):
        raise GuardRefused("bad_form", "请求缺少处理决定列表 decisions", "the request carries no decisions list")
    decisions = [_decision(item) for item in items]
    revision = record_decisions(ctx(), current_user.id, document_id, _revision(body), decisions)
    return jsonify({"document_id": document_id, "revision": revision, "decided": len(decisions)})
