"""Raw WordprocessingML for the parts python-docx does not write: text boxes, notes, tracked changes, fields.

The XML follows what Word itself saves, so the extractors meet the same structures as in real files: a text box is
an ``mc:AlternateContent`` with a DrawingML ``wps`` shape in ``mc:Choice`` and the same text again as VML in
``mc:Fallback``; footnotes carry the separator notes with ids -1 and 0.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
CT_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
CT_ENDNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
REVISION_DATE = "2026-03-02T09:30:00Z"
# Every zip member gets this timestamp so that regenerating the samples gives byte-identical .docx files.
ZIP_DATE = (2026, 3, 2, 9, 30, 0)


def run_xml(text: str, *, deleted: bool = False, rpr: str = "") -> str:
    """One ``w:r`` holding ``text`` (as ``w:delText`` inside a deletion)."""
    tag = "w:delText" if deleted else "w:t"
    return f'<w:r>{rpr}<{tag} xml:space="preserve">{escape(text)}</{tag}></w:r>'


def runs_xml(parts: list[str], rpr: str = "") -> str:
    """Several runs, one per part."""
    return "".join(run_xml(p, rpr=rpr) for p in parts)


def tracked(kind: str, revision: int, parts: list[str], author: str = "区政府办公室") -> str:
    """A tracked insertion (``ins``) or deletion (``del``) wrapping one run per part."""
    body = "".join(run_xml(p, deleted=kind == "del") for p in parts)
    return f'<w:{kind} {NSDECL} w:id="{revision}" w:author="{author}" w:date="{REVISION_DATE}">{body}</w:{kind}>'


def field_runs(instruction: str, result_parts: list[str]) -> list[str]:
    """A complex field: begin, instruction, separate, the displayed result, end (one XML string per run)."""
    return [
        f'<w:r {NSDECL}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {NSDECL}><w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>',
        f'<w:r {NSDECL}><w:fldChar w:fldCharType="separate"/></w:r>',
        *(f"<w:r {NSDECL}>{run_xml(p)[5:]}" for p in result_parts),
        f'<w:r {NSDECL}><w:fldChar w:fldCharType="end"/></w:r>',
    ]


def textbox_run(paragraphs: list[list[str]], shape_id: int, width_emu: int = 2700000, height_emu: int = 900000) -> str:
    """A run holding a floating text box the way Word 2010+ writes it (DrawingML choice, VML fallback)."""
    content = "".join(f"<w:p>{runs_xml(parts)}</w:p>" for parts in paragraphs)
    txbx = f"<w:txbxContent>{content}</w:txbxContent>"
    wsp = (
        '<wps:wsp><wps:cNvSpPr txBox="1"/>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width_emu}" cy="{height_emu}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:ln w="6350"><a:solidFill><a:srgbClr val="000000"/>'
        f"</a:solidFill></a:ln></wps:spPr><wps:txbx>{txbx}</wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720"/>'
        "</wps:wsp>"
    )
    anchor = (
        f'<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="{shape_id + 2}" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>3200400</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{width_emu}" cy="{height_emu}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapSquare wrapText="bothSides"/><wp:docPr id="{shape_id}" name="文本框 {shape_id}"/>'
        '<wp:cNvGraphicFramePr/><a:graphic><a:graphicData '
        f'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">{wsp}</a:graphicData></a:graphic>'
        "</wp:anchor>"
    )
    width_pt, height_pt = width_emu / 12700, height_emu / 12700
    vml = (
        f'<w:pict><v:shapetype id="_x0000_t{shape_id}" coordsize="21600,21600" o:spt="202" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" path="m,l,21600r21600,l21600,xe">'
        '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        f'<v:shape id="文本框 {shape_id}" o:spid="_x0000_s{1024 + shape_id}" type="#_x0000_t{shape_id}" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" '
        f'style="position:absolute;margin-left:252pt;margin-top:0;width:{width_pt:.1f}pt;height:{height_pt:.1f}pt;'
        f'z-index:{shape_id}" strokeweight=".5pt"><v:textbox>{txbx}</v:textbox></v:shape></w:pict>'
    )
    return (
        f'<w:r {NSDECL}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>{anchor}</w:drawing>'
        f"</mc:Choice><mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent></w:r>"
    )


def note_reference(kind: str, note_id: int) -> str:
    """The superscript reference mark in the body pointing at footnote or endnote ``note_id``."""
    return (f'<w:r {NSDECL}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:{kind}Reference w:id="{note_id}"/></w:r>')


def notes_part_xml(kind: str, notes: list[list[str]]) -> bytes:
    """``word/footnotes.xml`` or ``word/endnotes.xml`` with the separators Word always writes, then the notes."""
    items = [
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>',
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        f"</w:{kind}>",
    ]
    for number, parts in enumerate(notes, 1):
        ref = f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{kind}Ref/></w:r>'
        items.append(f'<w:{kind} w:id="{number}"><w:p>{ref}{run_xml(" ")}{runs_xml(parts)}</w:p></w:{kind}>')
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{kind}s {NSDECL}>{"".join(items)}</w:{kind}s>'
    return xml.encode("utf-8")


def app_xml(company: str, manager: str, pages: int = 1) -> bytes:
    """``docProps/app.xml`` with the company and manager fields Word fills from the user profile."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Template>Normal.dotm</Template><Pages>{pages}</Pages><Application>Microsoft Office Word</Application>"
        f"<Manager>{escape(manager)}</Manager><Company>{escape(company)}</Company>"
        "<AppVersion>16.0000</AppVersion></Properties>"
    ).encode()


def rewrite_zip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """Rewrite a .docx with fixed timestamps, replacing or adding members."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = replace.get(info.filename, src.read(info.filename))
            if info.filename == "word/comments.xml":  # python-docx stamps comments with the current time
                body = re.sub(rb'w:date="[^"]*"', f'w:date="{REVISION_DATE}"'.encode(), body)
            dst.writestr(zipfile.ZipInfo(info.filename, ZIP_DATE), body, zipfile.ZIP_DEFLATED)
        for name, body in (add or {}).items():
            dst.writestr(zipfile.ZipInfo(name, ZIP_DATE), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()
