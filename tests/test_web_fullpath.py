"""A real sample .docx taken through the pages: upload, scan, declare, accept, clear, decide, approve, publish."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from flask import Flask
from test_web_support import *  # noqa: F403  (fixtures)
from test_web_support import Browser, add_people, docx_text, wf

ATOM = "{http://www.w3.org/2005/Atom}"
SAMPLE = "gongshi_dibao.docx"  # 主动公开 marking, no secrecy marking, personal data in a table


def _text(response: object) -> str:
    return response.get_data(as_text=True)  # type: ignore[attr-defined]


def _revision(page: str) -> str:
    found = re.search(r'name="revision" value="(\d+)"', page)
    assert found, "no revision on the page"
    return found.group(1)


def _field(page: str, name: str) -> str:
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page)
    assert found, f"no {name} field on the page"
    return found.group(1)


@pytest.mark.slow
def test_a_real_sample_goes_from_upload_to_the_portal(make_app: Callable[..., Flask], sample_dir: Path) -> None:
    source = sample_dir / SAMPLE
    if not source.is_file():
        pytest.skip(f"{SAMPLE} not generated (run sample_docs/make_samples.py)")
    app = make_app(SCAN=None, REDACTOR=None)  # the real scanner and the app's default de-identification
    add_people(wf(app).engine)
    drafter, office, secrecy, privacy = (Browser(app.test_client()) for _ in range(4))
    drafter.login("drafter1")
    uploaded = drafter.post("/drafter/upload", data={
        "title": "城乡低保对象公示", "file": (io.BytesIO(source.read_bytes()), SAMPLE)})
    assert uploaded.status_code == 302, _text(uploaded)
    doc_url = uploaded.headers["Location"]
    doc = int(doc_url.rstrip("/").rsplit("/", 1)[1])
    page = _text(drafter.get(doc_url))
    assert "已完整读取" in page and "（此件公开发布）" in page and "邵玉兰" in page and "身份证号" in page
    # The form proposes the 文号 and 成文日期 read from the text; the drafter keeps them and picks the 主题分类.
    proposed = {name: _field(page, name) for name in ("doc_number", "written_on")}
    assert proposed == {"doc_number": "临东民发〔2026〕3号", "written_on": "2026-03-02"}
    declared = drafter.post(f"/drafter/doc/{doc}/declare", data={
        "revision": _revision(page), "attribute": "主动公开", "topic": "民政、扶贫、救灾", **proposed})
    assert declared.status_code == 302, _text(declared)

    office.login("office1")
    page = _text(office.get(f"/office/doc/{doc}"))
    assert office.post(f"/office/doc/{doc}/accept", data={"revision": _revision(page)}).status_code == 302

    secrecy.login("secrecy1")
    page = _text(secrecy.get(f"/review/doc/{doc}"))
    cleared = secrecy.post(f"/review/doc/{doc}/clear", data={"revision": _revision(page), "opinion": "不涉密"})
    assert cleared.status_code == 302, _text(cleared)

    privacy.login("privacy1")
    page = _text(privacy.get(f"/review/doc/{doc}"))
    ids = sorted(set(re.findall(r'name="action-(\d+)"', page)))
    assert len(ids) >= 10
    decisions = {f"action-{i}": "mask" for i in ids}
    decided = privacy.post(f"/review/doc/{doc}/decisions", data={"revision": _revision(page), **decisions})
    assert decided.status_code == 302, _text(decided)
    page = _text(privacy.get(f"/review/doc/{doc}"))
    approved = privacy.post(f"/review/doc/{doc}/approve", data={"revision": _revision(page)})
    assert approved.status_code == 302, _text(approved)

    page = _text(office.get(f"/office/doc/{doc}"))
    published = office.post(f"/office/doc/{doc}/publish", data={"revision": _revision(page)})
    assert published.status_code == 302, _text(published)

    public = Browser(app.test_client())
    portal = _text(public.get("/gongkai/"))
    assert "城乡低保对象公示" in portal and "区发展改革委" in portal
    assert "临东民发〔2026〕3号" in portal and "2026年3月2日" in portal and "民政、扶贫、救灾" in portal
    assert "城乡低保对象公示" in _text(public.get("/gongkai/?topic=民政、扶贫、救灾"))
    assert "城乡低保对象公示" not in _text(public.get("/gongkai/?topic=财政、金融、审计"))
    feed = ElementTree.fromstring(public.get("/gongkai/feed.atom").get_data())
    entry_xml = feed.find(f"{ATOM}entry")
    assert entry_xml is not None
    assert [c.get("term") for c in entry_xml.iter(f"{ATOM}category")] == ["民政、扶贫、救灾"]
    assert "临东民发〔2026〕3号" in (entry_xml.findtext(f"{ATOM}summary") or "")
    entry = re.search(r'href="/gongkai/(\d+)"', portal)
    assert entry
    download = public.get(f"/gongkai/{entry.group(1)}/file")
    body = download.get_data()
    download.close()
    assert download.status_code == 200 and body.startswith(b"PK")
    text = docx_text(body)
    for name in ("邵玉兰", "梁静", "510902199902270708"):
        assert name not in text
    page = _text(public.get(f"/gongkai/{entry.group(1)}"))  # the de-identified text, readable on the page
    assert "城乡最低生活保障" in page or "公示" in page
    assert "510902****" in page and "邵*" in page
    for name in ("邵玉兰", "梁静", "510902199902270708"):
        assert name not in page
    # full-text search reads the de-identified text: a phrase of the body finds it, a masked original does not
    assert f"/gongkai/{entry.group(1)}" in _text(public.get("/gongkai/?q=最低生活保障对象"))
    assert f"/gongkai/{entry.group(1)}" not in _text(public.get("/gongkai/?q=邵玉兰"))
    wf(app).engine.dispose()
