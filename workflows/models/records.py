"""The review records: one per transition, chained by SHA-256 so that an edit or a deletion shows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from .columns import UTCDateTime

GENESIS_HASH = "0" * 64


class ReviewRecord(SQLModel, table=True):
    """Who moved which version of which document from where to where, when, and why."""

    __tablename__ = "review_records"
    __table_args__ = (Index("ix_review_records_document", "document_id", "seq"),)
    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(unique=True)
    document_id: int = Field(foreign_key="documents.id")
    version_no: int
    file_sha256: str = Field(max_length=64)
    from_state: str = Field(default="", max_length=30)  # "" for the record that creates the document
    to_state: str = Field(max_length=30)
    trigger: str = Field(max_length=40)
    actor_id: int = Field(foreign_key="users.id")
    actor_username: str = Field(max_length=80)
    role: str = Field(max_length=40)
    at: datetime = Field(sa_type=UTCDateTime)
    comment: str = Field(default="", sa_type=Text)
    detail: str = Field(default="{}", sa_type=Text)  # canonical JSON of what the trigger decided
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)


class ChainHead(SQLModel, table=True):
    """The last record's number and hash; its row lock serialises appends, and it exposes a deleted tail."""

    __tablename__ = "chain_head"
    id: int = Field(default=1, primary_key=True)
    seq: int = 0
    hash: str = Field(default=GENESIS_HASH, max_length=64)
