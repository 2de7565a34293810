"""索引号: a unique serial per publishing organisation and year, e.g. ``11010500/2026-00042``."""

from __future__ import annotations

from sqlmodel import Session, select

from .models import IndexCounter


def format_index_no(org_code: str, year: int, serial: int) -> str:
    """The printed 索引号."""
    return f"{org_code}/{year}-{serial:05d}"


def allocate_serial(session: Session, org_code: str, year: int) -> int:
    """The next serial for the organisation and year; call it while holding the chain-head lock."""
    counter = session.exec(select(IndexCounter).where(IndexCounter.org_code == org_code, IndexCounter.year == year)
                           .with_for_update()).one_or_none()
    if counter is None:
        counter = IndexCounter(org_code=org_code, year=year, last=0)
    counter.last += 1
    session.add(counter)
    session.flush()
    return counter.last
