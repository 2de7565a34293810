"""PdfExtractor on real PDFs made by LibreOffice from python-docx documents (built once per session)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pypdfium2 as pdfium
import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt
from office_support import libreoffice_pdfs
from PIL import Image

from review.errors import EncryptedFile, RejectedFile, ReviewError, UnreadableFile
from review.extractors import pdf as pdf_module
from review.extractors._pdf_layout import Margins, join_lines
from review.extractors._pdf_lines import Line, assemble_rows
from review.extractors.pdf import PdfExtractor
from review.model import Box, Status, TextBlock
from review.settings import ScanSettings

ID_HALF = "110105194912310021"
ID_FULL = ID_HALF.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
LEAD = "为进一步做好春季安全生产工作，现将有关事项通知如下。经查，当事人王小明的身份证号码为"
NAMES = ["张三", "李四", "欧阳娜娜", "王五"]
LONG_TABLE_ROWS = 70  # enough to run over a page break without a repeated header row


@dataclass(frozen=True)
class Pdfs:
    """The PDFs every test reads; made once per session."""

    main: Path
    pages: int
    wrap_leads: tuple[str, ...]


def _set_cjk_font(document: DocxDocument) -> None:
    style = document.styles["Normal"]
    style.font.size = Pt(14)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    # Digits and CJK from different fonts, as in most 公文.
    fonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    fonts.set(qn("w:ascii"), "Liberation Serif")
    fonts.set(qn("w:hAnsi"), "Liberation Serif")


def _build_docx(path: Path) -> tuple[str, ...]:
    document = Document()
    _set_cjk_font(document)
    document.add_paragraph("机密★长期")
    document.add_paragraph("关于做好2026年春季安全生产工作的通知")
    document.add_paragraph("各乡镇人民政府，各街道办事处：")
    # The same full-width ID after leads of growing length: LibreOffice breaks full-width digits anywhere, so
    # some of these put part of the number on the next line.
    leads = tuple(LEAD[: 8 + 3 * k] for k in range(6))
    for lead in leads:
        document.add_paragraph(lead + ID_FULL + "，请各单位认真核实，并于三月底前报送。")
    table = document.add_table(rows=1 + len(NAMES), cols=3)
    table.style = "Table Grid"
    for r, row in enumerate([("序号", "姓名", "联系电话"), *[(str(i + 1), n, f"1391234567{i}") for i, n in
                                                      enumerate(NAMES)]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("联系人：赵六，电话：0571-88886666")
    document.add_paragraph("2026年3月1日（此件公开发布）")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    long_table = document.add_table(rows=1 + LONG_TABLE_ROWS, cols=3)
    long_table.style = "Table Grid"
    for c, value in enumerate(("序号", "姓名", "备注")):
        long_table.cell(0, c).text = value
    for r in range(1, LONG_TABLE_ROWS + 1):
        for c, value in enumerate((str(r), f"钱{'一二三四五六七八九十'[r % 10]}", "无")):
            long_table.cell(r, c).text = value
    document.core_properties.author = "王小明"
    document.core_properties.title = "春季安全生产通知"
    document.save(str(path))
    return leads


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> Pdfs:
    """A LibreOffice PDF: CJK text, wrapped full-width IDs, a 姓名 table and a name table over a page break."""
    folder = tmp_path_factory.mktemp("pdf")
    leads = _build_docx(folder / "main.docx")
    (main,) = libreoffice_pdfs([folder / "main.docx"], folder)
    with pdfium.PdfDocument(main) as document:
        pages = len(document)
    return Pdfs(main, pages, leads)


def _blocks(path: Path, settings: ScanSettings | None = None) -> tuple[list[TextBlock], list[int]]:
    with PdfExtractor(path, settings or ScanSettings()) as extractor:
        blocks = list(extractor.blocks())
    return blocks, extractor.ocr_pages


@pytest.fixture(scope="session")
def main_blocks(pdfs: Pdfs) -> list[TextBlock]:
    blocks, ocr_pages = _blocks(pdfs.main)
    assert ocr_pages == []
    return blocks


def _raw_page_text(path: Path, page: int) -> str:
    with pdfium.PdfDocument(path) as document:
        textpage = document[page - 1].get_textpage()
        return str(textpage.get_text_range())


# --- text and layout -------------------------------------------------------------------------------------------

def test_one_body_block_per_page_with_page_location(pdfs: Pdfs, main_blocks: list[TextBlock]) -> None:
    body = [b for b in main_blocks if b.where == "body"]
    assert [b.page for b in body] == list(range(1, pdfs.pages + 1))
    assert [b.index for b in body] == list(range(pdfs.pages))
    assert [b.location for b in body] == [f"第{n}页" for n in range(1, pdfs.pages + 1)]


def test_every_block_has_one_box_per_character(main_blocks: list[TextBlock]) -> None:
    for block in main_blocks:
        if block.where == "metadata":
            assert block.boxes is None
            continue
        assert block.boxes is not None and len(block.boxes) == len(block.text), block.location
        for ch, box in zip(block.text, block.boxes, strict=True):
            if ch == "\n":
                assert box is None
            elif box is not None:
                x0, top, x1, bottom = box
                assert 0 <= x0 <= x1 <= 612 and 0 <= top <= bottom <= 842


def test_short_lines_stay_lines_and_layout_spaces_are_dropped(main_blocks: list[TextBlock]) -> None:
    first = main_blocks[0].text
    # PDFium reports "机密★1 年" and "2026 年": the gap between a digit and a CJK character is typesetting.
    assert first.startswith("机密★长期\n关于做好2026年春季安全生产工作的通知\n各乡镇人民政府，各街道办事处：\n")
    assert "2026年3月1日（此件公开发布）" in first.split("\n")


def test_number_wrapped_over_two_lines_is_joined(pdfs: Pdfs, main_blocks: list[TextBlock]) -> None:
    raw = _raw_page_text(pdfs.main, 1)
    split = [k for k in range(1, len(ID_FULL)) if f"{ID_FULL[:k]}\r\n{ID_FULL[k:]}" in raw]
    assert split, "precondition: LibreOffice wrapped none of the full-width IDs (fonts changed?)"
    text = main_blocks[0].text
    for lead in pdfs.wrap_leads:
        assert lead + ID_FULL in text


def test_wrapped_number_keeps_the_boxes_of_both_lines(main_blocks: list[TextBlock]) -> None:
    block = main_blocks[0]
    assert block.boxes is not None
    tops = set()
    start = -1
    while (start := block.text.find(ID_FULL, start + 1)) >= 0:
        boxes = block.boxes[start:start + len(ID_FULL)]
        assert all(box is not None for box in boxes)
        tops.add(len({round(box[1]) for box in boxes if box is not None}))
    assert 2 in tops  # at least one ID spans two lines, and its boxes say so


def test_table_cells_carry_their_column_header(main_blocks: list[TextBlock]) -> None:
    cells = [b for b in main_blocks if b.where == "table" and b.page == 1]
    by_location = {b.location: b for b in cells}
    assert by_location["第1页 表格1 第1行第2列"].text == "姓名"
    assert by_location["第1页 表格1 第1行第2列"].column_header is None
    names = [b.text for b in cells if b.column_header == "姓名"]
    assert names == NAMES
    phones = [b for b in cells if b.column_header == "联系电话"]
    assert [b.text for b in phones] == [f"1391234567{i}" for i in range(len(NAMES))]
    assert [b.index for b in main_blocks if b.where == "table"] == list(range(len(
        [b for b in main_blocks if b.where == "table"])))


def test_ruled_form_cells_carry_the_text_to_their_left(sample_dir: Path) -> None:
    """The form sample: labels left of their values, two rows with a value merged over three columns."""
    with PdfExtractor(sample_dir / "xuke_biaoge_shenqingren.pdf", ScanSettings()) as extractor:
        cells = [b for b in extractor.blocks() if b.where == "table"]
    first_column = [b for b in cells if b.location.endswith("第1列")]
    assert [b.text for b in first_column] == ["申请人", "身份证号", "住址", "委托代理人", "许可事项"]
    assert all(b.row_label is None for b in first_column)
    labels = ("申请人", "性别", "身份证号", "联系电话", "住址", "委托代理人", "代理人电话", "许可事项")
    values = {b.row_label: b for b in cells if b.row_label in labels}
    assert set(values) == set(labels)
    assert values["性别"].text == "女" and len(values["身份证号"].text) == 18
    for label in ("住址", "许可事项"):  # merged over three columns: the last cell of its row
        assert values[label].location.endswith("第2列")
        assert not any(b.row_label == values[label].text for b in cells)


def test_table_text_is_not_also_in_the_body(main_blocks: list[TextBlock]) -> None:
    body = main_blocks[0].text
    for name in NAMES:
        assert name not in body
    assert "联系人：赵六" in body  # a label with a colon is running text, not a table


def test_continued_name_table_keeps_its_header_on_the_next_page(pdfs: Pdfs, main_blocks: list[TextBlock]) -> None:
    later = [b for b in main_blocks if b.where == "table" and b.page is not None and b.page > 2]
    assert later, "precondition: the long table should run over onto page 3"
    assert "姓名" not in _raw_page_text(pdfs.main, later[0].page or 0)
    names = [b for b in later if b.location.endswith("第2列")]
    assert names and all(b.column_header == "姓名" for b in names)
    assert all(b.text.startswith("钱") for b in names)


def test_cells_match_pdfplumber_table_finder(pdfs: Pdfs, main_blocks: list[TextBlock]) -> None:
    with pdfplumber.open(pdfs.main, pages=[1]) as pdf:
        page = pdf.pages[0]
        expected = [row for table in page.extract_tables() for row in table]
        page.close()
    cells = [b for b in main_blocks if b.where == "table" and b.page == 1]
    got: dict[str, list[str]] = {}
    for block in cells:
        row = block.location.split()[2].split("行")[0]
        got.setdefault(row, []).append(block.text)
    assert list(got.values()) == [[c or "" for c in row] for row in expected]


def test_metadata_blocks(main_blocks: list[TextBlock]) -> None:
    meta = {b.location: b.text for b in main_blocks if b.where == "metadata"}
    assert meta["文档属性：作者"] == "王小明"
    assert meta["文档属性：标题"] == "春季安全生产通知"
    assert all(b.page is None for b in main_blocks if b.where == "metadata")


def test_rotated_page_boxes_follow_the_displayed_page(pdfs: Pdfs, tmp_path: Path) -> None:
    rotated = tmp_path / "rotated.pdf"
    with pikepdf.open(pdfs.main) as pdf:
        pdf.pages[0].Rotate = 90
        pdf.save(rotated)
    blocks, _ = _blocks(rotated, ScanSettings())
    cell = next(b for b in blocks if b.where == "table" and b.text == "张三")
    assert cell.boxes is not None and cell.boxes[0] is not None
    with pdfplumber.open(rotated, pages=[1]) as pdf:
        page = pdf.pages[0]
        chars = page.chars
        zhang = next(c for c, n in zip(chars, chars[1:], strict=False) if c["text"] + n["text"] == "张三")
        page.close()
    x0, top, x1, bottom = cell.boxes[0]
    assert abs(x0 - zhang["x0"]) < 3 and abs(top - zhang["top"]) < 3


def test_comments_and_form_field_values_are_read(pdfs: Pdfs, tmp_path: Path) -> None:
    annotated = tmp_path / "annotated.pdf"
    with pikepdf.open(pdfs.main) as pdf:
        note = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[100, 100, 120, 120],
            Contents=pikepdf.String("请核实：李雷 13812345678")))
        # A field whose value sits on the parent, not on the widget drawn on the page.
        field = pdf.make_indirect(pikepdf.Dictionary(FT=pikepdf.Name.Tx, T=pikepdf.String("name"),
                                                     V=pikepdf.String("张小凡")))
        widget = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget,
                                                      Rect=[100, 200, 300, 220], Parent=field))
        field.Kids = pikepdf.Array([widget])
        box = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Btn, T=pikepdf.String("ok"),
            V=pikepdf.Name.Off, Rect=[100, 230, 110, 240]))
        link = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                                                    Rect=[0, 0, 10, 10]))
        pdf.pages[1].Annots = pdf.make_indirect(pikepdf.Array([note, widget, box, link]))
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field, box]))
        pdf.save(annotated)
    blocks, _ = _blocks(annotated)
    found = [(b.where, b.index, b.location, b.page, b.text) for b in blocks if b.where in ("comment", "textbox")]
    assert found == [("comment", 0, "第2页 批注1", 2, "请核实：李雷 13812345678"),
                     ("textbox", 0, "第2页 文本框1", 2, "张小凡")]


def test_xfa_only_form_is_rejected(pdfs: Pdfs, tmp_path: Path) -> None:
    xfa = tmp_path / "xfa.pdf"
    with pikepdf.open(pdfs.main) as pdf:
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([]), XFA=pdf.make_stream(b"<xdp:xdp/>"))
        pdf.Root.NeedsRendering = True  # the pages are only a placeholder; the content is in the XFA XML
        pdf.save(xfa)
    error = _refusal(xfa)
    assert isinstance(error, RejectedFile) and "XFA" in error.zh


# --- lines and wrapping on synthetic pieces (shapes taken from PDFium's output on real files) --------------------

def _piece(text: str, x: float, top: float, em: float = 16.0, inserted: bool = False) -> Line:
    """A PDFium line piece: characters side by side from ``x``, CJK one em wide, others half.

    With ``inserted`` the spaces are PDFium's (no glyph, no box), standing for a gap of a third of an em.
    """
    boxes: list[Box | None] = []
    keys: list[float] = []
    for ch in text:
        keys.append(x)
        if ch == " " and inserted:
            boxes.append(None)
            x += em / 3
            continue
        width = em if ord(ch) >= 0x2E80 else em / 2
        boxes.append((x, top, x + width, top + em))
        x += width
    return Line(text, boxes, keys)


def _row_texts(pieces: list[Line]) -> list[str]:
    return [line.text for line in assemble_rows(pieces)]


@pytest.mark.parametrize(("pieces", "expected"), [
    # A right-aligned date: PDFium starts a new line at every switch between the Latin and the CJK font.
    ([_piece("2026", 401.8, 100), _piece("年", 437.0, 101), _piece("3", 456.2, 100), _piece("月10", 467.4, 101),
      _piece("日", 505.8, 101)], ["2026年3月10日"]),
    ([_piece("(此件公开发布", 111.5, 130), _piece(")", 215.5, 130)], ["(此件公开发布)"]),
    # Letters and digits a little apart are words; CJK characters far apart are separate items.
    ([_piece("Tel:", 100, 100), _piece("0571", 140, 100)], ["Tel: 0571"]),
    ([_piece("姓名", 100, 100), _piece("张三", 180, 100)], ["姓名 张三"]),
    # Different rows, and text printed over other text, stay apart.
    ([_piece("第一行", 100, 100), _piece("第二行", 100, 130)], ["第一行", "第二行"]),
    ([_piece("张三", 100, 100), _piece("李四", 104, 100)], ["张三", "李四"]),
], ids=["date-split-by-font", "closing-bracket", "latin-words", "far-apart-cjk", "two-rows", "overprint"])
def test_pieces_of_one_row_are_joined(pieces: list[Line], expected: list[str]) -> None:
    assert _row_texts(pieces) == expected


@pytest.mark.parametrize(("piece", "expected"), [
    (_piece("2026 年 3 月", 100, 100, inserted=True), "2026年3月"),  # gaps around CJK are typesetting
    (_piece("Tel: 0571 88886666", 100, 100, inserted=True), "Tel: 0571 88886666"),  # word spaces
    (_piece("（ 此件 主动公开 ）", 100, 100), "（此件主动公开）"),  # typed spacing inside a CJK marking
    (_piece("姓  名", 100, 100), "姓名"),
    (_piece("张三 13812345678", 100, 100), "张三 13812345678"),  # a typed space before a number is kept
    (_piece("  前后  ", 100, 100), "前后"),
], ids=["inserted-cjk", "inserted-latin", "typed-cjk-marking", "typed-name-header", "typed-before-number",
        "ends"])
def test_spaces_are_kept_only_where_they_are_text(piece: Line, expected: str) -> None:
    [row] = assemble_rows([piece])
    assert row.text == expected and len(row.boxes) == len(row.text)


def test_typed_space_drawn_at_the_end_of_the_line_is_dropped() -> None:
    # LibreOffice draws the space of "（ 此件主动公开）" after the closing bracket, positioned after "（".
    line = _piece("（此件主动公开）", 100, 100)
    shifted = [(b[0] + 5, b[1], b[2] + 5, b[3]) for b in line.boxes[1:] if b is not None]
    boxes: list[Box | None] = [line.boxes[0], *shifted, (116.0, 100.0, 121.0, 116.0)]
    [row] = assemble_rows([Line("（此件主动公开） ", boxes, [b[0] for b in boxes if b is not None])])
    assert row.text == "（此件主动公开）"


def test_a_star_drawn_last_is_put_back_in_place() -> None:
    # "绝密★长期" where a fallback font draws the ★ after the rest of the line.
    line = _piece("绝密长期", 100, 100)
    star = (132.0, 100.0, 148.0, 116.0)
    boxes = [*line.boxes[:2], *[(b[0] + 16, b[1], b[2] + 16, b[3]) for b in line.boxes[2:] if b], star]
    scrambled = Line("绝密长期★", boxes, [b[0] for b in boxes if b is not None])
    [row] = assemble_rows([scrambled])
    assert row.text == "绝密★长期"
    assert row.boxes[2] == star and len(row.boxes) == len(row.text)


@pytest.mark.parametrize(("lines", "margins", "expected"), [
    # The first line ends at the right margin and the next starts at the left one: one paragraph.
    ([_piece("身份证号码为１１０１", 100, 100), _piece("０５", 100, 130)], Margins(260.0, 100.0),
     "身份证号码为１１０１０５"),
    # A paragraph that ends flush right, then an indented first line: two paragraphs.
    ([_piece("电话：0539-8956312", 100, 100), _piece("2、下一段", 132, 130)], Margins(260.0, 100.0),
     "电话：0539-8956312\n2、下一段"),
    # A short line is never a wrapped one.
    ([_piece("机密★长期", 100, 100), _piece("关于做好", 100, 130)], Margins(400.0, 100.0), "机密★长期\n关于做好"),
    # In a cell a centred second line still continues the first.
    ([_piece("欧阳娜", 100, 100), _piece("娜", 116, 120)], Margins(150.0), "欧阳娜娜"),
    ([_piece("身份证号码为１１０１", 100, 100), _piece("０５", 100, 130)], None, "身份证号码为１１０１\n０５"),
], ids=["wrapped", "paragraph-ends-flush", "short-line", "cell-centred", "no-margins"])
def test_wrapped_lines_are_joined(lines: list[Line], margins: Margins | None, expected: str) -> None:
    text, boxes = join_lines(lines, margins)
    assert text == expected
    assert len(boxes) == len(text) and all((box is None) == (ch == "\n") for ch, box in zip(text, boxes, strict=True))


# --- pages that need OCR ---------------------------------------------------------------------------------------

def test_image_only_page_needs_ocr_and_blank_page_does_not(pdfs: Pdfs, tmp_path: Path) -> None:
    png = tmp_path / "page.png"
    Image.new("RGB", (400, 560), "white").save(png)
    scan = tmp_path / "scan.pdf"
    Image.open(png).save(scan, resolution=50)
    mixed = tmp_path / "mixed.pdf"
    with pikepdf.open(pdfs.main) as pdf, pikepdf.open(scan) as scanned:
        del pdf.pages[1:]
        pdf.add_blank_page()
        pdf.pages.append(scanned.pages[0])
        pdf.save(mixed)
    blocks, ocr_pages = _blocks(mixed)
    assert ocr_pages == [3]
    assert [b.page for b in blocks if b.where == "body"] == [1, 2, 3]
    assert ID_FULL in blocks[0].text  # the other pages are still read


def test_fonts_without_tounicode_need_ocr(pdfs: Pdfs, tmp_path: Path) -> None:
    stripped = tmp_path / "no-tounicode.pdf"
    with pikepdf.open(pdfs.main) as pdf:
        removed = 0
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and "/ToUnicode" in obj:
                del obj["/ToUnicode"]
                removed += 1
        assert removed
        pdf.save(stripped)
    blocks, ocr_pages = _blocks(stripped)
    assert ocr_pages == list(range(1, pdfs.pages + 1))
    assert [b.where for b in blocks] == ["metadata"] * len([b for b in blocks if b.where == "metadata"])


# --- refusals --------------------------------------------------------------------------------------------------

def _refusal(path: Path, settings: ScanSettings | None = None) -> ReviewError:
    with pytest.raises(ReviewError) as caught, PdfExtractor(path, settings or ScanSettings()) as extractor:
        list(extractor.blocks())
    return caught.value


@pytest.mark.parametrize("encryption", [
    pikepdf.Encryption(owner="owner-secret", user="", R=6),  # opens without a password, but restricted
    pikepdf.Encryption(owner="owner-secret", user="user-secret", R=4),
], ids=["owner-password-only", "user-password"])
def test_encrypted_pdf_is_refused(pdfs: Pdfs, tmp_path: Path, encryption: pikepdf.Encryption) -> None:
    locked = tmp_path / "locked.pdf"
    with pikepdf.open(pdfs.main) as pdf:
        pdf.save(locked, encryption=encryption)
    error = _refusal(locked)
    assert isinstance(error, EncryptedFile) and error.status is Status.ENCRYPTED
    assert error.zh == "PDF 已加密，请提供未加密的版本"


def test_truncated_pdf_is_unreadable(pdfs: Pdfs, tmp_path: Path) -> None:
    data = pdfs.main.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 2])
    error = _refusal(cut)
    assert isinstance(error, UnreadableFile) and error.status is Status.UNREADABLE


def test_pdf_with_bytes_missing_in_the_middle_is_unreadable(pdfs: Pdfs, tmp_path: Path) -> None:
    # PDFium would rebuild the cross-reference and read what is left; the file still ends in %%EOF.
    data = pdfs.main.read_bytes()
    middle = len(data) // 2
    holed = tmp_path / "holed.pdf"
    holed.write_bytes(data[:middle] + data[middle + 300:])
    assert isinstance(_refusal(holed), UnreadableFile)


def test_pdfium_load_failure_is_unreadable(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pdf"  # passes the byte checks (an "xref" where startxref points), then PDFium fails
    junk.write_bytes(b"%PDF-1.7\nxref\n" + b"\x00garbage" * 400 + b"\nstartxref\n9\n%%EOF\n")
    error = _refusal(junk)
    assert isinstance(error, UnreadableFile)
    assert isinstance(error.__cause__, pdfium.PdfiumError)


def test_too_many_pages_is_rejected(pdfs: Pdfs) -> None:
    error = _refusal(pdfs.main, ScanSettings(max_pdf_pages=pdfs.pages - 1))
    assert isinstance(error, RejectedFile) and error.status is Status.REJECTED


@pytest.mark.parametrize("variant", ["linearized", "object-streams", "junk-before-header", "padding-after-eof"])
def test_valid_rewrites_are_not_mistaken_for_damage(pdfs: Pdfs, tmp_path: Path, variant: str) -> None:
    target = tmp_path / f"{variant}.pdf"
    if variant == "linearized":
        with pikepdf.open(pdfs.main) as pdf:
            pdf.save(target, linearize=True)
    elif variant == "object-streams":
        with pikepdf.open(pdfs.main) as pdf:
            pdf.save(target, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    elif variant == "junk-before-header":
        target.write_bytes(b"JUNK-JUNK\n" + pdfs.main.read_bytes())
    else:
        target.write_bytes(pdfs.main.read_bytes() + b"\n" + b" " * 200)
    blocks, ocr_pages = _blocks(target)
    assert ocr_pages == [] and ID_FULL in blocks[0].text


# --- resources -------------------------------------------------------------------------------------------------

@pytest.fixture()
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Record every PDFium page and text page the extractor opens."""
    handles: list[Any] = []
    get_page, get_textpage = pdfium.PdfDocument.get_page, pdfium.PdfPage.get_textpage

    def spy_page(self: pdfium.PdfDocument, index: int) -> pdfium.PdfPage:
        handles.append(page := get_page(self, index))
        return page

    def spy_textpage(self: pdfium.PdfPage) -> pdfium.PdfTextPage:
        handles.append(textpage := get_textpage(self))
        return textpage

    monkeypatch.setattr(pdfium.PdfDocument, "get_page", spy_page)
    monkeypatch.setattr(pdfium.PdfPage, "get_textpage", spy_textpage)
    yield handles


def test_each_page_is_closed_before_its_blocks_are_handed_out(pdfs: Pdfs, opened: list[Any]) -> None:
    with PdfExtractor(pdfs.main, ScanSettings()) as extractor:
        for block in extractor.blocks():
            assert opened, block.location
            assert all(h.raw is None for h in opened), f"a page is still open at {block.location}"
        document = extractor._document
    assert len(opened) == 2 * pdfs.pages
    assert document is not None and document.raw is None


def test_page_is_closed_when_reading_it_fails(pdfs: Pdfs, opened: list[Any],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise pdfium.PdfiumError("simulated failure")

    monkeypatch.setattr(pdf_module, "read_chars", broken)
    error = _refusal(pdfs.main)
    assert isinstance(error, UnreadableFile) and isinstance(error.__cause__, pdfium.PdfiumError)
    assert opened and all(h.raw is None for h in opened)


def test_a_second_thread_waits_while_pdfium_is_in_use(pdfs: Pdfs) -> None:
    entered = threading.Event()

    def other_scan() -> None:
        with PdfExtractor(pdfs.main, ScanSettings()):
            entered.set()

    with PdfExtractor(pdfs.main, ScanSettings()) as extractor:
        worker = threading.Thread(target=other_scan)
        worker.start()
        next(extractor.blocks())
        assert not entered.wait(0.3), "PDFium is not thread-safe: the second scan must wait"
    worker.join(10)
    assert entered.is_set()


def test_reading_twice_gives_the_same_blocks(pdfs: Pdfs) -> None:
    with PdfExtractor(pdfs.main, ScanSettings()) as extractor:
        first, first_ocr = list(extractor.blocks()), list(extractor.ocr_pages)
        second, second_ocr = list(extractor.blocks()), list(extractor.ocr_pages)
    assert first == second and first_ocr == second_ocr


def test_500_page_pdf_scans_in_bounded_memory(pdfs: Pdfs, tmp_path: Path) -> None:
    big = tmp_path / "big.pdf"
    with pikepdf.open(pdfs.main) as out:
        while len(out.pages) < 500:
            # Copies from a fresh source each round, so pages do not share content streams PDFium could cache once.
            with pikepdf.open(pdfs.main) as source:
                out.pages.extend(source.pages)
        del out.pages[500:]
        out.save(big)
    # The child's peak RSS starts from the pages it shared with this (large) test process when it was forked, so
    # it resets the kernel's high-water mark (clear_refs 5) before scanning and reads VmHWM after.
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from review.scanner import scan_file\n"
        "Path('/proc/self/clear_refs').write_text('5')\n"
        "report = scan_file(sys.argv[1])\n"
        "hwm = next(l for l in Path('/proc/self/status').read_text().splitlines() if l.startswith('VmHWM'))\n"
        "print(json.dumps({'status': report.status.value, 'error': report.error, 'findings': len(report.personal_data),"
        " 'peak_mb': int(hwm.split()[1]) / 1024}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(big)], capture_output=True, text=True, timeout=600,
                          cwd=Path(__file__).resolve().parent.parent, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["status"] == "ok", result["error"]
    assert result["findings"] > 500
    assert result["peak_mb"] < 300, result
