"""Residential addresses: the value after a residence label, or any address that reaches house-number level."""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from typing import ClassVar

import regex

from ..model import Finding, Kind, TextBlock
from ..settings import ScanSettings
from .base import Batch, BoundedMatcher, Span, label_words, spaced

logger = logging.getLogger(__name__)


# A place-name character: Han, except words that sit right before an address in prose (住在, 位于, 迁往 …),
# so that an unlabelled address starts at the place name and not at the verb before it.
_PLACE = r"[[\p{Han}]--[住在于位是到从的与及至往系把被将对给了址号现籍即并或等曾迁称距处]]"
_NUM = r"(?:\d{1,5}(?:-\d{1,5})?|[一二三四五六七八九十百零〇两]{1,5})"
# Each unit is atomic with the shortest name before its suffix, and the chain is possessive: it never backtracks
# into itself, which keeps a long run of 市市市… linear. 小区 and 社区 are estates, not districts.
_ADMIN = rf"(?>{_PLACE}{{2,6}}?(?:自治区|自治州|自治县|省|市|州|盟|地区|(?<![小社])区|县|旗|街道|镇|乡))"
_UNIT = rf"(?:{_NUM}|[A-Za-z])(?:号楼|栋|幢|座|单元|楼|层|室|号|户)"
_ESTATE_NAME = rf"(?:{_PLACE}|[A-Za-z0-9])"
_ROAD = (
    rf"(?>{_PLACE}{{1,8}}?(?:大道|大街|胡同|路|街|巷|道|弄))(?:{_NUM}段)?(?:{_NUM}[巷弄])?{_NUM}(?:号楼|号院|号)"
    rf"(?:附{_NUM}号)?(?>{_ESTATE_NAME}{{1,10}}?(?:小区|花园|家园|公寓|大厦|苑))?(?:{_UNIT}){{0,4}}"
    r"(?:\d{1,4}(?:-\d{1,4}){1,3}(?!\d)室?)?"
)
_VILLAGE = rf"(?>{_PLACE}{{1,6}}?村)第?{_NUM}(?:村民小组|组|队|社)(?:{_NUM}号)?"
_ESTATE = rf"(?>{_ESTATE_NAME}{{1,10}}?(?:小区|社区))(?:{_UNIT}){{1,4}}"
# What every address above holds: a unit word right after a number or a letter (12号, 3组, 2单元, A座, 3村民小组).
_UNIT_WORD = r"(?:[号组队社栋幢座楼层室户]|单元|村民小组)"
_NUMBERED_UNIT = rf"{_UNIT_WORD}(?<=[\dA-Za-z一二三四五六七八九十百零〇两]{_UNIT_WORD})"


class AddressDetector:
    """Finds residential addresses; organisation addresses (办公地址, 受理地点, a notice's 地址：) are left alone."""

    kind: ClassVar[Kind] = "address"

    # Longest first: 家庭住址 before 住址, 居住地址 before 居住地.
    RESIDENCE_LABELS: ClassVar[tuple[str, ...]] = (
        "户籍所在地", "现居住地址", "家庭住址", "户籍地址", "家庭地址", "居住地址", "现居住地", "现住址", "居住地",
        "户籍地", "住所地", "住址", "住所",
    )
    # Labels after which an address belongs to an organisation. The weak ones (a bare 地址：) yield when the words
    # just before are about a person (当事人：张三，…，地址：…).
    ORG_LABELS: ClassVar[tuple[str, ...]] = (
        "办公地址", "单位地址", "受理地点", "办理地点", "办公地点", "服务地点", "注册地址", "经营地址", "窗口地址",
        "联系地址", "通讯地址", "通信地址", "地址", "地点",
    )
    LABEL_ENDS: ClassVar[frozenset[str]] = frozenset(label[-1] for label in RESIDENCE_LABELS + ORG_LABELS)
    WEAK_ORG_LABELS: ClassVar[frozenset[str]] = frozenset({"联系地址", "通讯地址", "通信地址", "地址", "地点"})
    PERSONAL_CUES: ClassVar[tuple[str, ...]] = (
        "当事人", "姓名", "申请人", "举报人", "投诉人", "户主", "身份证", "本人", "家庭", "住户", "村民", "居民",
        "性别", "出生",
    )
    CUE_WINDOW: ClassVar[int] = 50
    LABEL_REACH: ClassVar[int] = 17  # a five-character label with three spaces in each gap
    # A label's value must name a place; these are what people write instead of an address.
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({
        "无", "略", "暂无", "同上", "不详", "详见附件", "见附件", "本村", "本地", "空", "/", "-",
    })
    # A value must reach below the township to be someone's address: 河东区汤河镇 alone is a place name (and is what
    # a masked address keeps). 街道 is a township, so it is taken out before looking.
    # A value with mask characters was already de-identified (河东区汤河镇大官庄村*****): the rest is kept on purpose.
    MASKS: ClassVar[frozenset[str]] = frozenset("*×＊")
    FINE_MARKS: ClassVar[frozenset[str]] = frozenset("村屯路街巷道弄号组队社栋幢单元室楼")
    # Where a label's value ends inside the run of text up to the next punctuation: a wide gap, a number after a
    # space (住址：…12号 13812345678), a telephone number glued on (house numbers are short), or the next field's
    # label, spaced or glued (…12号电话：…).
    VALUE_END: ClassVar[regex.Pattern[str]] = regex.compile(
        r"[ \t]{2}|[ \t]+(?=\d{5})|(?<!\d)(?:0\d{2,3}-)?\d{7}"
        r"|联系电话|电话|手机|联系方式|邮政编码|邮编|身份证|公民身份|姓名|性别|职业|工作单位"
    )
    MAX_VALUE: ClassVar[int] = 60

    LABEL_PATTERN: ClassVar[regex.Pattern[str]] = regex.compile(
        r"(?:(?:" + "|".join(spaced(label) for label in RESIDENCE_LABELS) + r")[ \t]{0,4}:|家住[ \t]{0,4}:?)"
        r"[ \t]{0,4}(?P<value>[^,。;；、:()（）\n\r\t]{1,60})"
    )
    ADDRESS_PATTERN: ClassVar[regex.Pattern[str]] = regex.compile(
        rf"(?:{_ADMIN}){{0,5}}+(?:{_ROAD}|{_VILLAGE}|{_ESTATE})", regex.V1
    )
    # Every address the pattern matches holds a numbered unit, and is at most MAX_MATCH characters long
    # (tests/test_detector_address.py measures the pattern). So the pattern runs only on the stretches within
    # MAX_MATCH of a numbered unit, a small part of a 公文: trying its Han-heavy opening at every character of the
    # text was most of the cost of a scan. (The look-behind follows the unit word: the unit is rare, a digit not.)
    UNIT_ANCHOR: ClassVar[regex.Pattern[str]] = regex.compile(_NUMBERED_UNIT)
    MAX_MATCH: ClassVar[int] = 189
    # Every address's first numbered unit follows a road, village or estate word closely (人民路12号, 王庄村3组,
    # 阳光小区3栋); a unit with none of them within PLACE_REACH before it (文号 〔2018〕94号, 第3组) opens no window.
    PLACE_WORD: ClassVar[regex.Pattern[str]] = regex.compile(r"[路街巷道弄村]|胡同|小区|社区")
    PLACE_REACH: ClassVar[int] = 40

    def __init__(self, settings: ScanSettings) -> None:
        self._matcher = BoundedMatcher(settings)

    def detect(self, block: TextBlock, text: str, prior: Sequence[Finding]) -> list[Finding]:
        """Addresses in one block (``text`` is the half-width form of ``block.text``)."""
        where = block.location
        return self._in_block(block, text, self.labelled_spans(text, where), self.shape_spans(text, where))

    def detect_batch(self, batch: Batch, prior: Mapping[int, Sequence[Finding]]) -> dict[int, list[Finding]]:
        """Addresses by block number in ``batch``: the label and shape patterns run once over the joined text."""
        labelled = batch.by_block(self.labelled_spans(batch.joined, batch.where))
        shaped = batch.by_block(self.shape_spans(batch.joined, batch.where))
        cells = {number for number in batch.placed if self.is_residence_header(batch.blocks[number].column_header)
                 or self.is_residence_header(batch.blocks[number].row_label)}
        found = {}
        for number in labelled.keys() | shaped.keys() | cells:
            findings = self._in_block(batch.blocks[number], batch.text(number), labelled.get(number, []),
                                      shaped.get(number, []))
            if findings:
                found[number] = findings
        return found

    def labelled_spans(self, text: str, where: str = "") -> list[Span]:
        """Values after a residence label (住址：…, 家住…) in ``text``, one block or blocks joined by newlines."""
        if ":" not in text and "家住" not in text:  # every label has one of them
            return []
        spans = []
        for match in self._matcher.finditer(self.LABEL_PATTERN, text, where):
            start = match.start("value")
            value = self._trim_value(match.group("value"), where)
            if value and self.is_value(value):
                spans.append((start, start + len(value)))
        return spans

    def shape_spans(self, text: str, where: str = "") -> list[Span]:
        """Spans of ``text`` (one block or blocks joined by newlines) shaped like an address at house-number level."""
        windows = self._windows(text)
        if not windows:
            return []
        # The stretches, joined by newlines (which no address holds), are matched in one bounded call.
        starts: list[int] = []
        position = 0
        for start, end in windows:
            starts.append(position)
            position += end - start + 1
        stretches = "\n".join(text[start:end] for start, end in windows)
        spans = []
        for match in self._matcher.finditer(self.ADDRESS_PATTERN, stretches, where):
            number = bisect_right(starts, match.start()) - 1
            shift = windows[number][0] - starts[number]
            spans.append((match.start() + shift, match.end() + shift))
        return spans

    def _windows(self, text: str) -> list[Span]:
        """Stretches of ``text`` that can hold an address: within MAX_MATCH of a unit, cut at line ends, merged."""
        # Past MAX_MATCH + 1 after a unit a match can neither reach nor look (its only look-ahead reads one
        # character), and a newline stops a match just as the end of a stretch does.
        reach = self.MAX_MATCH + 2
        windows: list[Span] = []
        for anchor in self._matcher.finditer(self.UNIT_ANCHOR, text):
            at = anchor.start()
            if not self.PLACE_WORD.search(text, max(0, at - self.PLACE_REACH), at):
                continue
            if windows and at < windows[-1][1] and (windows[-1][1] == len(text) or text[windows[-1][1]] == "\n"):
                continue  # the stretch it is in runs to the end of its line already
            cut = text.rfind("\n", max(0, at - self.MAX_MATCH), at)
            start = cut + 1 if cut >= 0 else max(0, at - self.MAX_MATCH)
            cut = text.find("\n", at, at + reach)
            end = cut if cut >= 0 else min(len(text), at + reach)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], end)
            else:
                windows.append((start, end))
        return windows

    def _in_block(self, block: TextBlock, text: str, after_labels: list[Span], shaped: list[Span]) -> list[Finding]:
        """One block's findings: its cell or labelled values, then the shaped spans outside them.

        A shaped span right after an organisation's label is dropped; the words before it are read in its own block.
        """
        labelled: list[Span] = []
        if block.where == "table":
            labelled.extend(self._in_cell(block, text))
        labelled.extend(after_labels)
        shaped = [span for span in shaped if not self._after_org_label(text, span[0])]
        spans = sorted(labelled + self._outside(sorted(labelled), shaped))
        return [Finding.in_block(self.kind, block, start, end) for start, end in spans]

    def is_residence_header(self, header: str | None) -> bool:
        """True for a column header that announces a person's residence (住址, 家庭住址, 户籍地址 …)."""
        if not header:
            return False
        return label_words(header) in self.RESIDENCE_LABELS

    def is_value(self, value: str) -> bool:
        """True when a label's value names a place rather than standing in for one (同上, 略, ***)."""
        return (value not in self.PLACEHOLDERS and len(value) <= self.MAX_VALUE and not self.MASKS & set(value)
                and any(ch in self.FINE_MARKS for ch in value.replace("街道", "")))

    def _in_cell(self, block: TextBlock, text: str) -> Iterator[Span]:
        """A residence cell's value: under a residence header, any place below the township; right of a residence
        label (a form's 住址 | …) only one with a numbered unit, as the cell may be the next label of a list's
        header row (家庭住址 | 门牌号码)."""
        if self.is_residence_header(block.column_header) or (
                self.is_residence_header(block.row_label) and self.UNIT_ANCHOR.search(text)):
            value = text.strip()
            if value and self.is_value(value):
                start = text.index(value)
                yield start, start + len(value)

    def _trim_value(self, value: str, where: str) -> str:
        """Cut a label's value where the next field begins, without trailing spaces."""
        for end in self._matcher.finditer(self.VALUE_END, value, where):
            return value[:end.start()].rstrip()
        return value.rstrip()

    @staticmethod
    def _outside(labelled: list[Span], found: list[Span]) -> list[Span]:
        """The spans of ``found`` that overlap no labelled span (a label's value already covers its address)."""
        kept: list[Span] = []
        i = 0
        for start, end in found:  # both lists are in text order
            while i < len(labelled) and labelled[i][1] <= start:
                i += 1
            if i == len(labelled) or end <= labelled[i][0]:
                kept.append((start, end))
        return kept

    def _after_org_label(self, text: str, start: int) -> bool:
        """True when the address follows an organisation's label (办公地址：, a notice's 地址：)."""
        end = start
        while end > max(0, start - 4) and text[end - 1] in " \t:":
            end -= 1
        if end == 0 or text[end - 1] not in self.LABEL_ENDS:  # most addresses: no label to try
            return False
        # Tables and notices pad labels (地 址：, 联 系 地 址：), so labels are compared with the spaces taken out.
        kept = [i for i in range(max(0, end - self.LABEL_REACH), end) if text[i] not in " \t"]
        tail = "".join(text[i] for i in kept)
        if tail.endswith(self.RESIDENCE_LABELS):
            return False
        for label in self.ORG_LABELS:
            if tail.endswith(label):
                if label in self.WEAK_ORG_LABELS:
                    label_start = kept[-len(label)]
                    window = text[max(0, label_start - self.CUE_WINDOW):label_start]
                    window = window[window.rfind("\n") + 1:]  # a cue on an earlier line belongs to another field
                    return not any(cue in window for cue in self.PERSONAL_CUES)
                return True
        return False
