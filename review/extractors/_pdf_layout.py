"""Turn lines into block text: lines joined by "\\n", except a wrapped line, which runs on into the next.

A line that runs up to the right margin was cut there by the typesetter, not by the author: joining it to the
next line with nothing in between lets an ID number or a name split over two lines be found as one. On a page
the next line must also start at the left margin: a paragraph's first line is indented (公文 indent two
characters), so a paragraph that happens to end flush right is not glued to the next one.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Box
from ._pdf_lines import Line

# "Reaches the margin" means ending within this many full-width characters of it (a CJK line that could not fit
# one more character, plus justification slack).
_WRAP_WIDTHS = 1.5
# "Starts at the margin" means starting within this many full-width characters of it (less than an indent).
_INDENT_WIDTHS = 0.5
# Lines that all stay within half the page width are a list or a short block, not wrapped paragraph text.
_MIN_TEXT_SPAN = 0.5


@dataclass(frozen=True, slots=True)
class Margins:
    """Where wrapped text ends on the right and, when it matters, where continued lines start on the left."""

    right: float
    left: float | None = None


def page_margins(lines: list[Line], page_width: float) -> Margins | None:
    """The text margins of a page's body lines, or None when no line looks like wrapped paragraph text."""
    if not lines:
        return None
    extents = [line.extent() for line in lines]
    right = max(r for _, r, _ in extents)
    left = min(le for le, _, _ in extents)
    if right - left < _MIN_TEXT_SPAN * page_width:
        return None
    return Margins(right, left)


def join_lines(lines: list[Line], margins: Margins | None) -> tuple[str, tuple[Box | None, ...]]:
    """Block text and one box per character; a line wrapped at the margin runs on into the next without "\\n"."""
    parts: list[str] = []
    boxes: list[Box | None] = []
    for number, line in enumerate(lines):
        if number and not (margins is not None and _wraps(lines[number - 1], line, margins)):
            parts.append("\n")
            boxes.append(None)
        parts.append(line.text)
        boxes.extend(line.boxes)
    return "".join(parts), tuple(boxes)


def _wraps(line: Line, following: Line, margins: Margins) -> bool:
    _, right, em = line.extent()
    if right < margins.right - _WRAP_WIDTHS * em:
        return False
    return margins.left is None or following.extent()[0] <= margins.left + _INDENT_WIDTHS * em
