"""The lawful path for each attribute, on SQLite and PostgreSQL, with what each step leaves behind."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, col, select
from test_workflow_support import *  # noqa: F403  (fixtures)
from test_workflow_support import CATALOGUE, Flow

from workflows.models import Document, DocumentVersion, PersonalFinding, PrivacyApproval, PublishedEntry, ReviewRecord
from workflows.records import verify_chain
from workflows.services import (
    approve_privacy,
    clear_confidentiality,
    declare,
    document_view,
    file_undisclosed,
    publish,
    published_entries,
    queue,
    return_document,
    revise,
)
from workflows.store import sha256_of
from workflows.testing import masking_redactor
from workflows.vocab import ON_REQUEST, PROACTIVE, WITHHELD


def _records(flow: Flow, doc: int) -> list[ReviewRecord]:
    with Session(flow.ctx.engine) as s:
        return list(s.exec(select(ReviewRecord).where(ReviewRecord.document_id == doc)
                           .order_by(col(ReviewRecord.seq))))


def test_proactive_document_goes_all_the_way_to_the_portal(flow: Flow) -> None:
    doc = flow.published()
    assert flow.state(doc) == "published"
    trail = [(r.from_state, r.to_state, r.trigger) for r in _records(flow, doc)]
    assert trail == [
        ("", "drafted", "create"), ("drafted", "declared", "declare"),
        ("declared", "confidentiality_review", "accept_attribute"),
        ("confidentiality_review", "privacy_review", "clear_confidentiality"),
        ("privacy_review", "privacy_review", "approve_privacy"), ("privacy_review", "published", "publish"),
    ]
    with Session(flow.ctx.engine) as s:
        entry = s.exec(select(PublishedEntry).where(PublishedEntry.document_id == doc)).one()
        approval = s.exec(select(PrivacyApproval)).one()
    assert entry.output_sha256 == approval.output_sha256
    assert entry.index_no.startswith("11010500/") and entry.index_no.endswith("-00001")
    assert entry.interpretation_due is None  # not a policy document
    assert approval.masked_count == 2 and approval.leaks == 0
    # The published output is in the store and no longer holds the masked items.
    assert flow.ctx.store.verify(entry.output_sha256)
    with flow.ctx.store.open(entry.output_sha256) as out:
        assert "张三" not in out.read().decode("utf-8")
    assert verify_chain(flow.ctx.engine).ok


def test_on_request_document_is_filed_and_can_be_converted(flow: Flow) -> None:
    doc = flow.filed(ON_REQUEST)
    assert flow.state(doc) == "filed"
    doc2 = flow.converted()
    assert flow.state(doc2) == "confidentiality_review"
    with Session(flow.ctx.engine) as s:
        document = s.get(Document, doc2)
        assert document is not None
        assert (document.attribute, document.converted_from) == (PROACTIVE, ON_REQUEST)
    last = _records(flow, doc2)[-1]
    assert last.trigger == "convert_to_proactive" and last.comment == "申请集中，转为主动公开"
    assert '"attribute_from":"依申请公开"' in last.detail
    # The converted document then follows the proactive path to publication.
    clear_confidentiality(flow.ctx, flow.p.secrecy, doc2, flow.revision(doc2), "无涉密内容")
    flow.decide_all(doc2)
    approve_privacy(flow.ctx, flow.p.privacy, doc2, flow.revision(doc2), masking_redactor)
    publish(flow.ctx, flow.p.office, doc2, flow.revision(doc2))
    assert flow.state(doc2) == "published"
    assert verify_chain(flow.ctx.engine).ok


def test_withheld_document_is_filed_with_its_lawful_basis(flow: Flow) -> None:
    doc = flow.declared(WITHHELD)
    file_undisclosed(flow.ctx, flow.p.office, doc, flow.revision(doc), "属过程性信息，理由充分")
    with Session(flow.ctx.engine) as s:
        document = s.get(Document, doc)
        assert document is not None and document.lawful_basis == "第十六条 过程性信息"
    assert flow.state(doc) == "filed"
    assert '"lawful_basis":"第十六条 过程性信息"' in _records(flow, doc)[-1].detail


def test_returned_document_gets_a_new_version_and_old_findings_stay(flow: Flow) -> None:
    doc = flow.in_privacy()
    return_document(flow.ctx, flow.p.privacy, doc, flow.revision(doc), "附件含身份证号，请删除后重报")
    assert flow.state(doc) == "returned"
    new_file = flow.file(attribute=PROACTIVE, personal=[("person_name", "李四")])
    revise(flow.ctx, flow.p.drafter2, doc, flow.revision(doc), new_file, "通知（修改稿）.docx", "已删除")
    assert flow.state(doc) == "drafted"
    with Session(flow.ctx.engine) as s:
        versions = list(s.exec(select(DocumentVersion).where(DocumentVersion.document_id == doc)
                               .order_by(col(DocumentVersion.number))))
        assert [v.number for v in versions] == [1, 2]
        assert versions[1].sha256 == sha256_of(new_file)[0] != versions[0].sha256
        old = s.exec(select(PersonalFinding.text).where(PersonalFinding.version_id == versions[0].id)).all()
        new = s.exec(select(PersonalFinding.text).where(PersonalFinding.version_id == versions[1].id)).all()
    assert sorted(old) == ["13800138000", "张三"] and new == ["李四"]
    assert flow.ctx.store.verify(versions[0].sha256)  # the first file is still there, unchanged
    record = _records(flow, doc)[-1]
    assert (record.version_no, record.file_sha256) == (2, versions[1].sha256)
    # The revised version needs a new declaration and runs the whole path again.
    declare(flow.ctx, flow.p.drafter, doc, flow.revision(doc), PROACTIVE, catalogue=CATALOGUE)
    assert flow.state(doc) == "declared"
    assert verify_chain(flow.ctx.engine).ok


def test_every_record_names_actor_role_version_and_file(flow: Flow) -> None:
    doc = flow.published()
    with Session(flow.ctx.engine) as s:
        version = s.exec(select(DocumentVersion).where(DocumentVersion.document_id == doc)).one()
    roles = [(r.actor_username, r.role) for r in _records(flow, doc)]
    assert roles == [("drafter1", "drafter"), ("drafter1", "drafter"), ("office1", "office"),
                     ("secrecy1", "confidentiality_reviewer"), ("privacy1", "privacy_reviewer"), ("office1", "office")]
    for record in _records(flow, doc):
        assert record.file_sha256 == version.sha256 and record.version_no == 1
        assert record.at.tzinfo is not None and abs((datetime.now(UTC) - record.at).total_seconds()) < 120


def test_index_numbers_count_per_organisation_and_year(flow: Flow) -> None:
    first, second = flow.published(), flow.published()
    with Session(flow.ctx.engine) as s:
        numbers = {e.document_id: e.index_no for e in s.exec(select(PublishedEntry))}
    year = datetime.now(UTC).year
    assert numbers[first].endswith(f"/{year}-00001") or numbers[first].endswith(f"/{year + 1}-00001")
    assert numbers[second].endswith("-00002")
    assert [e.document_id for e in published_entries(flow.ctx.engine)] == [second, first]


def test_queue_filters_by_state_and_department_newest_first(flow: Flow) -> None:
    a1, a2 = flow.declared(), flow.declared()
    b1 = flow.new(by=flow.p.outsider)
    assert [d.id for d in queue(flow.ctx.engine, "declared", flow.p.dept_a)] == [a2, a1]
    assert [d.id for d in queue(flow.ctx.engine, "drafted", flow.p.dept_b)] == [b1]
    assert queue(flow.ctx.engine, "declared", flow.p.dept_b) == []


def test_document_view_shows_findings_of_the_current_version(flow: Flow) -> None:
    doc = flow.in_privacy()
    flow.decide_all(doc)
    view = document_view(flow.ctx.engine, flow.p.privacy, doc)
    assert sorted(f.finding.kind for f in view.findings) == ["mobile", "person_name"]
    assert all(f.decision is not None and f.decision.action == "mask" for f in view.findings)
    assert [r.trigger for r in view.records][-1] == "clear_confidentiality"
