"""Failed sign-ins, kept only for the throttle's window so every worker process counts the same attempts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from .columns import UTCDateTime


class LoginFailure(SQLModel, table=True):
    """One failed sign-in: the SHA-256 of the name tried (case-folded; empty once that name signed in) and the
    client address. Rows older than the window are deleted."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key", "address", "username", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=80)
    address: str = Field(max_length=64)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
