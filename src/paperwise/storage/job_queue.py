"""The job queue's SQL, all of it (as Procrastinate keeps its own in one manager): the lease
table both kinds of worker take jobs from, the ``workers`` rows their heartbeats keep fresh, the
distributed mode's catch-up queries over Procrastinate's tables, and the queue's figures for
/metrics. ``paperwise.jobs`` orchestrates (workers, sandbox, sweeps) and runs no SQL itself.

The lease table: extraction rows under leases, in SQLite (or any SQL database).

A waiting job is a row IN_PROGRESS whose lease is NULL or past. Claiming bumps ``attempt`` and
sets a lease; a live worker renews it; a dead worker's lease runs out and the job is claimed again.
Every write after the claim says ``WHERE id=? AND attempt=? AND status='IN_PROGRESS'``, so a
worker that lost its job (retaken, cancelled, expired) can never complete it. A result that cannot
be stored ends the job ERROR at once: running the extraction again would give the same result.

The statements of a job's path (take, renew, finish) are built once, with bound parameters:
building them per call cost more than running them on SQLite."""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa

from paperwise.domain.jobs import Claim, JobInput, JobOutcome, JobStats
from paperwise.domain.statuses import Status
from paperwise.domain.webhooks import DeliveryStatus
from paperwise.domain.wire import WireResult
from paperwise.errors import ErrorBody, ExtractionFailed
from paperwise.storage.account_models_repo import AccountModelRepository
from paperwise.storage.database import Connection, Database, now
from paperwise.storage.extractions import ExtractionRepository, FinishedExtraction, NewExtraction
from paperwise.storage.lesson_tables import lessons
from paperwise.storage.lessons_repo import LessonRepository
from paperwise.storage.tables import documents, extractions, workers
from paperwise.storage.webhook_tables import webhook_deliveries, webhook_endpoints
from paperwise.storage.webhooks_repo import enqueue_finished_events

# The error of a job whose worker died on it more than max_attempts times (both modes).
EXHAUSTED = "The extraction failed: the worker running it stopped too many times."
# The error of a job whose result the database refused, or no answer could carry (both modes).
UNSTORABLE = "The extraction finished, but its result could not be stored."

log = logging.getLogger(__name__)
_IN_PROGRESS = Status.IN_PROGRESS.value
_e = extractions.c


def _param(name: str, column: sa.Column[Any]) -> sa.BindParameter[Any]:
    return sa.bindparam(name, type_=column.type)


# Claimable at :moment: waiting, and its lease (if any) ran out.
_CLAIMABLE = sa.and_(
    _e.status == _IN_PROGRESS,
    sa.or_(_e.lease_until.is_(None), _e.lease_until < _param("moment", _e.lease_until)),
)
# Every write after the claim: the row is still ours (:fence_id, :fence_attempt).
_FENCE = sa.and_(
    _e.id == _param("fence_id", _e.id),
    _e.attempt == _param("fence_attempt", _e.attempt),
    _e.status == _IN_PROGRESS,
)
_RUNNABLE = sa.and_(_CLAIMABLE, _e.attempt < _param("max_attempts", _e.attempt))
_ANY_WAITING = sa.select(_e.id).where(_RUNNABLE).limit(1)
_NEXT = (
    sa.select(_e.id)
    .where(_RUNNABLE)
    .order_by(_e.sync.desc(), _e.created_at)
    .limit(1)
    .with_for_update(skip_locked=True)
)
# Lease the row and return what the job needs: the document's bytes, and whether the account
# has any lessons at all (most have none: then they are not queried).
_TAKE = (
    sa.update(extractions)
    .where(_e.id == _param("take_id", _e.id), _CLAIMABLE)
    .values(
        attempt=_e.attempt + 1,
        lease_until=_param("lease_until", _e.lease_until),
        worker_id=_param("worker_id", _e.worker_id),
        started_at=sa.func.coalesce(_e.started_at, _param("moment", _e.started_at)),
    )
    .returning(
        _e.attempt,
        _e.document_id,
        _e.document_type,
        _e.file_name,
        _e.customer,
        _e.account_id,
        sa.select(documents.c.data)
        .where(documents.c.id == _e.document_id)
        .scalar_subquery()
        .label("data"),
        sa.exists().where(lessons.c.account_id == _e.account_id).label("has_lessons"),
    )
)
_RENEW = (
    sa.update(extractions).where(_FENCE).values(lease_until=_param("lease_until", _e.lease_until))
)
_RELEASE = sa.update(extractions).where(_FENCE).values(lease_until=None)
# The fenced final write; it says whether anyone may want a webhook event (most accounts have
# no endpoint, and then recording the events would cost two more queries for nothing).
_FINISH = (
    sa.update(extractions)
    .where(_FENCE)
    .values(
        status=_param("status", _e.status),
        result=_param("result", _e.result),
        error=_param("error", _e.error),
        lease_until=None,
        finished_at=_param("finished_at", _e.finished_at),
        expires_at=_param("expires_at", _e.expires_at),
    )
    .returning(
        sa.and_(
            _e.sync.is_(False),
            sa.exists().where(
                webhook_endpoints.c.account_id == _e.account_id,
                webhook_endpoints.c.disabled_at.is_(None),
            ),
        ).label("may_notify")
    )
)
_SAVE_TEXT = (
    sa.update(documents)
    .where(documents.c.id == _param("document_id", documents.c.id))
    .values(text=_param("text", documents.c.text))
)


@dataclass(frozen=True)
class LeasePolicy:
    lease_seconds: float
    max_attempts: int
    result_ttl: float


def _fence(claim: Claim) -> dict[str, Any]:
    return {"fence_id": claim.extraction_id, "fence_attempt": claim.attempt}


def _check_answerable(body: WireResult | ErrorBody | None) -> None:
    """Raise UnicodeEncodeError when a JSON answer could not carry ``body`` (a lone surrogate:
    the JSON columns would store it escaped, and every poll would then fail)."""
    json.dumps(body, ensure_ascii=False).encode("utf-8")


def _refused_value(exc: Exception) -> bool:
    """Whether storing failed on a value (it does not encode or serialise, or the database
    refuses it) rather than on the database (locked, connection lost)."""
    if isinstance(exc, sa.exc.DBAPIError):
        return isinstance(exc, sa.exc.DataError)
    return True  # ValueError, TypeError, or SQLAlchemy's wrapping of one


class LeaseTable:
    """The job queue over the extractions table, for the embedded and the distributed worker
    alike (distributed mode only changes who says a job is waiting: a Procrastinate job)."""

    def __init__(self, db: Database, policy: LeasePolicy) -> None:
        self.db = db
        self.policy = policy

    def claim(self, worker_id: str, *, look_first: bool = True) -> Claim | None:
        """Take the next job. ``look_first`` reads before taking the write lock, so idle workers
        poll without blocking writers; a worker that just finished a job skips it (more are
        likely waiting)."""
        moment = now()
        runnable = {"moment": moment, "max_attempts": self.policy.max_attempts}
        if look_first:
            with self.db.read() as conn:
                if conn.execute(_ANY_WAITING, runnable).first() is None:
                    return None
        with self.db.write() as conn:
            candidate = conn.execute(_NEXT, runnable).scalar_one_or_none()
            if candidate is None:
                return None
            return self._take(conn, candidate, worker_id, moment, self.policy.lease_seconds)

    def claim_id(self, extraction_id: str, worker_id: str, lease_seconds: float) -> Claim | None:
        """Take one given job (a synchronous request run by the API's own sandbox)."""
        moment = now()
        with self.db.write() as conn:
            return self._take(conn, extraction_id, worker_id, moment, lease_seconds)

    def in_progress(self, extraction_id: str) -> bool:
        """Whether the extraction still waits or runs (not finished, cancelled or expired)."""
        with self.db.read() as conn:
            status = conn.execute(
                sa.select(_e.status).where(_e.id == extraction_id)
            ).scalar_one_or_none()
        return status == _IN_PROGRESS

    def _take(
        self, conn: sa.Connection, extraction_id: str, worker_id: str, moment: float, lease: float
    ) -> Claim | None:
        """Lease the row and read the job's input in the caller's (write) transaction: one
        statement leases the row and returns the document's bytes, a second reads the lessons
        only when the account has any."""
        taken = conn.execute(
            _TAKE,
            {
                "take_id": extraction_id,
                "moment": moment,
                "lease_until": moment + lease,
                "worker_id": worker_id,
            },
        ).first()
        if taken is None:
            return None
        type_name = str((taken.document_type or {}).get("name") or "")
        learned: list[dict[str, Any]] = []
        model: dict[str, Any] | None = None
        if taken.has_lessons and type_name:
            learned, model = what_was_learned(conn, taken.account_id, type_name)
        job = JobInput(
            data=taken.data,
            document_id=taken.document_id,
            document_type=taken.document_type,
            file_name=taken.file_name,
            customer=taken.customer,
            account_id=taken.account_id,
            lessons=tuple(learned),
            account_model=model,
        )
        return Claim(extraction_id, taken.attempt, worker_id, job)

    def renew(self, claim: Claim) -> bool:
        with self.db.write() as conn:
            lease_until = now() + self.policy.lease_seconds
            result = conn.execute(_RENEW, {**_fence(claim), "lease_until": lease_until})
        return result.rowcount == 1

    def finish(self, claim: Claim, outcome: JobOutcome) -> bool:
        """The fenced final write; False when the job is no longer ours. An outcome that cannot
        be stored (text that is not valid Unicode, a value the database refuses) is logged and
        replaced by an ERROR, written under the same fence; the job is never run again for it."""
        try:
            return self._write_final(claim, outcome)
        except (ValueError, TypeError, sa.exc.StatementError) as exc:
            if not _refused_value(exc):
                raise  # the database itself failed (locked, gone): not the outcome's fault
            log.exception("extraction %s: the outcome cannot be stored", claim.extraction_id)
        return self._write_final(claim, JobOutcome(error=ExtractionFailed(UNSTORABLE).to_body()))

    def _write_final(self, claim: Claim, outcome: JobOutcome) -> bool:
        moment = now()
        status = Status.ERROR if outcome.error is not None else Status.SUCCESS
        result = outcome.result if status is Status.SUCCESS else None
        _check_answerable(result)
        _check_answerable(outcome.error)
        with self.db.write() as conn:
            finished = conn.execute(
                _FINISH,
                {
                    **_fence(claim),
                    "status": status.value,
                    "result": result,
                    "error": outcome.error,
                    "finished_at": moment,
                    "expires_at": moment + self.policy.result_ttl,
                },
            ).first()
            if finished is None:
                log.info("extraction %s attempt %s fenced out", claim.extraction_id, claim.attempt)
                return False
            if finished.may_notify:
                # Webhook events are recorded with the final status: a crash cannot drop them.
                enqueue_finished_events(conn, [claim.extraction_id], moment)
            if outcome.text is not None:
                conn.execute(
                    _SAVE_TEXT, {"document_id": claim.job.document_id, "text": outcome.text}
                )
        return True

    def release(self, claim: Claim) -> None:
        with self.db.write() as conn:
            conn.execute(_RELEASE, _fence(claim))

    def fail_exhausted(self) -> int:
        moment = now()
        error = ExtractionFailed(EXHAUSTED).to_body()
        exhausted = sa.and_(_CLAIMABLE, _e.attempt >= self.policy.max_attempts)
        with self.db.write() as conn:
            failed = list(
                conn.execute(sa.select(_e.id).where(exhausted), {"moment": moment}).scalars()
            )
            if not failed:
                return 0
            conn.execute(
                sa.update(extractions)
                .where(_e.id.in_(failed), exhausted)
                .values(
                    status=Status.ERROR.value,
                    error=error,
                    lease_until=None,
                    finished_at=moment,
                    expires_at=moment + self.policy.result_ttl,
                ),
                {"moment": moment},
            )
            enqueue_finished_events(conn, failed, moment)
        return len(failed)


# --- worker rows: each worker process beats one; /ready asks for a fresh one ------------------

# A worker is alive when it beat within this many lease periods.
ALIVE_LEASES = 2.0


def record_answered(
    db: Database, new: NewExtraction, done: FinishedExtraction
) -> FinishedExtraction:
    """A synchronous extraction the API process ran itself: its document and extraction written
    finished and answered, in one transaction. An outcome that cannot be stored is logged and
    replaced by an ERROR, as ``LeaseTable.finish`` does. Returns what was written."""
    try:
        _write_answered(db, new, done)
        return done
    except (ValueError, TypeError, sa.exc.StatementError) as exc:
        if not _refused_value(exc):
            raise  # the database itself failed: the request fails, nothing was recorded
        log.exception("extraction %s: the outcome cannot be stored", done.extraction_id)
    unstorable = replace(done, result=None, text=None, error=ExtractionFailed(UNSTORABLE).to_body())
    _write_answered(db, new, unstorable)
    return unstorable


def _write_answered(db: Database, new: NewExtraction, done: FinishedExtraction) -> None:
    _check_answerable(done.result)
    _check_answerable(done.error)
    with db.write() as conn:
        ExtractionRepository(conn).insert_finished(new, done)


def beat(db: Database, worker_id: str) -> None:
    """Mark this process's worker alive now (its row is created on the first beat)."""
    moment = now()
    with db.write() as conn:
        updated = conn.execute(
            sa.update(workers).where(workers.c.id == worker_id).values(heartbeat_at=moment)
        ).rowcount
        if not updated:
            conn.execute(
                sa.insert(workers).values(
                    id=worker_id,
                    hostname=socket.gethostname()[:255],
                    pid=os.getpid(),
                    started_at=moment,
                    heartbeat_at=moment,
                )
            )


def forget(db: Database, worker_id: str) -> None:
    with db.write() as conn:
        conn.execute(sa.delete(workers).where(workers.c.id == worker_id))


def alive_count(db: Database, lease_seconds: float) -> int:
    since = now() - ALIVE_LEASES * lease_seconds
    with db.read() as conn:
        count = conn.execute(
            sa.select(sa.func.count()).select_from(workers).where(workers.c.heartbeat_at >= since)
        ).scalar_one()
    return int(count)


def prune(db: Database, older_than: float) -> int:
    """Drop rows of workers that stopped beating long ago (killed without saying goodbye)."""
    with db.write() as conn:
        return conn.execute(sa.delete(workers).where(workers.c.heartbeat_at < older_than)).rowcount


# --- distributed mode's upkeep over Procrastinate's tables (see paperwise.jobs.queue_sweep) ----

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


def requeue_orphans(db: Database, requeue: Callable[[sa.Connection, str], bool]) -> int:
    """Give a job again to every unleased IN_PROGRESS extraction that has none: ``requeue``
    defers one on the given connection (the same transaction) and says whether it did."""
    with db.write() as conn:
        orphans = list(conn.execute(_ORPHANS, {"moment": now(), "batch": ORPHAN_BATCH}).scalars())
        requeued = sum(requeue(conn, extraction_id) for extraction_id in orphans)
    if requeued:
        log.warning("requeued %d extraction(s) that had no job", requeued)
    return requeued


# --- the queue's figures -----------------------------------------------------------------------


def job_stats(db: Database) -> JobStats:
    """Extractions by status, the queue's depth (waiting, not leased), finished-job durations,
    webhook deliveries by status: every account's."""
    moment = now()
    waiting = sa.and_(
        _e.status == _IN_PROGRESS,
        sa.or_(_e.lease_until.is_(None), _e.lease_until < moment),
    )
    with db.read() as conn:
        by_status = {
            row.status: int(row.n)
            for row in conn.execute(
                sa.select(_e.status, sa.func.count().label("n")).group_by(_e.status)
            )
        }
        queue_depth = conn.execute(
            sa.select(sa.func.count()).select_from(extractions).where(waiting)
        ).scalar_one()
        durations = conn.execute(
            sa.select(sa.func.count(), sa.func.sum(_e.finished_at - _e.started_at)).where(
                _e.finished_at.is_not(None), _e.started_at.is_not(None)
            )
        ).one()
        d = webhook_deliveries.c
        deliveries = {
            row.status: int(row.n)
            for row in conn.execute(
                sa.select(d.status, sa.func.count().label("n")).group_by(d.status)
            )
        }
    in_progress = by_status.get(_IN_PROGRESS, 0)
    return JobStats(
        by_status={status.value: by_status.get(status.value, 0) for status in Status},
        queue_depth=int(queue_depth),
        running=in_progress - int(queue_depth),
        durations_count=int(durations[0] or 0),
        durations_sum_seconds=float(durations[1] or 0.0),
        webhook_deliveries={
            state.value: deliveries.get(state.value, 0) for state in DeliveryStatus
        },
    )


async def bookkeeping_without_flush(conn: Any) -> None:
    """Configure a Procrastinate worker connection (a psycopg AsyncConnection) to commit its
    bookkeeping without waiting for the disk flush (see jobs.procrastinate_app.worker_app)."""
    await conn.execute("SET synchronous_commit = off")
    await conn.commit()


def what_was_learned(
    conn: Connection, account_id: str, type_name: str
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """What an extraction of this account and document type starts from: its lessons (most
    recent first) and the account's model of what the type's fields mean (None: zero-shot)."""
    learned = LessonRepository(conn, account_id).for_type(type_name)
    return learned, AccountModelRepository(conn, account_id).get(type_name)
