"""The hash chain over review records: canonical form, appending, verifying and exporting."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from .db import read_snapshot
from .models import GENESIS_HASH, ChainHead, Document, ReviewRecord

logger = logging.getLogger(__name__)

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The fields a record's hash covers, in this order; ``hash`` itself and the surrogate ``id`` are not among them.
HASHED_FIELDS = (
    "seq", "document_id", "version_no", "file_sha256", "from_state", "to_state", "trigger", "actor_id",
    "actor_username", "role", "at", "comment", "detail", "prev_hash",
)
_BATCH = 1000


def utc_text(moment: datetime) -> str:
    """A UTC time as fixed-width ISO 8601 text with microseconds, the form the hash covers."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def shanghai_text(moment: datetime) -> str:
    """A time as people in China read it (Asia/Shanghai)."""
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")


def canonical_detail(detail: dict[str, Any]) -> str:
    """Canonical JSON: sorted keys, no spaces, characters kept as they are."""
    return json.dumps(detail, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@dataclass(slots=True)
class RecordDraft:
    """A review record about to be appended: ``seq``, ``prev_hash`` and ``hash`` are filled in by the chain."""

    document_id: int
    version_no: int
    file_sha256: str
    from_state: str
    to_state: str
    trigger: str
    actor_id: int
    actor_username: str
    role: str
    at: datetime
    comment: str
    detail: str
    seq: int = 0
    prev_hash: str = ""
    hash: str = ""


def canonical_form(record: ReviewRecord | RecordDraft) -> bytes:
    """The bytes a record's hash is computed over: its hashed fields as canonical JSON."""
    values = {name: getattr(record, name) for name in HASHED_FIELDS}
    values["at"] = utc_text(record.at)
    return canonical_detail(values).encode("utf-8")


def record_hash(record: ReviewRecord | RecordDraft) -> str:
    """SHA-256 over the canonical form, which includes the previous record's hash."""
    return hashlib.sha256(canonical_form(record)).hexdigest()


def ensure_chain_head(session: Session) -> None:
    """Create the single chain-head row if the database has none yet."""
    if session.get(ChainHead, 1) is None:
        session.add(ChainHead(id=1, seq=0, hash=GENESIS_HASH))
        session.flush()


_HEAD = ChainHead.__table__  # type: ignore[attr-defined]
_RECORDS = ReviewRecord.__table__  # type: ignore[attr-defined]
# Built once: plain table statements skip the ORM's per-call work on the hottest path of every transition.
# Moving the head's number first both locks its row (until commit) and reads the hash to link to.
_TAKE_NEXT = (_HEAD.update().where(_HEAD.c.id == 1).values(seq=_HEAD.c.seq + 1)
              .returning(_HEAD.c.seq, _HEAD.c.hash))
_SET_HASH = _HEAD.update().where(_HEAD.c.id == 1).values(hash=bindparam("new_hash"))
_INSERT_RECORD = _RECORDS.insert()
_RECORD_COLUMNS = (*HASHED_FIELDS, "hash")
# PostgreSQL: the insert rides along with the head update as a CTE, one round trip instead of two under the lock.
_INSERT_AND_SET_HASH = _SET_HASH.add_cte(
    _RECORDS.insert().values({name: bindparam(f"r_{name}") for name in _RECORD_COLUMNS}).cte("inserted"))


def append_record(session: Session, record: RecordDraft) -> RecordDraft:
    """Lock the chain head, then number, link, hash and insert ``record`` after it and move the head.

    The head's row lock (PostgreSQL) or the write lock every transaction takes (SQLite) makes appends happen one at
    a time, in the order their transactions commit.
    """
    head = session.execute(_TAKE_NEXT).one_or_none()
    if head is None:
        raise RuntimeError("the review-record chain head is missing; run `python -m workflows init-db`")
    record.seq, record.prev_hash = head.seq, head.hash
    record.hash = record_hash(record)
    values = {name: getattr(record, name) for name in _RECORD_COLUMNS}
    if session.get_bind().dialect.name == "postgresql":
        params = {f"r_{name}": value for name, value in values.items()}
        session.execute(_INSERT_AND_SET_HASH, {"new_hash": record.hash, **params})
    else:
        session.execute(_INSERT_RECORD, values)
        session.execute(_SET_HASH, {"new_hash": record.hash})
    return record


@dataclass(frozen=True, slots=True)
class Verification:
    """The outcome of walking the chain: ``ok``, how many records were checked, and the first failure."""

    ok: bool
    checked: int
    bad_seq: int | None = None
    reason: str = ""

    def message(self) -> str:
        """A line for the command line."""
        if self.ok:
            return f"审查记录链完整：{self.checked} 条记录均通过校验 / chain verified: {self.checked} records"
        where = f"第 {self.bad_seq} 条记录" if self.bad_seq is not None else "记录链"
        return f"{where}未通过校验 / record {self.bad_seq} does not verify: {self.reason}"


def iter_records(session: Session) -> Iterator[ReviewRecord]:
    """Every record in chain order, read in batches so a long chain does not fill memory."""
    after = 0
    while True:
        batch = list(session.exec(select(ReviewRecord).where(ReviewRecord.seq > after)
                                  .order_by(ReviewRecord.seq).limit(_BATCH)))  # type: ignore[arg-type]
        if not batch:
            return
        yield from batch
        session.expunge_all()
        after = batch[-1].seq


def verify_chain(engine: Engine) -> Verification:
    """Walk the chain: numbering, links, hashes, the head, and each document's state against its last record."""
    with read_snapshot(engine) as session:
        expected_prev, seq = GENESIS_HASH, 0
        last_of: dict[int, ReviewRecord] = {}
        for record in iter_records(session):
            seq += 1
            failure = _check_one(record, seq, expected_prev)
            if failure:
                logger.warning("review record %s failed verification: %s", record.seq, failure)
                return Verification(False, seq - 1, record.seq, failure)
            expected_prev = record.hash
            last_of[record.document_id] = record
        head = session.get(ChainHead, 1)
        if head is None or head.seq != seq or head.hash != expected_prev:
            return Verification(False, seq, seq + 1 if head and head.seq > seq else seq,
                                "the chain head does not match the last record (records deleted or added)")
        return _check_documents(session, last_of, seq)


def _check_one(record: ReviewRecord, seq: int, expected_prev: str) -> str:
    if record.seq != seq:
        return f"expected record number {seq} (a record is missing)"
    if record.prev_hash != expected_prev:
        return "its previous-hash does not match the record before it"
    if record.hash != record_hash(record):
        return "its content does not match its hash (the record was altered)"
    return ""


def _check_documents(session: Session, last_of: dict[int, ReviewRecord], checked: int) -> Verification:
    documents = {d.id: d for d in session.exec(select(Document)) if d.id is not None}
    if set(documents) != set(last_of):
        missing = sorted(set(documents) ^ set(last_of))
        return Verification(False, checked, None, f"documents without matching records: {missing[:10]}")
    for doc_id, record in last_of.items():
        doc = documents[doc_id]
        if doc.state != record.to_state or doc.current_version_no != record.version_no:
            return Verification(False, checked, record.seq,
                                f"document {doc_id} is {doc.state} v{doc.current_version_no} "
                                f"but its last record says {record.to_state} v{record.version_no}")
    return Verification(True, checked)


EXPORT_FIELDS = ("seq",) + HASHED_FIELDS[1:] + ("at_shanghai", "hash")


def export_row(record: ReviewRecord) -> dict[str, Any]:
    """One record as exported: every hashed field, the time in UTC and in Asia/Shanghai, and the hash."""
    row = {name: getattr(record, name) for name in HASHED_FIELDS}
    row["at"] = utc_text(record.at)
    row["at_shanghai"] = shanghai_text(record.at)
    row["hash"] = record.hash
    return {name: row[name] for name in EXPORT_FIELDS}


def export_records(engine: Engine, fmt: str) -> Iterator[str]:
    """The whole chain as CSV (with a header) or as JSON lines, chunk by chunk."""
    if fmt not in ("csv", "json"):
        raise ValueError(f"unknown export format {fmt!r}")
    if fmt == "csv":
        yield _csv_line(EXPORT_FIELDS)
    with read_snapshot(engine) as session:
        for record in iter_records(session):
            row = export_row(record)
            yield _csv_line([row[n] for n in EXPORT_FIELDS]) if fmt == "csv" else canonical_detail(row) + "\n"


def _csv_line(values: Any) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()
