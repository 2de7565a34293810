"""What the PDF redaction tests share: the sample files by what they hold, and a policy that writes labels."""

from __future__ import annotations

import json
from pathlib import Path

from review.redact.policy import KindRule, Masker, MaskPolicy

_TRUTH = json.loads((Path(__file__).resolve().parent.parent / "sample_docs" / "truth.json").read_text(encoding="utf-8"))
OK_PDF = sorted(entry["file"] for entry in _TRUTH if entry["format"] == "pdf" and entry["status"] == "ok")
PDF_WITH_DATA = sorted(entry["file"] for entry in _TRUTH
                       if entry["format"] == "pdf" and entry["status"] == "ok" and entry["personal_data"])


def labelling_masker() -> Masker:
    """Names replaced by the placeholder 某某 and mobiles by keyed pseudonyms: both drawn as labels in a PDF."""
    policy = MaskPolicy(rules={"person_name": KindRule(operator="placeholder"),
                               "mobile": KindRule(operator="pseudonym")})
    return Masker(policy, b"test key")
