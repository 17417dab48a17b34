"""User-defined document types per account, stored as JSON. Built-in types are not stored: they
exist for every account and live in ``paperwise.domain.document_types``."""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from paperwise.domain.document_types import (
    DocumentType,
    DocumentTypeDict,
    builtin_type,
    document_type_from_dict,
)
from paperwise.storage.database import now
from paperwise.storage.tables import document_types


def doctype_to_json(doctype: DocumentType) -> DocumentTypeDict:
    return doctype.to_dict()


def doctype_from_json(data: DocumentTypeDict) -> DocumentType:
    """The inverse of ``doctype_to_json``; a built-in keeps its built-in identity."""
    if data.get("builtin"):
        known = builtin_type(str(data.get("name")))
        if known is not None:
            return known
    return replace(document_type_from_dict(data), builtin=False)


class DocumentTypeRepository:
    """Stored (user) document types of one account, inside a caller's transaction."""

    def __init__(self, conn: Connection, account_id: str) -> None:
        self.conn = conn
        self.account_id = account_id

    def _where(self, name: str) -> sa.ColumnElement[bool]:
        return sa.and_(
            document_types.c.account_id == self.account_id, document_types.c.name == name
        )

    def get(self, name: str) -> DocumentType | None:
        row = self.conn.execute(
            sa.select(document_types.c.definition).where(self._where(name))
        ).first()
        return doctype_from_json(row.definition) if row else None

    def list(self) -> list[DocumentType]:
        rows = self.conn.execute(
            sa.select(document_types.c.definition)
            .where(document_types.c.account_id == self.account_id)
            .order_by(document_types.c.name)
        )
        return [doctype_from_json(row.definition) for row in rows]

    def insert(self, doctype: DocumentType) -> None:
        stamp = now()
        self.conn.execute(
            sa.insert(document_types).values(
                account_id=self.account_id,
                name=doctype.name,
                definition=doctype_to_json(doctype),
                created_at=stamp,
                updated_at=stamp,
            )
        )

    def update(self, doctype: DocumentType) -> bool:
        result = self.conn.execute(
            sa.update(document_types)
            .where(self._where(doctype.name))
            .values(definition=doctype_to_json(doctype), updated_at=now())
        )
        return result.rowcount > 0

    def delete(self, name: str) -> bool:
        result = self.conn.execute(sa.delete(document_types).where(self._where(name)))
        return result.rowcount > 0
