"""The document lifecycle as data: states, edges with the role that may fire them, and named conditions.

The ``transitions`` machine built from ``EDGES`` is the single source for what may follow what; the services in
``workflows.services`` gather the facts, evaluate the named conditions below and write the change. Nothing here
touches the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from transitions import Machine

from .vocab import (
    ATTRIBUTES,
    CONFIDENTIALITY,
    DRAFTER,
    LAWFUL_BASES,
    OFFICE,
    ON_REQUEST,
    PRIVACY,
    PROACTIVE,
    TOPICS,
    WITHHELD,
)

DRAFTED = "drafted"
DECLARED = "declared"
CONFIDENTIALITY_REVIEW = "confidentiality_review"
PRIVACY_REVIEW = "privacy_review"
PUBLISHED = "published"
FILED = "filed"
RETURNED = "returned"
STATES: tuple[str, ...] = (DRAFTED, DECLARED, CONFIDENTIALITY_REVIEW, PRIVACY_REVIEW, PUBLISHED, FILED, RETURNED)
STATE_LABELS = {
    DRAFTED: "起草", DECLARED: "已申报属性", CONFIDENTIALITY_REVIEW: "保密审查", PRIVACY_REVIEW: "隐私审查",
    PUBLISHED: "已公开", FILED: "已归档（不公开）", RETURNED: "已退文",
}
# Creating a document is recorded like a transition from no state; it is not a trigger of the machine.
CREATE = "create"


@dataclass(frozen=True, slots=True)
class Facts:
    """What the conditions may look at, gathered by a service for one attempted transition."""

    attribute: str | None = None  # declared (or, for declare, proposed) 公开属性
    lawful_basis: str | None = None
    reason: str = ""  # the drafter's reason with a declaration
    topic: str | None = None  # 主题分类 chosen with a declaration
    comment: str = ""  # the actor's reason or opinion for this action
    scan_complete: bool = False
    marking: str | None = None  # 公开属性 found in the text
    marking_conflict: bool = False
    secrecy_marking: str | None = None
    secrecy_resolution: str = ""
    undecided_findings: int = 0
    output_clean: bool = False
    undecided_in_output: int = 0  # personal data the output's re-scan finds that no decision covers
    confidentiality_cleared: bool = False
    privacy_approved: bool = False


@dataclass(frozen=True, slots=True)
class Condition:
    """A named predicate over the facts, with the refusal message shown when it does not hold."""

    test: Callable[[Facts], bool]
    zh: str
    en: str


def _has(text: str) -> bool:
    return bool(text and text.strip())


CONDITIONS: dict[str, Condition] = {
    "scan_complete": Condition(
        lambda f: f.scan_complete,
        "文件未能完整读取和检查，不能申报；请上传可读取的 .docx 或 .pdf",
        "the file was not read and checked completely; attach a readable .docx or .pdf"),
    "attribute_chosen": Condition(
        lambda f: f.attribute in ATTRIBUTES,
        "请选择公开属性：主动公开、依申请公开或不予公开",
        "choose the disclosure attribute: 主动公开, 依申请公开 or 不予公开"),
    "topic_chosen": Condition(
        lambda f: f.topic in TOPICS,
        "请选择政府信息公开目录的主题分类", "choose the catalogue topic (主题分类)"),
    "on_request_reason": Condition(
        lambda f: f.attribute != ON_REQUEST or _has(f.reason),
        "申报依申请公开须说明理由", "a declaration of 依申请公开 needs a reason"),
    "withheld_basis": Condition(
        lambda f: f.attribute != WITHHELD or (f.lawful_basis in LAWFUL_BASES and _has(f.reason)),
        "申报不予公开须选择法定依据（条例第十四、十五、十六条）并说明理由",
        "a declaration of 不予公开 needs a lawful basis (articles 14-16) and a reason"),
    "no_basis_unless_withheld": Condition(
        lambda f: f.attribute == WITHHELD or f.lawful_basis is None,
        "只有不予公开才填写不予公开的法定依据", "a lawful basis for withholding belongs only to 不予公开"),
    "declared_proactive": Condition(
        lambda f: f.attribute == PROACTIVE,
        "该文件申报的公开属性不是主动公开", "the document is not declared 主动公开"),
    "declared_undisclosed": Condition(
        lambda f: f.attribute in (ON_REQUEST, WITHHELD),
        "只有依申请公开或不予公开的文件可以归档不公开", "only 依申请公开 or 不予公开 documents are filed unpublished"),
    "declared_on_request": Condition(
        lambda f: f.attribute == ON_REQUEST,
        "只有依申请公开的文件可以转为主动公开", "only a 依申请公开 document can be converted to 主动公开"),
    "marking_agrees": Condition(
        lambda f: not f.marking_conflict and f.marking is not None and f.marking == f.attribute,
        "正文中的公开属性标注缺失、矛盾或与申报不一致，应退文",
        "the attribute marking in the text is missing, conflicting or differs from the declaration; return it"),
    "reason_given": Condition(
        lambda f: _has(f.comment), "须填写理由", "a reason is required"),
    "opinion_given": Condition(
        lambda f: _has(f.comment), "须填写审查意见", "a review opinion is required"),
    "secrecy_resolved": Condition(
        lambda f: f.secrecy_marking is None or _has(f.secrecy_resolution),
        "文件带有密级或内部标志，须说明处理结论（如已解密及依据）后才能通过保密审查，否则应退文",
        "the file has a secrecy marking; record how it was resolved (e.g. declassified, on which basis) or return"),
    "findings_decided": Condition(
        lambda f: f.undecided_findings == 0,
        "还有个人信息未作处理决定（遮盖或保留并注明依据）",
        "some personal-data findings have no decision (mask, or keep with an exemption)"),
    "output_clean": Condition(
        lambda f: f.output_clean,
        "去标识化后的文件复查仍发现应遮盖的个人信息，或复查未能完整读取",
        "the re-scan of the de-identified output still finds masked items, or could not read it completely"),
    "output_decided": Condition(
        lambda f: f.undecided_in_output == 0,
        "去标识化文件复查发现未经审查决定的个人信息（原检查未发现），请退文，由起草部门重新上传后重新检查",
        "the output's re-scan finds personal data no decision covers (the stored scan missed it); return the "
        "document so that it is uploaded and scanned again"),
    "confidentiality_cleared": Condition(
        lambda f: f.confidentiality_cleared,
        "当前版本没有由起草人以外人员作出的保密审查通过记录",
        "the current version has no confidentiality clearance by someone other than its drafter"),
    "privacy_approved": Condition(
        lambda f: f.privacy_approved,
        "当前版本没有由起草人以外人员批准的去标识化文件",
        "the current version has no de-identified output approved by someone other than its drafter"),
}


@dataclass(frozen=True, slots=True)
class Edge:
    """One lawful move: who may fire ``trigger`` from ``source``, where it leads, and what must hold."""

    trigger: str
    source: str
    dest: str
    role: str
    conditions: tuple[str, ...] = ()


EDGES: tuple[Edge, ...] = (
    Edge("declare", DRAFTED, DECLARED, DRAFTER,
         ("scan_complete", "attribute_chosen", "topic_chosen", "on_request_reason", "withheld_basis",
          "no_basis_unless_withheld")),
    Edge("accept_attribute", DECLARED, CONFIDENTIALITY_REVIEW, OFFICE, ("declared_proactive", "marking_agrees")),
    Edge("file_undisclosed", DECLARED, FILED, OFFICE, ("declared_undisclosed", "marking_agrees", "reason_given")),
    Edge("return_document", DECLARED, RETURNED, OFFICE, ("reason_given",)),
    Edge("return_document", CONFIDENTIALITY_REVIEW, RETURNED, CONFIDENTIALITY, ("reason_given",)),
    Edge("return_document", PRIVACY_REVIEW, RETURNED, PRIVACY, ("reason_given",)),
    Edge("clear_confidentiality", CONFIDENTIALITY_REVIEW, PRIVACY_REVIEW, CONFIDENTIALITY,
         ("opinion_given", "secrecy_resolved")),
    # The privacy reviewer's approval of the de-identified output stays in privacy_review but is audited.
    Edge("approve_privacy", PRIVACY_REVIEW, PRIVACY_REVIEW, PRIVACY,
         ("findings_decided", "output_clean", "output_decided")),
    Edge("publish", PRIVACY_REVIEW, PUBLISHED, OFFICE,
         ("declared_proactive", "confidentiality_cleared", "privacy_approved")),
    Edge("convert_to_proactive", FILED, CONFIDENTIALITY_REVIEW, OFFICE, ("declared_on_request", "reason_given")),
    Edge("revise", RETURNED, DRAFTED, DRAFTER),
    # A draft not yet declared may have its file replaced; it still gains a new version, never an overwrite.
    Edge("revise", DRAFTED, DRAFTED, DRAFTER),
)
TRIGGERS: tuple[str, ...] = tuple(dict.fromkeys(e.trigger for e in EDGES))
TRIGGER_LABELS = {
    CREATE: "上传", "declare": "申报公开属性", "accept_attribute": "审核通过公开属性", "file_undisclosed": "归档不公开",
    "return_document": "退文", "clear_confidentiality": "保密审查通过", "approve_privacy": "批准去标识化文件",
    "publish": "公开发布", "convert_to_proactive": "依申请转主动公开", "revise": "修改后重新提交",
}


def build_machine(model: Any = None, **options: Any) -> Machine:
    """A ``transitions`` machine (or subclass, via ``machine_class``) holding exactly the edges above."""
    machine_class = options.pop("machine_class", Machine)
    return machine_class(
        model=model, states=list(STATES), initial=DRAFTED, auto_transitions=False,
        transitions=[dict(trigger=e.trigger, source=e.source, dest=e.dest, conditions=list(e.conditions))
                     for e in EDGES],
        **options,
    )


_MACHINE = build_machine()


def edge_for(state: str, trigger: str) -> Edge | None:
    """The edge ``trigger`` takes from ``state``, looked up in the machine; None when it is not allowed there."""
    event = _MACHINE.events.get(trigger)
    if event is None or state not in event.transitions:
        return None
    found = event.transitions[state][0]
    for edge in EDGES:
        if edge.trigger == trigger and edge.source == state and edge.dest == found.dest:
            return edge
    return None


def failed_condition(edge: Edge, facts: Facts) -> str | None:
    """The name of the first condition of ``edge`` that does not hold, or None when all hold."""
    for name in edge.conditions:
        if not CONDITIONS[name].test(facts):
            return name
    return None


def allowed_triggers(state: str) -> list[str]:
    """Triggers the machine allows from ``state`` (before any role or condition check)."""
    return [t for t in TRIGGERS if edge_for(state, t) is not None]


def mermaid() -> str:
    """The machine as a Mermaid state diagram, drawn by transitions from the same definition."""
    from transitions.extensions import GraphMachine

    class _Drawing:
        pass

    drawing = _Drawing()
    build_machine(drawing, machine_class=GraphMachine, graph_engine="mermaid", show_conditions=True,
                  title="公开属性审查 document lifecycle")
    return str(drawing.get_graph().draw(None))  # type: ignore[attr-defined]
