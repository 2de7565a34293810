"""Hostile and broken .docx files: empty, not a zip, zip bombs, macros, DOCTYPE entities, truncation, encryption.

Each builder takes the bytes of a valid sample .docx (or nothing) and returns the bytes to write. The zip writer
here exists because the standard library cannot declare false sizes or write ZipCrypto-encrypted members.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib

from .docx_xml import ZIP_DATE

_DOS_TIME = (ZIP_DATE[3] << 11) | (ZIP_DATE[4] << 5) | (ZIP_DATE[5] // 2)
_DOS_DATE = ((ZIP_DATE[0] - 1980) << 9) | (ZIP_DATE[1] << 5) | ZIP_DATE[2]
_CRC_TABLE = []
for _n in range(256):
    _c = _n
    for _ in range(8):
        _c = (_c >> 1) ^ 0xEDB88320 if _c & 1 else _c >> 1
    _CRC_TABLE.append(_c)


class _ZipCrypto:
    """The traditional PKWARE stream cipher (APPNOTE 6.1), enough to write an encrypted member."""

    def __init__(self, password: bytes) -> None:
        self.keys = [0x12345678, 0x23456789, 0x34567890]
        for byte in password:
            self._update(byte)

    @staticmethod
    def _crc(old: int, byte: int) -> int:
        return _CRC_TABLE[(old ^ byte) & 0xFF] ^ (old >> 8)

    def _update(self, byte: int) -> None:
        k0, k1, k2 = self.keys
        k0 = self._crc(k0, byte)
        k1 = ((k1 + (k0 & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        k2 = self._crc(k2, k1 >> 24)
        self.keys = [k0, k1, k2]

    def encrypt(self, data: bytes) -> bytes:
        out = bytearray()
        for byte in data:
            temp = (self.keys[2] | 2) & 0xFFFF
            out.append(byte ^ (((temp * (temp ^ 1)) >> 8) & 0xFF))
            self._update(byte)
        return bytes(out)


def write_zip(members: list[tuple[str, bytes]], *, password: bytes | None = None,
              declared: dict[str, int] | None = None, seed: int = 7) -> bytes:
    """A deflated zip; ``password`` encrypts every member, ``declared`` overrides uncompressed sizes."""
    declared = declared or {}
    rng = random.Random(seed)
    out, central = io.BytesIO(), io.BytesIO()
    for name, data in members:
        raw_name = name.encode("utf-8")
        crc = zlib.crc32(data)
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        body = packer.compress(data) + packer.flush()
        flags = 0x800
        if password is not None:
            flags |= 0x1
            header = bytes(rng.randrange(256) for _ in range(11)) + bytes([crc >> 24])
            body = _ZipCrypto(password).encrypt(header + body)
        size = declared.get(name, len(data))
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, 8, _DOS_TIME, _DOS_DATE, crc, len(body),
                              size, len(raw_name), 0) + raw_name + body)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, 8, _DOS_TIME, _DOS_DATE, crc,
                                  len(body), size, len(raw_name), 0, 0, 0, 0, 0, offset) + raw_name)
    directory = central.getvalue()
    start = out.tell()
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), start, 0))
    return out.getvalue()


def members_of(docx: bytes) -> list[tuple[str, bytes]]:
    """The (name, bytes) members of a .docx, in order."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return [(info.filename, archive.read(info.filename)) for info in archive.infolist()]


def bomb_declared(docx: bytes) -> bytes:
    """A tiny .docx whose central directory claims word/document.xml inflates to almost 4 GiB."""
    return write_zip(members_of(docx), declared={"word/document.xml": 0xFFFFFFF0})


def bomb_ratio(docx: bytes, megabytes: int = 64) -> bytes:
    """A .docx whose document.xml really inflates to ``megabytes`` of whitespace (ratio far above 200:1)."""
    members = []
    for name, data in members_of(docx):
        if name == "word/document.xml":
            head, _, tail = data.partition(b"<w:body>")
            data = head + b"<w:body>" + b" " * (megabytes * 1024 * 1024) + tail
        members.append((name, data))
    return write_zip(members)


def with_vba(docx: bytes) -> bytes:
    """A .docx that carries a VBA project (word/vbaProject.bin) although its name says no macros."""
    vba = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"Attribute VB_Name = \"ThisDocument\"\r\n"
    return write_zip([*members_of(docx), ("word/vbaProject.bin", vba)])


def billion_laughs(docx: bytes) -> bytes:
    """A .docx whose document.xml declares nested entities (the billion laughs attack)."""
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    ]
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE w:document [' + "".join(entities) + "]>"
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
        "<w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    ).encode("utf-8")
    return write_zip([(n, xml if n == "word/document.xml" else d) for n, d in members_of(docx)])


def zip_encrypted(docx: bytes) -> bytes:
    """A .docx whose zip members are ZipCrypto-encrypted (what some archivers make of 'protect with password')."""
    return write_zip(members_of(docx), password=b"hedong2026")


def word_encrypted(docx: bytes) -> bytes:
    """A .docx protected with a Word open password (ECMA-376 agile encryption in an OLE container)."""
    import msoffcrypto.format.ooxml as ooxml  # only the generator needs it: pip install msoffcrypto-tool

    out = io.BytesIO()
    ooxml.OOXMLFile(io.BytesIO(docx)).encrypt("hedong2026", out)
    return out.getvalue()


def truncated(data: bytes, keep: float = 0.6) -> bytes:
    """The first ``keep`` share of a file, as an interrupted upload leaves it."""
    return data[: int(len(data) * keep)]


def legacy_doc() -> bytes:
    """The start of a Word 97-2003 .doc (an OLE compound file with no encryption stream)."""
    sector = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack("<HHH", 0x3E, 3, 0xFFFE)
    return sector.ljust(512, b"\x00") + "WordDocument".encode("utf-16-le").ljust(2048, b"\x00")


def png_bytes() -> bytes:
    """A small real PNG (a red bar, like a scanned red head)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (120, 20), (224, 0, 0)).save(buffer, format="PNG")
    return buffer.getvalue()
