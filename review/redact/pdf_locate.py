"""Where the masked originals stand on each page of a PDF whose findings are already known.

At publish time the upload's scan has found everything; the writer only needs the boxes of the characters to
remove. PDFium's text of a page follows its content stream, so a datum wrapped inside a table cell reads whole
there once line breaks and spaces are left out: one search per page finds every original, and only the matched
characters are measured, instead of laying out every character of the file as the scan does. Text drawn out of
reading order can hide a datum from this search; when any finding is not met on its own page, the caller reads
the file with the scan's extractor instead (``None``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate, islice
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..extractors._pdf_chars import char_boxes, display_transform, page_text
from ..extractors._pdf_guard import PDFIUM_LOCK, check_bytes, open_document
from ..model import Finding
from ..settings import ScanSettings
from ..text import halfwidth
from ._textmask import Replacer, compact
from .pdf_writer import PageMarks, changed_characters

_VISIBLE = re.compile(r"\S+")
_PAGE_WHERE = frozenset({"body", "table"})  # findings in the page's text layer (notes and fields go otherwise)


def locate(source: Path, settings: ScanSettings, replacer: Replacer, labels: frozenset[str],
           findings: Sequence[Finding]) -> dict[int, PageMarks] | None:
    """Page → the boxes of every character a masked original changes; None when a finding was not met."""
    wanted = wanted_on_pages(findings, replacer)
    pages: dict[int, PageMarks] = {}
    check_bytes(source)
    with PDFIUM_LOCK:
        document = open_document(source, settings)
        try:
            for number in range(1, len(document) + 1):
                met = _locate_page(document, number, replacer, labels, pages)
                if not wanted.get(number, set()) <= met:
                    return None
        finally:
            document.close()
    return pages


def wanted_on_pages(findings: Sequence[Finding], replacer: Replacer) -> dict[int, set[str]]:
    """Page → the compact forms of the masked findings a search of its text must meet."""
    wanted: dict[int, set[str]] = {}
    for finding in findings:
        if finding.page is not None and finding.where in _PAGE_WHERE and finding.text in replacer.table:
            wanted.setdefault(finding.page, set()).add(compact(halfwidth(finding.text)))
    return wanted


def met_forms(text: str, spans: Sequence[tuple[int, int, str]]) -> set[str]:
    """The compact forms of the originals ``spans`` of ``text`` hold."""
    return {compact(halfwidth(form)) for form in {text[start:end] for start, end, _ in spans}}


def _locate_page(document: pdfium.PdfDocument, number: int, replacer: Replacer, labels: frozenset[str],
                 pages: dict[int, PageMarks]) -> set[str]:
    """Add the page's marks to ``pages``; the compact forms of the originals met on it."""
    page = document[number - 1]
    try:
        textpage = page.get_textpage()
        try:
            raw = page_text(textpage, pdfium_c.FPDFText_CountChars(textpage.raw))
            # The visible runs joined: offset in ``text`` → page character, through the run it falls in.
            runs = [(match.start(), match.group()) for match in _VISIBLE.finditer(raw)]
            text = "".join(run for _, run in runs)
            spans = replacer.spans(text)
            if not spans:
                return set()
            offsets = list(accumulate((len(run) for _, run in runs[:-1]), initial=0))
            changed = [changed_characters(text, start, end, new) for start, end, new in spans]
            # Every changed character's box read in one batch, then shared out to the originals in order.
            flat = [offset for each in changed for offset in each]
            pieces = [bisect_right(offsets, offset) - 1 for offset in flat]
            indices = [runs[piece][0] + offset - offsets[piece] for piece, offset in zip(pieces, flat, strict=True)]
            transform, _ = display_transform(page)
            boxes = iter(char_boxes(textpage.raw, indices, transform))
            marks = pages.setdefault(number, PageMarks())
            for (_, _, new), each in zip(spans, changed, strict=True):
                marks.add([box for box in islice(boxes, len(each)) if box is not None], new, labels)
            return met_forms(text, spans)
        finally:
            textpage.close()
    finally:
        page.close()
