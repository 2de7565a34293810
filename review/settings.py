"""Scan limits, passed to extractors and detectors as one frozen value (never read from the environment here)."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ScanSettings:
    """Limits that keep a hostile or oversized file from exhausting the machine."""

    max_file_bytes: int = 50 * MB
    # .docx is a zip: refuse before inflating when the declared sizes say it would be huge.
    max_uncompressed_bytes: int = 300 * MB
    max_compression_ratio: float = 200.0
    max_zip_members: int = 5000
    max_pdf_pages: int = 5000
    # Each detector's regex work on one block; past it the scan is incomplete (fail closed).
    regex_timeout_seconds: float = 2.0

    @classmethod
    def with_max_upload_mb(cls, megabytes: float) -> ScanSettings:
        """Settings with the file size limit given in megabytes (the MAX_UPLOAD_MB setting)."""
        return cls(max_file_bytes=int(megabytes * MB))
