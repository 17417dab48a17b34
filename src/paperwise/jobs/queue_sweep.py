"""The distributed queue's upkeep, run at every worker's start and then by the periodic sweep of
every ``serve`` and ``worker`` process. Both steps are catch-up queries (in
``paperwise.storage.job_queue``): safe to run late, twice, or from many processes at once (rows
are taken ``FOR UPDATE SKIP LOCKED``).

- stalled jobs: a job ``doing`` on a Procrastinate worker whose heartbeat stopped (killed, machine
  gone) goes back to ``todo``, and another worker takes it; the row's attempt fence makes sure
  the dead worker can never complete it too;
- orphans: an extraction still IN_PROGRESS, no longer leased, with no job waiting or running for
  it (its job ended without settling it, e.g. aborted by hand) gets a job again."""

from __future__ import annotations

from dataclasses import dataclass

from paperwise.config import Settings
from paperwise.jobs.procrastinate_app import ProcrastinateDispatch
from paperwise.storage import job_queue
from paperwise.storage.database import Database


def stalled_after(settings: Settings) -> float:
    """Seconds without a heartbeat after which a worker's running job is taken again."""
    return float(2 * settings.lease_seconds)


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
            stalled=job_queue.retry_stalled_jobs(self.db, stalled_after(self.settings)),
            orphans=job_queue.requeue_orphans(self.db, self.dispatch.requeue),
        )
