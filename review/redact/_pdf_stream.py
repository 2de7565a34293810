"""One page's text as its content stream spells it, and the edits that take given characters out of it.

Every show instruction is read through its font's ToUnicode map, in the order the stream draws it, with the text
state it is drawn in. The masked originals are then searched in that text, so each character found names its glyph
directly: its box comes from the text state and the font's widths, and the glyph becomes a kerning offset of exactly
its advance, as ``TextRedactor`` writes it. Whatever this reader cannot follow for certain (a font without a usable
map, text in forms, a font set by a graphics state) raises ``NotFollowed``; the caller then reads the file with
PDFium instead.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate

import pikepdf

from ._pdf_content import SHOW, UnreadableContent, instructions, name, numbers, show_operands, span, tj
from ._pdf_text import (
    IDENTITY,
    Edit,
    Font,
    FontCache,
    Matrix,
    Rect,
    UnsupportedPage,
    advances,
    check_drawn,
    extent,
    font_in,
    merge,
    multiply,
    without,
)

_TRACKED = SHOW | {b"q", b"Q", b"Tf", b"Td", b"BT", b"ET", b"Tm", b"TD", b"T*", b"cm", b"Tc", b"Tw", b"Tz", b"TL",
                    b"Ts", b"Do", b"gs"}


class NotFollowed(Exception):
    """The page's text cannot be read from its content stream for certain."""


# One show instruction, kept as a plain tuple (a page has thousands): where it was read, its operands and operator
# (the bytes a replacement takes the place of are worked out only for the few replaced), what a replacement must
# set first (T* for ', spacings and T* for "), its items, then the text state it is shown in (font, size, character
# and word spacing, horizontal scale, rise, text matrix, CTM) and its text object.
_Show = tuple[int, bytes, bytes, bytes, list[bytes | float], Font, float, float, float, float, float, Matrix, Matrix,
              int]


@dataclass
class StreamText:
    """A page's stream read: its text (white space left out) and where each shown string's text begins."""

    data: bytes
    text: str = ""
    shows: list[_Show] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # offset in ``text`` of each shown string
    # (show, item) of each shown string, and whether each of its glyphs reads as one character (nearly all do)
    owners: list[tuple[int, int, bool]] = field(default_factory=list)
    ends: dict[int, int] = field(default_factory=dict)  # text object → offset just after its ET
    # show → item → the glyphs to take out, and the advance of each glyph of the string (thousandths of an em)
    gone: dict[int, dict[int, tuple[set[int], list[float]]]] = field(default_factory=dict)

    def take_out(self, offsets: Sequence[int]) -> tuple[list[Rect], int]:
        """Mark the glyphs that draw characters ``offsets`` of ``text`` to go: the boxes in user space of each run
        of them side by side, in the order given, and the show that draws the first (-1 for none)."""
        by_string: dict[int, list[int]] = {}  # shown string → its characters, in the order given
        for offset in offsets:
            string = bisect_right(self.starts, offset) - 1
            by_string.setdefault(string, []).append(offset - self.starts[string])
        rects: list[Rect] = []
        for string, characters in by_string.items():
            show, item, simple = self.owners[string]
            glyphs = characters if simple else _glyphs(self.shows[show], item, characters)
            boxes, ems = _run_boxes(self.shows[show], item, glyphs)
            self.gone.setdefault(show, {}).setdefault(item, (set(), ems))[0].update(glyphs)
            rects += boxes
        first = self.owners[next(iter(by_string))][0] if by_string else -1
        return rects, first

    def label_at(self, show: int) -> tuple[int, Matrix]:
        """Where a label over a glyph of show ``show`` is drawn: after its text object, in its CTM."""
        *_, ctm, text_object = self.shows[show]
        return self.ends.get(text_object, len(self.data)), ctm

    def edits(self) -> list[Edit]:
        """The replacement of every show that loses glyphs, in stream order."""
        edits: list[Edit] = []
        for number, gone in sorted(self.gone.items()):
            offset, operands, operator, prefix, shown_items, font, *_ = self.shows[number]
            items: list[bytes | float] = []
            for index, item in enumerate(shown_items):
                taken = gone.get(index)
                if taken is None or not isinstance(item, bytes):
                    items.append(item)
                    continue
                order, ems = sorted(taken[0]), taken[1]
                items += without(item, 2 if font.two_byte else 1, order, [-ems[i] for i in order])
            edits.append((*span(offset, operands, operator), prefix + tj(merge(items))))
        return edits


def _run_boxes(show: _Show, item_index: int, glyphs: Sequence[int]) -> tuple[list[Rect], list[float]]:
    """The box in user space (x0, y0, x1, y1) of each run of ``glyphs`` side by side in string ``item_index``
    (their widths along the line, the font's height across it), and each glyph's advance in thousandths of an em."""
    _, _, _, _, items, font, size, char_spacing, word_spacing, scale, rise, tm, ctm, _ = show
    scaled = size / 1000 * scale
    tx = extent(items[:item_index], font, size, char_spacing, word_spacing, scale) if item_index else 0.0
    item = items[item_index]
    assert isinstance(item, bytes)
    codes = font.codes(item)
    widths = font.widths_of(codes)
    ems = advances(font, codes, widths, size, char_spacing, word_spacing)
    starts = list(accumulate(ems, initial=0.0))
    descent, ascent = font.height
    low, high = rise + descent * size, rise + ascent * size
    a, b, c, d, e, f = multiply(tm, ctm)
    rects: list[Rect] = []
    for first, last in _runs(glyphs):
        x0, x1 = tx + starts[first] * scaled, tx + (starts[last] + widths[last]) * scaled
        if b == 0 and c == 0:  # upright text, as nearly all is: two corners are enough
            left, right, bottom, top = a * x0 + e, a * x1 + e, d * low + f, d * high + f
            rects.append((min(left, right), min(bottom, top), max(left, right), max(bottom, top)))
        else:
            xs = [a * x + c * y + e for x in (x0, x1) for y in (low, high)]
            ys = [b * x + d * y + f for x in (x0, x1) for y in (low, high)]
            rects.append((min(xs), min(ys), max(xs), max(ys)))
    return rects, ems


def _runs(glyphs: Sequence[int]) -> list[tuple[int, int]]:
    """(first, last) of each run of consecutive glyphs, in the order the runs begin in ``glyphs``."""
    runs: list[tuple[int, int]] = []
    first = last = -2  # no glyph yet: glyphs count from 0
    for glyph in glyphs:
        if glyph == last + 1:
            last = glyph
        elif not first <= glyph <= last:  # a glyph already in the run adds nothing
            if last >= 0:
                runs.append((first, last))
            first = last = glyph
    if last >= 0:
        runs.append((first, last))
    return runs


def _glyphs(show: _Show, item_index: int, characters: list[int]) -> list[int]:
    """The glyphs of string ``item_index`` whose texts hold its ``characters`` (a glyph may read as several)."""
    item, font = show[4][item_index], show[5]
    texts = font.texts
    assert isinstance(item, bytes) and texts is not None
    ends = list(accumulate(len(texts[code]) for code in font.codes(item)))
    return [bisect_right(ends, offset) for offset in characters]


def read_stream(resources: pikepdf.Dictionary, data: bytes, fonts: FontCache) -> StreamText:
    """Read ``data`` (a page's content) with its ``resources``; raises ``NotFollowed``."""
    try:
        return _read(resources, data, fonts)
    except (UnreadableContent, UnsupportedPage) as exc:
        raise NotFollowed(str(exc)) from exc


def _read(resources: pikepdf.Dictionary, data: bytes, fonts: FontCache) -> StreamText:
    # One loop with the state in locals: it runs for every instruction of the page, and a method call for each
    # would cost as much as all the rest.
    fonts_dict = resources.get("/Font", pikepdf.Dictionary())
    xobjects = resources.get("/XObject", pikepdf.Dictionary())
    states = resources.get("/ExtGState", pikepdf.Dictionary())
    page = StreamText(data)
    shows, starts, owners, parts = page.shows, page.starts, page.owners, []
    selections: dict[bytes, tuple[Font, float]] = {}
    font: Font | None = None
    size = char_spacing = word_spacing = leading = rise = 0.0
    scale = 1.0
    ctm = tm = tlm = IDENTITY
    stack: list[tuple[Font | None, float, float, float, float, float, float, Matrix]] = []
    cursor = text_object = 0
    last: _Show | None = None  # the show whose advance the next one on its line starts after
    for offset, operands, operator in instructions(data):
        if operator not in _TRACKED:
            continue  # a colour, a path, an image: nothing the text depends on
        if operator == b"q":
            stack.append((font, size, char_spacing, word_spacing, scale, leading, rise, ctm))
        elif operator == b"Q":
            if stack:
                font, size, char_spacing, word_spacing, scale, leading, rise, ctm = stack.pop()
        elif operator in SHOW:
            items, prefix, spacings = show_operands(operator, operands)
            if spacings is not None:
                word_spacing, char_spacing = spacings
            if operator in (b"'", b'"'):
                tlm = tm = _translate(0.0, -leading, tlm)
                last = None
            if font is None or size == 0 or scale == 0:
                raise NotFollowed("text shown without a usable font size")
            texts = font.texts
            if texts is None:
                raise NotFollowed("a font without a usable ToUnicode map")
            if last is not None:
                tm = _translate(extent(*last[4:10]), 0.0, tm)
            number = len(shows)
            for index, item in enumerate(items):
                if isinstance(item, bytes):
                    codes = font.codes(item)
                    try:
                        spelled = "".join(map(texts.__getitem__, codes))
                    except KeyError:
                        raise NotFollowed("a glyph its font's ToUnicode map does not name") from None
                    starts.append(cursor)
                    owners.append((number, index, len(spelled) == len(codes)))
                    parts.append(spelled)
                    cursor += len(spelled)
            last = (offset, operands, operator, prefix, items, font, size, char_spacing, word_spacing, scale, rise, tm,
                    ctm, text_object)
            shows.append(last)
        elif operator == b"Tf":
            selected = selections.get(operands)
            if selected is None:
                key, rest = name(operands)
                selected = selections[operands] = (font_in(fonts_dict, key, fonts), numbers(rest, 1)[0])
            font, size = selected
        elif operator == b"Td":
            tx, ty = numbers(operands, 2)
            tlm = tm = _translate(tx, ty, tlm)
            last = None
        elif operator == b"BT":
            tm = tlm = IDENTITY
            last = None
            text_object += 1
        elif operator == b"ET":
            page.ends[text_object] = offset + len(operands) + len(operator)
        elif operator == b"Tm":
            a, b, c, d, e, f = numbers(operands, 6)
            tm = tlm = (a, b, c, d, e, f)
            last = None
        elif operator == b"TD":
            tx, ty = numbers(operands, 2)
            leading = -ty
            tlm = tm = _translate(tx, ty, tlm)
            last = None
        elif operator == b"T*":
            tlm = tm = _translate(0.0, -leading, tlm)
            last = None
        elif operator == b"cm":
            a, b, c, d, e, f = numbers(operands, 6)
            ctm = multiply((a, b, c, d, e, f), ctm)
        elif operator == b"Tc":
            char_spacing = numbers(operands, 1)[0]
        elif operator == b"Tw":
            word_spacing = numbers(operands, 1)[0]
        elif operator == b"Tz":
            scale = numbers(operands, 1)[0] / 100
        elif operator == b"TL":
            leading = numbers(operands, 1)[0]
        elif operator == b"Ts":
            rise = numbers(operands, 1)[0]
        elif operator == b"Do":
            check_drawn(xobjects, operands)
        elif operator == b"gs":
            state = states.get(name(operands)[0])
            if state is not None and "/Font" in state:
                raise NotFollowed("a font set by a graphics state")
    page.text = "".join(parts)
    return page


def _translate(tx: float, ty: float, m: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    return (a, b, c, d, tx * a + ty * c + e, tx * b + ty * d + f)
