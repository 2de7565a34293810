"""The one path every transition takes: load, check actor and state, check conditions, update, record."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from ..errors import ConflictError, GuardRefused, NotFound
from ..machine import CONDITIONS, STATE_LABELS, TRIGGER_LABELS, Edge, Facts, edge_for, failed_condition
from ..models import Document, DocumentVersion, User, UserRole
from ..records import RecordDraft, append_record, canonical_detail
from ..vocab import DRAFTER, ROLE_LABELS
from .context import WorkflowContext

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Actor:
    """A user as the services check them: id, name, department and roles, read inside the transaction."""

    id: int
    username: str
    department_id: int | None
    roles: frozenset[str]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a transition did: the document's new state and revision, and the record that proves it."""

    document_id: int
    state: str
    revision: int
    record_seq: int
    record_hash: str


@dataclass
class Step:
    """One attempted transition between its checks and its commit."""

    actor: Actor
    document: Document
    edge: Edge
    version: DocumentVersion
    uploaders: frozenset[int]


_ACTOR = (sa_select(col(User.id), col(User.username), col(User.department_id), col(User.active), col(UserRole.role))
          .outerjoin(UserRole, col(UserRole.user_id) == col(User.id)).where(col(User.id) == bindparam("actor_id")))


def load_actor(session: Session, actor_id: int) -> Actor:
    """The acting user with their roles, read in one query; an unknown or disabled user may do nothing."""
    rows = session.execute(_ACTOR, {"actor_id": actor_id}).all()
    if not rows:
        raise NotFound("用户不存在", f"no user {actor_id}")
    first = rows[0]
    if not first.active:
        raise GuardRefused("active_user", "该用户已停用", "this user is disabled")
    return Actor(first.id, first.username, first.department_id, frozenset(r.role for r in rows if r.role))


def load_document(session: Session, document_id: int) -> Document:
    """The document row, or NotFound."""
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound("文件不存在", f"no document {document_id}")
    return document


def current_version(session: Session, document: Document) -> DocumentVersion:
    """The document's latest version."""
    version = session.exec(select(DocumentVersion).where(
        DocumentVersion.document_id == document.id, DocumentVersion.number == document.current_version_no)).one()
    return version


def uploaders_of(session: Session, document_id: int) -> frozenset[int]:
    """Everyone who uploaded any version of the document: none of them may review or approve it."""
    return frozenset(session.exec(select(DocumentVersion.uploaded_by)
                                  .where(DocumentVersion.document_id == document_id)).all())


def require_role(actor: Actor, role: str, trigger: str) -> None:
    """Refuse unless the actor holds ``role``."""
    if role not in actor.roles:
        raise GuardRefused("role", f"“{TRIGGER_LABELS.get(trigger, trigger)}”须由{ROLE_LABELS[role]}人员操作",
                           f"{trigger} needs the {role} role")


def check_actor(actor: Actor, document: Document, role: str, trigger: str, uploaders: frozenset[int]) -> None:
    """Role for the trigger, department isolation for drafters, and no review of one's own document."""
    require_role(actor, role, trigger)
    if role == DRAFTER and actor.department_id != document.department_id:
        raise GuardRefused("department", "起草人只能处理本部门的文件",
                           "drafters may act only on their own department's documents")
    if role != DRAFTER and actor.id in uploaders:
        raise GuardRefused("separation_of_duties", "不能审查或批准自己起草的文件",
                           "no one may review or approve a document they drafted")


def begin_step(session: Session, actor_id: int, document_id: int, trigger: str, expected_revision: int) -> Step:
    """Load and check everything that does not depend on the trigger's own facts."""
    actor = load_actor(session, actor_id)
    # The document and all its versions in one round trip: the current version, and everyone who uploaded one.
    rows = session.exec(select(Document, DocumentVersion).join(
        DocumentVersion, col(DocumentVersion.document_id) == col(Document.id)).where(Document.id == document_id)).all()
    if not rows:
        raise NotFound("文件不存在", f"no document {document_id}")
    document, versions = rows[0][0], [version for _, version in rows]
    if document.revision != expected_revision:
        raise ConflictError("文件已被他人处理，请刷新后重试",
                            f"document {document_id} changed (revision {document.revision}, "
                            f"expected {expected_revision}); reload and try again")
    edge = edge_for(document.state, trigger)
    if edge is None:
        raise GuardRefused("state", f"文件处于“{STATE_LABELS[document.state]}”状态，不能“{TRIGGER_LABELS[trigger]}”",
                           f"{trigger} is not allowed from state {document.state}")
    uploaders = frozenset(v.uploaded_by for v in versions)
    check_actor(actor, document, edge.role, trigger, uploaders)
    current = next(v for v in versions if v.number == document.current_version_no)
    return Step(actor, document, edge, current, uploaders)


def check_conditions(step: Step, facts: Facts) -> None:
    """Refuse with the first named condition of the edge that does not hold."""
    name = failed_condition(step.edge, facts)
    if name is not None:
        condition = CONDITIONS[name]
        raise GuardRefused(name, condition.zh, condition.en)


_DOCUMENTS = Document.__table__  # type: ignore[attr-defined]
# The optimistic lock: the row moves only if its revision is still the one the caller read.
_MOVE_DOCUMENT = _DOCUMENTS.update().where(_DOCUMENTS.c.id == bindparam("doc_id"),
                                           _DOCUMENTS.c.revision == bindparam("read_revision"))


def bump_revision(session: Session, ctx: WorkflowContext, step: Step, changes: dict[str, Any] | None = None) -> int:
    """Move the document (state, revision, given fields) only if nobody moved it since it was read."""
    document = step.document
    read, revision = document.revision, document.revision + 1
    values = {"state": step.edge.dest, "revision": revision, "updated_at": ctx.clock(), **(changes or {})}
    result = session.execute(_MOVE_DOCUMENT.values(**values), {"doc_id": document.id, "read_revision": read})
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise ConflictError("文件已被他人处理，请刷新后重试",
                            f"document {document.id} was changed by someone else; reload and try again")
    return revision


def commit_step(session: Session, ctx: WorkflowContext, step: Step, facts: Facts, comment: str = "",
                detail: dict[str, Any] | None = None, changes: dict[str, Any] | None = None,
                extras: Callable[[Session], dict[str, Any]] | None = None) -> Outcome:
    """Check the conditions, move the document, run ``extras`` (its own writes), and write the one record.

    The document's row is locked by its update, so ``extras`` runs while no one else can move the document; the
    record is appended last, which keeps the chain head's lock as short as possible.
    """
    check_conditions(step, facts)
    revision = bump_revision(session, ctx, step, changes)
    detail = dict(detail or {})
    if extras is not None:
        detail.update(extras(session))
    version_no = (changes or {}).get("current_version_no", step.document.current_version_no)
    sha = detail.pop("_file_sha256", step.version.sha256)
    record = write_record(session, ctx, step.actor, step.edge.role, step.document, step.edge.source,
                          step.edge.dest, step.edge.trigger, version_no, sha, comment, detail)
    document_id = step.document.id
    assert document_id is not None
    # The row was changed by a statement, not through the object: never let the stale object be used again.
    session.expire(step.document)
    logger.info("document %s: %s by user %s -> %s (record %s)", document_id, step.edge.trigger,
                step.actor.id, step.edge.dest, record.seq)
    return Outcome(document_id, step.edge.dest, revision, record.seq, record.hash)


def write_record(session: Session, ctx: WorkflowContext, actor: Actor, role: str,
                 document: Document, source: str, dest: str, trigger: str, version_no: int, sha256: str,
                 comment: str, detail: dict[str, Any]) -> RecordDraft:
    """Append the review record of one transition to the chain, in the caller's transaction."""
    assert document.id is not None
    record = RecordDraft(
        document_id=document.id, version_no=version_no, file_sha256=sha256, from_state=source, to_state=dest,
        trigger=trigger, actor_id=actor.id, actor_username=actor.username, role=role, at=ctx.clock(),
        comment=comment.strip(), detail=canonical_detail(detail))
    return append_record(session, record)
