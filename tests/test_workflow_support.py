"""Fixtures shared by the workflow tests (imported with `from test_workflow_support import *`)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from workflows import make_engine, transaction
from workflows.migrate import create_schema
from workflows.models import Department, Document, User, UserRole
from workflows.services import (
    Catalogue,
    Decision,
    WorkflowContext,
    accept_attribute,
    approve_privacy,
    clear_confidentiality,
    convert_to_proactive,
    declare,
    file_undisclosed,
    publish,
    record_decisions,
    return_document,
    upload,
)
from workflows.services.queries import document_view
from workflows.store import ContentStore
from workflows.testing import fake_scan, masking_redactor, write_fake
from workflows.vocab import ADMIN, AUDITOR, CONFIDENTIALITY, DRAFTER, OFFICE, ON_REQUEST, PRIVACY, PROACTIVE, WITHHELD

__all__ = ["CATALOGUE", "Flow", "People", "ctx", "db_url", "engine", "fresh_database", "flow", "people", "pg_url"]

# A declaration's catalogue entry: the topic is required, 文号 and 成文日期 may be absent.
CATALOGUE = Catalogue("综合政务")

PG_ENV = "TEST_DATABASE_URL"
PG_SKIP = f"PostgreSQL tests need {PG_ENV}, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test"


def pg_url() -> str | None:
    """The PostgreSQL URL for tests, from TEST_DATABASE_URL."""
    return os.environ.get(PG_ENV) or None


def _libpq(url: str) -> str:
    parsed = make_url(url)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def fresh_database(tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """A factory of empty databases: a SQLite file, or a new PostgreSQL schema dropped afterwards."""
    schemas: list[str] = []

    def make(kind: str) -> str:
        if kind == "sqlite":
            return f"sqlite:///{tmp_path / f'wf-{uuid.uuid4().hex[:8]}.sqlite3'}"
        base = pg_url()
        if base is None:
            pytest.skip(PG_SKIP)
        schema = f"wf_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(_libpq(base), autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        schemas.append(schema)
        return make_url(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False)

    yield make
    base = pg_url()
    for schema in schemas:
        assert base is not None
        with psycopg.connect(_libpq(base), autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, fresh_database: Callable[[str], str]) -> str:
    """An empty database on SQLite and on PostgreSQL (skipped without TEST_DATABASE_URL)."""
    return fresh_database(request.param)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a database with every table created."""
    eng = make_engine(db_url)
    create_schema(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def ctx(engine: Engine, tmp_path: Path) -> WorkflowContext:
    """Services over the fake scanner, with a file store in the test's folder."""
    return WorkflowContext(engine, ContentStore(tmp_path / "store"), fake_scan)


@dataclass(frozen=True)
class People:
    """User ids by who they are in the tests."""

    drafter: int
    drafter2: int  # same department as drafter
    outsider: int  # drafter in another department
    office: int
    secrecy: int
    privacy: int
    auditor: int
    admin: int
    allrounder: int  # every role, department A: may draft and, on others' documents, review
    dept_a: int
    dept_b: int


def _user(session: Session, name: str, roles: tuple[str, ...], department: int | None, password_hash: str) -> int:
    user = User(username=name, display_name=name, department_id=department, password_hash=password_hash)
    session.add(user)
    session.flush()
    assert user.id is not None
    session.add_all(UserRole(user_id=user.id, role=r) for r in roles)
    return user.id


def cast_of_users(engine: Engine, password_hash: str) -> People:
    """Two departments and one user per role, plus an all-rounder holding every role, all with ``password_hash``."""
    with transaction(engine) as s:
        a, b = Department(code="11010500", name="区发展改革委"), Department(code="11010600", name="区民政局")
        s.add_all([a, b])
        s.flush()
        assert a.id is not None and b.id is not None

        def user(name: str, roles: tuple[str, ...], department: int | None) -> int:
            return _user(s, name, roles, department, password_hash)

        return People(
            user("drafter1", (DRAFTER,), a.id), user("drafter2", (DRAFTER,), a.id),
            user("outsider", (DRAFTER,), b.id), user("office1", (OFFICE,), None),
            user("secrecy1", (CONFIDENTIALITY,), None), user("privacy1", (PRIVACY,), None),
            user("auditor1", (AUDITOR,), None), user("admin1", (ADMIN,), None),
            user("allround", (DRAFTER, OFFICE, CONFIDENTIALITY, PRIVACY), a.id), a.id, b.id)


@pytest.fixture
def people(engine: Engine) -> People:
    """The cast of users. Tests skip scrypt (50 ms a user); create_user and authenticate have their own tests."""
    return cast_of_users(engine, "test-only")


class Flow:
    """Moves test documents along the lawful path, so each test starts where it needs to."""

    def __init__(self, ctx: WorkflowContext, people: People, folder: Path) -> None:
        self.ctx, self.p, self.folder = ctx, people, folder

    def revision(self, doc: int) -> int:
        """The document's current optimistic-locking counter."""
        with Session(self.ctx.engine) as s:
            document = s.get(Document, doc)
            assert document is not None
            return document.revision

    def state(self, doc: int) -> str:
        """The document's current state."""
        with Session(self.ctx.engine) as s:
            document = s.get(Document, doc)
            assert document is not None
            return document.state

    def file(self, **fake: object) -> Path:
        """A new fake document file."""
        return write_fake(self.folder / f"doc-{uuid.uuid4().hex[:8]}.docx", **fake)  # type: ignore[arg-type]

    def new(self, by: int | None = None, **fake: object) -> int:
        """Upload a fake document (default: 主动公开 marking, one name and one mobile number)."""
        fake.setdefault("personal", [("person_name", "张三"), ("mobile", "13800138000")])
        source = self.file(**fake)
        return upload(self.ctx, by or self.p.drafter, "关于开展测试工作的通知", source, "通知.docx").document_id

    def declared(self, attribute: str = PROACTIVE, **fake: object) -> int:
        """A document declared by its drafter."""
        fake.setdefault("attribute", attribute)
        doc = self.new(**fake)
        basis = "第十六条 过程性信息" if attribute == WITHHELD else None
        declare(self.ctx, self.p.drafter, doc, self.revision(doc), attribute, basis, "理由" if basis or
                attribute == ON_REQUEST else "", catalogue=CATALOGUE)
        return doc

    def in_confidentiality(self, **fake: object) -> int:
        """A 主动公开 document accepted by the office."""
        doc = self.declared(**fake)
        accept_attribute(self.ctx, self.p.office, doc, self.revision(doc))
        return doc

    def in_privacy(self, **fake: object) -> int:
        """A document cleared by the confidentiality reviewer."""
        doc = self.in_confidentiality(**fake)
        clear_confidentiality(self.ctx, self.p.secrecy, doc, self.revision(doc), "未发现涉密内容", "已解密")
        return doc

    def decide_all(self, doc: int, action: str = "mask", by: int | None = None) -> None:
        """Decide every finding of the current version the same way."""
        view = document_view(self.ctx.engine, self.p.office, doc)
        exemption = None if action == "mask" else "惩戒公示"
        decisions = [Decision(f.finding.id, action, exemption) for f in view.findings]  # type: ignore[arg-type]
        record_decisions(self.ctx, by or self.p.privacy, doc, self.revision(doc), decisions)

    def returned(self) -> int:
        """A declared document the office returned."""
        doc = self.declared()
        return_document(self.ctx, self.p.office, doc, self.revision(doc), "标注缺失")
        return doc

    def decided(self, **fake: object) -> int:
        """A document in privacy review with every finding decided "mask"."""
        doc = self.in_privacy(**fake)
        self.decide_all(doc)
        return doc

    def approved(self, **fake: object) -> int:
        """A document whose de-identified output is approved."""
        doc = self.decided(**fake)
        approve_privacy(self.ctx, self.p.privacy, doc, self.revision(doc), masking_redactor)
        return doc

    def published(self, **fake: object) -> int:
        """A published document."""
        doc = self.approved(**fake)
        publish(self.ctx, self.p.office, doc, self.revision(doc))
        return doc

    def filed(self, attribute: str = ON_REQUEST) -> int:
        """A filed 依申请公开 (or 不予公开) document."""
        doc = self.declared(attribute)
        file_undisclosed(self.ctx, self.p.office, doc, self.revision(doc), "依申请公开，理由充分")
        return doc

    def converted(self) -> int:
        """A filed 依申请公开 document converted to 主动公开."""
        doc = self.filed()
        convert_to_proactive(self.ctx, self.p.office, doc, self.revision(doc), "申请集中，转为主动公开")
        return doc


@pytest.fixture
def flow(ctx: WorkflowContext, people: People, tmp_path: Path) -> Flow:
    """A Flow over the test database."""
    folder = tmp_path / "files"
    folder.mkdir()
    return Flow(ctx, people, folder)
