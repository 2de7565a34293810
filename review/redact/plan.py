"""What the writers do with each finding: mask it (and with what text) or keep it for a recorded reason."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..errors import ReviewError
from ..model import Finding
from ._textmask import variants
from .policy import Masker

# Personal data the privacy reviewer may publish unmasked, and the grounds the record must give.
KEEP_REASONS = ("惩戒公示", "强制性信息披露", "法律法规规定公开")


class PlanError(ReviewError):
    """A keep decision that names no finding or gives no lawful reason."""


@dataclass(frozen=True, slots=True)
class Masked:
    """A finding to mask; ``number`` is its 1-based position in the scan report."""

    number: int
    finding: Finding
    replacement: str


@dataclass(frozen=True, slots=True)
class Kept:
    """A finding the reviewer decided to publish unmasked, and why."""

    number: int
    finding: Finding
    reason: str
    overridden: bool = False  # the same text is masked elsewhere, so it is masked here too


@dataclass(frozen=True, slots=True)
class RedactionPlan:
    """Every finding of one scan with its decision."""

    masked: tuple[Masked, ...]
    kept: tuple[Kept, ...]
    # Every form of every masked original (full-width, without separators …) → its masked form.
    table: Mapping[str, str] = field(default_factory=dict)
    # Replacements that are texts of their own (placeholders, pseudonyms): a PDF shows them in the box.
    labels: frozenset[str] = frozenset()

    @classmethod
    def build(cls, findings: Iterable[Finding], masker: Masker, keep: Mapping[int, str] | None = None) -> RedactionPlan:
        """Mask every finding except those numbered in ``keep`` (number → reason from KEEP_REASONS)."""
        keep = dict(keep or {})
        listed = list(findings)
        for number, reason in keep.items():
            if not 1 <= number <= len(listed):
                raise PlanError(f"保留的第{number}项不存在", f"there is no finding number {number} to keep")
            if reason not in KEEP_REASONS:
                raise PlanError(f"保留理由必须是：{'、'.join(KEEP_REASONS)}",
                                f"the reason to keep must be one of {', '.join(KEEP_REASONS)}")
        masked = tuple(Masked(n, f, masker.replacement(f.kind, f.text))
                       for n, f in enumerate(listed, 1) if n not in keep)
        masked_texts = {m.finding.text for m in masked}
        kept = tuple(Kept(n, listed[n - 1], reason, listed[n - 1].text in masked_texts)
                     for n, reason in sorted(keep.items()))
        labels = frozenset(m.replacement for m in masked if masker.writes_label(m.finding.kind))
        return cls(masked, kept, MappingProxyType(_table(masked, masker)), labels)

    def replacements(self) -> dict[str, str]:
        """Original text (in every form it may take) → replacement, longest first."""
        return dict(sorted(self.table.items(), key=lambda item: -len(item[0])))


def _table(masked: tuple[Masked, ...], masker: Masker) -> dict[str, str]:
    # The same number written elsewhere with full-width digits or without its spaces is the same datum: the
    # writers replace those forms too, each masked by the same rule.
    table: dict[str, str] = {}
    for item in masked:
        text = item.finding.text
        if text.strip() and text not in table:
            table[text] = item.replacement
    for kind, text in dict.fromkeys((item.finding.kind, item.finding.text) for item in masked):
        for form in sorted(variants(text)):
            if form not in table:
                table[form] = masker.replacement(kind, form)
    return table
