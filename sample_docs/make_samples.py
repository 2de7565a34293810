"""Generate the sample set: sample_docs/files/*.docx|pdf and sample_docs/truth.json.

Run as ``python sample_docs/make_samples.py`` (needs LibreOffice, poppler-utils, pikepdf, pillow and, for the
Word-password sample, msoffcrypto-tool). Every document draws its synthetic people from a random stream seeded by
its file name, and all dates are fixed, so a rerun gives the same content. truth.json is written from the very
pieces planted in the files (segments.Truth), never by running the scanner.
"""

from __future__ import annotations

import functools
import json
import sys
import tempfile
import zlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "sample_docs"

from sample_docs import hostile, pdf_features  # noqa: E402
from sample_docs.content_cases import CASES  # noqa: E402
from sample_docs.content_features import FEATURES  # noqa: E402
from sample_docs.content_lists import LISTS, ListSpec, build_list, conflict_list  # noqa: E402
from sample_docs.content_notices import NOTICES  # noqa: E402
from sample_docs.docx_features import DocxBuilder  # noqa: E402
from sample_docs.segments import Truth  # noqa: E402
from sample_docs.synth import Synth  # noqa: E402

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
TRUTH = HERE / "truth.json"
# Planted texts the converted PDF does not show exactly once per planting (a wrapped table cell, say).
PROBLEMS: list[str] = []
Recipe = Callable[[Synth, DocxBuilder], None]
LIST_NAMES = ("gongshi_dibao.docx", "gongshi_linshi_jiuzhu.docx", "gongshi_gengdi_butie.docx",
              "gongshi_gaoling_jintie.docx", "gongshi_canjiren_butie.docx", "gongshi_gongyi_gangwei.docx",
              "gongshi_weifang_gaizao.docx", "gongshi_tekun_gongyang.docx")
# Converted to PDF: documents without Word-only structures (comments, deletions, hidden text, notes, text boxes).
PDF_SOURCES = (*LIST_NAMES, "gongshi_youfu_chongtu.docx", *(name for name, _ in CASES),
               "huiyi_jiyao.docx", "tongbao_biaoyang.docx", "tongzhi_baomi_shencha.docx", "tongzhi_peixun_huiyi.docx",
               "tongbao_piping_chongtu.docx", "tongzhi_mimi_1nian.docx", "tongzhi_jimi_5nian.docx",
               "huiyi_jiyao_juemi.docx", "tongzhi_zhuyi_baomi.docx", "tongzhi_fenghao_mimi.docx",
               "tongzhi_banjiao_kuohao.docx", "tongzhi_kongge.docx", "tongzhi_yemei.docx", "tongzhi_wu_biaozhu.docx",
               "tezheng_duo_run.docx")
SPLIT_RUNS = {"tezheng_duo_run.docx": 11, "gongshi_linshi_jiuzhu.docx": 12}


def recipes() -> list[tuple[str, Recipe]]:
    """Every .docx sample, by file name."""
    out: list[tuple[str, Recipe]] = []
    for name, spec in zip(LIST_NAMES, LISTS, strict=True):
        out.append((name, functools.partial(_list_recipe, spec)))
    out.append(("gongshi_youfu_chongtu.docx", conflict_list))
    return out + list(CASES) + list(NOTICES) + list(FEATURES)


def _list_recipe(spec: ListSpec, s: Synth, b: DocxBuilder) -> None:
    build_list(s, b, spec)


def build_docx(name: str, recipe: Recipe) -> Truth:
    """Write one .docx and return its truth."""
    truth = Truth(name, "docx")
    builder = DocxBuilder(truth, split_seed=SPLIT_RUNS.get(name))
    recipe(Synth(zlib.crc32(name.encode("utf-8"))), builder)
    builder.save(FILES / name)
    return truth


def pdf_truth(source: Truth, pdf: Path, status: str = "ok") -> Truth:
    """The truth of a converted PDF: page text is body, ruled name tables stay table; header and footer repeat."""
    drawn = pdf_features.glyph_text(pdf)
    markings = []
    for text, value in source.markings:
        shown = pdf_features.as_drawn(text, drawn)
        if shown is None:
            PROBLEMS.append(f"{pdf.name}: marking {text!r} not in the PDF text")
        markings.append((shown or text, value))
    truth = Truth(pdf.name, "pdf", status, decoys=list(source.decoys), markings=markings, secrecy=source.secrecy)
    texts = pdf_features.page_texts(pdf)
    by_text: dict[str, list[dict[str, str]]] = {}
    for item in source.personal_data:
        if item["where"] not in ("body", "table", "header", "footer"):
            raise ValueError(f"{pdf.name}: {item['where']} text cannot be planted in a converted PDF")
        by_text.setdefault(item["text"], []).append(item)
    for text, items in by_text.items():
        found = sum(page.count(text) for page in texts)
        repeats = all(i["where"] in ("header", "footer") for i in items)
        if found < len(items) or (found > len(items) and not repeats):
            PROBLEMS.append(f"{pdf.name}: {text!r} planted {len(items)} times, PDF text shows it {found} times")
            continue
        for k in range(found):
            item = items[min(k, len(items) - 1)]
            where = "table" if item["where"] == "table" else "body"
            truth.personal_data.append({"kind": item["kind"], "text": text, "where": where})
    return truth


def build_pdfs(docx_truths: dict[str, Truth]) -> list[Truth]:
    """Convert the PDF sources and make the PDF variants; return their truths."""
    truths: list[Truth] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        pdf_features.convert([FILES / name for name in PDF_SOURCES], out)
        for name in PDF_SOURCES:
            pdf = FILES / name.replace(".docx", ".pdf")
            pdf_features.copy(out / pdf.name, pdf)
            pdf_features.normalise(pdf)
            truths.append(pdf_truth(docx_truths[name], pdf))
    base = FILES / "tongzhi_baomi_shencha.pdf"
    variants = (
        ("pdf_jiami_yonghu.pdf", lambda t: pdf_features.encrypt(base, t, user=pdf_features.PASSWORD), "encrypted"),
        ("pdf_jiami_quanxian.pdf", lambda t: pdf_features.encrypt(base, t, user=""), "encrypted"),
        ("pdf_jieduan.pdf", lambda t: t.write_bytes(hostile.truncated(base.read_bytes())), "unreadable"),
        ("pdf_saomiao.pdf", lambda t: pdf_features.image_only(FILES / "gongshi_dibao.pdf", t), "needs_ocr"),
        ("pdf_wu_tounicode.pdf", lambda t: pdf_features.strip_tounicode(base, t), "needs_ocr"),
        ("png_wei_pdf.pdf", lambda t: t.write_bytes(hostile.png_bytes()), "rejected"),
    )
    for name, make, status in variants:
        make(FILES / name)
        truths.append(Truth(name, "pdf" if status != "rejected" else None, status))
    mixed = FILES / "pdf_bufen_saomiao.pdf"
    pdf_features.mixed_scan(FILES / "tongzhi_peixun_huiyi.pdf", mixed)
    source = next(t for t in truths if t.file == "tongzhi_peixun_huiyi.pdf")
    truths.append(Truth(mixed.name, "pdf", "needs_ocr", list(source.personal_data), list(source.decoys),
                        list(source.markings), source.secrecy, note="last page is a scan"))
    return truths


def build_hostile(valid: bytes) -> list[Truth]:
    """Hostile and broken .docx files made from a valid sample's bytes."""
    cases: list[tuple[str, bytes, str, str | None]] = [
        ("kong.docx", b"", "rejected", None),
        ("wenben_gaiming.docx", "这不是Word文件，只是改了扩展名的文本。\n".encode(), "rejected", None),
        ("zip_zhadan_shengming.docx", hostile.bomb_declared(valid), "rejected", "docx"),
        ("zip_zhadan_yasuobi.docx", hostile.bomb_ratio(valid), "rejected", "docx"),
        ("hong_wendang.docm", valid, "rejected", None),
        ("han_vba.docx", hostile.with_vba(valid), "rejected", "docx"),
        ("doctype_zhadan.docx", hostile.billion_laughs(valid), "rejected", "docx"),
        ("jieduan.docx", hostile.truncated(valid), "unreadable", "docx"),
        ("zip_jiami.docx", hostile.zip_encrypted(valid), "encrypted", "docx"),
        ("word_jiami.docx", hostile.word_encrypted(valid), "encrypted", None),
        ("jiu_ban_word.docx", hostile.legacy_doc(), "rejected", None),
    ]
    truths = []
    for name, data, status, file_format in cases:
        (FILES / name).write_bytes(data)
        truths.append(Truth(name, file_format, status))
    return truths


def main() -> int:
    """Build everything and write truth.json."""
    FILES.mkdir(exist_ok=True)
    for old in FILES.iterdir():
        old.unlink()
    docx_truths = {name: build_docx(name, recipe) for name, recipe in recipes()}
    truths = list(docx_truths.values())
    truths += build_pdfs(docx_truths)
    truths += build_hostile((FILES / "tongzhi_wu_biaozhu.docx").read_bytes())
    if PROBLEMS:
        print("\n".join(PROBLEMS), file=sys.stderr)
        return 1
    entries = [t.as_json() for t in truths]
    TRUTH.write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    formats = Counter(str(e["format"]) for e in entries)
    planted = Counter((p["where"], p["kind"]) for e in entries for p in e["personal_data"])  # type: ignore[attr-defined]
    print(f"{len(entries)} files: {dict(formats)}; {sum(planted.values())} personal data items")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
