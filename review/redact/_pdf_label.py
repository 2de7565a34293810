"""The text drawn in a masked original's box when it is replaced by a placeholder or pseudonym (某某, 人员1A2B3C4D).

Drawn in STSong-Light, one of the CJK fonts every PDF reader supplies itself (ISO 32000, Adobe-GB1), so nothing is
embedded: a page's own font is a subset that seldom holds 某, and a whole Noto CJK collection is some 20 MB. Codes are
UTF-16 (UniGB-UCS2-H); a ToUnicode map says so too, so every text extractor reads the label as written.
"""

from __future__ import annotations

import pikepdf

from ._pdf_text import Edit, Matrix, Rect, inverse

_NAME = "/STSong-Light"
_HALF_WIDTH = 500  # Latin letters and digits (CIDs 1-95 of Adobe-GB1) are half an em wide
_DESCENT = 0.12  # ems below the baseline: the label is centred on its glyphs, not on its baseline
# Every UTF-16 code maps to itself: 256 ranges, as a range may not cross its first byte.
_TO_UNICODE = (
    "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS2 def\n"
    "/CMapType 2 def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n256 beginbfrange\n"
    + "".join(f"<{high:02X}00> <{high:02X}FF> <{high:02X}00>\n" for high in range(256))
    + "endbfrange\nendcmap CMapName currentdict /CMap defineresource pop end end\n"
).encode()


def label_font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """The label font, added to ``pdf`` once and shared by its pages."""
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name(_NAME), Flags=6, ItalicAngle=0, Ascent=880,
        Descent=-120, CapHeight=880, StemV=93, FontBBox=pikepdf.Array([-25, -254, 1000, 880]))
    cid_font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType0, BaseFont=pikepdf.Name(_NAME),
        CIDSystemInfo=pikepdf.Dictionary(Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("GB1"),
                                         Supplement=2),
        FontDescriptor=pdf.make_indirect(descriptor), DW=1000, W=pikepdf.Array([1, 95, _HALF_WIDTH]))
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=pikepdf.Name(_NAME),
        Encoding=pikepdf.Name("/UniGB-UCS2-H"), DescendantFonts=pikepdf.Array([pdf.make_indirect(cid_font)]),
        ToUnicode=pdf.make_stream(_TO_UNICODE)))


def label_edit(end: int, ctm: Matrix, ops: str) -> Edit:
    """An insertion at ``end`` of a content stream that draws ``ops`` (in default user space) under ``ctm``, the
    CTM in force there; ``end`` lies just after the text object that held the original.

    Drawn there, not after the page: a text extractor that joins a row from consecutive pieces reads the label in
    the line, where the original stood.
    """
    undo = " ".join(f"{v:.6f}" for v in inverse(ctm))
    return end, end, f"\nq {undo} cm\n{ops}Q\n".encode()


def label_ops(font: str, rect: Rect, text: str) -> str:
    """Operators that write ``text`` in white across ``rect`` (PDF user space), shrunk to fit its width."""
    x0, y0, x1, y1 = rect
    ems = sum(_HALF_WIDTH / 1000 if " " <= c <= "~" else 1.0 for c in text)
    size = min(y1 - y0, (x1 - x0) / ems) if ems else 0.0
    if size <= 0:
        return ""
    baseline = y0 + (y1 - y0 - size) / 2 + _DESCENT * size
    # Characters beyond the Basic Multilingual Plane have no UCS-2 code: they are left out, not garbled.
    codes = "".join(c for c in text if ord(c) <= 0xFFFF).encode("utf-16-be").hex().upper()
    # The page may leave spacing, scaling, rise or an invisible render mode set: text state outlives BT/ET.
    return (f"q 1 g BT {font} {size:.2f} Tf 0 Tc 0 Tw 100 Tz 0 Ts 0 Tr {x0:.2f} {baseline:.2f} Td <{codes}> Tj ET Q\n")
