"""Resident identity card numbers (居民身份证号码): 18 digits with a GB 11643 check character, or legacy 15 digits."""

from __future__ import annotations

from typing import ClassVar

import regex

from ..model import Kind
from .base import PatternDetector, without
from .checksums import id15_valid, id18_valid


class IdCardDetector(PatternDetector):
    """Finds ID numbers whose check character and birth date are real; masked or glued numbers are left alone."""

    kind: ClassVar[Kind] = "id_card"

    # Separators (one space or hyphen) are allowed only where people write them: after the area code and
    # after the birth date. A neighbouring digit, * or × means a longer number or an already-masked one.
    # The pattern opens with the six area digits and looks behind them afterwards: a leading look-behind is
    # tried at every character of the block and makes the scan several times slower. When the six digits are
    # not the start of an ID number, no digit after them in the same run can start one either (it follows a
    # digit), so the scan skips the rest of the run instead of trying each of its digits: a third faster on
    # tables of numbers.
    PATTERN: ClassVar[regex.Pattern[str]] = regex.compile(
        r"[0-9]{6}"
        r"(?:(?<![0-9*×].{6})"
        r"(?:[ -]?(?:19|20)[0-9]{2}[01][0-9][0-3][0-9][ -]?[0-9]{3}[0-9Xx]"
        r"|[ -]?[0-9]{2}[01][0-9][0-3][0-9][ -]?[0-9]{3})"
        r"(?![0-9*×])"
        r"|[0-9]*+(*SKIP)(*FAIL))"
    )
    SEPARATORS: ClassVar[str] = " -"
    # A block can hold a match only with six digits in a row (the area code) and fifteen in all.
    MIN_DIGITS: ClassVar[int] = 15
    MIN_RUN: ClassVar[int] = 6

    def validate(self, candidate: str) -> bool:
        """True when the candidate, without separators, is a valid 18- or 15-character ID number."""
        # 15 or 18 characters cannot hold a separator: the pattern allows them only in longer candidates.
        number = candidate if len(candidate) in (15, 18) else without(candidate, self.SEPARATORS)
        if len(number) == 18:
            return id18_valid(number)
        return id15_valid(number)
