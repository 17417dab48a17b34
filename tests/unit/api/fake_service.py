"""An in-memory Service for API tests: real behaviour (accounts, isolation, idempotency, statuses,
document types) without a database, a queue or OCR. Tests drive job completion with ``finish``."""

from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from paperwise.domain.accounts import Account, ApiKey
from paperwise.domain.document_types import DocumentType, builtin_type, is_builtin_name
from paperwise.domain.jobs import JobStats
from paperwise.domain.result import ExtractionResult, FieldResult, Value
from paperwise.domain.statuses import Status
from paperwise.domain.wire import PollBody, TrainingAnswer, TrainingDocument, WireResult
from paperwise.errors import (
    Conflict,
    DocumentTypeNotFound,
    ErrorBody,
    Forbidden,
    IdempotencyConflict,
    NotFound,
    PaperwiseError,
    Unauthorized,
    UnsupportedFileType,
)
from paperwise.learning.corrections import Corrections, parse_corrections
from paperwise.services.protocol import Feedback, Submission
from paperwise.services.webhooks import Webhooks

MAGIC = (b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


@dataclass
class Extraction:
    id: str
    account_id: str
    submission: Submission
    status: Status = Status.IN_PROGRESS
    result: WireResult | None = None
    error: ErrorBody | None = None
    polled: bool = False


class FakeDocumentTypes:
    """The built-in types and each account's own, in memory."""

    def __init__(self) -> None:
        self.doctypes: dict[tuple[str, str], DocumentType] = {}

    def list(self, account: Account) -> list[DocumentType]:
        builtins = [t for name in ("invoice", "receipt") if (t := builtin_type(name))]
        own = [t for (owner, _), t in sorted(self.doctypes.items()) if owner == account.id]
        return builtins + own

    def get(self, account: Account, name: str) -> DocumentType:
        found = builtin_type(name) or self.doctypes.get((account.id, name))
        if found is None:
            raise DocumentTypeNotFound(details=[{"field": "document_type_name", "value": name}])
        return found

    def create(self, account: Account, doctype: DocumentType) -> DocumentType:
        if is_builtin_name(doctype.name) or (account.id, doctype.name) in self.doctypes:
            raise Conflict(f"A document type called {doctype.name!r} exists already.")
        self.doctypes[(account.id, doctype.name)] = doctype
        return doctype

    def update(self, account: Account, name: str, doctype: DocumentType) -> DocumentType:
        if is_builtin_name(name):
            raise Forbidden("Built-in document types cannot be changed.")
        self.get(account, name)
        self.doctypes[(account.id, name)] = doctype
        return doctype

    def delete(self, account: Account, name: str) -> None:
        if is_builtin_name(name):
            raise Forbidden("Built-in document types cannot be deleted.")
        self.get(account, name)
        del self.doctypes[(account.id, name)]


class FakeService:
    def __init__(self) -> None:
        self.keys: dict[str, tuple[ApiKey, str]] = {}  # key id -> (key, raw)
        self.extractions: dict[str, Extraction] = {}
        self.idempotency: dict[tuple[str, str], tuple[str, str]] = {}
        self.document_types = FakeDocumentTypes()
        self.ready = True
        self.closed = False
        self.fail_with: Exception | None = None
        self.threads: list[str] = []
        self.current_account = ""
        self.documents: dict[str, str] = {}  # object_id -> account id
        self.learned: list[tuple[str, str, Corrections]] = []  # (account, type, corrections)
        # id -> (account, document)
        self.training_documents: dict[str, tuple[str, TrainingDocument]] = {}

    @property
    def webhooks(self) -> Webhooks:
        raise AssertionError("the webhook routes are tested against the real service")

    # --- keys ---
    def create_key(self, account_name: str) -> tuple[ApiKey, str]:
        raw = secrets.token_hex(20)
        key = ApiKey(
            id=secrets.token_hex(4),
            account_id=hashlib.sha1(account_name.encode()).hexdigest(),
            account_name=account_name,
            created_at=datetime.now(UTC),
            revoked_at=None,
        )
        self.keys[key.id] = (key, raw)
        return key, raw

    def list_keys(self) -> list[ApiKey]:
        return [key for key, _ in self.keys.values()]

    def revoke_key(self, key_id: str) -> None:
        key, raw = self.keys[key_id]
        self.keys[key_id] = (
            ApiKey(key.id, key.account_id, key.account_name, key.created_at, datetime.now(UTC)),
            raw,
        )

    def authenticate(self, raw_key: str) -> Account:
        for key, raw in self.keys.values():
            if secrets.compare_digest(raw, raw_key) and key.revoked_at is None:
                return Account(key.account_id, key.account_name)
        raise Unauthorized()

    # --- extractions ---
    def _check(self, account: Account, submission: Submission) -> DocumentType:
        self.threads.append(threading.current_thread().name)
        if self.fail_with is not None:
            raise self.fail_with
        doctype = self.document_types.get(account, submission.document_type_name)
        if not submission.data.startswith(MAGIC):
            raise UnsupportedFileType()
        return doctype

    def _result(self, doctype: DocumentType, submission: Submission) -> WireResult:
        fields = [FieldResult(f.name, f.data_type) for f in doctype.fields]
        fields[0].values.append(Value("ACME Ltd", 0.9))
        object_id = hashlib.sha1(submission.data).hexdigest()
        self.documents[object_id] = next(
            (job.account_id for job in self.extractions.values() if job.submission is submission),
            self.current_account,
        )
        return ExtractionResult(fields=fields).to_wire(
            object_id=object_id,
            file_name=submission.file_name,
            customer=submission.customer,
        )

    def submit(
        self, account: Account, submission: Submission, *, idempotency_key: str | None = None
    ) -> str:
        self._check(account, submission)
        fingerprint = hashlib.sha256(repr(submission).encode()).hexdigest()
        if idempotency_key is not None:
            seen = self.idempotency.get((account.id, idempotency_key))
            if seen is not None:
                if seen[0] != fingerprint:
                    raise IdempotencyConflict()
                return seen[1]
        extraction_id = secrets.token_hex(20)
        self.extractions[extraction_id] = Extraction(extraction_id, account.id, submission)
        if idempotency_key is not None:
            self.idempotency[(account.id, idempotency_key)] = (fingerprint, extraction_id)
        return extraction_id

    def finish(self, extraction_id: str, error: PaperwiseError | None = None) -> None:
        """Test helper: complete a queued extraction, with a result or an error."""
        job = self.extractions[extraction_id]
        if error is not None:
            job.status, job.error = Status.ERROR, error.to_body()
        else:
            doctype = (
                builtin_type(job.submission.document_type_name)
                or self.document_types.doctypes[(job.account_id, job.submission.document_type_name)]
            )
            job.status, job.result = Status.SUCCESS, self._result(doctype, job.submission)

    def extract_now(self, account: Account, submission: Submission) -> WireResult:
        self.current_account = account.id
        return self._result(self._check(account, submission), submission)

    def _owned(self, account: Account, extraction_id: str) -> Extraction:
        job = self.extractions.get(extraction_id)
        if job is None or job.account_id != account.id:
            raise NotFound("There is no extraction with that id.")
        return job

    def poll(self, account: Account, extraction_id: str) -> PollBody:
        job = self._owned(account, extraction_id)
        if job.status is not Status.IN_PROGRESS:
            job.polled = True
        return {"error": job.error or {}, "result": job.result or {}, "status": job.status.value}

    def delete_extraction(self, account: Account, extraction_id: str) -> None:
        job = self._owned(account, extraction_id)
        job.status, job.result, job.error = Status.EXPIRED, None, None

    def awaiting_poll(self, account: Account, customer: str | None = None) -> list[str]:
        return [
            job.id
            for job in self.extractions.values()
            if job.account_id == account.id
            and job.status in (Status.SUCCESS, Status.ERROR)
            and not job.polled
            and (customer is None or job.submission.customer == customer)
        ]

    # --- training ---
    def _learn(self, account: Account, doctype: DocumentType, feedback: Feedback) -> TrainingAnswer:
        corrections = parse_corrections(
            doctype, feedback.learning_fields, feedback.line_items, feedback.vat_rates
        )
        self.learned.append((account.id, doctype.name, corrections))
        document_id = secrets.token_hex(20)
        self.training_documents[document_id] = (
            account.id,
            {
                "id": document_id,
                "document_type_name": doctype.name,
                "supplier": (corrections.fields.get(doctype.author_field.name) or "").casefold(),
                "file_name": None,
                "created_at": datetime.now(UTC).isoformat(),
            },
        )
        details: list[dict[str, Any]] = [
            {"field": name, "learned": "position"} for name in corrections.fields
        ]
        return {"message": "learned", "details": details}

    def add_document(
        self, account: Account, submission: Submission, feedback: Feedback
    ) -> TrainingAnswer:
        return self._learn(account, self._check(account, submission), feedback)

    def add_document_feedback(
        self, account: Account, document_object_id: str, feedback: Feedback
    ) -> TrainingAnswer:
        doctype = self.document_types.get(account, feedback.document_type_name)
        if self.documents.get(document_object_id) != account.id:
            raise NotFound("There is no document with that id.")
        return self._learn(account, doctype, feedback)

    def start_training(self, account: Account) -> TrainingAnswer:
        return {"message": "Training is continuous.", "details": []}

    def list_training_documents(
        self,
        account: Account,
        document_type_name: str | None = None,
        supplier: str | None = None,
    ) -> list[TrainingDocument]:
        type_name = None
        if document_type_name is not None:
            type_name = self.document_types.get(account, document_type_name).name
        return [
            doc
            for owner, doc in reversed(self.training_documents.values())
            if owner == account.id
            and type_name in (None, doc["document_type_name"])
            and (supplier is None or doc["supplier"] == supplier.casefold())
        ]

    def delete_training_document(self, account: Account, training_document_id: str) -> None:
        owner, _ = self.training_documents.get(training_document_id, ("", {}))
        if owner != account.id:
            raise NotFound(f"There is no training document {training_document_id!r}.")
        del self.training_documents[training_document_id]

    def delete_training_documents(
        self, account: Account, document_type_name: str, supplier: str | None = None
    ) -> int:
        doomed = [
            d["id"] for d in self.list_training_documents(account, document_type_name, supplier)
        ]
        for document_id in doomed:
            del self.training_documents[document_id]
        return len(doomed)

    # --- operations ---
    def is_ready(self) -> bool:
        return self.ready

    def job_stats(self) -> JobStats:
        by_status: dict[str, int] = {}
        for job in self.extractions.values():
            by_status[job.status.value] = by_status.get(job.status.value, 0) + 1
        return JobStats(
            by_status=by_status,
            queue_depth=by_status.get("IN_PROGRESS", 0),
            running=0,
            durations_count=by_status.get("SUCCESS", 0),
            durations_sum_seconds=1.5 * by_status.get("SUCCESS", 0),
            webhook_deliveries={"pending": 2, "succeeded": 0},
        )

    def close(self) -> None:
        self.closed = True
