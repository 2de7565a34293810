"""Tables without rulings in real PDFs: LibreOffice's rendering of python-docx tables in the plain table style.

Such a table reaches the PDF as loose lines (a name alone on its line, an ID number wrapped in its narrow cell),
so these tests first make sure the PDF really has no rulings, then that the scan reads it as the table it is.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.table import Table
from office_support import libreoffice_pdfs

from review.detectors.checksums import id_check_digit
from review.extractors._pdf_chars import display_transform
from review.extractors._pdf_rulings import read_edges
from review.extractors.pdf import PdfExtractor
from review.model import ScanReport, TextBlock
from review.redact.service import redact_file
from review.scanner import Scanner
from review.settings import ScanSettings

HEADER = ("序号", "姓名", "身份证号码", "家庭住址", "联系电话")
LONG_ROWS = 45  # runs over two page breaks; the header is not repeated
FORM_NAME = "郑小明"


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str
    address: str
    mobile: str


@dataclass(frozen=True)
class Aligned:
    pdf: Path
    short: tuple[Person, ...]
    long: tuple[Person, ...]


def _people(rng: random.Random, count: int) -> tuple[Person, ...]:
    people = []
    for _ in range(count):
        born = f"{rng.randint(1950, 1999)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        first17 = f"371312{born}{rng.randint(0, 999):03d}"
        name = rng.choice("王李张刘陈杨赵黄") + "".join(rng.choices("伟芳娜敏静丽强磊军洋", k=rng.randint(1, 2)))
        people.append(Person(name,
                             first17 + id_check_digit(first17),
                             f"河东区汤河镇大官庄村{rng.randint(1, 12)}组{rng.randint(1, 99)}号",
                             f"13{rng.randint(3, 9)}{rng.randint(10_000_000, 99_999_999)}"))
    return tuple(people)


def _fill(table: Table, people: tuple[Person, ...]) -> None:
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    for number, person in enumerate(people, 1):
        row = table.add_row()
        # Rows kept whole: a row split by a page break is a case of its own (README, "Known gaps").
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        values = (str(number), person.name, person.id_number, person.address, person.mobile)
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text


@pytest.fixture(scope="session")
def aligned(tmp_path_factory: pytest.TempPathFactory) -> Aligned:
    """A short table between two paragraphs, a form line with values, then a long table over two page breaks."""
    folder = tmp_path_factory.mktemp("aligned")
    rng = random.Random(11)
    short, long = _people(rng, 6), _people(rng, LONG_ROWS)
    document = Document()
    document.add_paragraph("关于2026年临时救助对象的公示")
    document.add_paragraph("经个人申请、村居评议、镇街审核，现将救助对象公示如下。")
    _fill(document.add_table(rows=1, cols=len(HEADER)), short)
    document.add_paragraph("公示期间如有异议，请向镇民政办反映。")
    form = document.add_table(rows=2, cols=4)
    for row, texts in zip(form.rows, [("申请人", FORM_NAME, "邮编", "276000"), ("住址", "河东区汤河镇", "", "")],
                          strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _fill(document.add_table(rows=1, cols=len(HEADER)), long)
    document.add_paragraph("以上名单如有遗漏，以镇街复核结果为准。")
    path = folder / "aligned.docx"
    document.save(str(path))
    (pdf,) = libreoffice_pdfs([path], folder)
    return Aligned(pdf, short, long)


@pytest.fixture(scope="session")
def blocks(aligned: Aligned) -> list[TextBlock]:
    with PdfExtractor(aligned.pdf, ScanSettings()) as extractor:
        return list(extractor.blocks())


@pytest.fixture(scope="session")
def report(aligned: Aligned) -> ScanReport:
    return Scanner().scan(aligned.pdf)


def test_the_pdf_has_no_rulings_and_the_tables_run_over_page_breaks(aligned: Aligned, blocks: list[TextBlock]) -> None:
    with pdfium.PdfDocument(aligned.pdf) as document:
        assert len(document) >= 3
        for page in document:
            assert read_edges(page, display_transform(page)[0]) == []
    long_pages = {b.page for b in blocks if b.where == "table" and b.text in {p.name for p in aligned.long}}
    assert len(long_pages) >= 3


def test_wrapped_id_numbers_are_found_whole_in_their_cells(aligned: Aligned, report: ScanReport) -> None:
    found = {f.text: f for f in report.personal_data if f.kind == "id_card"}
    people = aligned.short + aligned.long
    assert set(found) == {p.id_number for p in people}
    assert {f.where for f in found.values()} == {"table"}


def test_every_cell_of_the_name_column_is_a_name(aligned: Aligned, report: ScanReport, blocks: list[TextBlock]) -> None:
    names = [b.text for b in blocks if b.where == "table" and b.column_header == "姓名"]
    assert names == [p.name for p in aligned.short + aligned.long]
    found = {f.text for f in report.personal_data if f.kind == "person_name" and f.where == "table"}
    assert found == {*names, FORM_NAME}  # the form's name is found by its label (see below)


def test_wrapped_addresses_and_mobiles_are_found_whole(aligned: Aligned, report: ScanReport) -> None:
    people = aligned.short + aligned.long
    addresses = [f.text for f in report.personal_data if f.kind == "address"]
    assert sorted(addresses) == sorted(p.address for p in people)
    mobiles = {f.text for f in report.personal_data if f.kind == "mobile" and f.where == "table"}
    assert mobiles == {p.mobile for p in people}


def test_continued_pages_keep_the_header_and_number_their_tables(blocks: list[TextBlock]) -> None:
    form = next(b.location for b in blocks if b.text == FORM_NAME).split()[1]
    cells = [b for b in blocks if b.where == "table" and not (b.page == 1 and b.location.split()[1] == form)]
    by_page = {page: [b for b in cells if b.page == page] for page in {b.page for b in cells}}
    for page, page_cells in by_page.items():
        headers = {b.column_header for b in page_cells} - {None}
        assert headers == set(HEADER), page
    # Page 1's list is 表格1 (the form 表格2); the long table is 表格3 on its first page and a table of its own on
    # each later page.
    assert {b.location.split()[1] for b in by_page[1]} == {"表格1"}
    assert all(b.location.startswith(f"第{b.page}页 表格") for b in cells)


def test_prose_around_a_table_stays_text(aligned: Aligned, blocks: list[TextBlock]) -> None:
    body = next(b for b in blocks if b.where == "body" and b.page == 1)
    assert "现将救助对象公示如下。" in body.text
    assert "公示期间如有异议，请向镇民政办反映。" in body.text
    assert not any(p.name in body.text or p.mobile in body.text for p in aligned.short)
    last = next(b for b in blocks if b.where == "body" and b.page == max(b.page or 0 for b in blocks))
    assert "以上名单如有遗漏，以镇街复核结果为准。" in last.text


def test_a_form_is_read_as_a_table_whose_labels_name_their_values(blocks: list[TextBlock],
                                                                  report: ScanReport) -> None:
    """申请人 | 郑小明 | 邮编 | 276000: no colon stands after the label, the cell to the left says what the value is."""
    (cell,) = [b for b in blocks if b.where == "table" and b.text == FORM_NAME]
    assert cell.row_label == "申请人"
    assert [f.location for f in report.personal_data if f.text == FORM_NAME] == [cell.location]
    # A township alone is a place name, not someone's address.
    assert not any("汤河镇" == f.text for f in report.personal_data)


def test_redaction_leaves_no_table_datum(aligned: Aligned, report: ScanReport, tmp_path: Path) -> None:
    out = tmp_path / "redacted.pdf"
    result = redact_file(aligned.pdf, out, findings=report.personal_data)
    assert result.leak.clean, result.leak.survivors
    with pdfium.PdfDocument(out) as document:
        text = "".join(page.get_textpage().get_text_range() for page in document).replace("\r\n", "")
    for person in aligned.short + aligned.long:
        assert person.id_number not in text and person.mobile not in text and person.address not in text
