"""De-identified .docx output (review/redact/docx_writer.py and the redaction service) on real and built files."""

from __future__ import annotations

import json
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx_factory import NS, XMLNS, add_body_xml, new_document, paragraph, rewrite, run, save
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from office_support import libreoffice_pdfs

from review.errors import UnreadableFile
from review.extractors.docx import DocxExtractor
from review.model import ScanReport, TextBlock
from review.redact._textmask import Replacer, mask_paragraphs
from review.redact.plan import KEEP_REASONS, PlanError, RedactionPlan
from review.redact.policy import Masker
from review.redact.service import RedactError, RedactionResult, redact_file
from review.scanner import Scanner
from review.settings import ScanSettings

W = NS["w"]
ROOT = Path(__file__).resolve().parent.parent
TRUTH = json.loads((ROOT / "sample_docs" / "truth.json").read_text(encoding="utf-8"))
OK_DOCX = sorted(entry["file"] for entry in TRUTH if entry["format"] == "docx" and entry["status"] == "ok")
# Feature samples converted by LibreOffice: comments, revisions, hidden text, text boxes, notes, split runs.
CONVERTED = ("tezheng_pizhu.docx", "tezheng_xiuding.docx", "tezheng_yincang.docx", "tezheng_wenbenkuang.docx",
             "tezheng_jiaozhu.docx", "tezheng_duo_run.docx", "gongshi_dibao.docx")
# Where the output still has text the reader sees; comments, deletions and metadata are removed on purpose.
VISIBLE = ("body", "table", "header", "footer", "footnote", "textbox")


@dataclass
class Redacted:
    source: Path
    report: ScanReport
    result: RedactionResult


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


@pytest.fixture(scope="module")
def redacted(tmp_path_factory: pytest.TempPathFactory, scanner: Scanner, sample_dir: Path) -> dict[str, Redacted]:
    """Every readable .docx sample redacted once with the default policy."""
    folder = tmp_path_factory.mktemp("redacted")
    done = {}
    for name in OK_DOCX:
        source = sample_dir / name
        done[name] = Redacted(source, scanner.scan(source), redact_file(source, folder / name, scanner=scanner))
    return done


def _blocks(path: Path) -> list[TextBlock]:
    with DocxExtractor(path, ScanSettings()) as extractor:
        return list(extractor.blocks())


@pytest.mark.parametrize("name", OK_DOCX)
def test_no_masked_item_survives(redacted, name):
    item = redacted[name]
    assert item.result.leak.clean, item.result.leak.survivors
    assert item.result.leak.error is None
    assert len(item.result.plan.masked) == len(item.report.personal_data)


@pytest.mark.parametrize("name", OK_DOCX)
def test_output_is_a_sound_package(redacted, name):
    import docx

    output = redacted[name].result.output
    document = docx.Document(str(output))  # python-docx resolves every relationship and content type
    assert document.paragraphs is not None
    with zipfile.ZipFile(output) as archive:
        assert archive.testzip() is None
        assert archive.namelist()[0] == "[Content_Types].xml"
        for member in archive.namelist():
            if member.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(member))


@pytest.mark.parametrize("name", OK_DOCX)
def test_untouched_text_is_unchanged(redacted, name):
    item = redacted[name]
    originals = [m.finding.text for m in item.result.plan.masked]
    before = [b.text for b in _blocks(item.source)
              if b.where in VISIBLE and "隐藏" not in b.location and not any(o in b.text for o in originals)]
    after = [b.text for b in _blocks(item.result.output)]
    missing = [text for text in before if text not in after]
    assert not missing


@pytest.mark.parametrize("name", OK_DOCX)
def test_masked_text_is_the_replacement(redacted, name):
    item = redacted[name]
    joined = "\n".join(b.text for b in _blocks(item.result.output))
    for masked in item.result.plan.masked:
        if masked.finding.where in VISIBLE and "隐藏" not in masked.finding.location:
            assert masked.replacement in joined


def test_comments_revisions_hidden_text_and_properties_are_gone(redacted):
    pizhu = redacted["tezheng_pizhu.docx"].result
    assert "word/comments.xml" in pizhu.docx.dropped_parts
    with zipfile.ZipFile(pizhu.output) as archive:
        names = archive.namelist()
        assert "word/comments.xml" not in names
        assert b"comments.xml" not in archive.read("word/_rels/document.xml.rels")
        assert b"comments" not in archive.read("[Content_Types].xml")
        assert b"commentReference" not in archive.read("word/document.xml")
    xiuding = redacted["tezheng_xiuding.docx"].result
    assert xiuding.docx.revisions_accepted > 0
    with zipfile.ZipFile(xiuding.output) as archive:
        body = archive.read("word/document.xml")
    assert b"<w:del " not in body and b"w:delText" not in body and b"<w:ins " not in body
    assert redacted["tezheng_yincang.docx"].result.docx.hidden_runs_removed > 0
    wheres = {b.where for name in ("tezheng_pizhu.docx", "tezheng_xiuding.docx", "tezheng_yuanshuju.docx")
              for b in _blocks(redacted[name].result.output)}
    assert not wheres & {"comment", "tracked_deletion"}
    for block in _blocks(redacted["tezheng_yuanshuju.docx"].result.output):
        if block.where == "metadata":
            assert block.location not in ("文档属性：作者", "文档属性：最后修改者", "文档属性：单位")


def _split_number_document(path: Path) -> Path:
    document = new_document()
    runs = (run("联系电话：1381", "<w:b/>") + run("23", '<w:color w:val="FF0000"/>')
            + run("45678，请", '<w:sz w:val="32"/><w:i/>'))
    add_body_xml(document, paragraph(run("未涉及个人信息的段落。")) + paragraph(runs))
    document.core_properties.author = "王小明"
    return save(document, path)


def test_masked_runs_keep_their_formatting(tmp_path):
    source = _split_number_document(tmp_path / "in.docx")
    result = redact_file(source, tmp_path / "out.docx")
    assert result.leak.clean
    runs_before = _runs(source)
    runs_after = _runs(result.output)
    assert [rpr for rpr, _ in runs_before] == [rpr for rpr, _ in runs_after]
    assert [text for _, text in runs_after][-3:] == ["联系电话：138*", "**", "*5678，请"]
    assert runs_after[0] == runs_before[0]


def _runs(path: Path) -> list[tuple[bytes, str]]:
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    out = []
    for r in root.iter(f"{{{W}}}r"):
        rpr = r.find(f"{{{W}}}rPr")
        text = "".join(t.text or "" for t in r.iter(f"{{{W}}}t"))
        out.append((etree.tostring(rpr) if rpr is not None else b"", text))
    return out


def test_kept_finding_stays_and_says_why(tmp_path, sample_dir):
    source = sample_dir / "gongshi_dibao.docx"
    result = redact_file(source, tmp_path / "out.docx", keep={1: "惩戒公示"})
    kept = result.plan.kept[0]
    assert kept.reason == "惩戒公示" and not kept.overridden
    assert result.leak.clean
    assert kept.finding.text in "\n".join(b.text for b in _blocks(result.output))
    assert result.to_json()["kept"][0]["reason"] == "惩戒公示"


@pytest.mark.parametrize("keep", [{99: "惩戒公示"}, {1: "领导同意"}])
def test_bad_keep_is_refused(tmp_path, sample_dir, keep):
    with pytest.raises(PlanError):
        redact_file(sample_dir / "gongshi_dibao.docx", tmp_path / "out.docx", keep=keep)
    assert set(KEEP_REASONS) >= {"惩戒公示"}


def test_unread_files_and_overwrites_are_refused(tmp_path, sample_dir):
    with pytest.raises(UnreadableFile, match="不能脱敏"):
        redact_file(sample_dir / "jieduan.docx", tmp_path / "out.docx")
    copy = tmp_path / "in.docx"
    copy.write_bytes((sample_dir / "gongshi_dibao.docx").read_bytes())
    with pytest.raises(RedactError):
        redact_file(copy, copy)


def test_libreoffice_opens_the_outputs(redacted, tmp_path):
    pdfs = libreoffice_pdfs([redacted[name].result.output for name in CONVERTED], tmp_path)
    for name, pdf in zip(CONVERTED, pdfs, strict=True):
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True).stdout.decode()
        item = redacted[name].result
        for masked in item.plan.masked:
            assert masked.finding.text not in text, (name, masked.finding.kind)


# Hypothesis: a datum split over random run boundaries, each run formatted differently.
_DATUM = "13812345678"
_TEXT = f"电话{_DATUM}。另有{_DATUM}"


@settings(max_examples=60)
@given(cuts=st.lists(st.integers(1, len(_TEXT) - 1), max_size=8, unique=True))
def test_mask_across_any_run_split(cuts):
    bounds = [0, *sorted(cuts), len(_TEXT)]
    pieces = [_TEXT[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    runs = "".join(run(piece, f'<w:sz w:val="{20 + i}"/>') for i, piece in enumerate(pieces))
    root = etree.fromstring(f"<w:document {XMLNS}><w:body>{paragraph(runs)}</w:body></w:document>")
    replacement = Masker().replacement("mobile", _DATUM)
    assert mask_paragraphs(root, Replacer({_DATUM: replacement})) == 2
    after = [("".join(t.text or "" for t in r.iter(f"{{{W}}}t")), r.find(f"{{{W}}}rPr/{{{W}}}sz").get(f"{{{W}}}val"))
             for r in root.iter(f"{{{W}}}r")]
    assert "".join(text for text, _ in after) == _TEXT.replace(_DATUM, replacement)
    assert [len(text) for text, _ in after] == [len(piece) for piece in pieces]
    assert [size for _, size in after] == [str(20 + i) for i in range(len(pieces))]


def test_keeping_one_of_two_equal_items_masks_both_and_says_so(tmp_path):
    document = new_document()
    add_body_xml(document, paragraph(run("申请人联系电话：13812345678。")) + paragraph(run("复核电话：13812345678。")))
    source = save(document, tmp_path / "in.docx")
    result = redact_file(source, tmp_path / "out.docx", keep={1: "法律法规规定公开"})
    assert [k.overridden for k in result.plan.kept] == [True]
    assert result.leak.clean
    assert "13812345678" not in "\n".join(b.text for b in _blocks(result.output))


def test_a_listed_number_sharing_an_area_code_is_masked_like_the_first(tmp_path):
    document = new_document()
    add_body_xml(document, paragraph(run("联系电话：（０９３１）５５５１２３４，５５５１２３５（兼传真）。")))
    source = save(document, tmp_path / "in.docx")
    result = redact_file(source, tmp_path / "out.docx")
    assert [item.finding.text for item in result.plan.masked] == ["（０９３１）５５５１２３４", "５５５１２３５"]
    assert result.leak.clean
    assert "联系电话：（０９３１）*****３４，*****３５（兼传真）。" in [b.text for b in _blocks(result.output)]


def test_a_failing_writer_leaves_no_output(tmp_path, sample_dir, monkeypatch):
    import review.redact.service as service

    def broken(*args, **kwargs):
        (tmp_path / "out.docx").write_bytes(b"half")
        raise ValueError("boom")

    monkeypatch.setattr(service, "redact_docx", broken)
    with pytest.raises(RedactError):
        redact_file(sample_dir / "gongshi_dibao.docx", tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()


def test_deleted_paragraph_mark_joins_the_paragraphs(tmp_path):
    deleted_mark = '<w:rPr><w:del w:id="1" w:author="李四" w:date="2026-03-01T00:00:00Z"/></w:rPr>'
    document = new_document()
    centred = '<w:jc w:val="center"/>'
    add_body_xml(document, paragraph(run("第一段"), deleted_mark) + paragraph(run("接着第二段"), centred)
                 + paragraph(run("第三段")))
    source = save(document, tmp_path / "in.docx")
    result = redact_file(source, tmp_path / "out.docx")
    texts = [b.text for b in _blocks(result.output) if b.where == "body"]
    assert texts[:2] == ["第一段接着第二段", "第三段"]
    with zipfile.ZipFile(result.output) as archive:
        body = archive.read("word/document.xml").decode()
    assert "李四" not in body and '<w:jc w:val="center"/>' in body


def test_plan_masks_every_form_of_a_datum():
    from review.model import Finding

    finding = Finding("mobile", "138 1234 5678", "body", "正文第1段", None, 0, 13, 0)
    table = RedactionPlan.build([finding], Masker()).table
    assert dict(table) == {"138 1234 5678": "138 **** 5678", "１３８ １２３４ ５６７８": "１３８ **** ５６７８",
                     "13812345678": "138****5678", "１３８１２３４５６７８": "１３８****５６７８"}
    replacer = Replacer(table)
    assert replacer.replace("电话１３８１２３４５６７８或13812345678") == "电话１３８****５６７８或138****5678"


def test_a_form_mixing_widths_is_masked_as_its_half_width_form():
    from review.model import Finding

    finding = Finding("mobile", "13812345678", "body", "正文第1段", None, 0, 11, 0)
    replacer = Replacer(RedactionPlan.build([finding], Masker()).table)
    assert replacer.replace("电话１38１２３４5678。") == "电话138****5678。"


def test_given_findings_write_what_a_scan_would(redacted, scanner, tmp_path):
    # The workflow hands over the findings it stored at upload: the output must be the one the scan gives.
    item = redacted["gongshi_dibao.docx"]
    result = redact_file(item.source, tmp_path / "out.docx", scanner=scanner, findings=item.report.personal_data)
    assert result.leak.clean and result.leak.sha256 == item.result.leak.sha256


def test_keep_numbers_count_the_given_findings(redacted, scanner, tmp_path):
    item = redacted["gongshi_dibao.docx"]
    given = item.report.personal_data[::-1]
    result = redact_file(item.source, tmp_path / "out.docx", keep={1: "惩戒公示"}, scanner=scanner, findings=given)
    assert [k.finding for k in result.plan.kept] == [item.report.personal_data[-1]]
    assert len(result.plan.masked) == len(given) - 1


def test_definition_parts_are_copied_byte_for_byte(redacted):
    item = redacted["gongshi_dibao.docx"]
    with zipfile.ZipFile(item.source) as before, zipfile.ZipFile(item.result.output) as after:
        for part in ("word/styles.xml", "word/stylesWithEffects.xml", "word/numbering.xml", "word/fontTable.xml",
                     "word/theme/theme1.xml", "word/settings.xml", "word/webSettings.xml"):
            assert after.read(part) == before.read(part), part
        assert after.read("word/document.xml") != before.read("word/document.xml")


# Masked in the body; the tests below put it in the styles part as well, in the ways a text search could miss.
_CONTACT = "联系人：张三，联系电话：13812345678。"


def _with_styles(tmp_path: Path, edit) -> Path:
    document = new_document()
    add_body_xml(document, paragraph(run(_CONTACT)))
    built = save(document, tmp_path / "built.docx")
    with zipfile.ZipFile(built) as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
    return rewrite(built, tmp_path / "in.docx", replace={"word/styles.xml": edit(styles)})


def _styles_after(tmp_path: Path, source: Path) -> tuple[RedactionResult, bytes]:
    result = redact_file(source, tmp_path / "out.docx")
    assert "张三" in {m.finding.text for m in result.plan.masked}
    assert result.leak.clean, result.leak.survivors
    with zipfile.ZipFile(result.output) as archive:
        return result, archive.read("word/styles.xml")


def _style(name: str) -> str:
    return f'<w:style w:type="paragraph" w:styleId="Contact"><w:name w:val="{name}"/></w:style></w:styles>'


def test_a_copied_part_keeps_what_lies_outside_its_root(tmp_path):
    source = _with_styles(tmp_path, lambda xml: (xml + "<!-- 模板：公文 -->").encode("utf-8"))
    _, styles = _styles_after(tmp_path, source)
    with zipfile.ZipFile(source) as archive:
        assert styles == archive.read("word/styles.xml")
    assert styles.endswith("<!-- 模板：公文 -->".encode())


@pytest.mark.parametrize("name, encoding", [
    ("张三样式", "utf-8"),
    ("&#x5F20;&#x4E09;样式", "utf-8"),  # only as character references: a search of the text as written misses it
    ("张三样式", "utf-16-le"),  # no BOM, and every byte ASCII or NUL: it reads as UTF-8 without the name in it
])
def test_a_masked_name_in_a_definitions_part_is_masked(tmp_path, name, encoding):
    def edit(xml: str) -> bytes:
        xml = xml.replace("</w:styles>", _style(name))
        return xml.replace("encoding='UTF-8'", f"encoding='{encoding[:6].upper()}'").encode(encoding)

    _, styles = _styles_after(tmp_path, _with_styles(tmp_path, edit))
    value = etree.fromstring(styles).find(f".//{{{W}}}style[@{{{W}}}styleId='Contact']/{{{W}}}name").get(f"{{{W}}}val")
    assert "张三" not in value and value.endswith("样式")


@pytest.mark.parametrize("extra, gone", [
    ('<w:rPr><w:rPrChange w:id="9" w:author="李四"><w:rPr/></w:rPrChange></w:rPr>', b"rPrChange"),
    ("<!-- 李四 --><w:rPr/>", None),  # nothing to clean: copied as it is
])
def test_a_definitions_part_with_something_to_clean_is_cleaned(tmp_path, extra, gone):
    def edit(xml: str) -> bytes:
        return xml.replace("</w:styles>", _style("Contact").replace("</w:style>", extra + "</w:style>")).encode()

    source = _with_styles(tmp_path, edit)
    result, styles = _styles_after(tmp_path, source)
    with zipfile.ZipFile(source) as archive:
        assert (styles == archive.read("word/styles.xml")) is (gone is None)
    if gone is not None:
        assert gone not in styles and "李四".encode() not in styles
        assert result.docx.revisions_accepted == 1


def test_text_hidden_by_a_style_is_removed(tmp_path):
    hidden = ('<w:style w:type="paragraph" w:styleId="Hidden"><w:name w:val="Hidden"/>'
              "<w:rPr><w:vanish/></w:rPr></w:style>")
    document = new_document()
    add_body_xml(document, paragraph(run(_CONTACT)) + paragraph(run("内部备注"), '<w:pStyle w:val="Hidden"/>'))
    built = save(document, tmp_path / "built.docx")
    with zipfile.ZipFile(built) as archive:
        styles = archive.read("word/styles.xml").decode("utf-8").replace("</w:styles>", hidden + "</w:styles>")
    source = rewrite(built, tmp_path / "in.docx", replace={"word/styles.xml": styles.encode()})
    result = redact_file(source, tmp_path / "out.docx")
    assert result.docx.hidden_runs_removed == 1
    with zipfile.ZipFile(result.output) as archive:
        assert "内部备注" not in archive.read("word/document.xml").decode()
