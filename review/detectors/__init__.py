"""The default detector set, listed explicitly. Order is priority: where two findings overlap, the earlier wins."""

from __future__ import annotations

from ..settings import ScanSettings
from .address import AddressDetector
from .attribute import AttributeDetector
from .bank_card import BankCardDetector
from .base import AttributeFinder, PersonalDataDetector, SecrecyFinder
from .email import EmailDetector
from .id_card import IdCardDetector
from .landline import LandlineDetector
from .license_plate import LicensePlateDetector
from .mobile import MobileDetector
from .passport import PassportDetector
from .person_name import PersonNameDetector
from .secrecy import SecrecyDetector

# person_name comes last: it looks beside the ID and phone numbers found before it.
DEFAULT_PERSONAL_DATA: tuple[type[PersonalDataDetector], ...] = (
    IdCardDetector,
    BankCardDetector,
    PassportDetector,
    MobileDetector,
    LandlineDetector,
    EmailDetector,
    LicensePlateDetector,
    AddressDetector,
    PersonNameDetector,
)


def default_detectors(settings: ScanSettings) -> list[PersonalDataDetector]:
    """One instance of each default personal-data detector, in priority order."""
    return [cls(settings) for cls in DEFAULT_PERSONAL_DATA]  # type: ignore[call-arg]


def attribute_finder(settings: ScanSettings) -> AttributeFinder:
    """The 公开属性 marking finder."""
    return AttributeDetector(settings)


def secrecy_finder(settings: ScanSettings) -> SecrecyFinder:
    """The secrecy marking finder."""
    return SecrecyDetector(settings)
