"""Lines of a page as a reader sees them: PDFium's line pieces joined per row, each row left to right.

PDFium breaks a line wherever the font changes metrics ("2026" in a Latin font, "年" in a CJK font come out as
separate lines), keeps characters in content-stream order (a ★ drawn by a fallback font after "绝密长期" comes
last) and inserts a space at every gap. Left alone, these would split or scramble exactly the short marks the
detectors look for: dates, 公开属性 markings, secrecy levels, spaced-out names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter

from ..model import Box

# Two pieces are one row when their glyph bands overlap by this share of the lower band's height.
_ROW_OVERLAP = 0.5
# Pieces may overlap horizontally by this much (points) and still follow each other.
_X_SLACK = 1.0
# A gap wider than this many full-width characters separates items (table columns, signature and date).
ITEM_GAP = 1.5
# A gap narrower than this many full-width characters is letter spacing, not a space.
_LETTER_GAP = 0.25
# At and above this code point are CJK scripts, CJK punctuation and full-width forms.
_WIDE_FROM = 0x2E80
_TOP = itemgetter(1)
_BOTTOM = itemgetter(3)


@dataclass(slots=True)
class Line:
    """A line of text with one box per character (None for a space PDFium inserted between words).

    ``keys`` holds each character's left edge, also for inserted spaces, to put the line in left-to-right order.
    """

    text: str
    boxes: list[Box | None]
    keys: list[float] = field(default_factory=list)

    def extent(self) -> tuple[float, float, float]:
        """Left edge, right edge and the size of one full-width character (lines start and end with a box)."""
        first, last = self.boxes[0], self.boxes[-1]
        assert first is not None and last is not None
        return first[0], last[2], max(last[2] - last[0], last[3] - last[1])


def trimmed(line: Line) -> Line | None:
    """The line without inserted spaces at either end, or None when nothing else is left."""
    boxes = line.boxes
    start, end = 0, len(boxes)
    while start < end and boxes[start] is None:
        start += 1
    while end > start and boxes[end - 1] is None:
        end -= 1
    if start == end:
        return None
    if (start, end) == (0, len(boxes)):
        return line
    return Line(line.text[start:end], boxes[start:end], line.keys[start:end])


def assemble_rows(pieces: list[Line]) -> list[Line]:
    """Join consecutive pieces that continue the same row, then order each row and settle its spaces."""
    rows: list[Line] = []
    for piece in pieces:
        if rows and _same_row(rows[-1], piece):
            rows[-1] = _join(rows[-1], piece)
        else:
            rows.append(piece)
    settled = (_settle_spaces(_left_to_right(row)) for row in rows)
    return [row for row in settled if row is not None]


def _band(line: Line) -> tuple[float, float]:
    first, last = line.boxes[0], line.boxes[-1]
    assert first is not None and last is not None
    return min(first[1], last[1]), max(first[3], last[3])


def same_band(top1: float, bottom1: float, top2: float, bottom2: float) -> bool:
    """Whether two glyph bands are one row: they overlap by a share of the lower band's height."""
    return min(bottom1, bottom2) - max(top1, top2) >= _ROW_OVERLAP * min(bottom1 - top1, bottom2 - top2)


def _same_row(before: Line, after: Line) -> bool:
    (top1, bottom1), (top2, bottom2) = _band(before), _band(after)
    if not same_band(top1, bottom1, top2, bottom2):
        return False
    left1, right1, _ = before.extent()
    left2, right2, _ = after.extent()
    # Side by side, never on top of each other (overprinted text stays apart).
    return left2 >= right1 - _X_SLACK or right2 <= left1 + _X_SLACK


def _join(before: Line, after: Line) -> Line:
    # A space between the pieces stands for the gap; _settle_spaces decides whether it is text.
    right = before.extent()[1]
    return Line(f"{before.text} {after.text}", [*before.boxes, None, *after.boxes],
                [*before.keys, right, *after.keys])


def _left_to_right(line: Line) -> Line:
    keys = line.keys
    if len(keys) < 2 or keys == sorted(keys):
        return line
    glyphs = [box for box in line.boxes if box is not None]
    # Only a single row is reordered: its glyphs share one horizontal band.
    if max(map(_TOP, glyphs)) >= min(map(_BOTTOM, glyphs)):
        return line
    order = sorted(range(len(keys)), key=keys.__getitem__)
    return Line("".join(line.text[i] for i in order), [line.boxes[i] for i in order], [keys[i] for i in order])


def _settle_spaces(line: Line) -> Line | None:
    """Keep one space per gap where it is text; drop the rest (see _is_text_space)."""
    text = line.text
    if " " in text:
        kept = [i for i, ch in enumerate(text) if ch != " " or _is_text_space(line, i)]
        if len(kept) < len(text):
            line = Line("".join(text[i] for i in kept), [line.boxes[i] for i in kept], [line.keys[i] for i in kept])
    return trimmed(line)


def _is_text_space(line: Line, i: int) -> bool:
    """Whether the space at ``i`` separates words or items; only the first space of a run can."""
    text, boxes = line.text, line.boxes
    if i == 0 or text[i - 1] == " ":
        return False
    after = next((k for k in range(i + 1, len(text)) if text[k] != " "), None)
    if after is None:
        return False
    left, right = boxes[i - 1], boxes[after]
    if left is None or right is None:
        return False
    em = max(left[3] - left[1], right[3] - right[1])
    gap = right[0] - left[2]
    if gap > ITEM_GAP * em:
        return True
    wide = ord(text[i - 1]) >= _WIDE_FROM, ord(text[after]) >= _WIDE_FROM
    if boxes[i] is None:  # inserted by PDFium or for a gap: a word space only between Latin letters and digits
        return gap > _LETTER_GAP * em and not any(wide)
    # A space the author typed: spacing between two CJK characters ("（ 此件 主动公开 ）", "姓  名"), else text.
    return not all(wide)
