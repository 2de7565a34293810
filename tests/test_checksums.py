"""Property tests for the check digits (GB 11643, Luhn) and the block profile the number detectors rely on."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import assume, given
from hypothesis import strategies as st

from review.detectors.bank_card import BankCardDetector
from review.detectors.checksums import (
    birth_date_valid,
    id15_valid,
    id18_valid,
    id_check_digit,
    looks_like_id18,
    luhn_check_digit,
    luhn_valid,
    profile,
)
from review.detectors.id_card import IdCardDetector
from review.model import TextBlock
from review.settings import ScanSettings
from review.text import halfwidth

TODAY = date.today()
DIGITS = "0123456789"
CJK = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=40)
FULLWIDTH = str.maketrans("0123456789Xx", "０１２３４５６７８９Ｘｘ")


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    """A valid 18-character ID number: area code, real birth date, sequence, computed check character."""
    area = draw(st.integers(110000, 829999))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    sequence = draw(st.integers(0, 999))
    first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
    return first17 + id_check_digit(first17)


def iso7064_mod11_2(number: str) -> bool:
    """Independent check: ISO 7064 MOD 11-2 over all 18 characters (X = 10) leaves remainder 1."""
    values = [10 if char in "Xx" else int(char) for char in number]
    return sum(value * pow(2, 17 - index, 11) for index, value in enumerate(values)) % 11 == 1


def reference_luhn(number: str) -> bool:
    """Independent check: the textbook Luhn algorithm."""
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char) * (2 if index % 2 else 1)
        total += digit // 10 + digit % 10
    return total % 10 == 0


def test_known_id_numbers() -> None:
    assert id_check_digit("11010519491231002") == "X"
    assert id18_valid("11010519491231002X")
    assert id18_valid("11010519491231002x")
    assert not id18_valid("110105194912310021")
    assert id15_valid("110105491231002")
    assert not id15_valid("110105491231002".replace("1231", "1331"))


def test_birth_date_bounds() -> None:
    assert birth_date_valid(1900, 1, 1, date(2026, 3, 1))
    assert not birth_date_valid(1899, 12, 31, date(2026, 3, 1))
    assert birth_date_valid(2026, 3, 1, date(2026, 3, 1))
    assert not birth_date_valid(2026, 3, 2, date(2026, 3, 1))
    assert not birth_date_valid(2023, 2, 29, date(2026, 3, 1))
    assert birth_date_valid(2024, 2, 29, date(2026, 3, 1))


@given(id_numbers())
def test_generated_id_validates(number: str) -> None:
    assert id18_valid(number)
    assert iso7064_mod11_2(number)
    assert looks_like_id18(number[:17] + "0")
    assert id18_valid(number.lower())


@given(st.text(alphabet=DIGITS, min_size=17, max_size=17))
def test_the_check_character_agrees_with_iso7064_for_any_17_digits(first17: str) -> None:
    assert iso7064_mod11_2(first17 + id_check_digit(first17))


@given(id_numbers(), st.integers(0, 16), st.sampled_from(DIGITS))
def test_changing_one_digit_breaks_the_id(number: str, position: int, digit: str) -> None:
    assume(number[position] != digit)
    assert not id18_valid(number[:position] + digit + number[position + 1:])


@given(id_numbers(), st.sampled_from(DIGITS + "X"))
def test_changing_the_check_character_breaks_the_id(number: str, check: str) -> None:
    assume(number[17] != check)
    assert not id18_valid(number[:17] + check)


@given(id_numbers(), st.integers(1, 30))
def test_a_birth_date_after_today_is_refused(number: str, days: int) -> None:
    born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    assert id18_valid(number, today=born)
    assert not id18_valid(number, today=date.fromordinal(born.toordinal() - days))


@given(st.integers(100000, 899999), st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)),
       st.integers(0, 999))
def test_generated_legacy_id_validates(area: int, born: date, sequence: int) -> None:
    assert id15_valid(f"{area}{born:%y%m%d}{sequence:03d}")


@given(st.text(alphabet=DIGITS, min_size=1, max_size=30))
def test_luhn_check_digit_validates(payload: str) -> None:
    number = payload + luhn_check_digit(payload)
    assert luhn_valid(number)
    assert reference_luhn(number)


@given(st.text(alphabet=DIGITS, min_size=2, max_size=30))
def test_luhn_agrees_with_the_textbook_algorithm(number: str) -> None:
    assert luhn_valid(number) == reference_luhn(number)


@given(st.text(alphabet=DIGITS, min_size=15, max_size=18), st.integers(0, 18), st.sampled_from(DIGITS))
def test_changing_one_digit_breaks_luhn(payload: str, position: int, digit: str) -> None:
    number = payload + luhn_check_digit(payload)
    assume(position < len(number) and number[position] != digit)
    assert not luhn_valid(number[:position] + digit + number[position + 1:])


@given(CJK, id_numbers(), CJK, st.booleans())
def test_valid_ids_in_cjk_text_are_always_found(before: str, number: str, after: str, wide: bool) -> None:
    written = number.translate(FULLWIDTH) if wide else number
    text = before + written + after
    block = TextBlock(text, "body", 0, "正文第1段")
    findings = IdCardDetector(ScanSettings()).detect(block, halfwidth(text), [])
    assert [(f.text, f.start, f.end) for f in findings] == [(written, len(before), len(before) + 18)]


@given(CJK, st.sampled_from(["62", "4", "5"]), st.integers(16, 19), st.data(), CJK)
def test_luhn_valid_cards_in_cjk_text_are_found(before: str, prefix: str, length: int, data: st.DataObject,
                                                 after: str) -> None:
    size = length - 1 - len(prefix)
    body = prefix + data.draw(st.text(alphabet=DIGITS, min_size=size, max_size=size))
    card = body + luhn_check_digit(body)
    assume(not looks_like_id18(card))
    text = before + card + after
    block = TextBlock(text, "body", 0, "正文第1段")
    findings = BankCardDetector(ScanSettings()).detect(block, halfwidth(text), [])
    assert [f.text for f in findings] == [card]


@given(st.text(alphabet=st.sampled_from("0123456789ABZaz 中文-·＊"), max_size=60))
def test_profile_counts_digits_runs_and_capitals(text: str) -> None:
    runs = re.findall("[0-9]+", text)
    assert profile(text) == (sum(map(len, runs)), max(map(len, runs), default=0), len(re.findall("[A-Z]", text)))
