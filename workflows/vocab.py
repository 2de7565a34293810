"""Vocabularies shared by the command line, the database and the UI (shared/DESIGN.md)."""

from __future__ import annotations

from review.model import ATTRIBUTES, KIND_VALUES

PROACTIVE, ON_REQUEST, WITHHELD = ATTRIBUTES  # 主动公开, 依申请公开, 不予公开

# Lawful bases for 不予公开 under the 2019 政府信息公开条例, stored as written here.
LAWFUL_BASES: tuple[str, ...] = (
    "第十四条 国家秘密",
    "第十四条 法律、行政法规禁止公开",
    "第十四条 公开后可能危及国家安全、公共安全、经济安全、社会稳定",
    "第十五条 涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害",
    "第十六条 内部事务信息",
    "第十六条 过程性信息",
    "第十六条 行政执法案卷信息",
)

# Why a personal datum may stay visible in the published document.
EXEMPTIONS: tuple[str, ...] = ("惩戒公示", "强制性信息披露", "法律法规规定公开")

MASK, KEEP = "mask", "keep"
DECISION_ACTIONS: tuple[str, ...] = (MASK, KEEP)

DRAFTER = "drafter"
OFFICE = "office"
CONFIDENTIALITY = "confidentiality_reviewer"
PRIVACY = "privacy_reviewer"
AUDITOR = "auditor"
ADMIN = "admin"
ROLES: tuple[str, ...] = (DRAFTER, OFFICE, CONFIDENTIALITY, PRIVACY, AUDITOR, ADMIN)
ROLE_LABELS = {
    DRAFTER: "起草部门", OFFICE: "政府办公室", CONFIDENTIALITY: "保密审查", PRIVACY: "隐私审查",
    AUDITOR: "审计", ADMIN: "管理员",
}

__all__ = [
    "ADMIN", "ATTRIBUTES", "AUDITOR", "CONFIDENTIALITY", "DECISION_ACTIONS", "DRAFTER", "EXEMPTIONS", "KEEP",
    "KIND_VALUES", "LAWFUL_BASES", "MASK", "OFFICE", "ON_REQUEST", "PRIVACY", "PROACTIVE", "ROLES", "ROLE_LABELS",
    "WITHHELD",
]
