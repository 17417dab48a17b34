"""Webhook endpoints, deliveries and attempts, inside a caller's transaction.

``enqueue_finished_events`` is called in the transaction that finishes extractions, so an event
is recorded exactly when its extraction ends: a crash cannot lose it. Claiming a delivery bumps
``attempts`` under a lease (the same fencing as the extraction queue); recording the outcome is
fenced by that attempt number."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from paperwise.domain.statuses import Status
from paperwise.domain.webhook_event import finished_event, new_event_id
from paperwise.domain.webhooks import (
    DeliveryAttempt,
    DeliveryFilter,
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
)
from paperwise.errors import Conflict
from paperwise.storage.tables import extractions
from paperwise.storage.webhook_tables import webhook_attempts, webhook_deliveries, webhook_endpoints

_PENDING = DeliveryStatus.PENDING.value
_FINISHED = (Status.SUCCESS.value, Status.ERROR.value)
# A delivery written this many seconds "in the future" means the wall clock was stepped back
# since (its due time and lease were set by the clock that was ahead): it is due now. Smaller
# differences (clocks of several machines, a small NTP correction) are waited out.
CLOCK_STEP_SECONDS = 60.0


def _time(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


def _endpoint(row: Any) -> WebhookEndpoint:
    return WebhookEndpoint(
        id=row.id,
        url=row.url,
        document_type_name=row.document_type_name,
        created_at=datetime.fromtimestamp(row.created_at, UTC),
        disabled_at=_time(row.disabled_at),
    )


@dataclass(frozen=True)
class ClaimedDelivery:
    """A delivery taken for one attempt: ``attempt`` fences the outcome's write."""

    id: str
    attempt: int
    event_id: str
    payload: dict[str, Any]
    endpoint_id: str
    url: str
    signing_secrets: tuple[str, ...]
    endpoint_disabled: bool


def enqueue_finished_events(conn: Connection, extraction_ids: Iterable[str], moment: float) -> int:
    """One pending delivery per matching enabled endpoint for each of these extractions that
    finished (SUCCESS or ERROR) asynchronously. The first attempt is due at once; the delivery
    loop applies the schedule. Returns the number of deliveries recorded."""
    ids = list(extraction_ids)
    if not ids:
        return 0
    e, w = extractions.c, webhook_endpoints.c
    finished = conn.execute(
        sa.select(e.id, e.account_id, e.status, e.document_type, e.finished_at).where(
            e.id.in_(ids), e.status.in_(_FINISHED), e.sync.is_(False)
        )
    ).all()
    rows: list[dict[str, Any]] = []
    for extraction in finished:
        type_name = (extraction.document_type or {}).get("name")
        endpoint_ids = conn.execute(
            sa.select(w.id).where(
                w.account_id == extraction.account_id,
                w.disabled_at.is_(None),
                sa.or_(w.document_type_name.is_(None), w.document_type_name == type_name),
            )
        ).scalars()
        event_id = new_event_id()
        event = finished_event(
            event_id, extraction.id, extraction.status, extraction.finished_at or moment
        )
        rows.extend(
            {
                "id": secrets.token_hex(20),
                "event_id": event_id,
                "endpoint_id": endpoint_id,
                "extraction_id": extraction.id,
                "account_id": extraction.account_id,
                "payload": event,
                "status": _PENDING,
                "attempts": 0,
                "next_attempt_at": moment,
                "created_at": moment,
                "updated_at": moment,
            }
            for endpoint_id in endpoint_ids
        )
    if rows:
        conn.execute(sa.insert(webhook_deliveries), rows)
    return len(rows)


class WebhookRepository:
    """Endpoints and the delivery log of accounts, and the delivery queue."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # --- endpoints ---------------------------------------------------------------------------
    def insert_endpoint(
        self, account_id: str, url: str, document_type_name: str | None, secret: str, moment: float
    ) -> WebhookEndpoint:
        endpoint_id = secrets.token_hex(20)
        self.conn.execute(
            sa.insert(webhook_endpoints).values(
                id=endpoint_id,
                account_id=account_id,
                url=url,
                document_type_name=document_type_name,
                secret=secret,
                created_at=moment,
            )
        )
        return WebhookEndpoint(
            id=endpoint_id,
            url=url,
            document_type_name=document_type_name,
            created_at=datetime.fromtimestamp(moment, UTC),
            disabled_at=None,
        )

    def endpoint_count(self, account_id: str) -> int:
        count = sa.select(sa.func.count()).where(webhook_endpoints.c.account_id == account_id)
        return int(self.conn.execute(count).scalar_one())

    def endpoints(self, account_id: str) -> list[WebhookEndpoint]:
        w = webhook_endpoints.c
        rows = self.conn.execute(
            sa.select(webhook_endpoints)
            .where(w.account_id == account_id)
            .order_by(w.created_at, w.id)
        )
        return [_endpoint(row) for row in rows]

    def delete_endpoint(self, account_id: str, endpoint_id: str) -> bool:
        w = webhook_endpoints.c
        result = self.conn.execute(
            sa.delete(webhook_endpoints).where(w.id == endpoint_id, w.account_id == account_id)
        )
        return result.rowcount == 1

    def rotate_secret(
        self, account_id: str, endpoint_id: str, new_secret: str, old_valid_until: float
    ) -> bool:
        w = webhook_endpoints.c
        result = self.conn.execute(
            sa.update(webhook_endpoints)
            .where(w.id == endpoint_id, w.account_id == account_id)
            .values(
                secret=new_secret, previous_secret=w.secret, previous_secret_until=old_valid_until
            )
        )
        return result.rowcount == 1

    def disable_endpoint(self, endpoint_id: str, moment: float) -> None:
        """The receiver answered 410 Gone: stop sending to it (its pending deliveries too)."""
        w, d = webhook_endpoints.c, webhook_deliveries.c
        self.conn.execute(
            sa.update(webhook_endpoints)
            .where(w.id == endpoint_id, w.disabled_at.is_(None))
            .values(disabled_at=moment)
        )
        self.conn.execute(
            sa.update(webhook_deliveries)
            .where(d.endpoint_id == endpoint_id, d.status == _PENDING, d.lease_until.is_(None))
            .values(status=DeliveryStatus.DISABLED.value, next_attempt_at=None, updated_at=moment)
        )

    # --- the delivery queue ------------------------------------------------------------------
    @staticmethod
    def _due(moment: float) -> sa.ColumnElement[bool]:
        """Pending, its time come and not leased; or last written more than
        ``CLOCK_STEP_SECONDS`` after ``moment``: the wall clock went back since, and its times
        (set by the clock that was ahead) would hold it back by the length of the step."""
        d = webhook_deliveries.c
        clock_went_back = d.updated_at > moment + CLOCK_STEP_SECONDS
        return sa.and_(
            d.status == _PENDING,
            sa.or_(d.next_attempt_at <= moment, clock_went_back),
            sa.or_(d.lease_until.is_(None), d.lease_until < moment, clock_went_back),
        )

    def due_ids(self, moment: float, limit: int) -> list[str]:
        d = webhook_deliveries.c
        query = sa.select(d.id).where(self._due(moment)).order_by(d.next_attempt_at).limit(limit)
        return list(self.conn.execute(query).scalars())

    def claim(
        self, delivery_id: str, moment: float, lease_seconds: float
    ) -> ClaimedDelivery | None:
        """Take one due delivery for an attempt; None when another process took it first."""
        d, w = webhook_deliveries.c, webhook_endpoints.c
        attempt = self.conn.execute(
            sa.update(webhook_deliveries)
            .where(d.id == delivery_id, self._due(moment))
            .values(attempts=d.attempts + 1, lease_until=moment + lease_seconds, updated_at=moment)
            .returning(d.attempts)
        ).scalar_one_or_none()
        if attempt is None:
            return None
        row = self.conn.execute(
            sa.select(
                d.event_id,
                d.payload,
                d.endpoint_id,
                w.url,
                w.secret,
                w.previous_secret,
                w.previous_secret_until,
                w.disabled_at,
            )
            .join(webhook_endpoints, w.id == d.endpoint_id)
            .where(d.id == delivery_id)
        ).one()
        in_use = [row.secret]
        if row.previous_secret and (row.previous_secret_until or 0) > moment:
            in_use.append(row.previous_secret)
        return ClaimedDelivery(
            id=delivery_id,
            attempt=attempt,
            event_id=row.event_id,
            payload=row.payload,
            endpoint_id=row.endpoint_id,
            url=row.url,
            signing_secrets=tuple(in_use),
            endpoint_disabled=row.disabled_at is not None,
        )

    def record_attempt(
        self,
        claim: ClaimedDelivery,
        *,
        started_at: float,
        duration_ms: int,
        response_code: int | None,
        error: str | None,
    ) -> None:
        self.conn.execute(
            sa.insert(webhook_attempts).values(
                delivery_id=claim.id,
                attempt=claim.attempt,
                url=claim.url,
                started_at=started_at,
                duration_ms=duration_ms,
                response_code=response_code,
                error=error,
            )
        )

    def settle(
        self,
        claim: ClaimedDelivery,
        status: DeliveryStatus,
        next_attempt_at: float | None,
        moment: float,
    ) -> bool:
        """End the claim: the delivery's new status and, when pending, its next attempt time.
        False (nothing written) when the claim was lost meanwhile."""
        d = webhook_deliveries.c
        result = self.conn.execute(
            sa.update(webhook_deliveries)
            .where(d.id == claim.id, d.attempts == claim.attempt, d.status == _PENDING)
            .values(
                status=status.value,
                next_attempt_at=next_attempt_at,
                lease_until=None,
                updated_at=moment,
            )
        )
        return result.rowcount == 1

    # --- the log -----------------------------------------------------------------------------
    def deliveries(self, account_id: str, where: DeliveryFilter) -> list[WebhookDelivery]:
        d = webhook_deliveries.c
        query = sa.select(webhook_deliveries).where(d.account_id == account_id)
        if where.delivery_id is not None:
            query = query.where(d.id == where.delivery_id)
        if where.extraction_id is not None:
            query = query.where(d.extraction_id == where.extraction_id)
        if where.webhook_id is not None:
            query = query.where(d.endpoint_id == where.webhook_id)
        if where.status is not None:
            query = query.where(d.status == where.status.value)
        rows = self.conn.execute(query.order_by(d.created_at.desc(), d.id).limit(where.limit)).all()
        attempts = self._attempts([row.id for row in rows])
        return [
            WebhookDelivery(
                id=row.id,
                event_id=row.event_id,
                webhook_id=row.endpoint_id,
                extraction_id=row.extraction_id,
                status=DeliveryStatus(row.status),
                attempts=tuple(attempts.get(row.id, [])),
                next_attempt_at=_time(row.next_attempt_at),
                created_at=datetime.fromtimestamp(row.created_at, UTC),
            )
            for row in rows
        ]

    def _attempts(self, delivery_ids: list[str]) -> dict[str, list[DeliveryAttempt]]:
        if not delivery_ids:
            return {}
        a = webhook_attempts.c
        found: dict[str, list[DeliveryAttempt]] = {}
        for row in self.conn.execute(
            sa.select(webhook_attempts)
            .where(a.delivery_id.in_(delivery_ids))
            .order_by(a.delivery_id, a.attempt)
        ):
            found.setdefault(row.delivery_id, []).append(
                DeliveryAttempt(
                    attempt=row.attempt,
                    at=datetime.fromtimestamp(row.started_at, UTC),
                    url=row.url,
                    response_code=row.response_code,
                    duration_ms=row.duration_ms,
                    error=row.error,
                )
            )
        return found

    def replay(self, account_id: str, delivery_id: str, moment: float) -> bool:
        """Due again now, whatever its status (the event id stays); its endpoint is re-enabled.
        False when the account has no such delivery; Conflict while an attempt is in flight."""
        d, w = webhook_deliveries.c, webhook_endpoints.c
        row = self.conn.execute(
            sa.select(d.endpoint_id, d.lease_until).where(
                d.id == delivery_id, d.account_id == account_id
            )
        ).first()
        if row is None:
            return False
        if row.lease_until is not None and row.lease_until > moment:
            raise Conflict(
                "This delivery is being sent right now; replay it once the attempt is logged.",
                [{"field": "delivery_id", "problem": "an attempt is in flight"}],
            )
        endpoint_id = row.endpoint_id
        self.conn.execute(
            sa.update(webhook_endpoints).where(w.id == endpoint_id).values(disabled_at=None)
        )
        self.conn.execute(
            sa.update(webhook_deliveries)
            .where(d.id == delivery_id)
            .values(status=_PENDING, next_attempt_at=moment, updated_at=moment)
        )
        return True
