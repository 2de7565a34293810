"""``python -m review scan``: the JSON contract of shared/DESIGN.md, exit codes, folders and the readable report."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from review.cli import _Progress
from review.model import ATTRIBUTES, KIND_VALUES, WHERE_VALUES

ROOT = Path(__file__).resolve().parent.parent
FILES = ROOT / "sample_docs" / "files"
TOP_KEYS = {"file", "format", "status", "attribute", "secrecy", "personal_data"}


def scan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "review", "scan", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def test_json_lines_follow_the_contract_for_every_sample() -> None:
    done = scan(str(FILES), "--json")
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == len([p for p in FILES.iterdir() if p.suffix in (".docx", ".pdf")])
    assert done.returncode == 3  # the set holds hostile files
    for entry in lines:
        assert set(entry) - {"error"} == TOP_KEYS
        assert entry["format"] in ("docx", "pdf", None)
        assert entry["status"] in ("ok", "needs_ocr", "encrypted", "unreadable", "rejected")
        assert ("error" in entry) == (entry["status"] != "ok")
        assert set(entry["attribute"]) == {"value", "marking", "conflict"}
        assert entry["attribute"]["value"] in (*ATTRIBUTES, None)
        assert entry["secrecy"] is None or set(entry["secrecy"]) == {"marking"}
        for item in entry["personal_data"]:
            assert set(item) == {"kind", "text", "where", "page"}
            assert item["kind"] in KIND_VALUES and item["where"] in WHERE_VALUES


def test_exit_code_zero_when_every_file_was_read() -> None:
    done = scan(str(FILES / "gongshi_dibao.docx"), str(FILES / "gongshi_dibao.pdf"), "--json")
    assert done.returncode == 0, done.stderr
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first["attribute"] == {"value": "主动公开", "marking": "（此件公开发布）", "conflict": False}
    assert {"kind": "id_card", "text": "510902199902270708", "where": "table"}.items() <= {
        **next(i for i in first["personal_data"] if i["kind"] == "id_card")}.items()
    assert second["format"] == "pdf" and all(isinstance(i["page"], int) for i in second["personal_data"])


@pytest.mark.parametrize(("name", "status"), [
    ("kong.docx", "rejected"), ("pdf_jiami_yonghu.pdf", "encrypted"), ("pdf_saomiao.pdf", "needs_ocr"),
])
def test_exit_code_three_and_a_reason_when_not_read(name: str, status: str) -> None:
    done = scan(str(FILES / name), "--json")
    assert done.returncode == 3
    entry = json.loads(done.stdout)
    assert entry["status"] == status
    assert entry["error"] and any("\u4e00" <= ch <= "\u9fff" for ch in entry["error"])
    assert "Traceback" not in done.stderr


def test_readable_report_shows_findings_in_context() -> None:
    done = scan(str(FILES / "gongshi_dibao.docx"))
    assert done.returncode == 0
    assert "公开属性：主动公开（标注：（此件公开发布））" in done.stdout
    assert "[身份证号]" in done.stdout and "【510902199902270708】" in done.stdout


def test_readable_report_names_each_place_once() -> None:
    """A .docx location does not name its page, a PDF's does: the page is said once either way."""
    docx, pdf = (scan(str(FILES / f"xuke_biaoge_shenqingren.{suffix}")).stdout for suffix in ("docx", "pdf"))
    assert "[姓名] 第1页 表格1 第1行第2列：" in docx
    assert "[姓名] 第1页 表格1 第1行第2列：" in pdf
    assert "第1页 第1页" not in pdf


def test_missing_file_is_reported_not_crashed(tmp_path: Path) -> None:
    done = scan(str(tmp_path / "nope.docx"), "--json")
    assert done.returncode == 3
    entry = json.loads(done.stdout)
    assert entry["status"] == "rejected" and "找不到" in entry["error"]


def test_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    done = scan(str(tmp_path))
    assert done.returncode == 2
    assert "没有找到" in done.stderr


def test_size_limit_from_the_command_line() -> None:
    done = scan(str(FILES / "gongshi_dibao.pdf"), "--json", "--max-mb", "0.001")
    assert json.loads(done.stdout)["status"] == "rejected"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_with_several_files() -> None:
    terminal = _Terminal()
    bar = _Progress(4, terminal)
    bar.show(3, Path("第三个文件.docx"))
    assert "3/4 第三个文件.docx" in terminal.getvalue() and "[" + "#" * 15 in terminal.getvalue()
    piped = io.StringIO()
    _Progress(4, piped).show(3, Path("a.docx"))
    _Progress(1, _Terminal()).show(1, Path("a.docx"))
    assert piped.getvalue() == ""
