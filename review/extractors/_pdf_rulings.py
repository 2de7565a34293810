"""Table rulings of one page, read from PDFium's path objects and given as edges in pdfplumber's format.

pdfplumber finds a table's cells from the page's straight lines and rectangle sides. Its own page parsing
interprets every glyph too (about 40 ms a page), which on a name list, where every page holds a 姓名 table, would
make a scan twenty times slower than pdftotext. PDFium has already parsed the page, so the rulings are taken
from its path objects here and handed to pdfplumber's table algorithm unchanged.
"""

from __future__ import annotations

import ctypes
import logging
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ._pdf_chars import Transform

logger = logging.getLogger(__name__)

Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]
Edge = dict[str, Any]

_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# A segment this close to horizontal or vertical counts as a ruling (matrix arithmetic leaves small errors).
_AXIS_TOLERANCE = 0.5
# pdfplumber's edge_min_length_prefilter: shorter strokes are dots, not rulings.
_MIN_EDGE = 1.0
# Scanners and map drawings can hold millions of path segments; tables never need that many.
_MAX_SEGMENTS = 50_000
_MAX_FORM_DEPTH = 4


class _Budget:
    def __init__(self) -> None:
        self.left = _MAX_SEGMENTS


def read_edges(page: pdfium.PdfPage, transform: Transform) -> list[Edge]:
    """Horizontal and vertical edges drawn on the page, in displayed page coordinates (top-left origin)."""
    segments: list[tuple[Point, Point]] = []
    budget = _Budget()
    for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        _collect(pdfium_c.FPDFPage_GetObject(page.raw, i), _IDENTITY, 0, segments, budget)
    if budget.left < 0:
        logger.info("page has more than %d path segments; table rulings not read", _MAX_SEGMENTS)
        return []
    edges = (_edge(start, end, transform) for start, end in segments)
    return [edge for edge in edges if edge is not None]


def _collect(obj: Any, outer: Matrix, depth: int, out: list[tuple[Point, Point]], budget: _Budget) -> None:
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
        matrix = _compose(_matrix(obj), outer)
        for k in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
            _collect(pdfium_c.FPDFFormObj_GetObject(obj, k), matrix, depth + 1, out, budget)
    elif kind == pdfium_c.FPDF_PAGEOBJ_PATH and _painted(obj) and budget.left > 0:
        _segments(obj, _compose(_matrix(obj), outer), out, budget)


def _painted(obj: Any) -> bool:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke):
        return False
    return fill.value != pdfium_c.FPDF_FILLMODE_NONE or bool(stroke.value)


def _matrix(obj: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix that applies ``inner`` first, then ``outer`` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    oa, ob, oc, od, oe, of = outer
    return (a * oa + b * oc, a * ob + b * od, c * oa + d * oc, c * ob + d * od,
            e * oa + f * oc + oe, e * ob + f * od + of)


def _segments(obj: Any, matrix: Matrix, out: list[tuple[Point, Point]], budget: _Budget) -> None:
    count = pdfium_c.FPDFPath_CountSegments(obj)
    budget.left -= max(count, 0)
    if budget.left < 0:
        return
    x, y = ctypes.c_float(), ctypes.c_float()
    start = current = None
    for k in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        if not segment or not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        point = _apply(matrix, x.value, y.value)
        if pdfium_c.FPDFPathSegment_GetType(segment) == pdfium_c.FPDF_SEGMENT_MOVETO or current is None:
            start = current = point
            continue
        out.append((current, point))
        current = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            out.append((point, start))
            current = start


def _apply(m: Matrix, x: float, y: float) -> Point:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _edge(start: Point, end: Point, transform: Transform) -> Edge | None:
    (x0, top0, _, _), (x1, top1, _, _) = transform([(start[0], start[1], start[0], start[1]),
                                                    (end[0], end[1], end[0], end[1])])
    if abs(x0 - x1) <= _AXIS_TOLERANCE and abs(top0 - top1) >= _MIN_EDGE:
        x = (x0 + x1) / 2
        top, bottom = min(top0, top1), max(top0, top1)
        return {"object_type": "line", "orientation": "v", "x0": x, "x1": x, "top": top, "bottom": bottom,
                "doctop": top, "width": 0.0, "height": bottom - top}
    if abs(top0 - top1) <= _AXIS_TOLERANCE and abs(x0 - x1) >= _MIN_EDGE:
        top = (top0 + top1) / 2
        left, right = min(x0, x1), max(x0, x1)
        return {"object_type": "line", "orientation": "h", "x0": left, "x1": right, "top": top, "bottom": top,
                "doctop": top, "width": right - left, "height": 0.0}
    return None
