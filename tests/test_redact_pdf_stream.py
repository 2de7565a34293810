"""Glyphs found by reading the content streams themselves (review/redact/stream_locate.py, _pdf_stream.py), against
PDFium's reading and measuring them."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from redact_support import PDF_WITH_DATA, labelling_masker

from review.redact._textmask import Replacer
from review.redact.pdf_locate import locate
from review.redact.pdf_writer import PageMarks, redact_pdf
from review.redact.plan import RedactionPlan
from review.redact.policy import Masker
from review.redact.service import redact_file
from review.redact.stream_locate import locate_in_streams
from review.scanner import Scanner

LABELLING = labelling_masker()
_BOX_OPS = re.compile(rb"q [^\n]* cm /RedactionBox\S* Do Q\n")


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def _plan(path: Path, scanner: Scanner, masker: Masker) -> tuple[RedactionPlan, Replacer]:
    plan = RedactionPlan.build(scanner.scan(path).personal_data, masker)
    return plan, Replacer(plan.table)


def _both(path: Path, scanner: Scanner, masker: Masker) -> tuple[Replacer, dict[int, PageMarks] | None,
                                                                   dict[int, PageMarks]]:
    """The marks read from the streams (None: not followed) and from PDFium's text."""
    plan, replacer = _plan(path, scanner, masker)
    masked = [m.finding for m in plan.masked]
    pdfium = locate(path, scanner.settings, replacer, plan.labels, masked)
    assert pdfium is not None
    return replacer, locate_in_streams(path, replacer, plan.labels, masked), pdfium


def _contents(path: Path) -> list[bytes]:
    with pikepdf.open(path) as pdf:
        return [page.obj.Contents.read_bytes() for page in pdf.pages]


@pytest.mark.parametrize("name", PDF_WITH_DATA)
def test_reading_the_streams_takes_out_the_glyphs_measuring_takes_out(scanner, sample_dir, tmp_path, name):
    # The same file written twice: from the streams' reading, and from PDFium's with every glyph measured. The boxes
    # are worked out differently (the font's height against PDFium's outline boxes); the text left is the same.
    path = sample_dir / name
    replacer, streams, pdfium = _both(path, scanner, Masker())
    if streams is None:
        pytest.skip(f"{name}: its streams cannot be followed (PDFium's reading is used, as tested elsewhere)")
    assert streams.keys() == pdfium.keys()
    first = redact_pdf(path, tmp_path / "streams.pdf", replacer, streams)
    second = redact_pdf(path, tmp_path / "measured.pdf", replacer, pdfium)
    assert first.rewritten_pages == second.rewritten_pages and first.flattened_pages == second.flattened_pages
    assert ([_BOX_OPS.sub(b"", c) for c in _contents(tmp_path / "streams.pdf")]
            == [_BOX_OPS.sub(b"", c) for c in _contents(tmp_path / "measured.pdf")])


@pytest.mark.parametrize("name", [name for name in PDF_WITH_DATA if name.startswith("gongshi_")])
def test_the_boxes_cover_every_masked_glyph_where_pdfium_places_it(scanner, sample_dir, name):
    # LibreOffice's 公示 tables: every page's stream is followed, and each character PDFium boxes for masking has
    # its centre inside a box worked out from the stream.
    _, streams, pdfium = _both(sample_dir / name, scanner, Masker())
    assert streams is not None
    for number, marks in pdfium.items():
        covers = streams[number].boxes
        for x0, top, x1, bottom in marks.boxes:
            x, y = (x0 + x1) / 2, (top + bottom) / 2
            assert any(a - 0.5 <= x <= c + 0.5 and b - 0.5 <= y <= d + 0.5 for a, b, c, d in covers), (number, x, y)


@pytest.mark.parametrize("masker", [Masker(), LABELLING], ids=["masks", "labels"])
@pytest.mark.parametrize("name", PDF_WITH_DATA)
def test_redaction_from_stored_findings_leaks_nothing(scanner, sample_dir, tmp_path, name, masker):
    path = sample_dir / name
    result = redact_file(path, tmp_path / "out.pdf", masker=masker, scanner=scanner,
                         findings=scanner.scan(path).personal_data)
    assert result.leak.clean
    assert result.pdf is not None
    if name.startswith("gongshi_"):  # LibreOffice's tables: the streams are followed, PDFium is not asked
        assert result.pdf.from_streams
    if masker is LABELLING and result.plan.labels:
        text = subprocess.run(["pdftotext", str(result.output), "-"], capture_output=True, check=True).stdout.decode()
        assert any(label in text for label in result.plan.labels)


def test_text_pdfium_reads_out_of_stream_order_is_still_masked(scanner, sample_dir, tmp_path):
    # PDFium reads the quotation marks of this notice (another font, drawn on their own) later in the line than
    # the stream draws them; the search in the stream's own order still finds every datum.
    path = sample_dir / "tongbao_biaoyang.pdf"
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


def test_a_finding_the_stream_does_not_spell_is_found_in_pdfiums_reading(scanner, tmp_path):
    # The second number is drawn in two pieces over one another: PDFium reads them interleaved, a datum of its own
    # the scan found, which the stream's order does not spell. The whole file is then read with PDFium.
    source = _one_font_pdf(tmp_path / "overlap.pdf", b"BT /F1 12 Tf 72 700 Td (Tel 13812345678 ok) Tj ET "
                           b"BT /F1 12 Tf 72 650 Td (1381234) Tj 0 0 Td (5678) Tj ET", to_unicode=True)
    findings = scanner.scan(source).personal_data
    assert len(findings) == 2
    result = redact_file(source, tmp_path / "out.pdf", scanner=scanner, findings=findings)
    assert result.leak.clean and result.pdf is not None and not result.pdf.from_streams


def test_text_drawn_twice_is_removed_twice(scanner, tmp_path):
    # Fake bold: the same line drawn again half a point to the right. PDFium reads it once; the stream shows it
    # twice, and both copies lose the number's middle digits.
    line = b"(Tel 13812345678 ok) Tj ET"
    source = _one_font_pdf(tmp_path / "bold.pdf", b"BT /F1 12 Tf 72 700 Td " + line + b" BT /F1 12 Tf 72.5 700 Td "
                           + line, to_unicode=True)
    result = redact_file(source, tmp_path / "out.pdf", scanner=scanner,
                         findings=scanner.scan(source).personal_data)
    assert result.leak.clean and result.pdf is not None and result.pdf.from_streams
    content = _contents(result.output)[0]
    assert content.count(b"Tel 138".hex().encode()) == 2 and b"1234".hex().encode() not in content


@pytest.mark.parametrize("to_unicode", [True, False], ids=["mapped", "unmapped"])
def test_kerning_keeps_the_rest_of_the_line_in_place(scanner, tmp_path, to_unicode):
    # Character and word spacing, kerning and the " operator: the removed glyphs leave exactly their advance,
    # whether the glyphs were found in the stream (a ToUnicode map) or measured (none: PDFium's reading is used).
    content = (b"BT /F1 11 Tf 1.5 Tc 2 Tw 14 TL 72 700 Td [(AB ) -120 (13912345678) 50 ( end)] TJ "
               b"3 0.5 (z 13612345678 w) \" ET")
    source = _one_font_pdf(tmp_path / "kern.pdf", content, to_unicode)
    result = redact_file(source, tmp_path / "out.pdf", scanner=scanner, findings=scanner.scan(source).personal_data)
    assert result.leak.clean and result.pdf is not None and result.pdf.from_streams == to_unicode
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
