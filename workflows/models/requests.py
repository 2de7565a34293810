"""依申请公开 applications from the public, and which withheld document each one asks for."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from .columns import UTCDateTime


class InformationRequest(SQLModel, table=True):
    """One application. The applicant's name and contact are personal data: only the office sees them."""

    __tablename__ = "information_requests"
    id: int | None = Field(default=None, primary_key=True)
    received_at: datetime = Field(sa_type=UTCDateTime, index=True)
    applicant_name: str = Field(max_length=100)
    applicant_contact: str = Field(max_length=200)
    description: str = Field(sa_type=Text)
    document_id: int | None = Field(default=None, foreign_key="documents.id", index=True)
    linked_by: int | None = Field(default=None, foreign_key="users.id")
    linked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The office's reply (答复), due within ANSWER_WORKING_DAYS working days of receipt (条例 第三十三条).
    answer: str | None = Field(default=None, sa_type=Text)
    answered_by: int | None = Field(default=None, foreign_key="users.id")
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
