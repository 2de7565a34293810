"""``python -m review redact`` as wired by review/redact/cli.py (exit 0 only when the leak check is clean)."""

from __future__ import annotations

import argparse
import json

import pytest

from review.redact.cli import EXIT_CLEAN, EXIT_LEAK, EXIT_NOT_READ, EXIT_USAGE, add_redact_command, parse_keep
from review.redact.leakcheck import LeakReport, Survivor


def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m review")
    add_redact_command(parser.add_subparsers(required=True))
    args = parser.parse_args(argv)
    return int(args.run(args))


def test_redact_prints_a_clean_leak_check(tmp_path, sample_dir, capsys):
    out = tmp_path / "out.docx"
    assert _main(["redact", str(sample_dir / "tezheng_pizhu.docx"), "--out", str(out)]) == EXIT_CLEAN
    text = capsys.readouterr().out
    assert "泄漏检查：通过" in text and "word/comments.xml" in text
    assert out.is_file()


def test_redact_json_with_keep_policy_and_key(tmp_path, sample_dir, capsys):
    policy = tmp_path / "policy.toml"
    policy.write_text('[kinds.person_name]\noperator = "pseudonym"\n', encoding="utf-8")
    key = tmp_path / "key"
    key.write_bytes(b"document-set-7\n")
    argv = ["redact", str(sample_dir / "gongshi_dibao.docx"), "--out", str(tmp_path / "out.docx"),
            "--policy", str(policy), "--key-file", str(key), "--keep", "2=强制性信息披露", "--json"]
    assert _main(argv) == EXIT_CLEAN
    record = json.loads(capsys.readouterr().out)
    assert record["leak_check"]["clean"] is True
    assert record["sha256"] == record["leak_check"]["sha256"]
    assert record["kept"] == [{"number": 2, "kind": "id_card", "text": "510902199902270708",
                               "reason": "强制性信息披露", "masked_anyway": False}]
    names = [m["replacement"] for m in record["masked"] if m["kind"] == "person_name"]
    assert names and all(name.startswith("人员") for name in names)


@pytest.mark.parametrize("extra", [["--keep", "1"], ["--keep", "x=惩戒公示"], ["--keep", "1=随便"],
                                   ["--keep", "999=惩戒公示"], ["--policy", "/nonexistent.toml"]])
def test_bad_arguments_exit_2(tmp_path, sample_dir, extra, capsys):
    argv = ["redact", str(sample_dir / "gongshi_dibao.docx"), "--out", str(tmp_path / "out.docx"), *extra]
    assert _main(argv) == EXIT_USAGE
    assert not (tmp_path / "out.docx").exists()
    assert capsys.readouterr().err


def test_unreadable_input_exits_3(tmp_path, sample_dir, capsys):
    assert _main(["redact", str(sample_dir / "jieduan.docx"), "--out", str(tmp_path / "o.docx")]) == EXIT_NOT_READ
    assert "不能脱敏" in capsys.readouterr().err


def test_parse_keep():
    assert parse_keep(["3=惩戒公示", "5"], "法律法规规定公开") == {3: "惩戒公示", 5: "法律法规规定公开"}
    with pytest.raises(ValueError):
        parse_keep(["5"], None)


def test_failed_leak_check_names_the_survivors(monkeypatch, tmp_path, sample_dir, capsys):
    import review.redact.service as service

    def leaky(path, originals, scanner=None, flattened=()):
        return LeakReport("0" * 64, False, 1, (Survivor("mobile", "13812345678", "word/document.xml（utf-8）"),))

    monkeypatch.setattr(service, "check_output", leaky)
    code = _main(["redact", str(sample_dir / "gongshi_dibao.docx"), "--out", str(tmp_path / "o.docx")])
    assert code == EXIT_LEAK
    out = capsys.readouterr().out
    assert "未通过" in out and "13812345678" in out and "word/document.xml" in out


def test_redact_pdf_reports_pages(tmp_path, sample_dir, capsys):
    out = tmp_path / "out.pdf"
    assert _main(["redact", str(sample_dir / "gongshi_dibao.pdf"), "--out", str(out)]) == EXIT_CLEAN
    text = capsys.readouterr().out
    assert "转为图片的页（无法安全改写）：无" in text and "泄漏检查：通过" in text
