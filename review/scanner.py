"""Scan one file: identify it, extract every text block, run the detectors, and fail closed on anything unread."""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from .detectors import attribute_finder, default_detectors, secrecy_finder
from .detectors.base import Batch
from .docfacts import FactsFinder
from .errors import ReviewError
from .extractors import Extractor, extractor_for
from .intake import identify
from .model import AttributeMarking, AttributeResult, Finding, Kind, ScanReport, SecrecyMarking, Status, TextBlock
from .settings import ScanSettings

logger = logging.getLogger(__name__)

_DAMAGED = ("文件已损坏或结构异常，无法完整读取，请重新导出后上传",
            "the file is damaged or malformed and could not be read completely; export it again")

# Blocks are checked in batches (one regex pass per detector over their joined text). A batch is bounded by its
# characters, so each pattern's time limit covers a bounded amount of text (the address pattern, the slowest, needs
# well under half a second for 100 000 characters of nothing but addresses), and by the characters that carry PDF
# character boxes, which weigh about 150 bytes each, so memory stays small.
BATCH_CHARS = 100_000
BATCH_BOXED_CHARS = 50_000
_START = attrgetter("start")


@dataclass
class _Collected:
    findings: list[Finding] = field(default_factory=list)
    markings: list[AttributeMarking] = field(default_factory=list)
    secrecy: SecrecyMarking | None = None
    facts: FactsFinder = field(default_factory=FactsFinder)


class Scanner:
    """Holds the detectors once, so scanning many files does not rebuild them."""

    def __init__(self, settings: ScanSettings | None = None, kinds: Collection[Kind] | None = None) -> None:
        self.settings = settings or ScanSettings()
        # ``kinds`` narrows the personal-data detectors (a benchmark against tools that find fewer kinds).
        self._detectors = [d for d in default_detectors(self.settings) if kinds is None or d.kind in kinds]
        self._attribute = attribute_finder(self.settings)
        self._secrecy = secrecy_finder(self.settings)

    def scan(self, path: Path | str) -> ScanReport:
        """Scan one file; never raises for a bad file, the report's status and error say what went wrong."""
        path = Path(path)
        name = str(path)
        file_format: str | None = None
        try:
            file_format = identify(path, self.settings)
            with extractor_for(file_format)(path, self.settings) as extractor:
                collected = self._collect(extractor)
                ocr_pages = tuple(extractor.ocr_pages)
        except ReviewError as exc:
            logger.info("scan of %s stopped: %s", path.name, type(exc).__name__)
            return ScanReport(name, file_format, exc.status, error=str(exc))
        except (Exception, RecursionError) as exc:  # a parser crash on hostile input must not look clean
            logger.warning("scan of %s failed in a parser: %s", path.name, type(exc).__name__)
            return ScanReport(name, file_format, Status.UNREADABLE, error=" / ".join(_DAMAGED))
        status, error = Status.OK, None
        if ocr_pages:
            pages = "、".join(str(p) for p in ocr_pages)
            status = Status.NEEDS_OCR
            error = (f"第{pages}页没有可识别的文字层（扫描件或字体无法解码），需要 OCR 识别后才能确认是否含个人信息"
                     f" / page(s) {', '.join(map(str, ocr_pages))} have no usable text layer; OCR is needed")
        return ScanReport(
            name, file_format, status, error,
            attribute=AttributeResult.from_markings(collected.markings),
            secrecy=collected.secrecy,
            personal_data=tuple(collected.findings),
            ocr_pages=ocr_pages,
            facts=collected.facts.facts(),
        )

    def _collect(self, extractor: Extractor) -> _Collected:
        collected = _Collected()
        for batch in batches(extractor.blocks()):
            self._check(batch, collected)
        return collected

    def _check(self, batch: Batch, collected: _Collected) -> None:
        """Run every finder on the blocks of ``batch``, adding what they find in reading order."""
        for number, block in enumerate(batch.blocks):
            text = batch.text(number)
            collected.markings.extend(self._attribute.find(block, text))
            if collected.secrecy is None:
                collected.secrecy = self._secrecy.find(block, text)
            collected.facts.see(block, text)
        found = self._detect(batch)
        for number in sorted(found):
            collected.findings.extend(found[number])

    def detect_blocks(self, blocks: Sequence[TextBlock]) -> list[Sequence[Finding]]:
        """Personal data in each block, sorted; the blocks are checked together (see ``Batch``).

        A block without any gets the shared empty tuple: most blocks hold nothing, and a new list for each would
        cost more than their whole check (they are also work for the garbage collector).
        """
        result: list[Sequence[Finding]] = []
        for batch in batches(blocks):
            found: list[Sequence[Finding]] = [()] * len(batch.blocks)
            for number, held in self._detect(batch).items():
                found[number] = held
            result.extend(found)
        return result

    def detect(self, block: TextBlock, text: str) -> list[Finding]:
        """Personal data in one block (``text`` is its half-width text); an overlap goes to the earlier detector."""
        return self._detect(Batch.of([block], [text])).get(0, [])

    def _detect(self, batch: Batch) -> dict[int, list[Finding]]:
        """Findings by block number (blocks without any left out), each list sorted by start."""
        kept: dict[int, list[Finding]] = {}
        for detector in self._detectors:
            for number, found in detector.detect_batch(batch, kept).items():
                held = kept.get(number)
                if held is None:
                    if len(found) == 1:  # most blocks of a table: one finding, nothing to resolve
                        kept[number] = found
                        continue
                    kept[number] = held = []
                for finding in found:
                    # Held findings never overlap, so sorted by start they are sorted by end too: only the last
                    # one starting before this finding ends can overlap it.
                    at = bisect_left(held, finding.end, key=_START)
                    if at == 0 or held[at - 1].end <= finding.start:
                        held.insert(at, finding)
        return kept


def batches(blocks: Iterable[TextBlock]) -> Iterator[Batch]:
    """Consecutive runs of ``blocks`` small enough to check as one batch (BATCH_CHARS, BATCH_BOXED_CHARS)."""
    # Texts and starts are gathered in the same pass that bounds the run: a table has tens of thousands of short
    # cells, and a second and third pass over them cost more than the first.
    run: list[TextBlock] = []
    texts: list[str] = []
    starts: list[int] = []
    chars = boxed = 0
    for block in blocks:
        text = block.text
        run.append(block)
        texts.append(text)
        starts.append(chars)
        chars += len(text) + 1  # with the newline that joins it: many empty cells still add up
        if block.boxes is not None:
            boxed += len(text)
        if chars >= BATCH_CHARS or boxed >= BATCH_BOXED_CHARS:
            yield Batch.gathered(run, texts, starts)
            run, texts, starts = [], [], []
            chars = boxed = 0
    if run:
        yield Batch.gathered(run, texts, starts)


def scan_file(path: Path | str, settings: ScanSettings | None = None) -> ScanReport:
    """Scan one file with the default detectors."""
    return Scanner(settings).scan(path)
