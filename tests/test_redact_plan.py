"""The plan's table of forms: every form of a masked datum, with full-width forms masked only when asked for."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review.model import Finding
from review.redact._textmask import Replacer, compact, fullwidth
from review.redact.plan import RedactionPlan
from review.redact.policy import Masker
from review.text import halfwidth

_KINDS = ("mobile", "person_name", "id_card", "landline", "email", "address")
# Digits and letters in both widths, the separators a number is grouped by, and characters XML escapes.
_ALPHABET = "13８９aＡ -－\u3000张&＆@"


def _finding(kind: str, text: str) -> Finding:
    return Finding(kind, text, "body", "正文第1段", None, 0, len(text), 0)


def _every_form(findings: list[Finding], masker: Masker) -> dict[str, str]:
    """The table as the rule states it, every form masked ahead: the original first, then for each datum in turn
    its half-width and full-width forms and each of those without separators (the first datum to have a form
    masks it)."""
    table: dict[str, str] = {}
    for finding in findings:
        if finding.text.strip():
            table.setdefault(finding.text, masker.replacement(finding.kind, finding.text))
    for kind, text in dict.fromkeys((f.kind, f.text) for f in findings):
        half = halfwidth(text)
        forms = {text, half, fullwidth(half)}
        forms |= {compact(form) for form in list(forms)}
        for form in sorted(form for form in forms if form.strip()):
            table.setdefault(form, masker.replacement(kind, form))
    return table


@pytest.mark.parametrize(("text", "expected"), [
    ("13812345678", {"13812345678", "１３８１２３４５６７８"}),
    ("138 1234 5678", {"138 1234 5678", "１３８ １２３４ ５６７８", "13812345678", "１３８１２３４５６７８"}),
    ("１38 1234", {"１38 1234", "138 1234", "１３８ １２３４", "１381234", "1381234", "１３８１２３４"}),
    ("张三", {"张三"}),
])
def test_a_datum_has_every_form_it_may_be_written_in(text, expected):
    assert set(RedactionPlan.build([_finding("mobile", text)], Masker()).table) == expected


@given(st.lists(st.tuples(st.sampled_from(_KINDS), st.text(_ALPHABET, min_size=1, max_size=8)), min_size=1,
                max_size=6),
       st.lists(st.text(_ALPHABET, max_size=8), max_size=6))
def test_forms_masked_when_asked_are_those_masked_ahead(data, written):
    findings = [_finding(kind, text) for kind, text in data]
    masker = Masker()
    expected = _every_form(findings, masker)
    table = RedactionPlan.build(findings, masker).table
    # Asked for in any order, also for forms no datum has: the same answer as the table masked ahead.
    for form in [*written, *reversed(list(expected)), *(fullwidth(text) for _, text in data)]:
        assert table.get(form) == expected.get(form)
    assert dict(table) == expected and len(table) == len(expected)


def test_a_full_width_form_is_masked_as_written_and_a_mixed_one_as_its_half_width_form():
    replacer = Replacer(RedactionPlan.build([_finding("mobile", "13812345678")], Masker()).table)
    assert replacer.replace("电话１３８１２３４５６７８或１38１２３４5678") == "电话１３８****５６７８或138****5678"
