"""One paragraph's text in one pass over its runs: visible text, tracked deletions, hidden text and page breaks."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from ._docx_ns import (
    FALSE_VALUES,
    M_OMATH,
    M_OMATH_PARA,
    M_T,
    MC_ALTERNATE_CONTENT,
    MC_CHOICE,
    V_TEXTPATH,
    W_BR,
    W_CR,
    W_DEL,
    W_DEL_TEXT,
    W_LAST_RENDERED_PAGE_BREAK,
    W_MOVE_FROM,
    W_NO_BREAK_HYPHEN,
    W_PAGE_BREAK_BEFORE,
    W_PPR,
    W_PSTYLE,
    W_PTAB,
    W_R,
    W_RPR,
    W_RSTYLE,
    W_RUBY,
    W_RUBY_BASE,
    W_SECT_PR,
    W_T,
    W_TAB,
    W_TABS,
    W_TXBX_CONTENT,
    W_TYPE,
    W_VAL,
    W_VANISH,
    Element,
    _w,
)

# Paragraph children that never hold text: skipping them saves descending into them.
_INLINE_SKIP = frozenset(_w(name) for name in (
    "bookmarkStart", "bookmarkEnd", "proofErr", "commentRangeStart", "commentRangeEnd", "permStart", "permEnd",
    "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd", "customXmlInsRangeStart",
    "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd", "sdtPr", "sdtEndPr", "customXmlPr",
    "smartTagPr", "fldData",
))
# Run children that hold no text and no text box. Field instructions (instrText) are skipped on purpose: only the
# field's result is text a reader sees.
_RUN_SKIP = frozenset(_w(name) for name in (
    "instrText", "delInstrText", "fldChar", "sym", "softHyphen", "footnoteReference", "endnoteReference",
    "commentReference", "annotationRef", "footnoteRef", "endnoteRef", "separator", "continuationSeparator",
    "pgNum", "dayShort", "dayLong", "monthShort", "monthLong", "yearShort", "yearLong",
))
_DELETIONS = frozenset({W_DEL, W_MOVE_FROM})
# What the plain-paragraph reader turns into text, and what makes it hand the paragraph to the full reader.
_PLAIN_MARKS = {
    W_TAB: "\t", W_PTAB: "\t", W_BR: "\n", W_CR: "\n", W_NO_BREAK_HYPHEN: "-", W_LAST_RENDERED_PAGE_BREAK: "",
}
_PLAIN_TAGS: tuple[str, ...] = (W_T, *_PLAIN_MARKS, W_DEL_TEXT, W_DEL, W_MOVE_FROM, MC_ALTERNATE_CONTENT, W_RUBY,
                                M_OMATH, M_OMATH_PARA, W_TXBX_CONTENT, V_TEXTPATH, W_SECT_PR, W_PAGE_BREAK_BEFORE)
_MATH = frozenset({M_OMATH, M_OMATH_PARA})


PageState = tuple[int, bool, bool, Element | None] | None


class Pages:
    """Estimates the page of body text from explicit breaks; a .docx stores no real page numbers."""

    __slots__ = ("page", "row", "started", "_fresh", "_rendered_row")

    def __init__(self) -> None:
        self.page = 1
        self.row: Element | None = None  # the table row being read, set by the table walker
        self.started = False  # some text has been read
        self._fresh = True  # no text since the last counted break
        self._rendered_row: Element | None = None

    def explicit_break(self) -> None:
        """A page break the author put there (page break, section break, page-break-before)."""
        self.page += 1
        self._fresh = True

    def rendered_break(self) -> None:
        """Where Word last broke the page when it laid the document out."""
        # Right after an explicit break Word records the same break again, and in a table it repeats it in every
        # cell of the row that starts the page: count neither twice.
        if self._fresh or (self.row is not None and self.row is self._rendered_row):
            return
        self.page += 1
        self._fresh = True
        self._rendered_row = self.row

    def text_seen(self) -> None:
        """Visible text was read at the current page."""
        self._fresh = False
        self.started = True

    def save(self) -> PageState:
        """The state, to undo a paragraph read that is abandoned halfway."""
        return self.page, self.started, self._fresh, self._rendered_row

    def restore(self, state: PageState) -> None:
        """Go back to a saved state."""
        if state is not None:
            self.page, self.started, self._fresh, self._rendered_row = state


class FixedPage:
    """Page source for text that does not flow with the body (text boxes, headers, notes): breaks do not move it."""

    __slots__ = ("page", "row", "started")

    def __init__(self, page: int | None) -> None:
        self.page = page
        self.row: Element | None = None
        self.started = True

    def explicit_break(self) -> None:
        """Ignored: a break inside a text box or header does not start a page of the body."""

    def rendered_break(self) -> None:
        """Ignored, as explicit breaks are."""

    def text_seen(self) -> None:
        """Nothing to record."""

    def save(self) -> PageState:
        """Nothing to save."""
        return None

    def restore(self, state: PageState) -> None:
        """Nothing to restore."""


PageSource = Pages | FixedPage


class ParaText:
    """What one paragraph holds, gathered by InlineReader."""

    __slots__ = ("text", "deleted", "chars", "hidden_chars", "page", "anchors", "section", "hidden_style",
                 "pages", "parts", "_deleting")

    def __init__(self, pages: PageSource) -> None:
        self.text = ""
        self.deleted: list[str] = []  # tracked deletions, one string per stretch of contiguous deleted text
        self.chars = 0
        self.hidden_chars = 0
        self.page: int | None = None  # page at the first visible character
        self.anchors: list[Element] = []  # run children that may hold text boxes, read after the paragraph
        self.section: Element | None = None  # the sectPr that ends a section at this paragraph
        self.hidden_style = False
        self.parts: list[str] = []
        self._deleting: list[str] = []
        self.pages = pages

    def add(self, text: str, hidden: bool) -> None:
        """Append visible (or hidden but present) text."""
        if self._deleting:
            self._close_deletion()
        self.parts.append(text)
        if hidden:
            self.hidden_chars += len(text)
        if not text.isspace():
            if self.page is None:
                self.page = self.pages.page
            self.pages.text_seen()

    def add_deleted(self, text: str) -> None:
        """Append text of a tracked deletion."""
        self._deleting.append(text)

    def finish(self) -> None:
        """Join the collected pieces."""
        self._close_deletion()
        self.text = "".join(self.parts)
        self.chars = len(self.text)

    def _close_deletion(self) -> None:
        if self._deleting:
            self.deleted.append("".join(self._deleting))
            self._deleting = []


class InlineReader:
    """Collects a paragraph's text in one pass over its runs, whatever wraps them (hyperlinks, fields, controls)."""

    def __init__(self, hidden_styles: frozenset[str]) -> None:
        self._hidden_styles = hidden_styles
        # Most documents hide nothing; then looking for w:vanish in every run's properties is wasted work.
        self.check_hidden = True
        self._plain_tags = _PLAIN_TAGS

    def watch_hidden(self, root: Element) -> None:
        """Look at run properties only if ``root`` (a story about to be read) hides anything."""
        self.check_hidden = bool(self._hidden_styles) or root.find(f".//{W_VANISH}") is not None
        self._plain_tags = _PLAIN_TAGS
        if self.check_hidden:
            self._plain_tags += (W_VANISH, W_RSTYLE, W_PSTYLE) if self._hidden_styles else (W_VANISH,)

    def read(self, elements: Iterable[Element], pages: PageSource) -> ParaText:
        """Read the inline content ``elements`` (a w:p, or stray runs outside any paragraph)."""
        if isinstance(elements, etree._Element):
            plain = self._read_plain(elements, pages)
            if plain is not None:
                return plain
        acc = ParaText(pages)
        self._inline(elements, acc, False)
        acc.finish()
        return acc

    def _read_plain(self, p: Element, pages: PageSource) -> ParaText | None:
        # Most paragraphs are runs of plain text. One tag-filtered walk in C reads them without a Python object per
        # run; anything that needs the full reader (revisions, text boxes, hidden text …) abandons it.
        saved = pages.save()
        acc = ParaText(pages)
        parts = acc.parts
        counted = False  # text_seen() told since the last break
        for el in p.iter(*self._plain_tags):
            tag = el.tag
            if tag == W_T:
                text = el.text
                if text:
                    parts.append(text)
                    if not counted and not text.isspace():
                        if acc.page is None:
                            acc.page = pages.page
                        pages.text_seen()
                        counted = True
            elif tag in _PLAIN_MARKS:
                if tag == W_TAB and el.getparent().tag == W_TABS:
                    continue  # a tab stop in the paragraph properties, not a tab character
                if tag == W_LAST_RENDERED_PAGE_BREAK:
                    pages.rendered_break()
                    counted = False
                    continue
                if tag == W_BR and el.get(W_TYPE) == "page":
                    pages.explicit_break()
                    counted = False
                parts.append(_PLAIN_MARKS[tag])
            else:
                pages.restore(saved)
                return None
        acc.finish()
        return acc

    def _inline(self, elements: Iterable[Element], acc: ParaText, deleting: bool) -> None:
        for el in elements:
            tag = el.tag
            if tag == W_R:
                self._run(el, acc, deleting)
            elif tag in _INLINE_SKIP:
                continue
            elif tag == W_PPR:
                self._paragraph_properties(el, acc)
            elif tag in _DELETIONS:
                self._inline(el, acc, True)
            elif tag == MC_ALTERNATE_CONTENT:
                # Inline alternatives hold the same runs twice; read the first choice, as Word does.
                for branch in el.iterchildren(MC_CHOICE):
                    self._inline(branch, acc, deleting)
                    break
            elif tag in _MATH:
                for text in el.iter(M_T):
                    if text.text:
                        self._add(acc, text.text, deleting, acc.hidden_style)
            elif isinstance(tag, str):
                # hyperlink, ins, moveTo, sdt/sdtContent, smartTag, fldSimple, customXml, dir, bdo, ruby and any
                # wrapper not known here: descend, so no run is ever left unread.
                self._inline(el, acc, deleting)

    def _run(self, run: Element, acc: ParaText, deleting: bool) -> None:
        hidden = acc.hidden_style
        pages = acc.pages
        for child in run:
            tag = child.tag
            if tag == W_T:
                text = child.text
                if text:
                    if deleting:
                        acc.add_deleted(text)
                    else:
                        acc.add(text, hidden)
            elif tag == W_DEL_TEXT:
                if child.text:
                    acc.add_deleted(child.text)
            elif tag == W_RPR:
                if self.check_hidden:
                    hidden = self._hidden(child, hidden)
            elif tag == W_TAB or tag == W_PTAB:
                self._add(acc, "\t", deleting, hidden)
            elif tag == W_BR or tag == W_CR:
                if child.get(W_TYPE) == "page":
                    pages.explicit_break()
                self._add(acc, "\n", deleting, hidden)
            elif tag == W_NO_BREAK_HYPHEN:
                self._add(acc, "-", deleting, hidden)
            elif tag == W_LAST_RENDERED_PAGE_BREAK:
                pages.rendered_break()
            elif tag == W_RUBY:
                # The base text only: the guide above it (w:rt) is pronunciation, and gluing it in would split names.
                for base in child.iterchildren(W_RUBY_BASE):
                    self._inline(base, acc, deleting)
            elif tag not in _RUN_SKIP and isinstance(tag, str):
                acc.anchors.append(child)  # drawing, pict, object, AlternateContent: may hold text boxes

    @staticmethod
    def _add(acc: ParaText, text: str, deleting: bool, hidden: bool) -> None:
        if deleting:
            acc.add_deleted(text)
        else:
            acc.add(text, hidden)

    def _hidden(self, rpr: Element, default: bool) -> bool:
        vanish = rpr.find(W_VANISH)
        if vanish is not None:
            return vanish.get(W_VAL) not in FALSE_VALUES
        if self._hidden_styles:
            style = rpr.find(W_RSTYLE)
            if style is not None and style.get(W_VAL) in self._hidden_styles:
                return True
        return default

    def _paragraph_properties(self, ppr: Element, acc: ParaText) -> None:
        # find() scans the children in C; iterating them would build a Python object for each.
        if self._hidden_styles:
            style = ppr.find(W_PSTYLE)
            acc.hidden_style = style is not None and style.get(W_VAL) in self._hidden_styles
        before = ppr.find(W_PAGE_BREAK_BEFORE)
        if before is not None and before.get(W_VAL) not in FALSE_VALUES and acc.pages.started:
            acc.pages.explicit_break()
        acc.section = ppr.find(W_SECT_PR)
