"""The review-record chain: what it covers, how tampering shows, and what export writes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import delete, text, update
from sqlmodel import Session, col, select
from test_workflow_support import *  # noqa: F403  (fixtures)
from test_workflow_support import Flow

from workflows import transaction
from workflows.models import Document, ReviewRecord
from workflows.records import EXPORT_FIELDS, canonical_form, export_records, record_hash, verify_chain


def _all(flow: Flow) -> list[ReviewRecord]:
    with Session(flow.ctx.engine) as s:
        return list(s.exec(select(ReviewRecord).order_by(col(ReviewRecord.seq))))


def test_records_are_numbered_and_linked(flow: Flow) -> None:
    flow.published()
    flow.filed()
    records = _all(flow)
    assert [r.seq for r in records] == list(range(1, len(records) + 1))
    assert records[0].prev_hash == "0" * 64
    for before, after in zip(records, records[1:], strict=False):
        assert after.prev_hash == before.hash
    assert all(r.hash == record_hash(r) for r in records)
    result = verify_chain(flow.ctx.engine)
    assert result.ok and result.checked == len(records)


def test_canonical_form_is_stable_json_with_utc_time(flow: Flow) -> None:
    flow.new()
    record = _all(flow)[0]
    body = json.loads(canonical_form(record))
    assert body["at"].endswith("Z") and body["trigger"] == "create" and body["prev_hash"] == "0" * 64
    assert canonical_form(record) == canonical_form(_all(flow)[0])  # reloading gives the same bytes


@pytest.mark.parametrize(("column", "value"), [
    ("comment", "篡改的意见"), ("actor_username", "someone"), ("to_state", "published"), ("trigger", "publish"),
    ("file_sha256", "f" * 64), ("version_no", 7), ("role", "office"), ("detail", '{"attribute":"不予公开"}'),
    ("document_id", None),
])
def test_editing_any_field_of_any_record_fails_verification(flow: Flow, column: str, value: object) -> None:
    flow.published()
    other = flow.new()
    target = _all(flow)[3]
    if column == "document_id":
        value = other
    with transaction(flow.ctx.engine) as s:
        s.execute(update(ReviewRecord).where(ReviewRecord.seq == target.seq).values({column: value}))
    result = verify_chain(flow.ctx.engine)
    assert not result.ok and result.bad_seq == target.seq
    assert f"record {target.seq} does not verify" in result.message()


def test_editing_the_time_fails_verification(flow: Flow) -> None:
    flow.published()
    target = _all(flow)[2]
    with transaction(flow.ctx.engine) as s:
        s.execute(update(ReviewRecord).where(ReviewRecord.seq == target.seq)
                  .values(at=target.at.replace(year=target.at.year - 1)))
    assert verify_chain(flow.ctx.engine).bad_seq == target.seq


def test_rehashing_an_edited_record_is_caught_by_the_next_link(flow: Flow) -> None:
    flow.published()
    target = _all(flow)[2]
    target.comment = "改过的意见"
    forged = record_hash(target)
    with transaction(flow.ctx.engine) as s:
        s.execute(update(ReviewRecord).where(ReviewRecord.seq == target.seq)
                  .values(comment=target.comment, hash=forged))
    result = verify_chain(flow.ctx.engine)
    assert not result.ok and result.bad_seq == target.seq + 1


@pytest.mark.parametrize("position", [0, 3, -1])
def test_deleting_any_record_fails_verification(flow: Flow, position: int) -> None:
    flow.published()
    flow.declared()
    target = _all(flow)[position]
    with transaction(flow.ctx.engine) as s:
        s.execute(delete(ReviewRecord).where(ReviewRecord.seq == target.seq))
    assert not verify_chain(flow.ctx.engine).ok


def test_a_document_moved_without_a_record_fails_verification(flow: Flow) -> None:
    doc = flow.declared()
    with transaction(flow.ctx.engine) as s:
        s.execute(update(Document).where(Document.id == doc).values(state="published"))  # type: ignore[arg-type]
    result = verify_chain(flow.ctx.engine)
    assert not result.ok and "last record says declared" in result.reason


def test_export_writes_every_record_as_csv_and_json(flow: Flow) -> None:
    flow.published()
    records = _all(flow)
    rows = list(csv.DictReader(io.StringIO("".join(export_records(flow.ctx.engine, "csv")))))
    assert len(rows) == len(records) and tuple(rows[0]) == EXPORT_FIELDS
    assert [r["hash"] for r in rows] == [r.hash for r in records]
    assert rows[0]["at"].endswith("Z")
    # The same moment shown in Asia/Shanghai is eight hours ahead of UTC.
    assert int(rows[0]["at_shanghai"][11:13]) == (int(rows[0]["at"][11:13]) + 8) % 24
    lines = [json.loads(line) for line in export_records(flow.ctx.engine, "json")]
    assert [line["trigger"] for line in lines] == [r.trigger for r in records]
    with pytest.raises(ValueError):
        list(export_records(flow.ctx.engine, "xml"))


def test_the_chain_head_row_exists_once(flow: Flow) -> None:
    flow.new()
    with Session(flow.ctx.engine) as s:
        assert s.execute(text("SELECT count(*) FROM chain_head")).scalar_one() == 1
