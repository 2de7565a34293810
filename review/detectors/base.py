"""What every detector shares: bounded regex matching and the detector protocols."""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import ClassVar, Protocol

import regex

from ..errors import ScanIncomplete
from ..model import AttributeMarking, Finding, Kind, SecrecyMarking, TextBlock
from ..settings import ScanSettings
from ..text import halfwidth
from .checksums import profile

logger = logging.getLogger(__name__)

Span = tuple[int, int]

# Texts longer than this (batches) are tested for a digit run alone, shorter ones (single blocks) are profiled.
_PROFILED_CHARS = 4096

# Blocks whose place may say what they hold (a 姓名 column, an author field).
_PLACED = frozenset({"table", "metadata"})


def without(text: str, chars: str) -> str:
    """``text`` without any of ``chars`` (for a short number, faster than a deleting ``str.translate``)."""
    for char in chars:
        if char in text:
            text = text.replace(char, "")
    return text


def label_words(label: str) -> str:
    """A table header or a form's label without its padding and colon (姓  名： → 姓名)."""
    return without(label, " \t\n\u3000:：")


def spaced(word: str, gap: str = r"[ \t]{0,3}") -> str:
    """A pattern for ``word`` allowing a few spaces between its characters (tables pad labels: 姓  名)."""
    return gap.join(regex.escape(ch) for ch in word)


@dataclass(frozen=True, slots=True)
class Batch:
    """Blocks checked together: their half-width texts joined by newlines, so one regex call covers them all.

    No personal-data pattern matches a newline, and their look-arounds treat a newline as they treat the edge of
    the text, so a match in ``joined`` lies inside one block and is the match a scan of that block alone finds
    (tests/test_scanner_batch.py holds the detectors to this).
    """

    blocks: Sequence[TextBlock]
    joined: str
    starts: Sequence[int]  # where each block's text begins in ``joined``

    @classmethod
    def of(cls, blocks: Sequence[TextBlock], texts: Sequence[str] | None = None) -> Batch:
        """A batch of ``blocks``; ``texts`` are their half-width texts if the caller has them already."""
        originals = [block.text for block in blocks]
        starts = list(accumulate([len(text) + 1 for text in originals], initial=0))
        starts.pop()
        if texts is not None:
            return cls(blocks, "\n".join(texts), starts)
        return cls.gathered(blocks, originals, starts)

    @classmethod
    def gathered(cls, blocks: Sequence[TextBlock], originals: list[str], starts: Sequence[int]) -> Batch:
        """A batch of ``blocks`` whose texts (as stored) and starts the caller gathered while collecting them."""
        # Folding the joined text once costs far less than folding each short block.
        return cls(blocks, halfwidth("\n".join(originals)), starts)

    @property
    def placed(self) -> list[int]:
        """The blocks whose place may say what they hold: table cells and metadata fields (worked out when asked:
        only the name and address detectors ask)."""
        return [number for number, block in enumerate(self.blocks) if block.where in _PLACED]

    def text(self, number: int) -> str:
        """The half-width text of block ``number`` (cut from ``joined`` when asked: most blocks never are)."""
        start = self.starts[number]
        return self.joined[start:start + len(self.blocks[number].text)]

    @property
    def where(self) -> str:
        """Where the batch is, in words, for a time-out message."""
        if len(self.blocks) == 1:
            return self.blocks[0].location
        return f"{self.blocks[0].location}起的{len(self.blocks)}段文字" if self.blocks else ""

    def by_block(self, spans: Iterable[Span]) -> dict[int, list[Span]]:
        """``spans`` of ``joined`` by block number, as offsets into that block's text; blocks without any left out."""
        grouped: dict[int, list[Span]] = {}
        for start, end in spans:
            number = bisect_right(self.starts, start) - 1
            offset = self.starts[number]
            grouped.setdefault(number, []).append((start - offset, end - offset))
        return grouped


class PersonalDataDetector(Protocol):
    """Finds one kind of personal data in a block, or in each block of a batch.

    ``text`` is ``block.text`` folded to half-width (same length), so spans index both. ``prior`` holds the
    findings that detectors earlier in the registry kept for this block (a name detector looks beside them).
    ``detect_batch`` gives the findings by block number (blocks without any left out), with ``prior[i]`` that
    list for block ``i`` (blocks without any may be left out); both methods find exactly the same.
    """

    kind: ClassVar[Kind]

    def detect(self, block: TextBlock, text: str, prior: Sequence[Finding]) -> list[Finding]: ...

    def detect_batch(self, batch: Batch, prior: Mapping[int, Sequence[Finding]]) -> dict[int, list[Finding]]: ...


class AttributeFinder(Protocol):
    """Finds 公开属性 markings in a block."""

    def find(self, block: TextBlock, text: str) -> list[AttributeMarking]: ...


class SecrecyFinder(Protocol):
    """Finds a secrecy marking at the head of the document."""

    def find(self, block: TextBlock, text: str) -> SecrecyMarking | None: ...


class BoundedMatcher:
    """Runs compiled patterns with a time limit; running out of time makes the scan incomplete, never clean."""

    def __init__(self, settings: ScanSettings) -> None:
        self._timeout = settings.regex_timeout_seconds

    def finditer(self, pattern: regex.Pattern[str], text: str, where: str = "") -> list[regex.Match[str]]:
        """All matches of ``pattern`` in ``text``; raise ScanIncomplete when the time limit is reached.

        The matches are collected before returning because the regex timeout keeps running while a caller works
        inside a lazy ``finditer`` loop, which would charge the caller's validation to the pattern.
        """
        try:
            return list(pattern.finditer(text, timeout=self._timeout))
        except TimeoutError as exc:
            raise ScanIncomplete(
                f"检查{where or '文本'}时超时，无法确认文件不含个人信息，请拆分文件后重试",
                f"checking {where or 'the text'} timed out; the file cannot be confirmed free of personal data",
            ) from exc


class PatternDetector:
    """A detector whose findings depend on the text alone, so a batch is checked with one pass over its joined text.

    A subclass gives ``spans`` (its pattern and the checks of the matched text) and, when the words before a
    match matter, ``in_context``, which always sees the block's own text, never a neighbouring block's.
    """

    kind: ClassVar[Kind]

    def __init__(self, settings: ScanSettings) -> None:
        self._matcher = BoundedMatcher(settings)
        # The regex module scans for a run of digits about ten times faster than re in a text without one.
        self._digit_run = regex.compile(f"[0-9]{{{self.MIN_RUN}}}")
        self._contextual = type(self).in_context is not PatternDetector.in_context

    PATTERN: ClassVar[regex.Pattern[str]]
    # A text can hold a match only with MIN_RUN digits in a row and MIN_DIGITS in all (checked without a regex).
    MIN_DIGITS: ClassVar[int] = 0
    MIN_RUN: ClassVar[int] = 0

    def spans(self, text: str, where: str = "") -> list[Span]:
        """Validated spans in ``text`` (one block, or blocks joined by newlines); ``where`` names it on a time-out."""
        if not self.may_hold(text):
            return []
        matches = self._matcher.finditer(self.PATTERN, text, where)
        accept = self.accept
        spans = [span for match in matches if (span := accept(match, text)) is not None]
        self._log_rejected(len(matches), len(spans), where)
        return spans

    def may_hold(self, text: str) -> bool:
        """A cheap test that ``text`` can hold a match at all, so most blocks skip the pattern."""
        if len(text) < self.MIN_DIGITS:  # most table cells: skip even the profile
            return False
        if len(text) > _PROFILED_CHARS:
            # A batch of many blocks nearly always holds a digit run; finding the first one costs far less than
            # profiling the whole text (a table's batch holds one in its first lines).
            return self._digit_run.search(text) is not None
        digits, longest_run, _ = profile(text)
        return digits >= self.MIN_DIGITS and longest_run >= self.MIN_RUN

    def accept(self, match: regex.Match[str], text: str) -> Span | None:
        """The finding's span for a pattern match, or None when the matched text fails validation."""
        return match.span() if self.validate(match.group()) else None

    def validate(self, candidate: str) -> bool:
        """True when the matched text is really of this kind (checksums, lengths)."""
        return True

    def in_context(self, text: str, start: int, floor: int) -> bool:
        """True unless the words before ``start``, back to where its block begins in ``text`` (``floor``), say the
        match is something else."""
        return True

    def detect(self, block: TextBlock, text: str, prior: Sequence[Finding]) -> list[Finding]:
        """Findings in one block (``text`` is the half-width form of ``block.text``)."""
        return [Finding.in_block(self.kind, block, start, end) for start, end in self.spans(text, block.location)
                if self.in_context(text, start, 0)]

    def detect_batch(self, batch: Batch, prior: Mapping[int, Sequence[Finding]]) -> dict[int, list[Finding]]:
        """Findings by block number in ``batch``, from one pass over its joined text."""
        found: dict[int, list[Finding]] = {}
        joined, starts, blocks, kind, in_block = batch.joined, batch.starts, batch.blocks, self.kind, Finding.in_block
        # Most detectors never reject a match for its context: asking each of thousands of matches would cost more
        # than building their findings.
        in_context = self.in_context if self._contextual else None
        for start, end in self.spans(joined, batch.where):
            number = bisect_right(starts, start) - 1
            offset = starts[number]
            if in_context is None or in_context(joined, start, offset):
                finding = in_block(kind, blocks[number], start - offset, end - offset)
                held = found.get(number)
                if held is None:
                    found[number] = [finding]
                else:
                    held.append(finding)
        return found

    def _log_rejected(self, candidates: int, kept: int, where: str) -> None:
        if kept < candidates:  # counts and place only: a rejected number may be personal data too
            logger.debug("%s: %d candidate(s) in %s failed validation", self.kind, candidates - kept, where)
