"""The command line: init-db through Alembic on both databases, users, verification, export, diagram, demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, update
from sqlmodel import SQLModel
from test_workflow_support import *  # noqa: F403  (fixtures)

from workflows import make_engine, transaction
from workflows.__main__ import main
from workflows.migrate import downgrade, upgrade
from workflows.models import ReviewRecord
from workflows.records import verify_chain


@pytest.fixture
def env(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point the command line at a fresh database and instance folder."""
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("DATABASE_URL", db_url)
    return db_url


def _schema_diff(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, SQLModel.metadata))
    finally:
        engine.dispose()


def test_init_db_migrates_to_exactly_the_models(env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init-db"]) == 0
    assert "database ready" in capsys.readouterr().out
    assert _schema_diff(env) == []
    assert main(["init-db"]) == 0  # running it again changes nothing
    engine = make_engine(env)
    try:
        assert verify_chain(engine).ok and verify_chain(engine).checked == 0
        downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(engine)
        assert "review_records" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_the_default_database_is_sqlite_in_the_instance_folder(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(["init-db"]) == 0
    database = tmp_path / "inst" / "workflows.sqlite3"
    assert database.is_file()
    engine = make_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def test_create_user_from_the_command_line(env: str, capsys: pytest.CaptureFixture[str]) -> None:
    main(["init-db"])
    assert main(["create-user", "zhang", "--password", "long-enough", "--role", "drafter", "--role", "privacy_reviewer",
                 "--department-code", "11010800", "--department-name", "区卫健委"]) == 0
    assert "created user zhang" in capsys.readouterr().out
    assert main(["create-user", "zhang", "--password", "long-enough", "--role", "office"]) == 2
    assert "username_taken" in capsys.readouterr().err


def test_create_user_asks_for_the_password_twice(env: str, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    main(["init-db"])
    answers = iter(["long-enough", "long-enougH"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert main(["create-user", "li", "--role", "auditor"]) == 2
    assert "differ" in capsys.readouterr().err
    answers = iter(["long-enough", "long-enough"])
    assert main(["create-user", "li", "--role", "auditor"]) == 0
    assert "created user li" in capsys.readouterr().out


def test_verify_records_exits_non_zero_naming_the_first_bad_record(env: str, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    main(["init-db"])
    _publish_one(env, tmp_path)
    assert main(["verify-records"]) == 0
    assert "chain verified" in capsys.readouterr().out
    engine = make_engine(env)
    with transaction(engine) as s:
        s.execute(update(ReviewRecord).where(ReviewRecord.seq == 3).values(comment="改"))
    engine.dispose()
    assert main(["verify-records"]) == 1
    assert "record 3 does not verify" in capsys.readouterr().err


def test_export_records_writes_csv_and_json(env: str, tmp_path: Path) -> None:
    main(["init-db"])
    _publish_one(env, tmp_path)
    assert main(["export-records", "--format", "json", "--output", str(tmp_path / "r.json")]) == 0
    rows = [json.loads(line) for line in (tmp_path / "r.json").read_text(encoding="utf-8").splitlines()]
    assert [r["trigger"] for r in rows][-1] == "publish" and all(len(r["hash"]) == 64 for r in rows)
    assert main(["export-records", "--format", "csv", "--output", str(tmp_path / "r.csv")]) == 0
    lines = (tmp_path / "r.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("seq,document_id,") and len(lines) == len(rows) + 1


def test_diagram_writes_mermaid(tmp_path: Path) -> None:
    assert main(["diagram", "--output", str(tmp_path / "m.mmd")]) == 0
    text = (tmp_path / "m.mmd").read_text(encoding="utf-8")
    assert "stateDiagram" in text and "privacy_review --> published: publish" in text


def _publish_one(url: str, tmp_path: Path) -> None:
    # The same steps a clerk takes, on a database made by init-db (not by create_all).
    from test_workflow_support import Flow, People

    from workflows.services import WorkflowContext, create_user, ensure_department
    from workflows.store import ContentStore
    from workflows.testing import fake_scan

    engine = make_engine(url)
    try:
        dept = ensure_department(engine, "11010500", "区发改委")
        ids = [create_user(engine, n, "long-enough", [r], "11010500" if r == "drafter" else None)
               for n, r in (("d", "drafter"), ("o", "office"), ("s", "confidentiality_reviewer"),
                            ("p", "privacy_reviewer"))]
        people = People(ids[0], ids[0], ids[0], ids[1], ids[2], ids[3], ids[1], ids[1], ids[1], dept, dept)
        folder = tmp_path / "files"
        folder.mkdir(exist_ok=True)
        Flow(WorkflowContext(engine, ContentStore(tmp_path / "store"), fake_scan), people, folder).published()
    finally:
        engine.dispose()


@pytest.mark.slow
def test_demo_loads_users_and_moves_documents_through_every_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    empty = tmp_path / "no-samples"
    empty.mkdir()
    assert main(["demo", "--password", "demo-pass-1", "--samples", str(empty)]) == 0
    out = capsys.readouterr().out
    assert "drafter1, office1, secrecy1, privacy1, auditor1" in out
    assert "→ published" in out and "→ filed" in out and "公开申请 3 件" in out, out
    assert main(["verify-records"]) == 0
    assert main(["demo", "--password", "demo-pass-1", "--samples", str(empty)]) == 2  # already loaded
