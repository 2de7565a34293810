"""Writes the de-identified .docx: masks in place, revisions accepted, comments and hidden text and names gone."""

from __future__ import annotations

import logging
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from ..errors import UnreadableFile
from ..extractors._docx_ns import W_NS, Element
from ..extractors._docx_parts import DocxPackage, hidden_styles
from ..extractors.zipguard import check_docx_zip, parse_safely
from ..settings import ScanSettings
from . import _docx_clean as clean
from ._textmask import Replacer, mask_everywhere, mask_paragraphs, trie_pattern
from .plan import RedactionPlan

logger = logging.getLogger(__name__)

_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_CONTENT_TYPES = "[Content_Types].xml"
# Parts that exist only for comments (and their authors) or show page 1 as a picture: dropped whole.
_DROPPED_RELTYPES = ("/comments", "/commentsExtended", "/commentsIds", "/commentsExtensible", "/people",
                     "/thumbnail")
_DC = "http://purl.org/dc/elements/1.1/"
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
# Properties that name people or their employer whatever they say: emptied, not just masked.
_CLEARED_PROPERTIES = (f"{{{_DC}}}creator", f"{{{_CP}}}lastModifiedBy", f"{{{_EP}}}Company", f"{{{_EP}}}Manager")
# Parts that define formatting: nothing in them is cleaned unless they hold an element the cleaning acts on, so
# one without such an element and without a masked original is copied byte for byte. That is faster than a
# re-save (the styles parts are the largest in most files) and keeps what one drops outside the root element.
_DEFINITIONS = frozenset((CT.WML_STYLES, "application/vnd.ms-word.stylesWithEffects+xml", CT.WML_FONT_TABLE,
                          CT.OFC_THEME, CT.WML_NUMBERING, CT.WML_SETTINGS, CT.WML_WEB_SETTINGS))
# Any of those elements by its local name, with any prefix or none (other namespaces too: that errs on the safe
# side); a trie, as a styles part has tens of thousands of tags to try it on.
_ACTED_ON = re.compile("<(?:[^\\s<>/:]+:)?{}[\\s/>]".format(
    trie_pattern(sorted({tag.rpartition("}")[2] for tag in (*clean.CLEANED, *_CLEARED_PROPERTIES)}))))
# The word in a UTF-16 part (such a part holds NULs; one in UTF-8 never does).
_VANISH_UTF16 = re.compile(re.escape("vanish".encode("utf-16-le")) + b"|" + re.escape("vanish".encode("utf-16-be")))
_ENCODING = re.compile(r"""\A\ufeff?<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)""")


@dataclass
class DocxRedaction:
    """What the writer changed, for the reviewer and the record."""

    replaced: int = 0
    revisions_accepted: int = 0
    comment_marks_removed: int = 0
    hidden_runs_removed: int = 0
    dropped_parts: list[str] = field(default_factory=list)
    cleared_properties: int = 0


def redact_docx(source: Path, target: Path, plan: RedactionPlan, settings: ScanSettings | None = None) -> DocxRedaction:
    """Write ``source`` to ``target`` with ``plan``'s masks applied and everything hidden in Word removed."""
    settings = settings or ScanSettings()
    check_docx_zip(source, settings)
    with zipfile.ZipFile(source) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist() if not info.is_dir()]
    styles = _hidden_styles(source, members)
    stats = DocxRedaction()
    dropped = _dropped_parts(members)
    stats.dropped_parts = sorted(dropped)
    replacer = Replacer(plan.table)
    kinds = _content_types(members)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, blob in members:
            if name in dropped:
                continue
            if name.endswith((".xml", ".rels")) and not _copied_as_is(name, blob, kinds, replacer):
                blob = _rewrite_xml(name, blob, dropped, replacer, styles, stats)
            # A fixed timestamp: the output's bytes (and its sha256) depend on its content alone.
            out.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), blob,
                         compress_type=zipfile.ZIP_DEFLATED)
    logger.info("redacted docx: %d replacements, %d revisions, %d hidden runs", stats.replaced,
                stats.revisions_accepted, stats.hidden_runs_removed)
    return stats


def _hidden_styles(source: Path, members: list[tuple[str, bytes]]) -> frozenset[str]:
    # No style can hide text unless some part names w:vanish; most files do not, and reading the package's
    # relationships to find the styles part costs more than this search.
    if not any(b"vanish" in blob or (b"\x00" in blob and _VANISH_UTF16.search(blob)) for _, blob in members):
        return frozenset()
    package = DocxPackage(source)
    mains = package.related("/", RT.OFFICE_DOCUMENT)
    if not mains:
        raise UnreadableFile("文档主体缺失", "the document body is missing")
    return hidden_styles(package, mains[0])


def _dropped_parts(members: list[tuple[str, bytes]]) -> set[str]:
    dropped: set[str] = set()
    for name, blob in members:
        if not name.endswith(".rels"):
            continue
        for rel in parse_safely(blob).iter(f"{{{_RELS_NS}}}Relationship"):
            if (rel.get("Type") or "").endswith(_DROPPED_RELTYPES) and rel.get("TargetMode") != "External":
                dropped.add(_resolve(name, rel.get("Target") or ""))
    return dropped


def _content_types(members: list[tuple[str, bytes]]) -> dict[str, str]:
    # Overrides only: a part typed by its extension's default is never taken for a definitions part.
    blob = next((blob for name, blob in members if name == _CONTENT_TYPES), None)
    if blob is None:
        return {}
    return {(override.get("PartName") or "").lstrip("/"): override.get("ContentType") or ""
            for override in parse_safely(blob).iter(f"{{{_CT_NS}}}Override")}


def _copied_as_is(name: str, blob: bytes, kinds: dict[str, str], replacer: Replacer) -> bool:
    """True when ``name`` is a definitions part with nothing to clean and no masked original: it is copied."""
    if kinds.get(name) not in _DEFINITIONS or replacer.escapes:
        return False  # an original that XML escapes (&amp;) is found only in the parsed text
    text = _as_searched(blob)
    return text is not None and _ACTED_ON.search(text) is None and not replacer.found_in(text)


def _as_searched(blob: bytes) -> str | None:
    """``blob`` as text when a search of that meets every character as XML reads it, else None."""
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError:
        return None
    declared = _ENCODING.match(text)
    # Another encoding, UTF-16 read as UTF-8 (NULs) or a character reference (&#x5F20;) would hide an original
    # from the search. Most parts hold no "&" at all: one character is found by memchr, two by a slower search.
    if (declared is not None and declared.group(1).lower() != "utf-8") or "\x00" in text or (
            "&" in text and "&#" in text):
        return None
    return text


def _resolve(rels_name: str, target: str) -> str:
    # word/_rels/document.xml.rels describes word/document.xml; its targets are relative to word/.
    if target.startswith("/"):
        return target.lstrip("/")
    base = posixpath.dirname(posixpath.dirname(rels_name))
    return posixpath.normpath(posixpath.join(base, target))


def _rewrite_xml(name: str, blob: bytes, dropped: set[str], replacer: Replacer, styles: frozenset[str],
                 stats: DocxRedaction) -> bytes:
    root = parse_safely(blob)
    if name.endswith(".rels"):
        _drop_relationships(root, name, dropped)
    elif name == _CONTENT_TYPES:
        for override in list(root.iter(f"{{{_CT_NS}}}Override")):
            if (override.get("PartName") or "").lstrip("/") in dropped:
                root.remove(override)
    elif isinstance(root.tag, str) and root.tag.startswith(f"{{{W_NS}}}"):
        stats.revisions_accepted += clean.accept_revisions(root)
        stats.comment_marks_removed += clean.remove_comment_references(root)
        stats.hidden_runs_removed += clean.remove_hidden_text(root, styles)
        stats.replaced += mask_paragraphs(root, replacer)
    else:
        stats.cleared_properties += _clear_properties(root)
    data = bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
    # Most parts hold no original outside paragraph text; one search of the serialised part says so.
    if replacer.escapes or replacer.found_in(data.decode("utf-8")):
        stats.replaced += mask_everywhere(root, replacer)
        data = bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
    return data


def _drop_relationships(root: Element, rels_name: str, dropped: set[str]) -> None:
    for rel in list(root.iter(f"{{{_RELS_NS}}}Relationship")):
        if rel.get("TargetMode") != "External" and _resolve(rels_name, rel.get("Target") or "") in dropped:
            root.remove(rel)


def _clear_properties(root: Element) -> int:
    cleared = 0
    for el in root.iter(*_CLEARED_PROPERTIES):
        if el.text:
            el.text = ""
            cleared += 1
    return cleared
