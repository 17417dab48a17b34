"""The embedded job queue: extraction rows under leases, in SQLite (or any SQL database).

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
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from paperwise.domain.statuses import Status
from paperwise.errors import ExtractionFailed
from paperwise.jobs.port import Claim, JobInput, JobOutcome
from paperwise.storage.database import Database, now
from paperwise.storage.lesson_tables import lessons
from paperwise.storage.lessons_repo import LessonRepository
from paperwise.storage.tables import documents, extractions
from paperwise.storage.webhook_tables import webhook_endpoints
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


def check_answerable(body: dict[str, Any] | None) -> None:
    """Raise UnicodeEncodeError when a JSON answer could not carry ``body`` (a lone surrogate:
    the JSON columns would store it escaped, and every poll would then fail)."""
    json.dumps(body, ensure_ascii=False).encode("utf-8")


def refused_value(exc: Exception) -> bool:
    """Whether storing failed on a value (it does not encode or serialise, or the database
    refuses it) rather than on the database (locked, connection lost)."""
    if isinstance(exc, sa.exc.DBAPIError):
        return isinstance(exc, sa.exc.DataError)
    return True  # ValueError, TypeError, or SQLAlchemy's wrapping of one


class LeaseTable:
    """The ``JobQueue`` port over the extractions table."""

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
        if taken.has_lessons and type_name:
            learned = LessonRepository(conn, taken.account_id).for_type(type_name)
        job = JobInput(
            data=taken.data,
            document_id=taken.document_id,
            document_type=taken.document_type,
            file_name=taken.file_name,
            customer=taken.customer,
            account_id=taken.account_id,
            lessons=tuple(learned),
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
            if not refused_value(exc):
                raise  # the database itself failed (locked, gone): not the outcome's fault
            log.exception("extraction %s: the outcome cannot be stored", claim.extraction_id)
        return self._write_final(claim, JobOutcome(error=ExtractionFailed(UNSTORABLE).to_body()))

    def _write_final(self, claim: Claim, outcome: JobOutcome) -> bool:
        moment = now()
        status = Status.ERROR if outcome.error is not None else Status.SUCCESS
        result = outcome.result if status is Status.SUCCESS else None
        check_answerable(result)
        check_answerable(outcome.error)
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
