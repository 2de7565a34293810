"""The role table through the JSON API: every action as every kind of user, with a personal token and with a
signed-in session (whose calls carry the CSRF header). A forbidden call is 403 with the rule and changes nothing.
Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from api_support import Caller
from sqlmodel import Session, col, select
from test_web_support import *  # noqa: F403  (fixtures)
from test_web_support import Flow, document_count, fake_upload, state_of

from workflows.models import DocumentVersion, PersonalFinding
from workflows.vocab import ON_REQUEST

USERS = ("drafter1", "outsider", "office1", "secrecy1", "privacy1", "auditor1", "admin1")
FORBIDDEN_RULES = {"role", "department", "separation_of_duties"}


@dataclass(frozen=True)
class Case:
    """Stage a document, then send one API call; ``allowed`` lists who may."""

    stage: Callable[[Flow], int | None]
    url: str
    allowed: frozenset[str]
    body: Callable[[Flow, int | None, Path], dict[str, Any]] = lambda flow, doc, folder: {}
    multipart: bool = False
    method: str = "POST"


def _finding_ids(flow: Flow, doc: int | None) -> list[int]:
    with Session(flow.ctx.engine) as s:
        return [i for i in s.exec(select(PersonalFinding.id).join(
            DocumentVersion, col(DocumentVersion.id) == col(PersonalFinding.version_id))
            .where(DocumentVersion.document_id == doc)).all() if i is not None]


def _mask_all(flow: Flow, doc: int | None, folder: Path) -> dict[str, Any]:
    return {"decisions": [{"finding_id": i, "action": "mask"} for i in _finding_ids(flow, doc)]}


def _trigger(name: str, **fields: str) -> Callable[[Flow, int | None, Path], dict[str, Any]]:
    return lambda flow, doc, folder: {"trigger": name, **fields}


OFFICE, DRAFTER = frozenset({"office1"}), frozenset({"drafter1"})
SECRECY, PRIVACY = frozenset({"secrecy1"}), frozenset({"privacy1"})
TRANSITIONS = "/api/v1/documents/{doc}/transitions"
CASES: dict[str, Case] = {
    "upload": Case(lambda f: None, "/api/v1/documents", frozenset({"drafter1", "outsider"}),
                   lambda f, d, p: {"title": "关于测试的通知", "file": fake_upload(p)}, multipart=True),
    "declare": Case(lambda f: f.new(), "/api/v1/documents/{doc}/declare", DRAFTER,
                    lambda f, d, p: {"attribute": "主动公开", "topic": "综合政务"}),
    "revise": Case(lambda f: f.returned(), TRANSITIONS, DRAFTER,
                   lambda f, d, p: {"trigger": "revise", "file": fake_upload(p)}, multipart=True),
    "accept": Case(lambda f: f.declared(), TRANSITIONS, OFFICE, _trigger("accept_attribute")),
    "file": Case(lambda f: f.declared(ON_REQUEST), TRANSITIONS, OFFICE, _trigger("file_undisclosed", reason="充分")),
    "return_declared": Case(lambda f: f.declared(), TRANSITIONS, OFFICE, _trigger("return_document", reason="缺失")),
    "clear": Case(lambda f: f.in_confidentiality(), TRANSITIONS, SECRECY,
                  _trigger("clear_confidentiality", opinion="不涉密")),
    "return_confidentiality": Case(lambda f: f.in_confidentiality(), TRANSITIONS, SECRECY,
                                   _trigger("return_document", reason="涉及工作秘密")),
    "decide": Case(lambda f: f.in_privacy(), "/api/v1/documents/{doc}/decisions", PRIVACY, _mask_all),
    "approve": Case(lambda f: f.decided(), TRANSITIONS, PRIVACY, _trigger("approve_privacy")),
    "return_privacy": Case(lambda f: f.in_privacy(), TRANSITIONS, PRIVACY,
                           _trigger("return_document", reason="去标识化不足")),
    "publish": Case(lambda f: f.approved(), TRANSITIONS, OFFICE, _trigger("publish")),
    "convert": Case(lambda f: f.filed(), TRANSITIONS, OFFICE, _trigger("convert_to_proactive", reason="申请集中")),
    "records": Case(lambda f: f.new(), "/api/v1/records", frozenset({"auditor1"}), method="GET"),
}


def _snapshot(flow: Flow, doc: int | None) -> object:
    return state_of(flow.app, doc) if doc is not None else document_count(flow)  # type: ignore[attr-defined]


@pytest.mark.parametrize("mode", ["token", "session"])
@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("action", list(CASES))
def test_role_table_through_the_api(staged: Flow, action: str, user: str, mode: str, tmp_path: Path) -> None:
    case = CASES[action]
    caller = Caller(staged.app, user, mode)  # type: ignore[attr-defined]
    doc = case.stage(staged)
    before = _snapshot(staged, doc)
    url = case.url.format(doc=doc)
    if case.method == "GET":
        response = caller.get(url)
        assert response.status_code == (200 if user in case.allowed else 403)
        return
    body = {"revision": staged.revision(doc) if doc is not None else 0, **case.body(staged, doc, tmp_path)}
    response = caller.post(url, data=body) if case.multipart else caller.post(url, json=body)
    if user in case.allowed:
        assert response.status_code in (200, 201), response.get_data(as_text=True)
        assert _snapshot(staged, doc) != before
    else:
        assert response.status_code == 403, response.get_data(as_text=True)
        assert response.get_json()["error"]["rule"] in FORBIDDEN_RULES
        assert _snapshot(staged, doc) == before
