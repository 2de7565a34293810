"""Writes the de-identified .pdf: masked glyphs removed from the content streams, boxes drawn where they were
(with the placeholder or pseudonym written in them when the policy replaces a datum by one).

Pages whose text cannot be rewritten for certain (Type 3 or unmeasurable fonts, text in form XObjects, rotated
pages, form fields) are rendered to an image with the boxes burned in; the result lists them.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
from PIL import ImageDraw

from ..extractors._pdf_guard import PDFIUM_LOCK
from ..model import Box, TextBlock
from ._pdf_label import label_edit, label_font, label_ops
from ._pdf_text import Edit, FontCache, Matrix, Rect, TextRedactor, UnsupportedPage
from ._textmask import Replacer, splice

logger = logging.getLogger(__name__)

_FLATTEN_SCALE = 2.0  # 144 dpi: small print stays legible
_JPEG_QUALITY = 85
# Annotations that carry notes rather than page content: removed, as comments are from a .docx.
_KEPT_ANNOTATIONS = frozenset({"/Link"})
_MAX_DEPTH = 32  # nesting of direct objects; deeper is a hostile file, and the leak check still reads it
_SAME_LINE = 0.5  # points: boxes whose tops and bottoms differ less are on one line


@dataclass
class PdfRedaction:
    """What the writer changed, for the reviewer and the record."""

    rewritten_pages: list[int] = field(default_factory=list)
    flattened_pages: list[int] = field(default_factory=list)
    boxes: int = 0
    annotations_removed: int = 0
    from_streams: bool = False  # the glyphs were found by reading the content streams (else by PDFium's reading)


@dataclass
class PageMarks:
    """What one page gets: boxes over the removed characters, some with a label (某某, 人员…) written in them."""

    plain: list[Box] = field(default_factory=list)
    labels: list[tuple[list[Box], str]] = field(default_factory=list)
    # Set where the page was read from its content stream (stream_locate): the stream's edits that take the
    # glyphs out, and for each label where it is drawn (after the text object holding its first glyph, in the
    # CTM there). Otherwise the writer measures the glyphs against the boxes.
    edits: list[Edit] | None = None
    label_at: list[tuple[int, Matrix]] = field(default_factory=list)

    @property
    def boxes(self) -> list[Box]:
        """Every box, labelled or not."""
        return self.plain + [box for boxes, _ in self.labels for box in boxes]

    def labelled(self, top: float) -> list[tuple[list[Rect], str]]:
        """Each label with its boxes merged and in user space (``top``: the page's height); it goes in the first,
        the one that holds the original's first character (a name wrapped over two lines: its first line)."""
        out = []
        for boxes, text in self.labels:
            merged = _merge(boxes)
            merged.sort(key=lambda rect: not _holds(rect, boxes[0]))
            out.append(([_user_space(box, top) for box in merged], text))
        return out

    def add(self, changed: list[Box], new: str, labels: frozenset[str]) -> None:
        """The boxes of one replaced original; labelled when its replacement ``new`` is a label."""
        if new in labels and changed:
            self.labels.append((changed, new))
        else:
            self.plain += changed


def page_marks(blocks: Sequence[TextBlock], replacer: Replacer, labels: frozenset[str] = frozenset(),
               ) -> dict[int, PageMarks]:
    """Page → the boxes of every character a masked original changes, wherever on the page it occurs."""
    boxed = [(block.text, block.page, block.boxes) for block in blocks
             if block.boxes is not None and block.page is not None]
    pages: dict[int, PageMarks] = {}
    for number, spans in replacer.spans_each([text for text, _, _ in boxed]).items():
        text, page, boxes = boxed[number]
        marks = pages.setdefault(page, PageMarks())
        for start, end, new in spans:
            changed = [boxes[i] for i in changed_characters(text, start, end, new)]
            marks.add([box for box in changed if box is not None], new, labels)
    return pages


def changed_characters(text: str, start: int, end: int, new: str) -> list[int]:
    """Offsets of the characters of ``text[start:end]`` that replacing it by ``new`` changes (spaces aside)."""
    if len(new) != end - start:
        return [i for i in range(start, end) if not text[i].isspace()]
    # Same length: a kept character (510902…8198) stays on the page.
    return [i for i in range(start, end) if new[i - start] != text[i] and not text[i].isspace()]


def redact_pdf(source: Path, target: Path, replacer: Replacer, marks: dict[int, PageMarks]) -> PdfRedaction:
    """Write ``source`` to ``target`` with the characters of ``marks`` removed and boxed, notes cleared and
    ``replacer``'s originals masked in the metadata and other strings."""
    stats = PdfRedaction()
    with pikepdf.open(source) as pdf:
        flatten = _pages_with_forms(pdf)
        font = label_font(pdf) if any(m.labels for m in marks.values()) else None
        fonts: FontCache = {}
        for number, on_page in sorted(marks.items()):
            if number in flatten:
                continue
            try:
                _rewrite_page(pdf, pdf.pages[number - 1], on_page, font, fonts)
                stats.rewritten_pages.append(number)
            except UnsupportedPage as exc:
                logger.info("page %d flattened: %s", number, exc)
                flatten.add(number)
        for number in sorted(flatten):
            _flatten_page(source, pdf, number, marks.get(number, PageMarks()), font)
        stats.flattened_pages = sorted(flatten)
        stats.boxes = sum(len(m.boxes) for m in marks.values())
        stats.annotations_removed = _remove_annotations(pdf)
        _clear_metadata(pdf, replacer)
        pdf.save(target)
    return stats


def _pages_with_forms(pdf: pikepdf.Pdf) -> set[int]:
    # A filled-in field keeps its value in the form and its look in an appearance stream: neither can be masked
    # by rewriting the page, so those pages become images and the form goes.
    pages = {number for number, page in enumerate(pdf.pages, 1)
             if any(a.get("/Subtype") == "/Widget" for a in page.obj.get("/Annots", []))}
    if "/AcroForm" in pdf.Root:
        del pdf.Root["/AcroForm"]
    return pages


def _rewrite_page(pdf: pikepdf.Pdf, page: pikepdf.Page, marks: PageMarks, font: pikepdf.Object | None,
                  fonts: FontCache) -> None:
    if int(page.obj.get("/Rotate", 0)) % 360:
        raise UnsupportedPage("rotated page")
    top = float(page.mediabox[3])
    rects = [_user_space(box, top) for box in _merge(marks.plain)]
    labelled = marks.labelled(top)
    resources = page_resources(page.obj)
    data = page_content(page.obj)
    if marks.edits is not None:
        edits, hits = marks.edits, marks.label_at
    else:
        edits, hits = _measured(resources, data, rects, labelled, fonts)
    # The boxes are a one-pixel black image clipped to the rectangles, not painted paths: a path would add table
    # rulings that change how the page's tables read. The original content is wrapped in q/Q so a CTM it
    # leaves behind cannot move them.
    box = _add_resource(resources, "/XObject", "/RedactionBox", _box_image(pdf))
    if labelled and font is not None:
        label_font_name = _add_resource(resources, "/Font", "/RedactionLabel", font)
        edits = sorted(edits + _labels(hits, labelled, box, label_font_name))
    ops = _box_ops(box, rects)
    page.obj.Contents = pdf.make_stream(b"q\n" + splice(data, edits) + b"\nQ\n" + ops.encode())


def _measured(resources: pikepdf.Dictionary, data: bytes, rects: list[Rect], labelled: list[tuple[list[Rect], str]],
              fonts: FontCache) -> tuple[list[Edit], list[tuple[int, Matrix]]]:
    """The edits that take out every glyph inside the rectangles (``rects``, then the labels'), and where each
    label goes: after the text object in which its first rectangle lost a glyph."""
    redactor = TextRedactor(resources, rects + [rect for label_rects, _ in labelled for rect in label_rects], fonts)
    edits = redactor.rewrite(data)
    firsts = accumulate((len(label_rects) for label_rects, _ in labelled), initial=len(rects))
    return edits, [redactor.hits[first] for first, _ in zip(firsts, labelled, strict=False)]


def page_content(page: pikepdf.Dictionary) -> bytes:
    """The page's content, its streams joined (they may divide it only between tokens)."""
    contents = page.get("/Contents")
    if contents is None:
        return b""
    streams = contents if isinstance(contents, pikepdf.Array) else [contents]
    return b"\n".join(stream.read_bytes() for stream in streams)


def _labels(hits: list[tuple[int, Matrix]], labelled: list[tuple[list[Rect], str]], box: str, font: str,
            ) -> list[Edit]:
    """Each label drawn where ``hits`` place it, with its boxes, then its text."""
    edits: list[Edit] = []
    for (end, ctm), (label_rects, text) in zip(hits, labelled, strict=True):
        # A name wrapped over two lines has two boxes; the label goes in the first.
        ops = _box_ops(box, label_rects) + label_ops(font, label_rects[0], text)
        edits.append(label_edit(end, ctm, ops))
    return edits


def _box_ops(name: str, rects: list[Rect]) -> str:
    """A black box over each of ``rects``: the image ``name`` stretched over them all and clipped to them.

    One image for all of them: each would be an object of its own, and every reader of the page (the leak check
    among them) visits each object. The image overhangs by a point so that the clip alone draws the edges.
    """
    if not rects:
        return ""
    clip = " ".join(f"{x0:.2f} {y0:.2f} {x1 - x0:.2f} {y1 - y0:.2f} re" for x0, y0, x1, y1 in rects)
    left, bottom = min(r[0] for r in rects) - 1, min(r[1] for r in rects) - 1
    width, height = max(r[2] for r in rects) + 1 - left, max(r[3] for r in rects) + 1 - bottom
    return f"q {clip} W n {width:.2f} 0 0 {height:.2f} {left:.2f} {bottom:.2f} cm {name} Do Q\n"


def _user_space(box: Box, top: float) -> Rect:
    x0, y_top, x1, bottom = box
    return (x0, top - bottom, x1, top - y_top)


def _merge(boxes: list[Box]) -> list[Box]:
    """Character boxes side by side on one line joined into one box (fewer boxes, no slivers between them)."""
    merged: list[list[float]] = []
    for x0, top, x1, bottom in sorted(boxes, key=lambda b: (round(b[1]), b[0])):
        last = merged[-1] if merged else None
        if (last and abs(last[1] - top) < _SAME_LINE and abs(last[3] - bottom) < _SAME_LINE
                and last[0] - _SAME_LINE <= x0 <= last[2] + _SAME_LINE):
            last[1], last[3] = min(last[1], top), max(last[3], bottom)
            last[2] = max(last[2], x1)
        else:
            merged.append([x0, top, x1, bottom])
    return [(a, b, c, d) for a, b, c, d in merged]


def _holds(outer: Box, inner: Box) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def _box_image(pdf: pikepdf.Pdf) -> pikepdf.Stream:
    image = pikepdf.Stream(pdf, b"\x00")
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height, image.BitsPerComponent = 1, 1, 8
    image.ColorSpace = pikepdf.Name.DeviceGray
    return image


def _add_resource(resources: pikepdf.Dictionary, category: str, name: str, obj: pikepdf.Object) -> str:
    """Put ``obj`` in the page's ``category`` resources under ``name`` (lengthened until it is free)."""
    if category not in resources:
        resources[category] = pikepdf.Dictionary()
    while name in resources[category]:
        name += "X"
    resources[category][name] = obj
    return name


def page_resources(page: pikepdf.Dictionary) -> pikepdf.Dictionary:
    node: pikepdf.Object | None = page
    while node is not None:
        if "/Resources" in node:
            return node.Resources  # type: ignore[return-value]
        node = node.get("/Parent")
    return pikepdf.Dictionary()


def _flatten_page(source: Path, pdf: pikepdf.Pdf, number: int, marks: PageMarks, font: pikepdf.Object | None,
                  ) -> None:
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(source)
        try:
            page = document[number - 1]
            width, height = page.get_size()
            image = page.render(scale=_FLATTEN_SCALE, may_draw_forms=False).to_pil().convert("RGB")
            page.close()
        finally:
            document.close()
    draw = ImageDraw.Draw(image)
    for x0, top, x1, bottom in marks.boxes:
        draw.rectangle([x0 * _FLATTEN_SCALE, top * _FLATTEN_SCALE, x1 * _FLATTEN_SCALE, bottom * _FLATTEN_SCALE],
                       fill="black")
    data = io.BytesIO()
    image.save(data, format="JPEG", quality=_JPEG_QUALITY)
    stream = pikepdf.Stream(pdf, data.getvalue())
    stream.Type, stream.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    stream.Width, stream.Height = image.width, image.height
    stream.ColorSpace, stream.BitsPerComponent = pikepdf.Name.DeviceRGB, 8
    stream.Filter = pikepdf.Name.DCTDecode
    obj = pdf.pages[number - 1].obj
    for key in ("/Annots", "/Rotate", "/CropBox", "/TrimBox", "/BleedBox", "/ArtBox", "/Metadata", "/PieceInfo"):
        if key in obj:
            del obj[key]
    obj.MediaBox = pikepdf.Array([0, 0, width, height])
    obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=stream))
    ops = f"q {width:.2f} 0 0 {height:.2f} 0 0 cm /Im0 Do Q\n"
    if marks.labels and font is not None:
        # The labels are written over their burnt-in boxes as on a rewritten page, so the reader still sees 某某.
        obj.Resources.Font = pikepdf.Dictionary(RedactionLabel=font)
        ops += "".join(label_ops("/RedactionLabel", rects[0], text) for rects, text in marks.labelled(height))
    obj.Contents = pdf.make_stream(ops.encode())


def _remove_annotations(pdf: pikepdf.Pdf) -> int:
    removed = 0
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if annots is None:
            continue
        kept = [a for a in annots if str(a.get("/Subtype")) in _KEPT_ANNOTATIONS]
        removed += len(annots) - len(kept)
        page.obj.Annots = pdf.make_indirect(pikepdf.Array(kept))
    return removed


def _clear_metadata(pdf: pikepdf.Pdf, replacer: Replacer) -> None:
    # XMP repeats the Info dictionary (author, title) and more: dropped whole, as Word's properties are cleared.
    if "/Metadata" in pdf.Root:
        del pdf.Root["/Metadata"]
    for page in pdf.pages:
        for key in ("/Metadata", "/PieceInfo"):
            if key in page.obj:
                del page.obj[key]
    info = pdf.trailer.get("/Info")
    if info is not None:
        for key in ("/Author", "/LastModifiedBy", "/Company", "/Manager"):
            if key in info:
                del info[key]
    # Every other text string (title, bookmarks, link targets …) keeps its place with the originals masked.
    for obj in pdf.objects:
        _mask_strings(obj, replacer, 0)


def _mask_strings(obj: object, replacer: Replacer, depth: int) -> None:
    if depth > _MAX_DEPTH:
        return
    if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        keys: list[Any] = list(obj.keys())
    elif isinstance(obj, pikepdf.Array):
        keys = list(range(len(obj)))
    else:
        return
    for key in keys:
        value = obj[key]
        if isinstance(value, pikepdf.String):
            text = str(value)
            if replacer.found_in(text):
                obj[key] = pikepdf.String(replacer.replace(text))
        elif isinstance(value, pikepdf.Object) and not value.is_indirect:
            _mask_strings(value, replacer, depth + 1)
