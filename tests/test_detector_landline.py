"""LandlineDetector: area code (010, 02X, 0XXX, optionally bracketed) + separator + 7-8 digit local number."""

from __future__ import annotations

import pytest

from review.detectors.base import Batch
from review.detectors.landline import LandlineDetector
from review.model import TextBlock
from review.settings import ScanSettings
from review.text import halfwidth

DETECTOR = LandlineDetector(ScanSettings())


def found(text: str) -> list[str]:
    block = TextBlock(text, "body", 0, "正文第1段")
    return [finding.text for finding in DETECTOR.detect(block, halfwidth(text), [])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # positives: the area code forms
        ("联系电话：028-85123456。", ["028-85123456"]),
        ("电话：010-65521234", ["010-65521234"]),
        ("电话：0539-8123456", ["0539-8123456"]),
        ("电话：0755 23456789", ["0755 23456789"]),
        ("电话：(028)85123456", ["(028)85123456"]),
        ("电话：（０２８）８５１２３４５６", ["（０２８）８５１２３４５６"]),
        ("电话：(0539) 8123456", ["(0539) 8123456"]),
        ("电话：(010) 6552 1234", ["(010) 6552 1234"]),
        # a bracket that is not closed is not part of the number; one after a digit makes it part of a code
        ("电话：(010-65521234", ["010-65521234"]),
        ("编号1(010)65521234", []),
        ("电话：０５３９－８１２３４５６", ["０５３９－８１２３４５６"]),
        # local numbers written in two groups
        ("电话：010-6552 1234", ["010-6552 1234"]),
        ("电话：0539-812-3456", ["0539-812-3456"]),
        # an extension follows the span but is not part of it
        ("电话：028-85123456转123", ["028-85123456"]),
        ("电话：028-85123456-123", ["028-85123456"]),
        ("电话：028-85123456（传真）、0539-8123456", ["028-85123456", "0539-8123456"]),
        # a comma before more digits lists numbers; only a thousands group after a comma means money
        ("电话：0931-5551234,0931-5551235", ["0931-5551234", "0931-5551235"]),
        # later numbers of a list may share the first one's area code; each has the first one's length
        ("联系电话:(0931)5551234,5551235(兼传真)。", ["(0931)5551234", "5551235"]),
        ("电话：（０９３１）５５５１２３４，５５５１２３５", ["（０９３１）５５５１２３４", "５５５１２３５"]),
        ("电话：0931-5551234、5551235、5551236", ["0931-5551234", "5551235", "5551236"]),
        ("电话：010-65551234/65551235", ["010-65551234", "65551235"]),
        ("电话：010-65551234, 65551235转8", ["010-65551234", "65551235"]),
        ("电话：0931-5551234,55512356", ["0931-5551234"]),
        ("电话：0931-5551234,1555123", ["0931-5551234"]),
        ("电话：0931-5551234,5551235元", ["0931-5551234"]),
        ("电话：0931-5551234,5551235.5", ["0931-5551234"]),
        ("电话：0931-5551234,5551***", ["0931-5551234"]),
        ("电话：0931-5551234,5551235*", ["0931-5551234"]),
        ("电话：0931-5551234转8,5551235", ["0931-5551234"]),
        ("电话：0931-5551234，13812345678", ["0931-5551234"]),
        ("合计 0539 2345678,000元", []),
        ("合计 0539 2345678,000", []),
        # an em or en dash after the area code
        ("举报电话:010—65551234", ["010—65551234"]),
        ("举报电话:010–65551234", ["010–65551234"]),
        ("2020年8月28日—9月1日", []),
        # negatives: hotlines and service numbers
        ("咨询电话12345，投诉电话12369，报警110，急救120", []),
        ("服务热线：400-820-8820", []),
        ("服务热线：800-810-8888", []),
        ("服务热线：4008208820", []),
        ("市民热线：0539-12345", []),
        # negatives: postal codes, dates, 发文字号, money
        ("邮政编码：276000", []),
        ("邮编 030001 地址", []),
        ("邮编：010020 2345678", []),
        ("2026-03-01", []),
        ("2026年03月01日", []),
        ("川府发〔2026〕12号", []),
        ("临政办发〔2018〕0203号", []),
        ("金额：1,234,567.00元", []),
        ("合计 0539 2345678元", []),
        ("增长 0.2345678%", []),
        # negatives: no separator, bad area code, local number starting with 0 or 1
        ("电话02885123456", []),
        ("电话：011-85123456", []),
        ("电话：0539-1234567", []),
        ("电话：0539-0234567", []),
        ("电话：0539-812345", []),
        ("电话：0539-812345678", []),
        # negatives: glued to digits or masked
        ("编号10539-8123456", []),
        ("卡号6222-0312-3456-7894", []),
        ("卡号6222 0312 3456 7894", []),
        ("电话：0539-8123****", []),
        ("电话：0539-****456", []),
        ("电话：0539-8123456*", []),
        ("电话：*0539-8123456", []),
    ],
)
def test_landline_table(text: str, expected: list[str]) -> None:
    assert found(text) == expected


def test_landline_span_indexes_the_original_text() -> None:
    text = "办公电话：（０５３９）８１２３４５６转８"
    block = TextBlock(text, "body", 0, "正文第1段")
    (finding,) = DETECTOR.detect(block, halfwidth(text), [])
    assert (finding.kind, finding.start, finding.end) == ("landline", 5, 18)
    assert finding.text == "（０５３９）８１２３４５６"


def test_a_number_sharing_an_area_code_is_found_in_its_own_block_of_a_batch() -> None:
    blocks = [TextBlock(text, "table", i, f"表格1 第{i + 1}行") for i, text in enumerate(
        ["(0931)5551234", "5551235", "电话：0931-5551234，5551235"])]
    found_by_block = DETECTOR.detect_batch(Batch.of(blocks), {})
    assert {number: [(f.start, f.end) for f in held] for number, held in found_by_block.items()} == {
        0: [(0, 13)], 2: [(3, 15), (16, 23)]}


def test_a_bracketed_number_in_a_batch_starts_at_its_bracket() -> None:
    # The pattern hunts for the area code's 0 and gives the bracket back to the span.
    blocks = [TextBlock(text, "table", i, f"表格1 第{i + 1}行") for i, text in enumerate(
        ["(028)85123456", "电话：（０５３９）８１２３４５６", "028-85123456"])]
    found_by_block = DETECTOR.detect_batch(Batch.of(blocks), {})
    assert {number: [(f.start, f.end, f.text) for f in held] for number, held in found_by_block.items()} == {
        0: [(0, 13, "(028)85123456")], 1: [(3, 16, "（０５３９）８１２３４５６")], 2: [(0, 12, "028-85123456")]}
