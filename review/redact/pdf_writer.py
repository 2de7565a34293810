"""Writes the de-identified .pdf: masked glyphs removed from the content streams, boxes drawn where they were.

Pages whose text cannot be rewritten for certain (Type 3 or unmeasurable fonts, text in form XObjects, rotated
pages, form fields) are rendered to an image with the boxes burned in; the result lists them.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
from PIL import ImageDraw

from ..extractors._pdf_guard import PDFIUM_LOCK
from ..model import Box, TextBlock
from ._pdf_text import Rect, TextRedactor, UnsupportedPage
from ._textmask import Replacer
from .plan import RedactionPlan

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


def masked_boxes(blocks: Sequence[TextBlock], replacer: Replacer) -> dict[int, list[Box]]:
    """Page → boxes of every character a masked original changes, wherever on the page the original occurs."""
    pages: dict[int, list[Box]] = {}
    for block in blocks:
        if block.boxes is None or block.page is None:
            continue
        for start, end, new in replacer.spans(block.text):
            same_length = len(new) == end - start
            for i in range(start, end):
                box = block.boxes[i]
                if box is None or block.text[i].isspace():
                    continue
                if same_length and new[i - start] == block.text[i]:
                    continue  # a kept character (510902…8198) stays on the page
                pages.setdefault(block.page, []).append(box)
    return pages


def redact_pdf(source: Path, target: Path, plan: RedactionPlan, blocks: Sequence[TextBlock]) -> PdfRedaction:
    """Write ``source`` to ``target`` with the plan's characters removed and boxed, notes and metadata cleared."""
    replacer = Replacer(plan.replacements())
    boxes = masked_boxes(blocks, replacer)
    stats = PdfRedaction()
    with pikepdf.open(source) as pdf:
        flatten = _pages_with_forms(pdf)
        for number, page_boxes in sorted(boxes.items()):
            if number in flatten:
                continue
            try:
                _rewrite_page(pdf, pdf.pages[number - 1], page_boxes)
                stats.rewritten_pages.append(number)
            except UnsupportedPage as exc:
                logger.info("page %d flattened: %s", number, exc)
                flatten.add(number)
        for number in sorted(flatten):
            _flatten_page(source, pdf, number, boxes.get(number, []))
        stats.flattened_pages = sorted(flatten)
        stats.boxes = sum(len(b) for b in boxes.values())
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


def _rewrite_page(pdf: pikepdf.Pdf, page: pikepdf.Page, boxes: list[Box]) -> None:
    if int(page.obj.get("/Rotate", 0)) % 360:
        raise UnsupportedPage("rotated page")
    top = float(page.mediabox[3])
    rects: list[Rect] = [(x0, top - bottom, x1, top - y_top) for x0, y_top, x1, bottom in _merge(boxes)]
    resources = _resources(page.obj)
    redactor = TextRedactor(resources, rects)
    instructions = redactor.rewrite(list(pikepdf.parse_content_stream(page)))
    if 0 in redactor.removed:
        raise UnsupportedPage("a masked character was not found in the content stream")
    body = pikepdf.unparse_content_stream(instructions)  # type: ignore[arg-type]
    # The boxes are a one-pixel black image stretched over each rectangle, not paths: a path would add table
    # rulings that change how the page's tables read. The original content is wrapped in q/Q so a CTM it
    # leaves behind cannot move them.
    name = _box_image(pdf, resources)
    boxes_ops = "".join(f"q {x1 - x0:.2f} 0 0 {y1 - y0:.2f} {x0:.2f} {y0:.2f} cm {name} Do Q\n"
                        for x0, y0, x1, y1 in rects)
    page.obj.Contents = pdf.make_stream(b"q\n" + body + b"\nQ\n" + boxes_ops.encode())


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


def _box_image(pdf: pikepdf.Pdf, resources: pikepdf.Dictionary) -> str:
    image = pikepdf.Stream(pdf, b"\x00")
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height, image.BitsPerComponent = 1, 1, 8
    image.ColorSpace = pikepdf.Name.DeviceGray
    if "/XObject" not in resources:
        resources.XObject = pikepdf.Dictionary()
    name = "/RedactionBox"
    while name in resources.XObject:
        name += "X"
    resources.XObject[name] = image
    return name


def _resources(page: pikepdf.Dictionary) -> pikepdf.Dictionary:
    node: pikepdf.Object | None = page
    while node is not None:
        if "/Resources" in node:
            return node.Resources  # type: ignore[return-value]
        node = node.get("/Parent")
    return pikepdf.Dictionary()


def _flatten_page(source: Path, pdf: pikepdf.Pdf, number: int, boxes: list[Box]) -> None:
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
    for x0, top, x1, bottom in boxes:
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
    obj.Contents = pdf.make_stream(f"q {width:.2f} 0 0 {height:.2f} 0 0 cm /Im0 Do Q".encode())


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
