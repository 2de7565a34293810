"""An incoming file at the edge of the workflow: its size limit, its real type, and the scanner that reads it."""

from __future__ import annotations

import logging
from pathlib import Path

from review.errors import ReviewError
from review.intake import identify
from review.settings import ScanSettings

from .errors import GuardRefused
from .services import ScanFn

logger = logging.getLogger(__name__)


def limit_bytes(max_upload_mb: float) -> int:
    """The upload and scan limit in bytes."""
    return ScanSettings.with_max_upload_mb(max_upload_mb).max_file_bytes


def file_kind(path: Path, max_upload_mb: float) -> str:
    """``"docx"`` or ``"pdf"`` judged from the bytes, or ``GuardRefused("file_type")`` saying why not."""
    try:
        return identify(path, ScanSettings.with_max_upload_mb(max_upload_mb))
    except ReviewError as exc:
        logger.info("upload refused at intake: %s", type(exc).__name__)
        raise GuardRefused("file_type", exc.zh, exc.en) from exc


def real_scanner(max_upload_mb: float) -> ScanFn:
    """The review package's scanner with the configured size limit, built once (it loads every detector)."""
    from review.scanner import Scanner  # imported on use: only a running app or command needs the detectors

    return Scanner(ScanSettings.with_max_upload_mb(max_upload_mb)).scan
