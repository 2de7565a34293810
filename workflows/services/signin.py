"""The failed-sign-in throttle, counted in the database so that all worker processes share one count."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from ..db import transaction
from ..models.columns import utcnow
from ..models.signin import LoginFailure


@dataclass(frozen=True, slots=True)
class SigninLimits:
    """``max_failures`` per (name, address) within ``window_seconds``; ``address_factor`` times that per address
    over all names, so that one client spraying many names is stopped too."""

    max_failures: int = 5
    window_seconds: float = 15 * 60
    address_factor: int = 4


class LoginThrottle:
    """Failed sign-ins in a sliding window; the scrypt check makes each allowed try slow as well."""

    def __init__(self, engine: Engine, limits: SigninLimits = SigninLimits(),
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.engine, self.limits, self.clock = engine, limits, clock

    def _since(self) -> datetime:
        return self.clock() - timedelta(seconds=self.limits.window_seconds)

    def blocked(self, username: str, address: str) -> bool:
        """True when this name from this address, or this address over all names, has failed too often lately."""
        address = address[:64]
        with Session(self.engine) as session:
            recent = select(LoginFailure.username, func.count()).where(
                LoginFailure.address == address, col(LoginFailure.at) > self._since()).group_by(
                col(LoginFailure.username))
            counts = dict(session.exec(recent).all())
        limits = self.limits
        return (counts.get(_key(username), 0) >= limits.max_failures
                or sum(counts.values()) >= limits.max_failures * limits.address_factor)

    def failed(self, username: str, address: str) -> None:
        """Count one failure against the name and the address, and drop failures that have left every window."""
        with transaction(self.engine) as session:
            session.add(LoginFailure(username=_key(username), address=address[:64], at=self.clock()))
            session.execute(delete(LoginFailure).where(col(LoginFailure.at) <= self._since()))

    def succeeded(self, username: str, address: str) -> None:
        """Forget the failures of a name that has now signed in; they still count against the address."""
        with transaction(self.engine) as session:
            session.execute(update(LoginFailure).where(
                col(LoginFailure.username) == _key(username), col(LoginFailure.address) == address[:64]
            ).values(username=""))

def _key(username: str) -> str:
    # Only a digest is stored: what people type as a name is sometimes their password.
    return hashlib.sha256(username.casefold().encode()).hexdigest()
