"""Check digits and dates that tell a real identifier from a number that only looks like one.

Also the cheap block profile the detectors use to skip a block before any regex runs: most blocks of ordinary
prose cannot hold a number, and one timed regex call costs more than the whole profile.
"""

from __future__ import annotations

import time
from datetime import date
from functools import lru_cache
from typing import NamedTuple

# GB 11643-1999: the check character for each remainder mod 11 of the weighted digit sum.
_ID_CHECK = "10X98765432"
_EARLIEST_BIRTH = date(1900, 1, 1)
# Luhn: the digit sum of twice each digit, as a translation table so the doubling runs in C.
_LUHN_DOUBLED = str.maketrans("0123456789", "0246813579")


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character ("0"-"9" or "X") for the first 17 digits (ASCII) of an 18-digit ID number."""
    # The weights (7, 9, 10, 5 ... 2) are 2**(18 - position) mod 11, and 13 = 2 mod 11, so the weighted sum is
    # twice the digits read as a base-13 number, mod 11: one C call instead of seventeen multiplications.
    return _ID_CHECK[2 * int(first17, 13) % 11]


def birth_date_valid(year: int, month: int, day: int, today: date | None = None) -> bool:
    """True when the date exists and lies between 1900-01-01 and today."""
    return _born_by(_real_date(year, month, day), today)


def _born_by(born: date | None, today: date | None) -> bool:
    return born is not None and _EARLIEST_BIRTH <= born <= (today or _local_date(int(time.time())))


def _real_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=1 << 16)  # every date since 1900 fits; a table of ID numbers repeats few of them
def _written_date(digits: str) -> date | None:
    """The date that eight ASCII digits (YYYYMMDD) stand for; None when there is no such date."""
    return _real_date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))


@lru_cache(maxsize=1)
def _local_date(second: int) -> date:
    """Today's date at ``second`` (epoch): asked once a second, since date.today() costs more than a whole check."""
    return date.fromtimestamp(second)


def id18_valid(number: str, today: date | None = None) -> bool:
    """True for an 18-character ID number with a real birth date and a matching check character (x or X)."""
    first17 = number[:17]
    if len(number) != 18 or not first17.isascii() or not first17.isdigit() or number[0] == "0":
        return False
    # The check character first: it is cheaper than the date and rejects ten in eleven numbers that are not IDs.
    return id_check_digit(first17) == number[17].upper() and _born_by(_written_date(number[6:14]), today)


def id15_valid(number: str, today: date | None = None) -> bool:
    """True for a legacy 15-digit ID number: area code starting 1-8 and a real 19YY birth date."""
    if len(number) != 15 or not number.isascii() or not number.isdigit() or number[0] not in "12345678":
        return False
    return _born_by(_written_date("19" + number[6:12]), today)


def looks_like_id18(number: str, today: date | None = None) -> bool:
    """True for 18 digits shaped like an ID number (area code, real birth date) whatever the check digit says."""
    return (len(number) == 18 and number.isascii() and number.isdigit() and number[0] in "12345678"
            and _born_by(_written_date(number[6:14]), today))


def luhn_check_digit(payload: str) -> str:
    """The Luhn check digit to append to ``payload`` (all ASCII digits)."""
    # Counting from the right of the finished number, the payload's last digit is the first one doubled.
    doubled = payload[::-2].translate(_LUHN_DOUBLED).encode("ascii")
    single = payload[-2::-2].encode("ascii")
    total = sum(doubled) + sum(single) - 48 * (len(doubled) + len(single))  # bytes are digits plus 48
    return str(-total % 10)


def luhn_valid(number: str) -> bool:
    """True when ``number`` (all ASCII digits, at least two) passes the Luhn check."""
    if len(number) < 2 or not number.isascii() or not number.isdigit():
        return False
    return luhn_check_digit(number[:-1]) == number[-1]


class Profile(NamedTuple):
    """What a block holds, counted in C time, so a detector can skip a block that cannot contain a match."""

    digits: int  # ASCII digits
    longest_run: int  # the longest run of consecutive ASCII digits
    capitals: int  # ASCII capital letters


# Byte table: every ASCII digit becomes "0", every other byte a space, so a run of n digits is n zeros.
_DIGIT_MARKS = bytes(0x30 if 0x30 <= b <= 0x39 else 0x20 for b in range(256))
_CAPITALS = bytes(range(0x41, 0x5B))


@lru_cache(maxsize=2)
def profile(text: str) -> Profile:
    """Digits, longest digit run and capitals of ``text`` (cached: every detector asks about the same block)."""
    # "replace" keeps one byte per character, so runs are not joined across the characters it drops.
    encoded = text.encode("ascii", "replace")
    capitals = len(encoded) - len(encoded.translate(None, _CAPITALS))
    marks = encoded.translate(_DIGIT_MARKS)
    digits = marks.count(b"0")
    return Profile(digits, _longest_run(marks) if digits else 0, capitals)


def _longest_run(marks: bytes) -> int:
    """The longest run of zeros in ``marks``, which holds at least one.

    Found by doubling, then halving, the length of a run searched for: a few C-speed substring searches instead of
    splitting a batch of text into tens of thousands of runs.
    """
    found, missing = 1, 2
    while b"0" * missing in marks:
        found, missing = missing, missing * 2
    while missing - found > 1:
        middle = (found + missing) // 2
        if b"0" * middle in marks:
            found = middle
        else:
            missing = middle
    return found
