"""PDF samples: LibreOffice conversion of sample .docx files (fonts embedded as in real PDFs), then variants —
image-only scans, owner- and user-password encryption, truncation, fonts stripped of their ToUnicode maps.

The 500-page PDF is not made here (too large to commit); benchmarks/ builds it.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pypdfium2 as pdfium
import regex

_CJK = r"\p{Han}\u3000-\u303f\uff00-\uffef"
_LAYOUT_SPACE = regex.compile(rf"(?<=[{_CJK}]) +| +(?=[{_CJK}])")

PASSWORD = "hedong2026"


def convert(docx_files: list[Path], outdir: Path) -> None:
    """Convert .docx files to PDF with one headless LibreOffice run, in a private profile."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(outdir), *map(str, docx_files)],
            check=True, capture_output=True, timeout=600,
        )


def normalise(path: Path) -> None:
    """Drop creation dates and fix the file ID so regenerating gives the same content."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            for key in list(meta.keys()):
                del meta[key]
        for key in ("/CreationDate", "/ModDate"):
            if key in pdf.docinfo:
                del pdf.docinfo[key]
        pdf.save(path, deterministic_id=True)


def page_texts(path: Path) -> list[str]:
    """Each page's text as PDFium reads it, wrapped lines joined and layout spaces beside CJK dropped.

    LibreOffice widens the gap between Chinese and Latin text (autospace) and PDFium reports such a gap as a
    space; the planted text has none, and the scanner's PDF reader drops them too.
    """
    document = pdfium.PdfDocument(str(path))
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            raw = textpage.get_text_range().replace("\r\n", "")
            textpage.close()
            page.close()
            texts.append(_LAYOUT_SPACE.sub("", raw))
        return texts
    finally:
        document.close()


def glyph_text(path: Path) -> str:
    """All pages' drawn characters in content order (no spaces inferred from gaps), as pdfplumber lists them."""
    with pdfplumber.open(path) as pdf:
        parts = []
        for page in pdf.pages:
            parts.append("".join(char["text"] for char in page.chars))
            page.close()
        return "\n".join(parts)


def as_drawn(text: str, drawn: str) -> str | None:
    """``text`` as the PDF draws it: LibreOffice leaves out some spaces next to CJK (「（ 此件 主动公开 ）」 is drawn
    「（此件主动公开）」), so match with every space optional and return what is really there."""
    pattern = r"\s*".join(regex.escape(part) for part in text.split(" "))
    found = regex.search(pattern, drawn)
    return found.group(0) if found else None


def encrypt(source: Path, target: Path, *, user: str) -> None:
    """Encrypt with AES-256; an empty ``user`` password gives an owner-password-only (restricted) PDF."""
    permissions = pikepdf.Permissions(modify_other=False, modify_annotation=False, modify_assembly=False,
                                      modify_form=False, extract=not user)
    with pikepdf.open(source) as pdf:
        pdf.save(target, encryption=pikepdf.Encryption(owner=PASSWORD + "-owner", user=user, R=6,
                                                        allow=permissions))


def image_only(source: Path, target: Path, dpi: int = 80) -> None:
    """Render each page to a grey image and wrap the images in a PDF with no text layer (a scan)."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), f"{tmp}/p"], check=True,
                       capture_output=True, timeout=120)
        pages = [Image.open(p).convert("L") for p in sorted(Path(tmp).glob("p*.png"))]
        buffer = io.BytesIO()
        pages[0].save(buffer, format="PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    target.write_bytes(buffer.getvalue())
    normalise(target)


def mixed_scan(source: Path, target: Path, dpi: int = 80) -> None:
    """The source's pages followed by one scanned page: only part of the file has a text layer."""
    scan = target.with_suffix(".scan.tmp")
    image_only(source, scan, dpi)
    with pikepdf.open(source) as pdf, pikepdf.open(scan) as scanned:
        pdf.pages.append(scanned.pages[-1])
        pdf.save(target, deterministic_id=True)
    scan.unlink()


def strip_tounicode(source: Path, target: Path) -> None:
    """Remove every font's ToUnicode map: the glyphs still print but their text cannot be decoded."""
    with pikepdf.open(source) as pdf:
        for page in pdf.pages:
            resources: Any = page.obj.get("/Resources", pikepdf.Dictionary())
            fonts: Any = resources.get("/Font", pikepdf.Dictionary())
            for _, font in fonts.items():
                if "/ToUnicode" in font:
                    del font["/ToUnicode"]
                for descendant in font.get("/DescendantFonts", []):
                    if "/ToUnicode" in descendant:
                        del descendant["/ToUnicode"]
        pdf.save(target, deterministic_id=True)


def copy(source: Path, target: Path) -> None:
    """Copy a file (kept as a function so make_samples reads as a list of steps)."""
    shutil.copyfile(source, target)
