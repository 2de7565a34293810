"""Configuration read from the environment, only at the edge (the command line, the web app factory)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from review.settings import ScanSettings

from .db import make_engine
from .services import WorkflowContext
from .store import ContentStore

DEFAULT_MAX_UPLOAD_MB = 50.0


@dataclass(frozen=True)
class Config:
    """Where the instance lives and which database to use (shared/DESIGN.md, Configuration)."""

    instance_path: Path
    database_url: str
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Config:
        """INSTANCE_PATH (default ./instance), DATABASE_URL (default a SQLite file there), MAX_UPLOAD_MB (50)."""
        env = os.environ if environ is None else environ
        instance = Path(env.get("INSTANCE_PATH") or "instance").resolve()
        url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'workflows.sqlite3'}"
        return cls(instance, url, float(env.get("MAX_UPLOAD_MB") or DEFAULT_MAX_UPLOAD_MB))

    @property
    def store_path(self) -> Path:
        """The content-addressed file store inside the instance folder."""
        return self.instance_path / "store"

    def context(self) -> WorkflowContext:
        """Services wired to this configuration: engine, file store and the real scanner."""
        from review.scanner import Scanner  # the scanner loads every detector; only the edge needs it

        self.instance_path.mkdir(parents=True, exist_ok=True)
        scanner = Scanner(ScanSettings.with_max_upload_mb(self.max_upload_mb))
        return WorkflowContext(make_engine(self.database_url), ContentStore(self.store_path), scanner.scan)
