"""LibreOffice for the tests that need real PDFs: its conversion of .docx files, skipped where it is missing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def libreoffice_pdfs(documents: list[Path], out_dir: Path) -> list[Path]:
    """The PDFs LibreOffice makes of ``documents``, written to ``out_dir``; skips the test without LibreOffice."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; these tests need it to make real PDFs")
    profile = out_dir / "lo-profile"  # a private profile: another soffice running at the same time would block us
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out_dir), *map(str, documents)], check=True, capture_output=True, timeout=300)
    pdfs = [out_dir / (document.stem + ".pdf") for document in documents]
    for pdf in pdfs:
        assert pdf.is_file(), f"soffice produced no PDF of {pdf.stem}"
    return pdfs
