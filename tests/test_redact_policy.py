"""Masking operators and the per-kind policy (review/redact/policy.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review.model import KIND_VALUES
from review.redact.policy import DEFAULT_RULES, KindRule, Masker, MaskPolicy, PolicyError, mask, pseudonym


@pytest.mark.parametrize(("kind", "text", "expected"), [
    ("id_card", "510902199902278198", "510902********8198"),
    ("id_card", "37130219430705011x", "371302********011x"),
    ("id_card", "371325 19450724 4503", "371325 ******** 4503"),
    ("id_card", "510902540603316", "510902*****3316"),
    ("id_card", "５１０９０２１９９９０２２７８１９８", "５１０９０２********８１９８"),
    ("mobile", "13812345678", "138****5678"),
    ("mobile", "138-1234-5678", "138-****-5678"),
    ("mobile", "+86 138 1234 5678", "+86 138 **** 5678"),
    ("mobile", "008613812345678", "0086138****5678"),
    ("bank_card", "6222021234567890", "************7890"),
    ("bank_card", "6222 0212 3456 7890", "**** **** **** 7890"),
    ("landline", "0539-3004438", "0539-*****38"),
    ("landline", "（０９３１）５５５１２３４", "（０９３１）*****３４"),
    ("landline", "5551235", "*****35"),
    ("landline", "65551235", "******35"),
    ("passport", "E12345678", "E******78"),
    ("license_plate", "鲁Q12345", "鲁Q****5"),
    ("person_name", "张三", "张*"),
    ("person_name", "李小明", "李**"),
    ("person_name", "欧阳娜娜", "欧阳**"),
    ("person_name", "司马光", "司马*"),
    ("person_name", "阿依古丽·买买提", "阿***·***"),
    ("address", "河东区汤河镇大官庄村8组53号", "河东区汤河镇大官庄村*****"),
    ("address", "河东区九曲街道沂州社区12号楼3单元", "河东区九曲街道沂州社区*******"),
    ("address", "河东区东夷大街70号", "河东区*******"),
    ("email", "zhang.san@example.com", "*********@example.com"),
])
def test_default_mask(kind, text, expected):
    assert Masker().replacement(kind, text) == expected


@pytest.mark.parametrize(("operator", "expected"), [
    ("suppress", "***********"),
    ("placeholder", "某某"),
])
def test_alternative_operators(operator, expected):
    policy = MaskPolicy.from_mapping({"kinds": {"mobile": {"operator": operator}}})
    assert Masker(policy).replacement("mobile", "13812345678") == expected


def test_policy_from_toml(tmp_path):
    path = tmp_path / "policy.toml"
    path.write_text('mask_char = "#"\n[kinds.person_name]\noperator = "placeholder"\nplaceholder = "某人"\n'
                    '[kinds.mobile]\nkeep_first = 0\n', encoding="utf-8")
    policy = MaskPolicy.from_toml(path)
    masker = Masker(policy)
    assert masker.replacement("person_name", "张三") == "某人"
    assert masker.replacement("mobile", "13812345678") == "#######5678"
    assert masker.replacement("id_card", "510902199902278198") == "510902########8198"
    assert policy.rule("email") == DEFAULT_RULES["email"]


@pytest.mark.parametrize("data", [
    {"kinds": {"ssn": {}}},
    {"kinds": {"mobile": {"operator": "shred"}}},
    {"kinds": {"mobile": {"keep_first": -1}}},
    {"kinds": {"mobile": {"keep_first": True}}},
    {"kinds": {"mobile": {"colour": "red"}}},
    {"kinds": {"person_name": {"placeholder": " "}}},
    {"mask_char": "ab"},
    {"mask_char": "x"},
    {"other": 1},
])
def test_bad_policy_is_refused(data):
    with pytest.raises(PolicyError):
        MaskPolicy.from_mapping(data)


def test_bad_toml_is_refused(tmp_path):
    path = tmp_path / "policy.toml"
    path.write_text("mask_char = ", encoding="utf-8")
    with pytest.raises(PolicyError):
        MaskPolicy.from_toml(path)


def test_pseudonym_needs_a_key():
    policy = MaskPolicy.from_mapping({"kinds": {"person_name": {"operator": "pseudonym"}}})
    with pytest.raises(PolicyError):
        Masker(policy).replacement("person_name", "张三")


def test_pseudonym_is_stable_per_key_and_kind():
    policy = MaskPolicy.from_mapping({"kinds": {"mobile": {"operator": "pseudonym"}}})
    first = Masker(policy, b"set-1").replacement("mobile", "13812345678")
    assert first.startswith("手机")
    assert Masker(policy, b"set-1").replacement("mobile", "138 1234 5678") == first
    assert Masker(policy, b"set-2").replacement("mobile", "13812345678") != first


_DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=24)


@given(text=_DIGITS, keep_first=st.integers(0, 32), keep_last=st.integers(0, 32))
def test_mask_keeps_length_and_ends(text, keep_first, keep_last):
    rule = KindRule(keep_first=keep_first, keep_last=keep_last)
    out = mask("bank_card", text, rule)
    assert len(out) == len(text)
    hidden = out.count("*")
    assert hidden >= max(1, len(text) - keep_first - keep_last)
    kept = [i for i, c in enumerate(out) if c != "*"]
    # what is kept is original characters at the two ends, never in the middle
    assert all(out[i] == text[i] for i in kept)
    assert out.find("*") + hidden == out.rfind("*") + 1


@given(text=st.text(alphabet="0123456789 -", min_size=1, max_size=30))
def test_mask_keeps_separators(text):
    out = mask("id_card", text, DEFAULT_RULES["id_card"])
    assert [c for c in out if not c.isalnum() and c != "*"] == [c for c in text if not c.isalnum()]


@given(text=st.text(alphabet="0123456789Xx", min_size=1, max_size=30), keep_first=st.integers(0, 32),
       keep_last=st.integers(0, 32), cut=st.integers(0, 30))
def test_a_separator_changes_nothing_else_in_the_mask(text, keep_first, keep_last, cut):
    # A number with a separator is masked character by character; one without, in one step: the same masks.
    rule = KindRule(keep_first=keep_first, keep_last=keep_last)
    cut = min(cut, len(text))
    spaced = mask("bank_card", f"{text[:cut]} {text[cut:]}", rule)
    assert spaced[:cut] + spaced[cut + 1:] == mask("bank_card", text, rule)


@given(key=st.binary(min_size=1, max_size=32), kind=st.sampled_from(KIND_VALUES),
       text=st.text(min_size=1, max_size=20))
def test_pseudonym_is_deterministic(key, kind, text):
    assert pseudonym(kind, text, key) == pseudonym(kind, text, key)
    assert text not in pseudonym(kind, text, key) or len(text) <= 2


@given(name=st.text(alphabet="王李张赵钱孙欧阳司马", min_size=2, max_size=4))
def test_name_mask_hides_all_but_surname(name):
    out = mask("person_name", name, DEFAULT_RULES["person_name"])
    assert len(out) == len(name)
    assert out[0] == name[0]
    assert out.endswith("*")
