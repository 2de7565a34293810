"""A page's content stream as a list of instructions, read straight from its bytes.

The rewriter changes a few text-showing operators and copies every other byte as it was, so it needs each
instruction's place in the stream, not objects for every operand: one regex pass yields (operands, operator) pairs,
and only the operands of the operators that matter are decoded. Anything this reader cannot take apart for
certain raises ``UnreadableContent`` (the page is then flattened, never half rewritten).
"""

from __future__ import annotations

import re
from binascii import Error as BinasciiError
from binascii import unhexlify
from collections.abc import Iterator

WHITE = b"\x00\t\n\x0c\r "
SHOW = frozenset({b"Tj", b"TJ", b"'", b'"'})  # the operators that show text
_DELIMITERS = WHITE + b"/[]<>(){}%"
_W = re.escape(WHITE)  # the same sets inside a regex character class
_D = re.escape(_DELIMITERS)
# Literal strings may hold balanced parentheses; three levels cover what writers produce (deeper ones escape them).
_LITERAL = rb"\((?:[^()\\]|\\.)*\)"
for _ in range(2):
    _LITERAL = rb"\((?:[^()\\]|\\.|" + _LITERAL + rb")*\)"
_HEX = rb"<[0-9A-Fa-f" + _W + rb"]*>"
_NUMBER = rb"[+\-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)"
_OPERAND = (rb"%[^\r\n]*|" + _LITERAL + rb"|" + _HEX + rb"|<<|>>|\[|\]|/[^" + _D + rb"]*|" + _NUMBER
            + rb"|(?:true|false|null)(?![^" + _D + rb"])")
# One instruction: its operands (with the white space and comments before them), then its operator. Operands are
# taken possessively: none is given back to be read as an operator (a stray trailing number is refused), and the
# pass takes a fifth less time. Each operand takes the white space before it, which saves a repeat per operand.
_INSTRUCTION = re.compile(rb"((?:[" + _W + rb"]*+(?:" + _OPERAND + rb"))*+[" + _W + rb"]*+)([^" + _D + rb"]+)", re.S)
_TRAILER = re.compile(rb"(?:[" + _W + rb"]+|%[^\r\n]*)*\Z")
# An inline image's data ends at EI standing alone (as PDF readers find it: the data has no length of its own).
_IMAGE_END = re.compile(rb"[" + _W + rb"]EI(?=[" + _D + rb"]|\Z)")
_ARRAY_ITEM = re.compile(rb"(%[^\r\n]*)|(" + _LITERAL + rb")|(" + _HEX + rb")|(" + _NUMBER + rb")", re.S)
_COMMENT = re.compile(rb"%[^\r\n]*")
_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f",
            ord("("): b"(", ord(")"): b")", ord("\\"): b"\\"}
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|.)", re.S)
_NAME = re.compile(rb"/[^" + _D + rb"]*")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


class UnreadableContent(Exception):
    """The content stream holds something this reader cannot take apart for certain."""


def instructions(data: bytes) -> Iterator[tuple[int, bytes, bytes]]:
    """(offset, operands, operator) of each instruction in order; offset is where its operands begin.

    An inline image's data comes as the operands of its ``EI``. Raises ``UnreadableContent`` after the last
    instruction when some bytes were not part of any (the offsets given would then be wrong: use none of them).
    """
    position = 0
    while True:
        for operands, operator in _INSTRUCTION.findall(data, position):
            # findall skips what it cannot match; the offsets add up to the end only when it skipped nothing.
            yield position, operands, operator
            position += len(operands) + len(operator)
            if operator == b"ID":
                end = _IMAGE_END.search(data, position)
                if end is None:
                    raise UnreadableContent("inline image without its end")
                yield position, data[position:end.end() - 2], b"EI"
                position = end.end()
                break  # the image's bytes are no instructions: read on after them
        else:
            break
    if not _TRAILER.match(data, position):
        raise UnreadableContent("bytes outside any instruction")


def span(offset: int, operands: bytes, operator: bytes) -> tuple[int, int]:
    """Where an instruction read at ``offset`` begins (its first operand, the white space before it left out)
    and ends: the bytes an instruction replacing it takes the place of."""
    end = offset + len(operands) + len(operator)
    return end - len(operator) - len(operands.lstrip(WHITE)), end


def numbers(operands: bytes, count: int) -> list[float]:
    """The ``count`` numeric operands of an instruction."""
    try:
        values = list(map(float, operands.split()))  # float() reads PDF's numbers (5, -.5, 3.) from bytes as they are
    except ValueError as exc:
        if b"%" in operands:  # a comment among them (no number starts with %): read them without it
            return numbers(_COMMENT.sub(b" ", operands), count)
        raise UnreadableContent("a number operand expected") from exc
    if len(values) != count:
        raise UnreadableContent("unexpected operands")
    return values


def name(operands: bytes) -> tuple[str, bytes]:
    """The first name operand (``/F1``) as a resource key with its ``#xx`` escapes decoded, and the operands
    after it."""
    found = _NAME.search(operands)
    if found is None:
        raise UnreadableContent("name operand missing")
    raw = _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), found.group())
    return raw.decode("latin-1"), operands[found.end():]


def shown(operands: bytes) -> list[bytes | float]:
    """The strings (as bytes) and numbers among a show operator's operands, in order (a TJ array's items; the
    two spacings before the string of \")."""
    operands = operands.strip(WHITE)
    if operands[:1] == b"<" and operands.find(b">") == len(operands) - 1:
        return [_string(b"", operands)]  # one hex string, as most writers show text
    return [_string(literal, hexa) if number == b"" else float(number)
            for comment, literal, hexa, number in _ARRAY_ITEM.findall(operands) if not comment]


def show_operands(operator: bytes, operands: bytes) -> tuple[list[bytes | float], bytes, tuple[float, float] | None]:
    """A show instruction's items; what an instruction replacing it must do first (T* for ', the spacings and T*
    for "); and the word and character spacing " sets."""
    items = shown(operands)
    prefix, spacings = b"", None
    if operator == b'"':
        word, char, *items = items
        if not isinstance(word, float) or not isinstance(char, float):
            raise UnreadableContent('" without its two spacings')
        prefix, spacings = b"%.6f Tw %.6f Tc " % (word, char), (word, char)
    if operator in (b"'", b'"'):
        prefix += b"T* "
    if operator != b"TJ" and (len(items) != 1 or not isinstance(items[0], bytes)):
        raise UnreadableContent("a show operator without its string")
    return items, prefix, spacings


def _string(literal: bytes, hexa: bytes) -> bytes:
    if hexa:
        try:
            return unhexlify(hexa[1:-1])  # as writers write them: whole bytes, no white space
        except BinasciiError:
            digits = hexa[1:-1].translate(None, WHITE)
            return unhexlify(digits + b"0" if len(digits) % 2 else digits)
    return _ESCAPE.sub(_unescape, literal[1:-1])


def _unescape(match: re.Match[bytes]) -> bytes:
    code = match.group(1)
    if code[0] in b"01234567":
        return bytes([int(code, 8) & 0xFF])
    if code in (b"\r\n", b"\r", b"\n"):
        return b""  # a backslash at a line end continues the string
    return _ESCAPES.get(code[0], code)


def tj(items: list[bytes | float]) -> bytes:
    """A TJ instruction showing ``items`` (strings as hex, offsets in thousandths of an em)."""
    parts = [b"<" + item.hex().encode() + b">" if isinstance(item, bytes) else b"%.3f" % item for item in items]
    return b"[" + b" ".join(parts) + b"] TJ"
