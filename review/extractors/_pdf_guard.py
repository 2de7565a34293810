"""Checks a PDF must pass before any page is parsed: complete bytes, an intact cross-reference, no encryption."""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path
from typing import BinaryIO

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import EncryptedFile, RejectedFile, UnreadableFile
from ..settings import ScanSettings

logger = logging.getLogger(__name__)

# PDFium is not thread-safe: two threads inside it at once (a threaded web server scanning two uploads) can crash
# the process. Whoever opens a PDF with PDFium holds this lock until the document is closed; re-entrant, so code
# that already holds it may open a second document.
PDFIUM_LOCK = threading.RLock()

# A complete PDF ends with "%%EOF"; writers may add a little padding after it, never kilobytes.
_TAIL_BYTES = 2048
_HEAD_BYTES = 1024
_STARTXREF = re.compile(rb"startxref\s+(\d{1,15})")
# What must sit where startxref points: a classic table ("xref") or a cross-reference stream ("12 0 obj").
_XREF_SECTION = re.compile(rb"xref|\d{1,10}\s+\d{1,5}\s+obj")
# Some writers are off by a line ending or two; a damaged file is off by far more.
_XREF_SLACK = 8
_XREF_WINDOW = 48

_TRUNCATED = ("PDF 文件不完整（可能在传输中被截断），请重新导出后上传",
              "the PDF is incomplete (probably cut off in transfer); export it again")
_DAMAGED = ("PDF 文件结构已损坏，无法完整读取，请重新导出后上传",
            "the PDF's structure is damaged and cannot be read completely; export it again")
_ENCRYPTED = ("PDF 已加密，请提供未加密的版本", "the PDF is encrypted; provide an unencrypted copy")


def check_bytes(path: Path) -> None:
    """Raise UnreadableFile when the file is truncated or its cross-reference does not lead where it claims.

    PDFium silently rebuilds a broken cross-reference table by scanning the file, so a file damaged in the
    middle would otherwise load with objects (and so pages or text) missing and look clean. Checking that the
    last ``startxref`` offset lands on a cross-reference section costs two small reads and tells an intact
    file from a damaged one; a missing page object is then caught when PDFium fails to load that page.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
            size = handle.seek(0, 2)
            handle.seek(max(0, size - _TAIL_BYTES))
            tail = handle.read()
            if b"%%EOF" not in tail:
                raise UnreadableFile(*_TRUNCATED)
            offsets = _STARTXREF.findall(tail)
            if not offsets:
                raise UnreadableFile(*_DAMAGED)
            # Offsets count from the file's first byte; some readers count from the header when junk precedes it.
            starts = {int(offsets[-1]), int(offsets[-1]) + max(0, head.find(b"%PDF-"))}
            if not any(_xref_at(handle, start, size) for start in starts):
                raise UnreadableFile(*_DAMAGED)
    except OSError as exc:
        raise UnreadableFile("无法读取文件", f"the file could not be read ({exc.strerror})") from exc


def _xref_at(handle: BinaryIO, offset: int, size: int) -> bool:
    if offset >= size:
        return False
    handle.seek(max(0, offset - _XREF_SLACK))
    window = handle.read(_XREF_SLACK + _XREF_WINDOW)
    return _XREF_SECTION.search(window) is not None


def open_document(path: Path, settings: ScanSettings) -> pdfium.PdfDocument:
    """Open the PDF with PDFium, refusing encrypted files and files with more pages than allowed."""
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedFile(*_ENCRYPTED) from exc
        raise UnreadableFile(*_DAMAGED) from exc
    try:
        _refuse_protected(document)
        _open_forms(document)
        pages = len(document)
        if pages > settings.max_pdf_pages:
            raise RejectedFile(f"PDF 共 {pages} 页，超过 {settings.max_pdf_pages} 页的上限，请拆分后上传",
                               f"the PDF has {pages} pages, more than the limit of {settings.max_pdf_pages}; split it")
    except BaseException:
        document.close()
        raise
    return document


def _open_forms(document: pdfium.PdfDocument) -> None:
    # A pure XFA form keeps its content in XML this PDFium build does not lay out: the pages show a placeholder.
    form_type = document.get_formtype()
    if form_type == pdfium_c.FORMTYPE_XFA_FULL:
        raise RejectedFile("XFA 动态表单 PDF 无法完整读取，请“打印”为普通 PDF 后上传",
                           "XFA form PDFs cannot be read completely; print them to an ordinary PDF and upload that")
    # Form field values are read through the form environment, which must exist before any page is loaded.
    if form_type != pdfium_c.FORMTYPE_NONE:
        document.init_forms()


def _refuse_protected(document: pdfium.PdfDocument) -> None:
    # PDFium opens a file protected only by an owner password without asking; the security handler revision
    # still tells us the trailer has /Encrypt. Such a file carries restrictions a faithful redaction cannot keep.
    if pdfium_c.FPDF_GetSecurityHandlerRevision(document) != -1:
        logger.info("refused an encrypted PDF")
        raise EncryptedFile(*_ENCRYPTED)
