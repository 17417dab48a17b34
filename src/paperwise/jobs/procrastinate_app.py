"""The distributed mode's queue: a Procrastinate app on the service's PostgreSQL database.

The extraction row stays the truth (status, attempt, lease, result); a Procrastinate job only
says "run extraction X" and is deferred on the caller's own SQLAlchemy connection, inside the
transaction that inserts the row, so a job exists exactly when its row was committed. Each job
carries the extraction id as its ``lock`` (never two running at once) and ``queueing_lock`` (never
two waiting at once)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import procrastinate

from paperwise.config import Settings
from paperwise.storage.database import Connection
from paperwise.storage.job_queue import bookkeeping_without_flush

EXTRACT_TASK = "paperwise.extract"
QUEUE = "extractions"
SYNC_PRIORITY = 10  # synchronous requests first: a caller is waiting on the line
ASYNC_PRIORITY = 0


class Dispatch(Protocol):
    """Makes a just-inserted extraction runnable, inside the inserting transaction."""

    def __call__(self, conn: Connection, extraction_id: str, *, sync: bool) -> None: ...


def row_is_the_entry(conn: Connection, extraction_id: str, *, sync: bool) -> None:
    """Embedded mode: the extraction row is the queue entry already; nothing else to write."""


def libpq_url(settings: Settings) -> str:
    """The database URL as libpq reads it (no SQLAlchemy driver suffix)."""
    url = str(settings.database_url or "")
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def build_app(settings: Settings, **pool_args: Any) -> procrastinate.App:
    """A Procrastinate app for these settings; opened only by workers (deferring needs no pool)."""
    connector = procrastinate.PsycopgConnector(conninfo=libpq_url(settings), **pool_args)
    return procrastinate.App(connector=connector)


def worker_app(settings: Settings) -> procrastinate.App:
    """The app a worker process opens. Its connections commit Procrastinate's bookkeeping
    (taking a job, heartbeats, deleting a finished job) without waiting for the disk flush
    (``synchronous_commit = off``): two fewer flushes per job. The extraction row stays durable
    (its lease, its fenced final write and the job's deferral are written on other connections,
    flushed as before), so a database crash that loses such a commit loses no work: a job whose
    taking was lost runs again and finds its row already taken or finished; a finished job whose
    delete was lost is ended by the stalled-job sweep once its worker stops. Procrastinate's
    ``check`` keeps replacing connections the database dropped."""
    return build_app(settings, min_size=1, max_size=4, configure=bookkeeping_without_flush)


def register_extract_task(
    app: procrastinate.App, run: Callable[[procrastinate.JobContext, str], None]
) -> None:
    """Register the one task: ``run(context, extraction_id)``. A job aborted by a worker's
    shutdown goes back to the queue at once (its row lease was given back)."""
    retry = procrastinate.RetryStrategy(retry_exceptions={procrastinate.exceptions.JobAborted})

    def extract(context: procrastinate.JobContext, extraction_id: str) -> None:
        run(context, extraction_id)

    app.task(name=EXTRACT_TASK, queue=QUEUE, pass_context=True, retry=retry)(extract)


class ProcrastinateDispatch:
    """Defers the extraction's job on the caller's connection (same transaction)."""

    def __init__(self, settings: Settings) -> None:
        self.app = build_app(settings)  # never opened: every job goes out on a caller's connection

    def __call__(self, conn: Connection, extraction_id: str, *, sync: bool) -> None:
        driver = conn.connection.driver_connection
        self.app.configure_task(
            EXTRACT_TASK,
            connection=driver,
            queue=QUEUE,
            lock=extraction_id,
            queueing_lock=extraction_id,
            priority=SYNC_PRIORITY if sync else ASYNC_PRIORITY,
        ).defer(extraction_id=extraction_id)

    def requeue(self, conn: Connection, extraction_id: str) -> bool:
        """Defer again (the orphan sweep); False when a job is already waiting for it."""
        try:
            with conn.begin_nested():  # a unique violation must not spoil the outer transaction
                self(conn, extraction_id, sync=False)
        except procrastinate.exceptions.AlreadyEnqueued:
            return False
        return True


def dispatcher_for(settings: Settings) -> Dispatch:
    return ProcrastinateDispatch(settings) if settings.is_distributed else row_is_the_entry
