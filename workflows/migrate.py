"""Alembic migrations: ``upgrade`` brings SQLite or PostgreSQL to the current schema (``init-db`` calls it)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

from .db import transaction
from .records import ensure_chain_head

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    """An Alembic configuration pointing at the migrations inside the package (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` and make sure the record chain has its head row."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    with transaction(engine) as session:
        ensure_chain_head(session)


def create_schema(engine: Engine) -> None:
    """Create every table directly from the models (tests); production databases use ``init-db`` (Alembic)."""
    from sqlmodel import SQLModel

    from . import models  # noqa: F401  (the tables register themselves on SQLModel.metadata)

    SQLModel.metadata.create_all(engine)
    with transaction(engine) as session:
        ensure_chain_head(session)


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate the database down to ``revision`` ("base" removes every table)."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
