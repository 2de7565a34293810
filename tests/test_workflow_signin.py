"""The failed-sign-in throttle kept in the database (SQLite and PostgreSQL), so every worker counts the same."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from test_workflow_support import *  # noqa: F403  (fixtures)

from workflows.models import LoginFailure
from workflows.services.signin import LoginThrottle, SigninLimits

START = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def _rows(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(LoginFailure)).one()


def test_failures_of_one_name_block_it_from_that_address_within_the_window(engine: Engine) -> None:
    clock = Clock()
    throttle = LoginThrottle(engine, SigninLimits(max_failures=2, window_seconds=60), clock)
    throttle.failed("Office1", "10.0.0.1")
    throttle.failed("office1", "10.0.0.1")
    assert throttle.blocked("OFFICE1", "10.0.0.1")
    assert not throttle.blocked("office1", "10.0.0.2")
    assert not throttle.blocked("secrecy1", "10.0.0.1")
    clock.now += timedelta(seconds=61)
    assert not throttle.blocked("office1", "10.0.0.1")


def test_one_address_spraying_many_names_is_blocked_too(engine: Engine) -> None:
    throttle = LoginThrottle(engine, SigninLimits(max_failures=3, window_seconds=60, address_factor=2), Clock())
    for name in ("a", "b", "c", "d", "e", "f"):  # six names, one failure each: the address limit is 3 x 2
        assert not throttle.blocked(name, "10.0.0.9")
        throttle.failed(name, "10.0.0.9")
    assert throttle.blocked("g", "10.0.0.9")
    assert not throttle.blocked("g", "10.0.0.10")


def test_a_success_forgets_that_name_but_the_address_keeps_its_count(engine: Engine) -> None:
    throttle = LoginThrottle(engine, SigninLimits(max_failures=2, window_seconds=60, address_factor=2), Clock())
    for name in ("office1", "office1", "x"):
        throttle.failed(name, "10.0.0.1")
    throttle.succeeded("OFFICE1", "10.0.0.1")
    assert not throttle.blocked("office1", "10.0.0.1")
    throttle.failed("y", "10.0.0.1")
    assert throttle.blocked("office1", "10.0.0.1")  # four failures from the address: its limit (2 x 2)
    assert _rows(engine) == 4


def test_expired_failures_are_deleted_so_the_table_stays_small(engine: Engine) -> None:
    clock = Clock()
    throttle = LoginThrottle(engine, SigninLimits(max_failures=3, window_seconds=60), clock)
    for number in range(9):
        throttle.failed(f"name{number}", f"10.0.0.{number}")
    clock.now += timedelta(minutes=2)
    throttle.failed("late", "10.0.1.1")
    assert _rows(engine) == 1


def test_two_throttles_on_one_database_share_the_count(engine: Engine) -> None:
    """Two worker processes each hold their own throttle object; the count is the database's."""
    clock, limits = Clock(), SigninLimits(max_failures=3, window_seconds=60)
    first, second = LoginThrottle(engine, limits, clock), LoginThrottle(engine, limits, clock)
    first.failed("office1", "10.0.0.1")
    second.failed("office1", "10.0.0.1")
    assert not first.blocked("office1", "10.0.0.1")
    first.failed("office1", "10.0.0.1")
    assert second.blocked("office1", "10.0.0.1")
