"""A content-addressed file store: a file lives at a path made of its SHA-256 and is never overwritten."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

from .errors import NotFound, StoreError

logger = logging.getLogger(__name__)

_CHUNK = 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


def sha256_of(path: Path) -> tuple[str, int]:
    """The SHA-256 hex digest and size of a file, read in chunks."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


class ContentStore:
    """Files under ``root/ab/cd/<sha256>``, written to a temporary file, fsync'd, then renamed into place."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        """Where the file with this digest lives (whether or not it is there)."""
        if not _SHA256.fullmatch(sha256):
            raise StoreError("文件标识无效", f"not a SHA-256 digest: {sha256[:80]!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put_file(self, source: Path | str) -> tuple[str, int]:
        """Copy a file into the store; return its digest and size. A file already stored is left as it is."""
        with Path(source).open("rb") as handle:
            return self.put_stream(handle)

    def put_stream(self, stream: BinaryIO) -> tuple[str, int]:
        """Store the bytes of ``stream``; return their digest and size."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        fd, temp_name = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(_CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            self._move_into_place(Path(temp_name), self.path_for(sha))
            return sha, size
        finally:
            Path(temp_name).unlink(missing_ok=True)

    def _move_into_place(self, temp: Path, final: Path) -> None:
        if final.exists():
            return  # same digest, same bytes: a version is never overwritten
        final.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(temp, 0o444)
        # link() fails if another writer got there first, where rename() would silently replace the file.
        try:
            os.link(temp, final)
        except FileExistsError:
            return
        _fsync_dir(final.parent)

    def open(self, sha256: str) -> BinaryIO:
        """Open a stored file for reading."""
        path = self.path_for(sha256)
        try:
            return path.open("rb")
        except FileNotFoundError as exc:
            raise NotFound("文件不在存储中", f"no stored file {sha256}") from exc

    def verify(self, sha256: str) -> bool:
        """True when the stored bytes still hash to their name."""
        path = self.path_for(sha256)
        return path.is_file() and sha256_of(path)[0] == sha256

    def copy_to(self, sha256: str, target: Path) -> Path:
        """Copy a stored file out (e.g. to give a tool a path with the right suffix)."""
        with self.open(sha256) as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, _CHUNK)
        return target


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
