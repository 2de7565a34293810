"""Fixtures for the web tests (imported with `from test_web_support import *`): an app over a fresh database,
users who can really sign in, a browser that carries the CSRF token, and the workflow Flow to stage documents."""

from __future__ import annotations

import io
import re
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select
from test_workflow_support import Flow, People, cast_of_users, fresh_database
from werkzeug.test import TestResponse

from review.model import ScanReport
from web import create_app
from workflows.migrate import create_schema
from workflows.models import Document
from workflows.services import WorkflowContext, hash_password
from workflows.testing import fake_scan, masking_redactor, write_fake

__all__ = ["PASSWORD", "Browser", "add_people", "app", "browser", "docx_text", "document_count", "edit_document",
           "fake_upload",
           "fresh_database", "make_app", "people", "stage", "staged", "state_of", "wf"]

PASSWORD = "correct-horse-42"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
_HASH: list[str] = []  # scrypt once per session: 50 ms a user adds up over a table of cases


def web_fake_scan(path: Path) -> ScanReport:
    """The workflow tests' fake scanner, also reading a fake document wrapped in a zip (so it passes intake)."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as folder:
            inner = Path(folder) / "fake.json"
            inner.write_bytes(archive.read("fake.json"))
            return fake_scan(inner)
    return fake_scan(path)


def fake_upload(folder: Path, name: str = "通知.docx", **fake: Any) -> tuple[io.BytesIO, str]:
    """A fake document as an upload: a zip (so intake sees a .docx) holding what the fake scanner should find."""
    fake.setdefault("personal", [("person_name", "张三")])
    inner = write_fake(folder / f"fake-{uuid.uuid4().hex[:8]}.json", **fake)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("fake.json", inner.read_text(encoding="utf-8"))
    buffer.seek(0)
    return buffer, name


def _password_hash() -> str:
    if not _HASH:
        _HASH.append(hash_password(PASSWORD))
    return _HASH[0]


def add_people(engine: Any) -> People:
    """The workflow tests' cast of users, with a real password each."""
    return cast_of_users(engine, _password_hash())


@pytest.fixture
def make_app(tmp_path: Path, fresh_database: Callable[[str], str]) -> Callable[..., Flask]:
    """Build an app on a fresh database of the given kind, with the fake scanner and redactor unless overridden."""

    def make(kind: str = "sqlite", **config: Any) -> Flask:
        settings = {"TESTING": True, "SECRET_KEY": "test-secret", "INSTANCE_PATH": str(tmp_path / "instance"),
                    "DATABASE_URL": fresh_database(kind), "SCAN": web_fake_scan, "REDACTOR": masking_redactor,
                    **config}
        application = create_app(settings)
        create_schema(wf(application).engine)
        return application

    return make


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Iterator[Flask]:
    """An app on SQLite with the fake scanner."""
    application = make_app()
    yield application
    wf(application).engine.dispose()


def wf(application: Flask) -> WorkflowContext:
    """The app's workflow context (engine, store, scanner)."""
    context = application.extensions["workflows"]
    assert isinstance(context, WorkflowContext)
    return context


@pytest.fixture
def people(app: Flask) -> People:
    """The users, in the app's database."""
    return add_people(wf(app).engine)


@pytest.fixture
def stage(app: Flask, people: People, tmp_path: Path) -> Flow:
    """Moves documents through the services directly, so a test starts where it needs to."""
    folder = tmp_path / "files"
    folder.mkdir()
    return Flow(wf(app), people, folder)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def staged(request: pytest.FixtureRequest, make_app: Callable[..., Flask], tmp_path: Path) -> Iterator[Flow]:
    """An app on SQLite or PostgreSQL with the users and a Flow over its services (``flow.app`` is the app)."""
    application = make_app(request.param)
    folder = tmp_path / "files"
    folder.mkdir()
    flow = Flow(wf(application), add_people(wf(application).engine), folder)
    flow.app = application  # type: ignore[attr-defined]
    yield flow
    wf(application).engine.dispose()


def document_count(flow: Flow) -> int:
    """How many documents the flow's database holds."""
    with Session(flow.ctx.engine) as s:
        return len(s.exec(select(Document.id)).all())


def docx_text(data: bytes) -> str:
    """Every XML part of a .docx as one string, so text anywhere in the file (tables, headers, metadata) counts."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith(".xml"))


def state_of(application: Flask, document_id: int) -> tuple[str, int]:
    """A document's state and revision."""
    with Session(wf(application).engine) as s:
        document = s.get(Document, document_id)
        assert document is not None
        return document.state, document.revision


def edit_document(application: Flask, document_id: int, **fields: Any) -> None:
    """Change a document's row directly (a test's shortcut past the pages, e.g. to make it a policy document)."""
    with Session(wf(application).engine) as s:
        document = s.get(Document, document_id)
        assert document is not None
        for name, value in fields.items():
            setattr(document, name, value)
        s.add(document)
        s.commit()


def marking_places(html: str) -> list[tuple[str, str]]:
    """Each 公开属性 marking the scan result lists: its highlighted text and its place."""
    item = r'<li><span class="context"><mark>(.*?)</mark></span>(?:（.*?）)?\s*<span class="place">(.*?)</span>'
    return re.findall(item, html, re.S)


class Browser:
    """A test client that signs in like a person and sends the CSRF token a page gave it."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.signed_in = False

    def token(self) -> str:
        """The CSRF token from a page with a form (the sign-in page, or any page's sign-out form)."""
        page = self.client.get("/gongkai/" if self.signed_in else "/auth/login")
        found = _TOKEN.search(page.get_data(as_text=True))
        assert found, "no CSRF token on the page"
        return found.group(1)

    def login(self, username: str, password: str = PASSWORD, **extra: str) -> TestResponse:
        """Submit the sign-in form."""
        response = self.client.post("/auth/login", data={"username": username, "password": password,
                                                          "csrf_token": self.token(), **extra})
        self.signed_in = response.status_code == 302
        return response

    def post(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> TestResponse:
        """POST a form with the session's CSRF token."""
        return self.client.post(url, data={"csrf_token": self.token(), **(data or {})}, **kwargs)

    def get(self, url: str, **kwargs: Any) -> TestResponse:
        """GET a page."""
        return self.client.get(url, **kwargs)


@pytest.fixture
def browser(app: Flask) -> Browser:
    """A browser on the SQLite app."""
    return Browser(app.test_client())
