"""Bar charts drawn on the server as SVG: no script, no chart library, nothing fetched from another site.

Every label and title goes through ``markupsafe.escape``, so a department called ``<script>`` is drawn as text.
Colours are presentation attributes, not ``style=`` (the Content-Security-Policy forbids inline styles).
Each bar carries ``data-label`` and ``data-value`` so tests and assistive tools can read the numbers back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
BAR_COLOUR = "#0b57a4"
ALERT_COLOUR = "#b00020"
TEXT_COLOUR = "#222"
ROW = 26  # height of one horizontal bar's row
CHAR = 14  # width budget per character of a label (CJK is about one em wide)


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: what it counts, how many, and whether to draw it as an alert."""

    label: str
    value: int
    alert: bool = False


def _open(width: int, height: int, title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" font-family="{FONT}" font-size="13">'
            f"<title>{escape(title)}</title>")


def _scale(bars: Sequence[Bar], room: int) -> float:
    """Pixels per unit so the largest bar fills ``room`` (an all-zero chart draws no bars)."""
    top = max((b.value for b in bars), default=0)
    return room / top if top > 0 else 0.0


def bar_chart(title: str, bars: Sequence[Bar], width: int = 640) -> Markup:
    """Horizontal bars, one row per item, label on the left and the number after the bar."""
    label_width = min(320, max([4, *(len(b.label) for b in bars)]) * CHAR + 12)
    number_room = 48
    scale = _scale(bars, width - label_width - number_room)
    height = max(1, len(bars)) * ROW + 8
    parts = [_open(width, height, title)]
    for row, bar in enumerate(bars):
        y = 4 + row * ROW
        length = round(bar.value * scale)
        colour = ALERT_COLOUR if bar.alert else BAR_COLOUR
        parts.append(
            f'<g class="bar" data-label="{escape(bar.label)}" data-value="{bar.value}">'
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" fill="{TEXT_COLOUR}">'
            f"{escape(bar.label)}</text>"
            f'<rect x="{label_width}" y="{y + 3}" width="{length}" height="{ROW - 8}" fill="{colour}"/>'
            f'<text x="{label_width + length + 6}" y="{y + 17}" fill="{TEXT_COLOUR}">{bar.value}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))


def column_chart(title: str, bars: Sequence[Bar], width: int = 640, height: int = 220) -> Markup:
    """Vertical columns in order (e.g. weeks), the number above each column and its label below."""
    count = max(1, len(bars))
    slot = width / count
    base = height - 40  # room under the axis for the labels
    scale = _scale(bars, base - 24)
    parts = [_open(width, height, title),
             f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="#b9c0c8"/>']
    for index, bar in enumerate(bars):
        x = index * slot
        length = round(bar.value * scale)
        middle = round(x + slot / 2, 1)
        colour = ALERT_COLOUR if bar.alert else BAR_COLOUR
        parts.append(
            f'<g class="bar" data-label="{escape(bar.label)}" data-value="{bar.value}">'
            f'<rect x="{round(x + slot * 0.15, 1)}" y="{base - length}" width="{round(slot * 0.7, 1)}" '
            f'height="{length}" fill="{colour}"/>'
            f'<text x="{middle}" y="{base - length - 4}" text-anchor="middle" fill="{TEXT_COLOUR}">{bar.value}</text>'
            f'<text x="{middle}" y="{base + 16}" text-anchor="middle" font-size="11" fill="{TEXT_COLOUR}">'
            f"{escape(bar.label)}</text></g>")
    parts.append("</svg>")
    return Markup("".join(parts))
