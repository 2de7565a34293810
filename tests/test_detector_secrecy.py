"""Secrecy markings: a short marking line at the head of the document; prose about 密级 or 保密 never counts."""

from __future__ import annotations

import time

import pytest

from review.detectors.secrecy import SecrecyDetector
from review.model import TextBlock, Where
from review.settings import ScanSettings
from review.text import halfwidth

DETECTOR = SecrecyDetector(ScanSettings())


def secrecy(text: str, where: Where = "body", index: int = 0, location: str = "正文第1段",
            page: int | None = None, pdf: bool = False) -> str | None:
    """The marking text found in one block, or None. A PDF block carries a box per character (None for breaks)."""
    boxes = tuple(None if ch == "\n" else (0.0, 0.0, 1.0, 1.0) for ch in text) if pdf else None
    block = TextBlock(text, where, index, location, page=page, boxes=boxes)
    found = DETECTOR.find(block, halfwidth(text))
    if found is None:
        return None
    assert (found.where, found.location, found.page) == (where, location, page)
    return found.marking


@pytest.mark.parametrize(("text", "expected"), [
    ("绝密★长期", "绝密★长期"),
    ("机密★5年", "机密★5年"),
    ("秘密★1年", "秘密★1年"),
    ("秘密★一年", "秘密★一年"),
    ("机密★6个月", "机密★6个月"),
    ("秘密", "秘密"),
    ("机密★", "机密★"),
    ("机密 ★ 10年", "机密 ★ 10年"),
    ("秘密*1年", "秘密*1年"),
    ("秘密＊１年", "秘密＊１年"),
    ("绝密☆长期", "绝密☆长期"),
    ("内部资料", "内部资料"),
    ("注意保密", "注意保密"),
    ("内部使用", "内部使用"),
    ("内部资料 请勿外传", "内部资料 请勿外传"),
    ("内部资料，注意保存", "内部资料，注意保存"),
    # the 份号 before the marking is not part of it
    ("000001 机密★1年", "机密★1年"),
    ("０００１２３　秘密★５年", "秘密★５年"),
    ("  机密★1年  ", "机密★1年"),
    ("机密★1年　特急", "机密★1年"),
])
def test_marking_lines(text: str, expected: str) -> None:
    assert secrecy(text) == expected


@pytest.mark.parametrize("text", [
    "本文件不涉密",
    "密级：无",
    "涉密人员",
    "保密审查",
    "秘密文件",
    "机密★1年的文件应当妥善保管",
    "按照保密规定，不得泄露国家秘密",
    "000001",
    "1234567 机密★1年",
    "内部资料汇编",
    "秘密　" + "文" * 40,
])
def test_prose_is_not_a_marking(text: str) -> None:
    assert secrecy(text) is None


@pytest.mark.parametrize(("where", "index", "location", "page", "expected"), [
    ("body", 0, "正文第1段", None, "机密★1年"),
    ("body", 0, "正文第1段", 1, "机密★1年"),
    ("body", 5, "正文第6段", 1, "机密★1年"),
    ("body", 6, "正文第7段", 1, None),
    ("table", 2, "表格1 第1行第3列", 1, "机密★1年"),
    ("table", 6, "表格1 第3行第1列", 1, None),
    # a table's cells are numbered from 0 wherever it stands: the 版记 table on a later page is not the head
    ("table", 0, "表格1 第1行第1列", 3, None),
    ("header", 0, "第1节 首页页眉", None, "机密★1年"),
    ("header", 1, "第1节 页眉", None, "机密★1年"),
    ("header", 0, "页眉", None, "机密★1年"),
    ("header", 2, "第2节 页眉", None, None),
    ("header", 2, "第2节 首页页眉", None, None),
    ("header", 1, "第1节 偶数页页眉", None, None),
    ("footer", 0, "第1节 页脚", None, None),
    ("footnote", 0, "脚注1", None, None),
    ("comment", 0, "批注1", None, None),
    ("textbox", 0, "文本框1", 1, None),
])
def test_only_the_head_of_a_docx(where: Where, index: int, location: str, page: int | None,
                                 expected: str | None) -> None:
    assert secrecy("机密★1年", where, index, location, page) == expected


PDF_PAGE = "000001\n机密★1年\n特急\n\n临沂市河东区人民政府办公室文件\n临东政办发〔2018〕94号\n关于……的通知"


def test_pdf_page_one_head_lines() -> None:
    assert secrecy(PDF_PAGE, "body", 0, "第1页", page=1, pdf=True) == "机密★1年"


def test_pdf_other_pages_do_not_count() -> None:
    assert secrecy(PDF_PAGE, "body", 1, "第2页", page=2, pdf=True) is None


def test_pdf_marking_past_the_sixth_line_does_not_count() -> None:
    page = "\n".join(["第一行", "第二行", "", "第三行", "第四行", "第五行", "第六行", "秘密"])
    assert secrecy(page, "body", 0, "第1页", page=1, pdf=True) is None
    page = "\n".join(["第一行", "第二行", "", "第三行", "第四行", "第五行", "秘密", "第七行"])
    assert secrecy(page, "body", 0, "第1页", page=1, pdf=True) == "秘密"


def test_pdf_table_cells_do_not_count() -> None:
    assert secrecy("秘密", "table", 0, "第1页 表格1 第1行第1列", page=1, pdf=True) is None


def test_docx_paragraph_on_page_one_is_not_a_pdf_page() -> None:
    # a .docx block knows its estimated page but is one paragraph: the 6-block limit still applies
    assert secrecy("秘密", "body", 9, "正文第10段", page=1) is None


def test_pdf_marking_keeps_original_characters() -> None:
    page = "０００００１　机密★５年\n标题"
    assert secrecy(page, "body", 0, "第1页", page=1, pdf=True) == "机密★５年"


def test_long_hostile_input_finishes_fast() -> None:
    text = ("秘密" + " " * 1_000) * 100 + "\n" + "机密★" * 50_000
    started = time.monotonic()
    assert secrecy(text, "body", 0, "第1页", page=1, pdf=True) is None
    assert time.monotonic() - started < 5
