"""The privacy reviewer's preview on the page: a real sample, the real scanner and the app's real de-identification."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from test_web_support import *  # noqa: F403  (fixtures)
from test_web_support import Browser, add_people, docx_text, fake_upload, state_of, wf
from test_workflow_support import CATALOGUE, People

from workflows.services import (
    Decision,
    accept_attribute,
    clear_confidentiality,
    declare,
    document_view,
    record_decisions,
    upload,
)
from workflows.testing import leaky_redactor
from workflows.vocab import PROACTIVE

SAMPLE = "gongshi_dibao.docx"  # 主动公开 marking, personal data in a table
ORIGINALS = ("邵玉兰", "梁静", "510902199902270708")


@dataclass
class Staged:
    """An app with a real sample document waiting for privacy review."""

    app: Flask
    people: People
    doc: int


def _text(response: object) -> str:
    return response.get_data(as_text=True)  # type: ignore[attr-defined]


def _revision(app: Flask, doc: int) -> int:
    return state_of(app, doc)[1]


def _to_privacy(app: Flask, people: People, source: Path, by: int | None = None) -> int:
    """Upload, declare, accept and clear through the services, so the test starts at 隐私审查."""
    context = wf(app)
    doc = upload(context, by or people.drafter, "城乡低保对象公示", source, source.name).document_id
    declare(context, by or people.drafter, doc, _revision(app, doc), PROACTIVE, catalogue=CATALOGUE)
    accept_attribute(context, people.office, doc, _revision(app, doc))
    clear_confidentiality(context, people.secrecy, doc, _revision(app, doc), "不涉密")
    return doc


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def staged(request: pytest.FixtureRequest, make_app: Callable[..., Flask], sample_dir: Path) -> Iterator[Staged]:
    """A real-scanner app (SQLite, and PostgreSQL when TEST_DATABASE_URL is set) with the sample in 隐私审查."""
    source = sample_dir / SAMPLE
    if not source.is_file():
        pytest.skip(f"{SAMPLE} not generated (run sample_docs/make_samples.py)")
    app = make_app(request.param, SCAN=None, REDACTOR=None)  # the real scanner and the app's de-identification
    people = add_people(wf(app).engine)
    yield Staged(app, people, _to_privacy(app, people, source))
    wf(app).engine.dispose()


def _signed_in(app: Flask, username: str) -> Browser:
    browser = Browser(app.test_client())
    assert browser.login(username).status_code == 302
    return browser


def _preview(staged: Staged, browser: Browser | None = None) -> str:
    browser = browser or _signed_in(staged.app, "privacy1")
    response = browser.post(f"/review/doc/{staged.doc}/preview", data={"revision": _revision(staged.app, staged.doc)})
    assert response.status_code == 200, _text(response)
    return _text(response)


def _column(page: str, name: str) -> str:
    found = re.search(rf'<article class="preview-text {name}">(.*?)</article>', page, re.S)
    assert found, f"no {name} column"
    return found.group(1)


def _download_link(page: str) -> str:
    found = re.search(r'href="(/review/doc/\d+/preview/[^"]+)"', page)
    assert found, "no download link"
    return found.group(1)


@pytest.mark.slow
def test_the_preview_shows_masked_text_beside_the_original(staged: Staged) -> None:
    page = _preview(staged)
    original, output = _column(page, "original"), _column(page, "output")
    for text in ORIGINALS:
        assert text in original
        assert text not in output
    assert '邵<mark class="masked">*' in output  # the surname stays, the masked rest is marked
    assert '<mark class="masked">邵玉兰</mark>' in original
    assert '<span class="leak-ok">通过</span>' in page


@pytest.mark.slow
def test_a_pdf_preview_and_its_download(make_app: Callable[..., Flask], sample_dir: Path) -> None:
    source = sample_dir / "gongshi_dibao.pdf"
    if not source.is_file():
        pytest.skip("gongshi_dibao.pdf not generated (run sample_docs/make_samples.py)")
    app = make_app(SCAN=None, REDACTOR=None)
    people = add_people(wf(app).engine)
    staged = Staged(app, people, _to_privacy(app, people, source))
    page = _preview(staged)
    assert '<span class="leak-ok">通过</span>' in page
    output = _column(page, "output")
    assert "城乡" in output
    for text in ORIGINALS:
        assert text in _column(page, "original") and text not in output
    response = _signed_in(app, "office1").get(_download_link(page))
    body = response.get_data()
    response.close()
    assert response.status_code == 200 and body.startswith(b"%PDF")
    wf(app).engine.dispose()


@pytest.mark.slow
def test_a_kept_item_stays_in_the_preview(staged: Staged) -> None:
    context = wf(staged.app)
    view = document_view(context.engine, staged.people.privacy, staged.doc)
    decisions = [Decision(item.finding.id, "keep", "惩戒公示") if item.finding.text == "邵玉兰"  # type: ignore[arg-type]
                 else Decision(item.finding.id, "mask") for item in view.findings]  # type: ignore[arg-type]
    assert any(d.action == "keep" for d in decisions)
    record_decisions(context, staged.people.privacy, staged.doc, _revision(staged.app, staged.doc), decisions)
    output = _column(_preview(staged), "output")
    assert '<mark class="kept">邵玉兰</mark>' in output
    assert "梁静" not in output and "510902199902270708" not in output


@pytest.mark.slow
def test_the_download_is_the_deidentified_file_and_only_for_the_reviewer_and_the_office(staged: Staged) -> None:
    link = _download_link(_preview(staged))
    for username in ("privacy1", "office1"):
        response = _signed_in(staged.app, username).get(link)
        body = response.get_data()
        response.close()
        assert response.status_code == 200 and body.startswith(b"PK")
        text = docx_text(body)
        assert "城乡" in text
        for original in ORIGINALS:
            assert original not in text
    for username in ("drafter1", "drafter2", "outsider", "secrecy1", "auditor1"):
        response = _signed_in(staged.app, username).get(link)
        assert response.status_code == 403, username
        assert not response.get_data().startswith(b"PK")
    public = Browser(staged.app.test_client()).get(link)
    assert public.status_code == 302 and "/auth/login" in public.headers["Location"]


@pytest.mark.slow
def test_a_tampered_or_misdirected_link_is_refused(staged: Staged) -> None:
    link = _download_link(_preview(staged))
    reviewer = _signed_in(staged.app, "privacy1")
    prefix, token = link.rsplit("/", 1)
    payload, signature = token.rsplit(".", 1)
    forged = f"{payload}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
    assert reviewer.get(f"{prefix}/{forged}").status_code == 403
    assert reviewer.get(f"{prefix}/not-a-token").status_code == 403
    other = link.replace(f"/doc/{staged.doc}/", f"/doc/{staged.doc + 1}/")
    assert reviewer.get(other).status_code == 403
    genuine = reviewer.get(link)
    genuine.close()
    assert genuine.status_code == 200


@pytest.mark.slow
def test_the_preview_records_nothing_and_moves_nothing(staged: Staged) -> None:
    context = wf(staged.app)
    before = state_of(staged.app, staged.doc)
    records = len(document_view(context.engine, staged.people.privacy, staged.doc).records)
    _preview(staged)
    _preview(staged)  # twice: the same output, still nothing recorded
    assert state_of(staged.app, staged.doc) == before
    view = document_view(context.engine, staged.people.privacy, staged.doc)
    assert len(view.records) == records and view.approval is None


@pytest.mark.slow
def test_only_a_privacy_reviewer_may_ask_for_a_preview(staged: Staged) -> None:
    for username in ("secrecy1", "office1", "drafter1", "auditor1"):
        browser = _signed_in(staged.app, username)
        response = browser.post(f"/review/doc/{staged.doc}/preview",
                                data={"revision": _revision(staged.app, staged.doc)})
        assert response.status_code == 403, username


@pytest.mark.slow
def test_no_one_previews_a_document_they_drafted(make_app: Callable[..., Flask], sample_dir: Path) -> None:
    source = sample_dir / SAMPLE
    if not source.is_file():
        pytest.skip(f"{SAMPLE} not generated (run sample_docs/make_samples.py)")
    app = make_app(SCAN=None, REDACTOR=None)
    people = add_people(wf(app).engine)
    doc = _to_privacy(app, people, source, by=people.allrounder)
    browser = _signed_in(app, "allround")
    response = browser.post(f"/review/doc/{doc}/preview", data={"revision": _revision(app, doc)})
    assert response.status_code == 403
    assert "不能审查或批准自己起草的文件" in _text(response)
    wf(app).engine.dispose()


def test_a_leaking_output_is_shown_as_failed_with_what_survived(make_app: Callable[..., Flask],
                                                                tmp_path: Path) -> None:
    app = make_app(REDACTOR=leaky_redactor)  # the fake scanner; a writer that forgets to mask
    people = add_people(wf(app).engine)
    source = tmp_path / "fake.docx"
    buffer, _ = fake_upload(tmp_path, personal=[("person_name", "张三"), ("mobile", "13800138000")])
    source.write_bytes(buffer.getvalue())
    doc = _to_privacy(app, people, source)
    page = _preview(Staged(app, people, doc))
    assert '<span class="leak-bad">未通过</span>' in page
    survivors = page.split("仍可见的个人信息", 1)[1].split("</table>", 1)[0]
    assert "张三" in survivors and "13800138000" in survivors
    wf(app).engine.dispose()
