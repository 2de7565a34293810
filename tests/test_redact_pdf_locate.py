"""Locating masked originals from stored findings (review/redact/pdf_locate.py) against the scan's full reading."""

from __future__ import annotations

from pathlib import Path

import pytest
from redact_support import PDF_WITH_DATA, labelling_masker

from review.extractors.pdf import PdfExtractor
from review.redact._textmask import Replacer
from review.redact.pdf_locate import locate
from review.redact.pdf_writer import PageMarks, page_marks
from review.redact.plan import RedactionPlan
from review.redact.policy import Masker
from review.redact.service import redact_file
from review.scanner import Scanner
from review.settings import ScanSettings

LABELLING = labelling_masker()


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def _full_reading(path: Path, replacer: Replacer, labels: frozenset[str]) -> dict[int, PageMarks]:
    with PdfExtractor(path, ScanSettings()) as extractor:
        return page_marks(list(extractor.blocks()), replacer, labels)


def _comparable(marks: dict[int, PageMarks]) -> dict[int, tuple[set, list]]:
    return {page: (set(m.plain), sorted((tuple(boxes), text) for boxes, text in m.labels))
            for page, m in marks.items()}


@pytest.mark.parametrize("masker", [Masker(), LABELLING], ids=["masks", "labels"])
@pytest.mark.parametrize("name", PDF_WITH_DATA)
def test_located_boxes_are_those_of_the_full_reading(scanner, sample_dir, name, masker):
    path = sample_dir / name
    plan = RedactionPlan.build(scanner.scan(path).personal_data, masker)
    replacer = Replacer(plan.table)
    located = locate(path, scanner.settings, replacer, plan.labels, [m.finding for m in plan.masked])
    assert located is not None, "every finding should be met on its page"
    assert _comparable(located) == _comparable(_full_reading(path, replacer, plan.labels))


def test_a_finding_not_met_on_its_page_sends_the_file_to_the_full_reading(scanner, sample_dir, tmp_path):
    path = sample_dir / "gongshi_dibao.pdf"
    findings = list(scanner.scan(path).personal_data)
    pages = {f.page for f in findings}
    assert pages == {1}, "precondition: a one-page sample"
    # As if the stored scan had seen the first datum on a page this reading does not meet it on.
    moved = [findings[0]._replace(page=2), *findings[1:]]
    plan = RedactionPlan.build(moved, Masker())
    replacer = Replacer(plan.table)
    assert locate(path, scanner.settings, replacer, plan.labels, [m.finding for m in plan.masked]) is None
    # The redaction then reads the file fully and still masks everything.
    result = redact_file(path, tmp_path / "out.pdf", scanner=scanner, findings=moved)
    assert result.leak.clean and result.pdf is not None and result.pdf.rewritten_pages == [1]
