"""where each 公开属性 marking and the secrecy marking were found, to show them in context

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 01:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table('document_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('marking_places_json', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('secrecy_where', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('secrecy_page', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('secrecy_location', sa.Text(), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('document_versions', schema=None) as batch_op:
        batch_op.drop_column('secrecy_location')
        batch_op.drop_column('secrecy_page')
        batch_op.drop_column('secrecy_where')
        batch_op.drop_column('marking_places_json')
