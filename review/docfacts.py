"""文号 (发文字号) and 成文日期 read from a document's text, for the open-information catalogue.

GB/T 9704 puts the document's own 发文字号 on a line of its own under the 发文机关标志 (sometimes beside
签发人), and the 成文日期 on a line of its own under the signature, where the 公开属性 annotation may follow it.
A 文号 or date quoted inside a sentence is a citation, not the document's own, so only such lines count.
"""

from __future__ import annotations

import re
from datetime import date

from .model import DocumentFacts, TextBlock

_NUMBER_LINE = re.compile(
    r"\s*(?P<number>[\u4e00-\u9fff]{1,15}\s?[〔\[(【]\s?(?:19|20)\d{2}\s?[〕\])】]\s?\d{1,5}\s?号)"
    r"\s*(?:签发人[:：]?.{0,20})?")
_CN_YEAR = str.maketrans("〇零○O一二三四五六七八九", "0000123456789")
_ONES = "一二三四五六七八九"
_CN = "[〇零○O一二三四五六七八九]"
_DATE = (r"(?:(?P<y>(?:19|20)\d{2})\s?年\s?(?P<m>\d{1,2})\s?月\s?(?P<d>\d{1,2})\s?日"
         rf"|(?P<cy>{_CN}{{4}})年(?P<cm>[一二三四五六七八九十]{{1,2}})月(?P<cd>[一二三四五六七八九十]{{1,3}})日)")
# The date alone, or after the signature on the same line, or followed by a bracketed annotation.
_DATE_LINE = re.compile(rf"\s*(?:\S{{2,30}}\s+)?{_DATE}\s*(?:[(（][^()（）]{{1,30}}[)）])?\s*")
_WHERE = ("body", "header")
_LINE = re.compile(r"^[^\n]{1,80}$", re.MULTILINE)  # only lines short enough to be a 文号 or date line


class FactsFinder:
    """Watches blocks in reading order and keeps the first 文号 line and the first 成文日期 line."""

    __slots__ = ("_number", "_written_on")

    def __init__(self) -> None:
        self._number: str | None = None
        self._written_on: date | None = None

    def see(self, block: TextBlock, text: str) -> None:
        """Look at each line of one block; ``text`` is its half-width text (same length as ``block.text``)."""
        if block.where not in _WHERE or (self._number is not None and self._written_on is not None):
            return
        for line in _LINE.finditer(text):
            self._see_line(block, text, line.start(), line.end())

    def _see_line(self, block: TextBlock, text: str, start: int, end: int) -> None:
        if self._number is None:
            found = _NUMBER_LINE.fullmatch(text, start, end)
            if found is not None:
                self._number = block.text[found.start("number"):found.end("number")].replace(" ", "")
        if self._written_on is None and block.where == "body":
            found = _DATE_LINE.fullmatch(text, start, end)
            if found is not None:
                self._written_on = _date_of(found)

    def facts(self) -> DocumentFacts:
        """What was found so far."""
        return DocumentFacts(self._number, self._written_on)


def _date_of(found: re.Match[str]) -> date | None:
    """The matched date, or None when it is not a real calendar date."""
    try:
        if found["y"]:
            return date(int(found["y"]), int(found["m"]), int(found["d"]))
        year = int(found["cy"].translate(_CN_YEAR))
        return date(year, _small_number(found["cm"]), _small_number(found["cd"]))
    except ValueError:
        return None


def _small_number(text: str) -> int:
    """一..三十一 written in Chinese numerals (十, 十二, 二十, 二十一, 三十一); ValueError for anything else."""
    tens, ten, ones = text.partition("十")
    if not ten:
        return _ONES.index(text) + 1
    return (_ONES.index(tens) + 1 if tens else 1) * 10 + (_ONES.index(ones) + 1 if ones else 0)
