"""The parts under the services: the file store, the working-day calendar, 索引号, passwords, users, the machine."""

from __future__ import annotations

import os
import stat
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select
from test_workflow_support import *  # noqa: F403  (fixtures)
from test_workflow_support import CATALOGUE, Flow

from workflows import GuardRefused, NotFound, StoreError
from workflows.indexno import format_index_no
from workflows.machine import EDGES, STATES, TRIGGERS, allowed_triggers, edge_for, mermaid
from workflows.models import PublishedEntry
from workflows.services import (
    accept_attribute,
    approve_privacy,
    authenticate,
    check_password,
    clear_confidentiality,
    create_user,
    declare,
    ensure_department,
    get_user,
    hash_password,
    publish,
    upload,
)
from workflows.services.queries import interpretation_deadline
from workflows.store import ContentStore, sha256_of
from workflows.testing import masking_redactor, write_fake
from workflows.workdays import add_working_days, deadline_status, is_working_day

# --- content-addressed store ---------------------------------------------------------------------------------


def test_store_keeps_a_file_under_its_digest_read_only(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "store")
    source = tmp_path / "a.docx"
    source.write_bytes(b"PK\x03\x04 some bytes")
    sha, size = store.put_file(source)
    assert (sha, size) == sha256_of(source)
    path = store.path_for(sha)
    assert path == tmp_path / "store" / sha[:2] / sha[2:4] / sha
    assert path.read_bytes() == source.read_bytes() and not path.stat().st_mode & stat.S_IWUSR
    assert store.verify(sha)
    assert not [p for p in (tmp_path / "store").iterdir() if p.name.startswith(".incoming-")]


def test_store_never_overwrites_and_detects_a_changed_file(tmp_path: Path) -> None:
    store = ContentStore(tmp_path)
    source = tmp_path / "a.bin"
    source.write_bytes(b"one")
    sha, _ = store.put_file(source)
    inode = store.path_for(sha).stat().st_ino
    assert store.put_file(source)[0] == sha and store.path_for(sha).stat().st_ino == inode
    os.chmod(store.path_for(sha), 0o644)
    store.path_for(sha).write_bytes(b"two")  # someone tampers with the stored file
    assert not store.verify(sha)


def test_store_writers_racing_on_the_same_bytes_leave_one_good_file(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "s")
    source = tmp_path / "x.bin"
    source.write_bytes(os.urandom(300_000))
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(store.put_file(source)[0])) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1 and store.verify(results[0])


def test_store_refuses_names_that_are_not_digests_and_reports_missing_files(tmp_path: Path) -> None:
    store = ContentStore(tmp_path)
    with pytest.raises(StoreError):
        store.path_for("../../etc/passwd")
    with pytest.raises(NotFound):
        store.open("0" * 64)


# --- working days and 解读 deadlines -------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "due"), [
    (date(2026, 11, 23), date(2026, 11, 26)),  # Monday -> Thursday
    (date(2026, 11, 26), date(2026, 12, 1)),  # Thursday -> over the weekend to Tuesday
    (date(2026, 11, 28), date(2026, 12, 2)),  # published on a Saturday: Monday is day one
    (date(2026, 9, 30), date(2026, 10, 10)),  # 国庆 1-7 October off; Saturday 10 October is a 调休 working day
    (date(2026, 2, 13), date(2026, 2, 25)),  # 春节: make-up Saturday 14 Feb works, the holiday week does not
])
def test_interpretation_deadline_counts_three_working_days(start: date, due: date) -> None:
    assert add_working_days(start, 3) == (due, False)


def test_make_up_days_work_and_holidays_do_not() -> None:
    assert is_working_day(date(2026, 2, 14)) == (True, False)  # Saturday, 调休 make-up day for 春节
    assert is_working_day(date(2026, 10, 1)) == (False, False)  # 国庆节
    assert is_working_day(date(2026, 11, 24)) == (True, False)


def test_years_without_holiday_data_count_weekdays_and_say_so() -> None:
    due, estimated = add_working_days(date(2099, 3, 5), 3)  # Thursday
    assert (due, estimated) == (date(2099, 3, 10), True)


def test_deadline_is_due_until_its_day_then_overdue() -> None:
    assert deadline_status(date(2026, 12, 1), date(2026, 12, 1)).status == "due"
    overdue = deadline_status(date(2026, 12, 1), date(2026, 12, 2))
    assert (overdue.status, overdue.label) == ("overdue", "已逾期")


def test_a_published_policy_document_gets_its_deadline(flow: Flow) -> None:
    thursday = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
    flow.ctx = type(flow.ctx)(flow.ctx.engine, flow.ctx.store, flow.ctx.scan, clock=lambda: thursday)
    source = write_fake(flow.folder / "policy.docx", personal=[])
    doc = upload(flow.ctx, flow.p.drafter, "关于促进就业的若干政策措施", source, "p.docx", is_policy=True).document_id

    declare(flow.ctx, flow.p.drafter, doc, flow.revision(doc), "主动公开", catalogue=CATALOGUE)
    accept_attribute(flow.ctx, flow.p.office, doc, flow.revision(doc))
    clear_confidentiality(flow.ctx, flow.p.secrecy, doc, flow.revision(doc), "不涉密")
    approve_privacy(flow.ctx, flow.p.privacy, doc, flow.revision(doc), masking_redactor)
    publish(flow.ctx, flow.p.office, doc, flow.revision(doc))
    with Session(flow.ctx.engine) as s:
        entry = s.exec(select(PublishedEntry).where(PublishedEntry.document_id == doc)).one()
    assert entry.published_at == thursday
    assert entry.index_no == "11010500/2026-00001"
    assert entry.interpretation_due == date(2026, 12, 1)
    status = interpretation_deadline(entry, date(2026, 12, 2))
    assert status is not None and status.status == "overdue"


def test_the_year_of_the_index_number_is_the_year_in_shanghai(flow: Flow) -> None:
    new_year_in_shanghai = datetime(2026, 12, 31, 17, 0, tzinfo=UTC)  # 2027-01-01 01:00 in Shanghai
    flow.ctx = type(flow.ctx)(flow.ctx.engine, flow.ctx.store, flow.ctx.scan, clock=lambda: new_year_in_shanghai)
    doc = flow.published()
    with Session(flow.ctx.engine) as s:
        entry = s.exec(select(PublishedEntry).where(PublishedEntry.document_id == doc)).one()
    assert entry.index_no == "11010500/2027-00001" and entry.year == 2027


def test_index_number_format() -> None:
    assert format_index_no("11010500", 2026, 42) == "11010500/2026-00042"


# --- users and passwords -------------------------------------------------------------------------------------

def test_password_hashes_are_salted_and_check() -> None:
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first != second and first.startswith("scrypt$")
    assert check_password(first, "correct horse") and not check_password(first, "wrong horse")
    assert not check_password("plain", "plain")


def test_create_user_and_authenticate(engine: object) -> None:
    ensure_department(engine, "11010700", "区教育局")  # type: ignore[arg-type]
    uid = create_user(engine, "wang", "s3cret-pass", ["drafter", "office"], "11010700", "王老师")  # type: ignore[arg-type]
    user = authenticate(engine, "wang", "s3cret-pass")  # type: ignore[arg-type]
    assert user is not None and user.id == uid and user.roles == ["drafter", "office"]
    assert "password_hash" not in user.model_dump()
    assert authenticate(engine, "wang", "wrong-pass") is None  # type: ignore[arg-type]
    assert get_user(engine, uid).display_name == "王老师"  # type: ignore[arg-type]


def test_unknown_user_name_costs_a_password_check(engine: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: an unknown name answered at once, so response times told which names exist."""
    import workflows.services.users as users

    checked: list[str] = []
    real = users.check_password
    monkeypatch.setattr(users, "check_password", lambda stored, password: checked.append(password) or real(
        stored, password))
    assert authenticate(engine, "nobody", "any-pass") is None  # type: ignore[arg-type]
    assert checked == ["any-pass"]


@pytest.mark.parametrize(("roles", "password", "department", "rule"), [
    (["boss"], "long-enough", None, "role"),
    ([], "long-enough", None, "role"),
    (["office"], "short", None, "password"),
    (["drafter"], "long-enough", None, "department"),
])
def test_create_user_refusals(engine: object, roles: list[str], password: str, department: str | None,
                              rule: str) -> None:
    with pytest.raises(GuardRefused) as caught:
        create_user(engine, "li", password, roles, department)  # type: ignore[arg-type]
    assert caught.value.rule == rule


def test_usernames_are_unique_and_departments_must_exist(engine: object) -> None:
    create_user(engine, "zhao", "long-enough", ["auditor"])  # type: ignore[arg-type]
    with pytest.raises(GuardRefused) as caught:
        create_user(engine, "zhao", "long-enough", ["auditor"])  # type: ignore[arg-type]
    assert caught.value.rule == "username_taken"
    with pytest.raises(NotFound):
        create_user(engine, "qian", "long-enough", ["drafter"], "no-such-code")  # type: ignore[arg-type]


# --- the machine definition ----------------------------------------------------------------------------------

def test_the_machine_has_the_designed_edges() -> None:
    assert set(STATES) == {"drafted", "declared", "confidentiality_review", "privacy_review", "published", "filed",
                           "returned"}
    assert allowed_triggers("published") == []
    assert set(allowed_triggers("declared")) == {"accept_attribute", "file_undisclosed", "return_document"}
    assert edge_for("filed", "convert_to_proactive").dest == "confidentiality_review"  # type: ignore[union-attr]
    assert edge_for("drafted", "publish") is None
    assert {e.trigger for e in EDGES} == set(TRIGGERS)


def test_the_diagram_comes_from_the_same_definition() -> None:
    text = mermaid()
    assert "stateDiagram" in text
    for edge in EDGES:
        assert f"{edge.source} --> {edge.dest}: {edge.trigger}" in text
