"""``python -m workflows demo``: demo users, the sample documents, and some of them moved through every state."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlmodel import Session, select

from .errors import GuardRefused, WorkflowError
from .models import Document, DocumentVersion, User
from .redaction import review_redactor
from .services import (
    Catalogue,
    Decision,
    WorkflowContext,
    accept_attribute,
    approve_privacy,
    clear_confidentiality,
    convert_to_proactive,
    declare,
    document_view,
    file_undisclosed,
    publish,
    record_decisions,
    return_document,
    revise,
    upload,
)
from .services.requests import CONCENTRATION, Application, filed_documents, link_request, submit_request
from .services.users import create_user, ensure_department
from .vocab import AUDITOR, CONFIDENTIALITY, DRAFTER, LAWFUL_BASES, OFFICE, ON_REQUEST, PRIVACY, PROACTIVE, WITHHELD

logger = logging.getLogger(__name__)

SAMPLES = Path(__file__).resolve().parent.parent / "sample_docs" / "files"
# One department per user group, and the demo users in them.
DEMO_USERS = (
    ("drafter1", DRAFTER, "11010501", "区发展和改革委员会"),
    ("office1", OFFICE, "11010502", "区人民政府办公室"),
    ("secrecy1", CONFIDENTIALITY, "11010503", "区国家保密局"),
    ("privacy1", PRIVACY, "11010504", "区政务公开办公室"),
    ("auditor1", AUDITOR, "11010505", "区审计局"),
)


def _tiny_samples(folder: Path) -> list[Path]:
    """Three small .docx files, for a checkout where the sample generator has not run."""
    from docx import Document as Docx

    bodies = {
        "demo_zhudong.docx": ("关于冬季供暖保障的实施意见", "（此件主动公开）", "联系人：张伟，电话：13912345678。"),
        "demo_yishenqing.docx": ("关于某项目补助资金的批复", "（此件依申请公开）", "经办人：李娜。"),
        "demo_buyu.docx": ("关于内部工作安排的通知", "（此件不予公开）", "请各科室按时报送。"),
    }
    paths = []
    for name, paragraphs in bodies.items():
        document = Docx()
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
        document.save(str(folder / name))
        paths.append(folder / name)
    return paths


def _title(path: Path) -> str:
    if path.suffix.lower() == ".docx":
        try:
            from docx import Document as Docx

            for paragraph in Docx(str(path)).paragraphs:
                if paragraph.text.strip():
                    return paragraph.text.strip()[:200]
        except Exception:  # noqa: BLE001  (a hostile sample still gets a title from its name)
            logger.info("no title read from %s", path.name)
    return path.stem


def _users(ctx: WorkflowContext, password: str) -> dict[str, int]:
    with Session(ctx.engine) as session:
        if session.exec(select(User).where(User.username == "drafter1")).first() is not None:
            raise GuardRefused("demo_loaded", "演示数据已加载", "the demo users already exist in this database")
    ids = {}
    for name, role, code, department in DEMO_USERS:
        ensure_department(ctx.engine, code, department)
        ids[name] = create_user(ctx.engine, name, password, [role], code, name)
    return ids


def run_demo(ctx: WorkflowContext, password: str, samples: Path | None = None) -> Iterator[str]:
    """Create the demo users, upload the samples and move them; yield one line per thing done."""
    users = _users(ctx, password)
    yield f"演示用户 / demo users: {', '.join(users)}"
    folder = samples or SAMPLES
    files = sorted(p for p in folder.glob("*") if p.suffix.lower() in (".docx", ".pdf")) if folder.is_dir() else []
    with tempfile.TemporaryDirectory(prefix="wf-demo-") as temp:
        if not files:
            files = _tiny_samples(Path(temp))
            yield "未找到样例文件，已生成 3 个小文件 / no sample files found; generated 3 small ones"
        docs = []
        for number, path in enumerate(files):
            title = _title(path)
            # Demo only: a clerk ticks "policy document" on upload; here every other file stands in for that choice.
            outcome = upload(ctx, users["drafter1"], title, path, path.name, is_policy=number % 2 == 0)
            docs.append(outcome.document_id)
        yield f"已上传 {len(docs)} 个文件 / uploaded {len(docs)} documents"
        yield from _Mover(ctx, users).move_all(docs)
    yield from _applications(ctx, users["office1"])


def _applications(ctx: WorkflowContext, office: int) -> Iterator[str]:
    """Three applications for the first filed document, so the office sees them concentrate."""
    filed = filed_documents(ctx.engine)
    if not filed:
        return
    document = filed[0][0]
    assert document.id is not None
    for number in range(CONCENTRATION):
        request_id = submit_request(ctx, Application(f"演示申请人{number + 1}", "0539-8888000" + str(number),
                                                     f"申请公开《{document.title}》"))
        link_request(ctx, office, request_id, document.id)
    yield f"公开申请 {CONCENTRATION} 件，均涉及文件 {document.id} / applications for document {document.id}"


class _Mover:
    """Moves the demo documents: each goes as far as its plan and its own content allow."""

    def __init__(self, ctx: WorkflowContext, users: dict[str, int]) -> None:
        self.ctx, self.u = ctx, users

    def _doc(self, doc: int) -> tuple[Document, DocumentVersion]:
        with Session(self.ctx.engine) as s:
            document = s.get(Document, doc)
            assert document is not None
            version = s.exec(select(DocumentVersion).where(DocumentVersion.document_id == doc,
                                                           DocumentVersion.number == document.current_version_no)).one()
            return document, version

    def rev(self, doc: int) -> int:
        """The current revision."""
        return self._doc(doc)[0].revision

    def move_all(self, docs: list[int]) -> Iterator[str]:
        """Give each document a target state, cycling through every state the design has."""
        plans: dict[str, list[str]] = {PROACTIVE: ["published", "published", "privacy_review", "confidentiality_review",
                                                   "declared", "returned", "revised"],
                                       ON_REQUEST: ["filed", "converted"], WITHHELD: ["filed"], "": ["returned"]}
        for doc in docs:
            document, version = self._doc(doc)
            if version.scan_status != "ok":
                yield f"文件 {doc}：未能完整读取（{version.scan_status}），停留在起草 / stays drafted"
                continue
            queue = plans.get(version.marking_value or "", [])
            target = queue.pop(0) if queue else "drafted"
            try:
                self.go(doc, version, target)
                yield f"文件 {doc}：{document.title[:30]} → {self._doc(doc)[0].state}"
            except WorkflowError as exc:
                yield f"文件 {doc}：停在 {self._doc(doc)[0].state}（{exc.zh}）"

    def go(self, doc: int, version: DocumentVersion, target: str) -> None:
        """Move one document toward ``target`` along the lawful path."""
        ctx, u = self.ctx, self.u
        if target == "drafted":
            return
        attribute = version.marking_value or PROACTIVE
        basis = LAWFUL_BASES[5] if attribute == WITHHELD else None
        reason = "" if attribute == PROACTIVE else "涉及特定对象，申报理由见审批单"
        title = self._doc(doc)[0].title
        declare(ctx, u["drafter1"], doc, self.rev(doc), attribute, basis, reason,
                Catalogue.from_text(version, _topic_for(title)))
        if target == "declared":
            return
        if not version.marking_value or target in ("returned", "revised"):
            return_document(ctx, u["office1"], doc, self.rev(doc), "正文公开属性标注缺失或需修改，请修改后重报")
            if target == "revised":
                self._revise(doc, version)
            return
        if attribute != PROACTIVE:
            file_undisclosed(ctx, u["office1"], doc, self.rev(doc), "申报理由充分，归档不公开")
            if target == "converted":
                convert_to_proactive(ctx, u["office1"], doc, self.rev(doc), "同类申请集中，依申请转主动公开")
            return
        accept_attribute(ctx, u["office1"], doc, self.rev(doc), "公开属性标注与申报一致")
        self._review(doc, version, target)

    def _review(self, doc: int, version: DocumentVersion, target: str) -> None:
        ctx, u = self.ctx, self.u
        if target == "confidentiality_review":
            return
        if version.secrecy_marking:
            return_document(ctx, u["secrecy1"], doc, self.rev(doc), "文件带有密级或内部标志，不宜公开")
            return
        clear_confidentiality(ctx, u["secrecy1"], doc, self.rev(doc), "经审查不涉及国家秘密和工作秘密")
        view = document_view(ctx.engine, u["privacy1"], doc)
        decisions = [Decision(f.finding.id, "mask") for f in view.findings if f.finding.id is not None]
        record_decisions(ctx, u["privacy1"], doc, self.rev(doc), decisions)
        if target == "privacy_review":
            return
        approve_privacy(ctx, u["privacy1"], doc, self.rev(doc), review_redactor, "去标识化文件复查通过")
        publish(ctx, u["office1"], doc, self.rev(doc), "同意公开")

    def _revise(self, doc: int, version: DocumentVersion) -> None:
        with tempfile.TemporaryDirectory(prefix="wf-demo-") as temp:
            path = Path(temp) / version.original_name
            self.ctx.store.copy_to(version.sha256, path)
            revise(self.ctx, self.u["drafter1"], doc, self.rev(doc), path, version.original_name, "已按要求修改")


# Enough of the 主题分类 to give the demo catalogue some variety; everything else is 综合政务.
_TOPIC_WORDS = (("低保", "民政、扶贫、救灾"), ("救助", "民政、扶贫、救灾"), ("特困", "民政、扶贫、救灾"),
                ("残疾", "民政、扶贫、救灾"), ("处罚", "市场监管、安全生产监管"), ("危房", "城乡建设、环境保护"),
                ("耕地", "农业、林业、水利"), ("岗位", "劳动、人事、监察"), ("优抚", "民政、扶贫、救灾"))


def _topic_for(title: str) -> str:
    """A plausible 主题分类 for a demo document, from words in its title."""
    return next((topic for word, topic in _TOPIC_WORDS if word in title), "综合政务")
