"""Text a PDF page holds outside its content stream: comments and form-field values in annotations.

PDFium's text page reads only what the page's content stream draws. A comment ("请核实张三的身份证号…") or a
filled-in form field (an application form's 姓名 and 身份证号 boxes) lives in an annotation and would otherwise
go unchecked.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..model import Where

# Links carry no text; a popup shows its parent's Contents, which is read from the parent.
_SKIPPED = (pdfium_c.FPDF_ANNOT_LINK, pdfium_c.FPDF_ANNOT_POPUP)
# Annotations that put their text on the page itself rather than in a note.
_ON_PAGE = (pdfium_c.FPDF_ANNOT_FREETEXT, pdfium_c.FPDF_ANNOT_WIDGET)
# Form fields whose value is text someone typed or chose (not a check box's on/off state).
_TEXT_FIELDS = (pdfium_c.FPDF_FORMFIELD_TEXTFIELD, pdfium_c.FPDF_FORMFIELD_COMBOBOX, pdfium_c.FPDF_FORMFIELD_LISTBOX)


def read_annotations(page: pdfium.PdfPage, form: Any | None) -> list[tuple[Where, str]]:
    """(where, text) of each annotation on the page with text: "textbox" for fields and text boxes, else "comment"."""
    found: list[tuple[Where, str]] = []
    for i in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, i)
        if not annot:
            continue
        try:
            subtype = pdfium_c.FPDFAnnot_GetSubtype(annot)
            if subtype in _SKIPPED:
                continue
            if subtype == pdfium_c.FPDF_ANNOT_WIDGET:
                # Without the document's form (no /AcroForm) a widget is no field and has no value.
                text = _field_value(form, annot) if form is not None else ""
            else:
                text = _string(annot, b"Contents")
            if text.strip():
                found.append(("textbox" if subtype in _ON_PAGE else "comment", text))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return found


def _string(annot: Any, key: bytes) -> str:
    size = pdfium_c.FPDFAnnot_GetStringValue(annot, key, None, 0)
    if size <= 2:  # just the UTF-16 terminator
        return ""
    buffer = (ctypes.c_ushort * (size // 2))()
    pdfium_c.FPDFAnnot_GetStringValue(annot, key, buffer, size)
    return bytes(buffer)[: size - 2].decode("utf-16-le", errors="replace")


def _field_value(form: Any, annot: Any) -> str:
    # The value may sit on the parent field rather than on the widget; the form API resolves that.
    if pdfium_c.FPDFAnnot_GetFormFieldType(form, annot) not in _TEXT_FIELDS:
        return ""
    size = pdfium_c.FPDFAnnot_GetFormFieldValue(form, annot, None, 0)
    if size <= 2:
        return ""
    buffer = (ctypes.c_ushort * (size // 2))()
    pdfium_c.FPDFAnnot_GetFormFieldValue(form, annot, buffer, size)
    return bytes(buffer)[: size - 2].decode("utf-16-le", errors="replace")
