"""依申请公开 applications from the public, tied by the office to the filed document they ask for

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 04:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        'information_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('applicant_name', sa.String(length=100), nullable=False),
        sa.Column('applicant_contact', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=True),
        sa.Column('linked_by', sa.Integer(), nullable=True),
        sa.Column('linked_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
        sa.ForeignKeyConstraint(['linked_by'], ['users.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_information_requests_received_at'), 'information_requests', ['received_at'])
    op.create_index(op.f('ix_information_requests_document_id'), 'information_requests', ['document_id'])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index(op.f('ix_information_requests_document_id'), table_name='information_requests')
    op.drop_index(op.f('ix_information_requests_received_at'), table_name='information_requests')
    op.drop_table('information_requests')
