"""Synchronous extraction, never in the API's own process memory.

When a worker is alive (its heartbeat is fresh), the request is recorded as a job flagged
``sync``, which workers take before any asynchronous job, and the caller waits for the row with
short polling. With no live worker (``serve --workers 0``), the API runs the job itself in one of
its own sandbox child processes, under the same hard time limit and the same fenced write."""

from __future__ import annotations

import os
import threading
import time

from paperwise.config import Settings
from paperwise.domain.jobs import JobOutcome
from paperwise.domain.statuses import Status
from paperwise.errors import (
    DocumentError,
    ErrorBody,
    ExtractionFailed,
    ExtractionTimeout,
    PaperwiseError,
)
from paperwise.jobs.sandbox import LearnRequest, Sandbox, SandboxOutcome, SandboxRequest
from paperwise.jobs.worker import lease_policy, outcome_of, sandbox_request
from paperwise.storage.database import Database
from paperwise.storage.extractions import ExtractionRepository
from paperwise.storage.job_queue import LeaseTable

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
    """Runs a recorded ``sync`` extraction to its end, by a worker or by a local sandbox."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        self.queue = LeaseTable(db, lease_policy(settings))
        self.sandboxes = LocalSandboxes()

    def run_locally(self, extraction_id: str) -> bool:
        """Run the job in a local sandbox; False when a worker took it first."""
        lease = self.settings.job_timeout + 2 * self.settings.lease_seconds
        claim = self.queue.claim_id(extraction_id, f"api-{os.getpid()}", lease)
        if claim is None:
            return False
        request = sandbox_request(self.settings, claim.job)
        answer = self.sandboxes.run(request, self.settings.job_timeout)
        outcome = outcome_of(answer, claim.job) or JobOutcome(error=ExtractionFailed().to_body())
        self.queue.finish(claim, outcome)
        return True

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
