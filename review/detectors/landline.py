"""Fixed-line numbers with a mainland area code: (0XX) or 0XXX, a separator, then 7-8 digits."""

from __future__ import annotations

from typing import ClassVar

import regex

from ..model import Kind
from .base import PatternDetector, Span, without


class LandlineDetector(PatternDetector):
    """Finds area-code landline numbers; hotlines, 400/800 numbers, postcodes, dates and money never match."""

    kind: ClassVar[Kind] = "landline"

    # Area codes: 010, 020-029, and four digits 03XX-09XX; written in brackets or followed by a space or hyphen.
    # Local numbers never start with 0 or 1, which keeps postcodes (010020), dates (2026-03-01), 发文字号 and
    # 400/800 numbers out. An extension (-123, 转123) follows the span but is not part of it. Digits and a
    # separator just before mean the "area code" is a group inside a longer number (6222-0312-3456-7894).
    # Notices also join the area code with a dash (010—65551234, 010–65551234). After the number, a decimal
    # point or a thousands group (,000 then a non-digit) means money; a comma before more digits is a list.
    # The scan hunts for the area code's 0 and looks behind it (for the bracket too): the regex module finds a
    # single opening character quickly, but tries a pattern opening with a look-behind or with either of two
    # characters at every character, which makes the scan over twice as slow. A bracketed number's match therefore
    # starts one character late (``accept`` gives the bracket back).
    PATTERN: ClassVar[regex.Pattern[str]] = regex.compile(
        r"0(?<![0-9A-Za-z*×.].)"
        r"(?:(?<=(?<![0-9A-Za-z*×.]|[0-9][ \-\u2013\u2014])\(0)(?:10|2[0-9]|[3-9][0-9]{2})\)[ -]?"
        r"|(?<![0-9][ \-\u2013\u2014].)(?:10|2[0-9]|[3-9][0-9]{2})[ \-\u2013\u2014])"
        r"[2-9][0-9]{2,3}[ -]?[0-9]{4}"
        r"(?![0-9*×]|\.[0-9]|,[0-9]{3}(?![0-9])|[元万亿%])"
    )
    # A list may give further local numbers after the first without repeating its area code:
    # (0931)5551234,5551235 or 0931-5551234、5551235. Each is a landline of the same length as the first.
    LIST_SEPARATORS: ClassVar[str] = ",、/"
    SHARED: ClassVar[regex.Pattern[str]] = regex.compile(
        f"[{LIST_SEPARATORS}] ?([2-9][0-9]{{6,7}})" r"(?![0-9*×]|\.[0-9]|,[0-9]{3}(?![0-9])|[元万亿%])"
    )
    SEPARATORS: ClassVar[str] = " -()\u2013\u2014"
    # A block can hold a match only with four digits in a row and ten in all (area code and local number).
    MIN_DIGITS: ClassVar[int] = 10
    MIN_RUN: ClassVar[int] = 4

    def spans(self, text: str, where: str = "") -> list[Span]:
        """The numbers with an area code, and the local numbers listed after one that share its area code."""
        found = super().spans(text, where)
        # Most numbers end a cell or a sentence: only one followed by a list separator is asked for more.
        listed = self.LIST_SEPARATORS
        shared = [span for start, end in found if end < len(text) and text[end] in listed
                  for span in self._sharing(text, start, end)]
        return sorted(found + shared) if shared else found

    def _sharing(self, text: str, start: int, end: int) -> list[Span]:
        local = self._local_digits(text[start:end])
        spans = []
        while (match := self.SHARED.match(text, end)) is not None and len(match.group(1)) == local:
            spans.append(match.span(1))
            end = match.end()
        return spans

    def accept(self, match: regex.Match[str], text: str) -> Span | None:
        """The number, with the bracket before a bracketed area code (only that form holds a closing bracket)."""
        start, end = match.span()
        candidate = match.group()
        if ")" in candidate:
            start -= 1
        return (start, end) if self.validate(candidate) else None

    def validate(self, candidate: str) -> bool:
        """True when the local number after the area code has 7 or 8 digits."""
        return 7 <= self._local_digits(candidate) <= 8

    def _local_digits(self, candidate: str) -> int:
        number = without(candidate, self.SEPARATORS)
        return len(number) - (3 if number.startswith(("010", "02")) else 4)
