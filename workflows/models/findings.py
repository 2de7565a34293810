"""Personal data found in a version, the privacy reviewer's decision on each, and the approved output."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .columns import UTCDateTime, utcnow


class PersonalFinding(SQLModel, table=True):
    """One personal datum the scan found in one version. The text is the review subject: never log it."""

    __tablename__ = "findings"
    __table_args__ = (UniqueConstraint("version_id", "ordinal", name="uq_findings_ordinal"),)
    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="document_versions.id", index=True)
    ordinal: int
    kind: str = Field(max_length=20)
    text: str = Field(sa_type=Text)
    where: str = Field(max_length=20)
    location: str = Field(sa_type=Text)
    page: int | None = None
    start: int
    end: int
    block_index: int
    context_before: str = Field(default="", sa_type=Text)
    context_after: str = Field(default="", sa_type=Text)
    boxes_json: str = Field(default="[]", sa_type=Text)


class PrivacyDecision(SQLModel, table=True):
    """Mask the finding, or keep it with a recorded exemption; frozen once the output is approved."""

    __tablename__ = "privacy_decisions"
    __table_args__ = (
        CheckConstraint("action IN ('mask', 'keep')", name="ck_privacy_decisions_action"),
        CheckConstraint("action = 'mask' OR exemption IS NOT NULL", name="ck_privacy_decisions_exemption"),
    )
    id: int | None = Field(default=None, primary_key=True)
    finding_id: int = Field(foreign_key="findings.id", unique=True)
    action: str = Field(max_length=10)
    exemption: str | None = Field(default=None, max_length=40)
    note: str = Field(default="", sa_type=Text)
    decided_by: int = Field(foreign_key="users.id")
    decided_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PrivacyApproval(SQLModel, table=True):
    """The de-identified output of one version, its leak check, and who approved it."""

    __tablename__ = "privacy_approvals"
    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="document_versions.id", unique=True)
    output_sha256: str = Field(max_length=64)
    output_size: int
    output_format: str | None = Field(default=None, max_length=10)
    masked_count: int
    kept_count: int
    rescan_status: str = Field(max_length=20)
    rescan_findings: int
    leaks: int
    approved_by: int = Field(foreign_key="users.id")
    approved_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
