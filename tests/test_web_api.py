"""The JSON API: CSRF for session calls, JSON errors naming the rule, department isolation, personal tokens (hash
only, revocation), the whole path, and the OpenAPI description. The role table is in test_web_api_roles.py."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from api_support import Caller, api_error, user_id
from flask import Flask
from openapi_spec_validator import validate
from sqlalchemy import inspect, text
from sqlmodel import Session, col, select
from test_web_support import *  # noqa: F403  (fixtures)
from test_web_support import Browser, Flow, add_people, fake_upload, state_of, wf
from werkzeug.test import TestResponse

from review.model import Finding
from workflows.models import ApiToken, DocumentVersion, PersonalFinding, User
from workflows.services.tokens import create_token, revoke_token
from workflows.testing import masking_redactor


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def app(request: pytest.FixtureRequest, make_app: Callable[..., Flask]) -> Iterator[Flask]:
    """The app on SQLite and, with TEST_DATABASE_URL, on PostgreSQL (overrides test_web_support's SQLite one)."""
    application = make_app(request.param)
    yield application
    wf(application).engine.dispose()


def test_a_session_post_without_the_csrf_header_is_refused_and_changes_nothing(app: Flask, stage: Flow) -> None:
    doc = stage.declared()
    caller = Caller(app, "office1", "session")
    before = state_of(app, doc)
    body = {"trigger": "accept_attribute", "revision": before[1]}
    refused = caller.client.post(f"/api/v1/documents/{doc}/transitions", json=body)
    assert refused.status_code == 400 and refused.get_json()["error"]["rule"] == "csrf"
    assert state_of(app, doc) == before
    assert caller.post(f"/api/v1/documents/{doc}/transitions", json=body).status_code == 200


def test_a_session_call_by_a_role_that_may_not_act_is_403_role(app: Flask, stage: Flow) -> None:
    doc = stage.declared()
    caller = Caller(app, "auditor1", "session")
    response = caller.post(f"/api/v1/documents/{doc}/transitions",
                           json={"trigger": "accept_attribute", "revision": stage.revision(doc)})
    assert response.status_code == 403 and response.get_json()["error"]["rule"] == "role"


def test_without_credentials_a_change_is_401(app: Flask, stage: Flow) -> None:
    doc = stage.declared()
    response = app.test_client().post(f"/api/v1/documents/{doc}/transitions",
                                      json={"trigger": "accept_attribute", "revision": stage.revision(doc)})
    assert response.status_code == 401 and response.get_json()["error"]["rule"] == "authentication"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")

def test_json_errors_name_the_rule_with_the_status_the_pages_use(app: Flask, stage: Flow, tmp_path: Path) -> None:
    office, drafter = Caller(app, "office1", "token"), Caller(app, "drafter1", "token")
    drafted, declared = stage.new(), stage.declared(conflict=True)  # the text's markings conflict
    url = "/api/v1/documents/{}/transitions"
    state = api_error(office.post(url.format(drafted), json={"trigger": "accept_attribute", "revision": 1}), 409,
                      "state")
    assert "起草" in state["message_zh"] and "not allowed" in state["message_en"]
    marking = office.post(url.format(declared), json={"trigger": "accept_attribute",
                                                      "revision": stage.revision(declared)})
    api_error(marking, 409, "marking_agrees")
    api_error(office.post(url.format(declared), json={"trigger": "accept_attribute", "revision": 1}), 409,
           "ConflictError")
    api_error(office.post(url.format(declared), json={"trigger": "accept_attribute"}), 400, "bad_form")
    api_error(office.post(url.format(declared), json={"trigger": "fly", "revision": 1}), 400, "trigger")
    api_error(office.post(url.format(declared), json=["not", "an", "object"]), 400, "bad_form")
    api_error(office.post(url.format(9999), json={"trigger": "accept_attribute", "revision": 1}), 404, "NotFound")
    api_error(office.post(url.format(declared), json={"trigger": "return_document",
                                                   "revision": stage.revision(declared)}), 409, "reason_given")
    api_error(drafter.post("/api/v1/documents", data={"title": "无文件"}), 400, "file_required")
    disguised = {"title": "伪装", "file": (io.BytesIO(b"MZ\x90\x00 not a document"), "通知.docx")}
    api_error(drafter.post("/api/v1/documents", data=disguised), 415, "file_type")
    api_error(drafter.post("/api/v1/documents", data={"title": " ", "file": fake_upload(tmp_path)}), 400,
           "title_required")


def test_an_upload_over_the_limit_is_a_json_413(make_app: Callable[..., Flask]) -> None:
    app = make_app(MAX_UPLOAD_MB=0.01)
    add_people(wf(app).engine)
    big = io.BytesIO(b"PK\x03\x04" + b"0" * 20_000)
    response = Caller(app, "drafter1", "token").post("/api/v1/documents",
                                                     data={"title": "大", "file": (big, "b.docx")})
    api_error(response, 413, "file_too_large")
    wf(app).engine.dispose()


def test_department_isolation_through_the_api(app: Flask, stage: Flow) -> None:
    mine, theirs = stage.new(), stage.new(by=stage.p.outsider)
    drafter = Caller(app, "drafter1", "token")
    assert [d["id"] for d in drafter.get("/api/v1/documents").get_json()["items"]] == [mine]
    for suffix in ("", "/versions", "/findings", "/records"):
        api_error(drafter.get(f"/api/v1/documents/{theirs}{suffix}"), 403, "department")
    before = state_of(app, theirs)
    refused = drafter.post(f"/api/v1/documents/{theirs}/declare",
                           json={"revision": before[1], "attribute": "主动公开", "topic": "综合政务"})
    api_error(refused, 403, "department")
    assert state_of(app, theirs) == before


def _zipped_masking_redactor(source: Path, masked: Sequence[Finding], kept: Sequence[tuple[Finding, str]],
                             output: Path) -> None:
    """The fake masking redactor for a fake document uploaded inside a zip (as the API receives it)."""
    inner = output.with_name("inner.json")
    with zipfile.ZipFile(source) as archive:
        inner.write_bytes(archive.read("fake.json"))
    masking_redactor(inner, masked, kept, output)


def test_the_whole_path_through_the_api_with_tokens(make_app: Callable[..., Flask], tmp_path: Path) -> None:
    app = make_app(REDACTOR=_zipped_masking_redactor)
    add_people(wf(app).engine)
    drafter, office = Caller(app, "drafter1", "token"), Caller(app, "office1", "token")
    secrecy, privacy = Caller(app, "secrecy1", "token"), Caller(app, "privacy1", "token")
    created = drafter.post("/api/v1/documents",
                           data={"title": "关于路灯维修的通知", "file": fake_upload(tmp_path)})
    doc = created.get_json()["document_id"]
    assert created.status_code == 201 and created.headers["Location"].endswith(f"/documents/{doc}")
    doc, revision = created.get_json()["document_id"], created.get_json()["revision"]
    revision = drafter.post(f"/api/v1/documents/{doc}/declare",
                            json={"revision": revision, "attribute": "主动公开", "topic": "综合政务",
                                  "doc_number": "临东政办字〔2026〕5号", "written_on": "2026-03-18"}
                            ).get_json()["revision"]
    url = f"/api/v1/documents/{doc}/transitions"
    revision = office.post(url, json={"trigger": "accept_attribute", "revision": revision}).get_json()["revision"]
    revision = secrecy.post(url, json={"trigger": "clear_confidentiality", "revision": revision,
                                       "opinion": "不涉密"}).get_json()["revision"]
    findings = privacy.get(f"/api/v1/documents/{doc}/findings").get_json()["items"]
    assert [f["kind"] for f in findings] == ["person_name"] and findings[0]["decision"] is None
    decided = privacy.post(f"/api/v1/documents/{doc}/decisions", json={"revision": revision, "decisions": [
        {"finding_id": findings[0]["id"], "action": "mask"}]}).get_json()
    assert decided["decided"] == 1
    revision = privacy.post(url, json={"trigger": "approve_privacy", "revision": decided["revision"]}).get_json()[
        "revision"]
    done = office.post(url, json={"trigger": "publish", "revision": revision}).get_json()
    assert done["state"] == "published" and len(done["record_hash"]) == 64
    triggers = [r["trigger"] for r in office.get(f"/api/v1/documents/{doc}/records").get_json()["items"]]
    assert triggers == ["create", "declare", "accept_attribute", "clear_confidentiality", "approve_privacy",
                        "publish"]
    published = app.test_client().get("/api/v1/published").get_json()["items"]
    assert [(p["title"], p["topic"], p["doc_number"], p["written_on"]) for p in published] == [
        ("关于路灯维修的通知", "综合政务", "临东政办字〔2026〕5号", "2026-03-18")]
    wf(app).engine.dispose()


def test_a_declaration_with_a_malformed_date_is_refused(app: Flask, stage: Flow) -> None:
    doc = stage.new()
    before = state_of(app, doc)
    refused = Caller(app, "drafter1", "token").post(f"/api/v1/documents/{doc}/declare", json={
        "revision": before[1], "attribute": "主动公开", "topic": "综合政务", "written_on": "2026-02-30"})
    api_error(refused, 400, "written_on_invalid")
    assert state_of(app, doc) == before


def test_a_keep_decision_needs_an_exemption(app: Flask, stage: Flow) -> None:
    doc = stage.in_privacy()
    privacy = Caller(app, "privacy1", "token")
    with Session(wf(app).engine) as s:
        ids = s.exec(select(PersonalFinding.id).join(
            DocumentVersion, col(DocumentVersion.id) == col(PersonalFinding.version_id))
            .where(DocumentVersion.document_id == doc)).all()
    body = {"revision": stage.revision(doc), "decisions": [{"finding_id": ids[0], "action": "keep"}]}
    api_error(privacy.post(f"/api/v1/documents/{doc}/decisions", json=body), 409, "exemption")
    body["decisions"] = [{"finding_id": "x", "action": "keep"}]
    api_error(privacy.post(f"/api/v1/documents/{doc}/decisions", json=body), 400, "bad_form")


def test_a_token_never_writes_a_session_cookie_and_touches_last_used(app: Flask, stage: Flow) -> None:
    stage.new()
    caller = Caller(app, "office1", "token")
    response = caller.get("/api/v1/documents")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert caller.client.get("/api/v1/documents").status_code == 401  # nothing was remembered
    with Session(wf(app).engine) as s:
        assert s.exec(select(ApiToken)).one().last_used_at is not None


def test_revoked_unknown_and_malformed_tokens_are_401(app: Flask, people: object) -> None:
    engine = wf(app).engine
    office = user_id(app, "office1")
    issued = create_token(engine, office, "脚本")
    client = app.test_client()

    def call(header: str) -> TestResponse:
        return client.get("/api/v1/documents", headers={"Authorization": header})

    assert call(f"Bearer {issued.secret}").status_code == 200
    for header in (f"Bearer {issued.secret}x", "Bearer gk_nothing", f"Basic {issued.secret}", "Bearer"):
        refused = call(header)
        api_error(refused, 401, "token")
        assert refused.headers["WWW-Authenticate"] == 'Bearer realm="api"'

    with pytest.raises(Exception, match="令牌不存在"):
        revoke_token(engine, user_id(app, "drafter1"), issued.id)  # not theirs
    revoke_token(engine, office, issued.id)
    api_error(call(f"Bearer {issued.secret}"), 401, "token")
    revoked = client.post("/api/v1/documents/1/transitions", json={},
                          headers={"Authorization": f"Bearer {issued.secret}"})
    api_error(revoked, 401, "token")


def test_a_disabled_users_token_stops_working(app: Flask, people: object) -> None:
    issued = create_token(wf(app).engine, user_id(app, "office1"), "脚本")
    with Session(wf(app).engine) as s:
        user = s.exec(select(User).where(User.username == "office1")).one()
        user.active = False
        s.add(user)
        s.commit()
    refused = app.test_client().get("/api/v1/documents", headers={"Authorization": f"Bearer {issued.secret}"})
    api_error(refused, 401, "token")


def _every_stored_text(app: Flask) -> str:
    engine = wf(app).engine
    chunks = []
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                chunks.extend(str(value) for value in row)
    return "\n".join(chunks)


def test_the_token_page_shows_the_secret_once_and_stores_only_its_hash(app: Flask, people: object) -> None:
    browser = Browser(app.test_client())
    browser.login("drafter1")
    assert "尚未创建令牌" in browser.get("/account/tokens/").get_data(as_text=True)
    assert browser.client.post("/account/tokens/", data={"name": "x"}).status_code == 400  # no CSRF token
    created = browser.post("/account/tokens/", data={"name": "报表脚本"})
    assert created.status_code == 201
    secret = created.get_data(as_text=True).split('<code class="secret">')[1].split("</code>")[0]
    assert secret.startswith("gk_") and len(secret) > 40
    assert secret not in browser.get("/account/tokens/").get_data(as_text=True)
    stored = _every_stored_text(app)
    assert secret not in stored and hashlib.sha256(secret.encode()).hexdigest() in stored
    assert app.test_client().get("/api/v1/documents", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    with Session(wf(app).engine) as s:
        token_id = s.exec(select(ApiToken.id)).one()
    assert browser.post(f"/account/tokens/{token_id}/revoke").status_code == 302
    assert "已撤销" in browser.get("/account/tokens/").get_data(as_text=True)
    assert app.test_client().get("/api/v1/documents", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    other = Browser(app.test_client())
    other.login("office1")
    assert other.post(f"/account/tokens/{token_id}/revoke").status_code == 404
    assert other.post("/account/tokens/", data={"name": " "}).status_code == 400


def test_the_published_list_is_public_and_holds_only_published_documents(browser: Browser, stage: Flow) -> None:
    stage.published()
    stage.approved()
    body = browser.get("/api/v1/published").get_json()
    assert len(body["items"]) == 1
    item = body["items"][0]
    assert item["index_no"].startswith("11010500/") and item["publisher"] == "区发展改革委"
    assert item["disclosure"] == "主动公开" and item["published_at"].endswith("Z")
    assert browser.get(f"/api/v1/published/{item['id']}").get_json() == item
    api_error(browser.get("/api/v1/published/999"), 404, "not_found")


def test_the_document_detail_gives_kinds_but_never_the_personal_data(browser: Browser, stage: Flow) -> None:
    doc = stage.in_confidentiality(personal=[("mobile", "13800138000")])
    browser.login("office1")
    response = browser.get(f"/api/v1/documents/{doc}")
    body = response.get_json()
    assert body["state"] == "confidentiality_review" and body["attribute"] == "主动公开"
    assert [f["kind"] for f in body["findings"]] == ["mobile"]
    assert [r["trigger"] for r in body["records"]] == ["create", "declare", "accept_attribute"]
    assert "13800138000" not in response.get_data(as_text=True)
    assert [d["id"] for d in browser.get("/api/v1/documents?state=confidentiality_review").get_json()["items"]] == [doc]
    assert browser.get("/api/v1/documents?state=declared").get_json()["items"] == []


def test_each_version_lists_where_its_markings_were_found(browser: Browser, stage: Flow) -> None:
    doc = stage.new(secrecy="内部资料", markings=[("主动公开", "（此件公开发布）", "body", "正文第9段", 1),
                                               ("不予公开", "（此件不予公开）", "footer", "页脚", 2)])
    browser.login("office1")
    version, = browser.get(f"/api/v1/documents/{doc}/versions").get_json()["items"]
    assert version["marking_conflict"] and version["marking"] is None
    assert version["marking_places"] == [
        {"value": "主动公开", "marking": "（此件公开发布）", "where": "body", "page": 1, "location": "正文第9段"},
        {"value": "不予公开", "marking": "（此件不予公开）", "where": "footer", "page": 2, "location": "页脚"}]
    assert version["secrecy_marking"] == "内部资料"
    assert version["secrecy_place"] == {"where": "body", "page": 1, "location": "首页"}
    described = browser.get("/api/v1/openapi.json").get_json()["components"]["schemas"]["Version"]
    assert set(described["properties"]) == set(version) == set(described["required"])


def _api_routes(app: Flask) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = rule.rule.removeprefix("/api/v1").replace("<int:", "{").replace(">", "}")
            routes.update((path, m.lower()) for m in rule.methods or () if m not in ("HEAD", "OPTIONS"))
    return routes


def test_the_openapi_description_is_valid_and_covers_every_api_route(app: Flask, browser: Browser) -> None:
    spec = browser.get("/api/v1/openapi.json").get_json()
    validate(spec)
    assert spec["openapi"] == "3.1.0"
    described = {(path, method) for path, item in spec["paths"].items() for method in item}
    assert described == _api_routes(app)
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "post":
                assert {"400", "401", "403"} <= set(operation["responses"]), path
