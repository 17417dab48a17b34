"""The lessons table, on the same ``metadata`` as ``tables.py`` (migrations r0004 and r0005
mirror it): one row per corrected document (a training document), the lesson
(``paperwise.learning.lessons.Lesson``) as JSON; and the account models (r0006), what all of an
account's lessons of a type teach about its fields' meanings
(``paperwise.learning.meanings.AccountModel``). Both belong to the account and go with it."""

from __future__ import annotations

import sqlalchemy as sa

from paperwise.storage.tables import metadata

lessons = sa.Table(
    "lessons",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column(
        "account_id",
        sa.String(40),
        sa.ForeignKey("accounts.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("document_type", sa.String(100), nullable=False),
    sa.Column("supplier", sa.String(500), nullable=False),
    # The stored document the lesson was learned from (feedback); a later correction of the
    # same document replaces the lesson. NULL for documents sent to add-document.
    sa.Column("source_document_id", sa.String(40), nullable=True),
    # The training document's file name, when known (r0005; NULL for lessons stored before).
    sa.Column("file_name", sa.String(500), nullable=True),
    sa.Column("lesson", sa.JSON, nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Index("ix_lessons_account_type", "account_id", "document_type", "created_at"),
)

# One row per account and document type that has (or had) lessons: ``model`` as last fitted
# (NULL before the first fit); ``changed_at`` set when its lessons changed after that fit (a
# worker refits it and clears it), NULL when the model is up to date.
account_models = sa.Table(
    "account_models",
    metadata,
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
    sa.Index("ix_account_models_changed", "changed_at"),
)
