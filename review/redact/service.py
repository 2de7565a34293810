"""One redaction: decide each finding (scanning the input unless the caller has), write the output, leak-check it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..errors import ReviewError, UnreadableFile
from ..extractors.pdf import PdfExtractor
from ..intake import identify
from ..model import Finding, Kind, Status, TextBlock
from ..scanner import Scanner
from ._textmask import Replacer
from .docx_writer import DocxRedaction, redact_docx
from .leakcheck import LeakReport, check_output
from .plan import RedactionPlan
from .policy import Masker

if TYPE_CHECKING:
    from .pdf_writer import PdfRedaction

logger = logging.getLogger(__name__)


class RedactError(ReviewError):
    """The input cannot be de-identified (not read completely, or a format the writers do not handle)."""


@dataclass(frozen=True, slots=True)
class RedactionResult:
    """Everything the privacy reviewer and the review record need about one de-identified output."""

    source: Path
    output: Path
    plan: RedactionPlan
    leak: LeakReport
    docx: DocxRedaction | None = None
    flattened_pages: tuple[int, ...] = ()
    pdf: PdfRedaction | None = None

    def to_json(self) -> dict[str, object]:
        """The record's form: decisions by finding number, the leak check and the output's sha256."""
        return {
            "source": str(self.source), "output": str(self.output), "sha256": self.leak.sha256,
            "masked": [{"number": m.number, "kind": m.finding.kind, "where": m.finding.where,
                        "location": m.finding.location, "replacement": m.replacement} for m in self.plan.masked],
            "kept": [{"number": k.number, "kind": k.finding.kind, "text": k.finding.text, "reason": k.reason,
                      "masked_anyway": k.overridden} for k in self.plan.kept],
            "flattened_pages": list(self.flattened_pages),
            "docx": asdict(self.docx) if self.docx is not None else None,
            "pdf": asdict(self.pdf) if self.pdf is not None else None,
            "leak_check": self.leak.to_json(),
        }


def redact_file(source: Path, output: Path, masker: Masker | None = None, keep: Mapping[int, str] | None = None,
                scanner: Scanner | None = None, findings: Sequence[Finding] | None = None) -> RedactionResult:
    """Mask every finding of ``source`` not kept, write ``output`` and leak-check it.

    ``findings`` are the personal data of a complete scan of ``source`` that the caller already holds (numbers in
    ``keep`` count them from 1); without them ``source`` is scanned here.
    """
    scanner = scanner or Scanner()
    source, output = Path(source), Path(output)
    if source.resolve() == output.resolve():
        raise RedactError("输出文件不能覆盖原文件", "the output must not overwrite the input")
    masker = masker or Masker()
    if identify(source, scanner.settings) == "pdf":
        plan, pdf = _redact_pdf(source, output, masker, keep, scanner, findings)
        leak = check_output(output, _originals(plan), scanner, pdf.flattened_pages)
        result = RedactionResult(source, output, plan, leak, None, tuple(pdf.flattened_pages), pdf)
    else:
        if findings is None:
            report = scanner.scan(source)
            _require_complete(report.status, report.error)
            findings = report.personal_data
        plan = RedactionPlan.build(findings, masker, keep)
        docx = _write(output, lambda: redact_docx(source, output, plan, scanner.settings))
        result = RedactionResult(source, output, plan, check_output(output, _originals(plan), scanner), docx)
    logger.info("redaction of %s: %d masked, %d kept, clean=%s", source.name, len(plan.masked), len(plan.kept),
                result.leak.clean)
    return result


def _originals(plan: RedactionPlan) -> list[tuple[Kind, str]]:
    return [(m.finding.kind, m.finding.text) for m in plan.masked]


def _redact_pdf(source: Path, output: Path, masker: Masker, keep: Mapping[int, str] | None, scanner: Scanner,
                findings: Sequence[Finding] | None) -> tuple[RedactionPlan, PdfRedaction]:
    # pikepdf and Pillow are needed only to write PDFs; `python -m review scan` must not pay for importing them.
    from .pdf_locate import locate
    from .pdf_writer import page_marks, redact_pdf
    from .stream_locate import locate_in_streams

    blocks = None
    if findings is None:
        # The detectors run on the blocks the writer reads, in the scan's order, so numbers match `scan`'s.
        blocks = _reading(lambda: _pdf_blocks(source, scanner))
        findings = [finding for found in scanner.detect_blocks(blocks) for finding in found]
    plan = RedactionPlan.build(findings, masker, keep)
    replacer = Replacer(plan.table)
    masked = [item.finding for item in plan.masked]
    marks = None
    if blocks is None:
        marks = _reading(lambda: locate_in_streams(source, replacer, plan.labels, masked))
    from_streams = marks is not None
    if marks is None and blocks is None:
        marks = _reading(lambda: locate(source, scanner.settings, replacer, plan.labels, masked))
    if marks is None:
        # A masked name is removed wherever it stands, so the writer needs the boxes of every block.
        blocks = blocks if blocks is not None else _reading(lambda: _pdf_blocks(source, scanner))
        marks = page_marks(blocks, replacer, plan.labels)
    written = _write(output, partial(redact_pdf, source, output, replacer, marks))
    written.from_streams = from_streams
    return plan, written


_Written = TypeVar("_Written")


def _write(output: Path, writer: Callable[[], _Written]) -> _Written:
    """Run a writer; on failure leave no half-written output behind and say so in the clerk's words."""
    try:
        return writer()
    except ReviewError:
        output.unlink(missing_ok=True)
        raise
    except Exception as exc:  # a writer's library failing on an odd file must not leave a partial output
        output.unlink(missing_ok=True)
        logger.warning("writing %s failed: %s", output.name, type(exc).__name__)
        raise RedactError("无法写出脱敏文件，请重新导出原文件后再试",
                          "the de-identified file could not be written; export the original again") from exc


_Read = TypeVar("_Read")


def _reading(read: Callable[[], _Read]) -> _Read:
    """Run a read of the input; a file that cannot be read completely cannot be de-identified."""
    try:
        return read()
    except ReviewError as exc:
        _require_complete(exc.status, str(exc))
        raise
    except Exception as exc:  # as in Scanner.scan: a parser crash on hostile input is an unread file
        raise UnreadableFile("文件已损坏或结构异常，无法完整读取", "the file is damaged and cannot be read") from exc


def _pdf_blocks(source: Path, scanner: Scanner) -> list[TextBlock]:
    with PdfExtractor(source, scanner.settings) as extractor:
        blocks = list(extractor.blocks())
        ocr_pages = list(extractor.ocr_pages)
    if ocr_pages:
        _require_complete(Status.NEEDS_OCR, f"第{'、'.join(map(str, ocr_pages))}页需要 OCR")
    return blocks


def _require_complete(status: Status, error: str | None) -> None:
    # Masking what a partial read found would publish what it missed.
    if status is not Status.OK:
        raise UnreadableFile(f"文件未能完整检查，不能脱敏：{error}",
                             f"the file was not checked completely and cannot be de-identified ({status})")
