"""Periodic upkeep, run by a scheduler thread in ``serve`` and ``worker``. Every step is a
catch-up query, safe to run late, twice, or from several processes at once."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from paperwise.config import Settings
from paperwise.jobs.queue_sweep import QueueSweep
from paperwise.jobs.worker import lease_policy
from paperwise.storage import job_queue
from paperwise.storage.database import Database, now
from paperwise.storage.extractions import ExtractionRepository

log = logging.getLogger(__name__)
EXPIRY_BATCH = 500
# Worker rows that have not beaten for this long belong to processes long dead.
DEAD_WORKER_SECONDS = 3600.0


@dataclass(frozen=True)
class SweepReport:
    expired: int
    removed: int
    failed: int


def sweep_once(db: Database, settings: Settings) -> SweepReport:
    """Expire finished extractions past their TTL (documents, text and results deleted), remove
    old EXPIRED records, end jobs that crashed too often, forget dead workers."""
    expired = 0
    while True:
        with db.write() as conn:
            count = ExtractionRepository(conn).expire_due(batch=EXPIRY_BATCH)
        expired += count
        if count < EXPIRY_BATCH:
            break
    with db.write() as conn:
        removed = ExtractionRepository(conn).remove_expired_records(
            now() - settings.expired_record_ttl
        )
    if expired:
        db.scrub()
    failed = job_queue.LeaseTable(db, lease_policy(settings)).fail_exhausted()
    job_queue.prune(db, now() - DEAD_WORKER_SECONDS)
    return SweepReport(expired=expired, removed=removed, failed=failed)


class SweepThread(threading.Thread):
    """Runs ``sweep_once`` every ``settings.sweep_interval`` seconds until ``stop()``."""

    def __init__(self, db: Database, settings: Settings) -> None:
        super().__init__(name="paperwise-sweep", daemon=True)
        self.db = db
        self.settings = settings
        self._stop_event = threading.Event()
        # Distributed mode: also retake jobs of dead workers and requeue jobless extractions.
        self.queue_sweep = QueueSweep(db, settings) if settings.is_distributed else None

    def run(self) -> None:
        while True:
            try:
                report = sweep_once(self.db, self.settings)
                if report.expired or report.removed or report.failed:
                    log.info("sweep: %s", report)
                if self.queue_sweep is not None:
                    self.queue_sweep()
            except Exception:
                log.exception("sweep failed; will try again")
            if self._stop_event.wait(self.settings.sweep_interval):
                return

    def stop(self) -> None:
        self._stop_event.set()
        self.join(10)
