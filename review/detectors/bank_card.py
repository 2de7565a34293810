"""Bank card numbers: 16-19 digits passing the Luhn check, written solid or in groups of four."""

from __future__ import annotations

from typing import ClassVar

import regex

from ..model import Kind
from .base import PatternDetector, without
from .checksums import looks_like_id18, luhn_valid


class BankCardDetector(PatternDetector):
    """Finds Luhn-valid card numbers that are neither an ID number nor a 统一社会信用代码."""

    kind: ClassVar[Kind] = "bank_card"

    # Letters next to the digits mean a code (a 统一社会信用代码 has letters); *, × or a digit mean a masked or
    # longer number. A grouped number must not continue with another separator and digits either.
    # (The look-behind follows the first four digits because a leading one is tried at every character. When those
    # four are not the start of a card number, no later digit of their run can be one, so the scan skips the run,
    # as the ID pattern does.)
    PATTERN: ClassVar[regex.Pattern[str]] = regex.compile(
        r"[0-9]{4}"
        r"(?:(?<![0-9A-Za-z*×].{4})"
        r"(?:[0-9]{12,15}"
        r"|(?P<sep>[ -])[0-9]{4}(?P=sep)[0-9]{4}(?P=sep)[0-9]{4}(?:(?P=sep)[0-9]{1,3})?(?![ -][0-9]))"
        r"(?![0-9A-Za-z*×])"
        r"|[0-9]*+(*SKIP)(*FAIL))"
    )
    SEPARATORS: ClassVar[str] = " -"
    # A number right after these labels is an organisation's code, not a card.
    CODE_LABELS: ClassVar[tuple[str, ...]] = ("信用代码", "纳税人识别号", "税号", "组织机构代码", "注册号")
    LABEL_WINDOW: ClassVar[int] = 12
    # A block can hold a match only with four digits in a row and sixteen in all.
    MIN_DIGITS: ClassVar[int] = 16
    MIN_RUN: ClassVar[int] = 4

    def validate(self, candidate: str) -> bool:
        """True for a Luhn-valid number that is not shaped like an 18-digit ID number."""
        number = without(candidate, self.SEPARATORS)
        # An 18-digit number with an area code and a real birth date is an ID number (a valid one belongs to
        # the ID detector, a mistyped one is still not a card).
        return luhn_valid(number) and not looks_like_id18(number)

    def in_context(self, text: str, start: int, floor: int) -> bool:
        """False when an organisation-code label (信用代码, 税号 …) stands just before the number in its block."""
        before = text[max(floor, start - self.LABEL_WINDOW):start]
        return not any(label in before for label in self.CODE_LABELS)
