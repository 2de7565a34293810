"""What was published, under which 索引号, and the counters that hand the numbers out."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .columns import UTCDateTime


class PublishedEntry(SQLModel, table=True):
    """A document on the portal: its de-identified output, 索引号 and, for policy documents, the 解读 deadline."""

    __tablename__ = "published_entries"
    __table_args__ = (UniqueConstraint("org_code", "year", "serial", name="uq_published_entries_serial"),)
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="documents.id", unique=True)
    version_id: int = Field(foreign_key="document_versions.id")
    output_sha256: str = Field(max_length=64)
    index_no: str = Field(max_length=80, unique=True)
    org_code: str = Field(max_length=40)
    year: int
    serial: int
    title: str = Field(max_length=500)
    published_by: int = Field(foreign_key="users.id")
    published_at: datetime = Field(sa_type=UTCDateTime, index=True)
    interpretation_due: date | None = None
    due_estimated: bool = False  # the holiday calendar had no data for that year; weekends only
    # The de-identified output's text, for the portal's full-text search (never the original's).
    body_text: str = Field(default="", sa_type=Text)


class IndexCounter(SQLModel, table=True):
    """The last serial handed out per publishing organisation and year."""

    __tablename__ = "index_counters"
    org_code: str = Field(max_length=40, primary_key=True)
    year: int = Field(primary_key=True)
    last: int = 0
