"""The one place errors become HTTP responses: a refused action is a flashed message and a status, never a trace."""

from __future__ import annotations

import logging

from flask import Flask, flash, jsonify, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from workflows import ConflictError, GuardRefused, NotFound, StoreError, WorkflowError

logger = logging.getLogger(__name__)

# Rules about who may act: the caller is not allowed, whatever the document's state.
_FORBIDDEN_RULES = frozenset({"role", "department", "separation_of_duties", "active_user"})
# Refusals about the request itself rather than the document.
_RULE_STATUS = {"file_type": 415, "file_required": 400, "title_required": 400, "bad_form": 400, "trigger": 400,
                "token_name": 400, "token": 401, "written_on_invalid": 400,
                "request_incomplete": 400, "request_too_long": 400, "answer_required": 400}
_HTTP_MESSAGES = {
    400: "请求无效", 401: "请先登录", 403: "无权执行此操作", 404: "页面或文件不存在", 405: "不支持此请求方式",
    409: "操作未执行", 415: "文件类型不受理", 413: "上传的文件超过大小上限",
    429: "操作过于频繁，请稍后再试", 500: "系统内部错误，请联系管理员",
}


def status_for(error: WorkflowError) -> int:
    """403 when the actor may not act, 404 when nothing is there, 409 when the document's state or data refuse."""
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, GuardRefused) and error.rule in _FORBIDDEN_RULES:
        return 403
    if isinstance(error, GuardRefused) and error.rule in _RULE_STATUS:
        return _RULE_STATUS[error.rule]
    if isinstance(error, StoreError):
        return 500
    return 409  # ConflictError, or a guard on the state or on what the document holds


# Where a refused form sends the user back to: the document page of the blueprint it was posted from.
_DOCUMENT_PAGES = {"drafter": "drafter.document", "office": "office.document", "reviewers": "reviewers.document",
                   "auditor": "auditor.timeline"}


def back_link() -> str:
    """The page to return to after a refusal: the document's page when there is one, else the home page."""
    args = request.view_args or {}
    endpoint = _DOCUMENT_PAGES.get(request.blueprint or "")
    if endpoint and "document_id" in args:
        return url_for(endpoint, document_id=args["document_id"])
    return url_for("index")


# The rule an API client sees when the refusal is the HTTP layer's, not a workflow rule.
_HTTP_RULES = {400: "bad_request", 401: "authentication", 403: "forbidden", 404: "not_found", 405: "method",
               413: "file_too_large", 415: "file_type", 429: "too_many_requests", 500: "internal"}


def _refused(title: str, status: int, rule: str = "", zh: str = "", en: str = "") -> ResponseReturnValue:
    if request.blueprint == "api":
        # The API answers in JSON; the message is the same one a clerk would see flashed on a page.
        zh, en = zh or title, en or title
        body = {"error": {"status": status, "rule": rule or _HTTP_RULES.get(status, str(status)),
                          "message_zh": zh, "message_en": en, "message": f"{zh} / {en}"}}
        return jsonify(body), status
    return render_template("refused.html", title=title, status=status, back=back_link()), status


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(WorkflowError, _workflow_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)


def _workflow_error(error: WorkflowError) -> ResponseReturnValue:
    status = status_for(error)
    rule = error.rule if isinstance(error, GuardRefused) else type(error).__name__
    logger.info("refused %s %s: %s (%s)", request.method, request.path, rule, status)
    title = "操作冲突" if isinstance(error, ConflictError) else _HTTP_MESSAGES.get(status, "操作未执行")
    if request.blueprint != "api":
        flash(error.zh, "error")
    prefix = f"[{rule}] "  # GuardRefused puts the rule in front of its messages; the JSON has it as a field
    return _refused(title, status, rule, error.zh.removeprefix(prefix), error.en.removeprefix(prefix))


def _csrf_error(error: CSRFError) -> ResponseReturnValue:
    logger.info("CSRF refused %s %s: %s", request.method, request.path, error.description)
    if request.blueprint != "api":
        flash("表单已失效或来源不明，请刷新页面后重新提交", "error")
    return _refused("请求被拒绝", 400, "csrf", "表单已失效或来源不明（缺少 CSRF 令牌），请刷新页面后重新提交",
                    "the CSRF token is missing or invalid; reload the page and try again")


def _http_error(error: HTTPException) -> ResponseReturnValue:
    status = error.code or 500
    if status == 413 and request.blueprint != "api":
        flash("上传的文件超过大小上限，请压缩或拆分后再上传", "error")
    if status >= 500:
        logger.error("%s %s failed with %s", request.method, request.path, status)
    return _refused(_HTTP_MESSAGES.get(status, error.name), status, en=error.name)
