"""Labels and formats the templates use, from the shared vocabularies (never spelt out again in templates)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask import Flask

from workflows.machine import STATE_LABELS, STATES, TRIGGER_LABELS
from workflows.records import shanghai_text
from workflows.vocab import ATTRIBUTES, EXEMPTIONS, KIND_LABELS, LAWFUL_BASES, ROLE_LABELS, TOPICS, page_words

from .lookups import PAGE

WHERE_LABELS = {
    "body": "正文", "table": "表格", "header": "页眉", "footer": "页脚", "footnote": "脚注", "comment": "批注",
    "textbox": "文本框", "metadata": "文档属性", "tracked_deletion": "修订删除内容",
}
SCAN_LABELS = {"ok": "已完整读取", "needs_ocr": "含扫描页，需要OCR", "encrypted": "已加密", "unreadable": "无法读取",
               "rejected": "拒收"}
DECISION_LABELS = {"mask": "遮盖", "keep": "保留"}


def _label(table: dict[str, str]) -> Any:
    def label(value: str | None) -> str:
        return table.get(value or "", value or "—")

    return label


def _when(moment: datetime | None) -> str:
    return shanghai_text(moment) if moment else "—"


def place(where: str, page: int | None, location: str) -> str:
    """Where a text was found in words a clerk understands, e.g. "正文 第1页" or "第1页 表格2 第2行第1列".

    The extractors' locations often name the part or the page already (a PDF's "第1页", a .docx's "正文第3段");
    saying it twice would only make the place harder to read.
    """
    label = WHERE_LABELS.get(where, where)
    parts = [label] if label not in location else []
    if named := page_words(page, location):
        parts.append(named)
    return " ".join([*parts, location]).strip()


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def iso_time(moment: datetime) -> str:
    """RFC 3339 in UTC, as Atom and JSON want it."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def init_app(app: Flask) -> None:
    """Register the filters and the vocabularies every template may use."""
    app.jinja_env.filters.update(
        state=_label(STATE_LABELS), trigger=_label(TRIGGER_LABELS), role=_label(ROLE_LABELS),
        kind=_label(KIND_LABELS), where=_label(WHERE_LABELS), scan=_label(SCAN_LABELS),
        decision=_label(DECISION_LABELS), when=_when, day=_day, iso=iso_time)
    app.jinja_env.globals.update(place=place)
    app.jinja_env.globals.update(ATTRIBUTES=ATTRIBUTES, LAWFUL_BASES=LAWFUL_BASES, EXEMPTIONS=EXEMPTIONS, TOPICS=TOPICS,
                                 STATES=STATES, STATE_LABELS=STATE_LABELS, PAGE_SIZE=PAGE)
