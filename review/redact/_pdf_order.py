"""Removes masked glyphs from a page's content stream by their place in the page's text, without measuring them.

PDFium reads a page's text in the order its content stream shows it. When the show operators, read through their
fonts' ToUnicode maps, spell exactly that text (white space aside), the n-th character read is drawn by the n-th
glyph shown, so each masked character is taken out of the operator that draws it with no geometry at all. Any
difference raises ``UnsupportedPage``: a font without a usable map, text PDFium reads that the stream does not show
(or in another order), a glyph PDFium skipped (fake bold drawn twice). The caller then measures the page with
``TextRedactor``, which removes every glyph inside a masked box.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from itertools import accumulate

import pikepdf

from ._pdf_text import Font, FontCache, TextRedactor, UnsupportedPage, merge, without


class OrderedRedactor(TextRedactor):
    """Rewrites one page's content stream given PDFium's text of it and the offsets of the characters to remove.

    ``text`` has its white space left out; ``anchors`` maps the offset of each label's first character to the
    number its first rectangle has in the writer, so ``hits`` is keyed as ``TextRedactor``'s is.
    """

    def __init__(self, resources: pikepdf.Dictionary, text: str, changed: Sequence[int],
                 anchors: Mapping[int, int], fonts: FontCache | None = None) -> None:
        super().__init__(resources, (), fonts)
        self._text = text
        self._changed = sorted(changed)
        self._anchors = anchors
        self._cursor = 0  # offset in ``text`` of the next character the stream should show

    def _check_complete(self) -> None:
        if self._cursor != len(self._text):
            raise UnsupportedPage("the page's text holds more than its content stream shows")

    def _walk(self, items: list[bytes | float]) -> list[bytes | float] | None:
        st = self._state
        font = st.font
        if font is None or st.size == 0:
            raise UnsupportedPage("text shown without a usable font size")
        texts = font.texts
        if texts is None:
            raise UnsupportedPage("a font without a usable ToUnicode map")
        out: list[bytes | float] = []
        changed = False
        for item in items:
            pieces = self._in_order(item, font, texts) if isinstance(item, bytes) else None
            changed |= pieces is not None
            out.extend(pieces if pieces is not None else (item,))
        return merge(out) if changed else None

    def _in_order(self, data: bytes, font: Font, texts: dict[int, str]) -> list[bytes | float] | None:
        """The string's pieces with its masked glyphs turned into offsets (None: it has none)."""
        codes = font.codes(data)
        try:
            parts = [texts[code] for code in codes]
        except KeyError:
            raise UnsupportedPage("a glyph its font's ToUnicode map does not name") from None
        start = self._cursor
        spelled = "".join(parts)
        if not self._text.startswith(spelled, start):
            raise UnsupportedPage("the content stream does not spell the page's text")
        end = self._cursor = start + len(spelled)
        changed = self._changed
        first, last = bisect_left(changed, start), bisect_left(changed, end)
        if first == last:
            return None
        starts = list(accumulate(map(len, parts), initial=start))
        gone: set[int] = set()
        for offset in changed[first:last]:
            gone.add(bisect_right(starts, offset) - 1)  # the glyph whose text holds the character
            if offset in self._anchors:
                self._hit(self._anchors[offset])
        order = sorted(gone)
        removed = [codes[i] for i in order]
        # Each removed glyph becomes a kerning offset of exactly its advance, so nothing after it moves.
        ems = self._state.ems(font, removed, font.widths_of(removed))
        return without(data, 2 if font.two_byte else 1, order, [-em for em in ems])

    _TRACK = {operator: handler for operator, handler in TextRedactor._TRACK.items()
              if operator in (b"q", b"Q", b"cm", b"BT", b"ET", b"Tf", b"Tc", b"Tw", b"Do")}
