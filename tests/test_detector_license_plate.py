"""LicensePlateDetector: province + letter + optional ·/space + 5 characters (last may be 挂/学/警), new-energy 6."""

from __future__ import annotations

import pytest

from review.detectors.license_plate import LicensePlateDetector
from review.model import TextBlock
from review.settings import ScanSettings
from review.text import halfwidth

DETECTOR = LicensePlateDetector(ScanSettings())


def found(text: str) -> list[str]:
    block = TextBlock(text, "body", 0, "正文第1段")
    return [finding.text for finding in DETECTOR.detect(block, halfwidth(text), [])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # positives
        ("车牌号：川A12345。", ["川A12345"]),
        ("川A12345", ["川A12345"]),
        ("鲁Q·A1234", ["鲁Q·A1234"]),
        ("车辆 京B 8K123 违停", ["京B 8K123"]),
        ("粤B1234学", ["粤B1234学"]),
        ("京A1234警", ["京A1234警"]),
        ("鲁Q1234挂", ["鲁Q1234挂"]),
        ("车牌：沪Ｃ１２３４５", ["沪Ｃ１２３４５"]),
        ("车牌：川Ａ　１２３４５", ["川Ａ　１２３４５"]),
        ("新能源车 沪AD12345、苏E12345F", ["沪AD12345", "苏E12345F"]),
        ("蒙A12345，藏B12345", ["蒙A12345", "藏B12345"]),
        # negatives: I and O are never used
        ("川A1234O", []),
        ("川I12345", []),
        # negatives: wrong lengths or glued to letters and digits
        ("川A1234", []),
        ("川A123456", []),
        ("川A12345B", []),
        ("X川A12345", []),
        ("川a12345", []),
        # negatives: masked or all letters
        ("川A***45", []),
        ("川A123××", []),
        ("川A12345*", []),
        ("川AXXXXX", []),
        # negatives: no province abbreviation
        ("省A12345", []),
        ("编号A12345", []),
        ("川府发〔2026〕12号", []),
    ],
)
def test_license_plate_table(text: str, expected: list[str]) -> None:
    assert found(text) == expected


def test_license_plate_span_starts_at_the_province() -> None:
    text = "肇事车辆（川Ａ·１２３４５）已扣押"
    block = TextBlock(text, "body", 0, "正文第1段")
    (finding,) = DETECTOR.detect(block, halfwidth(text), [])
    assert (finding.kind, finding.start, finding.end) == ("license_plate", 5, 13)
    assert finding.text == "川Ａ·１２３４５"
