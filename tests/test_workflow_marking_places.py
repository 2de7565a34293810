"""Where each 公开属性 marking and the secrecy marking were found is kept on the version, so the pages can show it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, col, select
from test_workflow_support import *  # noqa: F403  (fixtures)
from test_workflow_support import Flow

from review.model import AttributeMarking, SecrecyMarking
from review.scanner import Scanner
from workflows.models import DocumentVersion
from workflows.services import WorkflowContext, return_document, revise, upload

CONFLICT = [("主动公开", "（此件公开发布）", "body", "正文第11段", 1),
            ("不予公开", "公开属性：不予公开", "table", "表格2 第2行第1列", 2)]


def _versions(flow: Flow, doc: int) -> list[DocumentVersion]:
    with Session(flow.ctx.engine) as s:
        return list(s.exec(select(DocumentVersion).where(DocumentVersion.document_id == doc)
                           .order_by(col(DocumentVersion.number))))


def test_every_conflicting_marking_is_kept_with_its_place(flow: Flow) -> None:
    doc = flow.new(markings=CONFLICT, secrecy="内部资料")
    version, = _versions(flow, doc)
    assert version.marking_conflict and version.marking_value is None
    assert version.markings() == tuple(AttributeMarking(*m) for m in CONFLICT)  # type: ignore[arg-type]
    assert version.secrecy() == SecrecyMarking("内部资料", "body", "首页", 1)
    assert (version.secrecy_where, version.secrecy_page, version.secrecy_location) == ("body", 1, "首页")


def test_a_version_without_markings_keeps_no_places(flow: Flow) -> None:
    doc = flow.new(attribute=None)
    version, = _versions(flow, doc)
    assert version.markings() == () and version.secrecy() is None
    assert version.secrecy_where is None and version.secrecy_page is None and version.secrecy_location is None


def test_a_revised_version_has_its_own_places(flow: Flow) -> None:
    doc = flow.declared(markings=CONFLICT)
    return_document(flow.ctx, flow.p.office, doc, flow.revision(doc), "正文中的公开属性标注相互矛盾")
    fixed = flow.file(markings=[("主动公开", "（此件公开发布）", "body", "正文第12段", 1)])
    revise(flow.ctx, flow.p.drafter, doc, flow.revision(doc), fixed, "通知（修改稿）.docx")
    first, second = _versions(flow, doc)
    assert [m.location for m in first.markings()] == ["正文第11段", "表格2 第2行第1列"]  # never changed
    assert [(m.value, m.location) for m in second.markings()] == [("主动公开", "正文第12段")]
    assert not second.marking_conflict and second.marking_value == "主动公开"


def test_rows_scanned_before_places_were_kept_show_the_marking_without_a_place(flow: Flow) -> None:
    doc = flow.new(secrecy="秘密")
    with Session(flow.ctx.engine) as s:
        version = s.exec(select(DocumentVersion).where(DocumentVersion.document_id == doc)).one()
        version.marking_places_json = version.secrecy_where = version.secrecy_location = None
        version.secrecy_page = None
        s.add(version)
        s.commit()
    version, = _versions(flow, doc)
    assert version.markings() == ()
    assert version.secrecy() == SecrecyMarking("秘密", "body", "", None)


@pytest.mark.parametrize(("name", "places"), [
    ("huiyi_jiyao_juemi.pdf", [("不予公开", "（此件不予公开）", "body", "第1页", 1)]),
    ("gongshi_youfu_chongtu.docx", [("主动公开", "（此件公开发布）", "body", "正文第11段", 1),
                                    ("不予公开", "公开属性：不予公开", "table", "表格2 第2行第1列", 1)]),
])
def test_the_real_scan_fills_the_places(flow: Flow, sample_dir: Path, name: str,
                                        places: list[tuple[str, str, str, str, int]]) -> None:
    source = sample_dir / name
    if not source.is_file():
        pytest.skip(f"{name} not generated (run sample_docs/make_samples.py)")
    report = Scanner().scan(source)
    flow.ctx = WorkflowContext(flow.ctx.engine, flow.ctx.store, Scanner().scan)
    doc = upload(flow.ctx, flow.p.drafter, "样例", source, name).document_id
    version, = _versions(flow, doc)
    assert version.markings() == report.attribute.markings
    assert [(m.value, m.marking, m.where, m.location, m.page) for m in version.markings()] == places
    assert version.secrecy() == report.secrecy
