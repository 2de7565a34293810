"""the office's answer to each 依申请公开 application, due within 20 working days

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 04:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table('information_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answer', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('answered_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key('fk_information_requests_answered_by', 'users', ['answered_by'], ['id'])


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('information_requests', schema=None) as batch_op:
        batch_op.drop_constraint('fk_information_requests_answered_by', type_='foreignkey')
        batch_op.drop_column('answered_at')
        batch_op.drop_column('answered_by')
        batch_op.drop_column('answer')
