"""Tables drawn without rulings, found from how their text lines up.

Word's plain table style draws no rulings, and neither do many 名单 typed with tabs. PDFium hands such a table
over as loose lines: a name alone on its line, an ID number wrapped inside its narrow cell ("3713121943022" over
"75486"). Read as body text, neither is found. Here such a table is recognised by its header row (short items
side by side, one of them a person column such as 姓名) or, in a form, by a row where a person label stands
before its value (申请人 | 张三). It is followed down the page while every item stays within one column and the
rows keep close together. A line with text in the first column starts a new row; a line without it continues
the row above (a wrapped cell). The result is a Grid like a ruled table's, so placing the characters, joining a
wrapped cell and naming the column work the same for both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from ..model import Box
from ._pdf_lines import ITEM_GAP, Line, same_band
from ._pdf_tables import CELL_PADDING, Grid, names_a_column

# Header items are short labels (身份证号码, 联系电话); a longer item is running text.
_HEADER_CHARS = 10
_DIGIT = re.compile(r"\d")
# Rows further apart than this many line heights belong to different blocks (the table has ended).
_ROW_GAP = 2.0
# A table continued from the previous page may start below this many other rows (a running header, a title).
_LEADING_ROWS = 2


@dataclass(frozen=True, slots=True)
class _Item:
    """A run of text with no item gap in it: a cell's line, or a header label."""

    text: str
    left: float
    top: float
    right: float
    bottom: float


@dataclass(slots=True)
class _Row:
    """Items side by side on the page, left to right."""

    items: list[_Item]
    top: float
    bottom: float


def find_aligned(lines: list[Line], ruled: list[Grid], carried: Grid | None = None) -> list[Grid]:
    """The tables without rulings among ``lines`` (outside the ``ruled`` tables), top to bottom.

    ``carried`` is the previous page's last name table. When it had no rulings, this page may start by continuing
    it in the same columns: a table running over a page break seldom repeats its header.
    """
    rows = _rows([item for line in lines for item in _items(line) if not _in_any(item, ruled)])
    grids: list[Grid] = []
    start = 0
    if carried is not None and carried.columns:
        columns = [list(column) for column in carried.columns]
        first = next((k for k, row in enumerate(rows[:_LEADING_ROWS + 1]) if _continues(row, columns)), None)
        if first is not None:
            start = _follow(rows, first, columns)
            grids.append(_grid(rows[first:start], columns))
    while start < len(rows):
        if _opens_table(rows[start]):
            columns = [[item.left, item.right] for item in rows[start].items]
            end = _follow(rows, start, columns)
            if end > start + 1:
                grids.append(_grid(rows[start:end], columns))
                start = end
                continue
        start += 1
    return grids


def _items(line: Line) -> list[_Item]:
    """The line cut at every gap wider than an item gap (the spaces _pdf_lines kept for such gaps)."""
    text, boxes = line.text, line.boxes
    items: list[_Item] = []
    start = 0
    for i, ch in enumerate(text):
        if ch != " " or i == start:
            continue
        left, right = boxes[i - 1], boxes[i + 1] if i + 1 < len(boxes) else None
        if left is None or right is None:
            continue
        em = max(left[3] - left[1], right[3] - right[1])
        if right[0] - left[2] > ITEM_GAP * em:
            items.append(_item(text[start:i], boxes[start:i]))
            start = i + 1
    items.append(_item(text[start:], boxes[start:]))
    return items


def _item(text: str, boxes: list[Box | None]) -> _Item:
    shown = [box for box in boxes if box is not None]
    return _Item(text, shown[0][0], min(b[1] for b in shown), shown[-1][2], max(b[3] for b in shown))


def _in_any(item: _Item, grids: list[Grid]) -> bool:
    x, y = (item.left + item.right) / 2, (item.top + item.bottom) / 2
    return any(g.bbox[0] <= x <= g.bbox[2] and g.bbox[1] <= y <= g.bbox[3] for g in grids)


def _rows(items: list[_Item]) -> list[_Row]:
    """Items grouped into rows by their vertical band, top to bottom."""
    rows: list[_Row] = []
    for item in sorted(items, key=lambda it: it.top):
        row = rows[-1] if rows else None
        if row is not None and _overlaps(row, item):
            row.items.append(item)
            row.bottom = max(row.bottom, item.bottom)
        else:
            rows.append(_Row([item], item.top, item.bottom))
    for row in rows:
        row.items.sort(key=lambda it: it.left)
    return rows


def _overlaps(row: _Row, item: _Item) -> bool:
    first = row.items[0]
    return same_band(first.top, first.bottom, item.top, item.bottom)


def _opens_table(row: _Row) -> bool:
    """A list's header row (short labels side by side, one naming a person column), or a form's row (a person
    label followed by its value: 申请人 | 张三 | 邮编 | 276000). A label is short and has no digit."""
    if len(row.items) < 2:
        return False
    texts = ["".join(item.text.split()) for item in row.items]
    labels = [len(text) <= _HEADER_CHARS and not _DIGIT.search(text) for text in texts]
    if all(labels):
        return any(names_a_column(text) for text in texts)
    return any(label and names_a_column(text) for label, text in zip(labels[:-1], texts, strict=False))


def _continues(row: _Row, columns: list[list[float]]) -> bool:
    """Whether ``row`` can be a carried table's first row on a new page: side by side items in its columns,
    one of them in the first."""
    hits = [_columns_under(item, columns) for item in row.items]
    return len(hits) >= 2 and all(len(hit) == 1 for hit in hits) and hits[0] == [0]


def _follow(rows: list[_Row], start: int, columns: list[list[float]]) -> int:
    """Where the table whose first row is ``rows[start]`` ends; ``columns`` grow to the extents of its items."""
    if _overlap(columns):
        return start
    end = start
    while end < len(rows):
        row = rows[end]
        if end > start and row.top - rows[end - 1].bottom > _ROW_GAP * (row.bottom - row.top):
            break
        hits = [_columns_under(item, columns) for item in row.items]
        if any(len(hit) != 1 for hit in hits):
            break
        widened = [list(extent) for extent in columns]
        for item, (column,) in zip(row.items, hits, strict=True):
            extent = widened[column]
            extent[0], extent[1] = min(extent[0], item.left), max(extent[1], item.right)
        if _overlap(widened):
            break
        columns[:] = widened
        end += 1
    return end


def _overlap(columns: list[list[float]]) -> bool:
    return any(left[1] > right[0] for left, right in pairwise(columns))


def _columns_under(item: _Item, columns: list[list[float]]) -> list[int]:
    return [k for k, (left, right) in enumerate(columns) if item.left < right and item.right > left]


def _grid(rows: list[_Row], columns: list[list[float]]) -> Grid:
    """The table's cells: one row per line with text in the first column, with the lines below it that have none."""
    first = columns[0]
    bands: list[list[float]] = []
    for row in rows:
        if bands and not any(item.left < first[1] and item.right > first[0] for item in row.items):
            bands[-1][1] = row.bottom
        else:
            bands.append([row.top, row.bottom])
    # A cell reaches one inner margin past its widest line, so a line wrapped at the cell's edge reads as wrapped.
    rights = [min(right + CELL_PADDING, following[0]) for (_, right), following in pairwise(columns)]
    rights.append(columns[-1][1] + CELL_PADDING)
    cells = tuple(tuple((left, top, right, bottom) for (left, _), right in zip(columns, rights, strict=True))
                  for top, bottom in bands)
    extents = tuple((left, right) for left, right in columns)
    return Grid((columns[0][0], bands[0][0], rights[-1], bands[-1][1]), cells, extents)
