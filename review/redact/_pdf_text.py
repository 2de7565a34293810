"""Removes the glyphs that fall in given rectangles from a page's content stream, keeping the rest in place.

A small text-state interpreter: it follows the CTM and the text matrix through the page's instructions, measures
each glyph with the font's widths, and replaces a string that shows a glyph inside a rectangle by a TJ array in
which that glyph is a kerning offset of exactly its advance. Every other byte of the stream stays as it was.
Anything it cannot measure for certain raises ``UnsupportedPage``; the caller then flattens the page.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from functools import cached_property
from itertools import accumulate

import pikepdf

from ._pdf_cmap import UnreadableMap, unicode_map
from ._pdf_content import SHOW, UnreadableContent, instructions, name, numbers, show_operands, span, tj

Matrix = tuple[float, float, float, float, float, float]
Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in the page's default user space
Edit = tuple[int, int, bytes]  # replace bytes start:end of the stream by these
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# Where a glyph's centre lies above its baseline, in ems (CJK and Latin fonts alike sit about here).
_CENTRE_RISE = 0.35
_EM_BOX = (-0.12, 0.88)  # ems below and above the baseline, as CJK fonts design their glyphs
_TOLERANCE = 0.5  # points: a glyph centre this close outside a character box still belongs to it
_BAND = 8.0  # points


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


class Font:
    """Glyph codes and advance widths (thousandths of an em) of one simple font or Identity-H CID font."""

    def __init__(self, font: pikepdf.Dictionary) -> None:
        subtype = str(font.get("/Subtype", ""))
        self.two_byte = subtype == "/Type0"
        self._to_unicode = font.get("/ToUnicode")
        self.widths: dict[int, float] = {}
        if self.two_byte:
            self._cid_widths(font)
            descriptor = font.DescendantFonts[0].get("/FontDescriptor")
        elif subtype in ("/Type1", "/TrueType", "/MMType1") and "/Widths" in font:
            first = int(font.get("/FirstChar", 0))
            self.widths = {first + i: float(w) for i, w in enumerate(font.Widths)}
            descriptor = font.get("/FontDescriptor")
            self.default = float(descriptor.get("/MissingWidth", 0)) if descriptor is not None else 0.0
        else:
            raise UnsupportedPage(f"font {subtype} without usable widths")
        self.height = _height(descriptor)

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

    @cached_property
    def texts(self) -> dict[int, str] | None:
        """Code → the text a reader extracts for the glyph, white space left out; None without a usable map."""
        stream = self._to_unicode
        if not isinstance(stream, pikepdf.Stream):
            return None
        try:
            mapping = unicode_map(stream.read_bytes(), 2 if self.two_byte else 1)
        except (UnreadableMap, pikepdf.PdfError):
            return None
        return {code: "".join(text.split()) for code, text in mapping.items()}

    def codes(self, data: bytes) -> Sequence[int]:
        """The string's glyph codes (a one-byte font's are its bytes)."""
        if not self.two_byte:
            return data
        if len(data) % 2:
            raise UnsupportedPage("odd byte count in a two-byte font string")
        return struct.unpack(f">{len(data) // 2}H", data)

    def widths_of(self, codes: Sequence[int]) -> list[float]:
        """Advance width of each code, in thousandths of an em."""
        get, default = self.widths.get, self.default
        return [get(code, default) for code in codes]


def advances(font: Font, codes: Sequence[int], widths: list[float], size: float, char_spacing: float,
             word_spacing: float) -> list[float]:
    """Each glyph's advance in thousandths of an em: its width, the character spacing, and the word spacing
    after a space of a one-byte font (PDF adds it to code 32 only)."""
    per_em = 1000 / size
    spacing = char_spacing * per_em
    ems = [width + spacing for width in widths] if spacing else widths
    if word_spacing and not font.two_byte:
        word = word_spacing * per_em
        ems = [em + word if code == 32 else em for em, code in zip(ems, codes, strict=True)]
    return ems


def _height(descriptor: pikepdf.Object | None) -> tuple[float, float]:
    """How far the font's glyphs reach below and above the baseline, in ems: its descriptor's descent and ascent,
    or an em box where it gives none (LibreOffice writes 0 for both)."""
    try:
        descent = float(descriptor.get("/Descent", 0)) / 1000 if descriptor is not None else 0.0
        ascent = float(descriptor.get("/Ascent", 0)) / 1000 if descriptor is not None else 0.0
    except (TypeError, ValueError):
        descent = ascent = 0.0
    return (descent, ascent) if 0 < ascent - descent <= 2 else _EM_BOX


# Fonts already read, by object number: the pages of one file share theirs, so each is read once per file.
FontCache = dict[tuple[int, int], Font]


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

    def ems(self, font: Font, codes: Sequence[int], widths: list[float]) -> list[float]:
        """Each glyph's advance in thousandths of an em (see ``advances``)."""
        return advances(font, codes, widths, self.size, self.char_spacing, self.word_spacing)

    def copy(self) -> _State:
        """An independent copy, for the q/Q stack."""
        # Spelled out: q comes before nearly every text object, and a loop over __slots__ costs twice as much.
        other = _State.__new__(_State)
        other.ctm, other.font, other.size, other.leading = self.ctm, self.font, self.size, self.leading
        other.char_spacing, other.word_spacing, other.scale, other.rise = (
            self.char_spacing, self.word_spacing, self.scale, self.rise)
        return other


class TextRedactor:
    """Rewrites one page's content stream; ``removed[i]`` counts the glyphs taken out of ``rects[i]``."""

    def __init__(self, resources: pikepdf.Dictionary, rects: Sequence[Rect], fonts: FontCache | None = None) -> None:
        self._fonts_dict = resources.get("/Font", pikepdf.Dictionary())
        self._xobjects = resources.get("/XObject", pikepdf.Dictionary())
        self._fonts: dict[str, Font] = {}
        self._shared = fonts if fonts is not None else {}
        self._selections: dict[bytes, tuple[Font, float]] = {}
        self.rects = [(x0 - _TOLERANCE, y0 - _TOLERANCE, x1 + _TOLERANCE, y1 + _TOLERANCE) for x0, y0, x1, y1 in rects]
        self.removed = [0] * len(rects)
        # Rectangle → (offset just after the text object in which it first lost a glyph, CTM there).
        self.hits: dict[int, tuple[int, Matrix]] = {}
        self._open: list[int] = []  # rectangles first hit in the current text object
        # Rectangles by horizontal band, so a glyph is tested only against those near its height.
        self._bands: dict[int, list[int]] = {}
        for number, (_, y0, _, y1) in enumerate(self.rects):
            for band in range(int(y0 // _BAND), int(y1 // _BAND) + 1):
                self._bands.setdefault(band, []).append(number)
        self._state = _State()
        self._stack: list[_State] = []
        self._tm = self._tlm = IDENTITY
        # A string shown away from every rectangle: how far it moved the text position is worked out only if
        # another string follows on its line (most are followed by a new position, which does not need it).
        self._unmeasured: tuple[list[bytes | float], _State] | None = None

    def rewrite(self, data: bytes) -> list[Edit]:
        """Edits to ``data`` (in order, not overlapping) that remove every glyph inside a rectangle."""
        edits: list[Edit] = []
        track = self._TRACK.get  # bound once: this loop runs for every instruction of the page
        try:
            for offset, operands, operator in instructions(data):
                handler = track(operator)
                if handler is not None:
                    handler(self, operands, offset + len(operands) + len(operator))
                elif operator in SHOW:
                    new = self._show(operator, operands)
                    if new is not None:
                        edits.append((*span(offset, operands, operator), new))
        except UnreadableContent as exc:
            raise UnsupportedPage(str(exc)) from exc
        self._close_text(len(data))
        if 0 in self.removed:
            raise UnsupportedPage("a masked character was not found in the content stream")
        return edits

    def _save(self, operands: bytes, end: int) -> None:
        self._stack.append(self._state.copy())

    def _restore(self, operands: bytes, end: int) -> None:
        if self._stack:
            self._state = self._stack.pop()

    def _concat(self, operands: bytes, end: int) -> None:
        self._state.ctm = multiply(_matrix(operands), self._state.ctm)

    def _begin_text(self, operands: bytes, end: int) -> None:
        self._tm = self._tlm = IDENTITY
        self._unmeasured = None

    def _end_text(self, operands: bytes, end: int) -> None:
        self._close_text(end)

    def _close_text(self, end: int) -> None:
        # A label is drawn after the text object that held its original, where a reader meets it in the line.
        for number in self._open:
            self.hits[number] = (end, self.hits[number][1])
        self._open.clear()

    def _set_font(self, operands: bytes, end: int) -> None:
        # A page selects the same few fonts and sizes over and over: read each spelling once.
        selected = self._selections.get(operands)
        if selected is None:
            key, rest = name(operands)
            selected = self._selections[operands] = (self._font(key), numbers(rest, 1)[0])
        self._state.font, self._state.size = selected

    def _spacing(self, operands: bytes, end: int) -> None:
        self._state.char_spacing = numbers(operands, 1)[0]

    def _word_spacing(self, operands: bytes, end: int) -> None:
        self._state.word_spacing = numbers(operands, 1)[0]

    def _scaling(self, operands: bytes, end: int) -> None:
        self._state.scale = numbers(operands, 1)[0] / 100

    def _leading(self, operands: bytes, end: int) -> None:
        self._state.leading = numbers(operands, 1)[0]

    def _rise(self, operands: bytes, end: int) -> None:
        self._state.rise = numbers(operands, 1)[0]

    def _move(self, operands: bytes, end: int) -> None:
        tx, ty = numbers(operands, 2)
        self._next_line(tx, ty)

    def _move_leading(self, operands: bytes, end: int) -> None:
        tx, ty = numbers(operands, 2)
        self._state.leading = -ty
        self._next_line(tx, ty)

    def _set_matrix(self, operands: bytes, end: int) -> None:
        self._tm = self._tlm = _matrix(operands)
        self._unmeasured = None

    def _next_line_star(self, operands: bytes = b"", end: int = 0) -> None:
        self._next_line(0.0, -self._state.leading)

    def _draw_object(self, operands: bytes, end: int) -> None:
        check_drawn(self._xobjects, operands)

    def _next_line(self, tx: float, ty: float) -> None:
        self._tlm = multiply((1.0, 0.0, 0.0, 1.0, tx, ty), self._tlm)
        self._tm = self._tlm
        self._unmeasured = None

    def _font(self, key: str) -> Font:
        if key not in self._fonts:
            self._fonts[key] = font_in(self._fonts_dict, key, self._shared)
        return self._fonts[key]

    def _show(self, op: bytes, operands: bytes) -> bytes | None:
        """The instruction(s) replacing this one, or None when it keeps every glyph."""
        items, prefix, spacings = show_operands(op, operands)
        if spacings is not None:
            self._state.word_spacing, self._state.char_spacing = spacings
        if op in (b"'", b'"'):
            self._next_line_star()
        new_items = self._walk(items)
        return None if new_items is None else prefix + tj(new_items)

    def _walk(self, items: list[bytes | float]) -> list[bytes | float] | None:
        st = self._state
        if st.font is None or st.size == 0 or st.scale == 0:
            raise UnsupportedPage("text shown without a usable font size")
        if self._unmeasured is not None:
            self._advance(_extent(*self._unmeasured))
            self._unmeasured = None
        # Glyph positions are offsets along the line in text space, mapped to the page by one fixed matrix; a
        # glyph's centre lies ``rise`` above its baseline.
        page = multiply(self._tm, st.ctm)
        rise = _CENTRE_RISE * st.size + st.rise
        if not page[1] and not page[2] and int((page[3] * rise + page[5]) // _BAND) not in self._bands:
            # No rectangle at this line's height (rotated or skewed text is measured glyph by glyph).
            self._unmeasured = (items, st.copy())
            return None
        out: list[bytes | float] = []
        changed = False
        tx = 0.0
        for item in items:
            if isinstance(item, bytes):
                pieces, tx = self._glyphs(item, st, page, rise, tx)
                changed |= pieces is not None
                out.extend(pieces if pieces is not None else (item,))
            else:
                tx -= item / 1000 * st.size * st.scale
                out.append(item)
        self._advance(tx)
        return merge(out) if changed else None

    def _glyphs(self, data: bytes, st: _State, page: Matrix, rise: float, tx: float,
                ) -> tuple[list[bytes | float] | None, float]:
        """The string's pieces with the glyphs inside a rectangle turned into offsets (None: none is), and the
        text position after it."""
        font = st.font
        assert font is not None
        codes = font.codes(data)
        widths = font.widths_of(codes)
        ems = st.ems(font, codes, widths)
        scaled = st.size / 1000 * st.scale
        ends = list(accumulate((em * scaled for em in ems), initial=tx))
        # A glyph's centre: half its width past where it starts, ``rise`` above the baseline.
        a, b, c, d, e, f = page
        x_at, y_at = c * rise + e, d * rise + f
        half = scaled / 2
        centres = [start + width * half for start, width in zip(ends, widths, strict=False)]  # ends has one more
        inside = self._inside([a * centre + x_at for centre in centres],
                              [b * centre + y_at for centre in centres] if b else None, y_at)
        if not inside:
            return None, ends[-1]
        gone = sorted(inside)
        return without(data, 2 if font.two_byte else 1, gone, [-ems[i] for i in gone]), ends[-1]

    def _inside(self, xs: list[float], ys: list[float] | None, y: float) -> set[int]:
        """Indices of the glyph centres (xs, and ys or the fixed y) inside a rectangle; counts them per rectangle."""
        if ys is None:
            candidates = self._bands.get(int(y // _BAND), ())
            points = None
        else:
            candidates = sorted({n for y_i in ys for n in self._bands.get(int(y_i // _BAND), ())})
            points = list(zip(xs, ys, strict=True))
        found: set[int] = set()
        for number in candidates:
            x0, y0, x1, y1 = self.rects[number]
            if points is None:
                hit = [i for i, x in enumerate(xs) if x0 <= x <= x1] if y0 <= y <= y1 else []
            else:
                hit = [i for i, (x, y_i) in enumerate(points) if x0 <= x <= x1 and y0 <= y_i <= y1]
            if hit:
                self.removed[number] += len(hit)
                self._hit(number)
                found.update(hit)
        return found

    def _hit(self, number: int) -> None:
        """Rectangle ``number`` lost a glyph in the current text object."""
        if number not in self.hits:
            self.hits[number] = (-1, self._state.ctm)
            self._open.append(number)

    def _advance(self, tx: float) -> None:
        self._tm = multiply((1.0, 0.0, 0.0, 1.0, tx, 0.0), self._tm)

    _TRACK = {
        b"q": _save, b"Q": _restore, b"cm": _concat, b"BT": _begin_text, b"ET": _end_text, b"Tf": _set_font,
        b"Tc": _spacing, b"Tw": _word_spacing, b"Tz": _scaling, b"TL": _leading, b"Ts": _rise, b"Td": _move,
        b"TD": _move_leading, b"Tm": _set_matrix, b"T*": _next_line_star, b"Do": _draw_object,
    }


def _extent(items: list[bytes | float], st: _State) -> float:
    assert st.font is not None
    return extent(items, st.font, st.size, st.char_spacing, st.word_spacing, st.scale)


def extent(items: list[bytes | float], font: Font, size: float, char_spacing: float, word_spacing: float,
           scale: float) -> float:
    """How far showing ``items`` moves the text position."""
    total = 0.0
    for item in items:
        if isinstance(item, bytes):
            codes = font.codes(item)
            spaces = item.count(b" ") if not font.two_byte else 0
            width = sum(font.widths_of(codes)) / 1000 * size
            total += (width + char_spacing * len(codes) + word_spacing * spaces) * scale
        else:
            total -= item / 1000 * size * scale
    return total


def font_in(fonts: pikepdf.Object, key: str, shared: FontCache) -> Font:
    """The font a page's resources name ``key``, read once per file (``shared``) when it is an indirect object."""
    font = fonts.get(key)
    if font is None:
        raise UnsupportedPage("font not in the page's resources")
    if not font.is_indirect:
        return Font(font)  # type: ignore[arg-type]
    if font.objgen not in shared:
        shared[font.objgen] = Font(font)  # type: ignore[arg-type]
    return shared[font.objgen]


def check_drawn(xobjects: pikepdf.Object, operands: bytes) -> None:
    """Raise ``UnsupportedPage`` when a ``Do`` draws a form with text of its own (its glyphs are not the page's)."""
    xobject = xobjects.get(name(operands)[0])
    if xobject is not None and xobject.get("/Subtype") == "/Form" and b"BT" in xobject.read_bytes():
        raise UnsupportedPage("text inside a form XObject")


def without(data: bytes, step: int, gone: Sequence[int], offsets: Sequence[float]) -> list[bytes | float]:
    """The pieces of a string of ``step``-byte codes with glyphs ``gone`` (ascending) turned into ``offsets``."""
    pieces: list[bytes | float] = []
    kept = 0  # where the run of kept glyphs begins
    for i, offset in zip(gone, offsets, strict=True):
        if kept < i:
            pieces.append(data[kept * step:i * step])
        pieces.append(offset)
        kept = i + 1
    if kept * step < len(data):
        pieces.append(data[kept * step:])
    return pieces


def merge(items: list[bytes | float]) -> list[bytes | float]:
    # Adjacent offsets add up; PDF readers accept either, but one number is tidier.
    out: list[bytes | float] = []
    for item in items:
        last = out[-1] if out else None
        if isinstance(item, float) and isinstance(last, float):
            out[-1] = last + item
        else:
            out.append(item)
    return out


def _matrix(operands: bytes) -> Matrix:
    a, b, c, d, e, f = numbers(operands, 6)
    return (a, b, c, d, e, f)
