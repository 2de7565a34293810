"""MobileDetector: 1[3-9]X XXXX XXXX with an optional +86 / 86 / 0086 prefix inside the span."""

from __future__ import annotations

import pytest

from review.detectors.mobile import MobileDetector
from review.model import TextBlock
from review.settings import ScanSettings
from review.text import halfwidth

DETECTOR = MobileDetector(ScanSettings())


def found(text: str) -> list[str]:
    block = TextBlock(text, "body", 0, "正文第1段")
    return [finding.text for finding in DETECTOR.detect(block, halfwidth(text), [])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # positives
        ("联系电话：13812345678。", ["13812345678"]),
        ("13812345678", ["13812345678"]),
        ("张三 19912345678，李四 16612345678", ["19912345678", "16612345678"]),
        ("手机：１３８１２３４５６７８", ["１３８１２３４５６７８"]),
        # 3-4-4 groups with one kind of separator
        ("手机 138 1234 5678", ["138 1234 5678"]),
        ("手机 138-1234-5678", ["138-1234-5678"]),
        ("手机 １３８－１２３４－５６７８", ["１３８－１２３４－５６７８"]),
        ("手机 １３８　１２３４　５６７８", ["１３８　１２３４　５６７８"]),
        # country prefixes belong to the span
        ("手机 +8613812345678", ["+8613812345678"]),
        ("手机 +86 138 1234 5678", ["+86 138 1234 5678"]),
        ("手机 +86-13812345678", ["+86-13812345678"]),
        ("手机 8613812345678", ["8613812345678"]),
        ("手机 0086 13812345678", ["0086 13812345678"]),
        ("手机 0086-138-1234-5678", ["0086-138-1234-5678"]),
        ("手机 ＋８６　１３８１２３４５６７８", ["＋８６　１３８１２３４５６７８"]),
        # a prefix glued to a letter, a digit or another plus is not a prefix; the number still is a number
        ("手机 ++86 13812345678", ["13812345678"]),
        ("手机 x0086 13812345678", ["13812345678"]),
        ("手机 786 13812345678", ["13812345678"]),
        ("手机 86 -13812345678", ["13812345678"]),
        ("+8613812345678", ["+8613812345678"]),
        # brackets around the prefix stay outside the span
        ("手机（+86）13812345678", ["13812345678"]),
        # negatives: glued to other digits or letters
        ("编号013812345678", []),
        ("编号138123456789", []),
        ("订单号A13812345678", []),
        ("订单号13812345678B", []),
        ("编号5513812345678", []),
        # negatives: masked
        ("手机：138****5678", []),
        ("手机：138××××5678", []),
        ("手机：*13812345678", []),
        ("手机：13812345678*", []),
        # negatives: not a mobile number
        ("咨询电话12345，投诉电话12369，报警110", []),
        ("编号12345678901", []),
        ("编号10812345678", []),
        ("手机 138  1234 5678", []),
        ("手机 1381 234 5678", []),
        ("2026年3月1日，川府发〔2026〕12号", []),
    ],
)
def test_mobile_table(text: str, expected: list[str]) -> None:
    assert found(text) == expected


def test_mobile_span_indexes_the_original_text() -> None:
    text = "联系人：张三，电话＋８６ １３８１２３４５６７８。"
    block = TextBlock(text, "body", 0, "正文第1段")
    (finding,) = DETECTOR.detect(block, halfwidth(text), [])
    assert (finding.kind, finding.start, finding.end) == ("mobile", 9, 24)
    assert finding.text == "＋８６ １３８１２３４５６７８"
