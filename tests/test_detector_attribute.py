"""公开属性 markings: the bracket and label forms of the guideline, nothing in prose, only where a reader sees it."""

from __future__ import annotations

import time

import pytest

from review.detectors.attribute import AttributeDetector
from review.model import AttributeResult, TextBlock, Where
from review.settings import ScanSettings
from review.text import halfwidth

DETECTOR = AttributeDetector(ScanSettings())


def markings(text: str, where: Where = "body") -> list[tuple[str, str]]:
    """(value, marking) for each marking found in one block."""
    block = TextBlock(text, where, 0, "正文第9段")
    return [(m.value, m.marking) for m in DETECTOR.find(block, halfwidth(text))]


@pytest.mark.parametrize(("text", "expected"), [
    ("（此件公开发布）", [("主动公开", "（此件公开发布）")]),
    ("（此件主动公开）", [("主动公开", "（此件主动公开）")]),
    ("（此件依申请公开）", [("依申请公开", "（此件依申请公开）")]),
    ("（此件可依申请公开）", [("依申请公开", "（此件可依申请公开）")]),
    ("（此件不予公开）", [("不予公开", "（此件不予公开）")]),
    ("（此件不公开）", [("不予公开", "（此件不公开）")]),
    # half-width and mixed brackets, spaces inside (half-width and ideographic)
    ("(此件公开发布)", [("主动公开", "(此件公开发布)")]),
    ("（此件公开发布)", [("主动公开", "（此件公开发布)")]),
    ("( 此件 公开发布 )", [("主动公开", "( 此件 公开发布 )")]),
    ("（此件　依申请　公开）", [("依申请公开", "（此件　依申请　公开）")]),
    # glued to the end of a date or signature line, the marking alone is reported
    ("2026年3月1日（此件公开发布）", [("主动公开", "（此件公开发布）")]),
    ("河东区人民政府办公室　　2018年9月20日（此件不予公开）", [("不予公开", "（此件不予公开）")]),
])
def test_bracket_forms(text: str, expected: list[tuple[str, str]]) -> None:
    assert markings(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("公开属性：主动公开", [("主动公开", "公开属性：主动公开")]),
    ("公开方式: 依申请公开", [("依申请公开", "公开方式: 依申请公开")]),
    ("信息公开选项：不予公开", [("不予公开", "信息公开选项：不予公开")]),
    ("信息公开选项：不公开", [("不予公开", "信息公开选项：不公开")]),
    ("公开属性 ： 不予公开", [("不予公开", "公开属性 ： 不予公开")]),
    ("公开属性：主动公开。", [("主动公开", "公开属性：主动公开")]),
    ("抄送：区委办公室。　公开方式：主动公开", [("主动公开", "公开方式：主动公开")]),
])
def test_label_forms(text: str, expected: list[tuple[str, str]]) -> None:
    assert markings(text) == expected


@pytest.mark.parametrize("text", [
    "编制主动公开基本目录",
    "依申请公开工作规范",
    "做好依申请公开工作，提高主动公开质量",
    "此件公开发布",
    "公开方式：主动公开与依申请公开相结合",
    "公开属性：□主动公开 □依申请公开 □不予公开",
    "（此件经区政府同意）",
    "（公开发布）",
])
def test_prose_is_not_a_marking(text: str) -> None:
    assert markings(text) == []


@pytest.mark.parametrize("where", ["body", "table", "header", "footer", "textbox"])
def test_reported_where_a_reader_sees_it(where: Where) -> None:
    assert markings("（此件公开发布）", where) == [("主动公开", "（此件公开发布）")]


@pytest.mark.parametrize("where", ["comment", "footnote", "metadata", "tracked_deletion"])
def test_not_reported_where_a_reader_does_not(where: Where) -> None:
    assert markings("（此件公开发布）", where) == []


def test_two_values_in_one_document_conflict() -> None:
    found = DETECTOR.find(TextBlock("（此件公开发布）", "body", 3, "正文第4段"), "(此件公开发布)")
    found += DETECTOR.find(TextBlock("公开属性：不予公开", "table", 0, "表格1 第1行第1列"), "公开属性:不予公开")
    result = AttributeResult.from_markings(found)
    assert result.conflict is True
    assert result.value is None


def test_marking_keeps_block_location() -> None:
    block = TextBlock("（此件公开发布）", "footer", 2, "页脚 第1节", page=None)
    (marking,) = DETECTOR.find(block, halfwidth(block.text))
    assert (marking.where, marking.location, marking.page) == ("footer", "页脚 第1节", None)


def test_long_hostile_input_finishes_fast() -> None:
    text = "（此件" + "　" * 100_000 + "公开属性" * 20_000 + "（此件公开发布）" * 5_000
    started = time.monotonic()
    assert len(markings(text)) == 5_000
    assert time.monotonic() - started < 5
