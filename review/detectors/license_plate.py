"""Motor vehicle plates (机动车号牌): province abbreviation, issuing letter, then the serial."""

from __future__ import annotations

from typing import ClassVar

import regex

from ..model import Kind
from .base import PatternDetector, Span
from .checksums import profile


class LicensePlateDetector(PatternDetector):
    """Finds 川A·12345-style plates (last character may be 挂/学/警) and six-character new-energy plates."""

    kind: ClassVar[Kind] = "license_plate"

    PROVINCES: ClassVar[str] = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
    # Plates never use I or O (they read as 1 and 0). New-energy serials put D or F first (small cars) or last
    # (large vehicles) and are tried first, so a six-character plate is not cut to five. The scan hunts for the
    # issuing letter and looks behind it for the province: Latin capitals are rare in Chinese prose, province
    # characters common, so this is about twice as fast. The match therefore starts one character late.
    PATTERN: ClassVar[regex.Pattern[str]] = regex.compile(
        rf"[A-HJ-NP-Z](?<=(?<![A-Za-z0-9])[{PROVINCES}].)[·•・ ]?"
        r"(?:[DF][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[DF]|[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警])"
        r"(?![A-Za-z0-9*×])"
    )
    # Real serials carry at most a few letters; an all-letter serial is a mask (川AXXXXX) or a word.
    MAX_SERIAL_LETTERS: ClassVar[int] = 3
    SERIAL_LENGTHS: ClassVar[tuple[int, ...]] = (5, 6)
    MIN_LENGTH: ClassVar[int] = 7  # province, letter and a five-character serial

    def may_hold(self, text: str) -> bool:
        """Every plate has a capital letter and a digit."""
        if len(text) < self.MIN_LENGTH:
            return False
        digits, _, capitals = profile(text)
        return bool(digits) and bool(capitals)

    def accept(self, match: regex.Match[str], text: str) -> Span | None:
        """The plate including its province character, which the pattern matched in its look-behind."""
        start = match.start() - 1
        return (start, match.end()) if self.validate(text[start:match.end()]) else None

    def validate(self, candidate: str) -> bool:
        """True when the serial (after province, letter and separator) has at most three letters."""
        serial = candidate[2:].lstrip("·•・ ")
        letters = sum(1 for char in serial if "A" <= char <= "Z")
        return len(serial) in self.SERIAL_LENGTHS and letters <= self.MAX_SERIAL_LETTERS
