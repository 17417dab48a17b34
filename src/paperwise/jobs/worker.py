"""A worker: claims jobs from the queue and runs each in its sandbox under the hard time limit,
while a background thread beats the heartbeat and renews the lease. ``worker_process_main`` is
the entry point of a worker process."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType

from paperwise.config import Settings
from paperwise.domain.jobs import Claim, JobInput, JobOutcome
from paperwise.jobs.heartbeats import heartbeat_interval, new_worker_id
from paperwise.jobs.sandbox import (
    SINGLE_THREAD_ENV,
    Crashed,
    Extracted,
    Failed,
    Sandbox,
    SandboxOutcome,
    SandboxRequest,
)
from paperwise.logs import configure_logging
from paperwise.storage import job_queue
from paperwise.storage.database import CommitWatch, Database
from paperwise.storage.job_queue import LeasePolicy, LeaseTable

log = logging.getLogger(__name__)
# An idle worker looks for a job as soon as another process committed (a submission, checked
# every WAKE_CHECK_SECONDS), and at least every IDLE_POLL_SECONDS (a lease that ran out commits
# nothing).
WAKE_CHECK_SECONDS = 0.02
IDLE_POLL_SECONDS = 0.5


def lease_policy(settings: Settings) -> LeasePolicy:
    return LeasePolicy(
        lease_seconds=settings.lease_seconds,
        max_attempts=settings.job_max_attempts,
        result_ttl=settings.result_ttl,
    )


def sandbox_request(settings: Settings, job: JobInput) -> SandboxRequest:
    """What the sandbox runs for a job: its document and type, and the lessons of its account
    for that type (read when the job was taken)."""
    return SandboxRequest(job.data, job.document_type, settings.read_limits(), job.lessons)


def outcome_of(answer: SandboxOutcome, job: JobInput) -> JobOutcome | None:
    """The final write for a sandbox answer; None when the job must go back to the queue."""
    if isinstance(answer, Extracted):
        wire = answer.result.to_wire(
            object_id=job.document_id, file_name=job.file_name, customer=job.customer
        )
        return JobOutcome(result=wire, text=answer.text)
    if isinstance(answer, Failed):
        return JobOutcome(error=answer.error)
    return None


class LeasedJobRunner:
    """What both kinds of worker share: run a claimed job in the sandbox under the hard time
    limit while the heartbeat renews its lease; a lost lease (the job was retaken or cancelled)
    stops the sandbox, so the fenced final write is left to the job's new owner."""

    def __init__(self, settings: Settings, db: Database, worker_id: str) -> None:
        self.settings = settings
        self.db = db
        self.worker_id = worker_id
        self.queue = LeaseTable(db, lease_policy(settings))
        self.sandbox = Sandbox(env=SINGLE_THREAD_ENV)
        self.current: Claim | None = None
        self.lost = threading.Event()

    def run_claim(self, claim: Claim, should_stop: Callable[[], bool]) -> SandboxOutcome:
        """The sandbox's answer for a claimed job."""
        log.info(
            "worker %s: extraction %s attempt %s",
            self.worker_id,
            claim.extraction_id,
            claim.attempt,
        )
        self.lost.clear()
        self.current = claim
        try:
            return self.sandbox.run(
                sandbox_request(self.settings, claim.job),
                timeout=self.settings.job_timeout,
                should_stop=lambda: self.lost.is_set() or should_stop(),
            )
        finally:
            self.current = None

    def renew(self) -> None:
        """Renew the running job's lease; mark it lost when the row is no longer ours."""
        claim = self.current
        if claim is not None and not self.queue.renew(claim):
            self.lost.set()

    def beat_until(
        self, stop: threading.Event, parent_pid: int | None, on_orphaned: Callable[[], None]
    ) -> None:
        """The heartbeat thread's loop: beat and renew the lease until ``stop`` is set; when the
        parent process is gone, call ``on_orphaned`` and end."""
        while not stop.wait(heartbeat_interval(self.settings)):
            if parent_pid is not None and os.getppid() != parent_pid:
                log.warning("worker %s: parent process gone, stopping", self.worker_id)
                on_orphaned()
                return
            try:
                job_queue.beat(self.db, self.worker_id)
                self.renew()
            except Exception:
                log.exception("heartbeat failed")


class Worker(LeasedJobRunner):
    """One embedded worker loop; ``run`` returns when ``stop`` is set."""

    def __init__(
        self,
        settings: Settings,
        db: Database,
        worker_id: str | None = None,
        parent_pid: int | None = None,
    ) -> None:
        super().__init__(
            settings,
            db,
            worker_id or new_worker_id(),
        )
        self.parent_pid = parent_pid
        self.stop = threading.Event()

    def run(self) -> None:
        beater = threading.Thread(target=self._beat_loop, name="heartbeat", daemon=True)
        try:
            job_queue.beat(self.db, self.worker_id)
        except Exception:  # the database is locked, full or read-only: the loop beats again
            log.exception("worker %s: first heartbeat failed", self.worker_id)
        beater.start()
        watch = CommitWatch(self.db)
        try:
            busy = False
            while not self.stop.is_set():
                try:
                    # After a job, the next one is taken at once, without looking first.
                    busy = self.run_once(look_first=not busy)
                except Exception:  # the database may be briefly unavailable: keep going
                    log.exception("worker %s: job loop failed; retrying", self.worker_id)
                    busy = False
                if not busy:
                    self.wait_for_work(watch)
        finally:
            watch.close()
            self.stop.set()
            self.sandbox.close()
            beater.join(5)
            try:
                job_queue.forget(self.db, self.worker_id)
            except Exception:  # the sweep prunes the row once its heartbeat is old
                log.exception("worker %s: could not remove its heartbeat", self.worker_id)

    def wait_for_work(self, watch: CommitWatch) -> None:
        """Idle: return when another process committed, after ``IDLE_POLL_SECONDS``, or on stop."""
        deadline = time.monotonic() + IDLE_POLL_SECONDS
        while not self.stop.wait(WAKE_CHECK_SECONDS):
            if watch.changed() or time.monotonic() >= deadline:
                return

    def run_once(self, look_first: bool = True) -> bool:
        """Take and run one job; False when none was waiting."""
        claim = self.queue.claim(self.worker_id, look_first=look_first)
        if claim is None:
            return False
        answer = self.run_claim(claim, self.stop.is_set)
        outcome = outcome_of(answer, claim.job)
        if outcome is not None:
            self.queue.finish(claim, outcome)
        elif isinstance(answer, Crashed) or self.stop.is_set():
            self.queue.release(claim)
        return True

    def _beat_loop(self) -> None:
        self.beat_until(self.stop, self.parent_pid, self.stop.set)


def worker_process_main(settings: Settings, parent_pid: int | None = None) -> None:
    """Entry point of a worker process: run until SIGTERM or SIGINT, or until the parent
    process (``parent_pid``) is gone."""
    os.environ.update(SINGLE_THREAD_ENV)
    configure_logging(tracebacks=settings.log_tracebacks)
    db = Database.from_settings(settings)
    worker = Worker(settings, db, parent_pid=parent_pid)

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        worker.stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        worker.run()
    except Exception:  # one log line, not multiprocessing's traceback; the pool starts another
        log.exception("worker %s stopped", worker.worker_id)
        raise SystemExit(1) from None
    finally:
        db.dispose()
