"""Table structure for the pages that need it: pdfplumber's table algorithm finds the cells, PDFium's text fills them.

Only a table with a name column (姓名, 当事人 …) changes what the detectors report, so tables are looked for only
on pages whose text names such a column. The rulings come from PDFium (see _pdf_rulings); pdfplumber's
edge merging, intersection and cell grouping turn them into cells. Cell text is built from the same PDFium
characters as the page text, so every cell keeps its boxes and no character is read twice: a character inside a
cell leaves the page's body text. Tables without rulings (_pdf_aligned) come as the same Grid and are placed alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from pdfplumber.table import (
    TableSettings,
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)
from pdfplumber.utils import filter_edges

from ..model import Box
from ._pdf_chars import PageChars
from ._pdf_lines import Line, trimmed
from ._pdf_rulings import Edge

# A header word not followed by a colon (checked with whitespace removed): "姓名" heading a column, not
# "联系人：张三" in running text.
# (A fixed alternation over our own extracted text: linear, no backtracking to bound.)
NAME_HEADER = re.compile(
    "(?:姓名|户主|当事人|法定代表人|联系人|申请人|负责人|举报人|投诉人|经办人|收款人|持卡人)(?![：:])"
)
_SETTINGS = TableSettings()
# Text in a table cell stops this far short of the cell's ruling (the cell's inner margin).
CELL_PADDING = 6.0


@dataclass(frozen=True, slots=True)
class Grid:
    """A table's outline and its cells row by row (None where a merged cell covers the position).

    ``columns`` holds, for a table found without rulings, the left and right edge of each column's text.
    """

    bbox: Box
    rows: tuple[tuple[Box | None, ...], ...]
    columns: tuple[tuple[float, float], ...] = ()


@dataclass(slots=True)
class Placement:
    """A page's lines split between the body and each table cell ([table][row][column] -> lines)."""

    body: list[Line]
    cells: list[list[list[list[Line]]]]


def names_a_column(text: str) -> bool:
    """True when ``text`` contains a name-column header word used as a heading rather than a label."""
    return NAME_HEADER.search("".join(text.split())) is not None


def find_grids(edges: list[Edge]) -> list[Grid]:
    """The tables pdfplumber's algorithm finds among a page's rulings, with its default tolerances."""
    if not edges:
        return []
    merged = merge_edges(edges, _SETTINGS.snap_x_tolerance, _SETTINGS.snap_y_tolerance,
                         _SETTINGS.join_x_tolerance, _SETTINGS.join_y_tolerance)
    rulings = filter_edges(merged, min_length=_SETTINGS.edge_min_length)
    points = edges_to_intersections(rulings, _SETTINGS.intersection_x_tolerance, _SETTINGS.intersection_y_tolerance)
    return [_grid(cells) for cells in cells_to_tables(intersections_to_cells(points))]


def _grid(cells: list[tuple[float, float, float, float]]) -> Grid:
    """Rows of a table's cells, as pdfplumber's Table.rows lays them out (None under a merged cell)."""
    lefts = sorted({cell[0] for cell in cells})
    rows: list[tuple[Box | None, ...]] = []
    for _, row_cells in groupby(sorted(cells, key=itemgetter(1, 0)), key=itemgetter(1)):
        by_left = {cell[0]: _box(cell) for cell in row_cells}
        rows.append(tuple(by_left.get(left) for left in lefts))
    bbox = (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))
    return Grid(_box(bbox), tuple(rows))


def _box(bbox: tuple[float, float, float, float]) -> Box:
    return (float(bbox[0]), float(bbox[1]), float(bbox[2]), float(bbox[3]))


def place(page: PageChars, grids: list[Grid]) -> Placement:
    """Put each character in the cell that holds its centre, or in the body when no cell does."""
    if not grids:
        return Placement(page.lines, [])
    cells: list[list[list[list[Line]]]] = [[[[] for _ in row] for row in grid.rows] for grid in grids]
    body: list[Line] = []
    for line in page.lines:
        if any(_crosses(line, grid) for grid in grids):
            _split_line(line, grids, cells, body)
        else:
            body.append(line)
    return Placement(body, cells)


def _split_line(line: Line, grids: list[Grid], cells: list[list[list[list[Line]]]], body: list[Line]) -> None:
    """Append each part of ``line`` to the lines of the cell (or the body) it lies in."""
    # Parts by destination, keyed by the identity of the destination's list of lines.
    parts: dict[int, tuple[list[Line], list[str], list[Box | None]]] = {}
    target = body
    # Neighbouring characters nearly always share a cell: try the last one before searching them all.
    found: tuple[Box, list[Line]] | None = None
    for ch, box in zip(line.text, line.boxes, strict=True):
        # An inserted space has no box: it goes with the character before it, and is trimmed at a line end.
        if box is not None:
            x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
            if found is None or not _inside(x, y, found[0]):
                found = _cell_for(x, y, grids, cells)
            target = body if found is None else found[1]
        part = parts.setdefault(id(target), (target, [], []))
        part[1].append(ch)
        part[2].append(box)
    for destination, chars, boxes in parts.values():
        kept = trimmed(Line("".join(chars), boxes, [0.0] * len(boxes)))
        if kept is not None:
            destination.append(kept)


def _cell_for(x: float, y: float, grids: list[Grid],
              cells: list[list[list[list[Line]]]]) -> tuple[Box, list[Line]] | None:
    for grid, grid_cells in zip(grids, cells, strict=True):
        if not _inside(x, y, grid.bbox):
            continue
        for row, row_cells in zip(grid.rows, grid_cells, strict=True):
            for cell, members in zip(row, row_cells, strict=True):
                if cell is not None and _inside(x, y, cell):
                    return cell, members
    return None


def _crosses(line: Line, grid: Grid) -> bool:
    first, last = line.boxes[0], line.boxes[-1]
    assert first is not None and last is not None
    top, bottom = min(first[1], last[1]), max(first[3], last[3])
    return top <= grid.bbox[3] and bottom >= grid.bbox[1]


def _inside(x: float, y: float, box: Box) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]
