"""E-mail addresses: local@domain.tld."""

from __future__ import annotations

from typing import ClassVar

import regex

from ..model import Kind
from .base import PatternDetector


class EmailDetector(PatternDetector):
    """Finds e-mail addresses; a masked local part (zh***n@…) is not reported."""

    kind: ClassVar[Kind] = "email"

    # Every part has a length limit (RFC 5321: 64 for the local part, 63 per label), which also bounds the
    # backtracking. A * or × before the local part means the address is already masked.
    PATTERN: ClassVar[regex.Pattern[str]] = regex.compile(
        r"(?<![A-Za-z0-9_%+\-*×])"
        r"[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}"
        r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}"
        r"(?![A-Za-z0-9\-*×])"
    )
    MAX_LENGTH: ClassVar[int] = 254

    def may_hold(self, text: str) -> bool:
        """Only a text with an @ can hold an address."""
        return "@" in text

    def validate(self, candidate: str) -> bool:
        """True when the address fits the RFC 5321 length limit and its local part has no empty dot segment."""
        local = candidate.partition("@")[0]
        return len(candidate) <= self.MAX_LENGTH and ".." not in local and not local.endswith(".")
