"""Qualified tag and attribute names of the WordprocessingML elements the .docx reader looks at."""

from __future__ import annotations

from typing import TypeAlias

from lxml import etree

Element: TypeAlias = etree._Element

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
V_NS = "urn:schemas-microsoft-com:vml"


def _w(local: str) -> str:
    return f"{{{W_NS}}}{local}"


# Attributes
W_VAL = _w("val")
W_TYPE = _w("type")
W_STYLE_ID = _w("styleId")
R_ID = f"{{{R_NS}}}id"

# Document structure
W_DOCUMENT = _w("document")
W_BODY = _w("body")
W_P = _w("p")
W_R = _w("r")
W_TBL = _w("tbl")
W_TR = _w("tr")
W_TC = _w("tc")
W_SECT_PR = _w("sectPr")
W_ALT_CHUNK = _w("altChunk")
W_TXBX_CONTENT = _w("txbxContent")
W_FOOTNOTE = _w("footnote")
W_ENDNOTE = _w("endnote")
W_COMMENT = _w("comment")
W_HEADER_REF = _w("headerReference")
W_FOOTER_REF = _w("footerReference")

# Run content
W_T = _w("t")
W_DEL_TEXT = _w("delText")
W_TAB = _w("tab")
W_TABS = _w("tabs")
W_PTAB = _w("ptab")
W_BR = _w("br")
W_CR = _w("cr")
W_NO_BREAK_HYPHEN = _w("noBreakHyphen")
W_LAST_RENDERED_PAGE_BREAK = _w("lastRenderedPageBreak")
W_DEL = _w("del")
W_MOVE_FROM = _w("moveFrom")
W_RUBY = _w("ruby")
W_RUBY_BASE = _w("rubyBase")

# Properties
W_PPR = _w("pPr")
W_RPR = _w("rPr")
W_PSTYLE = _w("pStyle")
W_RSTYLE = _w("rStyle")
W_VANISH = _w("vanish")
W_PAGE_BREAK_BEFORE = _w("pageBreakBefore")
W_STYLE = _w("style")
W_BASED_ON = _w("basedOn")
W_TBL_GRID = _w("tblGrid")
W_GRID_COL = _w("gridCol")
W_TBL_PR = _w("tblPr")
W_TR_PR = _w("trPr")
W_TBL_PR_EX = _w("tblPrEx")
W_TC_PR = _w("tcPr")
W_GRID_SPAN = _w("gridSpan")
W_GRID_BEFORE = _w("gridBefore")

MC_ALTERNATE_CONTENT = f"{{{MC_NS}}}AlternateContent"
MC_CHOICE = f"{{{MC_NS}}}Choice"
MC_FALLBACK = f"{{{MC_NS}}}Fallback"
M_T = f"{{{M_NS}}}t"
M_OMATH = f"{{{M_NS}}}oMath"
M_OMATH_PARA = f"{{{M_NS}}}oMathPara"
V_TEXTPATH = f"{{{V_NS}}}textpath"

# On/off attribute values that mean "off" (an absent w:val means "on").
FALSE_VALUES = frozenset({"0", "false", "off"})
