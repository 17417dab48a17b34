"""The distributed queue's upkeep, run at every worker's start and then by the periodic sweep of
every ``serve`` and ``worker`` process. Both steps are catch-up queries: safe to run late, twice, or
from many processes at once (rows are taken ``FOR UPDATE SKIP LOCKED``).

- stalled jobs: a job ``doing`` on a Procrastinate worker whose heartbeat stopped (killed, machine
  gone) goes back to ``todo``, and another worker takes it; the row's attempt fence makes sure
  the dead worker can never complete it too;
- orphans: an extraction still IN_PROGRESS, no longer leased, with no job waiting or running for
  it (its job ended without settling it, e.g. aborted by hand) gets a job again."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import sqlalchemy as sa

from paperwise.config import Settings
from paperwise.jobs.procrastinate_app import ProcrastinateDispatch
from paperwise.storage.database import Database, now

log = logging.getLogger(__name__)
ORPHAN_BATCH = 500

_STALLED = sa.text(
    """
    SELECT job.id FROM procrastinate_jobs AS job
    LEFT JOIN procrastinate_workers AS worker ON worker.id = job.worker_id
    WHERE job.status = 'doing'
      AND (worker.id IS NULL OR worker.last_heartbeat < NOW() - make_interval(secs => :secs))
    FOR UPDATE OF job SKIP LOCKED
    """
)
_RETRY = sa.text("SELECT procrastinate_retry_job_v2(:id, NOW(), NULL, NULL, NULL)")
_PRUNE_WORKERS = sa.text("SELECT * FROM procrastinate_prune_stalled_workers_v1(:secs)")
_ORPHANS = sa.text(
    """
    SELECT e.id FROM extractions AS e
    WHERE e.status = 'IN_PROGRESS'
      AND (e.lease_until IS NULL OR e.lease_until < :moment)
      AND NOT EXISTS (
          SELECT 1 FROM procrastinate_jobs AS job
          WHERE job.lock = e.id AND job.status IN ('todo', 'doing'))
    ORDER BY e.created_at
    LIMIT :batch
    FOR UPDATE OF e SKIP LOCKED
    """
)


def stalled_after(settings: Settings) -> float:
    """Seconds without a heartbeat after which a worker's running job is taken again."""
    return float(2 * settings.lease_seconds)


def retry_stalled_jobs(db: Database, older_than: float) -> int:
    """Put back to ``todo`` every running job of a worker silent for ``older_than`` seconds."""
    with db.write() as conn:
        stalled = list(conn.execute(_STALLED, {"secs": older_than}).scalars())
        for job_id in stalled:
            conn.execute(_RETRY, {"id": job_id})
        conn.execute(_PRUNE_WORKERS, {"secs": older_than})
    if stalled:
        log.warning("retried %d job(s) of stalled workers", len(stalled))
    return len(stalled)


def requeue_orphans(db: Database, dispatch: ProcrastinateDispatch) -> int:
    """Give a job again to every unleased IN_PROGRESS extraction that has none."""
    with db.write() as conn:
        orphans = list(conn.execute(_ORPHANS, {"moment": now(), "batch": ORPHAN_BATCH}).scalars())
        requeued = sum(dispatch.requeue(conn, extraction_id) for extraction_id in orphans)
    if requeued:
        log.warning("requeued %d extraction(s) that had no job", requeued)
    return requeued


@dataclass(frozen=True)
class QueueSweepReport:
    stalled: int
    orphans: int


class QueueSweep:
    """Both steps, for the periodic sweep of ``serve`` and ``worker`` in distributed mode."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        self.dispatch = ProcrastinateDispatch(settings)

    def __call__(self) -> QueueSweepReport:
        return QueueSweepReport(
            stalled=retry_stalled_jobs(self.db, stalled_after(self.settings)),
            orphans=requeue_orphans(self.db, self.dispatch),
        )
