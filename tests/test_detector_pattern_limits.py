"""The pattern detectors (ID, card, phone, e-mail, passport, plate) stay fast on hostile text and fail closed."""

from __future__ import annotations

import pytest

from review.detectors.bank_card import BankCardDetector
from review.detectors.base import PersonalDataDetector
from review.detectors.email import EmailDetector
from review.detectors.id_card import IdCardDetector
from review.detectors.landline import LandlineDetector
from review.detectors.license_plate import LicensePlateDetector
from review.detectors.mobile import MobileDetector
from review.detectors.passport import PassportDetector
from review.errors import ScanIncomplete
from review.model import Status, TextBlock
from review.settings import ScanSettings
from review.text import halfwidth

DETECTORS: tuple[type[PersonalDataDetector], ...] = (
    IdCardDetector, BankCardDetector, MobileDetector, LandlineDetector, EmailDetector, PassportDetector,
    LicensePlateDetector,
)

# Long runs of the characters each pattern is built from: candidates at every position, none completing.
PATHOLOGICAL = {
    "digits": "1" * 200_000,
    "digit-space": "1 " * 100_000,
    "digit-hyphen": "1-" * 100_000,
    "groups-of-four": "6222 " * 40_000,
    "area-codes": "(010) " * 35_000,
    "country-prefixes": "+86 " * 50_000,
    "local-part": "a" * 200_000 + "@",
    "at-signs": "a@" * 100_000,
    "domain-labels": "a@" + "b." * 100_000,
    "passport-labels": "护照" * 100_000,
    "capitals": "E" * 200_000 + "1234567",
    "plates": "川A" * 100_000 + "1",
    "plates-with-dots": "川A·1" * 50_000,
}

# One of everything, repeated: large enough that a microsecond time limit always runs out.
EVERY_KIND = ("身份证号：510902199001018193，电话13812345678，028-85123456，卡号6222021234567894，"
              "护照E12345678，车牌川A12345，邮箱a@example.cn；")


def block_of(text: str) -> TextBlock:
    return TextBlock(text, "body", 0, "正文第1段")


@pytest.mark.parametrize("detector_class", DETECTORS, ids=lambda cls: cls.kind)
@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_input_completes_within_the_time_limit(detector_class: type[PersonalDataDetector],
                                                            name: str) -> None:
    text = PATHOLOGICAL[name]
    detector = detector_class(ScanSettings())  # type: ignore[call-arg]
    # The default 2 s limit would raise ScanIncomplete if a pattern backtracked on this input.
    assert detector.detect(block_of(text), halfwidth(text), []) == []


@pytest.mark.parametrize("detector_class", DETECTORS, ids=lambda cls: cls.kind)
def test_each_detector_finds_its_kind_in_the_sample_line(detector_class: type[PersonalDataDetector]) -> None:
    text = EVERY_KIND * 3
    detector = detector_class(ScanSettings())  # type: ignore[call-arg]
    findings = detector.detect(block_of(text), halfwidth(text), [])
    assert len(findings) == 3
    assert {finding.kind for finding in findings} == {detector_class.kind}


@pytest.mark.parametrize("detector_class", DETECTORS, ids=lambda cls: cls.kind)
def test_running_out_of_time_raises_scan_incomplete(detector_class: type[PersonalDataDetector]) -> None:
    text = EVERY_KIND * 20_000
    detector = detector_class(ScanSettings(regex_timeout_seconds=1e-6))  # type: ignore[call-arg]
    with pytest.raises(ScanIncomplete) as caught:
        detector.detect(block_of(text), halfwidth(text), [])
    assert caught.value.status is Status.UNREADABLE
    assert "正文第1段" in caught.value.zh
