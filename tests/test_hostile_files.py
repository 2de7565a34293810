"""Hostile, damaged, encrypted and unreadable samples: the right status, a Chinese reason, quickly, nothing inflated."""

from __future__ import annotations

import json
import time
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest
import regex

from review.model import Status
from review.scanner import Scanner

SAMPLES = Path(__file__).resolve().parent.parent / "sample_docs"
TRUTH: list[dict[str, Any]] = json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))
NOT_OK = {e["file"]: e for e in TRUTH if e["status"] != "ok"}
BOMBS = ("zip_zhadan_shengming.docx", "zip_zhadan_yasuobi.docx", "doctype_zhadan.docx")
HAN = regex.compile(r"\p{Han}")
# Generous for a shared two-core machine; a guard that parses or inflates a bomb takes far longer.
SECONDS = 5.0
BOMB_SECONDS = 2.0
BOMB_PEAK_BYTES = 32 * 1024 * 1024


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    """One scanner for all files."""
    return Scanner()


def test_sample_set_has_each_hostile_kind() -> None:
    """The set covers every status a file can end in, and the bombs are small on disk."""
    assert {e["status"] for e in NOT_OK.values()} == {"rejected", "unreadable", "encrypted", "needs_ocr"}
    assert all((SAMPLES / "files" / name).stat().st_size < 200_000 for name in BOMBS)


@pytest.mark.parametrize("name", sorted(NOT_OK))
def test_status_and_chinese_reason(scanner: Scanner, name: str) -> None:
    """Each file gets its status and a reason a clerk can read (Chinese first), within a few seconds."""
    start = time.perf_counter()
    report = scanner.scan(SAMPLES / "files" / name)
    elapsed = time.perf_counter() - start
    assert report.status == Status(NOT_OK[name]["status"]), report.error
    assert report.error and HAN.search(report.error.split(" / ")[0]), report.error
    assert elapsed < SECONDS
    if report.status is not Status.NEEDS_OCR:
        assert report.personal_data == () and report.attribute.value is None


@pytest.mark.parametrize("name", BOMBS)
def test_bomb_refused_without_inflating(scanner: Scanner, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A zip or entity bomb is refused from its declared sizes or its DOCTYPE, before document.xml is expanded."""
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self: zipfile.ZipFile, member: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(member if isinstance(member, str) else member.filename)
        return real_open(self, member, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    tracemalloc.start()
    start = time.perf_counter()
    try:
        report = scanner.scan(SAMPLES / "files" / name)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.status is Status.REJECTED, report.error
    assert elapsed < BOMB_SECONDS
    assert peak < BOMB_PEAK_BYTES
    if name.startswith("zip_"):
        assert "word/document.xml" not in opened
