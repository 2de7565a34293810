"""Checks a written output for anything that should have been masked: a re-read plus a raw byte search."""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReviewError, UnreadableFile
from ..extractors import extractor_for
from ..intake import identify
from ..model import Finding, Kind
from ..scanner import Scanner
from ..text import halfwidth
from ._textmask import compact, halfwidth_each, matches_each, search_forms, search_pattern

logger = logging.getLogger(__name__)

# UTF-16 read from binary data (images, compressed streams) is random text: a two-character name turns up in a
# megabyte of it about once in two thousand tries. A short original counts there only when a terminator or
# separator follows it, as one does in a metadata field (EXIF XPAuthor ends in NUL).
_SHORT = 4
_FIELD_END = frozenset("\x00 \t\r\n,;:)]}>\"'/")
_MAX_DEPTH = 32
_NESTED_BYTES = 200 * 1024 * 1024  # uncompressed size of embedded packages the check reads

@dataclass(frozen=True, slots=True)
class Survivor:
    """A masked original still present in the output, and where (block location or file part and encoding)."""

    kind: Kind
    text: str
    where: str


@dataclass(frozen=True, slots=True)
class LeakReport:
    """The result stored with the output's sha256 in the review record; publish only when ``clean``."""

    sha256: str
    clean: bool
    checked: int  # masked originals looked for
    survivors: tuple[Survivor, ...] = ()
    error: str | None = None  # the output could not be read completely: never clean
    residual: tuple[Finding, ...] = ()  # with residual=True: output findings that are not masked originals

    def to_json(self) -> dict[str, object]:
        """The record's form: what survived and where (the original texts are shown to the reviewer only)."""
        return {
            "sha256": self.sha256, "clean": self.clean, "checked": self.checked, "error": self.error,
            "survivors": [{"kind": s.kind, "text": s.text, "where": s.where} for s in self.survivors],
            "residual": [{"kind": f.kind, "text": f.text, "where": f.where, "location": f.location}
                         for f in self.residual],
        }


def check_output(path: Path, originals: Iterable[tuple[Kind, str]], scanner: Scanner | None = None,
                 flattened: Iterable[int] = (), residual: bool = False) -> LeakReport:
    """Re-read ``path`` with the scan's extractor and search its raw bytes for every masked original.

    ``flattened`` are pages the writer turned into images on purpose; any other page without text is unread.
    With ``residual`` the detectors also run on the output, to list what they still find (masked forms included).
    """
    path = Path(path)
    scanner = scanner or Scanner()
    wanted = sorted(set(originals), key=lambda item: (-len(item[1]), item[1]))
    raw = path.read_bytes()  # read once: hashed, and searched as it is on disk
    sha256 = hashlib.sha256(raw).hexdigest()
    survivors: list[Survivor] = []
    found: list[Finding] = []
    error: str | None = None
    try:
        file_format = identify(path, scanner.settings)
        forms = _Forms(wanted)
        survivors += _in_blocks(path, file_format, forms, scanner, found if residual else None, frozenset(flattened))
        survivors += _in_bytes(raw, file_format, forms)
    except ReviewError as exc:
        error = str(exc)
    except Exception as exc:  # a parser crash on our own output must not pass as clean
        logger.warning("leak check of %s failed: %s", path.name, type(exc).__name__)
        error = "输出文件无法完整读取 / the output could not be read completely"
    originals_text = {text for _, text in wanted}
    left = tuple(f for f in found if f.text not in originals_text)
    clean = error is None and not survivors
    logger.info("leak check of %s: %d looked for, %d survivors", path.name, len(wanted), len(survivors))
    return LeakReport(sha256, clean, len(wanted), tuple(survivors), error, left)


class _Forms:
    """Every form of every original in one trie regex, and which originals each form stands for."""

    def __init__(self, wanted: list[tuple[Kind, str]]) -> None:
        self.owners: dict[str, list[tuple[Kind, str]]] = {}
        for (kind, text), half in zip(wanted, halfwidth_each([text for _, text in wanted]), strict=True):
            for form in search_forms(half):
                self.owners.setdefault(form, []).append((kind, text))
        self._search = search_pattern(frozenset(self.owners))

    def found(self, *texts: str, noisy: bool = False) -> list[tuple[Kind, str]]:
        """The originals any of ``texts`` (folded by ``halfwidth``) holds, in a stable order.

        Folded, a full-width form (or one mixing widths) reads as its half-width form. ``noisy`` texts need
        terminated short hits.
        """
        if self._search is None:
            return []
        hits = {text[start:end] for text in texts for start, end in self._search.finditer(text)
                if not noisy or end - start >= _SHORT or text[end:end + 1] in _FIELD_END}
        return self._owners(hits)

    def found_each(self, texts: list[str]) -> dict[int, list[tuple[Kind, str]]]:
        """Index → originals, for each of ``texts`` that holds any, with or without its separators."""
        if self._search is None:
            return {}
        hits: dict[int, set[str]] = {}
        # A text without separators is its own compact form: searching it again would find the same.
        compacted = {number: form for number, text in enumerate(texts) if (form := compact(text)) != text}
        for numbers, run in ((range(len(texts)), texts), (list(compacted), list(compacted.values()))):
            for index, _, _, form in matches_each(self._search, run):
                hits.setdefault(numbers[index], set()).add(form)
        return {number: self._owners(found) for number, found in sorted(hits.items())}

    def _owners(self, hits: set[str]) -> list[tuple[Kind, str]]:
        return sorted({owner for hit in hits for owner in self.owners[hit]}, key=lambda owner: owner[1])


def _in_blocks(path: Path, file_format: str, forms: _Forms, scanner: Scanner, residual: list[Finding] | None,
               flattened: frozenset[int]) -> Iterator[Survivor]:
    with extractor_for(file_format)(path, scanner.settings) as extractor:
        blocks = list(extractor.blocks())
        unread = sorted(set(extractor.ocr_pages) - flattened)
    if unread:
        pages = "、".join(map(str, unread))
        raise UnreadableFile(f"输出文件第{pages}页没有文字层，无法确认已脱敏",
                             f"page(s) {pages} of the output have no text layer; masking cannot be confirmed")
    if residual is not None:
        for found in scanner.detect_blocks(blocks):
            residual.extend(found)
    # Without separators too: 138 1234 5678 in the output is the masked 13812345678.
    for number, owners in forms.found_each([block.text for block in blocks]).items():
        block = blocks[number]
        for kind, text in owners:
            yield Survivor(kind, text, f"{block.location}（{block.where}）")


def _in_bytes(raw: bytes, file_format: str, forms: _Forms) -> Iterator[Survivor]:
    sources = _zip_members(io.BytesIO(raw)) if file_format == "docx" else _pdf_parts(raw)
    for label, data, binary in sources:
        seen: set[str] = set()  # UTF-16LE one byte on is UTF-16BE: report a part once per original
        for encoding, text, noisy in _decodings(data, binary):
            for kind, original in forms.found(halfwidth(text), noisy=noisy):
                if original not in seen:
                    seen.add(original)
                    yield Survivor(kind, original, f"{label}（{encoding}）")


def _decodings(data: bytes | str, binary: bool) -> Iterator[tuple[str, str, bool]]:
    """The bytes read as UTF-8 and, for binary data, as UTF-16 at both byte alignments (text as it is)."""
    # Decoding once and searching text costs far less than searching the bytes for every encoded form.
    if isinstance(data, str):
        yield "文本", data, False
        return
    yield "utf-8", data.decode("utf-8", errors="replace"), False
    if binary:
        for encoding in ("utf-16-le", "utf-16-be"):
            yield encoding, data[: len(data) // 2 * 2].decode(encoding, errors="replace"), True
            yield encoding, data[1:][: (len(data) - 1) // 2 * 2].decode(encoding, errors="replace"), True


def _zip_members(package: io.BytesIO, prefix: str = "", budget: list[int] | None = None,
                 ) -> Iterator[tuple[str, bytes, bool]]:
    budget = budget if budget is not None else [_NESTED_BYTES]
    with zipfile.ZipFile(package) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            data = archive.read(info)
            name = prefix + info.filename
            # XML parts are UTF-8 (the writer serialises them so, or copies only parts that are); anything else
            # may hide UTF-16 text.
            yield name, data, not info.filename.endswith((".xml", ".rels"))
            if data.startswith(b"PK\x03\x04") and not prefix:
                # An embedded workbook (a chart's data) is a zip of its own: its text is compressed inside it.
                with zipfile.ZipFile(io.BytesIO(data)) as inner:
                    budget[0] -= sum(i.file_size for i in inner.infolist())
                if budget[0] < 0:
                    raise UnreadableFile("嵌入的文件过大，无法检查", "embedded files are too large to check")
                yield from _zip_members(io.BytesIO(data), f"{name}/", budget)


def _pdf_parts(raw: bytes) -> Iterator[tuple[str, bytes | str, bool]]:
    import pikepdf  # only PDF outputs need it

    yield "文件原始字节", raw, True
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        for number, obj in enumerate(pdf.objects):
            # Text strings (Info, outlines, annotations, form values) decoded as a PDF reader decodes them.
            strings = "\n".join(_strings(obj, 0))
            if strings:
                yield f"对象{number}字符串", strings, False
            if isinstance(obj, pikepdf.Stream):
                try:
                    data = obj.read_bytes()
                except pikepdf.PdfError:
                    continue  # an image codec pikepdf does not decode; its raw bytes were searched above
                yield f"对象{number}数据流", data, True


def _strings(obj: object, depth: int) -> Iterator[str]:
    import pikepdf

    if depth > _MAX_DEPTH:
        return
    if isinstance(obj, pikepdf.String):
        yield str(obj)
    elif isinstance(obj, pikepdf.Array):
        for item in obj:
            # An indirect object is visited as an object of its own; numbers and names come back as plain values.
            if isinstance(item, pikepdf.Object) and not item.is_indirect:
                yield from _strings(item, depth + 1)
    elif isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        for key in obj.keys():
            value = obj.get(key)
            if isinstance(value, pikepdf.Object) and not value.is_indirect:
                yield from _strings(value, depth + 1)
