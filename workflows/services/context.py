"""What every service needs, passed explicitly: the engine, the file store, the scanner and the clock."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from review.model import Finding, ScanReport

from ..models.columns import utcnow
from ..store import ContentStore

# Scan one file (``review.Scanner(settings).scan`` in production).
ScanFn = Callable[[Path], ScanReport]
# Write a de-identified copy of ``source`` to ``output``: the masked findings masked, the kept ones (with their
# exemption) left as they are. It may return its leak check (no personal data in it) for the review record.
Redactor = Callable[[Path, Sequence[Finding], Sequence[tuple[Finding, str]], Path], Mapping[str, Any] | None]

_SUFFIXES = {"docx": ".docx", "pdf": ".pdf"}


@dataclass(frozen=True)
class WorkflowContext:
    """The services' dependencies; build one at the edge (command line, web app factory) and pass it down."""

    engine: Engine
    store: ContentStore
    scan: ScanFn
    clock: Callable[[], datetime] = utcnow

    @contextmanager
    def stored_copy(self, sha256: str, name_hint: str) -> Iterator[Path]:
        """A stored file under a temporary name that keeps its suffix, for tools that look at names."""
        suffix = Path(name_hint).suffix.lower() or _SUFFIXES.get(name_hint, "")
        with tempfile.TemporaryDirectory(prefix="wf-") as folder:
            link = Path(folder) / f"document{suffix}"
            link.symlink_to(self.store.path_for(sha256))
            yield link

    def scan_stored(self, sha256: str, original_name: str) -> ScanReport:
        """Scan a stored file, presented under its original suffix."""
        with self.stored_copy(sha256, original_name) as path:
            return self.scan(path)
