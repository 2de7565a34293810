"""The scanner checks many blocks at once (their texts joined by newlines); that must find exactly what checking
each block on its own finds: no finding made or lost at a block edge, overlaps resolved in the same order."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review import scanner as scanner_module
from review.detectors import default_detectors
from review.detectors.base import Batch
from review.errors import ReviewError, ScanIncomplete
from review.extractors import extractor_for
from review.model import Finding, TextBlock, Where
from review.scanner import Scanner
from review.settings import ScanSettings
from review.text import halfwidth

SAMPLES = Path(__file__).resolve().parent.parent / "sample_docs" / "files"
SETTINGS = ScanSettings()
SCANNER = Scanner(SETTINGS)
DETECTORS = default_detectors(SETTINGS)


def one_by_one(blocks: Sequence[TextBlock]) -> list[Sequence[Finding]]:
    """The reference: every detector's single-block ``detect`` on each block, an overlap to the earlier detector
    (a block without findings gets an empty tuple, as ``detect_blocks`` gives it)."""
    result: list[Sequence[Finding]] = []
    for block in blocks:
        text = halfwidth(block.text)
        kept: list[Finding] = []
        for detector in DETECTORS:
            for finding in detector.detect(block, text, kept):
                if not any(f.start < finding.end and finding.start < f.end for f in kept):
                    kept.append(finding)
        result.append(sorted(kept, key=lambda f: f.start) if kept else ())
    return result


def sample_blocks(path: Path) -> list[TextBlock]:
    with extractor_for(path.suffix.lstrip("."))(path, SETTINGS) as extractor:
        return list(extractor.blocks())


def readable_samples() -> list[Path]:
    """The sample files the extractors read completely (the hostile ones are refused before any block)."""
    readable = []
    for path in sorted(SAMPLES.iterdir()):
        if path.suffix in (".docx", ".pdf"):
            try:
                sample_blocks(path)
            except ReviewError:  # a refused file has no blocks to compare
                continue
            readable.append(path)
    return readable


@pytest.mark.parametrize("path", readable_samples(), ids=lambda path: path.name)
def test_batch_and_single_block_paths_agree_on_every_sample(path: Path) -> None:
    blocks = sample_blocks(path)
    assert SCANNER.detect_blocks(blocks) == one_by_one(blocks)


def test_scanner_detect_is_the_batch_of_one() -> None:
    text = "申请人：张三，身份证号510902199001018193，住址：河东区汤河镇张家村3组12号"
    block = TextBlock(text, "body", 0, "正文第1段")
    assert SCANNER.detect(block, halfwidth(block.text)) == one_by_one([block])[0]
    assert [f.kind for f in SCANNER.detect(block, halfwidth(block.text))] == ["person_name", "id_card", "address"]


def test_a_block_with_hundreds_of_findings_keeps_the_same_ones_in_order() -> None:
    # A PDF page is one block: overlaps are resolved among hundreds of held findings, not a handful.
    line = ("张三，身份证号510902199001018193，电话138 1234 5678，住址：河东区汤河镇张家村3组12号；"
            "李四同志0539-8123456；")
    block = TextBlock(line * 300, "body", 0, "第1页")
    (found,) = SCANNER.detect_blocks([block])
    assert found == one_by_one([block])[0]
    assert len(found) == 300 * 6


def test_a_scanner_narrowed_to_some_kinds_finds_only_those() -> None:
    # The benchmark compares our id_card, mobile, landline and e-mail detectors with a tool that finds only those.
    text = "申请人：张三，身份证号510902199001018193，电话13812345678，住址：河东区汤河镇张家村3组12号"
    block = TextBlock(text, "body", 0, "正文第1段")
    narrowed = Scanner(SETTINGS, kinds={"id_card", "mobile"})
    assert [(f.kind, f.text) for f in narrowed.detect(block, halfwidth(text))] == [
        ("id_card", "510902199001018193"), ("mobile", "13812345678")]


def test_every_sample_is_read_in_batches_with_the_same_findings() -> None:
    # The whole-file scan joins the blocks of a file; its findings are the per-block ones in reading order.
    for path in readable_samples()[:12]:
        report = SCANNER.scan(path)
        expected = [finding for found in one_by_one(sample_blocks(path)) for finding in found]
        assert list(report.personal_data) == expected, path.name


def test_runs_split_at_the_batch_bound_keep_every_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    # A file longer than one batch is checked in several; an edge between batches is a block edge like any other.
    blocks = [TextBlock(text, "body", i, f"第{i + 1}段") for i, text in enumerate(
        ["张三，身份证号510902199001018193", "电话13812345678", "住址：河东区汤河镇张家村3组12号", "李四同志"] * 5)]
    monkeypatch.setattr(scanner_module, "BATCH_CHARS", 40)
    assert len(list(scanner_module.batches(blocks))) > 4
    assert SCANNER.detect_blocks(blocks) == one_by_one(blocks)


def test_running_out_of_time_in_a_batch_fails_closed_and_says_where() -> None:
    text = "身份证号：510902199001018193，电话13812345678，住址：河东区人民路12号；" * 500
    blocks = [TextBlock(text, "table", i, f"表格1 第{i + 1}行第2列") for i in range(40)]
    hurried = Scanner(ScanSettings(regex_timeout_seconds=1e-6))
    with pytest.raises(ScanIncomplete) as caught:
        hurried.detect_blocks(blocks)
    assert "表格1 第1行第2列" in caught.value.zh


def test_batches_gathered_while_bounding_runs_are_those_built_from_their_blocks(
        monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = [TextBlock(text, "table", i, f"第{i + 1}格") for i, text in enumerate(
        ["张三", "", "身份证号５１０９０２１９９００１０１８１９３", "电话13812345678", "住址：河东区"] * 7)]
    monkeypatch.setattr(scanner_module, "BATCH_CHARS", 50)
    gathered = list(scanner_module.batches(blocks))
    assert len(gathered) > 3
    assert gathered == [Batch.of(batch.blocks) for batch in gathered]
    assert [block for batch in gathered for block in batch.blocks] == blocks


def test_batch_maps_spans_back_to_their_blocks() -> None:
    blocks = [TextBlock(text, "body", i, f"第{i + 1}段") for i, text in enumerate(["ab", "", "（１２）", "xyz"])]
    batch = Batch.of(blocks)
    assert batch.joined == "ab\n\n(12)\nxyz"
    assert [batch.text(i) for i in range(4)] == ["ab", "", "(12)", "xyz"]
    assert batch.by_block([(0, 2), (5, 7), (9, 11)]) == {0: [(0, 2)], 2: [(1, 3)], 3: [(0, 2)]}


# Characters the patterns are built from, so random blocks often hold a number, an address or a name right at
# their edges: digits (full-width too), separators, the letters passports, plates and e-mails use, address and
# name words, and newlines inside a block (a PDF page holds many lines).
ALPHABET = list("0123456789０１２３ -+()（）:：，、.@*xXEGA川京") + [
    "号", "路", "村", "组", "区", "市", "镇", "小区", "单元", "室", "张", "王", "李", "三", "四", "同志", "姓名",
    "住址", "身份证号", "电话", "护照", "信用代码", "办公地址", "\n", "138", "0", "510902199001018193",
    "6222021234567894", "13812345678", "028-", "85123456", ",85123457", "/", "+86", "0086", "a@b.cn",
]
PLACES: list[tuple[Where, str | None, str]] = [
    ("body", None, "正文"), ("table", "姓名", "表格"), ("table", "住址", "表格"), ("table", "备注", "表格"),
    ("metadata", None, "文档属性：作者"),
]


@st.composite
def blocks_strategy(draw: st.DrawFn) -> list[TextBlock]:
    count = draw(st.integers(min_value=1, max_value=8))
    blocks = []
    for index in range(count):
        text = "".join(draw(st.lists(st.sampled_from(ALPHABET), max_size=14)))
        where, header, location = draw(st.sampled_from(PLACES))
        blocks.append(TextBlock(text, where, index, location, None, header))
    return blocks


@given(blocks_strategy())
def test_joining_blocks_never_makes_or_loses_a_finding(blocks: list[TextBlock]) -> None:
    assert SCANNER.detect_blocks(blocks) == one_by_one(blocks)
