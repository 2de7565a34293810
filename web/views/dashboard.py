"""工作概况: documents per state and per department, overdue 解读, and publications per week, drawn as SVG charts.

The office and auditors see it; it only reads. The numbers come from the request's read-only snapshot session.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue
from sqlalchemy import func
from sqlmodel import col, select

from workflows.machine import STATE_LABELS, STATES
from workflows.models import PublishedEntry
from workflows.records import SHANGHAI
from workflows.services import interpretation_deadline, shanghai_today
from workflows.vocab import AUDITOR, OFFICE
from workflows.workdays import INTERPRETATION_WORKING_DAYS

from .. import lookups
from ..charts import Bar, bar_chart, column_chart
from ..security import roles_required
from ..workflow import db_session

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

WEEKS = 12  # throughput is shown for this many ISO weeks, the current one last


@dataclass(frozen=True, slots=True)
class Week:
    """One ISO week: its year and number, the Monday it starts on, and how many documents were published in it."""

    year: int
    number: int
    monday: date
    published: int

    @property
    def label(self) -> str:
        """Short label under a column."""
        return f"W{self.number:02d}"


def iso_weeks(today: date, count: int = WEEKS) -> list[date]:
    """The Mondays of the ``count`` ISO weeks ending with the week of ``today``, oldest first."""
    this_monday = today - timedelta(days=today.weekday())
    return [this_monday - timedelta(weeks=back) for back in range(count - 1, -1, -1)]


def weekly_counts(published_at: Iterable[datetime], today: date, count: int = WEEKS) -> list[Week]:
    """How many publications fall in each of the last ``count`` ISO weeks (Asia/Shanghai dates)."""
    mondays = iso_weeks(today, count)
    per_monday: Counter[date] = Counter()
    for moment in published_at:
        day = moment.astimezone(SHANGHAI).date()
        per_monday[day - timedelta(days=day.weekday())] += 1
    return [Week(*m.isocalendar()[:2], m, per_monday[m]) for m in mondays]


def _published_since(monday: date) -> list[datetime]:
    start = datetime.combine(monday, time.min, SHANGHAI)
    statement = select(PublishedEntry.published_at).where(col(PublishedEntry.published_at) >= start)
    return list(db_session().exec(statement))


def _interpretations(today: date) -> tuple[int, int]:
    """Published policy documents whose 解读 is still due, and those whose deadline has passed."""
    due = col(PublishedEntry.interpretation_due)
    overdue = db_session().exec(select(func.count()).where(due < today)).one()
    pending = db_session().exec(select(func.count()).where(due >= today)).one()
    return int(pending), int(overdue)


def _department_totals() -> list[Bar]:
    totals: Counter[int] = Counter()
    for (department, _state), count in lookups.department_state_counts().items():
        totals[department] += count
    return [Bar(d.name, totals[d.id]) for d in lookups.departments() if d.id is not None]


def page() -> ResponseReturnValue:
    """The dashboard (also served at the office's old address)."""
    counts = lookups.state_counts()
    today = shanghai_today()
    weeks = weekly_counts(_published_since(iso_weeks(today)[0]), today)
    pending, overdue = _interpretations(today)
    charts = {
        "states": bar_chart("各状态文件数", [Bar(STATE_LABELS[s], counts.get(s, 0)) for s in STATES]),
        "departments": bar_chart("各部门文件数", _department_totals()),
        "interpretation": bar_chart("政策解读", [Bar("待解读", pending), Bar("逾期未解读", overdue, alert=True)]),
        "throughput": column_chart(f"近 {WEEKS} 周每周公开发布文件数", [Bar(w.label, w.published) for w in weeks]),
    }
    deadlines = [(entry, interpretation_deadline(entry, today)) for entry in lookups.policy_entries()]
    return render_template("dashboard/index.html", counts=counts, total=sum(counts.values()), charts=charts,
                           matrix=lookups.department_state_counts(), departments=lookups.departments(),
                           deadlines=deadlines, today=today, working_days=INTERPRETATION_WORKING_DAYS,
                           weeks=weeks, overdue=overdue, pending=pending)


@bp.get("/")
@roles_required(OFFICE, AUDITOR)
def index() -> ResponseReturnValue:
    """Counts by state and department, 解读 deadlines and weekly throughput, as charts and tables."""
    return page()
