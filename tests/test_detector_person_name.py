"""Person names: name columns, name labels, 同志, names beside numbers, author metadata; never bare words or masks."""

from __future__ import annotations

import time

import pytest

from review.detectors.person_name import PersonNameDetector
from review.errors import ScanIncomplete
from review.model import Finding, Kind, TextBlock, Where
from review.settings import ScanSettings
from review.text import halfwidth

DETECTOR = PersonNameDetector(ScanSettings())
ID_NUMBER = "11010519491231002X"  # the GB 11643 worked example


def names(
    text: str,
    where: Where = "body",
    header: str | None = None,
    location: str = "正文第1段",
    numbers: tuple[tuple[Kind, str], ...] = (),
    label: str | None = None,
) -> list[str]:
    """Run the detector; ``numbers`` become the earlier detectors' findings, as the scanner would pass them."""
    block = TextBlock(text, where, 0, location, column_header=header, row_label=label)
    prior = []
    for kind, number in numbers:
        start = text.index(number)
        prior.append(Finding.in_block(kind, block, start, start + len(number)))
    findings = DETECTOR.detect(block, halfwidth(text), prior)
    for finding in findings:
        assert finding.kind == "person_name"
        assert block.text[finding.start:finding.end] == finding.text
    return [finding.text for finding in findings]


@pytest.mark.parametrize(("text", "expected"), [
    ("当事人：张三", ["张三"]),
    ("法定代表人: 李四", ["李四"]),
    ("联系人：王五，电话：0539-8123456", ["王五"]),
    ("联系人：王五电话：0539-8123456", ["王五"]),
    ("姓  名：张三　性别：男", ["张三"]),
    ("户主姓名：欧阳明", ["欧阳明"]),
    ("被申请人：上官婉儿", ["上官婉儿"]),
    ("申请人：张三、李四", ["张三", "李四"]),
    ("举报人：王小明，系本村村民", ["王小明"]),
    ("当事人：张三系某公司员工", ["张三"]),
    ("联系人：阿依古丽·买买提", ["阿依古丽·买买提"]),
    ("经办人 ： 赵六", ["赵六"]),
    ("收款人：钱七；持卡人：孙八", ["钱七", "孙八"]),
    # roles in enforcement and case files (a 行政处罚决定书 written outside the sample set)
    ("经营者：孙建国", ["孙建国"]),
    ("询问笔录（被询问人：孙建国）等证据", ["孙建国"]),
    ("委托代理人：周立", ["周立"]),
    ("开户名：钱多多", ["钱多多"]),
    # a bracketed qualifier before the colon, and 法人代表 (government notices found in a trial)
    ("法定代表人(负责人):赵德明", ["赵德明"]),
    ("法定代表人（负责人）：赵德明", ["赵德明"]),
    ("法人代表(负责人):   孙丽华", ["孙丽华"]),
    ("法人代表：孙丽华", ["孙丽华"]),
    ("法定代表人(负责人):局长", []),
    # a two-character name padded with one space keeps the space in its span
    ("联系人:周建国、王 五", ["周建国", "王 五"]),
    ("联系人：王　五", ["王　五"]),
    ("姓名：王 五　性别：男", ["王 五"]),
    ("联系人：张三 李四", ["张三"]),
    ("联系人：王 某", []),
    # not a name after the label
    ("联系人：李科长", []),
    ("负责人：局长", []),
    ("负责人：办公室主任", []),
    ("申请人：无", []),
    ("申请人：略", []),
    ("当事人：同上", []),
    ("申请人：本人", []),
    ("申请人：临沂市河东区人民政府", []),
    ("申请人：某某公司", []),
    # masked names are never reported
    ("当事人：张*", []),
    ("当事人：李**", []),
    ("当事人：王某", []),
    ("当事人：张某某", []),
    ("当事人：张××", []),
    # a label without a colon is prose
    ("请当事人张三到场", []),
])
def test_after_name_labels(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("张三同志", ["张三"]),
    ("经研究，任命王小明同志为办公室主任。", ["王小明"]),
    ("聘任张三同志为科长", ["张三"]),
    ("向张三同志学习", ["张三"]),
    ("主席张三同志讲话", ["张三"]),
    ("诸葛孔明同志", ["诸葛孔明"]),
    ("免去张三、李四、欧阳明同志的职务", ["张三", "李四", "欧阳明"]),
    ("阿依古丽·买买提同志", ["阿依古丽·买买提"]),
    ("全体同志", []),
    ("各位同志", []),
    ("广大同志", []),
    ("有关同志", []),
    ("相关同志", []),
    ("青年同志", []),
    ("老同志", []),
    ("女同志", []),
    ("男同志", []),
    ("党员同志", []),
    ("干部同志", []),
    ("广大党员干部同志", []),
    ("请各位同志们准时参会", []),
    ("张某某同志", []),
    ("王某同志", []),
    ("李**同志", []),
    ("欧阳同志", []),
    ("同志们", []),
])
def test_before_comrade(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(("text", "numbers", "expected"), [
    (f"张三，身份证号：{ID_NUMBER}", (("id_card", ID_NUMBER),), ["张三"]),
    (f"张三（身份证号码：{ID_NUMBER}）", (("id_card", ID_NUMBER),), ["张三"]),
    (f"张三公民身份号码{ID_NUMBER}", (("id_card", ID_NUMBER),), ["张三"]),
    ("张三 13812345678", (("mobile", "13812345678"),), ["张三"]),
    ("联系人李四，手机：13812345678", (("mobile", "13812345678"),), ["李四"]),
    ("甲方张三 13812345678", (("mobile", "13812345678"),), ["张三"]),
    ("王五 0539-8123456", (("landline", "0539-8123456"),), ["王五"]),
    ("张三 13812345678、李四 13987654321",
     (("mobile", "13812345678"), ("mobile", "13987654321")), ["张三", "李四"]),
    # full-width digits and an ideographic space: the finding keeps the original characters
    ("张三　１３８１２３４５６７８", (("mobile", "１３８１２３４５６７８"),), ["张三"]),
    ("咨询电话：0539-8123456", (("landline", "0539-8123456"),), []),
    ("办公室电话：0539-8123456", (("landline", "0539-8123456"),), []),
    ("刘老师 13812345678", (("mobile", "13812345678"),), []),
    ("张先生 13812345678", (("mobile", "13812345678"),), []),
    ("沈阳 024-12345678", (("landline", "024-12345678"),), []),
    ("李** 13812345678", (("mobile", "13812345678"),), []),
    # only ID and telephone findings count; an e-mail address beside a word does not make a name
    ("张三 zhangsan@example.com", (("email", "zhangsan@example.com"),), []),
    # the name must be right there: a name earlier in the sentence is not beside the number
    ("请与王五联系，电话13812345678", (("mobile", "13812345678"),), []),
    # no finding, no name: bare pairs of characters are never reported
    ("张三 来电", (), []),
])
def test_beside_numbers(text: str, numbers: tuple[tuple[Kind, str], ...], expected: list[str]) -> None:
    assert names(text, numbers=numbers) == expected


@pytest.mark.parametrize(("cell", "header", "expected"), [
    ("张三", "姓名", ["张三"]),
    ("张  三", "姓  名", ["张  三"]),
    ("王小明", "姓　名", ["王小明"]),
    ("张三、李四", "户主姓名", ["张三", "李四"]),
    ("张三 李四", "户主", ["张三", "李四"]),
    ("欧阳明", "联系人", ["欧阳明"]),
    ("赵六", "申请人姓名", ["赵六"]),
    ("阿依古丽·买买提", "当事人", ["阿依古丽·买买提"]),
    ("李四", "法定代表人：", ["李四"]),
    ("同上", "姓名", []),
    ("王**", "姓名", []),
    ("王某", "姓名", []),
    ("姓名", "姓名", []),
    ("临沂市河东区人民政府", "申请人", []),
    ("张三", "单位", []),
    ("张三", None, []),
])
def test_name_columns(cell: str, header: str | None, expected: list[str]) -> None:
    assert names(cell, where="table", header=header, location="表格1 第2行第1列") == expected


@pytest.mark.parametrize(("cell", "label", "header", "expected"), [
    # a form laid out as a table: the cell to the left is the value's label
    ("张小明", "申请人", None, ["张小明"]),
    ("李大伟", "代理人", "张小明", ["李大伟"]),
    ("王小红", "姓  名", None, ["王小红"]),
    ("赵六", "法定代表人：", None, ["赵六"]),
    # a role word in a form's label column is not a name, whatever column it stands in
    ("代理人", None, "申请人", []),
    ("委托代理人", "13812345678", "申请人", []),
    # a list's header row: the label right of 姓名 is the next field, not a value
    *((field, "姓名", None, []) for field in ("性别", "民族", "任职时间", "毕业时间", "宗教信仰", "荣誉称号", "简历",
                                              "成立日期", "班级", "成绩", "费用", "房屋坐落", "车型", "任免")),
    ("张三", "单位", None, []),
    ("张三", "1", None, []),
])
def test_form_labels(cell: str, label: str | None, header: str | None, expected: list[str]) -> None:
    assert names(cell, where="table", header=header, label=label, location="表格1 第1行第2列") == expected


def test_name_column_only_counts_in_tables() -> None:
    assert names("张三", where="body", header="姓名") == []


@pytest.mark.parametrize(("value", "location", "expected"), [
    ("张三", "文档属性：作者", ["张三"]),
    (" 王小明 ", "文档属性：最后修改者", ["王小明"]),
    ("李四", "文档属性 Author", ["李四"]),
    ("赵六", "core.xml lastModifiedBy", ["赵六"]),
    ("Administrator", "文档属性：作者", []),
    ("办公室", "文档属性：作者", []),
    ("微软用户", "文档属性：作者", []),
    ("张三", "文档属性：标题", []),
    ("王五", "文档属性：创建程序", []),
])
def test_author_metadata(value: str, location: str, expected: list[str]) -> None:
    assert names(value, where="metadata", location=location) == expected


@pytest.mark.parametrize(("candidate", "expected"), [
    ("张三", True), ("王小明", True), ("欧阳明", True), ("上官婉儿", True), ("司马相如", True),
    ("阿依古丽·买买提", True), ("热合曼·阿不都拉", True),
    ("局长", False), ("主任", False), ("科长", False), ("本人", False), ("申请人", False), ("无", False),
    ("略", False), ("暂无", False), ("同上", False), ("张*", False), ("李**", False), ("王某", False),
    ("张某某", False), ("张家村", False), ("临沂市", False), ("沈阳", False), ("全体", False), ("李科长", False),
    ("欧阳", False), ("张三丰李四", False), ("Tom", False), ("张", False), ("·买买提", False),
    ("代理人", False), ("监护人", False), ("第三人", False),
])
def test_is_name(candidate: str, expected: bool) -> None:
    assert DETECTOR.is_name(candidate) is expected


def test_surname_list_loaded_once() -> None:
    other = PersonNameDetector(ScanSettings())
    assert other.surnames is DETECTOR.surnames
    assert {"王", "李", "欧阳", "诸葛", "司马", "上官"} <= other.surnames


def test_overlapping_rules_report_one_span() -> None:
    # the label rule and the number rule both find 张三; it is reported once
    assert names("联系人：张三 13812345678", numbers=(("mobile", "13812345678"),)) == ["张三"]


def test_long_hostile_input_finishes_fast() -> None:
    text = "张" * 50_000 + "同志" + "姓名：" * 10_000 + "李" * 50_000
    started = time.monotonic()
    names(text, where="table", header="姓名")
    assert time.monotonic() - started < 5


def test_many_names_do_not_run_out_the_regex_clock() -> None:
    # checking candidates is Python work done after matching, so it does not count against the regex limit
    detector = PersonNameDetector(ScanSettings(regex_timeout_seconds=0.5))
    text = "张三同志，" * 20_000 + "当事人：李四，" * 20_000
    block = TextBlock(text, "body", 0, "正文第1段")
    assert len(detector.detect(block, halfwidth(text), [])) == 40_000


def test_time_limit_fails_closed() -> None:
    detector = PersonNameDetector(ScanSettings(regex_timeout_seconds=1e-9))
    text = "当事人：张三，" * 20_000
    block = TextBlock(text, "body", 0, "正文第1段")
    with pytest.raises(ScanIncomplete):
        detector.detect(block, halfwidth(text), [])
