"""Checks a .docx as a zip before any XML parser sees it: bombs, encryption, macros, DTDs, wrong package type.

Sizes come from the central directory, so a bomb is refused before a byte is inflated. Reading a member later is
bounded by those declared sizes: Python's zipfile stops inflating at the declared size and then checks the CRC, so
a member that inflates to more than it declares fails with BadZipFile instead of filling memory.
"""

from __future__ import annotations

import codecs
import logging
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import EncryptedFile, RejectedFile, UnreadableFile
from ..settings import MB, ScanSettings

logger = logging.getLogger(__name__)

_MAIN_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# Small members cannot be bombs on their own (the total limit covers many of them); very repetitive but harmless
# XML, such as a long empty table, easily compresses past the ratio limit.
_RATIO_FLOOR = 1 * MB
_CHUNK = 1 * MB
# A declaration, in any letter case. DOCTYPE carries DTDs (XXE, billion laughs); Word never writes one.
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DECLARATION_16LE = re.compile(b"".join(re.escape(bytes([c])) + b"\x00" for c in b"<!DOCTYPE"), re.IGNORECASE)
_DECLARATION_16BE = re.compile(b"".join(b"\x00" + re.escape(bytes([c])) for c in b"<!DOCTYPE"), re.IGNORECASE)
_OVERLAP = 32  # bytes kept between chunks so a declaration split across them is still seen
_ENCODING = re.compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")
# Encodings in which ASCII bytes mean ASCII characters, so the byte search above is sound.
_ASCII_COMPATIBLE = frozenset({
    "utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252",
    "gb2312", "gbk", "gb18030", "big5",
})
_CONTENT_TYPES = "[content_types].xml"
_ROOT_RELS = "_rels/.rels"
_READ_FIRST = frozenset({_CONTENT_TYPES, _ROOT_RELS})  # scanned and parsed before the other parts
_NOT_WORD = ("不是 Word 文档（.docx），无法检查", "this is not a Word (.docx) document")


@dataclass
class _ContentTypes:
    defaults: dict[str, str] = field(default_factory=dict)  # extension → content type
    overrides: dict[str, str] = field(default_factory=dict)  # part name (lower case, no leading /) → type

    def of(self, name: str) -> str | None:
        key = name.lower()
        return self.overrides.get(key) or self.defaults.get(posixpath.splitext(key)[1].lstrip("."))


def check_docx_zip(path: Path, settings: ScanSettings) -> None:
    """Raise RejectedFile / EncryptedFile / UnreadableFile unless ``path`` is a plain, sane .docx package."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_directory(infos, settings)
            names = {info.filename.lower(): info for info in infos}
            types = _content_types(archive, names)
            _check_macros(infos, types)
            _check_main_document(archive, names, types)
            for info in infos:
                if _is_xml(info.filename, types) and info.filename.lower() not in _READ_FIRST:
                    _scan_for_declarations(archive, info)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, OSError) as exc:
        logger.info("zip check of %s failed: %s", path.name, type(exc).__name__)
        raise UnreadableFile("文件不完整或已损坏（压缩结构无效），请重新导出后上传",
                             "the file is truncated or damaged (invalid zip structure); export it again") from exc


def _check_directory(infos: list[zipfile.ZipInfo], settings: ScanSettings) -> None:
    if len(infos) > settings.max_zip_members:
        raise RejectedFile(f"文档内部文件过多（{len(infos)} 个），疑似压缩炸弹，不予受理",
                           f"the package holds too many members ({len(infos)}); possibly a zip bomb")
    seen: set[str] = set()
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise EncryptedFile("文档内部文件已加密，请取消加密后上传",
                                "members of the package are encrypted; remove the encryption and upload again")
        key = info.filename.lower()
        if key in seen:  # two readers could pick different copies of the same part
            raise RejectedFile("文档内部有重名文件，结构异常，不予受理", "the package holds duplicate member names")
        seen.add(key)
        total += info.file_size
        if info.file_size > _RATIO_FLOOR and info.file_size > settings.max_compression_ratio * max(
                info.compress_size, 1):
            raise RejectedFile("文档压缩比异常，疑似压缩炸弹，不予受理",
                               "a member's compression ratio is abnormal; possibly a zip bomb")
    if total > settings.max_uncompressed_bytes:
        raise RejectedFile(f"文档解压后超过 {settings.max_uncompressed_bytes // MB} MB，疑似压缩炸弹，不予受理",
                           f"the package would inflate past {settings.max_uncompressed_bytes // MB} MB; "
                           "possibly a zip bomb")


def parse_safely(blob: bytes) -> etree._Element:
    """Parse XML with entities unresolved, no network and libxml2's size limits; refuse any DTD."""
    # A parser per call: lxml parsers must not be shared between threads, and building one is cheap.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root: etree._Element = etree.fromstring(blob, parser)
    except etree.XMLSyntaxError as exc:
        raise UnreadableFile("文档的一个 XML 部件已损坏", "an XML part of the document is damaged") from exc
    if root.getroottree().docinfo.doctype:  # second line of defence behind the byte scan
        raise RejectedFile("文档内部含有 DTD 声明，可能是恶意构造的文件，不予受理",
                           "an XML part declares a DTD; the file may be hostile and is refused")
    return root


def _read_small_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> etree._Element:
    _scan_for_declarations(archive, info)
    return parse_safely(archive.read(info))


def _content_types(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]) -> _ContentTypes:
    info = names.get(_CONTENT_TYPES)
    if info is None:
        raise RejectedFile(*_NOT_WORD)
    types = _ContentTypes()
    for el in _read_small_xml(archive, info):
        if el.tag == f"{_CT_NS}Default":
            types.defaults[(el.get("Extension") or "").lower()] = el.get("ContentType") or ""
        elif el.tag == f"{_CT_NS}Override":
            types.overrides[(el.get("PartName") or "").lstrip("/").lower()] = el.get("ContentType") or ""
    return types


def _check_macros(infos: list[zipfile.ZipInfo], types: _ContentTypes) -> None:
    declared = [*types.defaults.values(), *types.overrides.values()]
    has_vba = any(posixpath.basename(i.filename).lower().startswith(("vbaproject", "vbadata")) for i in infos)
    if has_vba or any("macroenabled" in t.lower() or "vbaproject" in t.lower() for t in declared):
        raise RejectedFile("含宏的文档不予受理，请另存为不含宏的 .docx 后上传",
                           "documents with macros are refused; save as a macro-free .docx")


def _check_main_document(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo], types: _ContentTypes) -> None:
    info = names.get(_ROOT_RELS)
    if info is None:
        raise RejectedFile(*_NOT_WORD)
    targets = {el.get("Type"): el.get("Target") or "" for el in _read_small_xml(archive, info)
               if el.tag == f"{_RELS_NS}Relationship"}
    target = targets.get(_OFFICE_DOCUMENT)
    if target is None:
        if _STRICT_OFFICE_DOCUMENT in targets:
            raise RejectedFile("严格 Open XML（Strict）格式不受理，请在 Word 中另存为普通 .docx 后上传",
                               "Strict Open XML documents are not supported; save as a normal .docx")
        raise RejectedFile(*_NOT_WORD)
    part_name = posixpath.normpath(target.lstrip("/")).lower()
    content_type = types.of(part_name)
    if part_name not in names or content_type not in (_MAIN_DOCUMENT, _TEMPLATE):
        raise RejectedFile(*_NOT_WORD)
    if content_type == _TEMPLATE:
        raise RejectedFile("Word 模板（.dotx）不受理，请另存为 .docx 后上传",
                           "Word templates (.dotx) are not accepted; save as .docx")


def _is_xml(name: str, types: _ContentTypes) -> bool:
    lower = name.lower()
    if lower.endswith((".xml", ".rels")):
        return True
    content_type = (types.of(name) or "").lower()
    # Images are never parsed (an SVG may carry a DOCTYPE of its own); every other XML part is.
    return content_type.endswith("xml") and not content_type.startswith("image/")


def _scan_for_declarations(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    with archive.open(info) as stream:
        chunk = stream.read(_CHUNK)
        pattern = _declaration_pattern(chunk)
        tail = b""
        while chunk:
            window = tail + chunk
            if pattern.search(window):
                logger.info("refused a package whose part %s declares a DTD", info.filename)
                raise RejectedFile(
                    "文档内部含有 DTD 声明（Word 从不写入），可能是恶意构造的文件，不予受理",
                    "an XML part contains a DOCTYPE declaration, which Word never writes; the file is refused")
            tail = window[-_OVERLAP:]
            chunk = stream.read(_CHUNK)


def _declaration_pattern(head: bytes) -> re.Pattern[bytes]:
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) or head.startswith((b"<\0\0\0", b"\0\0\0<")):
        raise _odd_encoding()
    if head.startswith((codecs.BOM_UTF16_LE, b"<\0")):
        return _DECLARATION_16LE
    if head.startswith((codecs.BOM_UTF16_BE, b"\0<")):
        return _DECLARATION_16BE
    start = head.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n")
    if start and not start.startswith(b"<"):
        raise _odd_encoding()  # EBCDIC, UTF-7 and other encodings a byte search cannot see through
    declared = _ENCODING.match(start)
    if declared and declared.group(1).decode("ascii").lower() not in _ASCII_COMPATIBLE:
        raise _odd_encoding()
    return _DECLARATION


def _odd_encoding() -> RejectedFile:
    return RejectedFile("文档的 XML 部件使用了异常的字符编码，不予受理",
                        "an XML part uses an unusual character encoding; the file is refused")
