"""Engines and sessions. No engine exists at import: callers make one from a URL at the edge and pass it down."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

logger = logging.getLogger(__name__)

# Seconds a SQLite writer waits for another writer before giving up.
SQLITE_BUSY_TIMEOUT = 30
READ_ONLY_OPTION = "workflows_read_only"


def make_engine(url: str, **options: Any) -> Engine:
    """An engine for ``url``: SQLite gets WAL, foreign keys and write-locking transactions; PostgreSQL psycopg 3."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        connect_args = {"timeout": SQLITE_BUSY_TIMEOUT, "check_same_thread": False}
        engine = create_engine(url, connect_args=connect_args, **options)
        _configure_sqlite(engine)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    # No pre-ping: it would add a round trip to every transition; a dropped connection fails one call, then is
    # replaced. Recycling keeps connections from outliving server-side idle limits.
    options.setdefault("pool_recycle", 1800)
    return create_engine(url, **options)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see "begin" below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if not _is_memory(engine):
            cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: a committed review record survives a power cut, not only a killed process.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Take the write lock up front: a deferred transaction that reads then writes could fail on upgrade.
        # A read-only snapshot (see read_snapshot) begins deferred, so it never blocks writers.
        readonly = connection.get_execution_options().get(READ_ONLY_OPTION, False)
        connection.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


def _is_memory(engine: Engine) -> bool:
    return engine.url.database in (None, "", ":memory:")


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work commits on success and rolls back entirely on any error."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session


@contextmanager
def read_snapshot(engine: Engine) -> Iterator[Session]:
    """A read-only session that sees one consistent snapshot of the database for its whole life."""
    if engine.dialect.name == "sqlite":
        options: dict[str, Any] = {READ_ONLY_OPTION: True}
    else:
        options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    with engine.connect().execution_options(**options) as connection, connection.begin():
        with Session(bind=connection) as session:
            yield session
