"""Why a file could not be read. Messages are shown to clerks: plain Chinese, then English."""

from __future__ import annotations

from .model import Status


class ReviewError(Exception):
    """Base of every error the review package raises on purpose."""

    status: Status = Status.UNREADABLE

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


class RejectedFile(ReviewError):
    """Refused before parsing: wrong type, too large, a zip bomb, macros, hostile content."""

    status = Status.REJECTED


class EncryptedFile(ReviewError):
    """Protected by a password or encryption; cannot be read without it."""

    status = Status.ENCRYPTED


class UnreadableFile(ReviewError):
    """Damaged, truncated or otherwise not completely readable."""

    status = Status.UNREADABLE


class ScanIncomplete(ReviewError):
    """A detector ran out of time on some text: the file cannot be declared free of personal data."""

    status = Status.UNREADABLE
