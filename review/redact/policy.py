"""How each kind of personal datum is masked: operators, per-kind defaults, and a policy loaded from TOML."""

from __future__ import annotations

import hashlib
import hmac
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, cast, get_args

from ..detectors.person_name import load_word_list
from ..errors import ReviewError
from ..model import KIND_VALUES, Kind
from ..text import halfwidth

Operator = Literal["mask", "suppress", "placeholder", "pseudonym"]
OPERATORS: tuple[Operator, ...] = get_args(Operator)

# A mobile's country prefix is not part of what the 138****5678 rule counts.
_MOBILE_PREFIXES = ("+86", "0086", "86")
# An address keeps its text up to the lowest of these levels found before the first digit (the village,
# community or street); failing that, up to the county or city.
_ADDRESS_LOW_LEVELS = ("社区", "街道", "村", "镇", "乡")
_ADDRESS_HIGH_LEVELS = ("区", "县", "旗", "市", "州", "盟")
# A pseudonym says what it stands for, so a reader of the published text still follows it.
_PSEUDONYM_LABELS: dict[Kind, str] = {
    "person_name": "人员", "id_card": "证件", "mobile": "手机", "landline": "电话", "bank_card": "银行卡",
    "email": "邮箱", "address": "地址", "passport": "护照", "license_plate": "车牌",
}
_PSEUDONYM_HEX = 8


class PolicyError(ReviewError):
    """A masking policy that cannot be used: unknown kind or operator, bad numbers, or no pseudonym key."""


@dataclass(frozen=True, slots=True)
class KindRule:
    """How one kind is masked. ``keep_first``/``keep_last`` count letters and digits (separators stay)."""

    operator: Operator = "mask"
    keep_first: int = 0
    keep_last: int = 0
    placeholder: str = "某某"


DEFAULT_RULES: Mapping[Kind, KindRule] = MappingProxyType({
    "id_card": KindRule(keep_first=6, keep_last=4),  # 510902********8198
    "mobile": KindRule(keep_first=3, keep_last=4),  # 138****5678
    "bank_card": KindRule(keep_last=4),
    "landline": KindRule(keep_first=4, keep_last=2),  # the area code stays
    "passport": KindRule(keep_first=1, keep_last=2),
    "license_plate": KindRule(keep_first=2, keep_last=1),  # 鲁Q****8
    "person_name": KindRule(),  # keeps the surname: 张*, 欧阳**
    "address": KindRule(),  # cut after the village, community or street
    "email": KindRule(),  # keeps the domain
})


@dataclass(frozen=True, slots=True)
class MaskPolicy:
    """One rule per kind plus the masking character; immutable once built."""

    rules: Mapping[Kind, KindRule] = field(default_factory=lambda: DEFAULT_RULES)
    mask_char: str = "*"

    def rule(self, kind: Kind) -> KindRule:
        """The rule for ``kind`` (the default rule when the policy does not name it)."""
        return self.rules.get(kind) or DEFAULT_RULES[kind]

    @classmethod
    def from_toml(cls, path: Path | str) -> MaskPolicy:
        """Read a policy file: ``mask_char`` and ``[kinds.<kind>]`` tables overriding the defaults."""
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise PolicyError("脱敏策略文件无法读取或格式错误",
                              "the masking policy file cannot be read or parsed") from exc
        return cls.from_mapping(data)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> MaskPolicy:
        """Build a policy from parsed TOML, checking every name and number."""
        unknown = set(data) - {"mask_char", "kinds"}
        if unknown:
            raise PolicyError(f"脱敏策略含有未知设置：{sorted(unknown)}", f"unknown policy settings: {sorted(unknown)}")
        mask_char = data.get("mask_char", "*")
        if not isinstance(mask_char, str) or len(mask_char) != 1 or mask_char.isalnum():
            raise PolicyError("mask_char 必须是一个非字母数字的字符",
                              "mask_char must be one non-alphanumeric character")
        rules = dict(DEFAULT_RULES)
        kinds = data.get("kinds", {})
        if not isinstance(kinds, Mapping):
            raise PolicyError("kinds 必须是表", "kinds must be a table")
        for name, table in kinds.items():
            if name not in KIND_VALUES:
                raise PolicyError(f"未知的个人信息类型：{name}", f"unknown personal-data kind: {name}")
            kind = cast(Kind, name)
            rules[kind] = _rule_from(table, DEFAULT_RULES[kind])
        return cls(MappingProxyType(rules), mask_char)


def _rule_from(table: Any, default: KindRule) -> KindRule:
    if not isinstance(table, Mapping) or set(table) - {"operator", "keep_first", "keep_last", "placeholder"}:
        raise PolicyError("类型规则只能设置 operator、keep_first、keep_last、placeholder",
                          "a kind rule may only set operator, keep_first, keep_last and placeholder")
    rule = replace(default, **table)
    if rule.operator not in OPERATORS:
        raise PolicyError(f"未知的脱敏方式：{rule.operator}", f"unknown operator: {rule.operator}")
    for number in (rule.keep_first, rule.keep_last):
        if not isinstance(number, int) or isinstance(number, bool) or not 0 <= number <= 32:
            raise PolicyError("保留位数必须是 0 到 32 的整数", "keep counts must be whole numbers from 0 to 32")
    if not isinstance(rule.placeholder, str) or not rule.placeholder.strip():
        raise PolicyError("占位文字不能为空", "the placeholder must not be empty")
    return rule


class Masker:
    """Applies a policy; holds the pseudonym key (never stored in the policy file)."""

    def __init__(self, policy: MaskPolicy | None = None, key: bytes | None = None) -> None:
        self.policy = policy or MaskPolicy()
        self._key = key

    def writes_label(self, kind: Kind) -> bool:
        """True when ``kind`` is replaced by a text of its own (placeholder, pseudonym), not masked in place."""
        return self.policy.rule(kind).operator in ("placeholder", "pseudonym")

    def replacement(self, kind: Kind, text: str) -> str:
        """The text that replaces ``text``, a datum of ``kind``."""
        rule = self.policy.rule(kind)
        if rule.operator == "suppress":
            return "".join(c if c.isspace() else self.policy.mask_char for c in text)
        if rule.operator == "placeholder":
            return rule.placeholder
        if rule.operator == "pseudonym":
            if not self._key:
                raise PolicyError("化名需要密钥，请提供密钥文件", "a pseudonym needs a key; give a key file")
            return pseudonym(kind, text, self._key)
        return mask(kind, text, rule, self.policy.mask_char)


def pseudonym(kind: Kind, text: str, key: bytes) -> str:
    """A stable pseudonym: the same datum under the same key always gets the same one."""
    digest = hmac.new(key, f"{kind}\0{_canonical(text)}".encode(), hashlib.sha256).hexdigest()
    return f"{_PSEUDONYM_LABELS[kind]}{digest[:_PSEUDONYM_HEX].upper()}"


def _canonical(text: str) -> str:
    # 138 1234 5678 and １３８-1234-5678 are one person's number.
    folded = halfwidth(text).upper()
    return "".join(c for c in folded if not c.isspace() and c not in "-·・")


def mask(kind: Kind, text: str, rule: KindRule, mask_char: str = "*") -> str:
    """Partial masking with the real-disclosure shape of ``kind``; always the same length as ``text``."""
    if kind == "person_name":
        return _mask_name(text, mask_char)
    if kind == "address":
        return _mask_address(text, mask_char)
    if kind == "email":
        return _mask_email(text, mask_char)
    if kind == "landline" and not halfwidth(text).startswith(("0", "(")):
        # A local number listed after one that gave its area code: what a landline keeps first is the area code,
        # and this one has none, so its own first digits are hidden too.
        rule = replace(rule, keep_first=0)
    prefix = _mobile_prefix(text) if kind == "mobile" else ""
    return prefix + _keep_ends(text[len(prefix):], rule.keep_first, rule.keep_last, mask_char)


def _mobile_prefix(text: str) -> str:
    folded = halfwidth(text)
    for prefix in _MOBILE_PREFIXES:
        rest = folded[len(prefix):]
        if folded.startswith(prefix) and len([c for c in rest if c.isdigit()]) == 11:
            return text[:len(prefix)]
    return ""


def _keep_ends(text: str, keep_first: int, keep_last: int, mask_char: str) -> str:
    """Mask the letters and digits between the first ``keep_first`` and the last ``keep_last``; a third at least go."""
    whole = text.isalnum()  # most numbers: no separator to step over
    positions = range(len(text)) if whole else [i for i, c in enumerate(text) if c.isalnum()]
    count = len(positions)
    hidden = max(count - keep_first - keep_last, (count + 2) // 3)
    # Short values give up their kept characters, the last ones first, until enough is hidden.
    keep_last = min(keep_last, max(count - hidden - keep_first, 0))
    keep_first = min(keep_first, count - hidden - keep_last)
    if whole:
        return text[:keep_first] + mask_char * hidden + text[count - keep_last:]
    chars = list(text)
    for i in positions[keep_first:count - keep_last]:
        chars[i] = mask_char
    return "".join(chars)


@cache
def _surnames() -> frozenset[str]:
    return load_word_list("surnames.txt")


def _mask_name(text: str, mask_char: str) -> str:
    surname = 2 if len(text) >= 3 and text[:2] in _surnames() else 1
    if len(text) <= surname:
        surname = 0
    # A transliterated name (阿依古丽·买买提) keeps its separator so the masked form still reads as a name.
    return text[:surname] + "".join(c if c in "·・ " else mask_char for c in text[surname:])


def _mask_address(text: str, mask_char: str) -> str:
    digit = next((i for i, c in enumerate(halfwidth(text)) if c.isdigit()), len(text))
    head = text[:digit]
    cut = _level_end(head, _ADDRESS_LOW_LEVELS) or _level_end(head, _ADDRESS_HIGH_LEVELS)
    if cut >= len(text):
        cut = 0
    cut = min(cut, len(text) - 1)
    return text[:cut] + mask_char * (len(text) - cut)


def _level_end(head: str, levels: tuple[str, ...]) -> int:
    ends = [head.rfind(level) + len(level) for level in levels if level in head]
    return max(ends, default=0)


def _mask_email(text: str, mask_char: str) -> str:
    at = text.rfind("@")
    if at <= 0:
        return mask_char * len(text)
    return mask_char * at + text[at:]
