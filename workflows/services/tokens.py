"""Personal API tokens: issue one (the secret is returned once), list, revoke, and find the user behind a secret.

Only ``sha256(secret)`` is stored. The secret is 256 random bits, so a plain hash (no salt, no slow KDF) is enough:
nobody can guess a secret to match a stolen hash, and the lookup stays one indexed equality per request.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from ..db import read_snapshot, transaction
from ..errors import GuardRefused, NotFound
from ..models import ApiToken, ApiTokenPublic, User, UserPublic
from ..models.columns import utcnow
from .users import user_public

logger = logging.getLogger(__name__)

PREFIX = "gk_"  # makes a leaked token recognisable to secret scanners and to people
MAX_NAME = 100
# last_used_at is written at most this often, so reading through the API does not take the write lock each time.
TOUCH_INTERVAL = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A newly created token: the secret is here and nowhere else, so show it once and forget it."""

    id: int
    name: str
    secret: str


def token_hash(secret: str) -> str:
    """The stored form of a secret: hex SHA-256."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(engine: Engine, user_id: int, name: str, now: datetime | None = None) -> IssuedToken:
    """Issue a token for an active user under a name of their choosing."""
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise GuardRefused("token_name", f"请填写令牌名称（不超过 {MAX_NAME} 字）",
                           f"a token needs a name of at most {MAX_NAME} characters")
    secret = PREFIX + secrets.token_urlsafe(32)
    with transaction(engine) as session:
        user = session.get(User, user_id)
        if user is None or not user.active:
            raise GuardRefused("active_user", "该用户不存在或已停用", "no such active user")
        token = ApiToken(user_id=user_id, name=name, token_hash=token_hash(secret), created_at=now or utcnow())
        session.add(token)
        session.flush()
        assert token.id is not None
        logger.info("API token %s issued to user %s", token.id, user_id)
        return IssuedToken(token.id, name, secret)


def list_tokens(engine: Engine, user_id: int) -> list[ApiTokenPublic]:
    """The user's tokens, newest first (without secrets or hashes)."""
    with read_snapshot(engine) as session:
        rows = session.exec(select(ApiToken).where(ApiToken.user_id == user_id)
                            .order_by(col(ApiToken.created_at).desc(), col(ApiToken.id).desc()))
        return [ApiTokenPublic.model_validate(row) for row in rows]


def revoke_token(engine: Engine, user_id: int, token_id: int, now: datetime | None = None) -> None:
    """Revoke one of the user's own tokens (revoking twice is harmless); another user's token is not found."""
    with transaction(engine) as session:
        token = session.get(ApiToken, token_id)
        if token is None or token.user_id != user_id:
            raise NotFound("令牌不存在", f"no token {token_id} of this user")
        if token.revoked_at is None:
            token.revoked_at = now or utcnow()
            session.add(token)
            logger.info("API token %s revoked by user %s", token_id, user_id)


def token_user(engine: Engine, secret: str, now: datetime | None = None) -> UserPublic | None:
    """The active user a live token belongs to, or None for an unknown, revoked or disabled one."""
    if not secret.startswith(PREFIX):
        return None
    now = now or utcnow()
    digest = token_hash(secret)
    with read_snapshot(engine) as session:
        row = session.exec(select(ApiToken, User).join(User, col(User.id) == col(ApiToken.user_id))
                           .where(ApiToken.token_hash == digest)).one_or_none()
        if row is None or row[0].revoked_at is not None or not row[1].active:
            return None
        token, user = row
        public = user_public(session, user)
        stale = token.last_used_at is None or now - token.last_used_at >= TOUCH_INTERVAL
    if stale:
        _touch(engine, digest, now)
    return public


def _touch(engine: Engine, digest: str, now: datetime) -> None:
    with transaction(engine) as session:
        token = session.exec(select(ApiToken).where(ApiToken.token_hash == digest)).one()
        token.last_used_at = now
        session.add(token)
