"""BankCardDetector: 16-19 digits passing Luhn, solid or in groups of four; never an ID number or a credit code."""

from __future__ import annotations

import pytest

from review.detectors.bank_card import BankCardDetector
from review.model import TextBlock
from review.settings import ScanSettings
from review.text import halfwidth

DETECTOR = BankCardDetector(ScanSettings())

# Luhn-valid numbers of each length (check digits computed by hand).
CARD16 = "6222021234567894"
CARD18 = "622202123456789012"
CARD19 = "6228480012345678903"


def found(text: str) -> list[str]:
    block = TextBlock(text, "body", 0, "正文第1段")
    return [finding.text for finding in DETECTOR.detect(block, halfwidth(text), [])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # positives
        (f"开户账号：{CARD16}。", [CARD16]),
        (f"银行卡号{CARD18}，", [CARD18]),
        (f"卡号 {CARD19}", [CARD19]),
        ("卡号：4111111111111111", ["4111111111111111"]),
        ("卡号：６２２２０２１２３４５６７８９４", ["６２２２０２１２３４５６７８９４"]),
        # groups of four, space or hyphen, with a short last group for 17-19 digits
        ("卡号：6222 0212 3456 7894。", ["6222 0212 3456 7894"]),
        ("卡号：6222-0212-3456-7894", ["6222-0212-3456-7894"]),
        ("卡号：6228 4800 1234 5678 903", ["6228 4800 1234 5678 903"]),
        ("卡号：６２２２　０２１２　３４５６　７８９４", ["６２２２　０２１２　３４５６　７８９４"]),
        (f"工资卡{CARD16}，社保卡{CARD19}", [CARD16, CARD19]),
        # negatives: failing Luhn
        ("卡号：6222021234567890", []),
        ("卡号：6222 0212 3456 7890", []),
        # negatives: wrong lengths
        ("卡号：622202123456789", []),
        ("卡号：62220212345678901234", []),
        # negatives: mixed separators or groups that are not fours
        ("卡号：6222 0212-3456 7894", []),
        ("卡号：62220 21234 56789 4", []),
        ("卡号：6222 0212 3456 7894 12345", []),
        # negatives: an ID number (valid, or ID-shaped with a wrong check character) is not a card
        ("身份证号：510902199001018193", []),
        ("身份证号：510902199001018198", []),
        # negatives: 统一社会信用代码, by label or because it holds letters
        ("统一社会信用代码：915101001234567894", []),
        ("信用代码 915101001234567894", []),
        ("纳税人识别号：915101001234567894", []),
        ("代码91510100MA6C1234567894", []),
        ("代码915101001234567894AB", []),
        # negatives: glued to other digits or masked
        (f"1{CARD16}", []),
        ("卡号：6222 **** **** 7894", []),
        ("卡号：622202******7894", []),
        (f"卡号：*{CARD16}", []),
        (f"卡号：{CARD16}×", []),
        ("2026年3月1日印发，川府发〔2026〕12号", []),
        # a digit run that is not a card number is skipped whole; the next run is tried afresh
        (f"1{CARD16} {CARD16}", [CARD16]),
        (f"卡号：*{CARD16}、{CARD16}", [CARD16]),
    ],
)
def test_bank_card_table(text: str, expected: list[str]) -> None:
    assert found(text) == expected


def test_an_unlabelled_all_digit_number_passing_luhn_is_reported() -> None:
    # Without the 信用代码 label an all-digit 18-character number cannot be told from a card.
    assert found("编号915101001234567894") == ["915101001234567894"]


def test_bank_card_span_indexes_the_original_text() -> None:
    text = "收款人账号：６２２２　０２１２　３４５６　７８９４（工商银行）"
    block = TextBlock(text, "body", 0, "正文第1段")
    (finding,) = DETECTOR.detect(block, halfwidth(text), [])
    assert (finding.kind, finding.start, finding.end) == ("bank_card", 6, 25)
    assert finding.text == text[6:25]
