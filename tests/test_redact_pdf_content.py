"""Content streams read straight from their bytes (review/redact/_pdf_content.py)."""

from __future__ import annotations

import pikepdf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from review.redact._pdf_content import UnreadableContent, instructions, name, numbers, shown, tj

STREAM = (b"q 1 0 0 1 72 700 cm % a comment (with a parenthesis\n"
          b"/Span <</ActualText (a \\) b) /MCID 3>> BDC\n"
          b"BT /F#201 12 Tf (nested (paren) and \\(escape\\) \\101\\\n) Tj [<4142 43> -120 (x)] TJ ET EMC\n"
          b"BI /W 2 /H 1 /BPC 8 /CS /G ID \x00Tj EI\x7f EI Q\n")


def _operators(data: bytes) -> list[bytes]:
    return [operator for _, _, operator in instructions(data)]


def test_operators_and_offsets_follow_the_stream():
    found = list(instructions(STREAM))
    assert [op for _, _, op in found] == [b"q", b"cm", b"BDC", b"BT", b"Tf", b"Tj", b"TJ", b"ET", b"EMC", b"BI",
                                          b"ID", b"EI", b"Q"]
    for offset, operands, operator in found:
        assert STREAM[offset:offset + len(operands) + len(operator)] == operands + operator


def test_the_same_instructions_as_qpdf_reads():
    ours = [op.decode() for op in _operators(STREAM) if op not in (b"BI", b"ID", b"EI")]  # qpdf: one item
    with pikepdf.new() as pdf:
        theirs = [str(i.operator) for i in pikepdf.parse_content_stream(pdf.make_stream(STREAM))]
    assert ours == [op for op in theirs if op != "INLINE IMAGE"]


def test_operands_are_decoded():
    operands = {op: ops for _, ops, op in instructions(STREAM)}
    assert name(operands[b"Tf"]) == ("/F 1", b" 12 ")
    assert numbers(operands[b"cm"], 6) == [1, 0, 0, 1, 72, 700]
    assert numbers(b" 1 % a note\n-.5 %2\r", 2) == [1, -0.5]  # comments are no operands
    assert shown(operands[b"Tj"]) == [b"nested (paren) and (escape) A"]
    assert shown(operands[b"TJ"]) == [b"ABC", -120.0, b"x"]
    assert shown(b" 3 0.5 <4> ") == [3.0, 0.5, b"\x40"]


# The last: operands left without their operator (a trailing number is no operator).
@pytest.mark.parametrize("data", [b"BT (unclosed Tj ET", b"q 1 0 0 1 0 0 cm ) Q", b"BI /W 1 ID \x00\x00",
                                  b"q 1 0 0 1 0 0 cm 5"])
def test_what_cannot_be_taken_apart_is_refused(data):
    with pytest.raises(UnreadableContent):
        list(instructions(data))


@pytest.mark.parametrize("operands", [b" 1 2 ", b" 1 x 3 ", b" 1 2 %3\n", b" 1 2 3 4 "])
def test_wrong_numeric_operands_are_refused(operands):
    with pytest.raises(UnreadableContent):
        numbers(operands, 3)


_piece = st.one_of(
    st.sampled_from([b"q", b"Q", b"BT", b"ET", b"T*"]),
    st.tuples(st.lists(st.floats(-1e4, 1e4, allow_nan=False), min_size=2, max_size=2)).map(
        lambda t: b" ".join(b"%.2f" % x for x in t[0]) + b" Td"),
    st.binary(max_size=12).map(lambda b: b"<" + b.hex().encode() + b"> Tj"),
    st.binary(max_size=12).map(lambda b: b"(" + b.replace(b"\\", b"\\\\").replace(b"(", b"\\(")
                               .replace(b")", b"\\)") + b") Tj"),
    st.lists(st.binary(max_size=6), max_size=4).map(lambda items: tj(list(items))),
)


@given(st.lists(_piece, max_size=30), st.sampled_from([b" ", b"\n", b"\r\n", b"\t"]))
def test_generated_streams_read_back(pieces, gap):
    data = gap.join(pieces)
    found = list(instructions(data))
    assert len(found) == len(pieces)
    for (offset, operands, operator), piece in zip(found, pieces, strict=True):
        assert (operands + operator).strip() == piece.strip()
        assert data[offset:offset + len(operands) + len(operator)] == operands + operator
        if operator in (b"Tj", b"TJ"):
            items = shown(operands)
            assert tj(items) == tj(shown(tj(items)[:-3]))  # written and read again, the same items
