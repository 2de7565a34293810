"""Extractors chosen by file type through an explicit registry."""

from __future__ import annotations

from .base import Extractor
from .docx import DocxExtractor
from .pdf import PdfExtractor

EXTRACTORS: dict[str, type[Extractor]] = {
    DocxExtractor.format: DocxExtractor,
    PdfExtractor.format: PdfExtractor,
}


def extractor_for(file_format: str) -> type[Extractor]:
    """The extractor class for "docx" or "pdf"."""
    return EXTRACTORS[file_format]


__all__ = ["EXTRACTORS", "Extractor", "extractor_for"]
