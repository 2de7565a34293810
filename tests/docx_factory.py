"""Small .docx builders for the extractor tests: python-docx for the package, raw XML for what it cannot write."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "v": "urn:schemas-microsoft-com:vml",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
}
XMLNS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NS.items())


def new_document() -> Document:
    """A python-docx document from its default template, with its sample metadata cleared."""
    document = docx.Document()
    document.core_properties.author = ""
    document.core_properties.comments = ""
    return document


def add_body_xml(document: Document, xml: str) -> None:
    """Append block-level WordprocessingML (w: prefixes, namespaces added here) before the body's sectPr."""
    wrapper = parse_xml(f"<w:wrapper {XMLNS}>{xml}</w:wrapper>")
    body = document.element.body
    anchor = body.find(f"{{{NS['w']}}}sectPr")
    for child in list(wrapper):
        if anchor is not None:
            anchor.addprevious(child)
        else:
            body.append(child)


def paragraph(inner: str, ppr: str = "") -> str:
    """A w:p holding ``inner`` run-level XML."""
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{inner}</w:p>"


def run(text: str, rpr: str = "") -> str:
    """A run with one w:t."""
    return f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def add_part(document: Document, name: str, content_type: str, reltype: str, xml: str) -> str:
    """Add an XML part related from the main document; return the relationship id."""
    part = Part(PackURI(name), content_type, xml.encode("utf-8"), document.part.package)
    return document.part.relate_to(part, reltype)


def add_notes(document: Document, kind: str, notes: list[str]) -> None:
    """A footnotes or endnotes part ("footnote" / "endnote") with separators and one note per text."""
    body = "".join(
        f'<w:{kind} w:id="{number}"><w:p>{run(text)}</w:p></w:{kind}>' for number, text in enumerate(notes, 1)
    )
    xml = (f'<w:{kind}s {XMLNS}><w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
           f'</w:{kind}><w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
           f"</w:r></w:p></w:{kind}>{body}</w:{kind}s>")
    content_type, reltype = (CT.WML_FOOTNOTES, RT.FOOTNOTES) if kind == "footnote" else (CT.WML_ENDNOTES, RT.ENDNOTES)
    add_part(document, f"/word/{kind}s.xml", content_type, reltype, xml)


def add_custom_properties(document: Document, properties: dict[str, str]) -> None:
    """A docProps/custom.xml part with string properties."""
    vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
    items = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name="{name}"><vt:lpwstr>{value}'
        f"</vt:lpwstr></property>" for pid, (name, value) in enumerate(properties.items(), 2)
    )
    xml = (f'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
           f'xmlns:vt="{vt}">{items}</Properties>')
    package = document.part.package
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, xml.encode("utf-8"), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def save(document: Document, path: Path) -> Path:
    """Save and return ``path``."""
    document.save(str(path))
    return path


def rewrite(source: Path, target: Path, replace: dict[str, bytes] | None = None,
            add: dict[str, bytes] | None = None, drop: tuple[str, ...] = ()) -> Path:
    """Copy a zip member by member, replacing, adding or dropping members."""
    replace = replace or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename in drop:
                continue
            new.writestr(info.filename, replace.get(info.filename, old.read(info)))
        for name, data in (add or {}).items():
            new.writestr(name, data)
    return target


def patch_central_directory(path: Path, member: str, *, file_size: int | None = None, flag_bits: int | None = None,
                            local_flags: bool = False) -> None:
    """Overwrite a member's declared uncompressed size or flag bits in the central directory (in place)."""
    data = bytearray(path.read_bytes())
    name = member.encode("utf-8")
    offset = 0
    while True:
        offset = data.index(b"PK\x01\x02", offset)
        name_length = struct.unpack_from("<H", data, offset + 28)[0]
        if bytes(data[offset + 46:offset + 46 + name_length]) == name:
            break
        offset += 4
    if file_size is not None:
        struct.pack_into("<I", data, offset + 24, file_size)
    if flag_bits is not None:
        struct.pack_into("<H", data, offset + 8, flag_bits)
        if local_flags:
            local = struct.unpack_from("<I", data, offset + 42)[0]
            struct.pack_into("<H", data, local + 6, flag_bits)
    path.write_bytes(bytes(data))
