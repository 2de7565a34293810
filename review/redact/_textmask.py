"""Replaces masked originals in XML text, also where Word split one datum over several runs."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from itertools import accumulate
from typing import Any, AnyStr

from ..extractors._docx_ns import W_BR, W_CR, W_NO_BREAK_HYPHEN, W_P, W_PTAB, W_T, W_TAB, W_TABS, Element
from ..text import halfwidth

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Run content the extractor reads as one character; kept as is (they carry no personal data themselves).
_MARKS = {W_TAB: "\t", W_PTAB: "\t", W_BR: "\n", W_CR: "\n", W_NO_BREAK_HYPHEN: "-"}
_PARAGRAPH_TEXT = (W_T, *_MARKS)
_SEPARATORS = " -\u3000\uff0d\u2014\u2013"  # spaces and the hyphens and dashes that group digits
_COMPACT = str.maketrans("", "", _SEPARATORS)
_FULLWIDTH = {code: code + 0xFEE0 for code in range(ord("!"), ord("~") + 1)}
_ESCAPED = frozenset("&<>\"'")  # characters XML writes as references
_HEAD = 4  # characters of each word in the compiled trie: enough to start few needless lookups


def fullwidth(text: str) -> str:
    """``text`` with its ASCII letters, digits and punctuation in their full-width forms (spaces stay)."""
    return text.translate(_FULLWIDTH)


def search_forms(half: str) -> set[str]:
    """The forms a search of half-width text meets of a datum, given as its half-width form ``half``."""
    return {form for form in (half, compact(half)) if form.strip()}


def compact(text: str) -> str:
    """``text`` without the spaces and hyphens that group digits (138 1234 5678)."""
    return text.translate(_COMPACT)


def half_forms(words: Iterable[str]) -> frozenset[str]:
    """The forms among ``words`` that a search of half-width text meets (the others fold onto them)."""
    listed = list(words)
    return frozenset(word for word, half in zip(listed, halfwidth_each(listed), strict=True) if half == word)


def halfwidth_each(texts: list[str]) -> list[str]:
    """``halfwidth`` of each of ``texts``, in one call: it keeps lengths, so each text keeps its place."""
    folded = halfwidth("".join(texts))
    ends = accumulate(len(text) for text in texts)
    return [folded[end - len(text):end] for text, end in zip(texts, ends, strict=True)]


@lru_cache(maxsize=2)
def search_pattern(words: frozenset[str]) -> WordSearch | None:
    """The search for ``words``; the writer and the leak check of one redaction share it.

    Callers search half-width text for half-width forms only: ``halfwidth`` keeps offsets, and a search without
    the full-width forms builds in well under half the time.
    """
    search = WordSearch(words)
    return search if search.words else None


class WordSearch:
    """Finds words in a text as a trie regex of them would: leftmost first, the longest word starting there.

    Compiling that regex costs a state per character, about 10 ms for a thousand ID and phone numbers; a trie of
    the words' first characters says where one may start, and a set of the words which one does.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(word for word in words if word)
        own: dict[str, set[int]] = {}
        for word in self.words:
            own.setdefault(word[:_HEAD], set()).add(len(word))
        # The longest head matching at a position stands for the shorter heads there too: its own prefixes.
        self._lengths = {head: sorted({n for k in range(1, len(head) + 1) for n in own.get(head[:k], ())},
                                      reverse=True) for head in own}
        self._heads = re.compile(trie_pattern(own) or "(?!)")  # (?!) never matches: there is no word
        # A search of texts joined by NUL must not run from one into the next.
        self.joinable = not any("\x00" in word for word in self.words)

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each word in ``text``, not overlapping, from the left."""
        search, lengths, words = self._heads.search, self._lengths, self.words  # once, not per candidate
        position = 0
        while (head := search(text, position)) is not None:
            start = head.start()
            for length in lengths[head.group()]:
                if text[start:start + length] in words:
                    yield start, start + length
                    position = start + length
                    break
            else:
                position = start + 1  # a head without its word: a word may still start one character on

    def found(self, text: str) -> bool:
        """True when ``text`` holds any of the words."""
        return next(self.finditer(text), None) is not None


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
        self.table = table  # not copied: a plan's table masks some forms only when they are met
        forms = list(table)
        # An original XML would escape is not found by searching serialised XML for it.
        self.escapes = not _ESCAPED.isdisjoint("".join(forms))
        self._pattern = search_pattern(half_forms(forms))

    def found_in(self, text: str) -> bool:
        """True when ``text`` holds any original."""
        return self._pattern is not None and self._pattern.found(halfwidth(text))

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, replacement) of each non-overlapping original in ``text``."""
        return self.spans_each([text]).get(0, [])

    def spans_each(self, texts: list[str]) -> dict[int, list[tuple[int, int, str]]]:
        """Index → ``spans`` of each of ``texts`` that holds an original, all searched in one pass."""
        found: dict[int, list[tuple[int, int, str]]] = {}
        if self._pattern is None:
            return found
        for number, start, end, form in matches_each(self._pattern, texts):
            # The replacement of the form as written; one mixing widths takes its half-width form's.
            new = self.table.get(texts[number][start:end]) or self.table[form]
            found.setdefault(number, []).append((start, end, new))
        return found

    def replace(self, text: str) -> str:
        """``text`` with every original replaced."""
        return splice(text, self.spans(text))


def matches_each(search: WordSearch, texts: list[str]) -> Iterator[tuple[int, int, int, str]]:
    """(index, start, end, form) of each word of ``search`` in each of ``texts``, folded by ``halfwidth``."""
    if not search.joinable:  # a form holding a NUL (never seen in a datum) could run across the joins
        for number, text in enumerate(texts):
            half = halfwidth(text)
            for start, end in search.finditer(half):
                yield number, start, end, half[start:end]
        return
    # One search of all texts joined by NUL costs far less than one per text (a table has thousands of cells);
    # with no NUL in any form, no match runs from one text into the next.
    starts = list(accumulate((len(text) + 1 for text in texts[:-1]), initial=0))
    joined = halfwidth("\x00".join(texts))
    for start, end in search.finditer(joined):
        number = bisect_right(starts, start) - 1
        yield number, start - starts[number], end - starts[number], joined[start:end]


def splice(text: AnyStr, spans: Iterable[tuple[int, int, AnyStr]]) -> AnyStr:
    """``text`` with each (start, end, replacement) of ``spans`` (in order, not overlapping) put in."""
    pieces: list[AnyStr] = []
    done = 0
    for start, end, new in spans:
        pieces += [text[done:start], new]
        done = end
    pieces.append(text[done:])
    return text[:0].join(pieces)  # "" or b"": the writers splice XML text and PDF content streams alike


def mask_paragraphs(root: Element, replacer: Replacer) -> int:
    """Mask originals in every paragraph of ``root`` across its runs, keeping each run's formatting."""
    count = 0
    paragraphs = list(_paragraph_segments(root).values())
    texts = ["".join([piece for _, piece in segments]) for segments in paragraphs]
    for number, spans in replacer.spans_each(texts).items():
        segments, text = paragraphs[number], texts[number]
        count += len(spans)
        node = segments[0][0]
        if len(segments) == 1 and node is not None:
            # One text node (a table cell of one run): nothing to share out between runs.
            _set_text(node, splice(text, spans))
        else:
            _apply(segments, spans)
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
        p = _nearest_paragraph(el)
        if p is None:
            continue
        piece = (el.text or "") if el.tag == W_T else _MARKS[el.tag]
        paragraphs.setdefault(p, []).append((el if el.tag == W_T else None, piece))
    return paragraphs


def _nearest_paragraph(el: Element) -> Element | None:
    # Most text sits in a run right inside its paragraph: two steps up cost less than a walk up the tree.
    parent = el.getparent()
    grandparent = parent.getparent() if parent is not None else None
    if parent is not None and parent.tag != W_P and grandparent is not None and grandparent.tag == W_P:
        return grandparent
    return next(el.iterancestors(W_P), None)


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
            _set_text(node, new_text)


def _set_text(node: Element, text: str) -> None:
    node.text = text
    # Word drops a w:t's leading and trailing spaces unless told to keep them; python-docx marks only those too.
    if text != text.strip():
        node.set(XML_SPACE, "preserve")
