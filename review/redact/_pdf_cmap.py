"""A font's ToUnicode map: glyph code → the text a reader extracts for it (ISO 32000-1, 9.10.3).

Only what writers put in ToUnicode maps is read: ``bfchar`` pairs and both forms of ``bfrange``, with hex codes of
the font's own code length. Anything else (``usecmap``, names as targets, ranges larger than a code space, codes of
another length) raises ``UnreadableMap``; the caller then does without the map.
"""

from __future__ import annotations

import re

_BLOCK = re.compile(rb"begin(bfchar|bfrange)(.*?)end\1", re.S)
_TOKEN = re.compile(rb"<([0-9A-Fa-f\s]*)>|(\[)|(\])|(\S+)")
_RANGE_LIMIT = 0x10000  # one block of a two-byte code space
# Codes named in all: twice a two-byte code space. Ranges may overlap, so a hostile map could otherwise make the
# reader walk the code space thousands of times.
_CODE_BUDGET = 0x20000


class UnreadableMap(Exception):
    """The ToUnicode map holds something this reader does not take apart for certain."""


def unicode_map(data: bytes, code_length: int) -> dict[int, str]:
    """Code → text for every code the map names; ``code_length`` is the font's bytes per code (1 or 2)."""
    if b"usecmap" in data:
        raise UnreadableMap("a ToUnicode map built on another")
    mapping: dict[int, str] = {}
    budget = [_CODE_BUDGET]
    for kind, body in _BLOCK.findall(data):
        tokens = _tokens(body)
        if kind == b"bfchar":
            if len(tokens) % 2:
                raise UnreadableMap("bfchar without its pairs")
            for source, target in zip(tokens[::2], tokens[1::2], strict=True):
                mapping[_code(source, code_length)] = _text(target)
        else:
            _ranges(tokens, code_length, mapping, budget)
    return mapping


def _ranges(tokens: list[bytes | list[bytes]], code_length: int, mapping: dict[int, str], budget: list[int],
            ) -> None:
    if len(tokens) % 3:
        raise UnreadableMap("bfrange without its triples")
    for low, high, target in zip(tokens[::3], tokens[1::3], tokens[2::3], strict=True):
        first, last = _code(low, code_length), _code(high, code_length)
        if not 0 <= last - first < _RANGE_LIMIT:
            raise UnreadableMap("bfrange out of order or too large")
        budget[0] -= last - first + 1
        if budget[0] < 0:
            raise UnreadableMap("ranges name more codes than a code space holds")
        if isinstance(target, list):
            if len(target) != last - first + 1:
                raise UnreadableMap("bfrange array of the wrong length")
            mapping.update(zip(range(first, last + 1), map(_text, target), strict=True))
            continue
        # The range's first code maps to the target; each next code to the target's last unit plus one.
        if not isinstance(target, bytes) or len(target) < 2 or len(target) % 2:
            raise UnreadableMap("bfrange target is not UTF-16")
        head, unit = target[:-2], int.from_bytes(target[-2:], "big")
        if unit + last - first > 0xFFFF:
            raise UnreadableMap("bfrange runs past its last byte")
        for offset in range(last - first + 1):
            mapping[first + offset] = _text(head + (unit + offset).to_bytes(2, "big"))


def _tokens(body: bytes) -> list[bytes | list[bytes]]:
    """The block's hex strings as bytes; an array of them as a list."""
    tokens: list[bytes | list[bytes]] = []
    array: list[bytes] | None = None
    for hexa, opening, closing, other in _TOKEN.findall(body):
        if other:
            raise UnreadableMap("a token other than a hex string")
        if opening:
            if array is not None:
                raise UnreadableMap("nested arrays")
            array = []
        elif closing:
            if array is None:
                raise UnreadableMap("an array closed twice")
            tokens.append(array)
            array = None
        else:
            try:
                value = bytes.fromhex(hexa.decode("ascii"))  # white space inside is skipped
            except ValueError as exc:
                raise UnreadableMap("a hex string with an odd number of digits") from exc
            (array if array is not None else tokens).append(value)
    if array is not None:
        raise UnreadableMap("an array left open")
    return tokens


def _code(source: bytes | list[bytes], code_length: int) -> int:
    if not isinstance(source, bytes) or len(source) != code_length:
        raise UnreadableMap("a code of another length than the font's")
    return int.from_bytes(source, "big")


def _text(target: bytes | list[bytes]) -> str:
    if not isinstance(target, bytes) or len(target) % 2:
        raise UnreadableMap("a target that is not UTF-16")
    try:
        return target.decode("utf-16-be")
    except UnicodeDecodeError as exc:
        raise UnreadableMap("a target that is not UTF-16") from exc
