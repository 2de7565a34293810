"""Replaces masked originals in XML text, also where Word split one datum over several runs."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from ..extractors._docx_ns import W_BR, W_CR, W_NO_BREAK_HYPHEN, W_P, W_PTAB, W_T, W_TAB, W_TABS, Element
from ..text import halfwidth

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Run content the extractor reads as one character; kept as is (they carry no personal data themselves).
_MARKS = {W_TAB: "\t", W_PTAB: "\t", W_BR: "\n", W_CR: "\n", W_NO_BREAK_HYPHEN: "-"}
_PARAGRAPH_TEXT = (W_T, *_MARKS)
_SEPARATORS = " -\u3000\uff0d"


def variants(text: str) -> set[str]:
    """The forms a datum may take in a file: as found, half-width, full-width, and without separators."""
    half = halfwidth(text)
    forms = {text, half, _fullwidth(half)}
    forms |= {compact(form) for form in list(forms)}
    return {form for form in forms if form.strip()}


def compact(text: str) -> str:
    """``text`` without the spaces and hyphens that group digits (138 1234 5678)."""
    return "".join(c for c in text if c not in _SEPARATORS)


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@lru_cache(maxsize=2)
def search_pattern(words: frozenset[str]) -> re.Pattern[str] | None:
    """The compiled trie regex for ``words``; the writer and the leak check of one redaction share it."""
    pattern = trie_pattern(words)
    return re.compile(pattern) if pattern is not None else None


def trie_pattern(words: Iterable[str]) -> str | None:
    """A regex matching any of ``words``, longest first, shaped as a trie so each position costs one walk."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        if node is not trie:
            node[""] = None  # end of a word ("" is never a one-character key)
    return _trie_regex(trie) if trie else None


def _trie_regex(node: dict[str, Any]) -> str:
    # Recursive: the depth is the longest original, a few dozen characters.
    end = "" in node
    branches = [(char if char.isalnum() else re.escape(char)) + _trie_regex(child)
                for char, child in node.items() if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and not end else "(?:" + "|".join(branches) + ")"
    # Greedy optional tail: a longer original wins over its own prefix.
    return body + "?" if end else body


class Replacer:
    """Finds every masked original in a text, longest first, and says what replaces it."""

    def __init__(self, table: Mapping[str, str]) -> None:
        self.table = dict(table)
        # An original XML would escape is not found by searching serialised XML for it.
        self.escapes = any(c in original for original in self.table for c in "&<>\"'")
        self._pattern = search_pattern(frozenset(self.table))

    def found_in(self, text: str) -> bool:
        """True when ``text`` holds any original."""
        return self._pattern is not None and self._pattern.search(text) is not None

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, replacement) of each non-overlapping original in ``text``."""
        if self._pattern is None:
            return []
        return [(m.start(), m.end(), self.table[m.group()]) for m in self._pattern.finditer(text)]

    def replace(self, text: str) -> str:
        """``text`` with every original replaced."""
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self.table[m.group()], text)


def mask_paragraphs(root: Element, replacer: Replacer) -> int:
    """Mask originals in every paragraph of ``root`` across its runs, keeping each run's formatting."""
    count = 0
    for segments in _paragraph_segments(root).values():
        text = "".join(piece for _, piece in segments)
        spans = replacer.spans(text)
        if spans:
            _apply(segments, spans)
            count += len(spans)
    return count


def mask_everywhere(root: Element, replacer: Replacer) -> int:
    """Mask originals left in any text or attribute value of ``root`` (field codes, WordArt, properties, links)."""
    count = 0
    for el in root.iter():
        if el.text and replacer.spans(el.text):
            el.text = replacer.replace(el.text)
            count += 1
        if el.tail and replacer.spans(el.tail):
            el.tail = replacer.replace(el.tail)
            count += 1
        for name, value in el.attrib.items():
            if replacer.spans(value):
                el.set(name, replacer.replace(value))
                count += 1
    return count


def _paragraph_segments(root: Element) -> dict[Element, list[tuple[Element | None, str]]]:
    # Each text node belongs to its nearest paragraph: a text box's paragraphs are separate from the one that
    # anchors the box, as the extractor reads them.
    paragraphs: dict[Element, list[tuple[Element | None, str]]] = {}
    for el in root.iter(*_PARAGRAPH_TEXT):
        if el.tag == W_TAB and el.getparent() is not None and el.getparent().tag == W_TABS:
            continue  # a tab stop, not a tab character
        p = next(el.iterancestors(W_P), None)
        if p is None:
            continue
        piece = (el.text or "") if el.tag == W_T else _MARKS[el.tag]
        paragraphs.setdefault(p, []).append((el if el.tag == W_T else None, piece))
    return paragraphs


def _apply(segments: list[tuple[Element | None, str]], spans: list[tuple[int, int, str]]) -> None:
    owners: list[tuple[int, int]] = []  # per character of the paragraph: (segment, offset in it)
    for number, (_, piece) in enumerate(segments):
        owners.extend((number, offset) for offset in range(len(piece)))
    chars = [list(piece) for _, piece in segments]
    for start, end, new in spans:
        if len(new) == end - start:
            # Same length: character by character, so every run keeps its own characters' formatting.
            for position, char in zip(range(start, end), new, strict=True):
                number, offset = owners[position]
                if segments[number][0] is not None:
                    chars[number][offset] = char
            continue
        writable = [owners[p] for p in range(start, end) if segments[owners[p][0]][0] is not None]
        for index, (number, offset) in enumerate(writable):
            chars[number][offset] = new if index == 0 else ""
    for (node, piece), new_chars in zip(segments, chars, strict=True):
        new_text = "".join(new_chars)
        if node is not None and new_text != piece:
            node.text = new_text
            node.set(XML_SPACE, "preserve")
