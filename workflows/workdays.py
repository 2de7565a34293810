"""Working days on the mainland calendar: statutory holidays are off, 调休 make-up weekend days are working days."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

logger = logging.getLogger(__name__)

# 政策解读 must follow the published policy document within this many working days.
INTERPRETATION_WORKING_DAYS = 3


def is_working_day(day: date) -> tuple[bool, bool]:
    """Whether ``day`` is a working day, and whether that was estimated (no holiday data for its year)."""
    try:
        return chinese_calendar.is_workday(day), False
    except NotImplementedError:
        # The holiday schedule for a year is published each November; until the package has it, count weekdays.
        return day.weekday() < 5, True


def add_working_days(start: date, days: int) -> tuple[date, bool]:
    """The date ``days`` working days after ``start`` (``start`` itself not counted), and whether it is estimated."""
    current, counted, estimated = start, 0, False
    while counted < days:
        current += timedelta(days=1)
        working, guessed = is_working_day(current)
        estimated = estimated or guessed
        counted += working
    if estimated:
        logger.warning("working-day deadline from %s estimated without holiday data", start.isoformat())
    return current, estimated


@dataclass(frozen=True, slots=True)
class Deadline:
    """A 解读 deadline as shown: the date, and whether it is still due or already overdue on ``today``."""

    due: date
    status: str  # "due" | "overdue"
    estimated: bool = False

    @property
    def label(self) -> str:
        """The status as a clerk reads it."""
        return {"due": "待解读", "overdue": "已逾期"}[self.status]


def deadline_status(due: date, today: date, estimated: bool = False) -> Deadline:
    """Due up to and including the deadline day, overdue after it."""
    return Deadline(due, "due" if today <= due else "overdue", estimated)
