"""ToUnicode maps read for following glyphs in order (review/redact/_pdf_cmap.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review.redact._pdf_cmap import UnreadableMap, unicode_map

HEAD = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n")
TAIL = b"endcmap CMapName currentdict /CMap defineresource pop end end\n"


def _cmap(body: bytes) -> bytes:
    return HEAD + body + TAIL


def test_pairs_ranges_and_arrays_are_read():
    data = _cmap(b"2 beginbfchar\n<01> <5173>\n<02><4E8E>\nendbfchar\n"
                 b"2 beginbfrange\n<20> <22> <0041>\n<30> <31> [<0066 0069> <D83D DE00>]\nendbfrange\n")
    assert unicode_map(data, 1) == {1: "关", 2: "于", 0x20: "A", 0x21: "B", 0x22: "C", 0x30: "fi", 0x31: "😀"}


def test_two_byte_codes_and_a_range_that_steps_its_last_unit():
    data = _cmap(b"1 beginbfrange <0010> <0012> <00660066> endbfrange 1 beginbfchar <FFFE> <3000> endbfchar")
    assert unicode_map(data, 2) == {0x10: "ff", 0x11: "fg", 0x12: "fh", 0xFFFE: "\u3000"}


@pytest.mark.parametrize("body, reason", [
    (b"/Base usecmap 1 beginbfchar <01> <0041> endbfchar", "built on another"),
    (b"1 beginbfchar <01> /space endbfchar", "other than a hex string"),
    (b"1 beginbfchar <0001> <0041> endbfchar", "another length"),
    (b"1 beginbfchar <01> <004> endbfchar", "odd number"),
    (b"1 beginbfchar <01> <41> endbfchar", "not UTF-16"),
    (b"1 beginbfchar <01> <D800> endbfchar", "not UTF-16"),
    (b"1 beginbfchar <01> endbfchar", "without its pairs"),
    (b"1 beginbfrange <02> <01> <0041> endbfrange", "out of order"),
    (b"1 beginbfrange <00> <02> [<0041>] endbfrange", "wrong length"),
    (b"1 beginbfrange <00> <02> [<0041> [<0042>]] endbfrange", "nested"),
    (b"1 beginbfrange <00> <02> <0041> ] endbfrange", "closed twice"),
    (b"1 beginbfrange <00> <02> [<0041> endbfrange", "left open"),
    (b"1 beginbfrange <00> <FF> <FFF0> endbfrange", "past its last byte"),
    (b"600 beginbfrange " + b"<00> <FF> <0100> " * 600 + b"endbfrange", "more codes than"),
])
def test_what_it_cannot_read_for_certain_is_refused(body, reason):
    with pytest.raises(UnreadableMap, match=reason):
        unicode_map(_cmap(body), 1)


_TEXTS = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=3)


@given(st.dictionaries(st.integers(0, 255), _TEXTS, min_size=1, max_size=40), st.booleans())
def test_a_written_map_reads_back(mapping, as_ranges):
    # Each code written as a pair, or as a range of one code (with an array when the text is not one unit).
    def entry(code: int, text: str) -> bytes:
        target = b"<" + text.encode("utf-16-be").hex().encode() + b">"
        if not as_ranges:
            return b"<%02X> %s" % (code, target)
        return b"<%02X> <%02X> %s" % (code, code, target if len(target) == 6 else b"[" + target + b"]")

    block = b"bfrange" if as_ranges else b"bfchar"
    lines = b"\n".join(entry(code, text) for code, text in sorted(mapping.items()))
    data = _cmap(b"%d begin%s\n%s\nend%s\n" % (len(mapping), block, lines, block))
    assert unicode_map(data, 1) == mapping
