"""PassportDetector: E + 8 digits, E + letter + 7 digits, G + 8 digits, or [A-Z]{1,2} + 7-8 digits after 护照."""

from __future__ import annotations

import pytest

from review.detectors.passport import PassportDetector
from review.model import TextBlock
from review.settings import ScanSettings
from review.text import halfwidth

DETECTOR = PassportDetector(ScanSettings())


def found(text: str) -> list[str]:
    block = TextBlock(text, "body", 0, "正文第1段")
    return [finding.text for finding in DETECTOR.detect(block, halfwidth(text), [])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Chinese formats anywhere
        ("证件号E12345678。", ["E12345678"]),
        ("E12345678", ["E12345678"]),
        ("证件号EA1234567，", ["EA1234567"]),
        ("旧版护照G12345678", ["G12345678"]),
        ("证件号：Ｅ１２３４５６７８", ["Ｅ１２３４５６７８"]),
        # any passport-shaped number right after the label, colon and spaces optional
        ("护照号码：P1234567", ["P1234567"]),
        ("护照号：AB1234567", ["AB1234567"]),
        ("护照 K12345678", ["K12345678"]),
        ("护照:PE1234567", ["PE1234567"]),
        ("护照号码为S12345678", ["S12345678"]),
        ("护照号码：ＰＥ１２３４５６７", ["ＰＥ１２３４５６７"]),
        # negatives: product codes and other codes without the label
        ("产品编号AB1234567", []),
        ("型号P12345678", []),
        ("批号K1234567", []),
        ("证件号EI1234567", []),
        ("证件号EO1234567", []),
        # negatives: wrong lengths or glued to letters and digits
        ("证件号E1234567", []),
        ("证件号E123456789", []),
        ("证件号XE12345678", []),
        ("证件号E12345678X", []),
        ("证件号2E12345678", []),
        ("护照号码：ABC1234567", []),
        ("护照号码：P123456", []),
        # negatives: masked
        ("证件号E1234****", []),
        ("证件号*E12345678", []),
        ("证件号E12345678×", []),
        # negatives: 发文字号 and lowercase
        ("川府发〔2026〕12号", []),
        ("证件号e12345678", []),
    ],
)
def test_passport_table(text: str, expected: list[str]) -> None:
    assert found(text) == expected


def test_passport_span_excludes_the_label() -> None:
    text = "护照号码：ＰＥ１２３４５６７（有效期至2030年）"
    block = TextBlock(text, "body", 0, "正文第1段")
    (finding,) = DETECTOR.detect(block, halfwidth(text), [])
    assert (finding.kind, finding.start, finding.end) == ("passport", 5, 14)
    assert finding.text == "ＰＥ１２３４５６７"
