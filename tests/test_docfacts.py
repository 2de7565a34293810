"""文号 and 成文日期 read from the text for the catalogue: the document's own lines count, citations do not."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from review.docfacts import FactsFinder
from review.model import DocumentFacts, TextBlock, Where
from review.scanner import Scanner
from review.text import halfwidth

SAMPLES = Path(__file__).resolve().parents[1] / "sample_docs" / "files"


def facts_of(*lines: str, where: Where = "body") -> DocumentFacts:
    finder = FactsFinder()
    for number, line in enumerate(lines):
        finder.see(TextBlock(line, where, number, f"第{number + 1}段"), halfwidth(line))
    return finder.facts()


@pytest.mark.parametrize(("lines", "number"), [
    (["临沂市河东区人民政府文件", "临东政发〔2018〕5号"], "临东政发〔2018〕5号"),
    (["临东政办字［2026］23号"], "临东政办字［2026］23号"),
    (["临东政办字 〔2026〕 23 号"], "临东政办字〔2026〕23号"),
    (["临东政发〔2018〕5号          签发人：王某"], "临东政发〔2018〕5号"),
    (["标题\n临东民发(2026)3号\n各镇人民政府："], "临东民发(2026)3号"),
    (["根据《关于全面推进政务公开工作的意见》（国办发〔2016〕8号）要求，制定本方案。"], None),
    (["附件：临东政发〔2018〕5号文件的说明材料和有关情况的汇报共十二页及其他材料"], None),
    (["第2026号"], None),
])
def test_doc_number_is_the_line_of_its_own(lines: list[str], number: str | None) -> None:
    assert facts_of(*lines).doc_number == number


@pytest.mark.parametrize(("lines", "written_on"), [
    (["临沂市河东区人民政府", "2018年3月1日"], date(2018, 3, 1)),
    (["2026年2月18日（此件公开发布）"], date(2026, 2, 18)),
    (["２０２６年２月１８日"], date(2026, 2, 18)),
    (["2021年 9月 27日"], date(2021, 9, 27)),
    (["临沂市河东区人民政府    2018年3月1日"], date(2018, 3, 1)),
    (["二〇一八年三月十二日"], date(2018, 3, 12)),
    (["二○二六年十一月二十四日"], date(2026, 11, 24)),
    (["2026年2月30日"], None),
    (["会议定于2026年3月1日召开，请各单位按时参加。"], None),
    (["第一段", "2026年3月4日", "附件", "2026年5月6日"], date(2026, 3, 4)),
])
def test_written_on_is_the_first_date_line(lines: list[str], written_on: date | None) -> None:
    assert facts_of(*lines).written_on == written_on


def test_tables_and_metadata_are_not_the_document_line() -> None:
    assert facts_of("临东政发〔2018〕5号", "2018年3月1日", where="table") == DocumentFacts()
    assert facts_of("2018年3月1日", where="header").written_on is None


@pytest.mark.parametrize("name", ["chufa_gongkai_ban", "tongzhi_yemei", "xingzheng_chufa_geren", "huiyi_jiyao"])
def test_docx_and_pdf_give_the_same_facts(name: str) -> None:
    scanner = Scanner()
    from_docx = scanner.scan(SAMPLES / f"{name}.docx").facts
    from_pdf = scanner.scan(SAMPLES / f"{name}.pdf").facts
    assert from_docx == from_pdf
    assert from_docx.written_on is not None


def test_sample_notice_facts() -> None:
    facts = Scanner().scan(SAMPLES / "chufa_gongkai_ban.docx").facts
    assert facts == DocumentFacts("临东城管罚〔2026〕3号", date(2026, 2, 18))
