"""First look at a file: size limits and what type it really is, judged by its bytes, never by its name."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import BinaryIO

from .errors import EncryptedFile, RejectedFile, UnreadableFile
from .settings import MB, ScanSettings

logger = logging.getLogger(__name__)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
# Word keeps a password-protected .docx inside an OLE container with this stream (name stored as UTF-16LE).
_OLE_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


def identify(path: Path, settings: ScanSettings) -> str:
    """Return "docx" or "pdf" for a file worth opening; raise the reason otherwise."""
    try:
        if not path.exists():
            raise RejectedFile("找不到该文件，请检查路径", "no such file")
        if not path.is_file():
            raise RejectedFile("不是普通文件，无法检查", "not a regular file")
        size = path.stat().st_size
        if size == 0:
            raise RejectedFile("文件为空（0字节），请重新上传", "the file is empty (0 bytes); upload it again")
        if size > settings.max_file_bytes:
            raise RejectedFile(
                f"文件超过大小上限 {settings.max_file_bytes // MB} MB，请压缩或拆分后再上传",
                f"the file is larger than the {settings.max_file_bytes // MB} MB limit; split or compress it",
            )
        with path.open("rb") as handle:
            head = handle.read(1024)
            return _type_from_bytes(path, head, handle)
    except OSError as exc:
        raise UnreadableFile("无法读取文件", f"the file could not be read ({exc.strerror})") from exc


def _type_from_bytes(path: Path, head: bytes, handle: BinaryIO) -> str:
    if path.suffix.lower() == ".docm":
        raise RejectedFile("含宏的文档（.docm）不予受理，请另存为 .docx 后上传",
                           "macro-enabled documents (.docm) are refused; save as .docx")
    if head.startswith(_ZIP_MAGIC):
        return "docx"
    # The PDF header may follow a little junk; readers accept it within the first kilobyte.
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(_OLE_MAGIC):
        rest = head + handle.read()
        if _OLE_ENCRYPTION_STREAM in rest:
            raise EncryptedFile("Word 文件设置了打开密码，请取消密码后上传",
                                "the Word file is password-protected; remove the password and upload it again")
        raise RejectedFile("旧版 Word（.doc）格式不受理，请另存为 .docx 后上传",
                           "legacy .doc files are not accepted; save as .docx")
    logger.info("refused unknown file type for %s", path.suffix or "(no suffix)")
    raise RejectedFile("只受理 .docx 和 .pdf 文件，此文件类型无法识别",
                       "only .docx and .pdf files are accepted; this file type is not recognised")
