"""Walks a story of a .docx (the body, a header, a note, a comment) and yields its text in reading order."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import NamedTuple

from ..errors import UnreadableFile
from ..model import Where
from ._docx_inline import FixedPage, InlineReader, Pages, PageSource, ParaText
from ._docx_ns import (
    M_OMATH,
    M_OMATH_PARA,
    MC_ALTERNATE_CONTENT,
    MC_CHOICE,
    MC_FALLBACK,
    V_TEXTPATH,
    W_ALT_CHUNK,
    W_DEL,
    W_GRID_BEFORE,
    W_GRID_COL,
    W_GRID_SPAN,
    W_MOVE_FROM,
    W_P,
    W_R,
    W_SECT_PR,
    W_TBL,
    W_TBL_GRID,
    W_TBL_PR,
    W_TBL_PR_EX,
    W_TC,
    W_TC_PR,
    W_TR,
    W_TR_PR,
    W_TXBX_CONTENT,
    W_VAL,
    Element,
    _w,
)

# Block-level children that hold no text.
_BLOCK_SKIP = frozenset(_w(name) for name in (
    "bookmarkStart", "bookmarkEnd", "proofErr", "commentRangeStart", "commentRangeEnd", "permStart", "permEnd",
    "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd", "sdtPr", "sdtEndPr",
    "customXmlPr", "tcPr", "footnotePr", "endnotePr",
))
# Run-level content the schema allows directly in a block container; read it as a paragraph of its own.
_STRAY_INLINE = frozenset({W_R, _w("ins"), W_DEL, _w("moveTo"), W_MOVE_FROM, _w("hyperlink"), _w("smartTag"),
                           M_OMATH, M_OMATH_PARA})
_BOX_TAGS = frozenset({W_TXBX_CONTENT, MC_ALTERNATE_CONTENT, V_TEXTPATH})
_ROW_PROPS = frozenset({W_TBL_PR, W_TBL_GRID, W_TR_PR, W_TBL_PR_EX, W_TC_PR})
_PAGE_STARTS = frozenset({"nextPage", "oddPage", "evenPage"})
_MAX_GRID = 64  # Word allows 63 columns; bounds hostile gridSpan values


class Raw(NamedTuple):
    """A block before the extractor numbers it."""

    text: str
    where: Where
    location: str
    page: int | None
    column_header: str | None = None
    row_label: str | None = None


@dataclass(frozen=True, slots=True)
class Story:
    """How text of one story is labelled: its ``where`` values, its page source and its location prefix."""

    where: Where
    table_where: Where
    box_where: Where
    pages: PageSource
    main: bool = False  # the document body: records sections and counts page breaks
    box_prefix: str = ""


class Scope:
    """Numbers the paragraphs and tables of one container: the body, a header, a note, a text box or a table cell."""

    __slots__ = ("label", "body", "paragraphs", "table_prefix", "tables", "cell")

    def __init__(self, label: str, table_prefix: str, tables: list[int] | None = None,
                 body: bool = False, cell: bool = False) -> None:
        self.label = label
        self.body = body
        self.paragraphs = 0
        self.table_prefix = table_prefix
        self.tables = tables if tables is not None else [0]  # shared by the cells of one table
        self.cell: list[ParaText] | None = [] if cell else None

    def paragraph_location(self, number: int) -> str:
        """Where the ``number``-th paragraph with text of this container is."""
        if self.body:
            return f"正文第{number}段"
        if self.cell is not None or number == 1:
            return self.label
        return f"{self.label} 第{number}段"

    def next_table(self) -> str:
        """Label of the next table in this container."""
        self.tables[0] += 1
        return f"{self.table_prefix}{self.tables[0]}"


def hidden_note(hidden_chars: int, chars: int) -> str:
    """The location suffix that tells a clerk the text is hidden in Word."""
    if hidden_chars == 0:
        return ""
    return "（隐藏文字）" if hidden_chars >= chars else "（含隐藏文字）"


class StoryWalker:
    """Reads stories of one document; keeps what spans stories (text box numbers, the body's sections)."""

    def __init__(self, hidden_styles: frozenset[str]) -> None:
        self._inline = InlineReader(hidden_styles)
        self._boxes = 0
        self.sections: list[Element] = []
        self._section_starts_page: list[bool] = []

    def body(self, body: Element) -> Iterator[Raw]:
        """The main text: paragraphs, tables and text boxes, with an estimated page number."""
        self._section_starts_page = [_starts_page(s) for s in body.iter(W_SECT_PR)
                                     if s.getparent() is not None and s.getparent().tag != _w("sectPrChange")]
        story = Story("body", "table", "textbox", Pages(), main=True)
        self._inline.watch_hidden(body)
        yield from self._content(body, story, Scope("正文", "表格", body=True))

    def story(self, root: Element, where: Where, label: str) -> Iterator[Raw]:
        """A header, footer, note or comment: everything in it gets ``where`` and no page."""
        story = Story(where, where, where, FixedPage(None), box_prefix=f"{label} ")
        self._inline.watch_hidden(root)
        yield from self._content(root, story, Scope(label, f"{label} 表格"))

    def _content(self, parent: Iterable[Element], story: Story, scope: Scope) -> Iterator[Raw]:
        for el in parent:
            tag = el.tag
            if tag == W_P:
                yield from self._paragraph(el, story, scope)
            elif tag == W_TBL:
                yield from self._table(el, story, scope.next_table())
            elif tag in _BLOCK_SKIP or not isinstance(tag, str):
                continue
            elif tag == W_SECT_PR:
                if story.main:
                    self.sections.append(el)
            elif tag == MC_ALTERNATE_CONTENT:
                yield from self._alternate(el, story, lambda branch, st: self._content(branch, st, scope))
            elif tag == W_ALT_CHUNK:
                raise UnreadableFile("文档含有未转换的外部嵌入内容（altChunk），请在 Word 中打开并另存后上传",
                                     "the document embeds unconverted content (altChunk); open and save it in Word")
            elif tag in _STRAY_INLINE:
                yield from self._paragraph((el,), story, scope)
            else:
                # sdt, sdtContent, customXml and any wrapper not known here: descend, so no paragraph is skipped.
                yield from self._content(el, story, scope)

    def _paragraph(self, p: Iterable[Element], story: Story, scope: Scope) -> Iterator[Raw]:
        acc = self._inline.read(p, story.pages)
        page = acc.page if acc.page is not None else story.pages.page
        has_text = not acc.text.isspace() and acc.text != ""
        location = scope.paragraph_location(scope.paragraphs + 1)
        if scope.cell is not None:
            scope.cell.append(acc)
        elif has_text:
            scope.paragraphs += 1
            yield Raw(acc.text, story.where, location + hidden_note(acc.hidden_chars, acc.chars), page)
        for deleted in acc.deleted:
            if deleted.strip():
                yield Raw(deleted, "tracked_deletion", f"{location}（删除的修订）", page)
        for anchor in acc.anchors:
            yield from self._box(anchor, story, page)
        if acc.section is not None and story.main:
            self._end_section(acc.section, story.pages)

    def _end_section(self, sect_pr: Element, pages: PageSource) -> None:
        # A section's w:type says how *it* starts, so the break after this paragraph is the next section's type.
        self.sections.append(sect_pr)
        following = len(self.sections)
        if following < len(self._section_starts_page) and self._section_starts_page[following]:
            pages.explicit_break()

    def _table(self, tbl: Element, story: Story, label: str) -> Iterator[Raw]:
        grid = len(tbl.findall(f"{W_TBL_GRID}/{W_GRID_COL}"))
        nested = [0]
        header: dict[int, str] | None = None
        outer_row = story.pages.row
        for row_number, tr in enumerate(_rows(tbl), 1):
            story.pages.row = tr
            column = _int_val(tr.find(f"{W_TR_PR}/{W_GRID_BEFORE}"), 0)
            row: list[tuple[int, int, str]] = []
            for tc in _cells(tr):
                span = _int_val(tc.find(f"{W_TC_PR}/{W_GRID_SPAN}"), 1)
                cell_label = f"{label} 第{row_number}行第{column + 1}列"
                scope = Scope(cell_label, f"{label}-", nested, cell=True)
                inner = list(self._content(tc, story, scope))
                column_header = header.get(column) if header is not None else None
                text = yield from self._cell(scope, story, column_header, row[-1][2] if row else None)
                yield from inner
                row.append((column, span, text))
                column += span
            if header is None and not (len(row) == 1 and grid > 1 and row[0][1] >= grid):
                # The header row is the first one, unless that is a title spanning the whole table.
                header = {c: text.strip() for start, span, text in row
                          for c in range(start, start + span) if text.strip()}
        story.pages.row = outer_row

    @staticmethod
    def _cell(scope: Scope, story: Story, column_header: str | None,
              row_label: str | None) -> Generator[Raw, None, str]:
        paragraphs = scope.cell or []
        text = "\n".join(p.text for p in paragraphs)
        if text.strip():
            page = next((p.page for p in paragraphs if p.page is not None), story.pages.page)
            note = hidden_note(sum(p.hidden_chars for p in paragraphs), sum(p.chars for p in paragraphs))
            yield Raw(text, story.table_where, scope.label + note, page, column_header, row_label or None)
        return text

    def _box(self, anchor: Element, story: Story, page: int | None) -> Iterator[Raw]:
        tag = anchor.tag
        if tag == MC_ALTERNATE_CONTENT:
            yield from self._alternate(anchor, story, lambda branch, st: self._boxes_within(branch, st, page))
        elif tag == W_TXBX_CONTENT:
            self._boxes += 1
            label = f"{story.box_prefix}文本框{self._boxes}"
            where = story.box_where
            inner = Story(where, where, where, FixedPage(page), box_prefix=story.box_prefix)
            yield from self._content(anchor, inner, Scope(label, f"{label} 表格"))
        elif tag == V_TEXTPATH:
            text = anchor.get("string") or ""
            if text.strip():  # WordArt and watermarks keep their text in an attribute
                yield Raw(text, story.box_where, f"{story.box_prefix}艺术字或水印", page)
        else:
            yield from self._boxes_within(anchor, story, page)

    def _boxes_within(self, parent: Element, story: Story, page: int | None) -> Iterator[Raw]:
        for child in parent:
            if child.tag in _BOX_TAGS:
                yield from self._box(child, story, page)
            elif len(child):
                yield from self._boxes_within(child, story, page)

    def _alternate(self, alt: Element, story: Story,
                   walk: Callable[[Element, Story], Iterator[Raw]]) -> Iterator[Raw]:
        # A shape is stored twice (DrawingML choice, VML fallback). Report the first rendering, and from the
        # others only text the first does not hold, so nothing hidden in a fallback goes unread.
        seen: set[str] = set()
        start = end = self._boxes
        branches = [b for b in alt if b.tag == MC_CHOICE or b.tag == MC_FALLBACK]
        for number, branch in enumerate(branches):
            self._boxes = start
            # Later renderings must not move the page estimate or record sections a second time.
            branch_story = story if number == 0 else replace(story, pages=FixedPage(story.pages.page), main=False)
            for raw in walk(branch, branch_story):
                if number == 0 or raw.text not in seen:
                    seen.add(raw.text)
                    yield raw
            end = max(end, self._boxes)
        self._boxes = end


def _rows(tbl: Element) -> Iterator[Element]:
    for el in tbl:
        if el.tag == W_TR:
            yield el
        elif el.tag not in _ROW_PROPS and isinstance(el.tag, str) and len(el):
            yield from _rows(el)  # rows wrapped in content controls or custom XML


def _cells(tr: Element) -> Iterator[Element]:
    for el in tr:
        if el.tag == W_TC:
            yield el
        elif el.tag not in _ROW_PROPS and isinstance(el.tag, str) and len(el):
            yield from _cells(el)


def _int_val(el: Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        value = int(el.get(W_VAL) or default)
    except ValueError:
        return default
    return min(max(value, 0 if default == 0 else 1), _MAX_GRID)


def _starts_page(sect_pr: Element) -> bool:
    kind = sect_pr.find(_w("type"))
    return kind is None or (kind.get(W_VAL) or "nextPage") in _PAGE_STARTS
