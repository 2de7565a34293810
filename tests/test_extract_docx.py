"""DocxExtractor: every story of a .docx is read once, labelled, and hostile packages are refused before parsing."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx_factory import (
    NS,
    XMLNS,
    add_body_xml,
    add_custom_properties,
    add_notes,
    new_document,
    paragraph,
    patch_central_directory,
    rewrite,
    run,
    save,
)

from review.errors import EncryptedFile, RejectedFile, ReviewError, UnreadableFile
from review.extractors._docx_inline import InlineReader, Pages
from review.extractors.docx import DocxExtractor
from review.extractors.zipguard import check_docx_zip, parse_safely
from review.model import TextBlock
from review.settings import MB, ScanSettings

SETTINGS = ScanSettings()
W = NS["w"]


def read(path: Path, settings: ScanSettings = SETTINGS) -> list[TextBlock]:
    with DocxExtractor(path, settings) as extractor:
        blocks = list(extractor.blocks())
        assert extractor.ocr_pages == []
    return blocks


def where(blocks: list[TextBlock], kind: str) -> list[TextBlock]:
    return [b for b in blocks if b.where == kind]


def texts(blocks: list[TextBlock], kind: str) -> list[str]:
    return [b.text for b in where(blocks, kind)]


@pytest.fixture
def plain_docx(tmp_path: Path) -> Path:
    document = new_document()
    document.add_paragraph("关于做好政府信息公开工作的通知")
    document.add_paragraph("联系人：张三，电话 13812345678。")
    return save(document, tmp_path / "plain.docx")


# --- body text -------------------------------------------------------------------------------------------------


def test_runs_fields_and_wrappers_come_out_as_one_string_per_paragraph(tmp_path: Path) -> None:
    document = new_document()
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             '<w:r><w:instrText xml:space="preserve"> HYPERLINK "mailto:a@b.cn" </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run("联") + run("系") +
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    inner = (run("张") + run("三") + field
             + f'<w:fldSimple w:instr=" PAGE ">{run("7")}</w:fldSimple>'
             + f'<w:hyperlink w:anchor="top">{run("链接")}</w:hyperlink>'
             + f'<w:smartTag w:uri="urn:x" w:element="place">{run("同志")}</w:smartTag>'
             + f'<w:sdt><w:sdtPr><w:alias w:val="控件"/></w:sdtPr><w:sdtContent>{run("控件值")}</w:sdtContent></w:sdt>'
             + f'<w:customXml w:element="x">{run("甲")}</w:customXml>'
             + '<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t><w:noBreakHyphen/>'
             + '<w:t>e</w:t><w:softHyphen/><w:t>f</w:t></w:r>')
    add_body_xml(document, paragraph(inner, ppr='<w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs>'))
    blocks = read(save(document, tmp_path / "runs.docx"))
    assert [(b.text, b.index, b.location, b.page) for b in blocks] == [
        ("张三联系7链接同志控件值甲a\tb\nc\nd-ef", 0, "正文第1段", 1),
    ]


def test_empty_paragraphs_are_skipped_and_not_counted(tmp_path: Path) -> None:
    document = new_document()
    for text in ("秘密★1年", "", "   ", "标题"):
        document.add_paragraph(text)
    add_body_xml(document, f'<w:sdt><w:sdtContent>{paragraph(run("控件里的段落"))}</w:sdtContent></w:sdt>'
                           f'<w:customXml w:element="x">{paragraph(run("自定义XML段落"))}</w:customXml>')
    blocks = read(save(document, tmp_path / "empty.docx"))
    assert [(b.text, b.where, b.index, b.location) for b in blocks] == [
        ("秘密★1年", "body", 0, "正文第1段"),
        ("标题", "body", 1, "正文第2段"),
        ("控件里的段落", "body", 2, "正文第3段"),
        ("自定义XML段落", "body", 3, "正文第4段"),
    ]


def test_ruby_keeps_the_base_text_whole(tmp_path: Path) -> None:
    document = new_document()
    ruby = f'<w:r><w:ruby><w:rubyPr/><w:rt>{run("yí")}</w:rt><w:rubyBase>{run("䶮")}</w:rubyBase></w:ruby></w:r>'
    add_body_xml(document, paragraph(run("刘") + ruby + run("同志")))
    assert texts(read(save(document, tmp_path / "ruby.docx")), "body") == ["刘䶮同志"]


@pytest.mark.parametrize("inner", [
    run("甲") + run("乙"),
    '<w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>' + run("甲") + "<w:r><w:tab/></w:r>",
    run("甲") + '<w:r><w:br w:type="page"/><w:t>乙</w:t><w:br/><w:cr/><w:ptab/><w:noBreakHyphen/></w:r>',
    '<w:r><w:lastRenderedPageBreak/><w:t> </w:t><w:t>丙</w:t><w:lastRenderedPageBreak/><w:t>丁</w:t></w:r>',
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>' + run("3"),
    f'<w:hyperlink w:anchor="a">{run("链")}</w:hyperlink><w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr>'
    f'<w:sdtContent>{run("控")}</w:sdtContent></w:sdt>',
], ids=["runs", "tab-stops", "breaks", "rendered-breaks", "field", "wrappers"])
def test_plain_paragraph_shortcut_reads_as_the_full_reader_does(inner: str) -> None:
    element = parse_xml(f"<w:p {XMLNS}>{inner}</w:p>")
    results = []
    for elements in (element, list(element)):  # a whole w:p takes the shortcut, a list of children does not
        pages = Pages()
        pages.text_seen()
        acc = InlineReader(frozenset()).read(elements, pages)
        results.append((acc.text, acc.page, acc.chars, pages.save()))
    assert results[0] == results[1]


def test_math_text_is_read(tmp_path: Path) -> None:
    document = new_document()
    add_body_xml(document, paragraph(run("公式") + '<m:oMath><m:r><m:t>x+1</m:t></m:r></m:oMath>'))
    assert texts(read(save(document, tmp_path / "math.docx")), "body") == ["公式x+1"]


# --- tables ----------------------------------------------------------------------------------------------------


def test_table_cells_with_headers_merges_and_nesting(tmp_path: Path) -> None:
    document = new_document()
    table = document.add_table(rows=4, cols=3)
    for column, text in enumerate(("序号", "姓名", "电话")):
        table.cell(0, column).text = text
    for column, text in enumerate(("1", "张三", "13812345678")):
        table.cell(1, column).text = text
    table.cell(2, 1).text = "李四"
    table.cell(1, 0).merge(table.cell(2, 0))  # vertical merge: "1" must come out once
    wide = table.cell(3, 1).merge(table.cell(3, 2))  # spans the 姓名 and 电话 columns
    wide.text = "王五"
    table.cell(2, 2).add_paragraph("第二行")
    nested = table.cell(3, 0).add_table(rows=2, cols=1)
    nested.cell(0, 0).text = "姓名"
    nested.cell(1, 0).text = "赵六"
    blocks = read(save(document, tmp_path / "table.docx"))
    assert [(b.text, b.index, b.location, b.column_header) for b in where(blocks, "table")] == [
        ("序号", 0, "表格1 第1行第1列", None),
        ("姓名", 1, "表格1 第1行第2列", None),
        ("电话", 2, "表格1 第1行第3列", None),
        ("1", 3, "表格1 第2行第1列", "序号"),
        ("张三", 4, "表格1 第2行第2列", "姓名"),
        ("13812345678", 5, "表格1 第2行第3列", "电话"),
        ("李四", 6, "表格1 第3行第2列", "姓名"),
        ("\n第二行", 7, "表格1 第3行第3列", "电话"),
        ("姓名", 8, "表格1-1 第1行第1列", None),
        ("赵六", 9, "表格1-1 第2行第1列", "姓名"),
        ("王五", 10, "表格1 第4行第2列", "姓名"),
    ]
    assert all(b.page == 1 for b in blocks)


def test_a_title_row_across_the_table_is_not_the_header(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("正文在前")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "补助发放名单"
    table.cell(1, 0).text = "户主姓名"
    table.cell(1, 1).text = "金额"
    table.cell(2, 0).text = "孙七"
    table.cell(2, 1).text = "300"
    blocks = read(save(document, tmp_path / "title.docx"))
    assert [(b.text, b.column_header) for b in where(blocks, "table")] == [
        ("补助发放名单", None), ("户主姓名", None), ("金额", None), ("孙七", "户主姓名"), ("300", "金额"),
    ]
    assert where(blocks, "body")[0].index == 0


def test_a_cell_carries_the_text_to_its_left_as_its_label(tmp_path: Path) -> None:
    """A form laid out as a table names each value in the cell to its left (申请人 | 张三), the first row too."""
    document = new_document()
    table = document.add_table(rows=3, cols=4)
    for column, text in enumerate(("申请人", "张三", "电话", "13812345678")):
        table.cell(0, column).text = text
    table.cell(1, 0).text = "住址"
    table.cell(1, 1).merge(table.cell(1, 3)).text = "河东区汤河镇大官庄村3组12号"
    table.cell(2, 1).text = "空格之后"  # the cell to its left is empty: no label
    blocks = read(save(document, tmp_path / "form.docx"))
    assert [(b.text, b.row_label) for b in where(blocks, "table")] == [
        ("申请人", None), ("张三", "申请人"), ("电话", "张三"), ("13812345678", "电话"),
        ("住址", None), ("河东区汤河镇大官庄村3组12号", "住址"),
        ("空格之后", None),
    ]


def test_grid_before_shifts_the_column(tmp_path: Path) -> None:
    document = new_document()
    add_body_xml(document, (
        '<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>'
        f'<w:tr><w:tc>{paragraph(run("序号"))}</w:tc><w:tc>{paragraph(run("姓名"))}</w:tc></w:tr>'
        f'<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc>{paragraph(run("周八"))}</w:tc></w:tr>'
        '</w:tbl>'))
    blocks = read(save(document, tmp_path / "before.docx"))
    assert (blocks[-1].text, blocks[-1].location, blocks[-1].column_header) == ("周八", "表格1 第2行第2列", "姓名")


# --- headers, footers, notes, comments -------------------------------------------------------------------------


def test_headers_and_footers_of_every_section(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("第一节正文")
    first = document.sections[0]
    first.header.paragraphs[0].text = "默认页眉"
    first.header.add_paragraph("页眉第二段")
    first.footer.paragraphs[0].text = "默认页脚"
    first.different_first_page_header_footer = True
    first.first_page_header.paragraphs[0].text = "首页页眉文字"
    document.settings.odd_and_even_pages_header_footer = True
    first.even_page_footer.paragraphs[0].text = "偶数页页脚文字"
    document.add_section(WD_SECTION.NEW_PAGE)  # inherits section 1's headers: not reported again
    document.add_paragraph("第二节正文")
    third = document.add_section(WD_SECTION.NEW_PAGE)
    third.header.is_linked_to_previous = False
    third.header.paragraphs[0].text = "第三节页眉"
    blocks = read(save(document, tmp_path / "headers.docx"))
    assert [(b.text, b.index, b.location, b.page) for b in where(blocks, "header")] == [
        ("首页页眉文字", 0, "第1节 首页页眉", None),
        ("默认页眉", 1, "第1节 页眉", None),
        ("页眉第二段", 2, "第1节 页眉 第2段", None),
        ("第三节页眉", 3, "第3节 页眉", None),
    ]
    assert [(b.text, b.location) for b in where(blocks, "footer")] == [
        ("默认页脚", "第1节 页脚"), ("偶数页页脚文字", "第1节 偶数页页脚"),
    ]
    assert [(b.text, b.page) for b in where(blocks, "body")] == [("第一节正文", 1), ("第二节正文", 2)]


def test_footnotes_endnotes_and_comments(tmp_path: Path) -> None:
    document = new_document()
    add_body_xml(document, paragraph(run("正文") + '<w:r><w:footnoteReference w:id="1"/></w:r>'
                                     + '<w:r><w:endnoteReference w:id="1"/></w:r>'))
    add_notes(document, "footnote", ["脚注：张三提供", "第二个脚注"])
    add_notes(document, "endnote", ["尾注内容"])
    commented = document.add_paragraph("需要批注的句子")
    document.add_comment(commented.runs, text="批注：请核实李四的电话", author="审核人", initials="SH")
    blocks = read(save(document, tmp_path / "notes.docx"))
    assert [(b.text, b.index, b.location, b.page) for b in where(blocks, "footnote")] == [
        ("脚注：张三提供", 0, "脚注1", None), ("第二个脚注", 1, "脚注2", None), ("尾注内容", 2, "尾注1", None),
    ]
    assert [(b.text, b.location, b.page) for b in where(blocks, "comment")] == [
        ("批注：请核实李四的电话", "批注1", None),
    ]
    assert texts(blocks, "body") == ["正文", "需要批注的句子"]


# --- text boxes ------------------------------------------------------------------------------------------------

_DRAWING = ('<w:drawing><wp:anchor><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
            'wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent>{}</w:txbxContent></wps:txbx></wps:wsp>'
            '</a:graphicData></a:graphic></wp:anchor></w:drawing>')
_PICT = '<w:pict><v:shape><v:textbox><w:txbxContent>{}</w:txbxContent></v:textbox></v:shape></w:pict>'


def _text_box(choice: str, fallback: str) -> str:
    return (f'<w:r><mc:AlternateContent><mc:Choice Requires="wps">{_DRAWING.format(paragraph(run(choice)))}'
            f'</mc:Choice><mc:Fallback>{_PICT.format(paragraph(run(fallback)))}</mc:Fallback>'
            '</mc:AlternateContent></w:r>')


def test_text_box_in_alternate_content_is_reported_once(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("第一页")
    add_body_xml(document, paragraph('<w:r><w:br w:type="page"/></w:r>'))
    add_body_xml(document, paragraph(run("锚点段落") + _text_box("框内：王五 13900001111", "框内：王五 13900001111")))
    add_body_xml(document, paragraph(run("第二个") + _text_box("选择里的文字", "备用里藏的不同文字")))
    add_body_xml(document, paragraph(f"<w:r>{_PICT.format(paragraph(run('只有VML的框')))}</w:r>"))
    blocks = read(save(document, tmp_path / "box.docx"))
    assert [(b.text, b.index, b.location, b.page) for b in where(blocks, "textbox")] == [
        ("框内：王五 13900001111", 0, "文本框1", 2),
        ("选择里的文字", 1, "文本框2", 2),
        ("备用里藏的不同文字", 2, "文本框2", 2),
        ("只有VML的框", 3, "文本框3", 2),
    ]
    assert texts(blocks, "body") == ["第一页", "锚点段落", "第二个"]


def test_nested_text_box_and_table_in_text_box(tmp_path: Path) -> None:
    document = new_document()
    inner_box = paragraph(f"<w:r>{_PICT.format(paragraph(run('内层框')))}</w:r>")
    table = ('<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>'
             f'<w:tr><w:tc>{paragraph(run("框中表格"))}</w:tc></w:tr></w:tbl>')
    add_body_xml(document, paragraph(f"<w:r>{_PICT.format(paragraph(run('外层框')) + inner_box + table)}</w:r>"))
    blocks = read(save(document, tmp_path / "nested_box.docx"))
    assert [(b.text, b.location) for b in where(blocks, "textbox")] == [
        ("外层框", "文本框1"), ("内层框", "文本框2"), ("框中表格", "文本框1 表格1 第1行第1列"),
    ]


def test_watermark_and_text_box_in_header_keep_the_header_where(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("正文")
    header = document.sections[0].header
    header.paragraphs[0].text = "页眉"
    add = header._element  # python-docx has no API for shapes in headers
    add.append(parse_xml(f'<w:p {XMLNS}><w:r><w:pict><v:shape><v:textpath string="内部资料"/></v:shape></w:pict>'
                         f'</w:r></w:p>'))
    add.append(parse_xml(f'<w:p {XMLNS}><w:r>{_PICT.format(paragraph(run("页眉框")))}</w:r></w:p>'))
    blocks = read(save(document, tmp_path / "watermark.docx"))
    assert [(b.text, b.location) for b in where(blocks, "header")] == [
        ("页眉", "第1节 页眉"), ("内部资料", "第1节 页眉 艺术字或水印"), ("页眉框", "第1节 页眉 文本框1"),
    ]
    assert where(blocks, "textbox") == []


# --- revisions and hidden text ---------------------------------------------------------------------------------


def test_tracked_insertions_are_text_and_deletions_are_reported_apart(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("首段")
    add_body_xml(document, paragraph(
        run("保留") + f'<w:ins w:id="1" w:author="甲">{run("插入")}</w:ins>'
        + '<w:del w:id="2" w:author="甲"><w:r><w:delText>删除的</w:delText></w:r></w:del>'
        + '<w:del w:id="3" w:author="甲"><w:r><w:delText>13812345678</w:delText></w:r></w:del>'
        + run("中间")
        + '<w:del w:id="4" w:author="甲"><w:r><w:delText>第二处</w:delText></w:r></w:del>'
        + f'<w:moveFrom w:id="5" w:author="甲">{run("移走的")}</w:moveFrom>'
        + f'<w:moveTo w:id="6" w:author="甲">{run("移来的")}</w:moveTo>'))
    whole = '<w:del w:id="7" w:author="甲"><w:r><w:delText>整段删除</w:delText></w:r></w:del>'
    add_body_xml(document, paragraph(whole))
    blocks = read(save(document, tmp_path / "revisions.docx"))
    assert texts(blocks, "body") == ["首段", "保留插入中间移来的"]
    assert [(b.text, b.index, b.location) for b in where(blocks, "tracked_deletion")] == [
        ("删除的13812345678", 0, "正文第2段（删除的修订）"),
        ("第二处移走的", 1, "正文第2段（删除的修订）"),
        ("整段删除", 2, "正文第3段（删除的修订）"),
    ]


def test_hidden_text_is_read_and_labelled(tmp_path: Path) -> None:
    document = new_document()
    secret = document.styles.add_style("Secret", WD_STYLE_TYPE.CHARACTER)
    secret.font.hidden = True
    add_body_xml(document, paragraph(run("可见") + run("隐藏的身份证号", rpr="<w:vanish/>")))
    add_body_xml(document, paragraph(run("全部隐藏", rpr="<w:vanish/>")))
    add_body_xml(document, paragraph(run("未隐藏", rpr='<w:vanish w:val="0"/>')))
    styled = document.add_paragraph("样式")
    styled.add_run("隐藏").style = "Secret"
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).paragraphs[0].add_run("表内隐藏").font.hidden = True
    blocks = read(save(document, tmp_path / "hidden.docx"))
    assert [(b.text, b.location) for b in blocks] == [
        ("可见隐藏的身份证号", "正文第1段（含隐藏文字）"),
        ("全部隐藏", "正文第2段（隐藏文字）"),
        ("未隐藏", "正文第3段"),
        ("样式隐藏", "正文第4段（含隐藏文字）"),
        ("表内隐藏", "表格1 第1行第1列（隐藏文字）"),
    ]


# --- properties ------------------------------------------------------------------------------------------------


def test_core_app_and_custom_properties_are_metadata(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("正文")
    props = document.core_properties
    props.author, props.last_modified_by, props.title = "张三", "李四", "关于王五的通知"
    props.subject, props.keywords, props.comments, props.category = "主题", "关键词", "备注：赵六", "类别"
    add_custom_properties(document, {"经办人": "孙七", "空": ""})
    path = save(document, tmp_path / "props.docx")
    with zipfile.ZipFile(path) as archive:
        app = archive.read("docProps/app.xml").replace(b"<Company/>", "<Company>某某局</Company>".encode())
        app = app.replace(b"<Manager/>", "<Manager>周八</Manager>".encode())
    path = rewrite(path, tmp_path / "props2.docx", replace={"docProps/app.xml": app})
    found = {(b.location, b.text, b.column_header, b.page) for b in where(read(path), "metadata")}
    assert found == {
        ("文档属性：作者", "张三", "作者", None), ("文档属性：最后修改者", "李四", "最后修改者", None),
        ("文档属性：标题", "关于王五的通知", "标题", None), ("文档属性：主题", "主题", "主题", None),
        ("文档属性：关键词", "关键词", "关键词", None), ("文档属性：备注", "备注：赵六", "备注", None),
        ("文档属性：类别", "类别", "类别", None), ("文档属性：单位", "某某局", "单位", None),
        ("文档属性：经理", "周八", "经理", None), ("自定义属性：经办人", "孙七", "经办人", None),
    }


# --- page estimate ---------------------------------------------------------------------------------------------


def test_page_estimate_counts_explicit_breaks_once(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("甲")
    document.add_section(WD_SECTION.NEW_PAGE)
    document.add_paragraph("乙")
    document.add_section(WD_SECTION.CONTINUOUS)
    document.add_paragraph("丙")
    add_body_xml(document, paragraph(run("丙尾") + '<w:r><w:br w:type="page"/></w:r>'))
    # Word records the break it just made again as lastRenderedPageBreak: still page 3.
    add_body_xml(document, paragraph('<w:r><w:lastRenderedPageBreak/><w:t>丁</w:t></w:r>'))
    add_body_xml(document, paragraph('<w:r><w:lastRenderedPageBreak/><w:t>戊</w:t></w:r>'))
    add_body_xml(document, paragraph(run("己"), ppr="<w:pageBreakBefore/>"))
    table = ('<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>'
             '<w:tc><w:p><w:r><w:lastRenderedPageBreak/><w:t>庚</w:t></w:r></w:p></w:tc>'
             '<w:tc><w:p><w:r><w:lastRenderedPageBreak/><w:t>辛</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
    add_body_xml(document, table)
    blocks = read(save(document, tmp_path / "pages.docx"))
    assert [(b.text, b.page) for b in blocks] == [
        ("甲", 1), ("乙", 2), ("丙", 2), ("丙尾\n", 2), ("丁", 3), ("戊", 4), ("己", 5), ("庚", 6), ("辛", 6),
    ]


# --- refusals after the guard ----------------------------------------------------------------------------------


def test_alt_chunk_cannot_be_read_completely(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("正文")
    add_body_xml(document, '<w:altChunk r:id="rId999"/>')
    with pytest.raises(UnreadableFile, match="altChunk"):
        read(save(document, tmp_path / "altchunk.docx"))


def test_missing_header_part_is_unreadable(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("正文")
    sect_pr = document.element.body.find(f"{{{W}}}sectPr")
    sect_pr.insert(0, parse_xml(f'<w:headerReference {XMLNS} w:type="default" r:id="rId999"/>'))
    with pytest.raises(UnreadableFile, match="页眉"):
        read(save(document, tmp_path / "missing_header.docx"))


def test_malformed_document_xml_is_unreadable(plain_docx: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(plain_docx) as archive:
        xml = archive.read("word/document.xml")
    broken = rewrite(plain_docx, tmp_path / "broken.docx", replace={"word/document.xml": xml[: len(xml) // 2]})
    with pytest.raises(UnreadableFile) as caught:
        read(broken)
    assert caught.value.__cause__ is not None


def test_blocks_outside_with_is_an_error(plain_docx: Path) -> None:
    with pytest.raises(RuntimeError):
        list(DocxExtractor(plain_docx, SETTINGS).blocks())


# --- zip guard -------------------------------------------------------------------------------------------------


def test_plain_docx_passes_the_guard(plain_docx: Path) -> None:
    check_docx_zip(plain_docx, SETTINGS)
    assert texts(read(plain_docx), "body") == ["关于做好政府信息公开工作的通知", "联系人：张三，电话 13812345678。"]


def test_truncated_zip_is_unreadable(plain_docx: Path, tmp_path: Path) -> None:
    data = plain_docx.read_bytes()
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(UnreadableFile, match="损坏"):
        read(truncated)


def test_damaged_member_data_is_unreadable(plain_docx: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(plain_docx) as archive:
        info = archive.getinfo("word/document.xml")
        offset = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data = bytearray(plain_docx.read_bytes())
    for i in range(offset + 10, offset + 60):
        data[i] ^= 0x5A
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(bytes(data))
    with pytest.raises(UnreadableFile):
        check_docx_zip(damaged, SETTINGS)


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_zip_that_is_not_a_word_document_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(RejectedFile, match="不是 Word 文档"):
        check_docx_zip(_zip(tmp_path / "a.docx", {"hello.txt": b"hi"}), SETTINGS)
    workbook = _zip(tmp_path / "book.docx", {
        "[Content_Types].xml": b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sheet.main+xml"/></Types>',
        "_rels/.rels": b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": b"<workbook/>",
    })
    with pytest.raises(RejectedFile, match="不是 Word 文档"):
        check_docx_zip(workbook, SETTINGS)


def test_docx_without_document_xml_is_rejected(plain_docx: Path, tmp_path: Path) -> None:
    gutted = rewrite(plain_docx, tmp_path / "gutted.docx", drop=("word/document.xml",))
    with pytest.raises(RejectedFile, match="不是 Word 文档"):
        read(gutted)


def test_strict_open_xml_is_rejected_with_its_reason(plain_docx: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(plain_docx) as archive:
        rels = archive.read("_rels/.rels")
    strict = rels.replace(b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
                          b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")
    with pytest.raises(RejectedFile, match="Strict"):
        read(rewrite(plain_docx, tmp_path / "strict.docx", replace={"_rels/.rels": strict}))


def test_highly_compressed_member_is_a_zip_bomb(plain_docx: Path, tmp_path: Path) -> None:
    bomb = rewrite(plain_docx, tmp_path / "bomb.docx", add={"word/media/zeros.bin": bytes(8 * MB)})
    with pytest.raises(RejectedFile, match="压缩炸弹"):
        read(bomb)


def test_huge_declared_size_is_refused_from_the_central_directory(plain_docx: Path, tmp_path: Path) -> None:
    huge = rewrite(plain_docx, tmp_path / "huge.docx")
    patch_central_directory(huge, "word/document.xml", file_size=0xFFFF0000)  # ~4 GB declared, nothing inflated
    with pytest.raises(RejectedFile, match="压缩炸弹"):
        read(huge)


def test_member_inflating_past_its_declared_size_is_unreadable(plain_docx: Path, tmp_path: Path) -> None:
    lying = rewrite(plain_docx, tmp_path / "lying.docx")
    patch_central_directory(lying, "word/document.xml", file_size=100)  # zipfile stops at 100 bytes, CRC fails
    with pytest.raises(UnreadableFile, match="损坏"):
        check_docx_zip(lying, SETTINGS)


def test_total_size_and_member_count_limits(plain_docx: Path) -> None:
    with pytest.raises(RejectedFile, match="解压后超过"):
        read(plain_docx, ScanSettings(max_uncompressed_bytes=100_000))
    with pytest.raises(RejectedFile, match="文件过多"):
        read(plain_docx, ScanSettings(max_zip_members=3))


def test_encrypted_member_flag_is_encrypted(plain_docx: Path, tmp_path: Path) -> None:
    locked = rewrite(plain_docx, tmp_path / "locked.docx")
    patch_central_directory(locked, "word/document.xml", flag_bits=0x1, local_flags=True)
    with pytest.raises(EncryptedFile, match="加密"):
        read(locked)


_BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                   b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                   b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')


def _document_xml(plain_docx: Path) -> bytes:
    with zipfile.ZipFile(plain_docx) as archive:
        xml = archive.read("word/document.xml")
    return xml[xml.index(b"?>") + 2:]  # without its XML declaration


@pytest.mark.parametrize(("member", "make"), [
    ("word/document.xml", lambda body: _BILLION_LAUGHS + body.replace(b"</w:t>", b"&lol3;</w:t>", 1)),
    ("word/document.xml", lambda body: b"<!doctype w:document>" + body),
    ("docProps/core.xml", lambda body: b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>'),
    ("word/document.xml", lambda body: ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d>'.encode("utf-16"))
     + body.decode().encode("utf-16-le")),
], ids=["billion-laughs", "lower-case", "xxe-in-core-properties", "utf-16"])
def test_dtd_in_any_xml_part_is_rejected(
    plain_docx: Path, tmp_path: Path, member: str, make: Callable[[bytes], bytes]
) -> None:
    hostile = rewrite(plain_docx, tmp_path / "dtd.docx", replace={member: make(_document_xml(plain_docx))})
    with pytest.raises(RejectedFile, match="DTD"):
        check_docx_zip(hostile, SETTINGS)  # the guard itself refuses it, before python-docx parses anything


def test_parts_parsed_later_refuse_a_dtd_too() -> None:
    with pytest.raises(RejectedFile, match="DTD"):
        parse_safely(b'<!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>')
    with pytest.raises(UnreadableFile):
        parse_safely(b"<x><unclosed></x>")


def test_unusual_xml_encoding_is_rejected(plain_docx: Path, tmp_path: Path) -> None:
    utf7 = b'<?xml version="1.0" encoding="UTF-7"?>' + _document_xml(plain_docx)
    with pytest.raises(RejectedFile, match="编码"):
        read(rewrite(plain_docx, tmp_path / "utf7.docx", replace={"word/document.xml": utf7}))


def test_svg_image_with_doctype_is_not_parsed_and_not_refused(plain_docx: Path, tmp_path: Path) -> None:
    svg = b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd"><svg/>'
    with_svg = rewrite(plain_docx, tmp_path / "svg.docx", add={"word/media/image1.svg": svg})
    assert len(read(with_svg)) == 2


def test_macros_are_rejected(plain_docx: Path, tmp_path: Path) -> None:
    vba = rewrite(plain_docx, tmp_path / "vba.docx", add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    with pytest.raises(RejectedFile, match="宏"):
        read(vba)
    with zipfile.ZipFile(plain_docx) as archive:
        types = archive.read("[Content_Types].xml")
    docm_types = types.replace(b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                               b"application/vnd.ms-word.document.macroEnabled.main+xml")
    with pytest.raises(RejectedFile, match="宏"):
        read(rewrite(plain_docx, tmp_path / "docm.docx", replace={"[Content_Types].xml": docm_types}))


def test_template_is_rejected(plain_docx: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(plain_docx) as archive:
        types = archive.read("[Content_Types].xml")
    dotx = types.replace(b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml")
    with pytest.raises(RejectedFile, match="模板"):
        read(rewrite(plain_docx, tmp_path / "dotx.docx", replace={"[Content_Types].xml": dotx}))


def test_duplicate_member_names_are_rejected(plain_docx: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(plain_docx) as archive:
        xml = archive.read("word/document.xml")
    with pytest.warns(UserWarning, match="Duplicate name"):
        duplicated = rewrite(plain_docx, tmp_path / "dup.docx", add={"word/document.xml": xml})
    with pytest.raises(RejectedFile, match="重名"):
        read(duplicated)


def test_error_messages_are_chinese_then_english(plain_docx: Path, tmp_path: Path) -> None:
    bomb = rewrite(plain_docx, tmp_path / "bomb.docx", add={"word/media/zeros.bin": bytes(8 * MB)})
    with pytest.raises(ReviewError) as caught:
        read(bomb)
    zh, en = str(caught.value).split(" / ", 1)
    assert "压缩" in zh and "zip bomb" in en


# --- scanner ---------------------------------------------------------------------------------------------------


def test_scanner_reads_a_normal_docx_completely(plain_docx: Path) -> None:
    scanner = pytest.importorskip("review.scanner", reason="the detectors are not all written yet")
    report = scanner.Scanner(SETTINGS).scan(plain_docx)
    assert (report.format, report.status.value, report.error) == ("docx", "ok", None)


def test_scanner_reports_a_refused_docx_with_its_reason(plain_docx: Path, tmp_path: Path) -> None:
    scanner = pytest.importorskip("review.scanner", reason="the detectors are not all written yet")
    vba = rewrite(plain_docx, tmp_path / "vba.docx", add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    report = scanner.Scanner(SETTINGS).scan(vba)
    assert report.status.value == "rejected" and "宏" in (report.error or "")
