"""Receiving a file: streamed to a private temporary file under the size limit, typed by its bytes, renamed by us."""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from flask import abort, current_app
from werkzeug.datastructures import FileStorage

from workflows import GuardRefused
from workflows.intake import file_kind, limit_bytes

_CHUNK = 1024 * 1024
# Suffixes kept on the temporary file because intake judges them (a .docm is refused by name as well as content).
_KEPT_SUFFIXES = frozenset({".docx", ".pdf", ".docm"})
_UNSAFE = re.compile(r"[\x00-\x1f\x7f<>:\"/\\|?*]+")
_MAX_STEM = 120


@dataclass(frozen=True)
class Received:
    """An uploaded file on disk, its real type, and the name we give it."""

    path: Path
    kind: str  # "docx" or "pdf", from the bytes
    name: str  # a cleaned stem from the client plus the suffix of the real type


def clean_stem(client_name: str) -> str:
    """The last path part of a client's file name, without its suffix, control or path characters."""
    base = PureWindowsPath(PurePosixPath(client_name).name).name
    stem = unicodedata.normalize("NFC", PurePosixPath(base).stem)
    stem = _UNSAFE.sub("_", stem).strip(" ._")
    return stem[:_MAX_STEM] or "上传文件"


@contextmanager
def received(upload: FileStorage | None) -> Iterator[Received]:
    """Stream the upload to a temporary file, refuse it if too large or not a .docx/.pdf, delete it afterwards."""
    if upload is None or not upload.filename:
        raise GuardRefused("file_required", "请选择要上传的文件", "choose a file to upload")
    max_mb = float(current_app.config["MAX_UPLOAD_MB"])
    suffix = Path(upload.filename).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="web-upload-") as folder:
        path = Path(folder) / f"upload{suffix if suffix in _KEPT_SUFFIXES else '.bin'}"
        _copy_limited(upload, path, limit_bytes(max_mb))
        kind = file_kind(path, max_mb)
        yield Received(path, kind, f"{clean_stem(upload.filename)}.{kind}")


def _copy_limited(upload: FileStorage, target: Path, limit: int) -> None:
    size = 0
    with target.open("wb") as out:
        while chunk := upload.stream.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                abort(413)
            out.write(chunk)
