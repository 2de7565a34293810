"""Characters and their boxes from one PDFium text page, assembled into lines as a reader sees them.

Boxes are PDFium's loose character boxes (the font's full height, so a mask covers the whole glyph), turned into
the page as displayed: origin top-left, in PDF points, /Rotate applied (the same convention as pdfplumber's, so
table cells found by pdfplumber and characters read here can be compared).
"""

from __future__ import annotations

import ctypes
import re
import struct
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..model import Box
from ._pdf_lines import Line, assemble_rows, trimmed

# Code points PDFium hands back for a glyph it cannot map to Unicode (no ToUnicode, no usable encoding):
# control characters (glyph ids), the replacement / non-characters and the private-use area.
# \x02 is left out: PDFium uses it for a hyphen at a line end.
_UNDECODABLE = re.compile("[\x00\x01\x03-\x08\x0b\x0c\x0e-\x1f\ufffd\ufffe\ue000-\uf8ff]")
# PDFium's own per-glyph verdict is one call per character; a sample is enough to estimate a share.
_MAP_ERROR_SAMPLES = 32
_LINE = re.compile("[^\r\n]+")
_RECT = struct.Struct("4f")  # FS_RECTF: left, top, right, bottom as C floats
_NO_BOX = (0.0, 0.0, 0.0, 0.0)
_LEFT = itemgetter(0)

Transform = Callable[[list[tuple[float, float, float, float]]], list[Box]]


@dataclass(slots=True)
class PageChars:
    """One page's lines, its displayed width, its drawn glyph count and the share of undecodable glyphs."""

    number: int
    width: float
    lines: list[Line]
    glyphs: int
    undecodable: float

    @property
    def text(self) -> str:
        """All text of the page, lines joined by newlines (for cheap keyword tests)."""
        return "\n".join(line.text for line in self.lines)


def display_transform(page: pdfium.PdfPage) -> tuple[Transform, float]:
    """Map PDFium boxes (left, top, right, bottom; y up) to the displayed page, and the displayed width."""
    x0, y0, x1, y1 = page.get_mediabox()
    rotation = page.get_rotation() % 360
    if rotation == 90:
        return (lambda rs: [(b - y0, le - x0, t - y0, r - x0) for le, t, r, b in rs]), y1 - y0
    if rotation == 180:
        return (lambda rs: [(x1 - r, b - y0, x1 - le, t - y0) for le, t, r, b in rs]), x1 - x0
    if rotation == 270:
        return (lambda rs: [(y1 - t, x1 - r, y1 - b, x1 - le) for le, t, r, b in rs]), y1 - y0
    return (lambda rs: [(le, y1 - t, r, y1 - b) for le, t, r, b in rs]), x1 - x0


def read_chars(number: int, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> PageChars:
    """Read every character of a page with its box; PDFium's inserted line breaks separate the lines."""
    transform, width = display_transform(page)
    raw = textpage.raw
    text = page_text(textpage, pdfium_c.FPDFText_CountChars(raw))
    rects = _loose_boxes(raw, range(len(text)))
    lines: list[Line] = []
    for match in _LINE.finditer(text):
        start, end = match.span()
        display = transform(rects[start:end])
        boxes: list[Box | None] = list(display)
        line = Line(match.group(), boxes, list(map(_LEFT, display)))
        piece = trimmed(_mark_inserted_spaces(raw, start, line)) if " " in line.text else line
        if piece is not None:
            lines.append(piece)
    glyphs = sum(len(line.boxes) - line.boxes.count(None) for line in lines)
    return PageChars(number, width, assemble_rows(lines), glyphs, _undecodable_share(raw, text, glyphs))


def _untyped_loose_box() -> Callable[[int | None, int, int], int]:
    """FPDF_BOOL FPDFText_GetLooseCharBox(FPDF_TEXTPAGE, int, FS_RECTF*), called with plain addresses.

    The typed binding converts and checks its arguments on every call; at one call per character that is a
    third of the reading time.
    """
    address = ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value
    if address is None:
        raise ImportError("PDFium has no FPDFText_GetLooseCharBox")
    prototype = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
    function: Callable[[int | None, int, int], int] = prototype(address)
    return function


_GET_LOOSE_BOX = _untyped_loose_box()


def _loose_boxes(raw: Any, indices: Iterable[int]) -> list[tuple[float, float, float, float]]:
    # The hot loop of the whole PDF path: one PDFium call per character, unpacked in one step.
    rect = pdfium_c.FS_RECTF()
    rect_address = ctypes.addressof(rect)
    handle = ctypes.cast(raw, ctypes.c_void_p).value
    get_box = _GET_LOOSE_BOX
    unpack = _RECT.unpack_from
    return [unpack(rect) if get_box(handle, i, rect_address) else _NO_BOX for i in indices]


def page_text(textpage: pdfium.PdfTextPage, count: int) -> str:
    """The page's ``count`` characters, character ``i`` at index ``i`` (PDFium's line-end hyphen read as ``-``)."""
    if count <= 0:
        return ""
    text: str = textpage.get_text_range()
    if len(text) != count:
        # Text indices differ from character indices (characters outside the BMP come as surrogate pairs, or
        # PDFium left some out): read code points one by one so index i is character i.
        raw = textpage.raw
        text = "".join(_char(pdfium_c.FPDFText_GetUnicode(raw, i)) for i in range(count))
    return text.replace("\x02", "-")


def char_boxes(raw: Any, indices: Sequence[int], transform: Transform) -> list[Box | None]:
    """The displayed loose box of each of characters ``indices`` of a text page; None where PDFium has none."""
    rects = _loose_boxes(raw, indices)
    shown = iter(transform([rect for rect in rects if rect != _NO_BOX]))
    return [next(shown) if rect != _NO_BOX else None for rect in rects]


def _char(code: int) -> str:
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def _mark_inserted_spaces(raw: Any, start: int, line: Line) -> Line:
    """Take the box from each space PDFium inserted (it has no glyph); _pdf_lines decides which spaces stay."""
    boxes = list(line.boxes)
    for offset, ch in enumerate(line.text):
        if ch == " " and pdfium_c.FPDFText_IsGenerated(raw, start + offset):
            boxes[offset] = None
    return Line(line.text, boxes, line.keys)


def _undecodable_share(raw: Any, text: str, glyphs: int) -> float:
    if not glyphs:
        return 0.0
    by_code_point = len(_UNDECODABLE.findall(text)) / glyphs
    step = max(1, len(text) // _MAP_ERROR_SAMPLES)
    sampled = range(0, len(text), step)
    errors = sum(1 for i in sampled if pdfium_c.FPDFText_HasUnicodeMapError(raw, i) == 1)
    return max(by_code_point, errors / len(sampled))
