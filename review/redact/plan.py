"""What the writers do with each finding: mask it (and with what text) or keep it for a recorded reason."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from ..errors import ReviewError
from ..model import Finding, Kind
from ..text import halfwidth
from ._textmask import compact, fullwidth, halfwidth_each
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
    # Every form of every masked original (full-width, without separators …) → its masked form (a MaskTable).
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
        return cls(masked, kept, MaskTable(masked, masker), labels)


class MaskTable(Mapping[str, str]):
    """Every form of every masked original (as written, half-width, full-width, without separators) → its mask.

    The same number written elsewhere with full-width digits or without its spaces is the same datum: the writers
    replace those forms too, each masked by the same rule, as the first original that has the form would be. The
    forms a search of half-width text meets are masked up front; a form written wholly in full width
    (１３８１２３４５６７８) is masked when it is first asked for: few documents hold one, and masking them all
    ahead cost as much as the rest of the plan.
    """

    def __init__(self, masked: Sequence[Masked], masker: Masker) -> None:
        self._masker = masker
        self._masks: dict[str, str] = {}
        for item in masked:
            text = item.finding.text
            if text.strip() and text not in self._masks:
                self._masks[text] = item.replacement
        self._owners: dict[str, Kind] = {}  # half-width form → the kind of the first original that has it
        pairs = list(dict.fromkeys((item.finding.kind, item.finding.text) for item in masked))
        for (kind, text), half in zip(pairs, halfwidth_each([text for _, text in pairs]), strict=True):
            short = compact(half)
            forms = [half, short]
            if text != half and _fullwidth_half(written := compact(text)) is None:
                forms.append(written)  # one mixing widths, written without its separators
            for form in forms:
                if form.strip() and form not in self._masks:
                    self._masks[form] = masker.replacement(kind, form)
            for form in (half, short):
                if form.strip():
                    self._owners.setdefault(form, kind)

    def __getitem__(self, form: str) -> str:
        mask = self._masks.get(form)
        if mask is None:
            half = _fullwidth_half(form)
            kind = self._owners.get(half) if half is not None else None
            if kind is None:
                raise KeyError(form)
            mask = self._masks[form] = self._masker.replacement(kind, form)
        return mask

    def __iter__(self) -> Iterator[str]:
        return iter(self._forms)

    @cached_property
    def _forms(self) -> list[str]:
        # The same whether or not a full-width form has been asked for yet: masking one only fills in its value.
        forms = dict.fromkeys(self._masks)
        for half in self._owners:
            forms.setdefault(fullwidth(half))
        return list(forms)

    def __len__(self) -> int:
        return len(self._forms)


def _fullwidth_half(form: str) -> str | None:
    """The half-width form of a form written wholly in full width; None for any other."""
    half = halfwidth(form)
    return half if form != half and fullwidth(half) == form else None
