"""Mainland mobile numbers: 1[3-9]X XXXX XXXX, optionally after +86 / 86 / 0086."""

from __future__ import annotations

from typing import ClassVar

import regex

from ..model import Kind
from .base import PatternDetector, Span, without


class MobileDetector(PatternDetector):
    """Finds 11-digit mobile numbers (3-4-4 groups allowed) not glued to other digits, letters or masks."""

    kind: ClassVar[Kind] = "mobile"

    # The country prefix belongs to the span. Groups use one separator kind throughout (138 1234 5678 or
    # 138-1234-5678). A neighbouring digit or letter means a longer code; * or × a masked number.
    # The pattern opens with the number's first three digits and looks behind them for the prefix and the
    # boundary: the regex module finds a fixed opening quickly but tries a pattern opening with a look-behind, or
    # with one of several characters, at every character (the scan took 1.8 times as long). ``accept`` gives the
    # prefix back to the span.
    PATTERN: ClassVar[regex.Pattern[str]] = regex.compile(
        r"1[3-9][0-9](?<=[^0-9A-Za-z*×+]1..|^1..|(?:^|[^0-9A-Za-z*×+])(?:\+86|0086|86)[ -]?1..)"
        r"(?:[0-9]{8}|(?P<sep>[ -])[0-9]{4}(?P=sep)[0-9]{4})"
        r"(?![0-9A-Za-z*×])"
    )
    # The prefix before a number, read from the (at most six) characters before it.
    PREFIX: ClassVar[regex.Pattern[str]] = regex.compile(r"(?:^|[^0-9A-Za-z*×+])((?:\+86|0086|86)[ -]?)\Z")
    SEPARATORS: ClassVar[str] = " -+"
    PREFIXES: ClassVar[tuple[str, ...]] = ("0086", "86")
    # A block can hold a match only with four digits in a row (even 138 1234 5678 has them) and eleven in all.
    MIN_DIGITS: ClassVar[int] = 11
    MIN_RUN: ClassVar[int] = 4

    def accept(self, match: regex.Match[str], text: str) -> Span | None:
        """The number, with the country prefix before it if it has one (a prefix ends in 6 or a separator)."""
        start, end = match.span()
        if start and text[start - 1] in "6 -":
            prefix = self.PREFIX.search(text, start - 6 if start > 6 else 0, start)
            if prefix is not None:
                start = prefix.start(1)
        return (start, end) if self.validate(text[start:end]) else None

    def validate(self, candidate: str) -> bool:
        """True when the candidate, without prefix and separators, is 11 digits starting 13-19."""
        # Most candidates are 11 characters, which the pattern allows only for a number with neither prefix nor
        # separators.
        number = candidate if len(candidate) == 11 else self._national(candidate)
        return len(number) == 11 and number[0] == "1" and number[1] in "3456789"

    def _national(self, candidate: str) -> str:
        number = without(candidate, self.SEPARATORS)
        for prefix in self.PREFIXES:
            if len(number) == 11 + len(prefix) and number.startswith(prefix):
                number = number[len(prefix):]
        return number
