"""Vocabularies shared by the command line, the database and the UI (shared/DESIGN.md)."""

from __future__ import annotations

from review.model import ATTRIBUTES, KIND_VALUES
from review.report import KIND_LABELS, page_words

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

# 主题分类 of the 政府信息公开目录 (the State Council's catalogue topics), chosen when the attribute is declared.
TOPICS: tuple[str, ...] = (
    "综合政务", "国民经济管理、国有资产监管", "财政、金融、审计", "国土资源、能源", "农业、林业、水利",
    "工业、交通", "商贸、海关、旅游", "市场监管、安全生产监管", "城乡建设、环境保护", "科技、教育",
    "文化、广电、新闻出版", "卫生、体育", "人口与计划生育、妇女儿童工作", "劳动、人事、监察", "公安、安全、司法",
    "民政、扶贫、救灾", "民族、宗教", "对外事务", "港澳台侨工作", "国防", "其他",
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
    "KIND_LABELS", "KIND_VALUES", "LAWFUL_BASES", "MASK", "OFFICE", "ON_REQUEST", "PRIVACY", "PROACTIVE", "ROLES",
    "ROLE_LABELS", "TOPICS", "WITHHELD", "page_words",
]
