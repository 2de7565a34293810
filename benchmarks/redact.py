"""Redaction speed: time to redact + leak-check a 20-page .docx and a 20-page .pdf, against the time to scan them.

    python benchmarks/redact.py             # builds the three files in a temporary folder
    python benchmarks/redact.py --rounds 5

The .docx is built with python-docx (a 公示 table of names, ID numbers, addresses and mobiles on every page, and
prose around it); the .pdf is LibreOffice's rendering of it. A second .pdf draws the same tables ruled, as 公示
tables usually are. The scan finds the first one's tables by the alignment of their text and the second's by
their rulings; both give the 1000 items of the .docx. Prints best-of-rounds seconds for the scan, for the whole
redaction as the workflow runs it at publish time (given the stored findings: it writes and leak-checks), and
their ratio; target <= 2x. The command line's redaction, which scans the input itself, is printed beside it.
Each redaction round compiles its document's search pattern afresh (re's own cache is cleared too), as one
publication does.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from review.redact._textmask import search_pattern  # noqa: E402
from review.redact.leakcheck import check_output  # noqa: E402
from review.redact.service import redact_file  # noqa: E402
from review.scanner import Scanner  # noqa: E402

PAGES = 20
ROWS_PER_PAGE = 12
TARGET = 2.0
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华玉兰金凤"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(rng: random.Random) -> str:
    """A valid 18-digit ID number (GB 11643 check digit) with a real birth date."""
    body = f"371312{rng.randint(1940, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]
    return body + check


def build_docx(path: Path, seed: int = 7, ruled: bool = False) -> Path:
    """A 20-page 公示 document: per page a paragraph of prose, a person table (``ruled``: with its grid drawn)
    and a contact line."""
    import docx
    from docx.enum.text import WD_BREAK

    rng = random.Random(seed)
    document = docx.Document()
    document.add_paragraph("关于2026年城乡最低生活保障对象的公示")
    for page in range(PAGES):
        document.add_paragraph("根据有关规定，经个人申请、镇街审核、区民政局审批，现将保障对象公示如下。" * 2)
        table = document.add_table(rows=1, cols=4, style="Table Grid" if ruled else None)
        for cell, header in zip(table.rows[0].cells, ("姓名", "身份证号", "家庭住址", "联系电话"), strict=True):
            cell.text = header
        for _ in range(ROWS_PER_PAGE):
            cells = table.add_row().cells
            cells[0].text = rng.choice(_SURNAMES) + "".join(rng.choices(_GIVEN, k=rng.randint(1, 2)))
            cells[1].text = id_number(rng)
            cells[2].text = f"河东区汤河镇大官庄村{rng.randint(1, 12)}组{rng.randint(1, 99)}号"
            cells[3].text = f"13{rng.randint(3, 9)}{rng.randint(10_000_000, 99_999_999)}"
        contact = rng.choice(_SURNAMES) + rng.choice(_GIVEN)
        paragraph = document.add_paragraph(f"联系人：{contact}，联系电话：0539-8123456。")
        if page < PAGES - 1:
            paragraph.add_run().add_break(WD_BREAK.PAGE)
    document.save(str(path))
    return path


def to_pdf(docx: Path, folder: Path) -> Path:
    """LibreOffice's PDF of ``docx`` (a private profile, so a running soffice does not block it)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed to make the PDF")
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder / 'lo-profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(folder), str(docx)], check=True, capture_output=True, timeout=300)
    return folder / (docx.stem + ".pdf")


def best(work: Callable[[], object], rounds: int) -> float:
    """Best-of-rounds seconds of ``work``."""
    seconds = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        seconds = min(seconds, time.perf_counter() - start)
    return seconds


def measure(label: str, path: Path, folder: Path, rounds: int) -> bool:
    """Print scan time, redaction time (and its leak-check share) and their ratio; True when within target.

    The redaction is timed as the workflow runs it at publish time: with the findings stored from the upload's
    scan, so it reads the input only as far as its writer needs. `python -m review redact`, which scans the input
    itself, is timed too and printed for comparison.
    """
    scanner = Scanner()
    out = folder / f"redacted{path.suffix}"
    stored = scanner.scan(path).personal_data
    result = redact_file(path, out, scanner=scanner, findings=stored)
    if not result.leak.clean:
        print(f"{label}: leak check FAILED: {len(result.leak.survivors)} survivors")
        return False
    originals = [(m.finding.kind, m.finding.text) for m in result.plan.masked]
    scan = best(lambda: scanner.scan(path), rounds)
    # The search pattern is built for each document's originals: each round starts without it compiled.
    redact = best(lambda: (_cold(), redact_file(path, out, scanner=scanner, findings=stored)), rounds)
    cli = best(lambda: (_cold(), redact_file(path, out, scanner=scanner)), rounds)
    leak = best(lambda: (_cold(), check_output(out, originals, scanner, result.flattened_pages)), rounds)
    ratio = redact / scan
    flattened = f", flattened pages {list(result.flattened_pages)}" if result.flattened_pages else ""
    print(f"{label}: {len(result.plan.masked)} items masked{flattened}; scan {scan:.3f}s, "
          f"redact+leak-check {redact:.3f}s (of which leak check {leak:.3f}s), ratio {ratio:.2f}x "
          f"(target <= {TARGET}x); with its own scan (command line) {cli:.3f}s, ratio {cli / scan:.2f}x")
    return ratio <= TARGET


def _cold() -> None:
    # Both our cache and the re module's own: a real redaction compiles its document's pattern once.
    search_pattern.cache_clear()
    re.purge()


def main() -> None:
    """Build the two 20-page files and time them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        docx = build_docx(folder / "gongshi_20.docx")
        pdf = to_pdf(docx, folder)
        ruled = to_pdf(build_docx(folder / "gongshi_20_ruled.docx", ruled=True), folder)
        ok = measure(f"docx ({PAGES} pages)", docx, folder, args.rounds)
        ok &= measure(f"pdf ({PAGES} pages, table without rulings)", pdf, folder, args.rounds)
        ok &= measure(f"pdf ({PAGES} pages, ruled table)", ruled, folder, args.rounds)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
