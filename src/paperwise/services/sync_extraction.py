"""Synchronous extraction, never in the API's own process memory.

An API process that has workers of its own (``serve``, one machine), or that sees no live worker
anywhere, runs the request in one of its own sandbox child processes, at once and with the
engine's default threads, under the same hard time limit as a job; the document, the extraction
and its result are then written in one transaction, already answered. Nothing is recorded
before: a request whose process dies before that commit was never answered, so never accepted,
and the caller sends it again.

An API process without workers (``serve --workers 0`` in distributed mode) while workers are
alive elsewhere records the request as a job flagged ``sync``, which workers take before any
asynchronous job, and waits for its row."""

from __future__ import annotations

import os
import threading
import time

from paperwise.config import Settings
from paperwise.domain.jobs import JobInput, JobOutcome
from paperwise.domain.statuses import Status
from paperwise.errors import (
    DocumentError,
    ErrorBody,
    ExtractionFailed,
    ExtractionTimeout,
    PaperwiseError,
)
from paperwise.jobs.sandbox import LearnRequest, Sandbox, SandboxOutcome, SandboxRequest
from paperwise.jobs.worker import outcome_of, sandbox_request
from paperwise.storage.database import Database, now
from paperwise.storage.extractions import (
    ExtractionRepository,
    FinishedExtraction,
    NewExtraction,
    new_id,
)
from paperwise.storage.job_queue import record_answered, what_was_learned

# A worker takes a new job within ~20 ms and a text page takes tens of ms: look early, then
# back off to a few looks a second for OCR jobs (each look is one indexed read).
_FIRST_WAIT, _MAX_WAIT = 0.01, 0.25


def _error_classes() -> dict[str, type[PaperwiseError]]:
    found: dict[str, type[PaperwiseError]] = {}
    pending: list[type[PaperwiseError]] = [DocumentError, ExtractionTimeout, ExtractionFailed]
    while pending:
        cls = pending.pop(0)
        found.setdefault(cls.code, cls)
        pending.extend(cls.__subclasses__())
    return found


_ERRORS_BY_CODE = _error_classes()


def error_from_body(body: ErrorBody) -> PaperwiseError:
    """The error an ERROR extraction recorded, raised again for a synchronous caller."""
    cls = _ERRORS_BY_CODE.get(str(body.get("code")), ExtractionFailed)
    details = body.get("details")
    return cls(
        str(body.get("message") or "") or None, details if isinstance(details, list) else None
    )


class LocalSandboxes:
    """Sandbox children owned by this (API) process, reused; at most one per core at once."""

    def __init__(self) -> None:
        self._idle: list[Sandbox] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(os.cpu_count() or 1)

    def run(self, request: SandboxRequest | LearnRequest, timeout: float) -> SandboxOutcome:
        with self._slots:
            with self._lock:
                sandbox = self._idle.pop() if self._idle else Sandbox()
            try:
                return sandbox.run(request, timeout)
            finally:
                with self._lock:
                    self._idle.append(sandbox)

    def close(self) -> None:
        with self._lock:
            for sandbox in self._idle:
                sandbox.close()
            self._idle.clear()


class SyncRunner:
    """Runs a synchronous extraction to its end: here, or by a worker while the caller waits."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        self.sandboxes = LocalSandboxes()

    def run_here(self, new: NewExtraction, type_name: str) -> FinishedExtraction:
        """Run the request in a local sandbox, then record it finished and answered in one
        transaction; what was recorded."""
        with self.db.read() as conn:
            lessons, model = what_was_learned(conn, new.account_id, type_name)
        job = JobInput(
            data=new.data,
            document_id=new_id(),
            document_type=new.document_type,
            file_name=new.file_name,
            customer=new.customer,
            account_id=new.account_id,
            lessons=tuple(lessons),
            account_model=model,
        )
        started = now()
        answer = self.sandboxes.run(sandbox_request(self.settings, job), self.settings.job_timeout)
        outcome = outcome_of(answer, job) or JobOutcome(error=ExtractionFailed().to_body())
        done = FinishedExtraction(
            document_id=job.document_id,
            extraction_id=new_id(),
            worker_id=f"api-{os.getpid()}",
            started_at=started,
            finished_at=now(),
            result_ttl=self.settings.result_ttl,
            result=outcome.result,
            text=outcome.text,
            error=outcome.error,
        )
        return record_answered(self.db, new, done)

    def wait(self, account_id: str, extraction_id: str) -> None:
        """Wait until a worker finished the job; past any sensible time, cancel it and raise."""
        s = self.settings
        budget = s.job_max_attempts * (s.job_timeout + 2 * s.lease_seconds) + 30
        deadline = time.monotonic() + budget
        pause = _FIRST_WAIT
        while time.monotonic() < deadline:
            with self.db.read() as conn:
                record = ExtractionRepository(conn).get(account_id, extraction_id)
            if record is None or record.status is not Status.IN_PROGRESS:
                return
            time.sleep(pause)
            pause = min(pause * 1.5, _MAX_WAIT)
        with self.db.write() as conn:
            ExtractionRepository(conn).purge([extraction_id])
        raise ExtractionTimeout("No worker finished the extraction in time.")

    def close(self) -> None:
        self.sandboxes.close()
