"""Lessons learned from corrected documents (``paperwise.learning``), per account and document
type: one row per corrected document, the lesson as JSON (table in ``lesson_tables.py``).

Each row is one *training document* of the API (``/api/training-documents``): listed by type
and supplier, and deleted one by one or all of a supplier's.

A job reads the lessons of its account and type in the transaction that takes it (most recent
first, at most ``MAX_LESSONS``), so a correction takes effect for the very next document. Every
change of a type's lessons marks the account's model of the type changed
(``account_models_repo``), for a worker to refit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from paperwise.storage.account_models_repo import AccountModelRepository
from paperwise.storage.database import now
from paperwise.storage.extractions import new_id
from paperwise.storage.lesson_tables import lessons
from paperwise.storage.tables import documents

# The most lessons one extraction considers (the most recent ones): matching a document against
# a lesson is cheap, but every extraction carries them to its sandbox.
MAX_LESSONS = 500


@dataclass(frozen=True)
class TrainingDocumentRow:
    """A stored lesson as the training-documents routes list it."""

    id: str
    document_type: str
    supplier: str
    file_name: str | None
    created_at: float


@dataclass(frozen=True)
class StoredDocument:
    data: bytes
    file_name: str


class LessonRepository:
    """The lessons of one account, inside a caller's transaction."""

    def __init__(self, conn: Connection, account_id: str) -> None:
        self.conn = conn
        self.account_id = account_id

    def add(
        self,
        document_type: str,
        supplier: str,
        lesson: dict[str, Any],
        source_document_id: str | None = None,
        file_name: str | None = None,
    ) -> str:
        """Store a lesson; one learned earlier from the same stored document is replaced."""
        if source_document_id is not None:
            self.conn.execute(
                sa.delete(lessons).where(
                    self._of_type(document_type),
                    lessons.c.source_document_id == source_document_id,
                )
            )
        lesson_id = new_id()
        self.conn.execute(
            sa.insert(lessons).values(
                id=lesson_id,
                account_id=self.account_id,
                document_type=document_type,
                supplier=supplier[:500],
                source_document_id=source_document_id,
                file_name=file_name[:500] if file_name else None,
                lesson=lesson,
                created_at=now(),
            )
        )
        self.models.mark_changed(document_type)
        return lesson_id

    @property
    def models(self) -> AccountModelRepository:
        return AccountModelRepository(self.conn, self.account_id)

    def _of_type(self, document_type: str) -> sa.ColumnElement[bool]:
        return sa.and_(
            lessons.c.account_id == self.account_id, lessons.c.document_type == document_type
        )

    def for_type(self, document_type: str, limit: int = MAX_LESSONS) -> list[dict[str, Any]]:
        """The lessons of a document type, most recent first."""
        rows = self.conn.execute(
            sa.select(lessons.c.lesson)
            .where(self._of_type(document_type))
            .order_by(lessons.c.created_at.desc(), lessons.c.id)
            .limit(limit)
        )
        return [row.lesson for row in rows]

    def _matching(self, document_type: str | None, supplier: str | None) -> sa.ColumnElement[bool]:
        where = lessons.c.account_id == self.account_id
        if document_type is not None:
            where = sa.and_(where, lessons.c.document_type == document_type)
        if supplier is not None:
            where = sa.and_(where, lessons.c.supplier == supplier)
        return where

    def training_documents(
        self, document_type: str | None = None, supplier: str | None = None
    ) -> list[TrainingDocumentRow]:
        """The account's lessons (of a type, of a supplier key), most recent first."""
        rows = self.conn.execute(
            sa.select(
                lessons.c.id,
                lessons.c.document_type,
                lessons.c.supplier,
                lessons.c.file_name,
                lessons.c.created_at,
            )
            .where(self._matching(document_type, supplier))
            .order_by(lessons.c.created_at.desc(), lessons.c.id)
        )
        return [TrainingDocumentRow(*row) for row in rows]

    def delete(self, lesson_id: str) -> bool:
        """Delete one of the account's lessons; False when it has none of that id."""
        where = sa.and_(self._matching(None, None), lessons.c.id == lesson_id)
        document_type = self.conn.execute(
            sa.select(lessons.c.document_type).where(where)
        ).scalar_one_or_none()
        if document_type is None:
            return False
        self.conn.execute(sa.delete(lessons).where(where))
        self.models.mark_changed(document_type)
        return True

    def delete_matching(self, document_type: str, supplier: str | None = None) -> int:
        """Delete the lessons of a type (of one supplier key), e.g. of a deleted type; returns
        how many."""
        deleted = self.conn.execute(
            sa.delete(lessons).where(self._matching(document_type, supplier))
        ).rowcount
        if deleted:
            self.models.mark_changed(document_type)
        return int(deleted)

    def count(self, document_type: str) -> int:
        return int(
            self.conn.execute(
                sa.select(sa.func.count()).select_from(lessons).where(self._of_type(document_type))
            ).scalar_one()
        )

    def stored_document(self, document_id: str) -> StoredDocument | None:
        """A stored document of this account, its bytes and file name (kept until its
        extraction expires)."""
        row = self.conn.execute(
            sa.select(documents.c.data, documents.c.file_name).where(
                documents.c.id == document_id, documents.c.account_id == self.account_id
            )
        ).one_or_none()
        return None if row is None else StoredDocument(row.data, row.file_name)
