"""Reports as the command line prints them: the JSON contract of shared/DESIGN.md, and a readable text form."""

from __future__ import annotations

from typing import Any

from .model import Finding, ScanReport, Status

KIND_LABELS = {
    "person_name": "姓名", "id_card": "身份证号", "mobile": "手机号", "landline": "固定电话", "bank_card": "银行卡号",
    "email": "电子邮箱", "address": "住址", "passport": "护照号", "license_plate": "车牌号",
}
STATUS_LABELS = {
    Status.OK: "已完整读取", Status.NEEDS_OCR: "需要OCR", Status.ENCRYPTED: "已加密",
    Status.UNREADABLE: "无法读取", Status.REJECTED: "拒收",
}


def to_json(report: ScanReport) -> dict[str, Any]:
    """The one-line-per-file JSON object of the scan contract."""
    out: dict[str, Any] = {"file": report.file, "format": report.format, "status": report.status.value}
    if report.error:
        out["error"] = report.error
    out["attribute"] = {
        "value": report.attribute.value, "marking": report.attribute.marking, "conflict": report.attribute.conflict,
    }
    out["secrecy"] = {"marking": report.secrecy.marking} if report.secrecy else None
    out["personal_data"] = [
        {"kind": f.kind, "text": f.text, "where": f.where, "page": f.page} for f in report.personal_data
    ]
    return out


def to_text(report: ScanReport) -> str:
    """A report a clerk can read: status, attribute, secrecy and each finding in context."""
    lines = [f"文件 {report.file}（{report.format or '未知类型'}）：{STATUS_LABELS[report.status]}"]
    if report.error:
        lines.append(f"  原因：{report.error}")
    if report.status in (Status.OK, Status.NEEDS_OCR):
        lines.append(f"  公开属性：{_attribute_line(report)}")
        lines.append(f"  密级标志：{report.secrecy.marking if report.secrecy else '无'}")
        facts = report.facts
        lines.append(f"  文号：{facts.doc_number or '未找到'}　成文日期：{facts.written_on or '未找到'}")
        lines.append(f"  个人信息：{len(report.personal_data)} 处")
        lines.extend(f"    {_finding_line(f)}" for f in report.personal_data)
    return "\n".join(lines)


def _attribute_line(report: ScanReport) -> str:
    attribute = report.attribute
    if attribute.conflict:
        return f"标注相互矛盾（{attribute.marking}）"
    if attribute.value is None:
        return "正文未标注"
    return f"{attribute.value}（标注：{attribute.marking}）"


def page_words(page: int | None, location: str) -> str:
    """The page in words for a place, or "" when there is none or the location names it already (a PDF's does)."""
    named = f"第{page}页" if page else ""
    return "" if named in location else named


def _finding_line(finding: Finding) -> str:
    named = page_words(finding.page, finding.location)
    page = f"{named} " if named else ""
    before, after = (part.replace("\n", " ") for part in finding.context)
    return f"[{KIND_LABELS[finding.kind]}] {page}{finding.location}：…{before}【{finding.text}】{after}…"
