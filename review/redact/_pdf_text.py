"""Removes the glyphs that fall in given rectangles from a page's content stream, keeping the rest in place.

A small text-state interpreter: it follows the CTM and the text matrix through the page's operators, measures
each glyph with the font's widths, and rewrites a string that shows a glyph inside a rectangle as a TJ array in
which that glyph is replaced by a kerning offset of exactly its advance. Everything else stays where it was.
Anything it cannot measure for certain raises ``UnsupportedPage``; the caller then flattens the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pikepdf

Matrix = tuple[float, float, float, float, float, float]
Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in the page's default user space
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# Where a glyph's centre lies above its baseline, in ems (CJK and Latin fonts alike sit about here).
_CENTRE_RISE = 0.35
_TOLERANCE = 0.5  # points: a glyph centre this close outside a character box still belongs to it
_BAND = 8.0  # points
_SHOW = frozenset({"Tj", "TJ", "'", '"'})
_TRACKED = frozenset({"q", "Q", "cm", "BT", "Tf", "Tc", "Tw", "Tz", "TL", "Ts", "Td", "TD", "Tm", "T*", "Do"})
_BARE = frozenset({"q", "Q", "BT", "T*"})  # operators without operands: most of a page's, not worth reading


class UnsupportedPage(Exception):
    """The page's text cannot be measured for certain (Type 3 or unknown fonts, text in forms, odd encodings)."""


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n in PDF's row-vector convention (apply m first, then n)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def inverse(m: Matrix) -> Matrix:
    """The matrix that undoes ``m`` (PDF's CTMs are never singular; a singular one draws nothing anyway)."""
    a, b, c, d, e, f = m
    det = a * d - b * c or 1.0
    return (d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det)


def _point(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


class Font:
    """Glyph codes and advance widths (thousandths of an em) of one simple font or Identity-H CID font."""

    def __init__(self, font: pikepdf.Dictionary) -> None:
        subtype = str(font.get("/Subtype", ""))
        self.two_byte = subtype == "/Type0"
        self.widths: dict[int, float] = {}
        if self.two_byte:
            self._cid_widths(font)
        elif subtype in ("/Type1", "/TrueType", "/MMType1") and "/Widths" in font:
            first = int(font.get("/FirstChar", 0))
            self.widths = {first + i: float(w) for i, w in enumerate(font.Widths)}
            descriptor = font.get("/FontDescriptor")
            self.default = float(descriptor.get("/MissingWidth", 0)) if descriptor is not None else 0.0
        else:
            raise UnsupportedPage(f"font {subtype} without usable widths")

    def _cid_widths(self, font: pikepdf.Dictionary) -> None:
        if str(font.get("/Encoding", "")) != "/Identity-H":
            raise UnsupportedPage("CID font with an encoding other than Identity-H")
        descendant = font.DescendantFonts[0]
        self.default = float(descendant.get("/DW", 1000))
        w = list(descendant.get("/W", []))
        i = 0
        while i < len(w):
            start = int(w[i])
            if isinstance(w[i + 1], pikepdf.Array):
                self.widths.update({start + k: float(x) for k, x in enumerate(w[i + 1])})
                i += 2
            else:
                self.widths.update(dict.fromkeys(range(start, int(w[i + 1]) + 1), float(w[i + 2])))
                i += 3

    def codes(self, data: bytes) -> list[bytes]:
        """The string split into glyph codes."""
        if not self.two_byte:
            return [data[i:i + 1] for i in range(len(data))]
        if len(data) % 2:
            raise UnsupportedPage("odd byte count in a two-byte font string")
        return [data[i:i + 2] for i in range(0, len(data), 2)]

    def width(self, code: bytes) -> float:
        """Advance width of ``code`` in thousandths of an em."""
        return self.widths.get(int.from_bytes(code, "big"), self.default)


class _State:
    """The graphics and text state the interpreter follows; copied on q, restored on Q."""

    __slots__ = ("ctm", "font", "size", "char_spacing", "word_spacing", "scale", "leading", "rise")

    def __init__(self) -> None:
        self.ctm: Matrix = IDENTITY
        self.font: Font | None = None
        self.size = 0.0
        self.char_spacing = 0.0
        self.word_spacing = 0.0
        self.scale = 1.0
        self.leading = 0.0
        self.rise = 0.0

    def copy(self) -> _State:
        """An independent copy, for the q/Q stack."""
        # Spelled out: q comes before nearly every text object, and a loop over __slots__ costs twice as much.
        other = _State.__new__(_State)
        other.ctm, other.font, other.size, other.leading = self.ctm, self.font, self.size, self.leading
        other.char_spacing, other.word_spacing, other.scale, other.rise = (
            self.char_spacing, self.word_spacing, self.scale, self.rise)
        return other


class TextRedactor:
    """Rewrites one page's instructions; ``removed[i]`` counts the glyphs taken out of ``rects[i]``."""

    def __init__(self, resources: pikepdf.Dictionary, rects: Sequence[Rect]) -> None:
        self._fonts_dict = resources.get("/Font", pikepdf.Dictionary())
        self._xobjects = resources.get("/XObject", pikepdf.Dictionary())
        self._fonts: dict[str, Font] = {}
        self.rects = [(x0 - _TOLERANCE, y0 - _TOLERANCE, x1 + _TOLERANCE, y1 + _TOLERANCE) for x0, y0, x1, y1 in rects]
        self.removed = [0] * len(rects)
        # Rectangle → (index in the rewritten instructions, CTM) of the first string that lost a glyph in it.
        self.hits: dict[int, tuple[int, Matrix]] = {}
        self._at = 0
        # Rectangles by horizontal band, so a glyph is tested only against those near its height.
        self._bands: dict[int, list[int]] = {}
        for number, (_, y0, _, y1) in enumerate(self.rects):
            for band in range(int(y0 // _BAND), int(y1 // _BAND) + 1):
                self._bands.setdefault(band, []).append(number)
        self._state = _State()
        self._stack: list[_State] = []
        self._tm = self._tlm = IDENTITY

    def rewrite(self, instructions: Sequence[object]) -> list[object]:
        """The page's instructions with every glyph inside a rectangle removed."""
        out: list[object] = []
        for item in instructions:
            if not isinstance(item, pikepdf.ContentStreamInstruction):
                out.append(item)  # an inline image
                continue
            op = str(item.operator)
            if op in _SHOW:
                self._at = len(out)
                out.extend(self._show(op, list(item.operands), item))
                continue
            if op in _TRACKED:  # paths, colours and the like leave the text position alone
                self._track(op, [] if op in _BARE else list(item.operands))
            out.append(item)
        return out

    def _track(self, op: str, args: list[object]) -> None:
        st = self._state
        if op == "q":
            self._stack.append(st.copy())
        elif op == "Q":
            self._state = self._stack.pop() if self._stack else st
        elif op == "cm":
            st.ctm = multiply(_matrix(args), st.ctm)
        elif op == "BT":
            self._tm = self._tlm = IDENTITY
        elif op == "Tf":
            st.font, st.size = self._font(str(args[0])), float(args[1])  # type: ignore[arg-type]
        elif op in ("Tc", "Tw", "Tz", "TL", "Ts"):
            self._set_param(op, float(args[0]))  # type: ignore[arg-type]
        elif op in ("Td", "TD"):
            tx, ty = float(args[0]), float(args[1])  # type: ignore[arg-type]
            if op == "TD":
                st.leading = -ty
            self._next_line(tx, ty)
        elif op == "Tm":
            self._tm = self._tlm = _matrix(args)
        elif op == "T*":
            self._next_line(0.0, -st.leading)
        elif op == "Do":
            self._check_form(str(args[0]))

    def _set_param(self, op: str, value: float) -> None:
        st = self._state
        if op == "Tc":
            st.char_spacing = value
        elif op == "Tw":
            st.word_spacing = value
        elif op == "Tz":
            st.scale = value / 100
        elif op == "TL":
            st.leading = value
        else:
            st.rise = value

    def _next_line(self, tx: float, ty: float) -> None:
        self._tlm = multiply((1.0, 0.0, 0.0, 1.0, tx, ty), self._tlm)
        self._tm = self._tlm

    def _font(self, name: str) -> Font:
        if name not in self._fonts:
            font = self._fonts_dict.get(name)
            if font is None:
                raise UnsupportedPage("font not in the page's resources")
            self._fonts[name] = Font(font)  # type: ignore[arg-type]
        return self._fonts[name]

    def _check_form(self, name: str) -> None:
        xobject = self._xobjects.get(name)
        if xobject is not None and xobject.get("/Subtype") == "/Form" and b"BT" in xobject.read_bytes():
            raise UnsupportedPage("text inside a form XObject")

    def _show(self, op: str, args: list[object], original: object) -> list[object]:
        prefix: list[object] = []
        if op == '"':
            self._set_param("Tw", float(args[0]))  # type: ignore[arg-type]
            self._set_param("Tc", float(args[1]))  # type: ignore[arg-type]
            prefix = [_instruction([args[0]], "Tw"), _instruction([args[1]], "Tc")]
        if op in ("'", '"'):
            self._track("T*", [])
            prefix.append(_instruction([], "T*"))
        items = list(args[-1]) if op == "TJ" else [args[-1]]  # type: ignore[call-overload]
        new_items, changed = self._walk(items)
        if not changed:
            return [*prefix, original] if op in ("Tj", "TJ") else [*prefix, _instruction([args[-1]], "Tj")]
        return [*prefix, _instruction([pikepdf.Array(new_items)], "TJ")]

    def _walk(self, items: list[object]) -> tuple[list[object], bool]:
        st = self._state
        if st.font is None or st.size == 0 or st.scale == 0:
            raise UnsupportedPage("text shown without a usable font size")
        if not self._near_line(st):
            # No rectangle at this line's height: only the text position moves on, as the string would move it.
            self._advance(sum(self._extent(item, st) for item in items))
            return items, False
        # Glyph positions are offsets along the line in text space, mapped to the page by one fixed matrix.
        page = multiply(self._tm, st.ctm)
        out: list[object] = []
        changed = False
        tx = 0.0
        for item in items:
            if isinstance(item, pikepdf.String):
                pieces, hit, tx = self._glyphs(bytes(item), st, page, tx)
                out.extend(pieces)
                changed |= hit
            else:
                tx -= float(item) / 1000 * st.size * st.scale  # type: ignore[arg-type]
                out.append(item)
        self._advance(tx)
        return _merge(out), changed

    def _near_line(self, st: _State) -> bool:
        m = multiply(multiply((st.size * st.scale, 0.0, 0.0, st.size, 0.0, st.rise), self._tm), st.ctm)
        if m[1] or m[2]:
            return True  # rotated or skewed text: measured glyph by glyph
        return int((m[3] * _CENTRE_RISE + m[5]) // _BAND) in self._bands

    @staticmethod
    def _extent(item: object, st: _State) -> float:
        """How far a TJ element moves the text position."""
        if not isinstance(item, pikepdf.String):
            return -float(item) / 1000 * st.size * st.scale  # type: ignore[arg-type]
        font = st.font
        assert font is not None
        data = bytes(item)
        codes = font.codes(data)
        spaces = data.count(b" ") if not font.two_byte else 0
        width = sum(font.width(code) for code in codes) / 1000 * st.size
        return (width + st.char_spacing * len(codes) + st.word_spacing * spaces) * st.scale

    def _glyphs(self, data: bytes, st: _State, page: Matrix, tx: float) -> tuple[list[object], bool, float]:
        font = st.font
        assert font is not None
        pieces: list[object] = []
        kept = b""
        hit = False
        size, scale = st.size, st.scale
        # A glyph's centre on the page, (tx + half its advance, rise) through ``page``: the rise part is fixed.
        x_at, y_at = _point(page, 0.0, _CENTRE_RISE * size + st.rise)
        for code in font.codes(data):
            width = font.width(code) / 1000 * size
            spacing = st.char_spacing + (st.word_spacing if code == b" " else 0.0)
            advance = (width + spacing) * scale
            centre = tx + width * scale / 2
            if self._inside((page[0] * centre + x_at, page[1] * centre + y_at)):
                if kept:
                    pieces.append(pikepdf.String(kept))
                    kept = b""
                pieces.append(-advance / (st.size * st.scale) * 1000)
                hit = True
            else:
                kept += code
            tx += advance
        if kept:
            pieces.append(pikepdf.String(kept))
        return pieces, hit, tx

    def _inside(self, point: tuple[float, float]) -> bool:
        x, y = point
        found = False
        for number in self._bands.get(int(y // _BAND), ()):
            x0, y0, x1, y1 = self.rects[number]
            if x0 <= x <= x1 and y0 <= y <= y1:
                self.removed[number] += 1
                self.hits.setdefault(number, (self._at, self._state.ctm))
                found = True
        return found

    def _advance(self, tx: float) -> None:
        self._tm = multiply((1.0, 0.0, 0.0, 1.0, tx, 0.0), self._tm)


def _merge(items: list[object]) -> list[object]:
    # Adjacent offsets add up; PDF readers accept either, but one number is tidier.
    out: list[object] = []
    for item in items:
        if not isinstance(item, pikepdf.String) and out and not isinstance(out[-1], pikepdf.String):
            out[-1] = float(out[-1]) + float(item)  # type: ignore[arg-type]
        else:
            out.append(item)
    return out


def _matrix(args: list[object]) -> Matrix:
    a, b, c, d, e, f = (float(x) for x in args)  # type: ignore[arg-type]
    return (a, b, c, d, e, f)


def _instruction(operands: list[Any], operator: str) -> pikepdf.ContentStreamInstruction:
    return pikepdf.ContentStreamInstruction(operands, pikepdf.Operator(operator))
