"""Lessons learned from corrected documents (training), per account and document type.

Revision ID: r0004
Revises: r0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r0004"
down_revision = "r0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lessons",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column(
            "account_id",
            sa.String(40),
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("document_type", sa.String(100), nullable=False),
        sa.Column("supplier", sa.String(500), nullable=False),
        sa.Column("source_document_id", sa.String(40), nullable=True),
        sa.Column("lesson", sa.JSON, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_index(
        "ix_lessons_account_type", "lessons", ["account_id", "document_type", "created_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_lessons_account_type", table_name="lessons")
    op.drop_table("lessons")
