"""The parts of a .docx: safe parsing, relationships, hidden styles and document properties."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.pkgreader import PackageReader

from ..errors import UnreadableFile
from ._docx_ns import FALSE_VALUES, W_BASED_ON, W_RPR, W_STYLE, W_STYLE_ID, W_VAL, W_VANISH, Element
from ._docx_walk import Raw
from .zipguard import parse_safely

_DC = "http://purl.org/dc/elements/1.1/"
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_OP = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"

# Property element → the name a clerk sees in Word's 属性 dialog.
_CORE_LABELS = {
    f"{{{_DC}}}creator": "作者",
    f"{{{_CP}}}lastModifiedBy": "最后修改者",
    f"{{{_DC}}}title": "标题",
    f"{{{_DC}}}subject": "主题",
    f"{{{_CP}}}keywords": "关键词",
    f"{{{_DC}}}description": "备注",
    f"{{{_CP}}}category": "类别",
}
_APP_LABELS = {f"{{{_EP}}}Company": "单位", f"{{{_EP}}}Manager": "经理"}
_VANISH_BYTES = (b"vanish", "vanish".encode("utf-16-le"), "vanish".encode("utf-16-be"))
_MAX_STYLE_DEPTH = 32  # basedOn chains are short; a longer one is a loop in a hostile file


class DocxPackage:
    """The XML parts of a .docx and their relationships, as python-docx's package reader finds them.

    python-docx's reader resolves relationships and content types; parsing is left to ``root()`` so each part
    is parsed once, by the safe parser, and only when it is read (styles often are not).
    """

    def __init__(self, path: Path) -> None:
        reader = PackageReader.from_file(str(path))
        self._blobs = {str(name): blob for name, content_type, _, blob in reader.iter_sparts()
                       if content_type.endswith("xml")}
        self._rels: dict[str, dict[str, tuple[str, str | None]]] = {}  # source → rId → (type, target part)
        for source, rel in reader.iter_srels():
            target = None if rel.is_external else str(rel.target_partname)
            self._rels.setdefault(str(source), {})[rel.rId] = (rel.reltype, target)

    def blob(self, part: str) -> bytes:
        """The raw XML of ``part``."""
        try:
            return self._blobs[part]
        except KeyError as exc:
            raise UnreadableFile("文档引用的部件不存在或不是 XML，文件已损坏",
                                 "a part the document refers to is missing or not XML; the file is damaged") from exc

    def root(self, part: str) -> Element:
        """The parsed root element of ``part``."""
        return parse_safely(self.blob(part))

    def related(self, source: str, reltype: str) -> list[str]:
        """Names of the parts ``source`` ("/" for the package) refers to with relationships of ``reltype``."""
        return [target for kind, target in self._rels.get(source, {}).values()
                if kind == reltype and target is not None]

    def target(self, source: str, r_id: str | None) -> str | None:
        """Name of the part behind relationship ``r_id`` of ``source``, None when there is none."""
        kind_target = self._rels.get(source, {}).get(r_id or "")
        return kind_target[1] if kind_target is not None else None


def hidden_styles(package: DocxPackage, main: str) -> frozenset[str]:
    """Ids of paragraph and character styles that hide their text (w:vanish), following basedOn."""
    own: dict[str, bool | None] = {}
    based_on: dict[str, str] = {}
    for name in package.related(main, RT.STYLES):
        blob = package.blob(name)
        if not any(word in blob for word in _VANISH_BYTES):
            continue  # the usual case: no style hides text, and the styles part is large, so skip parsing it
        root = package.root(name)
        for style in root.iterchildren(W_STYLE):
            style_id = style.get(W_STYLE_ID)
            if not style_id:
                continue
            vanish = style.find(f"{W_RPR}/{W_VANISH}")
            own[style_id] = None if vanish is None else vanish.get(W_VAL) not in FALSE_VALUES
            base = style.find(W_BASED_ON)
            if base is not None and base.get(W_VAL):
                based_on[style_id] = base.get(W_VAL) or ""
    return frozenset(s for s in own if _inherits_hidden(s, own, based_on))


def _inherits_hidden(style_id: str, own: dict[str, bool | None], based_on: dict[str, str]) -> bool:
    current: str | None = style_id
    for _ in range(_MAX_STYLE_DEPTH):
        if current is None:
            return False
        value = own.get(current)
        if value is not None:
            return value
        current = based_on.get(current)
    return False


def metadata_blocks(package: DocxPackage) -> Iterator[Raw]:
    """Core, app and custom document properties that can hold names (author, company …)."""
    for name in package.related("/", RT.CORE_PROPERTIES):
        yield from _labelled(package.root(name), _CORE_LABELS)
    for name in package.related("/", RT.EXTENDED_PROPERTIES):
        yield from _labelled(package.root(name), _APP_LABELS)
    for name in package.related("/", RT.CUSTOM_PROPERTIES):
        yield from _custom(package.root(name))


def _labelled(root: Element, labels: dict[str, str]) -> Iterator[Raw]:
    for child in root:
        label = labels.get(child.tag) if isinstance(child.tag, str) else None
        if label is None:
            continue
        text = "".join(child.itertext())
        if text.strip():
            # column_header carries the property's name, as a header cell names a table column.
            yield Raw(text, "metadata", f"文档属性：{label}", None, label)


def _custom(root: Element) -> Iterator[Raw]:
    for prop in root.iterchildren(f"{{{_OP}}}property"):
        name = prop.get("name") or "（未命名）"
        text = "".join(prop.itertext())
        if text.strip():
            yield Raw(text, "metadata", f"自定义属性：{name}", None, name)
