"""The delivery loop: take due deliveries under a lease, sign and send each, log the attempt and
decide what comes next (succeeded, retry later, failed for good, or disabled by a 410). Runs in
a thread of ``serve`` and ``worker``; every step is a catch-up query, safe in several processes
at once, and it never touches an extraction job."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from paperwise.config import Settings
from paperwise.domain.webhook_event import event_bytes
from paperwise.domain.webhooks import DeliveryStatus
from paperwise.storage.database import Database, now
from paperwise.storage.webhooks_repo import ClaimedDelivery, WebhookRepository
from paperwise.webhooks.schedule import next_attempt_delay
from paperwise.webhooks.sender import (
    MAX_REDIRECTS,
    AttemptResult,
    HttpWebhookSender,
    WebhookSender,
)
from paperwise.webhooks.signing import signed_headers

log = logging.getLogger(__name__)
IDLE_POLL_SECONDS = 0.5
CONCURRENCY = 4
# A lease outlives the slowest attempt: connect, write and read timeouts at every hop.
_LEASE_MARGIN_SECONDS = 30.0


@dataclass(frozen=True)
class DeliveryPolicy:
    backoff: tuple[int, ...]
    lease_seconds: float

    @classmethod
    def from_settings(cls, settings: Settings) -> DeliveryPolicy:
        slowest = 3 * settings.webhook_timeout * (MAX_REDIRECTS + 1)
        return cls(backoff=settings.webhook_backoff, lease_seconds=slowest + _LEASE_MARGIN_SECONDS)


def next_step(
    result: AttemptResult, attempt: int, backoff: tuple[int, ...], moment: float
) -> tuple[DeliveryStatus, float | None]:
    """The delivery's status after attempt number ``attempt`` (1-based) got ``result``, and
    when to try again if it is still pending."""
    if result.succeeded:
        return DeliveryStatus.SUCCEEDED, None
    if result.gone:
        return DeliveryStatus.DISABLED, None
    delay = next_attempt_delay(attempt, backoff, result.retry_after)
    if delay is None:
        return DeliveryStatus.FAILED, None
    return DeliveryStatus.PENDING, moment + delay


def attempt_delivery(
    db: Database, sender: WebhookSender, claim: ClaimedDelivery, policy: DeliveryPolicy
) -> DeliveryStatus:
    """Send one claimed delivery and record the attempt and what follows."""
    if claim.endpoint_disabled:
        with db.write() as conn:
            WebhookRepository(conn).settle(claim, DeliveryStatus.DISABLED, None, now())
        return DeliveryStatus.DISABLED
    body = event_bytes(claim.payload)
    started = now()
    headers = signed_headers(claim.signing_secrets, claim.event_id, int(started), body)
    result = sender.send(claim.url, headers, body)
    moment = now()
    status, next_at = next_step(result, claim.attempt, policy.backoff, moment)
    with db.write() as conn:
        repo = WebhookRepository(conn)
        repo.record_attempt(
            claim,
            started_at=started,
            duration_ms=result.duration_ms,
            response_code=result.response_code,
            error=result.error,
        )
        if not repo.settle(claim, status, next_at, moment):
            log.info("webhook delivery %s attempt %s was retaken", claim.id, claim.attempt)
        if result.gone:
            repo.disable_endpoint(claim.endpoint_id, moment)
    log.info(
        "webhook delivery %s attempt %s: %s -> %s",
        claim.id,
        claim.attempt,
        result.response_code or result.error,
        status.value,
    )
    return status


def claim_due(db: Database, policy: DeliveryPolicy, limit: int) -> list[ClaimedDelivery]:
    """Take up to ``limit`` due deliveries; idle polls only read."""
    moment = now()
    with db.read() as conn:
        due = WebhookRepository(conn).due_ids(moment, limit)
    if not due:
        return []
    with db.write() as conn:
        repo = WebhookRepository(conn)
        claims = [repo.claim(delivery_id, moment, policy.lease_seconds) for delivery_id in due]
    return [claim for claim in claims if claim is not None]


def deliver_due(
    db: Database,
    sender: WebhookSender,
    policy: DeliveryPolicy,
    pool: ThreadPoolExecutor,
    limit: int = CONCURRENCY,
) -> int:
    """One round: claim due deliveries and send them side by side. Returns how many were sent."""
    claims = claim_due(db, policy, limit)
    for status in pool.map(lambda claim: attempt_delivery(db, sender, claim, policy), claims):
        log.debug("delivery ended %s", status)
    return len(claims)


class DeliveryThread(threading.Thread):
    """Runs ``deliver_due`` until ``stop()``: at once while work is waiting, else every
    ``IDLE_POLL_SECONDS``."""

    def __init__(
        self, db: Database, settings: Settings, sender: WebhookSender | None = None
    ) -> None:
        super().__init__(name="paperwise-webhooks", daemon=True)
        self.db = db
        self.policy = DeliveryPolicy.from_settings(settings)
        self.sender = sender or HttpWebhookSender(
            settings.webhook_timeout, allow_private=settings.webhook_allow_private
        )
        self._stop_event = threading.Event()

    def run(self) -> None:
        with ThreadPoolExecutor(CONCURRENCY, thread_name_prefix="paperwise-webhook") as pool:
            while not self._stop_event.is_set():
                try:
                    busy = deliver_due(self.db, self.sender, self.policy, pool) > 0
                except Exception:
                    log.exception("webhook delivery round failed; will try again")
                    busy = False
                if not busy:
                    self._stop_event.wait(IDLE_POLL_SECONDS)

    def stop(self) -> None:
        self._stop_event.set()
        if self.is_alive():
            self.join(5)  # a send in flight ends with its timeout; its lease covers it
