"""Glyphs taken out by their order in the page's text (review/redact/_pdf_order.py), against measuring them."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from redact_support import PDF_WITH_DATA, labelling_masker

from review.redact._pdf_order import OrderedRedactor
from review.redact._pdf_text import UnsupportedPage
from review.redact._textmask import Replacer
from review.redact.pdf_locate import locate
from review.redact.pdf_writer import PageMarks, redact_pdf
from review.redact.plan import RedactionPlan
from review.redact.policy import Masker
from review.redact.service import redact_file
from review.scanner import Scanner

LABELLING = labelling_masker()


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def _located(path: Path, scanner: Scanner, masker: Masker) -> tuple[Replacer, dict[int, PageMarks]]:
    plan = RedactionPlan.build(scanner.scan(path).personal_data, masker)
    replacer = Replacer(plan.table)
    marks = locate(path, scanner.settings, replacer, plan.labels, [m.finding for m in plan.masked])
    assert marks is not None
    return replacer, marks


def _contents(path: Path) -> list[bytes]:
    with pikepdf.open(path) as pdf:
        return [page.obj.Contents.read_bytes() for page in pdf.pages]


def _ordered(path: Path, marks: PageMarks, number: int = 1) -> list:
    with pikepdf.open(path) as pdf:
        page = pdf.pages[number - 1]
        assert marks.text is not None
        return OrderedRedactor(page.Resources, marks.text, marks.offsets, {}).rewrite(page.obj.Contents.read_bytes())


@pytest.mark.parametrize("masker", [Masker(), LABELLING], ids=["masks", "labels"])
@pytest.mark.parametrize("name", PDF_WITH_DATA)
def test_following_the_order_writes_what_measuring_writes(scanner, sample_dir, tmp_path, name, masker):
    # The same file written twice: as the writer does (in order where it can), and with every page measured.
    path = sample_dir / name
    replacer, marks = _located(path, scanner, masker)
    measured = {number: dataclasses.replace(m, text=None) for number, m in marks.items()}
    first = redact_pdf(path, tmp_path / "ordered.pdf", replacer, marks)
    second = redact_pdf(path, tmp_path / "measured.pdf", replacer, measured)
    assert first == second
    assert _contents(tmp_path / "ordered.pdf") == _contents(tmp_path / "measured.pdf")


@pytest.mark.parametrize("name", [name for name in PDF_WITH_DATA if name.startswith("gongshi_")])
def test_tables_of_personal_data_are_followed_in_order(scanner, sample_dir, name):
    # LibreOffice's 公示 tables: every page's text is spelled by its stream, so no page needs measuring.
    path = sample_dir / name
    _, marks = _located(path, scanner, Masker())
    for number, on_page in marks.items():
        assert _ordered(path, on_page, number), "the masked glyphs are taken out"


def test_text_pdfium_reads_out_of_stream_order_is_measured_instead(scanner, sample_dir, tmp_path):
    # PDFium reads the quotation marks of this notice (another font, drawn on their own) later in the line than
    # the stream draws them: the order cannot be followed, and the writer measures the page.
    path = sample_dir / "tongbao_biaoyang.pdf"
    _, marks = _located(path, scanner, Masker())
    with pytest.raises(UnsupportedPage, match="does not spell"):
        _ordered(path, marks[1])
    result = redact_file(path, tmp_path / "out.pdf", scanner=scanner, findings=scanner.scan(path).personal_data)
    assert result.leak.clean and result.flattened_pages == ()


def _one_font_pdf(path: Path, content: bytes, to_unicode: bool) -> Path:
    with pikepdf.new() as pdf:
        font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
                                  FirstChar=32, LastChar=126, Widths=pikepdf.Array([556] * 95),
                                  Encoding=pikepdf.Name.WinAnsiEncoding)
        if to_unicode:
            font.ToUnicode = pdf.make_stream(b"begincmap 1 begincodespacerange <00> <FF> endcodespacerange "
                                             b"1 beginbfrange <20> <7E> <0020> endbfrange endcmap")
        page = pdf.add_blank_page(page_size=(595, 842))
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.Contents = pdf.make_stream(content)
        pdf.save(path)
    return path


def test_text_drawn_twice_is_removed_twice(scanner, tmp_path):
    # Fake bold: the same line drawn again half a point to the right. PDFium reads it once, so its text no longer
    # matches the stream, the page is measured, and both copies lose the number's middle digits.
    line = b"(Tel 13812345678 ok) Tj ET"
    source = _one_font_pdf(tmp_path / "bold.pdf", b"BT /F1 12 Tf 72 700 Td " + line + b" BT /F1 12 Tf 72.5 700 Td "
                           + line, to_unicode=True)
    _, marks = _located(source, scanner, Masker())
    assert marks[1].text == "Tel13812345678ok"
    with pytest.raises(UnsupportedPage, match="does not spell"):
        _ordered(source, marks[1])
    result = redact_file(source, tmp_path / "out.pdf", scanner=scanner,
                         findings=scanner.scan(source).personal_data)
    assert result.leak.clean
    content = _contents(result.output)[0]
    assert content.count(b"Tel 138".hex().encode()) == 2 and b"1234".hex().encode() not in content


@pytest.mark.parametrize("to_unicode", [True, False], ids=["mapped", "unmapped"])
def test_kerning_keeps_the_rest_of_the_line_in_place(scanner, tmp_path, to_unicode):
    # Character and word spacing, kerning and the " operator: the removed glyphs leave exactly their advance,
    # whether the glyphs were followed in order (a ToUnicode map) or measured (none).
    content = (b"BT /F1 11 Tf 1.5 Tc 2 Tw 14 TL 72 700 Td [(AB ) -120 (13912345678) 50 ( end)] TJ "
               b"3 0.5 (z 13612345678 w) \" ET")
    source = _one_font_pdf(tmp_path / "kern.pdf", content, to_unicode)
    _, marks = _located(source, scanner, Masker())
    if to_unicode:
        assert _ordered(source, marks[1])
    else:
        with pytest.raises(UnsupportedPage, match="ToUnicode"):
            _ordered(source, marks[1])
    result = redact_file(source, tmp_path / "out.pdf", scanner=scanner, findings=scanner.scan(source).personal_data)
    assert result.leak.clean
    before = subprocess.run(["pdftotext", "-bbox", str(source), "-"], capture_output=True, check=True).stdout
    after = subprocess.run(["pdftotext", "-bbox", str(result.output), "-"], capture_output=True, check=True).stdout
    assert _words(after)["end"] == _words(before)["end"] and _words(after)["w"] == _words(before)["w"]


def _words(bbox_html: bytes) -> dict[str, tuple[float, ...]]:
    """Word → its box in pdftotext's -bbox output, to a hundredth of a point (kerning is written to a thousandth
    of an em)."""
    words = {}
    for line in bbox_html.decode().splitlines():
        if "<word " in line:
            attributes, _, rest = line.partition(">")
            box = tuple(round(float(value), 2) for value in re.findall(r'"([0-9.]+)"', attributes))
            words[rest.partition("<")[0]] = box
    return words
