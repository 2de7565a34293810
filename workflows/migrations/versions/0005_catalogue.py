"""the catalogue's 主题分类, 文号 and 成文日期: declared on the document, read from the text on each version

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 03:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('topic', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('doc_number', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('written_on', sa.Date(), nullable=True))
    with op.batch_alter_table('document_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('found_doc_number', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('found_written_on', sa.Date(), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table('document_versions', schema=None) as batch_op:
        batch_op.drop_column('found_written_on')
        batch_op.drop_column('found_doc_number')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_column('written_on')
        batch_op.drop_column('doc_number')
        batch_op.drop_column('topic')
