"""Forms laid out as tables (申请人 | 张三 | 性别 | 男): each value is known by the label in the cell to its left.

Random forms, written as real .docx files and scanned whole: every name right of a person label is found, wherever
the row stands (the first row too), and no label is ever reported, whatever column it stands in.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from review.scanner import Scanner

PERSON_LABELS = ("申请人", "委托代理人", "法定代表人", "联系人", "姓名", "被处罚人", "监护人", "代理人")
# Other fields of such forms, each with a value that is nobody's personal data.
OTHER_FIELDS = (("性别", "女"), ("民族", "汉族"), ("许可事项", "食品经营许可"), ("工作单位", "河东区人民医院"),
                ("职业", "个体经营"), ("申请日期", "2026年3月2日"))
SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = "伟芳娜敏静丽强磊军洋艳杰涛超秀"

_names = st.builds(lambda surname, given: surname + given, st.sampled_from(SURNAMES),
                   st.text(GIVEN, min_size=1, max_size=2))
_field = st.one_of(st.tuples(st.sampled_from(PERSON_LABELS), _names), st.sampled_from(OTHER_FIELDS))
_forms = st.lists(st.lists(_field, min_size=1, max_size=3), min_size=1, max_size=5)

SCANNER = Scanner()


def _scan_form(rows: list[list[tuple[str, str]]]) -> list[tuple[str, str, str]]:
    document = Document()
    document.add_paragraph("准予行政许可决定书")
    table = document.add_table(rows=len(rows), cols=2 * max(len(row) for row in rows))
    table.style = document.styles["Table Grid"]
    for cells, fields in zip(table.rows, rows, strict=True):
        for k, (label, value) in enumerate(fields):
            cells.cells[2 * k].text = label
            cells.cells[2 * k + 1].text = value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "form.docx"
        document.save(str(path))
        report = SCANNER.scan(path)
    return [(f.kind, f.text, f.where) for f in report.personal_data]


@settings(max_examples=40)
@given(rows=_forms)
def test_every_name_right_of_a_person_label_is_found_and_no_label_is(rows: list[list[tuple[str, str]]]) -> None:
    found = _scan_form(rows)
    names = {value for row in rows for label, value in row if label in PERSON_LABELS}
    assert {text for kind, text, _ in found if kind == "person_name"} == names
    assert {where for _, _, where in found} <= {"table"}
    assert not any(kind != "person_name" for kind, _, _ in found)
