"""The service behind the API and the CLI (``Service`` in ``protocol.py``), over the embedded
store and job queue. ``open_service(settings)`` builds it and applies pending migrations."""

from __future__ import annotations

from typing import Any

from paperwise.config import Settings
from paperwise.domain.accounts import Account, ApiKey
from paperwise.domain.document_types import DocumentType
from paperwise.domain.jobs import JobStats
from paperwise.domain.statuses import Status
from paperwise.domain.wire import PollBody, TrainingAnswer, TrainingDocument, WireResult
from paperwise.errors import (
    DocumentError,
    ExtractionFailed,
    FileTooLarge,
    IdempotencyConflict,
    NotFound,
    Unauthorized,
    UnsupportedFileType,
    ValidationFailed,
)
from paperwise.jobs.procrastinate_app import dispatcher_for
from paperwise.services.document_types import DocumentTypes, resolve_document_type
from paperwise.services.protocol import Feedback, Submission
from paperwise.services.sync_extraction import SyncRunner, error_from_body
from paperwise.services.training import Training, start_training_answer
from paperwise.services.webhooks import Webhooks
from paperwise.storage import job_queue
from paperwise.storage.accounts import AccountRepository
from paperwise.storage.database import Database, IntegrityError, now
from paperwise.storage.document_types_repo import doctype_to_json
from paperwise.storage.extractions import (
    ExtractionRecord,
    ExtractionRepository,
    NewExtraction,
    request_hash,
)

MAX_TEXT_FIELD = 500
MAX_IDEMPOTENCY_KEY = 255


def _empty_poll(status: Status) -> PollBody:
    return {"error": {}, "result": {}, "status": status.value}


def poll_body(record: ExtractionRecord) -> PollBody:
    """Exactly {error, result, status} for a record that has not expired."""
    if record.status is Status.SUCCESS:
        return {"error": {}, "result": record.result or {}, "status": Status.SUCCESS.value}
    if record.status is Status.ERROR:
        return {"error": record.error or {}, "result": {}, "status": Status.ERROR.value}
    return _empty_poll(record.status)


class PaperwiseService:
    """Implements ``paperwise.services.protocol.Service``."""

    def __init__(self, settings: Settings, db: Database) -> None:
        self.settings = settings
        self.db = db
        self.document_types = DocumentTypes(db)
        self.sync = SyncRunner(db, settings)
        self.webhooks = Webhooks(db, settings)
        self.dispatch = dispatcher_for(settings)
        self.training = Training(db, settings, self.sync.sandboxes)

    # --- keys and accounts ---------------------------------------------------------------------
    def ensure_account(self, account_name: str) -> Account:
        with self.db.write() as conn:
            return AccountRepository(conn).ensure(account_name)

    def account_by_name(self, account_name: str) -> Account:
        with self.db.read() as conn:
            account = AccountRepository(conn).by_name(account_name)
        if account is None:
            raise NotFound(f"There is no account {account_name!r}.")
        return account

    def create_key(self, account_name: str) -> tuple[ApiKey, str]:
        with self.db.write() as conn:
            repo = AccountRepository(conn)
            return repo.create_key(repo.ensure(account_name))

    def list_keys(self) -> list[ApiKey]:
        with self.db.read() as conn:
            return AccountRepository(conn).list_keys()

    def revoke_key(self, key_id: str) -> None:
        with self.db.write() as conn:
            AccountRepository(conn).revoke_key(key_id)

    def authenticate(self, raw_key: str) -> Account:
        with self.db.read() as conn:
            account = AccountRepository(conn).account_for_key(raw_key)
        if account is None:
            raise Unauthorized()
        return account

    # --- extractions ---------------------------------------------------------------------------
    def _validate(
        self, account: Account, submission: Submission, *, whole_document: bool
    ) -> DocumentType:
        """Check the request; with ``whole_document`` also everything about the document that is
        cheap to check (corrupt, encrypted, empty, page and pixel limits). Without it only the
        file's type and size: an asynchronous request for a document that cannot be read is
        accepted and ends ERROR with the same error (SPEC 1, Errors)."""
        from paperwise.reading.reader import inspect_document

        problems = [
            {"field": name, "problem": f"at most {MAX_TEXT_FIELD} characters"}
            for name, value in (
                ("file_name", submission.file_name),
                ("customer", submission.customer),
            )
            if value is not None and len(value) > MAX_TEXT_FIELD
        ]
        if not submission.file_name.strip():
            problems.append({"field": "file_name", "problem": "required"})
        if problems:
            raise ValidationFailed("The request body is not valid.", problems)
        with self.db.read() as conn:
            doctype = resolve_document_type(conn, account.id, submission.document_type_name)
        limit = self.settings.max_file_bytes
        if len(submission.data) > limit:
            raise FileTooLarge(
                f"The file is larger than {limit} bytes.",
                [{"field": "file", "size": len(submission.data), "max_bytes": limit}],
            )
        try:
            inspect_document(submission.data, self.settings.read_limits())
        except (UnsupportedFileType, FileTooLarge):
            raise
        except DocumentError:
            if whole_document:
                raise
        return doctype

    def _new(
        self, account: Account, submission: Submission, doctype: DocumentType, **extra: Any
    ) -> NewExtraction:
        return NewExtraction(
            account_id=account.id,
            data=submission.data,
            file_name=submission.file_name,
            customer=submission.customer,
            document_type=doctype_to_json(doctype),
            **extra,
        )

    def submit(
        self, account: Account, submission: Submission, *, idempotency_key: str | None = None
    ) -> str:
        if idempotency_key is not None and not 0 < len(idempotency_key) <= MAX_IDEMPOTENCY_KEY:
            raise ValidationFailed(
                "The Idempotency-Key is not valid.",
                [{"field": "Idempotency-Key", "problem": f"1-{MAX_IDEMPOTENCY_KEY} characters"}],
            )
        body_hash = request_hash(
            submission.data,
            submission.file_name,
            submission.document_type_name,
            submission.customer,
        )
        if idempotency_key is not None:
            earlier = self._idempotent(account, idempotency_key, body_hash)
            if earlier is not None:
                return earlier
        doctype = self._validate(account, submission, whole_document=False)
        new = self._new(
            account, submission, doctype, idempotency_key=idempotency_key, request_hash=body_hash
        )
        try:
            with self.db.write() as conn:
                repo = ExtractionRepository(conn)
                if idempotency_key is not None:
                    # Checked again under the write lock: a concurrent twin may have won the race.
                    earlier = self._match(
                        repo.by_idempotency_key(account.id, idempotency_key), body_hash
                    )
                    if earlier is not None:
                        return earlier
                extraction_id = repo.insert(new)
                self.dispatch(conn, extraction_id, sync=False)  # the same transaction as the row
                return extraction_id
        except IntegrityError:
            # PostgreSQL has no database-wide write lock: a twin committed first.
            if idempotency_key is None:
                raise
            earlier = self._idempotent(account, idempotency_key, body_hash)
            if earlier is None:
                raise
            return earlier

    def _idempotent(self, account: Account, key: str, body_hash: str) -> str | None:
        with self.db.read() as conn:
            found = ExtractionRepository(conn).by_idempotency_key(account.id, key)
        return self._match(found, body_hash)

    @staticmethod
    def _match(found: tuple[str, str | None] | None, body_hash: str) -> str | None:
        if found is None:
            return None
        extraction_id, recorded = found
        if recorded != body_hash:
            raise IdempotencyConflict(
                details=[{"field": "Idempotency-Key", "extraction_id": extraction_id}]
            )
        return extraction_id

    def extract_now(self, account: Account, submission: Submission) -> WireResult:
        doctype = self._validate(account, submission, whole_document=True)
        with self.db.write() as conn:
            extraction_id = ExtractionRepository(conn).insert(
                self._new(account, submission, doctype, sync=True)
            )
            self.dispatch(conn, extraction_id, sync=True)
        worker_alive = job_queue.alive_count(self.db, self.settings.lease_seconds) > 0
        if worker_alive or not self.sync.run_locally(extraction_id):
            self.sync.wait(account.id, extraction_id)
        with self.db.write() as conn:
            repo = ExtractionRepository(conn)
            record = repo.get(account.id, extraction_id)
            repo.mark_polled(extraction_id)
        if record is not None and record.status is Status.SUCCESS and record.result is not None:
            return record.result
        if record is not None and record.status is Status.ERROR and record.error is not None:
            raise error_from_body(record.error)
        raise ExtractionFailed("The extraction was cancelled before it finished.")

    def poll(self, account: Account, extraction_id: str) -> PollBody:
        with self.db.read() as conn:
            record = ExtractionRepository(conn).get(account.id, extraction_id)
        if record is None:
            raise NotFound(f"There is no extraction {extraction_id!r}.")
        if record.status is Status.IN_PROGRESS:
            return poll_body(record)  # the common case needs no write
        with self.db.write() as conn:
            repo = ExtractionRepository(conn)
            record = repo.get(account.id, extraction_id)
            if record is None:
                raise NotFound(f"There is no extraction {extraction_id!r}.")
            expired = record.is_expired_at(now())
            purge = expired and record.status is not Status.EXPIRED
            if purge:
                repo.purge([extraction_id])  # the sweep is late: never serve expired data
            elif not expired:
                repo.mark_polled(extraction_id)
        if purge:
            self.db.scrub()
        return _empty_poll(Status.EXPIRED) if expired else poll_body(record)

    def delete_extraction(self, account: Account, extraction_id: str) -> None:
        with self.db.write() as conn:
            repo = ExtractionRepository(conn)
            record = repo.get(account.id, extraction_id)
            if record is None:
                raise NotFound(f"There is no extraction {extraction_id!r}.")
            if record.status is Status.EXPIRED:
                return
            repo.purge([extraction_id])
        self.db.scrub()

    def awaiting_poll(self, account: Account, customer: str | None = None) -> list[str]:
        with self.db.read() as conn:
            return ExtractionRepository(conn).awaiting_poll(account.id, customer)

    # --- training ------------------------------------------------------------------------------
    def add_document(
        self, account: Account, submission: Submission, feedback: Feedback
    ) -> TrainingAnswer:
        doctype = self._validate(account, submission, whole_document=True)
        corrections = self.training.corrections(doctype, feedback)
        return self.training.learn(
            account, doctype, submission.data, corrections, file_name=submission.file_name
        )

    def add_document_feedback(
        self, account: Account, document_object_id: str, feedback: Feedback
    ) -> TrainingAnswer:
        with self.db.read() as conn:
            doctype = resolve_document_type(conn, account.id, feedback.document_type_name)
        return self.training.feedback(account, doctype, document_object_id, feedback)

    def start_training(self, account: Account) -> TrainingAnswer:
        return start_training_answer()

    def list_training_documents(
        self,
        account: Account,
        document_type_name: str | None = None,
        supplier: str | None = None,
    ) -> list[TrainingDocument]:
        return self.training.list_documents(account, document_type_name, supplier)

    def delete_training_document(self, account: Account, training_document_id: str) -> None:
        self.training.delete_document(account, training_document_id)

    def delete_training_documents(
        self, account: Account, document_type_name: str, supplier: str | None = None
    ) -> int:
        return self.training.delete_documents(account, document_type_name, supplier)

    # --- operations ----------------------------------------------------------------------------
    def is_ready(self) -> bool:
        if not self.db.ping():
            return False
        if self.settings.workers == 0:
            return True
        return job_queue.alive_count(self.db, self.settings.lease_seconds) > 0

    def job_stats(self) -> JobStats:
        return job_queue.job_stats(self.db)

    def close(self) -> None:
        self.sync.close()
        self.db.dispose()


def open_service(settings: Settings, *, migrate: bool = True) -> PaperwiseService:
    """The service for these settings; creates the data dir and applies pending migrations."""
    db = Database.from_settings(settings)
    if migrate:
        db.migrate()
    return PaperwiseService(settings, db)
