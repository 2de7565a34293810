"""The tables, one module per aggregate. Importing this package registers them all on ``SQLModel.metadata``."""

from .document import Document, DocumentBase, DocumentPublic, DocumentVersion
from .findings import PersonalFinding, PrivacyApproval, PrivacyDecision
from .people import Department, DepartmentBase, User, UserBase, UserPublic, UserRole
from .publishing import IndexCounter, PublishedEntry
from .records import GENESIS_HASH, ChainHead, ReviewRecord
from .requests import InformationRequest
from .signin import LoginFailure
from .tokens import ApiToken, ApiTokenPublic

__all__ = [
    "GENESIS_HASH", "ApiToken", "ApiTokenPublic", "ChainHead", "Department", "DepartmentBase", "Document",
    "DocumentBase", "DocumentPublic", "DocumentVersion", "IndexCounter", "InformationRequest", "LoginFailure",
    "PersonalFinding", "PrivacyApproval", "PrivacyDecision", "PublishedEntry", "ReviewRecord", "User", "UserBase",
    "UserPublic", "UserRole",
]
