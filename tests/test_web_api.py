"""The read-only JSON API: public published list, staff documents with department isolation, JSON errors, spec."""

from __future__ import annotations

from flask import Flask
from test_web_support import *  # noqa: F403  (fixtures)
from test_web_support import Browser, Flow


def test_the_published_list_is_public_and_holds_only_published_documents(browser: Browser, stage: Flow) -> None:
    stage.published()
    stage.approved()
    body = browser.get("/api/v1/published").get_json()
    assert len(body["items"]) == 1
    item = body["items"][0]
    assert item["index_no"].startswith("11010500/") and item["publisher"] == "区发展改革委"
    assert item["disclosure"] == "主动公开" and item["published_at"].endswith("Z")
    one = browser.get(f"/api/v1/published/{item['id']}").get_json()
    assert one == item


def test_a_missing_entry_is_a_json_404(browser: Browser, people: object) -> None:
    response = browser.get("/api/v1/published/999")
    assert response.status_code == 404 and response.get_json()["error"]["status"] == 404


def test_documents_need_sign_in_and_answer_401_not_a_redirect(browser: Browser, stage: Flow) -> None:
    stage.new()
    response = browser.get("/api/v1/documents")
    assert response.status_code == 401 and response.is_json


def test_a_drafter_lists_only_their_department_and_gets_403_for_another(browser: Browser, stage: Flow) -> None:
    mine = stage.new()
    theirs = stage.new(by=stage.p.outsider)
    browser.login("drafter1")
    ids = [d["id"] for d in browser.get("/api/v1/documents").get_json()["items"]]
    assert ids == [mine]
    refused = browser.get(f"/api/v1/documents/{theirs}")
    assert refused.status_code == 403
    assert refused.get_json()["error"]["rule"] == "department"
    assert "本部门" in refused.get_json()["error"]["message"]


def test_the_document_detail_gives_kinds_but_never_the_personal_data(browser: Browser, stage: Flow) -> None:
    doc = stage.in_confidentiality(personal=[("mobile", "13800138000")])
    browser.login("office1")
    body = browser.get(f"/api/v1/documents/{doc}").get_json()
    assert body["state"] == "confidentiality_review" and body["attribute"] == "主动公开"
    assert [f["kind"] for f in body["findings"]] == ["mobile"]
    assert [r["trigger"] for r in body["records"]] == ["create", "declare", "accept_attribute"]
    assert "13800138000" not in browser.get(f"/api/v1/documents/{doc}").get_data(as_text=True)


def test_the_state_filter(browser: Browser, stage: Flow) -> None:
    stage.new()
    declared = stage.declared()
    browser.login("office1")
    items = browser.get("/api/v1/documents?state=declared").get_json()["items"]
    assert [d["id"] for d in items] == [declared]


def test_the_openapi_description_covers_every_api_route(app: Flask, browser: Browser) -> None:
    spec = browser.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    routes = {rule.rule.removeprefix("/api/v1").replace("<int:", "{").replace(">", "}")
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")}
    assert routes == set(spec["paths"])
    for path in spec["paths"].values():
        for operation in path.values():
            for response in operation["responses"].values():
                ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
                if ref:
                    assert ref.rsplit("/", 1)[1] in spec["components"]["schemas"]
