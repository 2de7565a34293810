"""The leak check (review/redact/leakcheck.py) finds a masked original wherever it was planted back."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx_factory import add_body_xml, new_document, paragraph, rewrite, run, save
from hypothesis import given
from hypothesis import strategies as st

from review.redact.leakcheck import check_output
from review.redact.service import redact_file

MOBILE = "13812345678"
NAME = "王小明"
ORIGINALS = [("mobile", MOBILE), ("person_name", NAME)]


@pytest.fixture(scope="module")
def clean_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A redacted document that held a name and a mobile number in its body and its author property."""
    folder = tmp_path_factory.mktemp("leak")
    document = new_document()
    add_body_xml(document, paragraph(run(f"联系人：{NAME}，电话{MOBILE}。")) + paragraph(run("其他内容。")))
    document.core_properties.author = NAME
    source = save(document, folder / "in.docx")
    result = redact_file(source, folder / "out.docx")
    assert {m.finding.text for m in result.plan.masked} == {MOBILE, NAME}
    assert result.leak.clean
    return result.output


def _member(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def _plant_in_document(source: Path, target: Path, xml: str) -> Path:
    body = _member(source, "word/document.xml").replace(b"<w:sectPr", xml.encode() + b"<w:sectPr", 1)
    return rewrite(source, target, replace={"word/document.xml": body})


def test_clean_output_has_a_sha256(clean_output):
    import hashlib

    report = check_output(clean_output, ORIGINALS)
    assert report.clean and report.checked == 2
    assert report.sha256 == hashlib.sha256(clean_output.read_bytes()).hexdigest()
    assert report.to_json()["survivors"] == []


def test_tracked_deletion_is_caught(clean_output, tmp_path):
    planted = _plant_in_document(clean_output, tmp_path / "x.docx",
                                 f'<w:p><w:del w:id="9" w:author="x"><w:r><w:delText>{MOBILE}</w:delText></w:r>'
                                 "</w:del></w:p>")
    report = check_output(planted, ORIGINALS)
    assert not report.clean
    wheres = {s.where for s in report.survivors if s.text == MOBILE}
    assert any("tracked_deletion" in w for w in wheres)
    assert any(w.startswith("word/document.xml") for w in wheres)


def test_property_is_caught(clean_output, tmp_path):
    core = _member(clean_output, "docProps/core.xml").replace(b"<dc:title/>", f"<dc:title>{NAME}</dc:title>".encode())
    core = core.replace(b"<dc:title></dc:title>", f"<dc:title>{NAME}</dc:title>".encode())
    assert NAME.encode() in core
    report = check_output(rewrite(clean_output, tmp_path / "x.docx", replace={"docProps/core.xml": core}), ORIGINALS)
    assert not report.clean
    assert {s.where for s in report.survivors} >= {"docProps/core.xml（utf-8）"}


def test_unrelated_comment_part_is_caught_by_bytes(clean_output, tmp_path):
    # Not related from the document, so no extractor reads it; the byte search still does.
    comment = f'<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment ' \
              f'w:id="0"><w:p><w:r><w:t>{NAME}</w:t></w:r></w:p></w:comment></w:comments>'
    planted = rewrite(clean_output, tmp_path / "x.docx", add={"word/comments.xml": comment.encode()})
    report = check_output(planted, ORIGINALS)
    assert [(s.text, s.where) for s in report.survivors] == [(NAME, "word/comments.xml（utf-8）")]


@pytest.mark.parametrize(("form", "encoding"), [
    (MOBILE, "utf-16-le"),
    (MOBILE, "utf-16-be"),
    ("１３８１２３４５６７８", "utf-8"),
])
def test_other_encodings_and_forms_are_caught(clean_output, tmp_path, form, encoding):
    planted = rewrite(clean_output, tmp_path / "x.docx", add={"word/media/blob.bin": b"\x00" + form.encode(encoding)})
    report = check_output(planted, ORIGINALS)
    assert [s.text for s in report.survivors] == [MOBILE]
    assert report.survivors[0].where.startswith("word/media/blob.bin")


@pytest.mark.parametrize("form", ["１３８１２３４５６７８", "138 1234 5678", "１３８-１２３４-５６７８",
                                  "１38１２３４5678"])
def test_other_forms_in_the_body_are_caught(clean_output, tmp_path, form):
    planted = _plant_in_document(clean_output, tmp_path / "x.docx", paragraph(run(f"电话{form}")))
    report = check_output(planted, ORIGINALS)
    assert any("body" in s.where for s in report.survivors)


def test_unreadable_output_is_never_clean(tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    report = check_output(broken, ORIGINALS)
    assert not report.clean and report.error


@pytest.mark.parametrize(("tail", "caught"), [(b"\x00\x00", True), ("张".encode("utf-16-le"), False)])
def test_short_utf16_hits_in_binary_need_a_terminator(clean_output, tmp_path, tail, caught):
    # In an image a two-character UTF-16 match is noise unless it ends like a metadata field (EXIF XPAuthor).
    blob = b"\x89PNG\x01" + NAME.encode("utf-16-le") + tail
    planted = rewrite(clean_output, tmp_path / "x.docx", add={"word/media/image9.png": blob})
    report = check_output(planted, ORIGINALS)
    assert (NAME in {s.text for s in report.survivors}) is caught


def test_pdf_string_outside_any_text_is_caught(tmp_path, sample_dir):
    import pikepdf

    from review.redact.service import redact_file as redact

    result = redact(sample_dir / "gongshi_dibao.pdf", tmp_path / "out.pdf")
    name = result.plan.masked[0].finding.text
    planted = tmp_path / "planted.pdf"
    with pikepdf.open(result.output) as pdf:
        pdf.Root.PrivateNote = pikepdf.String(f"审核：{name}")  # UTF-16BE with a BOM, as PDF stores CJK text
        pdf.save(planted, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    originals = [(m.finding.kind, m.finding.text) for m in result.plan.masked]
    report = check_output(planted, originals)
    assert not report.clean
    assert any(s.text == name and "字符串" in s.where for s in report.survivors)


def test_embedded_workbook_is_searched(clean_output, tmp_path):
    import io

    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as workbook:
        workbook.writestr("xl/sharedStrings.xml", f"<sst><si><t>{NAME}</t></si></sst>")
    planted = rewrite(clean_output, tmp_path / "x.docx", add={"word/embeddings/Workbook1.xlsx": inner.getvalue()})
    report = check_output(planted, ORIGINALS)
    assert [(s.text, s.where) for s in report.survivors] == [
        (NAME, "word/embeddings/Workbook1.xlsx/xl/sharedStrings.xml（utf-8）")]


@given(words=st.lists(st.text(alphabet="ab张三1*.", min_size=1, max_size=5), min_size=1, max_size=8),
       text=st.text(alphabet="ab张三1*.x", max_size=30))
def test_trie_search_finds_any_occurrence(words, text):
    import re

    from review.redact._textmask import trie_pattern

    pattern = re.compile(trie_pattern(words))
    matches = [m.group() for m in pattern.finditer(text)]
    assert all(m in words for m in matches)
    # The verdict the leak check relies on: some word occurs exactly when the search finds something.
    assert bool(matches) == any(word in text for word in words)
    # Longest first at a position: no word that starts where a match starts is longer than the match.
    for m in pattern.finditer(text):
        assert not any(text.startswith(w, m.start()) and len(w) > len(m.group()) for w in words)


@given(words=st.lists(st.text(alphabet="ab张三1*.\x00", min_size=1, max_size=9), min_size=1, max_size=8),
       text=st.text(alphabet="ab张三1*.x\x00", max_size=40))
def test_word_search_finds_what_the_full_trie_finds(words, text):
    import re

    from review.redact._textmask import WordSearch, trie_pattern

    # The search compiles only the words' first characters; its matches must be the full trie regex's.
    expected = [(m.start(), m.end()) for m in re.compile(trie_pattern(words)).finditer(text)]
    assert list(WordSearch(words).finditer(text)) == expected
    assert WordSearch(words).found(text) is bool(expected)
