"""PDF extraction: PDFium reads each page's characters and boxes; tables are looked for only where they matter.

Blocks, in order: per page one body block (where="body", index = page - 1), then that page's table cells
(where="table", only on pages that name a person column or continue such a table; a table is found by its
rulings, or without them by the alignment of its text), then the page's comments and form field values
(where="comment" / "textbox"); at the end the document information dictionary (where="metadata").
Only one page is open at any time, and it is closed before its blocks are handed out. A page whose text is
mostly undecodable glyphs yields no text blocks (its garbage code points would only give false findings) and,
like a page that is only an image, is listed in ``ocr_pages``.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import ClassVar

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import UnreadableFile
from ..model import Box, TextBlock, Where
from ..settings import ScanSettings
from ._pdf_aligned import find_aligned
from ._pdf_annots import read_annotations
from ._pdf_chars import PageChars, display_transform, read_chars
from ._pdf_guard import PDFIUM_LOCK, check_bytes, open_document
from ._pdf_layout import Margins, join_lines, page_margins
from ._pdf_lines import Line
from ._pdf_rulings import read_edges
from ._pdf_tables import CELL_PADDING, Grid, Placement, find_grids, names_a_column, place

logger = logging.getLogger(__name__)

_METADATA_LABELS = {"Title": "标题", "Author": "作者", "Subject": "主题", "Keywords": "关键词",
                    "Creator": "创建程序", "Producer": "生成程序"}
# Fewer visible characters than this on a page that shows images: the page is a scan (a header or page
# number may still be text).
_MIN_TEXT_CHARS = 10
# A page where this share of the glyphs has no Unicode value reads as garbage: its text cannot be checked.
_UNDECODABLE_SHARE = 0.3


@dataclass(slots=True)
class _Page:
    """What was read from one page before it was closed."""

    chars: PageChars
    grids: list[Grid]
    readable: bool
    annotations: list[tuple[Where, str]]


def _unreadable_page(number: int) -> UnreadableFile:
    return UnreadableFile(f"PDF 第{number}页无法读取，文件可能已损坏，请重新导出后上传",
                          f"page {number} of the PDF cannot be read; the file may be damaged, export it again")


class PdfExtractor:
    """Reads a PDF one page at a time; see the module docstring for the blocks it yields."""

    format: ClassVar[str] = "pdf"

    def __init__(self, path: Path, settings: ScanSettings) -> None:
        self.path = path
        self.settings = settings
        self.ocr_pages: list[int] = []
        self._document: pdfium.PdfDocument | None = None
        # Header of a name table that ended the previous page, and that table: a table continued on the next page
        # seldom repeats its header.
        self._carried: tuple[tuple[str, ...], Grid] | None = None
        self._tables = 0
        self._cells = 0
        self._annotations: Counter[Where] = Counter()

    def __enter__(self) -> PdfExtractor:
        check_bytes(self.path)
        PDFIUM_LOCK.acquire()
        try:
            self._document = open_document(self.path, self.settings)
        except BaseException:
            PDFIUM_LOCK.release()
            raise
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._document is not None:
            try:
                self._document.close()
            finally:
                self._document = None
                PDFIUM_LOCK.release()

    def blocks(self) -> Iterator[TextBlock]:
        """Yield each page's body and table blocks, then the metadata blocks."""
        document = self._document
        if document is None:
            raise RuntimeError("PdfExtractor.blocks() needs the extractor opened with 'with'")
        self.ocr_pages.clear()
        self._carried, self._tables, self._cells = None, 0, 0
        self._annotations.clear()
        for number in range(1, len(document) + 1):
            yield from self._page_blocks(document, number)
        yield from self._metadata_blocks(document)

    def _page_blocks(self, document: pdfium.PdfDocument, number: int) -> list[TextBlock]:
        page = self._read_page(document, number)
        chars = page.chars
        if not page.readable:
            self.ocr_pages.append(number)
            logger.info("page %d has no usable text layer", number)
        blocks = [] if chars.undecodable >= _UNDECODABLE_SHARE else self._text_blocks(chars, page.grids)
        for where, text in page.annotations:
            index = self._annotations[where]
            self._annotations[where] += 1
            label = "批注" if where == "comment" else "文本框"
            blocks.append(TextBlock(text, where, index, f"第{number}页 {label}{index + 1}", number))
        return blocks

    def _text_blocks(self, chars: PageChars, grids: list[Grid]) -> list[TextBlock]:
        placement = place(chars, grids)
        text, boxes = join_lines(placement.body, page_margins(placement.body, chars.width))
        body = TextBlock(text, "body", chars.number - 1, f"第{chars.number}页", chars.number, None, boxes)
        return [body, *self._cell_blocks(chars, grids, placement)]

    def _read_page(self, document: pdfium.PdfDocument, number: int) -> _Page:
        """Everything needed from one page; the page and its text page are closed on return."""
        try:
            page = document.get_page(number - 1)
        except pdfium.PdfiumError as exc:
            raise _unreadable_page(number) from exc
        try:
            textpage = page.get_textpage()
            try:
                chars = read_chars(number, page, textpage)
            finally:
                textpage.close()
            form = document.formenv.raw if document.formenv else None
            return _Page(chars, self._grids(page, chars), not _needs_ocr(page, chars), read_annotations(page, form))
        except pdfium.PdfiumError as exc:
            raise _unreadable_page(number) from exc
        finally:
            page.close()

    def _grids(self, page: pdfium.PdfPage, chars: PageChars) -> list[Grid]:
        if self._carried is None and not names_a_column(chars.text):
            return []
        transform, _ = display_transform(page)
        ruled = find_grids(read_edges(page, transform))
        aligned = find_aligned(chars.lines, ruled, self._carried[1] if self._carried else None)
        return sorted([*ruled, *aligned], key=lambda grid: grid.bbox[1])

    def _cell_blocks(self, chars: PageChars, grids: list[Grid], placement: Placement) -> list[TextBlock]:
        carried = self._carried[0] if self._carried else None
        self._carried = None
        blocks: list[TextBlock] = []
        for grid, members in zip(grids, placement.cells, strict=True):
            self._tables += 1
            texts = [[_cell_text(m, cell) for m, cell in zip(row_members, row, strict=True)]
                     for row_members, row in zip(members, grid.rows, strict=True)]
            header, first_data_row = _header(texts, carried)
            carried = None
            for r, row in enumerate(texts):
                label = None  # the text of the cell to the left (a merged cell counts once)
                for c, (text, boxes) in enumerate(row):
                    if grid.rows[r][c] is None:
                        continue
                    if text.strip():
                        column = header[c] if r >= first_data_row and c < len(header) and header[c] else None
                        location = f"第{chars.number}页 表格{self._tables} 第{r + 1}行第{c + 1}列"
                        blocks.append(TextBlock(text, "table", self._cells, location, chars.number, column, boxes,
                                                label))
                        self._cells += 1
                    label = "".join(text.split()) or None
            self._carried = (header, grid) if any(names_a_column(h) for h in header) else None
        return blocks

    def _metadata_blocks(self, document: pdfium.PdfDocument) -> list[TextBlock]:
        try:
            info = document.get_metadata_dict(skip_empty=True)
        except pdfium.PdfiumError as exc:
            raise UnreadableFile("PDF 文档属性无法读取", "the PDF's document properties cannot be read") from exc
        blocks: list[TextBlock] = []
        for key, label in _METADATA_LABELS.items():
            value = info.get(key, "")
            if value.strip():
                blocks.append(TextBlock(value, "metadata", len(blocks), f"文档属性：{label}"))
        return blocks


def _needs_ocr(page: pdfium.PdfPage, chars: PageChars) -> bool:
    if chars.undecodable >= _UNDECODABLE_SHARE:
        return True
    visible = len("".join(chars.text.split()))
    return visible < _MIN_TEXT_CHARS and _has_images(page)


def _has_images(page: pdfium.PdfPage) -> bool:
    # Scanners often wrap the page image in a form XObject, so look a few levels down.
    images = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4)
    return next(images, None) is not None


def _cell_text(lines: list[Line], cell: Box | None) -> tuple[str, tuple[Box | None, ...]]:
    if cell is None:
        return "", ()
    # Cell text may be centred, so a continued line need not start at the cell's left edge.
    return join_lines(lines, Margins(cell[2] - CELL_PADDING))


def _header(texts: list[list[tuple[str, tuple[Box | None, ...]]]],
            carried: tuple[str, ...] | None) -> tuple[tuple[str, ...], int]:
    """Column headers and the first data row: the table's first row, or the carried header of a continued table."""
    if not texts:
        return (), 0
    first = tuple("".join(text.split()) for text, _ in texts[0])
    if carried is not None and len(first) == len(carried) and not any(names_a_column(h) for h in first):
        return carried, 0
    return first, 1
