"""What an account's corrections teach every supplier (the meanings of its fields), per account
and document type, refitted by a worker after every change of its lessons.

Revision ID: r0006
Revises: r0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r0006"
down_revision = "r0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account_models",
        sa.Column(
            "account_id",
            sa.String(40),
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("document_type", sa.String(100), primary_key=True),
        sa.Column("model", sa.JSON, nullable=True),
        sa.Column("changed_at", sa.Float, nullable=True),
        sa.Column("fitted_at", sa.Float, nullable=True),
    )
    op.create_index("ix_account_models_changed", "account_models", ["changed_at"])


def downgrade() -> None:
    op.drop_index("ix_account_models_changed", table_name="account_models")
    op.drop_table("account_models")
