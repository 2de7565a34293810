"""The first look at a file: size limits and type by content, never by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from review.errors import EncryptedFile, RejectedFile
from review.intake import identify
from review.model import Status
from review.settings import ScanSettings

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.docx", b"PK\x03\x04rest", "docx"),
        ("a.pdf", b"%PDF-1.7\n", "pdf"),
        ("renamed.docx", b"%PDF-1.4\n", "pdf"),  # content decides, not the name
        ("junk-first.pdf", b"\x00" * 100 + b"%PDF-1.5\n", "pdf"),
        ("no-suffix", b"PK\x03\x04", "docx"),
    ],
)
def test_type_comes_from_the_bytes(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert identify(path, ScanSettings()) == expected


@pytest.mark.parametrize(
    ("name", "content", "error", "words"),
    [
        ("empty.docx", b"", RejectedFile, "为空"),
        ("image.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 50, RejectedFile, "只受理"),
        ("macro.docm", b"PK\x03\x04", RejectedFile, "宏"),
        ("old.doc", OLE + b"\x00" * 600, RejectedFile, ".doc"),
        ("locked.docx", OLE + b"\x00" * 600 + "EncryptionInfo".encode("utf-16-le"), EncryptedFile, "密码"),
    ],
)
def test_refusals_name_the_reason(tmp_path: Path, name: str, content: bytes, error: type, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(error) as caught:
        identify(path, ScanSettings())
    assert words in caught.value.zh
    assert caught.value.en


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"0" * 2048)
    with pytest.raises(RejectedFile) as caught:
        identify(path, ScanSettings(max_file_bytes=1024))
    assert caught.value.status is Status.REJECTED
    assert "大小上限" in caught.value.zh


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(RejectedFile):
        identify(tmp_path, ScanSettings())


def test_max_upload_mb_setting() -> None:
    assert ScanSettings.with_max_upload_mb(2).max_file_bytes == 2 * 1024 * 1024
