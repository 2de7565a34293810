"""Why the workflow refused an action. Messages are shown to clerks: plain Chinese, then English."""

from __future__ import annotations


class WorkflowError(Exception):
    """Base of every error the workflows package raises on purpose."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


class GuardRefused(WorkflowError):
    """A rule of the design forbids the action; ``rule`` names it. Nothing was changed."""

    def __init__(self, rule: str, zh: str, en: str) -> None:
        super().__init__(f"[{rule}] {zh}", f"[{rule}] {en}")
        self.rule = rule


class ConflictError(WorkflowError):
    """Someone else changed the document after the caller read it; reload and try again. Nothing was changed."""


class NotFound(WorkflowError):
    """The document, version, user or department does not exist."""


class StoreError(WorkflowError):
    """The content store could not keep or find a file, or a stored file no longer matches its hash."""
