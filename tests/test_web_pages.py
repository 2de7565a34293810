"""What each page shows and refuses: department isolation, escaping, the portal, queues, audit, upload limits."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlmodel import Session, select
from test_web_support import *  # noqa: F403  (fixtures)
from test_web_support import Browser, Flow, edit_document, fake_upload, state_of, wf
from test_workflow_support import CATALOGUE

from workflows.models import PublishedEntry
from workflows.services import declare, upload
from workflows.vocab import ON_REQUEST, WITHHELD


def _text(response: object) -> str:
    return response.get_data(as_text=True)  # type: ignore[attr-defined]


def test_a_drafter_cannot_see_or_touch_another_departments_document(app: Flask, browser: Browser,
                                                                    stage: Flow) -> None:
    doc = stage.new()
    browser.login("outsider")
    page = browser.get(f"/drafter/doc/{doc}")
    assert page.status_code == 403
    assert "关于开展测试工作的通知" not in _text(page)
    before = state_of(app, doc)
    refused = browser.post(f"/drafter/doc/{doc}/declare", data={"revision": before[1], "attribute": "主动公开",
                                                                  "topic": "综合政务"})
    assert refused.status_code == 403 and state_of(app, doc) == before
    assert "关于开展测试工作的通知" not in _text(browser.get("/drafter/"))


def test_a_missing_document_is_404(browser: Browser, people: object) -> None:
    browser.login("office1")
    assert browser.get("/office/doc/9999").status_code == 404


def test_a_title_with_markup_is_shown_as_text(app: Flask, browser: Browser, stage: Flow) -> None:
    source = stage.file(personal=[("person_name", "<b>张三</b>")])
    title = '<script>alert("x")</script>通知'
    doc = upload(wf(app), stage.p.drafter, title, source, "a.docx").document_id
    browser.login("drafter1")
    for url in ("/drafter/", f"/drafter/doc/{doc}"):
        body = _text(browser.get(url))
        assert "<script>alert" not in body and "<b>张三</b>" not in body
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;通知" in body


def test_the_drafter_sees_the_scan_and_declares(app: Flask, browser: Browser, stage: Flow) -> None:
    doc = stage.new(personal=[("mobile", "13800138000")])
    browser.login("drafter1")
    page = _text(browser.get(f"/drafter/doc/{doc}"))
    assert "13800138000" in page and "手机号" in page and "（此件主动公开）" in page and "申报公开属性" in page
    response = browser.post(f"/drafter/doc/{doc}/declare", data={"revision": state_of(app, doc)[1],
                                                                 "attribute": "主动公开", "topic": "综合政务"})
    assert response.status_code == 302
    assert state_of(app, doc)[0] == "declared"


def test_a_refused_declaration_names_the_rule_and_changes_nothing(app: Flask, browser: Browser,
                                                                 stage: Flow) -> None:
    doc = stage.new(attribute=WITHHELD)
    browser.login("drafter1")
    before = state_of(app, doc)
    response = browser.post(f"/drafter/doc/{doc}/declare", data={"revision": before[1], "attribute": WITHHELD,
                                                                 "reason": "内部事务", "topic": "综合政务"})
    assert response.status_code == 409
    assert "申报不予公开须选择法定依据" in _text(response)
    assert "Traceback" not in _text(response)
    assert state_of(app, doc) == before


def test_a_stale_form_is_a_conflict(app: Flask, browser: Browser, stage: Flow) -> None:
    doc = stage.declared()
    browser.login("office1")
    stale = state_of(app, doc)[1] - 1
    response = browser.post(f"/office/doc/{doc}/accept", data={"revision": stale})
    assert response.status_code == 409
    assert "文件已被他人处理，请刷新后重试" in _text(response)
    assert state_of(app, doc)[0] == "declared"


def test_a_form_without_a_revision_is_a_bad_request(app: Flask, browser: Browser, stage: Flow) -> None:
    doc = stage.declared()
    browser.login("office1")
    assert browser.post(f"/office/doc/{doc}/accept").status_code == 400


def test_an_action_not_allowed_in_the_state_is_409(app: Flask, browser: Browser, stage: Flow) -> None:
    doc = stage.new()
    browser.login("office1")
    response = browser.post(f"/office/doc/{doc}/publish", data={"revision": state_of(app, doc)[1]})
    assert response.status_code == 409 and "不能“公开发布”" in _text(response)


def test_the_returned_document_shows_the_reason_and_takes_a_revision(app: Flask, browser: Browser,
                                                                    stage: Flow, tmp_path: Path) -> None:
    doc = stage.declared()
    office = Browser(app.test_client())
    office.login("office1")
    assert office.post(f"/office/doc/{doc}/return", data={"revision": state_of(app, doc)[1],
                                                          "comment": "正文缺少公开属性标注"}).status_code == 302
    browser.login("drafter1")
    listing = _text(browser.get("/drafter/"))
    assert "被退回、待修改的文件" in listing and "正文缺少公开属性标注" in listing
    page = _text(browser.get(f"/drafter/doc/{doc}"))
    assert "退文理由" in page and "正文缺少公开属性标注" in page
    revised = browser.post(f"/drafter/doc/{doc}/revise", data={"revision": state_of(app, doc)[1],
                                                               "file": fake_upload(tmp_path)})
    assert revised.status_code == 302
    assert state_of(app, doc)[0] == "drafted"
    assert "第 2 版" in _text(browser.get(f"/drafter/doc/{doc}"))


def test_upload_refuses_a_file_that_is_not_docx_or_pdf_whatever_its_name(app: Flask, browser: Browser,
                                                                        people: object) -> None:
    browser.login("drafter1")
    data = {"title": "伪装的文件", "file": (io.BytesIO(b"MZ\x90\x00 not a document"), "通知.docx",
                                            "application/vnd.openxmlformats-officedocument.wordprocessingml.document")}
    response = browser.post("/drafter/upload", data=data)
    assert response.status_code == 415
    assert "只受理 .docx 和 .pdf 文件" in _text(response)
    assert "伪装的文件" not in _text(browser.get("/drafter/"))


def test_upload_over_the_size_limit_is_413(make_app: Callable[..., Flask], tmp_path: Path) -> None:
    app = make_app(MAX_UPLOAD_MB=0.01)
    from test_web_support import add_people

    add_people(wf(app).engine)
    browser = Browser(app.test_client())
    browser.login("drafter1")
    big = io.BytesIO(b"PK\x03\x04" + b"0" * 20_000)
    response = browser.post("/drafter/upload", data={"title": "大文件", "file": (big, "big.docx")})
    assert response.status_code == 413
    assert "超过大小上限" in _text(response)
    wf(app).engine.dispose()


def test_upload_needs_a_file(browser: Browser, people: object) -> None:
    browser.login("drafter1")
    assert browser.post("/drafter/upload", data={"title": "无文件"}).status_code == 400


def test_the_client_file_name_is_cleaned_and_given_the_real_suffix(app: Flask, browser: Browser,
                                                                  people: object, tmp_path: Path) -> None:
    browser.login("drafter1")
    buffer, _ = fake_upload(tmp_path)
    response = browser.post("/drafter/upload", data={"title": "改名", "file": (buffer, "../../etc/通知<x>.pdf")})
    assert response.status_code == 302
    page = _text(browser.get(response.headers["Location"]))
    assert "通知_x.docx" in page and "../" not in page


def test_the_office_queue_filters_and_counts(app: Flask, browser: Browser, stage: Flow) -> None:
    stage.declared()
    stage.declared(ON_REQUEST)
    stage.new(by=stage.p.outsider)
    browser.login("office1")
    page = _text(browser.get("/office/"))
    assert "已申报属性（2）" in page and "起草（1）" in page
    on_request = _text(browser.get(f"/office/?attribute={ON_REQUEST}&state=declared"))
    assert on_request.count("关于开展测试工作的通知") == 1
    other = _text(browser.get(f"/office/?department={stage.p.dept_b}"))
    assert other.count("关于开展测试工作的通知") == 1 and "区民政局" in other


def test_the_office_sees_the_declaration_beside_the_marking(app: Flask, browser: Browser, stage: Flow) -> None:
    doc = stage.new(attribute="主动公开")  # the text says 主动公开; the drafter declares 依申请公开
    declare(wf(app), stage.p.drafter, doc, state_of(app, doc)[1], ON_REQUEST, None, "涉及特定对象", catalogue=CATALOGUE)
    browser.login("office1")
    page = _text(browser.get(f"/office/doc/{doc}"))
    assert "与申报不一致" in page and "归档（不公开）" in page
    refused = browser.post(f"/office/doc/{doc}/file", data={"revision": state_of(app, doc)[1], "comment": "理由"})
    assert refused.status_code == 409 and "应退文" in _text(refused)


def test_the_portal_lists_only_published_documents(app: Flask, browser: Browser, stage: Flow) -> None:
    published = stage.published()
    stage.approved()
    stage.filed()
    page = _text(browser.get("/gongkai/"))
    assert page.count("关于开展测试工作的通知") == 1
    assert "11010500/" in page and "区发展改革委" in page and "主动公开" in page
    entry_id = _entry_id(app, published)
    detail = browser.get(f"/gongkai/{entry_id}")
    assert detail.status_code == 200 and "索引号" in _text(detail)
    download = browser.get(f"/gongkai/{entry_id}/file")
    body = download.get_data()
    download.close()
    assert download.status_code == 200 and "张三".encode() not in body  # the de-identified output only
    assert browser.get(f"/gongkai/{entry_id + 1}").status_code == 404
    assert browser.get("/drafter/").status_code == 302  # work pages need sign-in


def _entry_id(app: Flask, document_id: int) -> int:
    with Session(wf(app).engine) as s:
        entry = s.exec(select(PublishedEntry).where(PublishedEntry.document_id == document_id)).one()
        assert entry.id is not None
        return entry.id


def test_the_auditor_reads_filters_exports_and_verifies(app: Flask, browser: Browser, stage: Flow) -> None:
    doc = stage.in_confidentiality()
    browser.login("auditor1")
    page = _text(browser.get("/audit/?trigger=accept_attribute"))
    assert "审核通过公开属性" in page and "office1" in page and "申报公开属性</td>" not in page
    timeline = _text(browser.get(f"/audit/doc/{doc}"))
    assert timeline.index("上传") < timeline.index("申报公开属性") < timeline.index("审核通过公开属性")
    export = browser.get("/audit/export.csv")
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True))))
    export.close()
    assert [r["trigger"] for r in rows] == ["create", "declare", "accept_attribute"]
    assert "审查记录链完整：3 条记录均通过校验" in _text(browser.get("/audit/verify"))


def test_the_auditor_sees_a_broken_chain(app: Flask, browser: Browser, stage: Flow) -> None:
    from sqlalchemy import text

    stage.declared()
    with wf(app).engine.begin() as connection:
        connection.execute(text("UPDATE review_records SET comment = 'altered' WHERE seq = 1"))
    browser.login("auditor1")
    page = _text(browser.get("/audit/verify"))
    assert "记录链未通过校验" in page and "第 1 条记录" in page


@pytest.mark.parametrize("user, home", [("drafter1", "/drafter/"), ("office1", "/office/"),
                                        ("secrecy1", "/review/"), ("privacy1", "/review/"),
                                        ("auditor1", "/audit/")])
def test_each_role_has_a_working_home_page(browser: Browser, stage: Flow, user: str, home: str) -> None:
    stage.in_privacy()
    browser.login(user)
    assert browser.get("/").headers["Location"] == home
    assert browser.get(home).status_code == 200


def test_the_privacy_reviewer_decides_and_approves_through_the_pages(app: Flask, browser: Browser,
                                                                    stage: Flow) -> None:
    doc = stage.in_privacy(personal=[("person_name", "张三"), ("mobile", "13800138000")])
    browser.login("privacy1")
    page = _text(browser.get(f"/review/doc/{doc}"))
    ids = [part.split('"')[0] for part in page.split('name="action-')[1:]][::2]
    keep_without_reason = {f"action-{ids[0]}": "mask", f"action-{ids[1]}": "keep"}
    refused = browser.post(f"/review/doc/{doc}/decisions", data={"revision": state_of(app, doc)[1],
                                                                 **keep_without_reason})
    assert refused.status_code == 409 and "保留个人信息须注明依据" in _text(refused)
    approve_early = browser.post(f"/review/doc/{doc}/approve", data={"revision": state_of(app, doc)[1]})
    assert approve_early.status_code == 409 and "还有个人信息未作处理决定" in _text(approve_early)
    decided = browser.post(f"/review/doc/{doc}/decisions", data={
        "revision": state_of(app, doc)[1], f"action-{ids[0]}": "mask", f"action-{ids[1]}": "keep",
        f"exemption-{ids[1]}": "强制性信息披露"})
    assert decided.status_code == 302
    approved = browser.post(f"/review/doc/{doc}/approve", data={"revision": state_of(app, doc)[1]})
    assert approved.status_code == 302
    assert "去标识化文件已批准（遮盖 1 处，保留 1 处" in _text(browser.get(f"/review/doc/{doc}"))


def test_the_confidentiality_reviewer_needs_an_opinion(app: Flask, browser: Browser, stage: Flow) -> None:
    doc = stage.in_confidentiality(secrecy="内部资料")
    browser.login("secrecy1")
    page = _text(browser.get(f"/review/doc/{doc}"))
    assert "内部资料" in page and "处理结论" in page
    no_opinion = browser.post(f"/review/doc/{doc}/clear", data={"revision": state_of(app, doc)[1]})
    assert no_opinion.status_code == 409 and "须填写审查意见" in _text(no_opinion)
    unresolved = browser.post(f"/review/doc/{doc}/clear", data={"revision": state_of(app, doc)[1],
                                                                "opinion": "不涉密"})
    assert unresolved.status_code == 409 and "须说明处理结论" in _text(unresolved)
    cleared = browser.post(f"/review/doc/{doc}/clear", data={"revision": state_of(app, doc)[1], "opinion": "不涉密",
                                                             "secrecy_resolution": "内部资料标志已按规定撤销"})
    assert cleared.status_code == 302 and state_of(app, doc)[0] == "privacy_review"


def test_a_refusal_links_back_to_the_document(app: Flask, browser: Browser, stage: Flow) -> None:
    doc = stage.new()
    browser.login("office1")
    response = browser.post(f"/office/doc/{doc}/accept", data={"revision": state_of(app, doc)[1]})
    assert response.status_code == 409
    assert f'href="/office/doc/{doc}"' in _text(response)


def test_an_unexpected_failure_is_a_plain_500_page_without_a_trace(make_app: Callable[..., Flask],
                                                                   tmp_path: Path) -> None:
    def broken_redactor(source: Path, masked: object, kept: object, output: Path) -> None:
        raise RuntimeError("redactor crashed with 张三 inside")

    app = make_app(TESTING=False, REDACTOR=broken_redactor)
    from test_web_support import add_people

    people = add_people(wf(app).engine)
    stage = Flow(wf(app), people, tmp_path)
    doc = stage.in_privacy()
    stage.decide_all(doc)
    browser = Browser(app.test_client())
    browser.login("privacy1")
    response = browser.post(f"/review/doc/{doc}/approve", data={"revision": state_of(app, doc)[1]})
    assert response.status_code == 500
    body = _text(response)
    assert "系统内部错误" in body and "Traceback" not in body and "张三" not in body
    assert state_of(app, doc)[0] == "privacy_review"
    wf(app).engine.dispose()


def test_the_atom_feed_lists_published_documents_only_and_escapes_titles(app: Flask, browser: Browser,
                                                                          stage: Flow) -> None:
    from xml.etree import ElementTree

    published = stage.published()
    stage.approved()
    with Session(wf(app).engine) as s:
        entry = s.exec(select(PublishedEntry).where(PublishedEntry.document_id == published)).one()
        entry.title = "关于<b>住房</b>&保障的通知"
        s.add(entry)
        s.commit()
    response = browser.get("/gongkai/feed.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    atom = "{http://www.w3.org/2005/Atom}"
    root = ElementTree.fromstring(response.get_data())
    entries = root.findall(f"{atom}entry")
    assert [e.findtext(f"{atom}title") for e in entries] == ["关于<b>住房</b>&保障的通知"]
    assert entries[0].findtext(f"{atom}author/{atom}name") == "区发展改革委"
    assert entries[0].findtext(f"{atom}updated", "").endswith("Z")


def test_the_dashboard_counts_and_shows_interpretation_deadlines(app: Flask, browser: Browser, stage: Flow) -> None:
    from workflows.services import publish

    stage.declared()
    stage.new(by=stage.p.outsider)
    policy = stage.approved()
    edit_document(app, policy, is_policy=True)
    publish(wf(app), stage.p.office, policy, state_of(app, policy)[1])
    browser.login("office1")
    page = _text(browser.get("/office/dashboard"))
    assert "共 3 件" in page and 'value="1">1</meter>' in page
    assert "区民政局" in page and "待解读" in page and "已逾期" not in page
    with Session(wf(app).engine) as s:
        entry = s.exec(select(PublishedEntry).where(PublishedEntry.document_id == policy)).one()
        entry.interpretation_due = date(2020, 1, 3)
        s.add(entry)
        s.commit()
    assert "已逾期" in _text(browser.get("/office/dashboard"))


def test_long_lists_are_paged(app: Flask, browser: Browser, stage: Flow) -> None:
    for _ in range(26):
        stage.declared()  # two records each
    browser.login("auditor1")
    first = _text(browser.get("/audit/?user=drafter1"))
    assert "下一页" in first and "上一页" not in first
    assert 'href="/audit/?user=drafter1&amp;page=1"' in first
    second = _text(browser.get("/audit/?user=drafter1&page=1"))
    assert "上一页" in second and "下一页" not in second
    assert second.count("drafter1</td>") == 2


def test_the_portal_and_the_queue_search_titles_literally(app: Flask, browser: Browser, stage: Flow) -> None:
    from workflows.services import publish

    first, second = stage.approved(), stage.approved()
    for doc, title in ((first, "关于100%完成供暖的通知"), (second, "关于道路维修的通告")):
        edit_document(app, doc, title=title)
        publish(wf(app), stage.p.office, doc, state_of(app, doc)[1])
    found = _text(browser.get("/gongkai/?q=100%25"))
    assert "供暖" in found and "道路维修" not in found
    assert "道路维修" in _text(browser.get("/gongkai/?q=维修")) and "供暖" not in _text(browser.get("/gongkai/?q=维修"))
    assert "供暖" not in _text(browser.get("/gongkai/?q=%25%25%25"))  # a % is a character, not a wildcard
    browser.login("office1")
    assert "道路维修" in _text(browser.get("/office/?q=维修")) and "供暖" not in _text(browser.get("/office/?q=维修"))


@pytest.mark.parametrize("sample, message", [("hong_wendang.docm", "含宏的文档"), ("png_wei_pdf.pdf", "只受理")])
def test_hostile_samples_are_refused_at_upload(browser: Browser, people: object, sample_dir: Path, sample: str,
                                              message: str) -> None:
    source = sample_dir / sample
    if not source.is_file():
        pytest.skip(f"{sample} not generated (run sample_docs/make_samples.py)")
    browser.login("drafter1")
    upload_file = (io.BytesIO(source.read_bytes()), sample)
    response = browser.post("/drafter/upload", data={"title": "样例", "file": upload_file})
    assert response.status_code == 415 and message in _text(response)
