"""IdCardDetector: 18-digit numbers with a GB 11643 check character and a real birth date, legacy 15-digit ones."""

from __future__ import annotations

import pytest

from review.detectors.id_card import IdCardDetector
from review.model import TextBlock
from review.settings import ScanSettings
from review.text import halfwidth

DETECTOR = IdCardDetector(ScanSettings())

# Valid numbers (check characters computed by hand from the GB 11643 weights).
VALID = "510902199001018193"
VALID_X = "11010519491231002X"
LEGACY = "110105491231002"  # 15 digits, born 1949-12-31


def found(text: str) -> list[str]:
    block = TextBlock(text, "body", 0, "正文第1段")
    return [finding.text for finding in DETECTOR.detect(block, halfwidth(text), [])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # positives
        (f"身份证号：{VALID}。", [VALID]),
        (f"{VALID}", [VALID]),
        (f"公民身份号码{VALID_X}，", [VALID_X]),
        (f"身份证号码 {VALID_X.lower()}", [VALID_X.lower()]),
        ("身份证号：５１０９０２１９９００１０１８１９３", ["５１０９０２１９９００１０１８１９３"]),
        ("身份证号：１１０１０５１９４９１２３１００２Ｘ", ["１１０１０５１９４９１２３１００２Ｘ"]),
        ("身份证号：１１０１０５１９４９１２３１００２ｘ", ["１１０１０５１９４９１２３１００２ｘ"]),
        (f"身份证号{LEGACY}（旧证）", [LEGACY]),
        ("440305198511201231、320106200012290047", ["440305198511201231", "320106200012290047"]),
        # separators at the 6/14 boundaries (and 6/12 for legacy numbers)
        ("身份证 510902 19900101 8193", ["510902 19900101 8193"]),
        ("身份证 510902-19900101-8193", ["510902-19900101-8193"]),
        ("身份证 510902 199001018193", ["510902 199001018193"]),
        ("身份证 51090219900101-8193", ["51090219900101-8193"]),
        ("身份证 110105 491231 002", ["110105 491231 002"]),
        ("身份证 ５１０９０２　１９９００１０１　８１９３", ["５１０９０２　１９９００１０１　８１９３"]),
        # negatives: wrong check character
        ("身份证号：510902199001018198", []),
        ("身份证号：110105194912310021", []),
        # negatives: impossible or future birth dates
        ("身份证号：510902199002308192", []),
        ("身份证号：110105209901010012", []),
        ("身份证号：110105189912310012", []),
        ("旧号 110105491331002", []),
        ("旧号 110105490230002", []),
        # negatives: legacy number with an impossible area code
        ("旧号 910105491231002", []),
        ("旧号 010105491231002", []),
        # negatives: glued to other digits
        (f"1{VALID}", []),
        (f"{VALID}1", []),
        (f"编号20{LEGACY}", []),
        # negatives: already masked
        ("身份证号：510902********8193", []),
        ("身份证号：5109021990****8193", []),
        ("身份证号：51090219900101819*", []),
        (f"身份证号：*{VALID}", []),
        (f"身份证号：{VALID}×", []),
        ("身份证号：510902××××××××8193", []),
        # negatives: separators elsewhere or doubled
        ("身份证 5109 0219 9001 0181 93", []),
        ("身份证 510902  19900101 8193", []),
        ("身份证 510902/19900101/8193", []),
        # ordinary prose numbers
        ("2026年3月1日，川府发〔2026〕12号，邮政编码610041，资金1,234,567.00元。", []),
        # a digit run that is not an ID number is skipped whole; the next run is tried afresh
        (f"编号99{VALID}-{VALID}", [VALID]),
        (f"编号{VALID}{VALID} {VALID_X}", [VALID_X]),
        (f"身份证号：*{VALID} {VALID}", [VALID]),
        ("身份证号：*510902 19900101 8193", []),
    ],
)
def test_id_card_table(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "span"),
    [
        (f"身份证号：{VALID}。", (5, 23)),
        (f"张三（身份证号{VALID_X}）", (7, 25)),
        ("身份证 510902 19900101 8193 另附", (4, 24)),
    ],
)
def test_id_card_spans_index_the_original_text(text: str, span: tuple[int, int]) -> None:
    block = TextBlock(text, "table", 3, "表格1 第2行第3列", page=2)
    (finding,) = DETECTOR.detect(block, halfwidth(text), [])
    assert (finding.start, finding.end) == span
    assert finding.text == text[span[0]:span[1]]
    assert (finding.kind, finding.where, finding.location, finding.page, finding.block_index) == (
        "id_card", "table", "表格1 第2行第3列", 2, 3)


def test_two_ids_in_a_long_block_are_both_found() -> None:
    text = "附件名单：" + "张三" * 500 + VALID + "。" + "李四" * 500 + VALID_X
    assert found(text) == [VALID, VALID_X]
