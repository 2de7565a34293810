"""De-identified .pdf output (review/redact/pdf_writer.py): glyphs really removed, the rest of the page in place."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest
from redact_support import OK_PDF, labelling_masker

from review.extractors.pdf import PdfExtractor
from review.model import TextBlock
from review.redact.service import RedactionResult, redact_file
from review.scanner import Scanner
from review.settings import ScanSettings

ID = "510902199902270708"


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


@pytest.fixture(scope="module")
def redacted(tmp_path_factory: pytest.TempPathFactory, scanner: Scanner,
             sample_dir: Path) -> dict[str, RedactionResult]:
    """Every readable .pdf sample redacted once with the default policy."""
    folder = tmp_path_factory.mktemp("redacted_pdf")
    return {name: redact_file(sample_dir / name, folder / name, scanner=scanner) for name in OK_PDF}


def _blocks(path: Path) -> list[TextBlock]:
    with PdfExtractor(path, ScanSettings()) as extractor:
        return list(extractor.blocks())


def _lines(path: Path) -> dict[tuple[int | None, str], list]:
    """(page, line text) → the line's character boxes, for every body line."""
    lines: dict[tuple[int | None, str], list] = {}
    for block in _blocks(path):
        if block.where != "body" or block.boxes is None:
            continue
        start = 0
        for line in block.text.split("\n"):
            lines[(block.page, line)] = list(block.boxes[start:start + len(line)])
            start += len(line) + 1
    return lines


def _pages(path: Path) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


@pytest.mark.parametrize("name", OK_PDF)
def test_no_masked_item_survives_and_pages_stay(redacted, sample_dir, name):
    result = redacted[name]
    assert result.leak.clean, result.leak.survivors
    assert result.flattened_pages == ()
    assert _pages(result.output) == _pages(sample_dir / name)


@pytest.mark.parametrize("name", OK_PDF)
def test_untouched_lines_keep_text_and_place(redacted, sample_dir, name):
    result = redacted[name]
    originals = [m.finding.text for m in result.plan.masked]
    before = _lines(sample_dir / name)
    after = _lines(result.output)
    for (page, text), boxes in before.items():
        if any(o in text for o in originals) or not text.strip():
            continue
        assert (page, text) in after, text
        for old, new in zip(boxes, after[(page, text)], strict=True):
            assert (old is None) == (new is None)
            if old is not None:
                assert all(abs(a - b) < 0.05 for a, b in zip(old, new, strict=True))


def test_masked_glyphs_are_gone_from_the_content_and_boxed(redacted):
    result = redacted["gongshi_dibao.pdf"]
    assert result.pdf is not None and result.pdf.boxes > 0
    text = subprocess.run(["pdftotext", str(result.output), "-"], check=True, capture_output=True).stdout.decode()
    assert ID not in text and "邵玉兰" not in text
    assert "510902" in text and "0708" in text  # the kept ends of the masked ID stay as text
    with pikepdf.open(result.output) as pdf:
        content = pdf.pages[0].Contents.read_bytes()
    assert content.rstrip().endswith(b"/RedactionBox Do Q")  # the opaque boxes, drawn last


def _finding_rect(path: Path, scanner: Scanner, text: str) -> tuple[float, float, float, float]:
    finding = next(f for f in scanner.scan(path).personal_data if f.text == text)
    with pikepdf.open(path) as pdf:
        top = float(pdf.pages[finding.page - 1].mediabox[3])
    x0 = min(b[0] for b in finding.boxes)
    x1 = max(b[2] for b in finding.boxes)
    y_top = min(b[1] for b in finding.boxes)
    bottom = max(b[3] for b in finding.boxes)
    return x0, top - bottom, x1 - x0, bottom - y_top


def test_fake_redaction_is_really_redacted(tmp_path, sample_dir, scanner):
    source = sample_dir / "gongshi_dibao.pdf"
    x, y, w, h = _finding_rect(source, scanner, ID)
    fake = tmp_path / "fake.pdf"
    with pikepdf.open(source) as pdf:
        pdf.pages[0].contents_add(pdf.make_stream(f"q 0 0 0 rg {x} {y} {w} {h} re f Q".encode()))
        pdf.save(fake)
    assert ID in {f.text for f in scanner.scan(fake).personal_data}  # the black box hid nothing
    result = redact_file(fake, tmp_path / "out.pdf", scanner=scanner)
    assert result.leak.clean
    text = subprocess.run(["pdftotext", str(result.output), "-"], check=True, capture_output=True).stdout.decode()
    assert ID not in text


def _first_page_in_a_form(source: Path, target: Path) -> Path:
    """``source`` with its first page's content moved into a form XObject (a page the writer flattens)."""
    with pikepdf.open(source) as pdf:
        page = pdf.pages[0]
        form = pdf.make_stream(page.Contents.read_bytes() if isinstance(page.Contents, pikepdf.Stream)
                               else b"".join(c.read_bytes() for c in page.Contents))
        form.Type, form.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
        form.BBox = page.mediabox
        form.Resources = page.Resources
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fx=form))
        page.Contents = pdf.make_stream(b"/Fx Do")
        pdf.save(target)
    return target


def test_text_in_a_form_xobject_flattens_the_page(tmp_path, sample_dir, scanner):
    source = _first_page_in_a_form(sample_dir / "gongshi_dibao.pdf", tmp_path / "form.pdf")
    result = redact_file(source, tmp_path / "out.pdf", scanner=scanner)
    assert result.flattened_pages == (1,)
    assert result.leak.clean
    assert _pages(result.output) == 2
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(result.output), "-"], check=True,
                          capture_output=True).stdout.decode()
    assert text.strip() == ""  # page 1 is an image now; page 2 keeps its text
    assert "此件公开发布" in subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(result.output), "-"],
                                          check=True, capture_output=True).stdout.decode()


def test_metadata_and_comments_are_cleared(tmp_path, sample_dir, scanner):
    source = tmp_path / "meta.pdf"
    with pikepdf.open(sample_dir / "gongshi_dibao.pdf") as pdf:
        pdf.docinfo["/Author"] = "王小明"
        pdf.docinfo["/Title"] = f"关于邵玉兰（{ID}）的公示"
        with pdf.open_metadata() as meta:
            meta["dc:creator"] = ["王小明"]
        note = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text,
                                  Rect=pikepdf.Array([50, 50, 70, 70]),
                                  Contents=pikepdf.String("请核实：联系人赵德芳，电话13912345678"))
        pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(note)]))
        pdf.save(source)
    assert "13912345678" in {f.text for f in scanner.scan(source).personal_data}
    result = redact_file(source, tmp_path / "out.pdf", scanner=scanner)
    assert result.leak.clean
    assert result.pdf is not None and result.pdf.annotations_removed == 1
    with pikepdf.open(result.output) as pdf:
        assert "/Metadata" not in pdf.Root
        assert "/Author" not in pdf.docinfo
        assert ID not in str(pdf.docinfo.get("/Title", ""))
    assert "王小明".encode("utf-16-be") not in result.output.read_bytes()


def _cid_font_pdf(path: Path, lines: list[str]) -> Path:
    """A PDF whose text is in a Type0 Identity-H font (two-byte glyph codes), as Word's PDF export writes CJK."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    font_file = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font_file.is_file():
        pytest.skip("DejaVu Sans is not installed")
    document = pdfium.PdfDocument.new()
    page = document.new_page(595, 842)
    data = font_file.read_bytes()
    buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = pdfium_c.FPDFText_LoadFont(document.raw, buffer, len(data), pdfium_c.FPDF_FONT_TRUETYPE, 1)
    for number, line in enumerate(lines):
        text = pdfium_c.FPDFPageObj_CreateTextObj(document.raw, font, 12.0)
        wide = ctypes.create_string_buffer((line + "\x00").encode("utf-16-le"))
        pdfium_c.FPDFText_SetText(text, ctypes.cast(wide, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
        pdfium_c.FPDFPageObj_Transform(text, 1, 0, 0, 1, 72, 780 - 24 * number)
        pdfium_c.FPDFPage_InsertObject(page.raw, text)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    document.save(str(path))
    page.close()
    document.close()
    return path


def test_two_byte_cid_font_is_rewritten(tmp_path, scanner):
    lines = ["Contact: 13812345678 (mobile)", f"ID {ID} issued", "Nothing personal here."]
    source = _cid_font_pdf(tmp_path / "cid.pdf", lines)
    with pikepdf.open(source) as pdf:
        assert [str(f.Encoding) for f in pdf.pages[0].Resources.Font.values()] == ["/Identity-H"]
    result = redact_file(source, tmp_path / "out.pdf", scanner=scanner)
    assert result.leak.clean and result.flattened_pages == ()
    text = subprocess.run(["pdftotext", str(result.output), "-"], check=True, capture_output=True).stdout.decode()
    assert "Contact: 138" in text and "5678 (mobile)" in text and "13812345678" not in text
    assert "510902" in text and ID not in text and "Nothing personal here." in text
    before, after = _lines(source), _lines(result.output)
    assert after[(1, "Nothing personal here.")] == before[(1, "Nothing personal here.")]


def _chars(path: Path) -> list[tuple[str, tuple[float, float]]]:
    """Every character PDFium reads on page 1 with its box's left-bottom corner."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(str(path))
    page = document[0]
    text = page.get_textpage()
    out = []
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    for i in range(pdfium_c.FPDFText_CountChars(text.raw)):
        char = chr(pdfium_c.FPDFText_GetUnicode(text.raw, i))
        if char.strip() and pdfium_c.FPDFText_GetCharBox(text.raw, i, left, right, bottom, top):
            out.append((char, (round(left.value, 1), round(bottom.value, 1))))
    text.close()
    page.close()
    document.close()
    return out


def test_text_state_operators_keep_the_rest_in_place(tmp_path, scanner):
    # Character and word spacing, horizontal scaling, kerning in TJ, and the ' and " operators: removing a
    # glyph must move nothing after it.
    content = (b"BT /F1 12 Tf 1.5 Tc 2 Tw 90 Tz 14 TL 72 700 Td (Tel 13812345678 ok) Tj T* "
               b"[(AB ) -120 (13912345678) 50 ( end)] TJ (x 13712345678 y) ' 3 0.5 (z 13612345678 w) \" ET")
    source = tmp_path / "ops.pdf"
    with pikepdf.new() as pdf:
        widths = [500 + (code * 7) % 300 for code in range(32, 127)]
        font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
                                  FirstChar=32, LastChar=126, Widths=pikepdf.Array(widths),
                                  Encoding=pikepdf.Name.WinAnsiEncoding)
        page = pdf.add_blank_page(page_size=(595, 842))
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.Contents = pdf.make_stream(content)
        pdf.save(source)
    result = redact_file(source, tmp_path / "out.pdf", scanner=scanner)
    assert len(result.plan.masked) == 4 and result.leak.clean and result.flattened_pages == ()
    before, after = _chars(source), _chars(result.output)
    assert len(before) - len(after) == 4 * 4  # the four middle digits of each number go
    assert set(after) <= set(before)  # every glyph left is the same glyph in the same place
    kept = "".join(c for c, _ in after)
    assert kept.endswith("w") and "ok" in kept and "end" in kept and "138" in kept and "5678" in kept


def test_bookmark_titles_are_masked(tmp_path, sample_dir, scanner):
    source = tmp_path / "outline.pdf"
    with pikepdf.open(sample_dir / "gongshi_dibao.pdf") as pdf:
        with pdf.open_outline() as outline:
            outline.root.append(pikepdf.OutlineItem(f"邵玉兰 {ID}", 0))
        pdf.save(source)
    result = redact_file(source, tmp_path / "out.pdf", scanner=scanner)
    assert result.leak.clean
    with pikepdf.open(result.output) as pdf, pdf.open_outline() as outline:
        assert [item.title for item in outline.root] == ["邵** 510902********0708"]


def test_given_findings_write_what_a_scan_would(redacted, scanner, sample_dir, tmp_path):
    # The workflow hands over the findings it stored at upload; the writer then finds them in the content streams
    # instead of reading every character's box, and the output reads the same.
    name = next(n for n in OK_PDF if redacted[n].plan.masked)
    findings = scanner.scan(sample_dir / name).personal_data
    result = redact_file(sample_dir / name, tmp_path / "out.pdf", scanner=scanner, findings=findings)
    assert result.leak.clean
    assert result.pdf is not None and redacted[name].pdf is not None
    assert result.pdf.from_streams and not redacted[name].pdf.from_streams
    assert result.pdf.rewritten_pages == redacted[name].pdf.rewritten_pages
    assert result.pdf.flattened_pages == redacted[name].pdf.flattened_pages
    assert [m.replacement for m in result.plan.masked] == [m.replacement for m in redacted[name].plan.masked]
    assert [b.text for b in _blocks(result.output)] == [b.text for b in _blocks(redacted[name].output)]


def test_placeholder_and_pseudonym_are_written_where_the_original_was(sample_dir, tmp_path):
    masker = labelling_masker()
    result = redact_file(sample_dir / "tongzhi_kongge.pdf", tmp_path / "out.pdf", masker)
    assert result.leak.clean
    body = "\n".join(b.text for b in _blocks(result.output) if b.where == "body")
    assert f"联系人：某某，联系电话：{masker.replacement('mobile', '18777039087')}。" in body


def test_placeholder_fills_each_name_cell_of_a_table(scanner, sample_dir, tmp_path):
    source = sample_dir / "gongshi_dibao.pdf"
    names = {f.location for f in scanner.scan(source).personal_data if f.kind == "person_name" and f.where == "table"}
    result = redact_file(source, tmp_path / "out.pdf", labelling_masker(), scanner=scanner)
    assert result.leak.clean and names
    assert {b.location: b.text for b in _blocks(result.output) if b.location in names} == dict.fromkeys(names, "某某")


def test_a_flattened_page_shows_its_labels_over_the_boxes(scanner, sample_dir, tmp_path):
    source = _first_page_in_a_form(sample_dir / "gongshi_dibao.pdf", tmp_path / "form.pdf")
    names = [f.text for f in scanner.scan(source).personal_data if f.kind == "person_name" and f.page == 1]
    result = redact_file(source, tmp_path / "out.pdf", labelling_masker(), scanner=scanner)
    assert result.flattened_pages == (1,) and result.leak.clean and names
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(result.output), "-"], check=True,
                          capture_output=True).stdout.decode()
    assert text.split() == ["某某"] * len(set(names))
