"""Person names: in name columns, after name labels, before 同志, beside ID or telephone numbers, in author metadata."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from typing import ClassVar

import regex

from ..model import Finding, Kind, TextBlock
from ..settings import ScanSettings
from .base import Batch, BoundedMatcher, Span, label_words, spaced

logger = logging.getLogger(__name__)


def load_word_list(name: str) -> frozenset[str]:
    """Read a packaged word list from review/detectors/data (one entry a line, ``#`` starts a comment line)."""
    text = (resources.files("review.detectors") / "data" / name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def by_last_character(words: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """``words`` grouped by their last character, each group in the order of ``words``."""
    groups: dict[str, tuple[str, ...]] = {}
    for word in words:
        groups[word[-1]] = (*groups.get(word[-1], ()), word)
    return groups


def is_han(ch: str) -> bool:
    """True for a CJK ideograph (basic block, extension A, compatibility, and the supplementary planes)."""
    return ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"
            or "\U00020000" <= ch <= "\U0003134f")


def all_han(text: str) -> bool:
    """True when every character of ``text`` (not empty) is a CJK ideograph."""
    # Most names lie in the basic block, which two comparisons settle.
    return "\u4e00" <= min(text) and max(text) <= "\u9fff" or all(map(is_han, text))


class PersonNameDetector:
    """Finds personal names where the layout or wording of the document says a name stands there.

    A bare pair of Han characters is never reported on its own: that would flag half the prose of a 公文.
    """

    kind: ClassVar[Kind] = "person_name"

    NAME_HEADERS: ClassVar[frozenset[str]] = frozenset({
        "姓名", "户主姓名", "户主", "当事人", "法定代表人", "法人代表", "联系人", "申请人", "负责人", "被申请人",
        "举报人", "投诉人", "经办人", "收款人", "持卡人",
        # roles a person holds in enforcement, contracts and case files
        "经营者", "业主", "被询问人", "询问人", "被检查人", "被处罚人", "受害人", "证人", "代理人", "委托代理人",
        "监护人", "户名", "开户名", "借款人", "担保人", "承包人", "承租人", "出租人", "受让人", "转让人", "权利人",
        "驾驶人", "车主", "执法人员", "记录人", "被告人", "原告", "被告", "第三人", "死者", "患者",
    })
    # Longest first, so 被申请人 wins over 申请人 and 户主姓名 over 户主.
    NAME_LABELS: ClassVar[tuple[str, ...]] = tuple(sorted(NAME_HEADERS, key=len, reverse=True))
    # Words that may stand between a name and its number: 张三，身份证号：…
    NUMBER_LABELS: ClassVar[tuple[str, ...]] = tuple(sorted((
        "公民身份号码", "身份证号码", "身份证号", "身份证", "证件号码", "证件号", "手机号码", "手机号", "手机",
        "移动电话", "联系电话", "联系方式", "固定电话", "办公电话", "电话号码", "电话", "座机", "号码", "Tel", "TEL",
        "tel",
    ), key=len, reverse=True))
    # The labels by their last character: a number's label is tried against the few that can end where it ends.
    NUMBER_LABELS_BY_END: ClassVar[dict[str, tuple[str, ...]]] = by_last_character(NUMBER_LABELS)
    NUMBER_KINDS: ClassVar[frozenset[str]] = frozenset({"id_card", "mobile", "landline"})
    NUMBER_SEPARATORS: ClassVar[str] = " \t:,、(（：，"
    # Metadata fields that hold a person (docx core properties, PDF info dictionary); a PDF's Creator is a program.
    METADATA_FIELDS: ClassVar[tuple[str, ...]] = ("author", "lastmodifiedby", "作者", "最后修改")

    # Never a name, alone or as the start of a candidate (全体同志, 党员同志, 甲方张三 …).
    GENERIC_WORDS: ClassVar[tuple[str, ...]] = (
        "局长", "主任", "科长", "处长", "书记", "本人", "申请人", "被申请人", "当事人", "法定代表人", "联系人",
        "负责人", "经办人", "举报人", "投诉人", "收款人", "持卡人", "户主", "姓名", "无", "略", "暂无", "同上",
        "不详", "见附件", "待定", "签字", "签名", "盖章", "全体", "各位", "广大", "有关", "相关", "青年", "党员",
        "干部", "领导", "群众", "居民", "村民", "市民", "职工", "员工", "老师", "学生", "家长", "先生", "女士",
        "其他", "部分", "上述", "以上", "以下", "如下", "下列", "个人", "单位", "公司", "政府", "机关", "全部",
        "全面", "所有", "代表", "委员", "成员", "人员", "许多", "许可", "年轻", "关于", "关注", "安排", "安全",
        "常务", "项目", "管理", "解决", "应当", "应该", "宣传", "时间", "时候", "申请", "申报", "申诉", "任务",
        "任何", "强化", "方面", "方式", "方案", "文件", "文化", "金额", "马上", "高度", "高级", "车辆", "万元",
        "司机", "谈话", "同志", "匿名", "保密", "未知", "汉族", "男", "女", "本单位", "工作人员",
        # a form's field labels, which may stand right of a name label (姓名 | 任职时间)
        "成绩", "成立", "任免", "任职", "房屋", "毕业", "班级", "宗教", "费用", "荣誉", "简历", "车型",
    )
    TITLE_SUFFIXES: ClassVar[tuple[str, ...]] = (
        "局长", "主任", "科长", "处长", "厅长", "部长", "院长", "所长", "站长", "书记", "县长", "区长", "市长",
        "镇长", "乡长", "村长", "主席", "经理", "队长", "组长", "校长", "会长", "行长", "厂长", "团长", "班长",
        "社长", "馆长", "庭长", "老师", "先生", "女士", "同志", "师傅", "医生", "律师", "警官", "主管", "会计",
        "秘书", "干事", "专员", "委员", "代表", "科员", "职员", "村民", "居民", "群众", "家属", "夫妇", "等人",
        "本人", "负责", "分管", "总", "工", "老", "小", "哥", "姐", "叔", "姨", "伯", "嫂", "爷", "奶",
    )
    # Characters that do not occur in a given name but do in the words around one (张三电话, 王五系, 张家村).
    NON_NAME_CHARS: ClassVar[frozenset[str]] = frozenset(
        "某氏的们了在是与对此该各每这那都就也还或并者等被把从到请址号局处科室院厅委办部队组站村镇乡县市区省"
        "街路栋楼层所州话机系别份证姓电"
    )
    MASK_CHARS: ClassVar[frozenset[str]] = frozenset("某*×xX○〇＊")
    NAME_DOTS: ClassVar[str] = "·・•‧"
    # The same sets as single frozensets, so a candidate is checked with one C-speed isdisjoint.
    DOT_SET: ClassVar[frozenset[str]] = frozenset(NAME_DOTS)
    NOT_GIVEN: ClassVar[frozenset[str]] = NON_NAME_CHARS | MASK_CHARS
    # What may follow a name directly after a label: 联系人：王五电话…, 当事人：张三系…
    FOLLOW_WORDS: ClassVar[tuple[str, ...]] = (
        "电话", "手机", "联系", "身份", "证件", "住址", "地址", "家住", "现住", "户籍", "性别", "男", "女", "年龄",
        "出生", "民族", "汉族", "职务", "职业", "单位", "工作", "系", "等", "同志", "先生", "女士", "签字", "签名",
        "盖章", "日期", "邮箱", "及", "和", "与",
    )
    # Surname characters that, right before a name, are more often a word's last character: 聘任张三, 向张三学习,
    # 主席张三, 甲方张三. Such a three-character candidate yields to the two-character one after it.
    FUNCTION_LEADS: ClassVar[frozenset[str]] = frozenset("于向任代习师席管时关单解查方")
    MAX_LISTED: ClassVar[int] = 10  # names listed before one 同志: 张三、李四同志

    # A label's value: names, or a two-character name padded with one space (王 五), joined by 、. The label may
    # carry one bracketed qualifier before its colon: 法定代表人（负责人）：.
    _HAN_NAME = r"(?:\p{Han} \p{Han}(?![\p{Han}·・•‧])|[\p{Han}·・•‧]{2,20})"
    LABEL_PATTERN: ClassVar[regex.Pattern[str]] = regex.compile(
        r"(?:" + "|".join(spaced(label) for label in NAME_LABELS) + r")(?:\([^():\n]{1,8}\))?[ \t]{0,4}:[ \t]{0,4}"
        rf"(?P<value>{_HAN_NAME}(?:、{_HAN_NAME}){{0,9}})"
    )
    COMRADE_PATTERN: ClassVar[regex.Pattern[str]] = regex.compile(r"(?<=\p{Han})同志")
    # A table cell: a name, a two-character name padded to three (张  三), or a minority name (阿依古丽·买买提).
    CELL_NAME_PATTERN: ClassVar[regex.Pattern[str]] = regex.compile(
        r"\p{Han}{2,8}[·・•‧]\p{Han}{2,8}"
        r"|(?<![\p{Han}·・•‧][ \t]{0,4})\p{Han}[ \t]{1,4}\p{Han}(?![ \t]{0,4}\p{Han})"
        r"|(?<![\p{Han}·・•‧])\p{Han}{2,4}(?![\p{Han}·・•‧])"
    )

    _surnames: ClassVar[frozenset[str] | None] = None
    _places: ClassVar[frozenset[str] | None] = None

    def __init__(self, settings: ScanSettings) -> None:
        self._matcher = BoundedMatcher(settings)
        if PersonNameDetector._surnames is None:
            PersonNameDetector._surnames = load_word_list("surnames.txt")
            PersonNameDetector._places = load_word_list("places.txt")
        self.surnames: frozenset[str] = PersonNameDetector._surnames
        self.places: frozenset[str] = PersonNameDetector._places or frozenset()

    def detect(self, block: TextBlock, text: str, prior: Sequence[Finding]) -> list[Finding]:
        """Names in one block (``text`` is the half-width form of ``block.text``).

        Matches are collected before they are checked: the regex time limit keeps running while a caller
        consumes them, and the checks are Python work, not pattern work.
        """
        spans = set(self.worded_spans(text, block.location))
        spans.update(self._by_place(block, text))
        spans.update(self._beside_numbers(text, prior, 0))
        return self._findings(block, spans)

    def detect_batch(self, batch: Batch, prior: Mapping[int, Sequence[Finding]]) -> dict[int, list[Finding]]:
        """Names by block number in ``batch``: the label and 同志 patterns run once over the joined text, and the
        names beside numbers are looked for in it too (the walk back from a number stops at a newline)."""
        spans = batch.by_block(self.worded_spans(batch.joined, batch.where))
        for number, held in prior.items():
            spans.setdefault(number, []).extend(self._beside_numbers(batch.joined, held, batch.starts[number]))
        # Only a metadata field or a table cell can hold a name that neither words nor a number announce.
        for number in batch.placed:
            spans.setdefault(number, []).extend(self._by_place(batch.blocks[number], batch.text(number)))
        return {number: self._findings(batch.blocks[number], set(found)) for number, found in spans.items() if found}

    def worded_spans(self, text: str, where: str = "") -> list[Span]:
        """Names the words beside them announce (当事人：张三, 张三同志), in one block or blocks joined by newlines."""
        spans: list[Span] = []
        if ":" in text:  # every name label ends in a colon
            spans.extend(self._after_labels(text, where))
        if "同志" in text:
            spans.extend(self._before_comrade(text, where))
        return spans

    def is_name_header(self, header: str | None) -> bool:
        """True for a column header that announces names (姓名, 姓  名, 申请人姓名, 户主 …)."""
        if not header:
            return False
        folded = label_words(header)
        return folded in self.NAME_HEADERS or folded.endswith("姓名")

    def is_name(self, candidate: str) -> bool:
        """True when ``candidate`` can be a full personal name: known surname, or two parts joined by ·."""
        if not self.DOT_SET.isdisjoint(candidate):
            return self._is_dotted_name(candidate)
        if not 2 <= len(candidate) <= 4 or not all_han(candidate):
            return False
        if (candidate in self.places or candidate in self.surnames or candidate in self.NAME_HEADERS
                or candidate.startswith(self.GENERIC_WORDS)):
            return False
        if candidate.endswith(self.TITLE_SUFFIXES):
            return False
        given = self._given_name(candidate)
        return bool(given) and self.NOT_GIVEN.isdisjoint(given)

    def _given_name(self, candidate: str) -> str:
        """The part after the surname, or "" when the candidate does not start with a known surname."""
        if len(candidate) >= 3 and candidate[:2] in self.surnames:
            return candidate[2:]
        if candidate[0] in self.surnames:
            return candidate[1:]
        return ""

    def _is_dotted_name(self, candidate: str) -> bool:
        parts = regex.split(r"[·・•‧]", candidate)
        return len(parts) == 2 and all(
            2 <= len(part) <= 8 and all(is_han(ch) and ch not in self.MASK_CHARS for ch in part) for part in parts
        )

    def _by_place(self, block: TextBlock, text: str) -> Iterator[Span]:
        """Names that the block's place announces: an author field, a name column."""
        if block.where == "metadata":
            yield from self._in_metadata(block, text)
        if block.where == "table" and (self.is_name_header(block.column_header)
                                       or self.is_name_header(block.row_label)):
            yield from self._in_cell(block, text)

    def _findings(self, block: TextBlock, spans: set[Span]) -> list[Finding]:
        return [Finding.in_block(self.kind, block, start, end) for start, end in self._without_overlaps(spans)]

    def _in_metadata(self, block: TextBlock, text: str) -> Iterator[Span]:
        location = block.location.lower()
        if any(field in location for field in self.METADATA_FIELDS):
            value = text.strip()
            if self.is_name(value):
                start = text.index(value)
                yield start, start + len(value)

    def _in_cell(self, block: TextBlock, text: str) -> Iterator[Span]:
        for match in list(self._matcher.finditer(self.CELL_NAME_PATTERN, text, block.location)):
            if self.is_name(regex.sub(r"[ \t]", "", match.group())):
                yield match.span()

    def _after_labels(self, text: str, where: str) -> Iterator[Span]:
        for match in self._matcher.finditer(self.LABEL_PATTERN, text, where):
            position = match.start("value")
            for token in match.group("value").split("、"):
                length = self._leading_name(token)
                if length:
                    yield position, position + length
                position += len(token) + 1

    def _leading_name(self, token: str) -> int:
        """Length of the name at the start of a label's value, 0 when there is none."""
        if " " in token:  # the pattern lets a space in only between the two characters of a padded name
            return len(token) if self.is_name(token.replace(" ", "")) else 0
        if not self.DOT_SET.isdisjoint(token):
            return len(token) if self.is_name(token) else 0
        if len(token) <= 4 and self.is_name(token):
            return len(token)
        for length in (4, 3, 2):
            if self.is_name(token[:length]) and token[length:].startswith(self.FOLLOW_WORDS):
                return length
        return 0

    def _before_comrade(self, text: str, where: str) -> Iterator[Span]:
        # A newline stops the walk back over Han characters as the start of the text does.
        for match in self._matcher.finditer(self.COMRADE_PATTERN, text, where):
            span = self._name_ending_at(text, match.start())
            listed = 0
            while span is not None and listed < self.MAX_LISTED:
                yield span
                listed += 1
                # 张三、李四同志: the names listed before the last one share its 同志.
                if span[0] < 1 or text[span[0] - 1] != "、":
                    break
                span = self._name_ending_at(text, span[0] - 1)

    def _beside_numbers(self, text: str, prior: Sequence[Finding], offset: int) -> Iterator[Span]:
        """Names right before the ID and phone numbers of ``prior``, a block that begins at ``offset`` in ``text``."""
        for finding in prior:
            if finding.kind in self.NUMBER_KINDS:
                span = self._name_ending_at(text, self._before_number_label(text, finding.start + offset))
                if span is not None:
                    yield span[0] - offset, span[1] - offset

    def _before_number_label(self, text: str, end: int) -> int:
        """Where a name would end before a number: skip separators and one label such as 身份证号码."""
        end = self._skip_back(text, end)
        labels = self.NUMBER_LABELS_BY_END.get(text[end - 1], ()) if end else ()
        for label in labels:  # most numbers: none to try
            if text.endswith(label, 0, end):
                return self._skip_back(text, end - len(label))
        return end

    def _skip_back(self, text: str, end: int, limit: int = 4) -> int:
        stop = max(0, end - limit)
        while end > stop and text[end - 1] in self.NUMBER_SEPARATORS:
            end -= 1
        return end

    def _name_ending_at(self, text: str, end: int) -> Span | None:
        """The most plausible name ending at ``end``, chosen among the last 2–4 characters of the Han run there."""
        start = end
        while start > 0 and end - start < 8 and is_han(text[start - 1]):
            start -= 1
        if start > 0 and text[start - 1] in self.NAME_DOTS:
            return self._dotted_name_ending_at(text, start - 1, end)
        run = text[start:end]
        if len(run) < 2 or not self.MASK_CHARS.isdisjoint(run[-4:]):
            return None
        two, three, four = run[-2:], run[-3:], run[-4:]
        if len(run) >= 4 and four[:2] in self.surnames and self.is_name(four):
            return end - 4, end
        if len(run) >= 3 and self.is_name(three):
            if not (three[0] in self.FUNCTION_LEADS and self.is_name(two)):
                return end - 3, end
        return (end - 2, end) if self.is_name(two) else None

    def _dotted_name_ending_at(self, text: str, dot: int, end: int) -> Span | None:
        start = dot
        while start > 0 and dot - start < 6 and is_han(text[start - 1]):
            start -= 1
        return (start, end) if self.is_name(text[start:end]) else None

    @staticmethod
    def _without_overlaps(spans: set[Span]) -> list[Span]:
        """Keep the earliest, then longest, of overlapping spans (the scanner would keep whichever came first)."""
        kept: list[Span] = []
        for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
            if not kept or start >= kept[-1][1]:
                kept.append((start, end))
        return kept
