"""依申请公开 applications: anyone may apply on the portal; only the office sees who applied and ties each
application to the filed document it asks for; concentrated applications show on the office's page."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from sqlalchemy import func
from sqlmodel import Session, select
from test_web_support import *  # noqa: F403  (fixtures)
from test_web_support import Browser, Flow

from workflows.models import InformationRequest, ReviewRecord
from workflows.services.requests import ANSWER_LIMIT, Application, submit_request, unanswered

APPLICANT = {"applicant_name": "欧阳晓明", "applicant_contact": "13912345678",
             "description": "关于2026年城区道路改造的审批文件"}
STAFF = ("drafter1", "secrecy1", "privacy1", "auditor1", "outsider")


def _app(flow: Flow) -> Flask:
    return flow.app  # type: ignore[attr-defined, no-any-return]


def _stored(flow: Flow) -> list[InformationRequest]:
    with Session(flow.ctx.engine) as session:
        return list(session.exec(select(InformationRequest).order_by(InformationRequest.id)))  # type: ignore[arg-type]


def _apply(flow: Flow, **changes: str) -> int:
    public = Browser(_app(flow).test_client())
    public.get("/gongkai/apply")
    response = public.post("/gongkai/apply", data={**APPLICANT, **changes})
    assert response.status_code == 302, response.get_data(as_text=True)
    return _stored(flow)[-1].id or 0


def test_anyone_may_apply_and_is_given_a_number(staged: Flow) -> None:
    public = Browser(_app(staged).test_client())
    form = public.get("/gongkai/apply").get_data(as_text=True)
    assert "政府信息公开申请" in form and "不会公开" in form
    response = public.post("/gongkai/apply", data=APPLICANT, follow_redirects=True)
    [stored] = _stored(staged)
    assert f"受理编号 {stored.id}" in response.get_data(as_text=True)
    assert (stored.applicant_name, stored.document_id) == ("欧阳晓明", None)


@pytest.mark.parametrize("changes", [{"applicant_name": " "}, {"applicant_contact": ""}, {"description": "  "},
                                     {"description": "长" * 2001}])
def test_an_incomplete_application_is_refused_and_nothing_is_stored(staged: Flow, changes: dict[str, str]) -> None:
    public = Browser(_app(staged).test_client())
    public.get("/gongkai/apply")
    response = public.post("/gongkai/apply", data={**APPLICANT, **changes})
    assert response.status_code == 400
    assert "请填写" in response.get_data(as_text=True) or "内容过长" in response.get_data(as_text=True)
    assert _stored(staged) == []


def test_an_application_without_the_form_token_is_refused(staged: Flow) -> None:
    assert _app(staged).test_client().post("/gongkai/apply", data=APPLICANT).status_code == 400
    assert _stored(staged) == []


def test_only_the_office_sees_the_applicants(staged: Flow) -> None:
    _apply(staged)
    office = Browser(_app(staged).test_client())
    office.login("office1")
    page = office.get("/office/requests").get_data(as_text=True)
    assert "欧阳晓明" in page and "13912345678" in page
    for user in STAFF:
        browser = Browser(_app(staged).test_client())
        browser.login(user)
        response = browser.get("/office/requests")
        assert response.status_code == 403 and "欧阳晓明" not in response.get_data(as_text=True)
    portal = Browser(_app(staged).test_client())
    assert "欧阳晓明" not in portal.get("/gongkai/").get_data(as_text=True)


@pytest.mark.parametrize("user", STAFF)
def test_no_one_but_the_office_ties_an_application(staged: Flow, user: str) -> None:
    number, doc = _apply(staged), staged.filed()
    browser = Browser(_app(staged).test_client())
    browser.login(user)
    response = browser.post(f"/office/requests/{number}/link", data={"document_id": doc})
    assert response.status_code == 403
    assert _stored(staged)[0].document_id is None


def test_an_application_is_tied_only_to_a_filed_document(staged: Flow) -> None:
    number, in_review = _apply(staged), staged.in_confidentiality()
    office = Browser(_app(staged).test_client())
    office.login("office1")
    response = office.post(f"/office/requests/{number}/link", data={"document_id": in_review})
    assert response.status_code == 409 and "已归档" in response.get_data(as_text=True)
    assert _stored(staged)[0].document_id is None


def test_concentrated_applications_are_shown_and_recorded_with_the_conversion(staged: Flow) -> None:
    doc = staged.filed()
    office = Browser(_app(staged).test_client())
    office.login("office1")
    for number in range(3):
        request_id = _apply(staged, applicant_name=f"申请人{number}")
        assert office.post(f"/office/requests/{request_id}/link", data={"document_id": doc}).status_code == 302
        page = office.get(f"/office/doc/{doc}").get_data(as_text=True)
        assert ("件公开申请涉及此文件，申请集中" in page) == (number == 2)
    assert "3（申请集中）" in office.get("/office/requests").get_data(as_text=True)
    converted = office.post(f"/office/doc/{doc}/convert", data={"revision": staged.revision(doc),
                                                               "comment": "同一信息申请集中"})
    assert converted.status_code == 302
    with Session(staged.ctx.engine) as session:
        record = session.exec(select(ReviewRecord).where(ReviewRecord.trigger == "convert_to_proactive")).one()
        assert json.loads(record.detail)["applications"] == 3
        assert session.exec(select(func.count()).select_from(InformationRequest)).one() == 3


def test_the_answer_is_due_in_twenty_working_days_and_overdue_after(staged: Flow) -> None:
    # Received on Friday 26 September 2025: the National Day holiday (1-8 October) does not count, the
    # make-up Sunday 28 September and Saturday 11 October do.
    received = datetime(2025, 9, 26, 2, 0, tzinfo=UTC)
    ctx = replace(staged.ctx, clock=lambda: received)
    submit_request(ctx, Application("欧阳晓明", "13912345678", "道路改造审批文件"))
    [on_time] = unanswered(staged.ctx.engine, date(2025, 10, 30))
    assert (on_time.due, on_time.overdue) == (date(2025, 10, 30), False)
    assert unanswered(staged.ctx.engine, date(2025, 10, 31))[0].overdue


def test_the_office_answers_once_and_the_application_leaves_the_worklist(staged: Flow) -> None:
    number = _apply(staged)
    office = Browser(_app(staged).test_client())
    office.login("office1")
    assert "待答复的申请" in office.get("/office/requests").get_data(as_text=True)
    assert office.post(f"/office/requests/{number}/answer", data={"answer": " "}).status_code == 400
    # Past the form's limit the answer is refused, not stored cut short.
    too_long = office.post(f"/office/requests/{number}/answer", data={"answer": "复" * (ANSWER_LIMIT + 1)})
    assert too_long.status_code == 400 and f"内容过长（不超过 {ANSWER_LIMIT} 字）" in too_long.get_data(as_text=True)
    drafter = Browser(_app(staged).test_client())
    drafter.login("drafter1")
    assert drafter.post(f"/office/requests/{number}/answer", data={"answer": "已公开"}).status_code == 403
    assert _stored(staged)[0].answered_at is None
    answered = office.post(f"/office/requests/{number}/answer", data={"answer": "该信息已主动公开，索引号见附件"})
    assert answered.status_code == 302
    assert "没有待答复的申请" in office.get("/office/requests").get_data(as_text=True)
    again = office.post(f"/office/requests/{number}/answer", data={"answer": "再次答复"})
    assert again.status_code == 409 and "已答复" in again.get_data(as_text=True)
    assert _stored(staged)[0].answer == "该信息已主动公开，索引号见附件"
