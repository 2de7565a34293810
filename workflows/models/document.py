"""A document, its state, and its immutable versions."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import cast

from sqlalchemy import CheckConstraint, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from review.model import AttributeMarking, SecrecyMarking, Where

from ..machine import DRAFTED, STATES
from .columns import UTCDateTime, utcnow


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join("'" + v + "'" for v in values)
    return f"{column} IN ({quoted})"


class DocumentBase(SQLModel):
    """What a document is and what its drafter declared about it."""

    title: str = Field(max_length=500)
    department_id: int = Field(foreign_key="departments.id")
    is_policy: bool = False  # a policy document needs a 解读 within 3 working days of publication
    attribute: str | None = Field(default=None, max_length=20)
    lawful_basis: str | None = Field(default=None, max_length=200)
    declared_reason: str | None = Field(default=None, sa_type=Text)
    converted_from: str | None = Field(default=None, max_length=20)  # set by 依申请转主动公开
    # The catalogue's 主题分类, 文号 and 成文日期, declared by the drafter (the last two proposed from the text).
    topic: str | None = Field(default=None, max_length=40)
    doc_number: str | None = Field(default=None, max_length=100)
    written_on: date | None = None


class Document(DocumentBase, table=True):
    """A document row. ``state`` is the lifecycle state; ``revision`` is the optimistic-locking counter."""

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint(_in("state", STATES), name="ck_documents_state"),
        # The office queue: filter by state and department, newest first.
        Index("ix_documents_queue", "state", "department_id", "updated_at", "id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    state: str = Field(default=DRAFTED, max_length=30)
    revision: int = 1
    current_version_no: int = 1
    created_by: int = Field(foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class DocumentPublic(DocumentBase):
    """A document as lists and pages show it."""

    id: int
    state: str
    revision: int
    current_version_no: int
    created_at: datetime
    updated_at: datetime


class DocumentVersion(SQLModel, table=True):
    """One uploaded file of a document, with what the scan found. Never changed after it is written."""

    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "number", name="uq_document_versions_number"),)
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="documents.id", index=True)
    number: int
    sha256: str = Field(max_length=64, index=True)
    size: int
    original_name: str = Field(max_length=500)
    file_format: str | None = Field(default=None, max_length=10)
    uploaded_by: int = Field(foreign_key="users.id", index=True)
    uploaded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    scan_status: str = Field(max_length=20)
    scan_error: str | None = Field(default=None, sa_type=Text)
    marking_value: str | None = Field(default=None, max_length=20)
    marking_text: str | None = Field(default=None, sa_type=Text)
    marking_conflict: bool = False
    secrecy_marking: str | None = Field(default=None, sa_type=Text)
    # Where each marking was found, so a clerk can look it up; NULL for versions scanned before places were kept.
    marking_places_json: str | None = Field(default=None, sa_type=Text)  # [{value, marking, where, page, location}]
    secrecy_where: str | None = Field(default=None, max_length=20)
    secrecy_page: int | None = None
    secrecy_location: str | None = Field(default=None, sa_type=Text)
    # The 文号 and 成文日期 the scan read from the text (review.docfacts); the drafter's declaration may differ.
    found_doc_number: str | None = Field(default=None, max_length=100)
    found_written_on: date | None = None

    def markings(self) -> tuple[AttributeMarking, ...]:
        """Each 公开属性 marking the scan found, with its place (all of them when they conflict)."""
        rows = json.loads(self.marking_places_json or "[]")
        return tuple(AttributeMarking(r["value"], r["marking"], cast(Where, r["where"]), r["location"], r["page"])
                     for r in rows)

    def secrecy(self) -> SecrecyMarking | None:
        """The secrecy marking the scan found, with its place (None when there is none)."""
        if self.secrecy_marking is None:
            return None
        return SecrecyMarking(self.secrecy_marking, cast(Where, self.secrecy_where or "body"),
                              self.secrecy_location or "", self.secrecy_page)


def marking_places_json(markings: tuple[AttributeMarking, ...]) -> str:
    """The markings as ``DocumentVersion.marking_places_json`` keeps them."""
    return json.dumps([{"value": m.value, "marking": m.marking, "where": m.where, "page": m.page,
                        "location": m.location} for m in markings], ensure_ascii=False)
