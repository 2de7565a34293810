"""Who may do what, asserted by sending each action straight to the server as each kind of user.

A forbidden action gets 403 and changes nothing, whichever URL it is sent to; an allowed one moves the document.
Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlmodel import Session, col, select
from test_web_support import *  # noqa: F403  (fixtures)
from test_web_support import Browser, Flow, document_count, fake_upload, state_of

from workflows.models import DocumentVersion, PersonalFinding
from workflows.vocab import ON_REQUEST

USERS = ("drafter1", "outsider", "office1", "secrecy1", "privacy1", "auditor1", "admin1")


@dataclass(frozen=True)
class Case:
    """Stage a document, then send one request; ``allowed`` lists who may."""

    stage: Callable[[Flow], int | None]
    url: str
    allowed: frozenset[str]
    data: Callable[[Flow, int | None, Path], dict[str, Any]] = lambda flow, doc, folder: {}
    method: str = "POST"


def _decisions(flow: Flow, doc: int | None, folder: Path) -> dict[str, Any]:
    with Session(flow.ctx.engine) as s:
        ids = s.exec(select(PersonalFinding.id).join(
            DocumentVersion, col(DocumentVersion.id) == col(PersonalFinding.version_id))
            .where(DocumentVersion.document_id == doc)).all()
    return {f"action-{i}": "mask" for i in ids}


def _file(flow: Flow, doc: int | None, folder: Path) -> dict[str, Any]:
    return {"title": "关于测试的通知", "file": fake_upload(folder)}


OFFICE, DRAFTER = frozenset({"office1"}), frozenset({"drafter1"})
SECRECY, PRIVACY = frozenset({"secrecy1"}), frozenset({"privacy1"})
CASES: dict[str, Case] = {
    "upload": Case(lambda f: None, "/drafter/upload", frozenset({"drafter1", "outsider"}), _file),
    "declare": Case(lambda f: f.new(), "/drafter/doc/{doc}/declare", DRAFTER,
                    lambda f, d, p: {"attribute": "主动公开", "topic": "综合政务"}),
    "revise": Case(lambda f: f.returned(), "/drafter/doc/{doc}/revise", DRAFTER, _file),
    "accept": Case(lambda f: f.declared(), "/office/doc/{doc}/accept", OFFICE),
    "file": Case(lambda f: f.declared(ON_REQUEST), "/office/doc/{doc}/file", OFFICE,
                 lambda f, d, p: {"comment": "理由充分"}),
    "return_declared": Case(lambda f: f.declared(), "/office/doc/{doc}/return", OFFICE,
                            lambda f, d, p: {"comment": "标注缺失"}),
    "return_declared_via_review": Case(lambda f: f.declared(), "/review/doc/{doc}/return", frozenset(),
                                       lambda f, d, p: {"comment": "标注缺失"}),
    "clear": Case(lambda f: f.in_confidentiality(), "/review/doc/{doc}/clear", SECRECY,
                  lambda f, d, p: {"opinion": "不涉密"}),
    "return_confidentiality": Case(lambda f: f.in_confidentiality(), "/review/doc/{doc}/return", SECRECY,
                                   lambda f, d, p: {"comment": "涉及工作秘密"}),
    "return_confidentiality_via_office": Case(lambda f: f.in_confidentiality(), "/office/doc/{doc}/return",
                                              frozenset(), lambda f, d, p: {"comment": "越权退文"}),
    "decide": Case(lambda f: f.in_privacy(), "/review/doc/{doc}/decisions", PRIVACY, _decisions),
    "approve": Case(lambda f: f.decided(), "/review/doc/{doc}/approve", PRIVACY),
    "return_privacy": Case(lambda f: f.in_privacy(), "/review/doc/{doc}/return", PRIVACY,
                           lambda f, d, p: {"comment": "去标识化不足"}),
    "publish": Case(lambda f: f.approved(), "/office/doc/{doc}/publish", OFFICE),
    "convert": Case(lambda f: f.filed(), "/office/doc/{doc}/convert", OFFICE, lambda f, d, p: {"comment": "申请集中"}),
    "office_requests": Case(lambda f: None, "/office/requests", OFFICE, method="GET"),
    "audit_list": Case(lambda f: f.new(), "/audit/", frozenset({"auditor1"}), method="GET"),
    "audit_export": Case(lambda f: f.new(), "/audit/export.csv", frozenset({"auditor1"}), method="GET"),
    "audit_verify": Case(lambda f: f.new(), "/audit/verify", frozenset({"auditor1"}), method="GET"),
}


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("action", list(CASES))
def test_role_table(staged: Flow, action: str, user: str, tmp_path: Path) -> None:
    case = CASES[action]
    application: Flask = staged.app  # type: ignore[attr-defined]
    doc = case.stage(staged)
    before = state_of(application, doc) if doc is not None else None
    count = document_count(staged)
    browser = Browser(application.test_client())
    assert browser.login(user).status_code == 302
    url = case.url.format(doc=doc)
    if case.method == "GET":
        response = browser.get(url)
        assert response.status_code == (200 if user in case.allowed else 403)
        response.close()
        return
    data = {"revision": before[1] if before else 0, **case.data(staged, doc, tmp_path)}
    response = browser.post(url, data=data)
    if user in case.allowed:
        assert response.status_code == 302, response.get_data(as_text=True)
        assert (state_of(application, doc) != before) if doc is not None else document_count(staged) == count + 1
    else:
        assert response.status_code == 403
        assert "无权" in response.get_data(as_text=True) or "须由" in response.get_data(as_text=True) \
            or "本部门" in response.get_data(as_text=True)
        assert (state_of(application, doc) == before) if doc is not None else document_count(staged) == count


def test_no_one_reviews_a_document_they_drafted(staged: Flow) -> None:
    application: Flask = staged.app  # type: ignore[attr-defined]
    doc = staged.declared()
    browser = Browser(application.test_client())
    with Session(staged.ctx.engine) as s:
        version = s.exec(select(DocumentVersion).where(DocumentVersion.document_id == doc)).one()
        version.uploaded_by = staged.p.allrounder  # the all-rounder drafted this one
        s.add(version)
        s.commit()
    before = state_of(application, doc)
    browser.login("allround")
    response = browser.post(f"/office/doc/{doc}/accept", data={"revision": before[1]})
    assert response.status_code == 403
    assert "不能审查或批准自己起草的文件" in response.get_data(as_text=True)
    assert state_of(application, doc) == before
