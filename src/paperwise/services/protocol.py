"""The one object the API and the CLI talk to. Everything below it (database, blobs, job queue)
is hidden; everything above it (HTTP, terminal) is thin.

Contract (the API is written against exactly this; keep the signatures):
- Errors are PaperwiseError subclasses (paperwise.errors); nothing here knows HTTP.
- Another account's objects do not exist: NotFound, as for an id that never existed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from paperwise.domain.accounts import Account, ApiKey
from paperwise.domain.document_types import DocumentType
from paperwise.domain.jobs import JobStats
from paperwise.domain.wire import PollBody, TrainingAnswer, TrainingDocument, WireResult
from paperwise.services.webhooks import Webhooks


@dataclass(frozen=True)
class Submission:
    data: bytes
    file_name: str
    document_type_name: str
    customer: str | None = None


@dataclass(frozen=True)
class Feedback:
    """Corrections as a caller sends them (``learning_fields``, ``line_items``, ``vat_rates``):
    raw JSON, checked by the service against the document type."""

    document_type_name: str
    learning_fields: Any
    line_items: Any = None
    vat_rates: Any = None


class DocumentTypeCatalog(Protocol):
    """An account's document types: the built-ins and its own (``document_types.py``)."""

    def list(self, account: Account) -> list[DocumentType]: ...

    def get(self, account: Account, name: str) -> DocumentType:
        """DocumentTypeNotFound for a name (or alias) the account does not have."""
        ...

    def create(self, account: Account, doctype: DocumentType) -> DocumentType:
        """Conflict for a name taken (by a built-in or the account's own)."""
        ...

    def update(self, account: Account, name: str, doctype: DocumentType) -> DocumentType:
        """Forbidden for a built-in; renaming is not supported."""
        ...

    def delete(self, account: Account, name: str) -> None:
        """Forbidden for a built-in; the type's lessons go with it."""
        ...


class Service(Protocol):
    # --- webhooks: endpoints, the delivery log, replay (see webhooks.py) ---
    @property
    def webhooks(self) -> Webhooks: ...

    # --- document types (the API's unit tests fake them with the rest) ---
    @property
    def document_types(self) -> DocumentTypeCatalog: ...

    # --- keys and accounts (CLI) ---
    def create_key(self, account_name: str) -> tuple[ApiKey, str]:
        """A new key for the account of that name (created if new). Returns (key, raw secret)."""
        ...

    def list_keys(self) -> list[ApiKey]: ...

    def revoke_key(self, key_id: str) -> None: ...

    def authenticate(self, raw_key: str) -> Account:
        """The account of a raw key; Unauthorized for unknown or revoked keys."""
        ...

    # --- extractions ---
    def submit(
        self, account: Account, submission: Submission, *, idempotency_key: str | None = None
    ) -> str:
        """Validate (document type, file type, size) then durably record the extraction and
        queue it; returns the 40-hex extraction id once committed. A document whose content
        cannot be read (corrupt, encrypted, empty, too many pages, image bomb) is accepted and
        ends ERROR with that error. IdempotencyConflict on reuse of a key with another body; the
        same id for the same key and body."""
        ...

    def extract_now(self, account: Account, submission: Submission) -> WireResult:
        """Synchronous extraction: the wire result object, or a raised DocumentError/timeout."""
        ...

    def poll(self, account: Account, extraction_id: str) -> PollBody:
        """Exactly {"error": {...}, "result": {...}, "status": ...}; marks the extraction polled."""
        ...

    def delete_extraction(self, account: Account, extraction_id: str) -> None:
        """Cancel if queued/running, purge if finished; later polls answer EXPIRED."""
        ...

    def awaiting_poll(self, account: Account, customer: str | None = None) -> list[str]: ...

    # --- training (SPEC 1, Training) ---
    def add_document(
        self, account: Account, submission: Submission, feedback: Feedback
    ) -> TrainingAnswer:
        """Learn from a document and its correct values; the lesson counts for the very next
        document of the same supplier. Returns {"message", "details"}. ValidationFailed for
        fields not in the type or values not in normalised form; DocumentError for a bad file."""
        ...

    def add_document_feedback(
        self, account: Account, document_object_id: str, feedback: Feedback
    ) -> TrainingAnswer:
        """The same for the document of an earlier extraction (its result's ``object_id``), kept
        until the result expires. NotFound for an unknown, expired or another account's id."""
        ...

    def start_training(self, account: Account) -> TrainingAnswer:
        """For compatibility: learning is immediate, there is nothing to start."""
        ...

    def list_training_documents(
        self,
        account: Account,
        document_type_name: str | None = None,
        supplier: str | None = None,
    ) -> list[TrainingDocument]:
        """What the account has taught, most recent first: one {id, document_type_name,
        supplier, file_name, created_at} per training document (stored lesson), of one type
        and one supplier when given. DocumentTypeNotFound for an unknown type."""
        ...

    def delete_training_document(self, account: Account, training_document_id: str) -> None:
        """Forget one training document from the next extraction on; NotFound for an unknown
        or another account's id."""
        ...

    def delete_training_documents(
        self, account: Account, document_type_name: str, supplier: str | None = None
    ) -> int:
        """Forget every training document of a type (of one supplier when given); returns how
        many. DocumentTypeNotFound for an unknown type."""
        ...

    # --- operations ---
    def is_ready(self) -> bool:
        """Database reachable and (when the service expects workers) a worker alive."""
        ...

    def job_stats(self) -> JobStats: ...

    def close(self) -> None: ...
