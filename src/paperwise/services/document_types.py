"""Document types of an account: the built-ins (every account has them; they cannot be changed)
and the account's own, stored as JSON.

Choices: creating a type whose name is a built-in's (or an alias) is a Conflict (409: the name
is taken); changing or deleting a built-in is Forbidden (403)."""

from __future__ import annotations

from dataclasses import replace

from paperwise.domain.accounts import Account
from paperwise.domain.document_types import (
    BUILTIN_TYPES,
    DocumentType,
    builtin_type,
    is_builtin_name,
)
from paperwise.errors import Conflict, DocumentTypeNotFound, Forbidden, ValidationFailed
from paperwise.storage.database import Connection, Database
from paperwise.storage.document_types_repo import DocumentTypeRepository
from paperwise.storage.lessons_repo import LessonRepository


def resolve_document_type(conn: Connection, account_id: str, name: str) -> DocumentType:
    """The type called ``name`` for this account (built-ins and aliases first)."""
    known = builtin_type(name) or DocumentTypeRepository(conn, account_id).get(name)
    if known is None:
        raise DocumentTypeNotFound(
            f"There is no document type {name!r}.",
            [{"field": "document_type_name", "problem": "unknown document type", "value": name}],
        )
    return known


class DocumentTypes:
    """Use cases for document types, each in its own transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def list(self, account: Account) -> list[DocumentType]:
        with self.db.read() as conn:
            own = DocumentTypeRepository(conn, account.id).list()
        return [*BUILTIN_TYPES.values(), *own]

    def get(self, account: Account, name: str) -> DocumentType:
        with self.db.read() as conn:
            return resolve_document_type(conn, account.id, name)

    def create(self, account: Account, doctype: DocumentType) -> DocumentType:
        if is_builtin_name(doctype.name):
            raise Conflict(
                f"{doctype.name!r} is a built-in document type; choose another name.",
                [{"field": "name", "problem": "taken by a built-in type", "value": doctype.name}],
            )
        stored = replace(doctype, builtin=False)
        with self.db.write() as conn:
            repo = DocumentTypeRepository(conn, account.id)
            if repo.get(doctype.name) is not None:
                raise Conflict(
                    f"A document type {doctype.name!r} already exists.",
                    [{"field": "name", "problem": "already exists", "value": doctype.name}],
                )
            repo.insert(stored)
        return stored

    def update(self, account: Account, name: str, doctype: DocumentType) -> DocumentType:
        self._refuse_builtin(name, "changed")
        if doctype.name != name:
            raise ValidationFailed(
                "The body's name differs from the document type being updated.",
                [{"field": "name", "problem": f"must be {name!r}", "value": doctype.name}],
            )
        stored = replace(doctype, builtin=False)
        with self.db.write() as conn:
            if not DocumentTypeRepository(conn, account.id).update(stored):
                raise DocumentTypeNotFound(f"There is no document type {name!r}.")
        return stored

    def delete(self, account: Account, name: str) -> None:
        self._refuse_builtin(name, "deleted")
        with self.db.write() as conn:
            if not DocumentTypeRepository(conn, account.id).delete(name):
                raise DocumentTypeNotFound(f"There is no document type {name!r}.")
            # what was learned for it goes too: a new type of the same name starts afresh
            LessonRepository(conn, account.id).delete_matching(name)

    @staticmethod
    def _refuse_builtin(name: str, verb: str) -> None:
        if is_builtin_name(name):
            raise Forbidden(
                f"{name!r} is a built-in document type and cannot be {verb}.",
                [{"field": "name", "problem": "built-in", "value": name}],
            )
