"""Plain value objects passed between extractors, detectors, the scanner and callers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Literal, NamedTuple

Where = Literal[
    "body", "table", "header", "footer", "footnote", "comment", "textbox", "metadata", "tracked_deletion"
]
WHERE_VALUES: tuple[Where, ...] = (
    "body", "table", "header", "footer", "footnote", "comment", "textbox", "metadata", "tracked_deletion",
)

Kind = Literal[
    "person_name", "id_card", "mobile", "landline", "bank_card", "email", "address", "passport", "license_plate"
]
KIND_VALUES: tuple[Kind, ...] = (
    "person_name", "id_card", "mobile", "landline", "bank_card", "email", "address", "passport", "license_plate",
)

ATTRIBUTES = ("主动公开", "依申请公开", "不予公开")

# A character box on a PDF page: (x0, top, x1, bottom) in PDF points, origin top-left.
Box = tuple[float, float, float, float]

# How much text either side of a finding is kept to show it in context.
CONTEXT_CHARS = 20
_new_tuple = tuple.__new__


class Status(StrEnum):
    """Outcome of reading a file; anything but OK means the file was not read completely."""

    OK = "ok"
    NEEDS_OCR = "needs_ocr"
    ENCRYPTED = "encrypted"
    UNREADABLE = "unreadable"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class TextBlock:
    """One piece of text and where it came from.

    ``text`` is exactly as stored in the file. ``index`` counts blocks of the same ``where`` in reading order,
    ``location`` says in words a clerk understands where to look (e.g. "表格1 第2行第3列"). ``column_header`` is
    the header cell of a table cell's column, so detectors can tell a 姓名 column; ``row_label`` is the text of
    the cell to its left, which in a form laid out as a table names the value (申请人 | 张三). ``boxes`` (PDF only)
    holds one box per character of ``text`` (None for characters the extractor inserted, such as line breaks).
    """

    text: str
    where: Where
    index: int
    location: str
    page: int | None = None
    column_header: str | None = None
    boxes: tuple[Box | None, ...] | None = None
    row_label: str | None = None


class Finding(NamedTuple):
    """A personal datum found in a block: ``text`` is ``block.text[start:end]``.

    A named tuple rather than a frozen dataclass: as immutable, and built several times faster, which counts in a
    table dense with personal data (a frozen dataclass sets each field through ``object.__setattr__``).
    """

    kind: Kind
    text: str
    where: Where
    location: str
    page: int | None
    start: int
    end: int
    block_index: int
    boxes: tuple[Box, ...] = ()
    context: tuple[str, str] = ("", "")

    @classmethod
    def in_block(cls, kind: Kind, block: TextBlock, start: int, end: int) -> Finding:
        """Build a finding for ``block.text[start:end]``, carrying its character boxes when the block has them."""
        boxes: tuple[Box, ...] = ()
        if block.boxes is not None:
            boxes = tuple(b for b in block.boxes[start:end] if b is not None)
        text = block.text
        context = (text[start - CONTEXT_CHARS if start > CONTEXT_CHARS else 0:start], text[end:end + CONTEXT_CHARS])
        # tuple.__new__ directly: the named tuple's generated __new__ is a Python function, a frame per finding.
        return _new_tuple(cls, (kind, text[start:end], block.where, block.location, block.page, start, end,
                                block.index, boxes, context))


@dataclass(frozen=True, slots=True)
class AttributeMarking:
    """A 公开属性 marking found in the text."""

    value: str  # one of ATTRIBUTES
    marking: str  # exact text as in the file
    where: Where
    location: str
    page: int | None


@dataclass(frozen=True, slots=True)
class AttributeResult:
    """The document's attribute as its text declares it; ``value`` is None when absent or conflicting."""

    value: str | None
    marking: str | None
    conflict: bool
    markings: tuple[AttributeMarking, ...] = ()

    @classmethod
    def from_markings(cls, markings: list[AttributeMarking]) -> AttributeResult:
        """Agreeing markings give their value; different values are a conflict."""
        if not markings:
            return cls(None, None, False)
        values = {m.value for m in markings}
        if len(values) == 1:
            return cls(markings[0].value, markings[0].marking, False, tuple(markings))
        distinct = list(dict.fromkeys(m.marking for m in markings))
        return cls(None, " / ".join(distinct), True, tuple(markings))


@dataclass(frozen=True, slots=True)
class SecrecyMarking:
    """A secrecy marking (密级, 内部资料 …) at the head of the document."""

    marking: str
    where: Where
    location: str
    page: int | None


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """What the open-information catalogue needs from the text (文号, 成文日期); None where the text has none."""

    doc_number: str | None = None
    written_on: date | None = None


@dataclass(frozen=True, slots=True)
class ScanReport:
    """Everything the scan learned about one file."""

    file: str
    format: str | None  # "docx" | "pdf" | None when the type could not be recognised
    status: Status
    error: str | None = None
    attribute: AttributeResult = field(default_factory=lambda: AttributeResult(None, None, False))
    secrecy: SecrecyMarking | None = None
    personal_data: tuple[Finding, ...] = ()
    ocr_pages: tuple[int, ...] = ()
    facts: DocumentFacts = DocumentFacts()

    @property
    def complete(self) -> bool:
        """True only when every part of the file was read and checked."""
        return self.status is Status.OK
