"""The text of a published, de-identified output, as the public portal shows it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from review.errors import ReviewError
from review.extractors import extractor_for
from review.settings import ScanSettings

from .context import WorkflowContext

# Text the public reads: the document itself, not its metadata (already cleared) or reviewer notes.
_SHOWN = frozenset({"body", "table", "textbox", "footnote"})


@dataclass(frozen=True, slots=True)
class PublishedParagraph:
    """One paragraph of a published document, or one table row with its cells."""

    cells: tuple[str, ...]

    @property
    def is_row(self) -> bool:
        """True for a table row."""
        return len(self.cells) > 1


def published_text(ctx: WorkflowContext, sha256: str, file_format: str) -> tuple[PublishedParagraph, ...]:
    """The paragraphs and table rows of the stored output ``sha256`` ("docx" or "pdf"), in reading order."""
    return _read(str(ctx.store.path_for(sha256)), file_format)


@lru_cache(maxsize=64)  # stored files are content-addressed and never change, so their text can be kept
def _read(path: str, file_format: str) -> tuple[PublishedParagraph, ...]:
    paragraphs: list[PublishedParagraph] = []
    row_key, row = "", list[str]()
    try:
        with extractor_for(file_format)(Path(path), ScanSettings()) as source:
            for block in source.blocks():
                if block.where not in _SHOWN:
                    continue
                key = block.location.rsplit("第", 1)[0] if block.where == "table" else ""
                if row and key != row_key:
                    paragraphs.append(PublishedParagraph(tuple(row)))
                    row = []
                if key:
                    row_key = key
                    row.append(block.text)
                else:
                    paragraphs.extend(PublishedParagraph((line,)) for line in block.text.split("\n") if line.strip())
    except ReviewError:
        return ()  # the portal then offers the download alone
    if row:
        paragraphs.append(PublishedParagraph(tuple(row)))
    return tuple(paragraphs)
