"""The scan result shows each 公开属性 marking highlighted with its place, every one of them when they conflict, to the
drafter and to the office (the secrecy marking's place is in test_web_upload's scan-result test)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from test_web_support import *  # noqa: F403  (fixtures: make_app)
from test_web_support import Browser, add_people, marking_places, wf

from review.scanner import Scanner
from review.settings import ScanSettings


def test_each_conflicting_marking_is_shown_with_its_place_to_drafter_and_office(make_app: Callable[..., Flask],
                                                                                sample_dir: Path) -> None:
    source = sample_dir / "gongshi_youfu_chongtu.docx"  # 主动公开 in the body, 不予公开 in a table
    if not source.is_file():
        pytest.skip("gongshi_youfu_chongtu.docx not generated (run sample_docs/make_samples.py)")
    report = Scanner(ScanSettings()).scan(source)
    assert report.attribute.conflict and len(report.attribute.markings) == 2
    app = make_app(SCAN=None)  # the real scanner
    add_people(wf(app).engine)
    drafter, office = Browser(app.test_client()), Browser(app.test_client())
    drafter.login("drafter1")
    office.login("office1")
    with source.open("rb") as handle:
        uploaded = drafter.post("/drafter/upload", data={"title": "优抚公示", "file": (handle, source.name)})
    location = uploaded.headers["Location"]
    doc = int(location.rstrip("/").rsplit("/", 1)[1])
    expected = [("（此件公开发布）", "第1页 正文第11段"), ("公开属性：不予公开", "第1页 表格2 第2行第1列")]
    for html in (drafter.get(location).get_data(as_text=True), office.get(f"/office/doc/{doc}").get_data(as_text=True)):
        assert "标注相互矛盾" in html
        assert marking_places(html) == expected
        assert "（此件公开发布）</mark></span>（主动公开）" in html and "不予公开</mark></span>（不予公开）" in html
    wf(app).engine.dispose()
