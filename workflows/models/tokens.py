"""Personal API tokens: only the SHA-256 of each secret is kept; the secret is shown once and never stored."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from .columns import UTCDateTime, utcnow


class ApiTokenPublic(SQLModel):
    """A token as its owner sees it in the list: never the secret, never its hash."""

    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class ApiToken(SQLModel, table=True):
    """One personal token of one user; revoking sets ``revoked_at`` and the token stops working at once."""

    __tablename__ = "api_tokens"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    name: str = Field(max_length=100)
    token_hash: str = Field(max_length=64, unique=True)  # hex SHA-256 of the secret
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
