"""The dashboard: server-side SVG charts whose numbers match the data, escaped labels, who may see it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from xml.etree import ElementTree

import pytest
from flask import Flask
from sqlmodel import Session, select
from test_web_support import *  # noqa: F403  (fixtures)
from test_web_support import Browser, Flow, add_people, edit_document, state_of, wf

from web.charts import Bar, bar_chart, column_chart
from web.views.dashboard import iso_weeks, weekly_counts
from workflows import transaction
from workflows.models import Department, PublishedEntry
from workflows.services import publish

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script>&科'


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def app(request: pytest.FixtureRequest, make_app: Callable[..., Flask]) -> Iterator[Flask]:
    """The app on SQLite and, with TEST_DATABASE_URL, on PostgreSQL (overrides test_web_support's SQLite one)."""
    application = make_app(request.param)
    yield application
    wf(application).engine.dispose()


def _bars(svg: str) -> list[tuple[str, int]]:
    root = ElementTree.fromstring(svg)
    return [(g.attrib["data-label"], int(g.attrib["data-value"])) for g in root.iter(f"{SVG}g")]


def _svg(page: str, figure_id: str) -> str:
    start = page.index(f'<figure class="chart" id="{figure_id}">') + len(f'<figure class="chart" id="{figure_id}">')
    return page[start:page.index("</figure>", start)]


@pytest.mark.parametrize("chart", [bar_chart, column_chart])
def test_a_hostile_label_is_text_inside_the_svg(chart: Callable[..., object]) -> None:
    svg = str(chart(f"标题{HOSTILE}", [Bar(HOSTILE, 3), Bar("区民政局", 1)]))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = ElementTree.fromstring(svg)
    assert root.findtext(f"{SVG}title") == f"标题{HOSTILE}"
    assert HOSTILE in [t.text for t in root.iter(f"{SVG}text")]
    assert _bars(svg) == [(HOSTILE, 3), ("区民政局", 1)]


@pytest.mark.parametrize(("values", "widths"), [
    ([4, 2, 0, 1], [1.0, 0.5, 0.0, 0.25]),
    ([0, 0], [0.0, 0.0]),
    ([7], [1.0]),
])
def test_bar_lengths_are_proportional_with_the_largest_filling_the_room(values: list[int],
                                                                       widths: list[float]) -> None:
    svg = str(bar_chart("t", [Bar(f"b{i}", v) for i, v in enumerate(values)]))
    rects = [float(r.attrib["width"]) for r in ElementTree.fromstring(svg).iter(f"{SVG}rect")]
    room = max(rects) if any(values) else 1.0
    assert [round(w / room, 2) for w in rects] == widths
    numbers = [t.text for t in ElementTree.fromstring(svg).iter(f"{SVG}text")][1::2]
    assert numbers == [str(v) for v in values]


def test_weeks_are_iso_weeks_in_shanghai_time() -> None:
    today = date(2026, 11, 24)  # a Tuesday, ISO week 48
    mondays = iso_weeks(today, 12)
    assert len(mondays) == 12 and mondays[-1] == date(2026, 11, 23) and mondays[0] == date(2026, 9, 7)
    times = [
        datetime(2026, 11, 22, 17, 0, tzinfo=UTC),  # Monday 01:00 in Shanghai: this week
        datetime(2026, 11, 22, 15, 0, tzinfo=UTC),  # Sunday 23:00 in Shanghai: last week
        datetime(2026, 11, 16, 1, 0, tzinfo=UTC),
        datetime(2026, 9, 6, 1, 0, tzinfo=UTC),  # before the first week shown
    ]
    weeks = weekly_counts(times, today, 12)
    assert [(w.year, w.number) for w in weeks][-2:] == [(2026, 47), (2026, 48)]
    assert [w.published for w in weeks] == [0] * 10 + [2, 1]
    assert weeks[-1].label == "W48"


def _publish_policy(app: Flask, stage: Flow, due: date | None) -> int:
    doc = stage.approved()
    edit_document(app, doc, is_policy=True)
    publish(wf(app), stage.p.office, doc, state_of(app, doc)[1])
    if due is not None:
        with Session(wf(app).engine) as s:
            entry = s.exec(select(PublishedEntry).where(PublishedEntry.document_id == doc)).one()
            entry.interpretation_due = due
            s.add(entry)
            s.commit()
    return doc


def test_the_charts_count_what_the_database_holds(app: Flask, browser: Browser, stage: Flow) -> None:
    with transaction(wf(app).engine) as s:
        s.add(Department(code="11019900", name=HOSTILE))
    stage.new()
    stage.declared()
    stage.new(by=stage.p.outsider)
    _publish_policy(app, stage, date(2020, 1, 3))  # long overdue
    _publish_policy(app, stage, None)  # due in three working days
    browser.login("auditor1")
    response = browser.get("/dashboard/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    states = dict(_bars(_svg(page, "chart-states")))
    assert states["起草"] == 2 and states["已申报属性"] == 1 and states["已公开"] == 2 and sum(states.values()) == 5
    assert _bars(_svg(page, "chart-departments")) == [("区发展改革委", 4), ("区民政局", 1), (HOSTILE, 0)]
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert _bars(_svg(page, "chart-interpretation")) == [("待解读", 1), ("逾期未解读", 1)]
    throughput = _bars(_svg(page, "chart-throughput"))
    assert len(throughput) == 12 and throughput[-1][1] == 2 and sum(v for _, v in throughput) == 2
    assert "/office/?state=" not in page  # the auditor gets no links into the office's queue


def test_last_weeks_publications_are_counted_in_their_week(app: Flask, browser: Browser, stage: Flow) -> None:
    doc = _publish_policy(app, stage, None)
    with Session(wf(app).engine) as s:
        entry = s.exec(select(PublishedEntry).where(PublishedEntry.document_id == doc)).one()
        entry.published_at = entry.published_at - timedelta(weeks=1)
        s.add(entry)
        s.commit()
    browser.login("office1")
    page = browser.get("/dashboard/").get_data(as_text=True)
    assert [v for _, v in _bars(_svg(page, "chart-throughput"))][-2:] == [1, 0]
    assert "/office/?state=published" in page


@pytest.mark.parametrize(("user", "status"), [("office1", 200), ("auditor1", 200), ("drafter1", 403),
                                              ("secrecy1", 403), ("privacy1", 403), ("admin1", 403)])
def test_office_and_auditors_see_the_dashboard(make_app: Callable[..., Flask], user: str, status: int) -> None:
    app = make_app()
    add_people(wf(app).engine)
    browser = Browser(app.test_client())
    browser.login(user)
    assert browser.get("/dashboard/").status_code == status
    assert browser.get("/office/dashboard").status_code == (200 if user == "office1" else 403)
    home = browser.get("/gongkai/").get_data(as_text=True)
    assert ('href="/dashboard/"' in home) == (status == 200)
    wf(app).engine.dispose()
