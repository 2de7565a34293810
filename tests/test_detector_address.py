"""Residential addresses: label values and house-number-level addresses; never an organisation's address."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review.detectors import address
from review.detectors.address import AddressDetector
from review.errors import ScanIncomplete
from review.model import TextBlock, Where
from review.settings import ScanSettings
from review.text import halfwidth

DETECTOR = AddressDetector(ScanSettings())


def addresses(text: str, where: Where = "body", header: str | None = None, label: str | None = None) -> list[str]:
    """Run the detector on one block and return the reported texts, checking each span indexes the original."""
    block = TextBlock(text, where, 0, "正文第1段", column_header=header, row_label=label)
    findings = DETECTOR.detect(block, halfwidth(text), [])
    for finding in findings:
        assert finding.kind == "address"
        assert block.text[finding.start:finding.end] == finding.text
    return [finding.text for finding in findings]


@pytest.mark.parametrize(("text", "expected"), [
    ("住址：四川省南充市顺庆区人民路12号，电话：13812345678", ["四川省南充市顺庆区人民路12号"]),
    ("家庭住址：临沂市兰山区金雀山路10号。", ["临沂市兰山区金雀山路10号"]),
    # a value that stops at the township (what a masked address keeps) is a place name, not someone's address
    ("现住址:临沂市河东区九曲街道", []),
    ("户籍地址：山东省临沂市河东区汤头街道", []),
    ("户籍所在地：山东省临沂市河东区；", []),
    ("居住地：临沂市河东区凤凰岭街道、", []),
    ("居住地：临沂市河东区凤凰岭街道东关村、", ["临沂市河东区凤凰岭街道东关村"]),
    ("家住河东区汤头街道张家村三组。", ["河东区汤头街道张家村三组"]),
    ("住  址：河东区八湖镇王庄村十二组  电话：13812345678", ["河东区八湖镇王庄村十二组"]),
    ("住址：临沂市河东区人民大街100号电话：13812345678", ["临沂市河东区人民大街100号"]),
    ("家庭地址：临沂市兰山区金雀山路10号", ["临沂市兰山区金雀山路10号"]),
    # the next field starts after a single space: the value stops before the number (which another detector owns)
    ("住址：临沂市河东区人民大街100号 13812345678", ["临沂市河东区人民大街100号"]),
    ("住址：临沂市河东区人民大街100号 邮编 276000", ["临沂市河东区人民大街100号"]),
    ("现住址：临沂市河东区人民大街100号联系电话13812345678", ["临沂市河东区人民大街100号"]),
    # full-width digits and colon: the finding keeps the original characters
    ("住址：临沂市河东区人民大街１００号", ["临沂市河东区人民大街１００号"]),
    # placeholders and prose are not addresses
    ("住址：同上", []),
    ("住址：略", []),
    ("住址：无", []),
    ("住址：***", []),
    ("住所：临沂市河东区九曲街道沂河路与凤凰大街交汇处东100米", ["临沂市河东区九曲街道沂河路与凤凰大街交汇处东100米"]),
    ("他家住得很远", []),
])
def test_after_residence_labels(text: str, expected: list[str]) -> None:
    assert addresses(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("张三住在南充市顺庆区人民路12号3栋2单元501室。", ["南充市顺庆区人民路12号3栋2单元501室"]),
    ("经查，当事人位于临沂市河东区人民大街100号的住所", ["临沂市河东区人民大街100号"]),
    ("临沂市河东区八湖镇王庄村十二组15号", ["临沂市河东区八湖镇王庄村十二组15号"]),
    ("南充市顺庆区青居镇李家村3社", ["南充市顺庆区青居镇李家村3社"]),
    ("河东区汤头街道西村第三村民小组", ["河东区汤头街道西村第三村民小组"]),
    ("阳光小区3栋2单元501室", ["阳光小区3栋2单元501室"]),
    ("河东区滨河社区12号楼", ["河东区滨河社区12号楼"]),
    ("南充市人民中路二段12号附3号", ["南充市人民中路二段12号附3号"]),
    ("临沂市解放大道十二号", ["临沂市解放大道十二号"]),
    ("兰山区金雀山路10号阳光花园3栋501室", ["兰山区金雀山路10号阳光花园3栋501室"]),
    ("北京市东城区东四十条胡同5号", ["北京市东城区东四十条胡同5号"]),
    ("人民路１２号", ["人民路１２号"]),
    ("人民路12号3-2-501室", ["人民路12号3-2-501室"]),
    ("张三家住人民路12号0539-8123456", ["人民路12号"]),
    # bare place names and numbers that are not house numbers
    ("河东区", []),
    ("张家村", []),
    ("河东区、张家村", []),
    ("各镇人民政府、街道办事处", []),
    ("临东政办发〔2018〕94号", []),
    ("第三组负责落实", []),
    ("人民路改造工程", []),
])
def test_house_number_level(text: str, expected: list[str]) -> None:
    assert addresses(text) == expected


@pytest.mark.parametrize("text", [
    "办公地址：临沂市河东区人民大街100号",
    "单位地址：临沂市河东区人民大街100号",
    "受理地点：临沂市河东区人民大街100号政务服务大厅",
    "办理地点：河东区凤凰大街300号",
    "地址：临沂市河东区人民大街100号　邮编：276000",
    "联系地址：临沂市河东区人民大街100号",
    "通讯地址：临沂市河东区人民大街100号",
    # labels padded with spaces
    "地 址:临沂市河东区人民大街100号区民政局社区治理科",
    "联 系 地 址:临沂市河东区人民大街100号区民政局",
    "办  公  地  址：临沂市河东区人民大街100号",
])
def test_organisation_addresses_are_left_alone(text: str) -> None:
    assert addresses(text, where="footer") == []
    assert addresses(text, where="table") == []


@pytest.mark.parametrize("text", [
    "当事人：张三，男，地址：临沂市河东区人民大街100号",
    "当事人：张三，男，地 址：临沂市河东区人民大街100号",
])
def test_bare_address_label_about_a_person_counts(text: str) -> None:
    assert addresses(text) == ["临沂市河东区人民大街100号"]


@pytest.mark.parametrize(("cell", "header", "expected"), [
    ("临沂市河东区八湖镇王庄村", "住址", ["临沂市河东区八湖镇王庄村"]),
    ("  临沂市兰山区金雀山路10号 ", "家庭住址", ["临沂市兰山区金雀山路10号"]),
    ("河东区汤头街道", "户籍地址：", []),
    ("河东区汤河镇", "家庭住址", []),
    ("河东区汤河镇大官庄村*****", "家庭住址", []),  # already masked: what is left is kept on purpose
    ("同上", "住址", []),
    ("临沂市河东区", "单位", []),
    ("临沂市河东区人民大街100号", "单位", ["临沂市河东区人民大街100号"]),
])
def test_residence_columns(cell: str, header: str, expected: list[str]) -> None:
    assert addresses(cell, where="table", header=header) == expected


@pytest.mark.parametrize(("cell", "label", "expected"), [
    # a form laid out as a table (住址 | …): a value with a numbered unit
    ("临沂市兰山区金雀山路10号", "住址", ["临沂市兰山区金雀山路10号"]),
    ("和平里5号", "家庭住址：", ["和平里5号"]),
    ("和平里5号", "单位", []),  # no street word: only its label makes it an address
    # a list's header row: the next field's label has unit characters but no number before them
    ("手机号码", "家庭住址", []),
    ("门牌号", "住址", []),
    ("月保障金（元）", "家庭住址", []),
    ("所在村", "户籍地址", []),
])
def test_residence_labels_in_forms(cell: str, label: str, expected: list[str]) -> None:
    assert addresses(cell, where="table", label=label) == expected


def test_label_value_is_bounded() -> None:
    value = "临沂市河东区人民路" + "一" * 200
    (found,) = addresses("住址：" + value)
    assert len(found) <= AddressDetector.MAX_VALUE


def test_label_and_shape_do_not_double_report() -> None:
    assert addresses("现住址：临沂市河东区人民大街100号") == ["临沂市河东区人民大街100号"]


@pytest.mark.parametrize("text", [
    "市" * 60_000,
    "人民路" * 20_000,
    "住址：" + "南" * 60_000,
    "村" * 60_000,
    "1号" * 30_000,
])
def test_long_hostile_input_finishes_fast(text: str) -> None:
    started = time.monotonic()
    addresses(text)
    assert time.monotonic() - started < 5


def test_many_labelled_addresses_do_not_run_out_the_regex_clock() -> None:
    # regression: checking each match inside the regex iteration counted against its time limit, and comparing
    # every shape match with every label value was quadratic; 10 000 labels raised ScanIncomplete
    text = "住址：人民路1号，" * 10_000 + "人民路1号，" * 10_000
    assert len(addresses(text)) == 20_000


def test_time_limit_fails_closed() -> None:
    detector = AddressDetector(ScanSettings(regex_timeout_seconds=1e-9))
    text = "住址：临沂市河东区人民大街100号，" * 20_000
    block = TextBlock(text, "body", 0, "正文第1段")
    with pytest.raises(ScanIncomplete):
        detector.detect(block, halfwidth(text), [])


def test_max_match_is_the_longest_text_the_shape_pattern_can_match() -> None:
    # The shape pattern runs only within MAX_MATCH of a numbered unit, so MAX_MATCH must not be shorter than
    # any address it can match. re's parser measures a pattern's width; it lacks the regex package's set
    # difference, so the place class (one character either way) is swapped for a plain one.
    pattern = AddressDetector.ADDRESS_PATTERN.pattern.replace(address._PLACE, "[a]")
    assert re._parser.parse(pattern).getwidth()[1] == AddressDetector.MAX_MATCH  # type: ignore[attr-defined]


# Address words, numbers, the words before an address, and line breaks, in runs long enough to pass MAX_MATCH.
SHAPE_PIECES = [
    "河东区", "临沂市", "汤河镇", "人民路", "大街", "张家村", "阳光小区", "社区", "花园", "12号", "3组", "二队", "5社",
    "号楼", "2单元", "301室", "A座", "8栋", "3层", "村民小组", "第", "附", "-", "1", "住在", "位于", "的", "，",
    " ", "\n", "号", "组", "单元", "楼", "街道", "自治州", "小", "区", "南", "北",
]


@given(st.lists(st.sampled_from(SHAPE_PIECES), max_size=160))
def test_shape_search_near_units_finds_what_a_search_of_the_whole_text_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    whole = [match.span() for match in AddressDetector.ADDRESS_PATTERN.finditer(text)]
    assert DETECTOR.shape_spans(text) == whole


def test_shape_search_reaches_an_address_far_along_a_long_line() -> None:
    # A line longer than two windows: the address near its end must be found whole, with its admin units.
    text = "说明。" * 200 + "临沂市河东区人民路12号3单元301室" + "。情况" * 200
    assert DETECTOR.shape_spans(text) == [(600, 600 + len("临沂市河东区人民路12号3单元301室"))]
