"""Build a .docx piece by piece, recording every planted piece in the file's truth as it is written.

``DocxBuilder`` wraps python-docx for paragraphs, tables, sections, headers and footers, comments and properties,
and splices in raw XML (docx_xml.py) for what python-docx cannot write: text boxes, footnotes and endnotes,
tracked insertions and deletions, complex fields.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from . import docx_xml as X
from .segments import PD, Decoy, Mark, Piece, Secret, Styled, Truth, plain

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
         "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
RED = RGBColor(0xE0, 0x00, 0x00)
BODY_FONT = "仿宋_GB2312"
# Digits and Latin letters in Times New Roman, as GB/T 9704 documents set them.
LATIN_FONT = "Times New Roman"
TITLE_FONT = "方正小标宋简体"
FIXED_TIME = dt.datetime(2026, 3, 2, 9, 30, 0)


def _set_font(run: Any, name: str) -> None:
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


class DocxBuilder:
    """One sample .docx under construction, with its truth."""

    def __init__(self, truth: Truth, *, body_size: float = 16, split_seed: int | None = None) -> None:
        self.doc = Document()
        self.truth = truth
        self.body_size = body_size
        # When set, plain text is cut into runs of 1-4 characters, as Word leaves it after many edits.
        self._splitter = random.Random(split_seed) if split_seed is not None else None
        # Paragraphs already written into (kept as elements: ids of freed proxies get reused).
        self._reused: set[Any] = set()
        self._footnotes: list[list[str]] = []
        self._endnotes: list[list[str]] = []
        self._revision = 100
        self._shape = 1
        self._app = ("临沂市河东区人民政府办公室", "")
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        self._margins(section)
        style = self.doc.styles["Normal"]
        style.font.size = Pt(body_size)
        style.font.name = LATIN_FONT
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    @staticmethod
    def _margins(section: Any) -> None:
        # GB/T 9704: 天头 37 mm, 订口 28 mm, text block 156 x 225 mm.
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)

    # --- paragraphs -------------------------------------------------------------------------------------------
    def _paragraph(self, target: Any) -> Any:
        paragraphs = target.paragraphs
        if len(paragraphs) == 1 and not paragraphs[0].text and paragraphs[0]._p not in self._reused:
            self._reused.add(paragraphs[0]._p)
            return paragraphs[0]
        return target.add_paragraph()

    def _chunks(self, text: str) -> list[str]:
        if self._splitter is None or len(text) < 2:
            return [text]
        out, i = [], 0
        while i < len(text):
            step = self._splitter.randint(1, 4)
            out.append(text[i:i + step])
            i += step
        return out

    def para(self, *pieces: Piece, where: str = "body", target: Any = None, align: str | None = None,
             size: float | None = None, bold: bool = False, color: RGBColor | None = None, font: str | None = None,
             hidden: bool = False, indent: bool = False) -> Any:
        """Append a paragraph of pieces to the body (or ``target``: a cell, header or footer)."""
        paragraph = self._paragraph(target if target is not None else self.doc)
        if align:
            paragraph.alignment = ALIGN[align]
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt((size or self.body_size) * 2)
        for piece in pieces:
            self.truth.add(piece, where)
            texts = list(piece.parts) if isinstance(piece, PD) else self._chunks(plain([piece]))
            for text in texts:
                run = paragraph.add_run(text)
                run.font.size = Pt(size) if size else None
                run.bold = bold or (isinstance(piece, Styled) and piece.bold) or None
                run.font.hidden = hidden or (isinstance(piece, Styled) and piece.hidden) or None
                if color is not None:
                    run.font.color.rgb = color
                if font:
                    _set_font(run, font)
        return paragraph

    def blank(self, count: int = 1, target: Any = None) -> None:
        """Empty paragraphs, as drafters use for spacing."""
        for _ in range(count):
            (target if target is not None else self.doc).add_paragraph()

    def page_break(self) -> None:
        """Start a new page in the same section."""
        self.doc.add_page_break()

    def splice(self, paragraph: Any, *xml_runs: str) -> None:
        """Append raw run-level XML to a paragraph."""
        for xml in xml_runs:
            paragraph._p.append(parse_xml(xml))

    # --- tables -----------------------------------------------------------------------------------------------
    def table(self, rows: list[list[Any]], *, where: str = "table", target: Any = None, size: float = 12,
              merges: tuple[tuple[int, int, int, int], ...] = (), widths: tuple[float, ...] = (),
              bold_header: bool = True) -> Any:
        """A bordered table; a cell is a string, a tuple of pieces, None (covered by a merge) or a callable."""
        host = target if target is not None else self.doc
        table = host.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = self.doc.styles["Table Grid"]
        if widths:
            table.autofit = False
            for column, width in zip(table.columns, widths, strict=True):
                column.width = Mm(width)
        for r1, c1, r2, c2 in merges:
            table.cell(r1, c1).merge(table.cell(r2, c2))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                if widths:
                    cell.width = Mm(widths[c])
                if value is None:
                    continue
                if callable(value):
                    value(self, cell)
                    continue
                pieces = (value,) if isinstance(value, str | PD | Decoy | Mark | Secret | Styled) else value
                self.para(*pieces, where=where, target=cell, size=size, bold=bold_header and r == 0,
                          align="center" if r == 0 else None)
        return table

    # --- sections, headers and footers ------------------------------------------------------------------------
    def new_section(self) -> Any:
        """Start a new section on a new page; its headers start linked to the previous section."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._margins(section)
        return section

    def header(self, *pieces: Piece, section: int = 0, kind: str = "default", footer: bool = False,
               align: str | None = "center", size: float = 10.5) -> None:
        """Write into a section's default, first-page or even-page header (or footer)."""
        sec = self.doc.sections[section]
        if kind == "first":
            sec.different_first_page_header_footer = True
        if kind == "even":
            self.doc.settings.odd_and_even_pages_header_footer = True
        name = {"default": "", "first": "first_page_", "even": "even_page_"}[kind] + ("footer" if footer else "header")
        part = getattr(sec, name)
        part.is_linked_to_previous = False
        self.para(*pieces, where="footer" if footer else "header", target=part, align=align, size=size)

    def footer(self, *pieces: Piece, section: int = 0, kind: str = "default", align: str | None = "center") -> None:
        """Write into a section's footer."""
        self.header(*pieces, section=section, kind=kind, footer=True, align=align)

    # --- notes, comments, boxes, revisions, fields ------------------------------------------------------------
    def footnote(self, paragraph: Any, *pieces: Piece, endnote: bool = False) -> None:
        """Attach a footnote (or endnote) to the end of ``paragraph``."""
        notes = self._endnotes if endnote else self._footnotes
        notes.append(self._texts(pieces, "footnote"))
        self.splice(paragraph, X.note_reference("endnote" if endnote else "footnote", len(notes)))

    def comment(self, paragraph: Any, *pieces: Piece) -> None:
        """A review comment anchored on the runs of ``paragraph``."""
        for piece in pieces:
            self.truth.add(piece, "comment")
        self.doc.add_comment(paragraph.runs, text=plain(pieces), author="审核人", initials="SH")

    def textbox(self, paragraph: Any, *lines: tuple[Piece, ...]) -> None:
        """A floating text box anchored in ``paragraph``; each line is a tuple of pieces."""
        texts = [self._texts(line, "textbox") for line in lines]
        self.splice(paragraph, X.textbox_run(texts, self._shape))
        self._shape += 1

    def tracked(self, paragraph: Any, *pieces: Piece, deleted: bool = True) -> None:
        """A tracked deletion (text Word hides but keeps) or a tracked insertion (shown as body text)."""
        self._revision += 1
        parts = self._texts(pieces, "tracked_deletion" if deleted else "body")
        self.splice(paragraph, X.tracked("del" if deleted else "ins", self._revision, parts))

    def field(self, paragraph: Any, instruction: str, *pieces: Piece) -> None:
        """A complex field whose displayed result is the pieces."""
        self.splice(paragraph, *X.field_runs(instruction, self._texts(pieces, "body")))

    def _texts(self, pieces: tuple[Piece, ...] | list[Piece], where: str) -> list[str]:
        out: list[str] = []
        for piece in pieces:
            self.truth.add(piece, where)
            out.extend(piece.parts if isinstance(piece, PD) else [plain([piece])])
        return out

    # --- properties and saving --------------------------------------------------------------------------------
    def properties(self, *, title: str = "", subject: str = "", author: str = "区政府办公室",
                   keywords: tuple[Piece, ...] = (), comments: tuple[Piece, ...] = (), category: str = "公文",
                   company: str = "临沂市河东区人民政府办公室", manager: str = "") -> None:
        """Core and app properties; pieces in keywords and comments are recorded as metadata."""
        core = self.doc.core_properties
        core.title, core.subject, core.author, core.category = title, subject, author, category
        core.last_modified_by = author
        core.keywords = self._meta(keywords)
        core.comments = self._meta(comments)
        core.created = core.modified = FIXED_TIME
        core.revision = 3
        self._app = (company, manager)

    def _meta(self, pieces: tuple[Piece, ...]) -> str:
        for piece in pieces:
            self.truth.add(piece, "metadata")
        return plain(pieces)

    def save(self, path: Path, extra: dict[str, bytes] | None = None) -> None:
        """Write the .docx with its notes parts and fixed timestamps."""
        if not self.doc.core_properties.created or self.doc.core_properties.created.year != 2026:
            self.properties()
        for kind, notes in (("footnote", self._footnotes), ("endnote", self._endnotes)):
            if notes:
                self._add_notes_part(kind, notes)
        tmp = path.with_suffix(".tmp")
        self.doc.save(str(tmp))
        data = X.rewrite_zip(tmp.read_bytes(), replace={"docProps/app.xml": X.app_xml(*self._app)},
                             add=extra)
        tmp.unlink()
        path.write_bytes(data)

    def _add_notes_part(self, kind: str, notes: list[list[str]]) -> None:
        content_type = X.CT_FOOTNOTES if kind == "footnote" else X.CT_ENDNOTES
        reltype = X.RT_FOOTNOTES if kind == "footnote" else X.RT_ENDNOTES
        part = Part(PackURI(f"/word/{kind}s.xml"), content_type, X.notes_part_xml(kind, notes), self.doc.part.package)
        self.doc.part.relate_to(part, reltype)
