"""Every refusal of every guard: the rule is named and nothing changes (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, update
from sqlmodel import Session, select
from test_workflow_support import *  # noqa: F403  (fixtures)
from test_workflow_support import CATALOGUE, Flow

from workflows import ConflictError, GuardRefused, NotFound, transaction
from workflows.machine import EDGES, Facts, failed_condition
from workflows.models import ChainHead, Document, PrivacyDecision, ReviewRecord, User
from workflows.records import verify_chain
from workflows.services import (
    Catalogue,
    Decision,
    accept_attribute,
    approve_privacy,
    clear_confidentiality,
    convert_to_proactive,
    declare,
    document_view,
    file_undisclosed,
    publish,
    record_decisions,
    return_document,
    revise,
    upload,
)
from workflows.testing import leaky_redactor, masking_redactor
from workflows.vocab import ON_REQUEST, PROACTIVE, WITHHELD


def _snapshot(flow: Flow) -> tuple[Any, ...]:
    with Session(flow.ctx.engine) as s:
        docs = sorted((d.id, d.state, d.revision, d.attribute, d.current_version_no) for d in s.exec(select(Document)))
        head = s.get(ChainHead, 1)
        assert head is not None
        decisions = sorted((d.finding_id, d.action, d.exemption) for d in s.exec(select(PrivacyDecision)))
        return (docs, s.exec(select(func.count()).select_from(ReviewRecord)).one(), head.seq, head.hash, decisions)


def refused(flow: Flow, rule: str, action: Callable[[], object]) -> GuardRefused:
    """Run ``action``, expect the named refusal, and check that nothing in the database changed."""
    before = _snapshot(flow)
    with pytest.raises(GuardRefused) as caught:
        action()
    assert caught.value.rule == rule, str(caught.value)
    assert _snapshot(flow) == before
    return caught.value


# --- state, role, department, separation of duties, disabled users, stale reads ---------------------------------

def test_a_trigger_not_allowed_from_the_state_is_refused(flow: Flow) -> None:
    doc = flow.new()
    p = flow.p
    refused(flow, "state", lambda: publish(flow.ctx, p.office, doc, flow.revision(doc)))
    refused(flow, "state", lambda: accept_attribute(flow.ctx, p.office, doc, flow.revision(doc)))
    refused(flow, "state", lambda: convert_to_proactive(flow.ctx, p.office, doc, flow.revision(doc), "x"))
    refused(flow, "state", lambda: return_document(flow.ctx, p.office, doc, flow.revision(doc), "x"))
    published = flow.published()
    refused(flow, "state", lambda: return_document(flow.ctx, p.office, published, flow.revision(published), "x"))
    refused(flow, "state", lambda: revise(flow.ctx, p.drafter, published, flow.revision(published),
                                          flow.file(), "a.docx"))


@pytest.mark.parametrize("who", ["office", "secrecy", "privacy", "auditor", "admin"])
def test_only_drafters_upload_declare_and_revise(flow: Flow, who: str) -> None:
    actor = getattr(flow.p, who)
    refused(flow, "role", lambda: upload(flow.ctx, actor, "标题", flow.file(), "a.docx"))
    doc = flow.new()
    refused(flow, "role", lambda: declare(flow.ctx, actor, doc, flow.revision(doc), PROACTIVE, catalogue=CATALOGUE))
    refused(flow, "role", lambda: revise(flow.ctx, actor, doc, flow.revision(doc), flow.file(), "a.docx"))


@pytest.mark.parametrize("who", ["drafter", "secrecy", "privacy", "auditor", "admin"])
def test_only_the_office_accepts_files_converts_and_publishes(flow: Flow, who: str) -> None:
    actor = getattr(flow.p, who)
    doc = flow.declared()
    refused(flow, "role", lambda: accept_attribute(flow.ctx, actor, doc, flow.revision(doc)))
    refused(flow, "role", lambda: return_document(flow.ctx, actor, doc, flow.revision(doc), "理由"))
    on_request = flow.declared(ON_REQUEST)
    refused(flow, "role", lambda: file_undisclosed(flow.ctx, actor, on_request, flow.revision(on_request), "理由"))
    filed = flow.filed()
    refused(flow, "role", lambda: convert_to_proactive(flow.ctx, actor, filed, flow.revision(filed), "理由"))
    approved = flow.approved()
    refused(flow, "role", lambda: publish(flow.ctx, actor, approved, flow.revision(approved)))


@pytest.mark.parametrize("who", ["drafter", "office", "privacy", "auditor", "admin"])
def test_only_the_confidentiality_reviewer_clears_or_returns_in_that_step(flow: Flow, who: str) -> None:
    actor = getattr(flow.p, who)
    doc = flow.in_confidentiality()
    refused(flow, "role", lambda: clear_confidentiality(flow.ctx, actor, doc, flow.revision(doc), "意见"))
    refused(flow, "role", lambda: return_document(flow.ctx, actor, doc, flow.revision(doc), "理由"))


@pytest.mark.parametrize("who", ["drafter", "office", "secrecy", "auditor", "admin"])
def test_only_the_privacy_reviewer_decides_approves_or_returns_in_that_step(flow: Flow, who: str) -> None:
    actor = getattr(flow.p, who)
    doc = flow.in_privacy()
    refused(flow, "role", lambda: flow.decide_all(doc, by=actor))
    flow.decide_all(doc)
    refused(flow, "role", lambda: approve_privacy(flow.ctx, actor, doc, flow.revision(doc), masking_redactor))
    refused(flow, "role", lambda: return_document(flow.ctx, actor, doc, flow.revision(doc), "理由"))


def test_drafters_act_only_on_their_own_department(flow: Flow) -> None:
    doc = flow.new()
    p = flow.p
    refused(flow, "department", lambda: declare(flow.ctx, p.outsider, doc, flow.revision(doc), PROACTIVE,
                                                catalogue=CATALOGUE))
    refused(flow, "department", lambda: revise(flow.ctx, p.outsider, doc, flow.revision(doc), flow.file(), "a.docx"))
    refused(flow, "department", lambda: document_view(flow.ctx.engine, p.outsider, doc))
    # A colleague in the same department may act on it.
    declare(flow.ctx, p.drafter2, doc, flow.revision(doc), PROACTIVE, catalogue=CATALOGUE)


def test_a_drafter_without_department_cannot_upload(flow: Flow) -> None:
    with transaction(flow.ctx.engine) as s:
        s.execute(update(User).where(User.id == flow.p.allrounder).values(department_id=None))  # type: ignore[arg-type]
    refused(flow, "department", lambda: upload(flow.ctx, flow.p.allrounder, "标题", flow.file(), "a.docx"))


def test_no_one_reviews_or_approves_a_document_they_drafted(flow: Flow) -> None:
    me = flow.p.allrounder
    ctx = flow.ctx
    doc = flow.new(by=me)
    declare(ctx, me, doc, flow.revision(doc), PROACTIVE, catalogue=CATALOGUE)
    refused(flow, "separation_of_duties", lambda: accept_attribute(ctx, me, doc, flow.revision(doc)))
    refused(flow, "separation_of_duties", lambda: return_document(ctx, me, doc, flow.revision(doc), "理由"))
    accept_attribute(ctx, flow.p.office, doc, flow.revision(doc))
    refused(flow, "separation_of_duties", lambda: clear_confidentiality(ctx, me, doc, flow.revision(doc), "意见"))
    clear_confidentiality(ctx, flow.p.secrecy, doc, flow.revision(doc), "意见")
    refused(flow, "separation_of_duties", lambda: flow.decide_all(doc, by=me))
    flow.decide_all(doc)
    refused(flow, "separation_of_duties", lambda: approve_privacy(ctx, me, doc, flow.revision(doc), masking_redactor))
    approve_privacy(ctx, flow.p.privacy, doc, flow.revision(doc), masking_redactor)
    refused(flow, "separation_of_duties", lambda: publish(ctx, me, doc, flow.revision(doc)))
    publish(ctx, flow.p.office, doc, flow.revision(doc))


def test_uploading_a_revision_makes_you_a_drafter_of_the_document(flow: Flow) -> None:
    me = flow.p.allrounder
    doc = flow.declared()
    return_document(flow.ctx, flow.p.office, doc, flow.revision(doc), "标注缺失")
    revise(flow.ctx, me, doc, flow.revision(doc), flow.file(), "修改稿.docx")
    declare(flow.ctx, flow.p.drafter, doc, flow.revision(doc), PROACTIVE, catalogue=CATALOGUE)
    refused(flow, "separation_of_duties", lambda: accept_attribute(flow.ctx, me, doc, flow.revision(doc)))


def test_a_disabled_user_can_do_nothing(flow: Flow) -> None:
    doc = flow.new()
    with transaction(flow.ctx.engine) as s:
        s.execute(update(User).where(User.id == flow.p.drafter).values(active=False))  # type: ignore[arg-type]
    refused(flow, "active_user", lambda: declare(flow.ctx, flow.p.drafter, doc, flow.revision(doc), PROACTIVE,
                                                 catalogue=CATALOGUE))


def test_unknown_document_or_user_is_not_found(flow: Flow) -> None:
    with pytest.raises(NotFound):
        declare(flow.ctx, flow.p.drafter, 999_999, 1, PROACTIVE, catalogue=CATALOGUE)
    doc = flow.new()
    with pytest.raises(NotFound):
        declare(flow.ctx, 999_999, doc, 1, PROACTIVE, catalogue=CATALOGUE)


def test_a_stale_revision_is_a_conflict_and_changes_nothing(flow: Flow) -> None:
    doc = flow.new()
    stale = flow.revision(doc)
    declare(flow.ctx, flow.p.drafter, doc, stale, PROACTIVE, catalogue=CATALOGUE)
    before = _snapshot(flow)
    with pytest.raises(ConflictError):
        accept_attribute(flow.ctx, flow.p.office, doc, stale)
    with pytest.raises(ConflictError):
        return_document(flow.ctx, flow.p.office, doc, stale, "理由")
    assert _snapshot(flow) == before


# --- declare -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("status", ["needs_ocr", "unreadable", "encrypted", "rejected"])
def test_declare_needs_a_completely_read_file(flow: Flow, status: str) -> None:
    doc = flow.new(status=status)
    refused(flow, "scan_complete", lambda: declare(flow.ctx, flow.p.drafter, doc, flow.revision(doc), PROACTIVE,
                                                   catalogue=CATALOGUE))


@pytest.mark.parametrize(("attribute", "basis", "reason", "rule"), [
    (None, None, "", "attribute_chosen"),
    ("公开", None, "", "attribute_chosen"),
    (ON_REQUEST, None, "", "on_request_reason"),
    (ON_REQUEST, None, "   ", "on_request_reason"),
    (WITHHELD, None, "涉及内部事务", "withheld_basis"),
    (WITHHELD, "第二十条 其他", "涉及内部事务", "withheld_basis"),
    (WITHHELD, "第十六条 内部事务信息", "", "withheld_basis"),
    (PROACTIVE, "第十六条 内部事务信息", "", "no_basis_unless_withheld"),
    (ON_REQUEST, "第十六条 内部事务信息", "理由", "no_basis_unless_withheld"),
])
def test_declare_requires_attribute_reason_and_lawful_basis(flow: Flow, attribute: str, basis: str | None,
                                                             reason: str, rule: str) -> None:
    doc = flow.new()
    refused(flow, rule, lambda: declare(flow.ctx, flow.p.drafter, doc, flow.revision(doc), attribute, basis, reason,
                                        catalogue=CATALOGUE))


@pytest.mark.parametrize("catalogue", [None, Catalogue(), Catalogue("交通"), Catalogue(" 综合政务")])
def test_declare_requires_a_catalogue_topic(flow: Flow, catalogue: Catalogue | None) -> None:
    doc = flow.new()
    refused(flow, "topic_chosen", lambda: declare(flow.ctx, flow.p.drafter, doc, flow.revision(doc), PROACTIVE,
                                                  catalogue=catalogue))


def test_the_declared_catalogue_entry_is_kept_and_recorded(flow: Flow) -> None:
    doc = flow.new()
    entry = Catalogue("城乡建设、环境保护", " 临东建发〔2026〕4号 ", date(2026, 3, 18))
    declare(flow.ctx, flow.p.drafter, doc, flow.revision(doc), PROACTIVE, catalogue=entry)
    with Session(flow.ctx.engine) as session:
        document = session.get(Document, doc)
        assert document is not None
        assert (document.topic, document.doc_number, document.written_on) == (
            "城乡建设、环境保护", "临东建发〔2026〕4号", date(2026, 3, 18))
        record = session.exec(select(ReviewRecord).where(ReviewRecord.trigger == "declare")).one()
    assert json.loads(record.detail)["written_on"] == "2026-03-18"
    assert verify_chain(flow.ctx.engine).ok


def test_upload_needs_a_title(flow: Flow) -> None:
    refused(flow, "title_required", lambda: upload(flow.ctx, flow.p.drafter, "  ", flow.file(), "a.docx"))


# --- the office ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fake", [{"attribute": None}, {"attribute": "主动公开", "conflict": True},
                                  {"attribute": ON_REQUEST}])
def test_accept_needs_a_marking_that_agrees_with_the_declaration(flow: Flow, fake: dict[str, Any]) -> None:
    doc = flow.new(**fake)
    declare(flow.ctx, flow.p.drafter, doc, flow.revision(doc), PROACTIVE, catalogue=CATALOGUE)
    refused(flow, "marking_agrees", lambda: accept_attribute(flow.ctx, flow.p.office, doc, flow.revision(doc)))
    return_document(flow.ctx, flow.p.office, doc, flow.revision(doc), "正文未标注公开属性")  # the lawful way out


def test_accept_is_only_for_proactive_declarations(flow: Flow) -> None:
    doc = flow.declared(ON_REQUEST)
    refused(flow, "declared_proactive", lambda: accept_attribute(flow.ctx, flow.p.office, doc, flow.revision(doc)))


def test_file_undisclosed_needs_an_undisclosed_declaration_agreeing_marking_and_reason(flow: Flow) -> None:
    ctx, office = flow.ctx, flow.p.office
    proactive = flow.declared(PROACTIVE)
    refused(flow, "declared_undisclosed", lambda: file_undisclosed(ctx, office, proactive, flow.revision(proactive),
                                                                   "理由"))
    mismatch = flow.new(attribute=PROACTIVE)
    declare(ctx, flow.p.drafter, mismatch, flow.revision(mismatch), ON_REQUEST, None, "涉及个人", catalogue=CATALOGUE)
    refused(flow, "marking_agrees", lambda: file_undisclosed(ctx, office, mismatch, flow.revision(mismatch), "理由"))
    on_request = flow.declared(ON_REQUEST)
    refused(flow, "reason_given", lambda: file_undisclosed(ctx, office, on_request, flow.revision(on_request), " "))


def test_return_needs_a_reason_in_every_step(flow: Flow) -> None:
    for doc, actor in ((flow.declared(), flow.p.office), (flow.in_confidentiality(), flow.p.secrecy),
                       (flow.in_privacy(), flow.p.privacy)):
        refused(flow, "reason_given", lambda d=doc, a=actor: return_document(flow.ctx, a, d, flow.revision(d), ""))
        return_document(flow.ctx, actor, doc, flow.revision(doc), "理由")


def test_convert_only_on_request_documents_with_a_reason(flow: Flow) -> None:
    withheld = flow.filed(WITHHELD)
    refused(flow, "declared_on_request", lambda: convert_to_proactive(flow.ctx, flow.p.office, withheld,
                                                                      flow.revision(withheld), "理由"))
    filed = flow.filed(ON_REQUEST)
    refused(flow, "reason_given", lambda: convert_to_proactive(flow.ctx, flow.p.office, filed, flow.revision(filed),
                                                               ""))


# --- confidentiality -----------------------------------------------------------------------------------------

def test_clear_needs_an_opinion(flow: Flow) -> None:
    doc = flow.in_confidentiality()
    refused(flow, "opinion_given", lambda: clear_confidentiality(flow.ctx, flow.p.secrecy, doc, flow.revision(doc),
                                                                 ""))


def test_a_secrecy_marking_must_be_resolved_before_clearance(flow: Flow) -> None:
    doc = flow.in_confidentiality(secrecy="内部资料")
    refused(flow, "secrecy_resolved", lambda: clear_confidentiality(flow.ctx, flow.p.secrecy, doc,
                                                                    flow.revision(doc), "意见"))
    clear_confidentiality(flow.ctx, flow.p.secrecy, doc, flow.revision(doc), "意见", "经定密责任人确认已解除")
    assert flow.state(doc) == "privacy_review"


# --- privacy -------------------------------------------------------------------------------------------------

def _finding_ids(flow: Flow, doc: int) -> list[int]:
    return [f.finding.id for f in document_view(flow.ctx.engine, flow.p.privacy, doc).findings]  # type: ignore[misc]


def test_decisions_are_checked_one_by_one(flow: Flow) -> None:
    doc = flow.in_privacy()
    other = flow.in_privacy()
    mine, theirs = _finding_ids(flow, doc), _finding_ids(flow, other)
    cases = [
        ("finding_version", Decision(theirs[0], "mask")),
        ("decision_action", Decision(mine[0], "blur")),
        ("exemption", Decision(mine[0], "keep")),
        ("exemption", Decision(mine[0], "keep", "公众关注")),
        ("exemption", Decision(mine[0], "mask", "惩戒公示")),
    ]
    for rule, bad in cases:
        # One bad decision spoils the whole batch: the good one before it is not written either.
        good = Decision(mine[1], "mask")
        refused(flow, rule, lambda b=bad, g=good: record_decisions(flow.ctx, flow.p.privacy, doc, flow.revision(doc),
                                                                   [g, b]))
    record_decisions(flow.ctx, flow.p.privacy, doc, flow.revision(doc),
                     [Decision(mine[0], "keep", "惩戒公示", "失信被执行人名单"), Decision(mine[1], "mask")])


def test_approval_needs_every_finding_decided(flow: Flow) -> None:
    doc = flow.in_privacy()
    ids = _finding_ids(flow, doc)
    record_decisions(flow.ctx, flow.p.privacy, doc, flow.revision(doc), [Decision(ids[0], "mask")])
    refused(flow, "findings_decided", lambda: approve_privacy(flow.ctx, flow.p.privacy, doc, flow.revision(doc),
                                                              masking_redactor))


def test_approval_refuses_an_output_that_still_holds_a_masked_item(flow: Flow) -> None:
    doc = flow.in_privacy()
    flow.decide_all(doc)
    refused(flow, "output_clean", lambda: approve_privacy(flow.ctx, flow.p.privacy, doc, flow.revision(doc),
                                                          leaky_redactor))


def test_approval_refuses_an_unreadable_or_missing_output(flow: Flow) -> None:
    doc = flow.in_privacy()
    flow.decide_all(doc)

    def garbage(source: Any, masked: Any, kept: Any, output: Any) -> None:
        output.write_bytes(b"\x00not a document")

    def nothing(source: Any, masked: Any, kept: Any, output: Any) -> None:
        return None

    refused(flow, "output_clean", lambda: approve_privacy(flow.ctx, flow.p.privacy, doc, flow.revision(doc), garbage))
    refused(flow, "output_clean", lambda: approve_privacy(flow.ctx, flow.p.privacy, doc, flow.revision(doc), nothing))


def test_kept_items_may_stay_in_the_output(flow: Flow) -> None:
    doc = flow.in_privacy()
    flow.decide_all(doc, "keep")
    approve_privacy(flow.ctx, flow.p.privacy, doc, flow.revision(doc), leaky_redactor)
    publish(flow.ctx, flow.p.office, doc, flow.revision(doc))


def test_decisions_freeze_once_the_output_is_approved(flow: Flow) -> None:
    doc = flow.approved()
    refused(flow, "approved_frozen", lambda: flow.decide_all(doc, "keep"))
    refused(flow, "approved_frozen", lambda: approve_privacy(flow.ctx, flow.p.privacy, doc, flow.revision(doc),
                                                             masking_redactor))


def test_publish_needs_an_approved_output(flow: Flow) -> None:
    doc = flow.in_privacy()
    refused(flow, "privacy_approved", lambda: publish(flow.ctx, flow.p.office, doc, flow.revision(doc)))


def test_publish_needs_a_clearance_even_if_the_state_was_forged(flow: Flow) -> None:
    doc = flow.declared()
    with transaction(flow.ctx.engine) as s:  # a bug or a hand edit puts the document in privacy review
        s.execute(update(Document).where(Document.id == doc).values(state="privacy_review"))  # type: ignore[arg-type]
    flow.decide_all(doc)
    approve_privacy(flow.ctx, flow.p.privacy, doc, flow.revision(doc), masking_redactor)
    refused(flow, "confidentiality_cleared", lambda: publish(flow.ctx, flow.p.office, doc, flow.revision(doc)))


@pytest.mark.parametrize("edge", [e for e in EDGES if e.conditions], ids=lambda e: f"{e.trigger}-{e.source}")
def test_every_condition_of_every_edge_refuses_on_empty_facts(edge: Any) -> None:
    # With nothing established, some condition of each guarded edge must fail (no edge is open by default).
    assert failed_condition(edge, Facts()) is not None
