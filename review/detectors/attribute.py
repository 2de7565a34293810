"""公开属性 markings: （此件公开发布） and its kin, or a label such as 公开属性：主动公开."""

from __future__ import annotations

import logging
from typing import ClassVar

import regex

from ..model import AttributeMarking, TextBlock
from ..settings import ScanSettings
from .base import BoundedMatcher, spaced

logger = logging.getLogger(__name__)

_GAP = r"[ \t]{0,3}"


def _alternatives(words: dict[str, str]) -> str:
    return "|".join(spaced(word) for word in sorted(words, key=len, reverse=True))


class AttributeDetector:
    """Finds the 公开属性 marking a document carries in its text (附注, signature line, 版记)."""

    # Comments, footnotes, metadata and deleted text do not declare anything to the reader.
    WHERE: ClassVar[frozenset[str]] = frozenset({"body", "table", "header", "footer", "textbox"})
    # What stands after 此件 inside the brackets, and what it declares.
    BRACKET_VALUES: ClassVar[dict[str, str]] = {
        "公开发布": "主动公开", "主动公开": "主动公开", "依申请公开": "依申请公开", "可依申请公开": "依申请公开",
        "不予公开": "不予公开", "不公开": "不予公开",
    }
    LABELS: ClassVar[tuple[str, ...]] = ("信息公开选项", "公开属性", "公开方式")
    LABEL_VALUES: ClassVar[dict[str, str]] = {
        "主动公开": "主动公开", "依申请公开": "依申请公开", "不予公开": "不予公开", "不公开": "不予公开",
    }
    # Text is folded to half-width, so （）and ：arrive as () and :. A label's value followed by more Han text is
    # prose ("公开方式：主动公开与依申请公开相结合"), not a declaration.
    PATTERN: ClassVar[regex.Pattern[str]] = regex.compile(
        rf"\({_GAP}此{_GAP}件{_GAP}(?P<bracket>{_alternatives(BRACKET_VALUES)}){_GAP}\)"
        rf"|(?:{'|'.join(spaced(label) for label in LABELS)}){_GAP}:{_GAP}"
        rf"(?P<label>{_alternatives(LABEL_VALUES)})(?!\p{{Han}})"
    )
    SPACES: ClassVar[dict[int, int | None]] = str.maketrans("", "", " \t")

    def __init__(self, settings: ScanSettings) -> None:
        self._matcher = BoundedMatcher(settings)

    def find(self, block: TextBlock, text: str) -> list[AttributeMarking]:
        """Markings in one block (``text`` is the half-width form of ``block.text``); the exact text is kept."""
        if block.where not in self.WHERE or "此" not in text and "公开" not in text:
            return []
        markings = []
        for match in list(self._matcher.finditer(self.PATTERN, text, block.location)):
            markings.append(AttributeMarking(
                self.value_of(match), block.text[match.start():match.end()], block.where, block.location, block.page,
            ))
        return markings

    def value_of(self, match: regex.Match[str]) -> str:
        """The attribute a match declares (不公开 counts as 不予公开)."""
        if match.group("bracket") is not None:
            return self.BRACKET_VALUES[match.group("bracket").translate(self.SPACES)]
        return self.LABEL_VALUES[match.group("label").translate(self.SPACES)]
