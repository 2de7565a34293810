"""Secrecy markings at the head of a document: 机密★1年, 秘密, 内部资料 … (GB/T 9704 places them top left)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import ClassVar

import regex

from ..model import SecrecyMarking, TextBlock
from ..settings import ScanSettings
from .base import BoundedMatcher

logger = logging.getLogger(__name__)

Span = tuple[int, int]

_GAP = r"[ \t]{0,3}"
_TERM = r"(?:长期|(?:\d{1,2}|[一二三四五六七八九十]{1,3})" + _GAP + r"(?:年|个月))"


class SecrecyDetector:
    """Finds a secrecy marking on a short line among the first lines of the document, never in prose."""

    HEAD_LINES: ClassVar[int] = 6
    MAX_LINE: ClassVar[int] = 30
    HEAD_WHERE: ClassVar[frozenset[str]] = frozenset({"body", "table"})
    PDF_WHERE: ClassVar[frozenset[str]] = frozenset({"body", "header"})
    # A whole line: optional 份号 (six digits, not part of the marking), the marking, optionally the urgency
    # (紧急程度) GB/T 9704 allows beside it. Anything else on the line makes it prose.
    LINE_PATTERN: ClassVar[regex.Pattern[str]] = regex.compile(
        r"\A[ \t]{0,8}(?:\d{6}[ \t]{0,20})?"
        rf"(?P<mark>(?:绝密|机密|秘密)(?:{_GAP}[★*☆]{_GAP}{_TERM}?)?"
        rf"|(?:内部资料|注意保密|内部使用)(?:{_GAP}[,，、]?{_GAP}(?:请勿外传|注意保存|注意保密))?)"
        r"(?:[ \t]{1,20}(?:特急|加急|特提|平急))?[ \t]{0,8}\Z"
    )
    # A header names its section when the document has several; only the first section's is on page 1.
    SECTION: ClassVar[regex.Pattern[str]] = regex.compile(r"第\s*[\d一二三四五六七八九十]+\s*节|section\s*\d+", regex.I)
    FIRST_SECTION: ClassVar[regex.Pattern[str]] = regex.compile(r"第\s*[1一]\s*节|section\s*1(?!\d)", regex.I)
    OTHER_PAGES: ClassVar[tuple[str, ...]] = ("偶数页", "even")
    MARK_WORDS: ClassVar[tuple[str, ...]] = ("密", "内部")

    def __init__(self, settings: ScanSettings) -> None:
        self._matcher = BoundedMatcher(settings)

    def find(self, block: TextBlock, text: str) -> SecrecyMarking | None:
        """The marking on one head line of this block, or None (``text`` is the half-width form of the block)."""
        if not any(word in text for word in self.MARK_WORDS) or not self.is_head(block):
            return None
        for start, end in self._head_lines(block, text):
            line = text[start:end]
            if len(line.strip()) > self.MAX_LINE:
                continue
            for match in self._matcher.finditer(self.LINE_PATTERN, line, block.location):
                mark_start, mark_end = match.span("mark")
                marking = block.text[start + mark_start:start + mark_end]
                return SecrecyMarking(marking, block.where, block.location, block.page)
        return None

    def is_head(self, block: TextBlock) -> bool:
        """True when the block is at the head of the document: first body blocks, first-page header, PDF page 1."""
        if block.boxes is not None:  # only PDF blocks carry character boxes; a PDF body block is a whole page
            return block.page == 1 and block.where in self.PDF_WHERE
        if block.where in self.HEAD_WHERE:
            # A .docx table's cells are numbered from 0 wherever the table stands; its estimated page keeps the
            # 版记 table at the end of a long document from counting as the head.
            return block.index < self.HEAD_LINES and block.page in (None, 1)
        if block.where == "header":
            return self.is_first_page_header(block.location)
        return False

    def is_first_page_header(self, location: str) -> bool:
        """True for a header shown on page 1: the first-page (首页) or default header of the first or only section."""
        if any(word in location.lower() for word in self.OTHER_PAGES):
            return False
        return self.SECTION.search(location) is None or self.FIRST_SECTION.search(location) is not None

    def _head_lines(self, block: TextBlock, text: str) -> Iterator[Span]:
        """Spans of the first non-blank lines (a PDF page holds the whole page, lines split by newlines)."""
        seen = 0
        start = 0
        while seen < self.HEAD_LINES and start <= len(text):
            end = text.find("\n", start)
            if end < 0:
                end = len(text)
            if text[start:end].strip():
                seen += 1
                yield start, end
            start = end + 1
