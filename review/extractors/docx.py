"""Reads every text a .docx holds: body, tables, headers, footers, notes, comments, text boxes, revisions, metadata."""

from __future__ import annotations

import logging
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import ClassVar

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from lxml import etree

from ..errors import UnreadableFile
from ..model import WHERE_VALUES, TextBlock, Where
from ..settings import ScanSettings
from ._docx_ns import (
    R_ID,
    W_BODY,
    W_COMMENT,
    W_DOCUMENT,
    W_ENDNOTE,
    W_FOOTER_REF,
    W_FOOTNOTE,
    W_HEADER_REF,
    W_TYPE,
    Element,
)
from ._docx_parts import DocxPackage, hidden_styles, metadata_blocks
from ._docx_walk import Raw, StoryWalker
from .zipguard import check_docx_zip

logger = logging.getLogger(__name__)


# (reference tag, w:type) → label; sections list first-page, then default, then even-page ones.
_HEADER_FOOTER_LABELS: dict[tuple[str, str], tuple[int, Where, str]] = {
    (W_HEADER_REF, "first"): (0, "header", "首页页眉"),
    (W_HEADER_REF, "default"): (1, "header", "页眉"),
    (W_HEADER_REF, "even"): (2, "header", "偶数页页眉"),
    (W_FOOTER_REF, "first"): (3, "footer", "首页页脚"),
    (W_FOOTER_REF, "default"): (4, "footer", "页脚"),
    (W_FOOTER_REF, "even"): (5, "footer", "偶数页页脚"),
}
_NOTES: tuple[tuple[str, str, Where, str], ...] = (
    (RT.FOOTNOTES, W_FOOTNOTE, "footnote", "脚注"),
    (RT.ENDNOTES, W_ENDNOTE, "footnote", "尾注"),
    (RT.COMMENTS, W_COMMENT, "comment", "批注"),
)
# Notes Word draws as separator lines, not text a writer typed.
_NOTE_SEPARATORS = frozenset({"separator", "continuationSeparator", "continuationNotice"})
_OPEN_ERRORS = (OpcError, zipfile.BadZipFile, zlib.error, KeyError, ValueError, EOFError, OSError, etree.LxmlError)


class DocxExtractor:
    """Text blocks of a .docx, read from its XML in one pass per part."""

    format: ClassVar[str] = "docx"

    def __init__(self, path: Path, settings: ScanSettings) -> None:
        self._path = Path(path)
        self._settings = settings
        self._package: DocxPackage | None = None
        self.ocr_pages: list[int] = []  # a .docx always has a text layer

    def __enter__(self) -> DocxExtractor:
        check_docx_zip(self._path, self._settings)
        try:
            self._package = DocxPackage(self._path)
        except _OPEN_ERRORS as exc:
            logger.info("python-docx could not open %s: %s", self._path.name, type(exc).__name__)
            raise UnreadableFile("Word 文档结构已损坏，无法读取，请重新保存后上传",
                                 "the Word document's structure is damaged; save it again and upload it") from exc
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._package = None  # the package holds every XML part in memory; let it go

    def blocks(self) -> Iterator[TextBlock]:
        """Every non-empty text of the document in reading order, numbered per ``where``."""
        if self._package is None:
            raise RuntimeError("DocxExtractor.blocks() is only available inside a `with` block")
        counts = dict.fromkeys(WHERE_VALUES, 0)
        for raw in _document_blocks(self._package):
            index = counts[raw.where]
            counts[raw.where] = index + 1
            yield TextBlock(raw.text, raw.where, index, raw.location, raw.page, raw.column_header,
                            row_label=raw.row_label)


def _document_blocks(package: DocxPackage) -> Iterator[Raw]:
    mains = package.related("/", RT.OFFICE_DOCUMENT)
    root = package.root(mains[0]) if mains else None
    body = root.find(W_BODY) if root is not None and root.tag == W_DOCUMENT else None
    if body is None:
        raise UnreadableFile("文档主体缺失或格式不受支持，请另存为普通 .docx 后上传",
                             "the document body is missing or in an unsupported form; save it as a normal .docx")
    main = mains[0]
    walker = StoryWalker(hidden_styles(package, main))
    yield from walker.body(body)
    yield from _headers_and_footers(walker, package, main)
    for reltype, tag, where, name in _NOTES:
        for part in package.related(main, reltype):
            yield from _notes(walker, package.root(part), tag, where, name)
    yield from metadata_blocks(package)


def _headers_and_footers(walker: StoryWalker, package: DocxPackage, main: str) -> Iterator[Raw]:
    # A section without its own header shows the previous section's; each part is reported once, at the first
    # section that uses it.
    done: set[str] = set()
    for number, sect_pr in enumerate(walker.sections, 1):
        refs = []
        for ref in sect_pr:
            label = _HEADER_FOOTER_LABELS.get((ref.tag, ref.get(W_TYPE) or "default"))
            if label is not None:
                refs.append((label, ref.get(R_ID)))
        for (_, where, name), r_id in sorted(refs, key=lambda item: item[0][0]):
            part = package.target(main, r_id)
            if part is None:
                raise UnreadableFile("文档引用的页眉或页脚不存在，文件已损坏",
                                     "a header or footer the document refers to is missing; the file is damaged")
            if part not in done:
                done.add(part)
                yield from walker.story(package.root(part), where, f"第{number}节 {name}")


def _notes(walker: StoryWalker, root: Element, tag: str, where: Where, name: str) -> Iterator[Raw]:
    number = 0
    for note in root.iterchildren(tag):
        if note.get(W_TYPE) in _NOTE_SEPARATORS:
            continue
        number += 1
        yield from walker.story(note, where, f"{name}{number}")
