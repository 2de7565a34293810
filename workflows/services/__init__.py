"""The only way to change a document: each function checks every guard for every caller and writes one record."""

from .context import Redactor, ScanFn, WorkflowContext
from .core import Actor, Outcome
from .drafting import Catalogue, declare, revise, upload
from .office import accept_attribute, convert_to_proactive, file_undisclosed, publish, return_document
from .queries import (
    DocumentView,
    FindingView,
    document_view,
    documents_for,
    interpretation_deadline,
    published_entries,
    queue,
    shanghai_today,
)
from .reviewing import Decision, approve_privacy, as_review_finding, clear_confidentiality, leaks_in, record_decisions
from .users import authenticate, check_password, create_user, ensure_department, get_user, hash_password

__all__ = [
    "Actor", "Catalogue", "Decision", "DocumentView", "FindingView", "Outcome", "Redactor", "ScanFn", "WorkflowContext",
    "accept_attribute", "approve_privacy", "as_review_finding", "authenticate", "check_password",
    "clear_confidentiality", "convert_to_proactive", "create_user", "declare", "document_view", "documents_for",
    "ensure_department", "file_undisclosed", "get_user", "hash_password", "interpretation_deadline", "leaks_in",
    "publish", "published_entries", "queue", "record_decisions", "return_document", "revise", "shanghai_today",
    "upload",
]
