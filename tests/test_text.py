"""Full-width folding keeps every offset, so spans found in folded text index the original."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from review.text import halfwidth


def test_folds_fullwidth_digits_letters_and_space() -> None:
    assert halfwidth("电话：１３８　ＡＢｃ（此件公开发布）") == "电话:138 ABc(此件公开发布)"
    assert halfwidth("第一　第二") == "第一 第二"


def test_other_fullwidth_and_halfwidth_forms_are_kept() -> None:
    # Only U+FF01..U+FF5E have ASCII twins; the yuan sign and half-width katakana stay as written.
    assert halfwidth("￥１００｡ｱ") == "￥100｡ｱ"


@given(st.text())
def test_length_is_kept(text: str) -> None:
    assert len(halfwidth(text)) == len(text)


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E)))
def test_fullwidth_twin_folds_back(text: str) -> None:
    twin = "".join(chr(ord(c) + 0xFEE0) for c in text)
    assert halfwidth(twin) == text
