"""The app's handle on ``workflows``: the services' context made in the factory, and a session per request."""

from __future__ import annotations

import logging
from contextlib import ExitStack
from pathlib import Path
from typing import cast

from flask import Flask, current_app, g
from sqlmodel import Session

from workflows import make_engine, read_snapshot
from workflows.intake import real_scanner
from workflows.redaction import review_redactor
from workflows.services import Redactor, WorkflowContext
from workflows.store import ContentStore

logger = logging.getLogger(__name__)

_EXTENSION = "workflows"


def init_app(app: Flask) -> None:
    """Make the engine, the file store and the scanner once per app, and close the request session on teardown."""
    instance = Path(app.config["INSTANCE_PATH"])
    instance.mkdir(parents=True, exist_ok=True)
    url = app.config.get("DATABASE_URL") or f"sqlite:///{instance / 'workflows.sqlite3'}"
    app.config["DATABASE_URL"] = url
    scan = app.config.get("SCAN") or real_scanner(float(app.config["MAX_UPLOAD_MB"]))
    app.extensions[_EXTENSION] = WorkflowContext(make_engine(url), ContentStore(instance / "store"), scan)
    app.teardown_appcontext(_close_session)


def context_of(app: Flask) -> WorkflowContext:
    """An app's services context (made by ``init_app``)."""
    return cast(WorkflowContext, app.extensions[_EXTENSION])


def ctx() -> WorkflowContext:
    """The current app's services context."""
    return context_of(current_app)


def db_session() -> Session:
    """A read-only snapshot session for this request, closed on teardown.

    Read-only on purpose: the services open their own write transactions, and on SQLite an ordinary session
    would take the write lock (see ``workflows.db``) and block them for the rest of the request.
    """
    if "db_session" not in g:
        stack = ExitStack()
        g.db_session = stack.enter_context(read_snapshot(ctx().engine))
        g.db_session_stack = stack
    return cast(Session, g.db_session)


def _close_session(_error: BaseException | None) -> None:
    g.pop("db_session", None)
    stack = g.pop("db_session_stack", None)
    if stack is not None:
        stack.close()


def redactor() -> Redactor:
    """The de-identification writer: the configured one (tests), else the review package's redaction."""
    configured = current_app.config.get("REDACTOR")
    return cast(Redactor, configured) if configured else review_redactor
