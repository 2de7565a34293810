"""Where the masked originals stand on each page, read from the pages' content streams themselves.

At publish time the upload's scan has found everything; the writer needs to know which glyphs to take out and
where to draw their boxes. A page's content stream, read through its fonts' ToUnicode maps, spells the page's text
in the order it draws it: one search of that text per page finds every original, and each character found names
the glyph that draws it, with no second reading of the file. Where a page's stream cannot be followed, or does not
spell a finding stored for it (text drawn out of reading order), the caller reads the file with PDFium instead
(``None``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pikepdf

from ..model import Finding
from ._pdf_stream import NotFollowed, StreamText, read_stream
from ._pdf_text import FontCache
from ._textmask import Replacer
from .pdf_locate import met_forms, wanted_on_pages
from .pdf_writer import PageMarks, changed_characters, page_content, page_resources


def locate_in_streams(source: Path, replacer: Replacer, labels: frozenset[str], findings: Sequence[Finding],
                      ) -> dict[int, PageMarks] | None:
    """Page → the boxes and content edits of every character a masked original changes; None where a page
    cannot be followed or a finding was not met."""
    wanted = wanted_on_pages(findings, replacer)
    pages: dict[int, PageMarks] = {}
    fonts: FontCache = {}
    with pikepdf.open(source) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            if int(page.obj.get("/Rotate", 0)) % 360:
                return None  # the boxes would need the displayed page's turn: PDFium gives it
            try:
                stream = read_stream(page_resources(page.obj), page_content(page.obj), fonts)
            except NotFollowed:
                return None
            spans = replacer.spans(stream.text)
            if not wanted.get(number, set()) <= met_forms(stream.text, spans):
                return None
            if spans:
                pages[number] = _marks(stream, spans, labels, float(page.mediabox[3]))
    return pages


def _marks(stream: StreamText, spans: list[tuple[int, int, str]], labels: frozenset[str], top: float) -> PageMarks:
    marks = PageMarks(label_at=[])
    for start, end, new in spans:
        rects, first = stream.take_out(changed_characters(stream.text, start, end, new))
        if new in labels and rects:
            marks.label_at.append(stream.label_at(first))
        marks.add([(x0, top - y1, x1, top - y0) for x0, y0, x1, y1 in rects], new, labels)
    marks.edits = stream.edits()
    return marks
