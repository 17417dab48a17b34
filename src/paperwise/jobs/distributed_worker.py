"""A distributed-mode worker process: a Procrastinate worker running one job at a time, whose task
takes the extraction row under a lease (``attempt`` + 1, the fencing token), runs the extraction
in the sandbox under the hard time limit and makes the fenced final write, exactly as the
embedded worker does. Procrastinate's heartbeat marks the process alive; a thread renews the
row's lease and beats the ``workers`` row that /ready reads."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
import time

import procrastinate
from procrastinate.exceptions import JobAborted
from procrastinate.worker import Worker as ProcrastinateWorker

from paperwise.config import Settings
from paperwise.domain.jobs import Claim, JobOutcome
from paperwise.errors import ExtractionFailed
from paperwise.jobs.heartbeats import heartbeat_interval, new_worker_id
from paperwise.jobs.procrastinate_app import QUEUE, register_extract_task, worker_app
from paperwise.jobs.queue_sweep import stalled_after
from paperwise.jobs.sandbox import SINGLE_THREAD_ENV, Interrupted
from paperwise.jobs.worker import LeasedJobRunner, outcome_of
from paperwise.logs import configure_logging
from paperwise.storage import job_queue
from paperwise.storage.database import Database
from paperwise.storage.job_queue import EXHAUSTED

log = logging.getLogger(__name__)


class ExtractionTask(LeasedJobRunner):
    """The body of the Procrastinate task, for one worker process (one job at a time)."""

    def __call__(self, context: procrastinate.JobContext, extraction_id: str) -> None:
        while True:
            claim = self._take(extraction_id, context)
            if claim is None:
                return  # finished, cancelled or expired meanwhile: nothing left to do
            if claim.attempt > self.settings.job_max_attempts:
                self.queue.finish(claim, JobOutcome(error=ExtractionFailed(EXHAUSTED).to_body()))
                return
            if self._run(claim, context):
                return

    def _take(self, extraction_id: str, context: procrastinate.JobContext) -> Claim | None:
        """Lease the row; while another process holds a live lease on it (a synchronous request
        run by an API process, a job retaken after a false stall), wait for that lease."""
        pause = max(0.2, self.settings.lease_seconds / 3)
        while True:
            claim = self.queue.claim_id(extraction_id, self.worker_id, self.settings.lease_seconds)
            if claim is not None or not self.queue.in_progress(extraction_id):
                return claim
            if context.should_abort():
                raise JobAborted()
            time.sleep(pause)

    def _run(self, claim: Claim, context: procrastinate.JobContext) -> bool:
        """One attempt; True when the job is settled, False to try again (the sandbox died)."""
        answer = self.run_claim(claim, context.should_abort)
        outcome = outcome_of(answer, claim.job)
        if outcome is not None:
            self.queue.finish(claim, outcome)
            return True
        if self.lost.is_set():
            return True  # retaken or cancelled: no longer ours
        self.queue.release(claim)
        if isinstance(answer, Interrupted):
            raise JobAborted()  # the worker is shutting down: Procrastinate requeues the job
        return False


async def _run_worker(worker: ProcrastinateWorker, app: procrastinate.App) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, worker.stop)
    async with app.open_async():
        await worker.run()  # type: ignore[no-untyped-call]


def distributed_worker_main(settings: Settings, parent_pid: int | None = None) -> None:
    """Entry point of a distributed worker process: run until SIGTERM or SIGINT, or until the
    parent process (``parent_pid``) is gone. Jobs of dead workers are retaken first."""
    os.environ.update(SINGLE_THREAD_ENV)
    configure_logging(tracebacks=settings.log_tracebacks)
    logging.getLogger("procrastinate").setLevel(logging.WARNING)
    db = Database.from_settings(settings)
    worker_id = new_worker_id()
    task = ExtractionTask(settings, db, worker_id)
    app = worker_app(settings)
    register_extract_task(app, task)
    worker = ProcrastinateWorker(
        app=app,
        queues=[QUEUE],
        name=worker_id,
        concurrency=1,
        install_signal_handlers=False,
        delete_jobs="always",
        shutdown_graceful_timeout=0,
        update_heartbeat_interval=heartbeat_interval(settings),
        stalled_worker_timeout=stalled_after(settings),
        fetch_job_polling_interval=max(0.5, settings.lease_seconds / 2),
    )
    stop = threading.Event()
    beater = threading.Thread(
        target=task.beat_until,
        args=(stop, parent_pid, worker.stop),
        name="heartbeat",
        daemon=True,
    )
    try:
        job_queue.retry_stalled_jobs(db, stalled_after(settings))
        job_queue.beat(db, worker_id)
        beater.start()
        asyncio.run(_run_worker(worker, app))
    finally:
        stop.set()
        task.sandbox.close()
        job_queue.forget(db, worker_id)
        db.dispose()
