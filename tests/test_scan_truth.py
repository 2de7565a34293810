"""Score the scanner against the sample set's truth file (sample_docs/truth.json, see docs/detection-rules.md).

Personal data is matched as a multiset of (file, kind, text, where) over every file; per kind precision and recall
must reach 0.98, recall 1.00 for id_card, bank_card and mobile. Status, attribute and secrecy must match on every
file, and no decoy may appear in any finding. ``pytest -s`` prints the per-kind table; a failure carries it too,
with the items missed and the items reported wrongly.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from review.model import KIND_VALUES, ScanReport
from review.scanner import Scanner

SAMPLES = Path(__file__).resolve().parent.parent / "sample_docs"
TRUTH: list[dict[str, Any]] = json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))
BY_FILE = {entry["file"]: entry for entry in TRUTH}
MIN_SCORE = 0.98
MUST_FIND_ALL = ("id_card", "bank_card", "mobile")

Item = tuple[str, str, str, str]  # (file, kind, text, where)


@pytest.fixture(scope="module")
def reports() -> dict[str, ScanReport]:
    """Every sample scanned once with the default detectors."""
    scanner = Scanner()
    return {name: scanner.scan(SAMPLES / "files" / name) for name in BY_FILE}


def _found(reports: dict[str, ScanReport]) -> Counter[Item]:
    return Counter((name, f.kind, f.text, f.where) for name, r in reports.items() for f in r.personal_data)


def _planted() -> Counter[Item]:
    return Counter((e["file"], p["kind"], p["text"], p["where"]) for e in TRUTH for p in e["personal_data"])


def score_table(planted: Counter[Item], found: Counter[Item]) -> tuple[str, dict[str, tuple[float, float]]]:
    """A per-kind precision/recall table and the scores it shows."""
    lines = [f"{'kind':<14}{'planted':>8}{'found':>7}{'hit':>6}{'missed':>8}{'extra':>7}{'precision':>11}{'recall':>8}"]
    scores: dict[str, tuple[float, float]] = {}
    for kind in KIND_VALUES:
        want = Counter({k: v for k, v in planted.items() if k[1] == kind})
        got = Counter({k: v for k, v in found.items() if k[1] == kind})
        hit = sum((want & got).values())
        precision = hit / sum(got.values()) if got else 1.0
        recall = hit / sum(want.values()) if want else 1.0
        scores[kind] = (precision, recall)
        lines.append(f"{kind:<14}{sum(want.values()):>8}{sum(got.values()):>7}{hit:>6}{sum((want - got).values()):>8}"
                     f"{sum((got - want).values()):>7}{precision:>11.3f}{recall:>8.3f}")
    return "\n".join(lines), scores


def _listing(title: str, items: Counter[Item]) -> str:
    rows = [f"  {file} | {kind} | {text!r} | {where}" + (f" x{n}" if n > 1 else "")
            for (file, kind, text, where), n in sorted(items.items())]
    return f"{title} ({sum(items.values())}):\n" + ("\n".join(rows) if rows else "  none")


def test_truth_covers_every_sample_file() -> None:
    """The truth file and the files folder list the same samples."""
    on_disk = {p.name for p in (SAMPLES / "files").iterdir()}
    assert on_disk == set(BY_FILE)


def test_personal_data_scores(reports: dict[str, ScanReport]) -> None:
    """Per-kind precision and recall over all files, matched on (file, kind, text, where)."""
    planted, found = _planted(), _found(reports)
    table, scores = score_table(planted, found)
    print("\n" + table)
    failures = [f"{kind}: precision {p:.3f} recall {r:.3f}" for kind, (p, r) in scores.items()
                if p < MIN_SCORE or r < (1.0 if kind in MUST_FIND_ALL else MIN_SCORE)]
    detail = "\n".join([table, _listing("missed", planted - found), _listing("extra", found - planted)])
    assert not failures, "\n".join(failures) + "\n" + detail


@pytest.mark.parametrize("name", sorted(BY_FILE))
def test_status(reports: dict[str, ScanReport], name: str) -> None:
    """Each file is read (or refused) with the status its truth gives, and recognised as the right format."""
    report, truth = reports[name], BY_FILE[name]
    assert (report.status.value, report.format) == (truth["status"], truth["format"]), report.error


@pytest.mark.parametrize("name", sorted(BY_FILE))
def test_attribute(reports: dict[str, ScanReport], name: str) -> None:
    """The 公开属性 value, conflict flag and marking text; a conflict's markings compared as a set."""
    got, want = reports[name].attribute, BY_FILE[name]["attribute"]
    assert (got.value, got.conflict) == (want["value"], want["conflict"]), got.marking
    if want["conflict"]:
        assert set((got.marking or "").split(" / ")) == set(want["marking"].split(" / "))
    else:
        assert got.marking == want["marking"]


@pytest.mark.parametrize("name", sorted(BY_FILE))
def test_secrecy(reports: dict[str, ScanReport], name: str) -> None:
    """The secrecy marking at the head of the document, or none."""
    got, want = reports[name].secrecy, BY_FILE[name]["secrecy"]
    assert (got.marking if got else None) == (want["marking"] if want else None)


def test_no_decoy_reported(reports: dict[str, ScanReport]) -> None:
    """No finding that the truth does not expect overlaps a decoy (发文字号, hotlines, masked values …)."""
    planted = _planted()
    wrong = []
    for name, report in reports.items():
        decoys = BY_FILE[name]["decoys"]
        for f in report.personal_data:
            if planted[(name, f.kind, f.text, f.where)]:
                continue
            hits = [d for d in decoys if d in f.text or f.text in d]
            if hits:
                wrong.append(f"{name}: {f.kind} {f.text!r} ({f.where}) matches decoy {hits[0]!r}")
    assert not wrong, "\n".join(wrong)
