"""Lessons learned from corrected documents (``paperwise.learning``), per account and document
type: one row per corrected document, the lesson as JSON (table in ``lesson_tables.py``).

A job reads the lessons of its account and type in the transaction that takes it (most recent
first, at most ``MAX_LESSONS``), so a correction takes effect for the very next document."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from paperwise.storage.database import now
from paperwise.storage.extractions import new_id
from paperwise.storage.lesson_tables import lessons
from paperwise.storage.tables import documents

# The most lessons one extraction considers (the most recent ones): matching a document against
# a lesson is cheap, but every extraction carries them to its sandbox.
MAX_LESSONS = 500


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
                lesson=lesson,
                created_at=now(),
            )
        )
        return lesson_id

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

    def forget_type(self, document_type: str) -> int:
        """Delete every lesson of a document type (it was deleted); returns how many."""
        return self.conn.execute(sa.delete(lessons).where(self._of_type(document_type))).rowcount

    def count(self, document_type: str) -> int:
        return int(
            self.conn.execute(
                sa.select(sa.func.count()).select_from(lessons).where(self._of_type(document_type))
            ).scalar_one()
        )

    def document_data(self, document_id: str) -> bytes | None:
        """The bytes of a stored document of this account (kept until its extraction expires)."""
        data: bytes | None = self.conn.execute(
            sa.select(documents.c.data).where(
                documents.c.id == document_id, documents.c.account_id == self.account_id
            )
        ).scalar_one_or_none()
        return data
