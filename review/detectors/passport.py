"""Chinese passport numbers, plus any passport-shaped number right after the word 护照."""

from __future__ import annotations

from typing import ClassVar

import regex

from ..model import Kind
from .base import PatternDetector, Span
from .checksums import profile


class PassportDetector(PatternDetector):
    """Finds E12345678, EA1234567 and legacy G12345678 anywhere, and [A-Z]{1,2} + 7-8 digits after 护照."""

    kind: ClassVar[Kind] = "passport"

    # After the label the number may be foreign (a letter or two and 7-8 digits); without it only the Chinese
    # formats count, so product codes and 发文字号 stay out. E + letter excludes I and O as the issuer does.
    # All three bare forms are nine characters, checked for a glued neighbour behind them once matched (a
    # leading look-behind would be tried at every character).
    PATTERN: ClassVar[regex.Pattern[str]] = regex.compile(
        r"护照(?:号码|号|编号|证号)?(?:为|是)?:?[ ]{0,2}(?P<labelled>[A-Z]{1,2}[0-9]{7,8})(?![0-9A-Za-z*×])"
        r"|(?P<bare>(?:E[0-9]{8}|E[A-HJ-NP-Z][0-9]{7}|G[0-9]{8})(?<![0-9A-Za-z*×].{9}))(?![0-9A-Za-z*×])"
    )
    MIN_RUN: ClassVar[int] = 7  # every form has a capital and at least seven digits in a row

    def may_hold(self, text: str) -> bool:
        """A passport number has a capital letter and a run of MIN_RUN digits."""
        if len(text) <= self.MIN_RUN:
            return False
        _, longest_run, capitals = profile(text)
        return bool(capitals) and longest_run >= self.MIN_RUN

    def accept(self, match: regex.Match[str], text: str) -> Span | None:
        """The number itself, after a 护照 label or standing alone."""
        group = "labelled" if match.group("labelled") else "bare"
        return match.span(group) if self.validate(match.group(group)) else None

    def validate(self, candidate: str) -> bool:
        """True for one or two capital letters followed by 7 or 8 digits (the shape every passport number has)."""
        digits = candidate.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return 1 <= len(candidate) - len(digits) <= 2 and len(digits) in (7, 8) and digits.isdigit()
