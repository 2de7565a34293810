"""the published output's text, for the portal's full-text search

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 01:35:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table('published_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_text', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('published_entries', schema=None) as batch_op:
        batch_op.drop_column('body_text')
