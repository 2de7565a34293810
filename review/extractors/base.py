"""The protocol every extractor follows: open a file, yield its text blocks, release what it opened."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import ClassVar, Protocol

from ..model import TextBlock
from ..settings import ScanSettings


class Extractor(Protocol):
    """Reads one file type.

    Construction does nothing costly. ``__enter__`` first runs the format's guards (size, zip bomb, macros,
    encryption, truncation) and raises RejectedFile / EncryptedFile / UnreadableFile before any parsing, then opens
    the file. ``blocks()`` yields every text the file holds, in reading order, releasing each page as it goes.
    After ``blocks()`` is exhausted, ``ocr_pages`` lists the pages that have no usable text layer.
    """

    format: ClassVar[str]
    ocr_pages: list[int]

    def __init__(self, path: Path, settings: ScanSettings) -> None: ...

    def __enter__(self) -> Extractor: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def blocks(self) -> Iterator[TextBlock]: ...
