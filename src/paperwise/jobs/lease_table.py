"""The embedded job queue: extraction rows under leases, in SQLite (or any SQL database).

A waiting job is a row IN_PROGRESS whose lease is NULL or past. Claiming bumps ``attempt`` and
sets a lease; a live worker renews it; a dead worker's lease runs out and the job is claimed again.
Every write after the claim says ``WHERE id=? AND attempt=? AND status='IN_PROGRESS'``, so a
worker that lost its job (retaken, cancelled, expired) can never complete it."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import sqlalchemy as sa

from paperwise.domain.statuses import Status
from paperwise.errors import ExtractionFailed
from paperwise.jobs.port import Claim, JobInput, JobOutcome
from paperwise.storage.database import Database, now
from paperwise.storage.tables import documents, extractions
from paperwise.storage.webhooks_repo import enqueue_finished_events

log = logging.getLogger(__name__)
_IN_PROGRESS = Status.IN_PROGRESS.value


@dataclass(frozen=True)
class LeasePolicy:
    lease_seconds: float
    max_attempts: int
    result_ttl: float


class LeaseTable:
    """The ``JobQueue`` port over the extractions table."""

    def __init__(self, db: Database, policy: LeasePolicy) -> None:
        self.db = db
        self.policy = policy

    def _claimable(self, moment: float) -> sa.ColumnElement[bool]:
        return sa.and_(
            extractions.c.status == _IN_PROGRESS,
            sa.or_(extractions.c.lease_until.is_(None), extractions.c.lease_until < moment),
        )

    def _fence(self, claim: Claim) -> sa.ColumnElement[bool]:
        return sa.and_(
            extractions.c.id == claim.extraction_id,
            extractions.c.attempt == claim.attempt,
            extractions.c.status == _IN_PROGRESS,
        )

    def claim(self, worker_id: str) -> Claim | None:
        moment = now()
        with self.db.read() as conn:  # idle workers poll without taking the write lock
            waiting = conn.execute(
                sa.select(extractions.c.id)
                .where(self._claimable(moment), extractions.c.attempt < self.policy.max_attempts)
                .limit(1)
            ).first()
        if waiting is None:
            return None
        with self.db.write() as conn:
            candidate = conn.execute(
                sa.select(extractions.c.id)
                .where(self._claimable(moment), extractions.c.attempt < self.policy.max_attempts)
                .order_by(extractions.c.sync.desc(), extractions.c.created_at)
                .limit(1)
                .with_for_update(skip_locked=True)
            ).scalar_one_or_none()
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
        attempt = conn.execute(
            sa.update(extractions)
            .where(extractions.c.id == extraction_id, self._claimable(moment))
            .values(
                attempt=extractions.c.attempt + 1,
                lease_until=moment + lease,
                worker_id=worker_id,
                started_at=sa.func.coalesce(extractions.c.started_at, moment),
            )
            .returning(extractions.c.attempt)
        ).scalar_one_or_none()
        if attempt is None:
            return None
        return Claim(extraction_id=extraction_id, attempt=attempt, worker_id=worker_id)

    def load(self, claim: Claim) -> JobInput | None:
        query = (
            sa.select(
                documents.c.data,
                documents.c.id.label("document_id"),
                extractions.c.document_type,
                extractions.c.file_name,
                extractions.c.customer,
                extractions.c.account_id,
            )
            .join(documents, documents.c.id == extractions.c.document_id)
            .where(self._fence(claim))
        )
        with self.db.read() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return JobInput(
            data=row.data,
            document_id=row.document_id,
            document_type=row.document_type,
            file_name=row.file_name,
            customer=row.customer,
            account_id=row.account_id,
        )

    def renew(self, claim: Claim) -> bool:
        with self.db.write() as conn:
            result = conn.execute(
                sa.update(extractions)
                .where(self._fence(claim))
                .values(lease_until=now() + self.policy.lease_seconds)
            )
        return result.rowcount == 1

    def finish(self, claim: Claim, outcome: JobOutcome) -> bool:
        moment = now()
        status = Status.ERROR if outcome.error is not None else Status.SUCCESS
        with self.db.write() as conn:
            result = conn.execute(
                sa.update(extractions)
                .where(self._fence(claim))
                .values(
                    status=status.value,
                    result=outcome.result if status is Status.SUCCESS else None,
                    error=outcome.error,
                    lease_until=None,
                    finished_at=moment,
                    expires_at=moment + self.policy.result_ttl,
                )
            )
            if result.rowcount != 1:
                log.info("extraction %s attempt %s fenced out", claim.extraction_id, claim.attempt)
                return False
            # Webhook events are recorded with the final status: a crash cannot drop them.
            enqueue_finished_events(conn, [claim.extraction_id], moment)
            if outcome.text is not None:
                conn.execute(
                    sa.update(documents)
                    .where(
                        documents.c.id
                        == sa.select(extractions.c.document_id)
                        .where(extractions.c.id == claim.extraction_id)
                        .scalar_subquery()
                    )
                    .values(text=outcome.text)
                )
        return True

    def release(self, claim: Claim) -> None:
        with self.db.write() as conn:
            conn.execute(sa.update(extractions).where(self._fence(claim)).values(lease_until=None))

    def fail_exhausted(self) -> int:
        moment = now()
        error = ExtractionFailed(
            "The extraction failed: the worker running it stopped too many times."
        ).to_body()
        exhausted = sa.and_(
            self._claimable(moment), extractions.c.attempt >= self.policy.max_attempts
        )
        with self.db.write() as conn:
            failed = list(conn.execute(sa.select(extractions.c.id).where(exhausted)).scalars())
            if not failed:
                return 0
            conn.execute(
                sa.update(extractions)
                .where(extractions.c.id.in_(failed), exhausted)
                .values(
                    status=Status.ERROR.value,
                    error=error,
                    lease_until=None,
                    finished_at=moment,
                    expires_at=moment + self.policy.result_ttl,
                )
            )
            enqueue_finished_events(conn, failed, moment)
        return len(failed)
