"""The privacy reviewer's preview service: what it writes (a stored file only), its leak check and its refusals."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import Session, select
from test_workflow_support import *  # noqa: F403  (fixtures)
from test_workflow_support import CATALOGUE, Flow

from review.model import Finding
from workflows import GuardRefused, NotFound
from workflows.models import ChainHead, Document, PrivacyApproval, PrivacyDecision, ReviewRecord
from workflows.services import accept_attribute, clear_confidentiality, declare
from workflows.services.preview import check_preview_reader, preview_deidentified
from workflows.testing import leaky_redactor, masking_redactor
from workflows.vocab import PROACTIVE


def _snapshot(flow: Flow) -> tuple[Any, ...]:
    """Everything a preview must leave alone: documents, records, the chain head, decisions and approvals."""
    with Session(flow.ctx.engine) as s:
        docs = sorted((d.id, d.state, d.revision, d.current_version_no) for d in s.exec(select(Document)))
        head = s.get(ChainHead, 1)
        decisions = sorted((d.finding_id, d.action, d.exemption) for d in s.exec(select(PrivacyDecision)))
        return (docs, s.exec(select(func.count()).select_from(ReviewRecord)).one(), head and (head.seq, head.hash),
                decisions, s.exec(select(func.count()).select_from(PrivacyApproval)).one())


def _in_privacy_drafted_by(flow: Flow, uploader: int) -> int:
    doc = flow.new(by=uploader)
    declare(flow.ctx, flow.p.drafter, doc, flow.revision(doc), PROACTIVE, catalogue=CATALOGUE)
    accept_attribute(flow.ctx, flow.p.office, doc, flow.revision(doc))
    clear_confidentiality(flow.ctx, flow.p.secrecy, doc, flow.revision(doc), "不涉密")
    return doc


def test_a_preview_masks_undecided_findings_and_records_nothing(flow: Flow) -> None:
    doc = flow.in_privacy()
    before = _snapshot(flow)
    preview = preview_deidentified(flow.ctx, flow.p.privacy, doc, masking_redactor)
    assert _snapshot(flow) == before
    assert preview.leak.clean and preview.leak.checked == 2 and not preview.leak.survivors
    assert set(preview.masked) == {"张三", "13800138000"} and preview.kept == () and preview.undecided == 2
    assert preview.revision == flow.revision(doc) and preview.version_no == 1
    assert flow.ctx.store.verify(preview.output_sha256)
    assert "张三" not in flow.ctx.store.path_for(preview.output_sha256).read_text(encoding="utf-8")
    again = preview_deidentified(flow.ctx, flow.p.privacy, doc, masking_redactor)
    assert again.output_sha256 == preview.output_sha256  # content-addressed: one file however often it is made


def test_a_kept_finding_stays_in_the_preview(flow: Flow) -> None:
    doc = flow.in_privacy()
    flow.decide_all(doc, "keep")
    preview = preview_deidentified(flow.ctx, flow.p.privacy, doc, masking_redactor)
    assert set(preview.kept) == {"张三", "13800138000"} and preview.masked == () and preview.undecided == 0
    assert "张三" in flow.ctx.store.path_for(preview.output_sha256).read_text(encoding="utf-8")
    assert preview.leak.clean  # nothing was to be masked, so nothing can leak


def test_a_leaking_output_is_reported_with_what_survived(flow: Flow) -> None:
    doc = flow.in_privacy()
    before = _snapshot(flow)
    preview = preview_deidentified(flow.ctx, flow.p.privacy, doc, leaky_redactor)
    assert _snapshot(flow) == before
    assert not preview.leak.clean and preview.leak.reason
    assert sorted((s.kind, s.text) for s in preview.leak.survivors) == [("mobile", "13800138000"),
                                                                        ("person_name", "张三")]


def _refusing_writer(source: Path, masked: Sequence[Finding], kept: Sequence[tuple[Finding, str]],
                     output: Path) -> None:
    """Writes its output, then refuses it as the review package's writer does when its leak check fails."""
    leaky_redactor(source, masked, kept, output)
    raise GuardRefused("output_clean", "去标识化文件未通过泄露检查：person_name（table），不能批准", "leak")


def test_a_writer_refusing_its_own_leak_check_still_gives_a_failed_preview(flow: Flow) -> None:
    doc = flow.in_privacy()
    preview = preview_deidentified(flow.ctx, flow.p.privacy, doc, _refusing_writer)
    assert not preview.leak.clean
    assert preview.leak.reason.startswith("去标识化文件未通过泄露检查")


def test_a_writer_that_writes_nothing_is_refused(flow: Flow) -> None:
    doc = flow.in_privacy()

    def silent(source: Path, masked: Sequence[Finding], kept: Sequence[tuple[Finding, str]], output: Path) -> None:
        return None

    with pytest.raises(GuardRefused) as caught:
        preview_deidentified(flow.ctx, flow.p.privacy, doc, silent)
    assert caught.value.rule == "output_clean"


@pytest.mark.parametrize("who", ["office", "secrecy", "drafter", "outsider", "auditor"])
def test_only_a_privacy_reviewer_may_preview(flow: Flow, who: str) -> None:
    doc = flow.in_privacy()
    before = _snapshot(flow)
    with pytest.raises(GuardRefused) as caught:
        preview_deidentified(flow.ctx, getattr(flow.p, who), doc, masking_redactor)
    assert caught.value.rule == "role"
    assert _snapshot(flow) == before


def test_no_one_previews_a_document_they_drafted(flow: Flow) -> None:
    doc = _in_privacy_drafted_by(flow, flow.p.allrounder)
    with pytest.raises(GuardRefused) as caught:
        preview_deidentified(flow.ctx, flow.p.allrounder, doc, masking_redactor)
    assert caught.value.rule == "separation_of_duties"
    with pytest.raises(GuardRefused) as caught:
        check_preview_reader(flow.ctx, flow.p.allrounder, doc)
    assert caught.value.rule == "separation_of_duties"


def test_a_preview_needs_the_privacy_review_state(flow: Flow) -> None:
    doc = flow.in_confidentiality()
    with pytest.raises(GuardRefused) as caught:
        preview_deidentified(flow.ctx, flow.p.privacy, doc, masking_redactor)
    assert caught.value.rule == "state"
    with pytest.raises(NotFound):
        preview_deidentified(flow.ctx, flow.p.privacy, doc + 1000, masking_redactor)


@pytest.mark.parametrize(("who", "rule"), [("privacy", None), ("office", None), ("allrounder", None),
                                           ("drafter", "role"), ("secrecy", "role"), ("auditor", "role")])
def test_who_may_read_a_preview(flow: Flow, who: str, rule: str | None) -> None:
    doc = flow.in_privacy()
    if rule is None:
        check_preview_reader(flow.ctx, getattr(flow.p, who), doc)
        return
    with pytest.raises(GuardRefused) as caught:
        check_preview_reader(flow.ctx, getattr(flow.p, who), doc)
    assert caught.value.rule == rule
