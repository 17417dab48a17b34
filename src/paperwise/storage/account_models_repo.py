"""The account models (``paperwise.learning.meanings``): per account and document type, what
all of its lessons teach about its fields' meanings (table in ``lesson_tables.py``).

A change of the lessons (a lesson added or deleted) marks the model changed in the same
transaction; a worker refits a changed model in the background (``paperwise.jobs.refit``), never
a request. A job reads its account's model with its lessons, in the transaction that takes it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from paperwise.storage.database import now
from paperwise.storage.lesson_tables import account_models


@dataclass(frozen=True)
class ChangedModel:
    """A model whose lessons changed after it was fitted (at ``changed_at``)."""

    account_id: str
    document_type: str
    changed_at: float


def _key(account_id: str, document_type: str) -> sa.ColumnElement[bool]:
    return sa.and_(
        account_models.c.account_id == account_id,
        account_models.c.document_type == document_type,
    )


class AccountModelRepository:
    """The models of one account, inside a caller's transaction."""

    def __init__(self, conn: Connection, account_id: str) -> None:
        self.conn = conn
        self.account_id = account_id

    def mark_changed(self, document_type: str) -> None:
        """The lessons of ``document_type`` changed: its model is to be refitted."""
        moment = now()
        values = {
            "account_id": self.account_id,
            "document_type": document_type,
            "changed_at": moment,
        }
        dialect = postgresql if self.conn.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(account_models).values(**values)
        self.conn.execute(
            statement.on_conflict_do_update(
                index_elements=["account_id", "document_type"], set_={"changed_at": moment}
            )
        )

    def get(self, document_type: str) -> dict[str, Any] | None:
        """The model of ``document_type`` as last fitted (JSON), None before the first fit."""
        model = self.conn.execute(
            sa.select(account_models.c.model).where(_key(self.account_id, document_type))
        ).scalar_one_or_none()
        return dict(model) if model else None

    def store(self, document_type: str, model: dict[str, Any], changed_at: float) -> None:
        """Keep a fitted model; it is up to date unless its lessons changed after
        ``changed_at`` (the change it was fitted for)."""
        self.conn.execute(
            sa.update(account_models)
            .where(_key(self.account_id, document_type))
            .values(
                model=model,
                fitted_at=now(),
                changed_at=sa.case(
                    (account_models.c.changed_at <= changed_at, sa.null()),
                    else_=account_models.c.changed_at,
                ),
            )
        )

    def forget(self, document_type: str, changed_at: float) -> None:
        """Drop the model of a type without lessons (none left, or the type deleted), unless its
        lessons changed after ``changed_at``."""
        self.conn.execute(
            sa.delete(account_models).where(
                _key(self.account_id, document_type),
                account_models.c.changed_at <= changed_at,
            )
        )


def next_changed(conn: Connection) -> ChangedModel | None:
    """The model changed longest ago, if any."""
    row = conn.execute(
        sa.select(
            account_models.c.account_id,
            account_models.c.document_type,
            account_models.c.changed_at,
        )
        .where(account_models.c.changed_at.is_not(None))
        .order_by(account_models.c.changed_at)
        .limit(1)
    ).first()
    return None if row is None else ChangedModel(*row)
