"""The review workflow: states and transitions, the tables, and the services that move a document lawfully.

Nothing here reads the environment or makes an engine at import; see ``workflows.config`` and ``make_engine``.
"""

from .db import make_engine, read_snapshot, transaction
from .errors import ConflictError, GuardRefused, NotFound, StoreError, WorkflowError
from .store import ContentStore

__all__ = [
    "ConflictError", "ContentStore", "GuardRefused", "NotFound", "StoreError", "WorkflowError", "make_engine",
    "read_snapshot", "transaction",
]
