"""Webhook delivery over real HTTP to a receiver on loopback, through the delivery thread."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from standardwebhooks import Webhook

from paperwise.config import Settings
from paperwise.domain.accounts import Account
from paperwise.domain.webhooks import DeliveryFilter, DeliveryStatus, WebhookDelivery
from paperwise.services.paperwise_service import PaperwiseService
from paperwise.services.protocol import Submission
from paperwise.services.webhooks import Webhooks
from paperwise.storage.database import now
from paperwise.storage.tables import extractions
from paperwise.storage.webhooks_repo import enqueue_finished_events
from paperwise.webhooks.delivery import DeliveryThread
from paperwise.webhooks.sender import HttpWebhookSender

from ..helpers import make_pdf, wait_for
from .receiver import Receiver, Reply

pytestmark = pytest.mark.integration


@pytest.fixture(params=["embedded", "distributed"])
def settings(tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    """Both modes: SQLite in a temporary data dir, or the session's PostgreSQL database."""
    url = request.getfixturevalue("fresh_postgres") if request.param == "distributed" else None
    return Settings(
        data_dir=tmp_path / "data",
        database_url=url,
        workers=0,
        webhook_allow_private=True,
        webhook_backoff=(0, 1, 1),
        webhook_timeout=1.0,
    )


@pytest.fixture
def webhooks(service: PaperwiseService, settings: Settings) -> Webhooks:
    return Webhooks(service.db, settings)


@pytest.fixture
def thread(service: PaperwiseService, settings: Settings) -> Iterator[DeliveryThread]:
    running = DeliveryThread(service.db, settings)
    running.start()
    yield running
    running.stop()


def _finish(service: PaperwiseService, account: Account) -> str:
    extraction_id = service.submit(account, Submission(make_pdf(), "a.pdf", "invoice"))
    with service.db.write() as conn:
        conn.execute(
            extractions.update()
            .where(extractions.c.id == extraction_id)
            .values(status="SUCCESS", finished_at=now())
        )
        enqueue_finished_events(conn, [extraction_id], now())
    return extraction_id


def _delivery(webhooks: Webhooks, account: Account, extraction_id: str) -> WebhookDelivery:
    (found,) = webhooks.list_deliveries(account.id, DeliveryFilter(extraction_id=extraction_id))
    return found


def test_the_receiver_verifies_the_signature_with_the_returned_secret(
    service: PaperwiseService, webhooks: Webhooks, account: Account, thread: DeliveryThread
) -> None:
    with Receiver() as receiver:
        _, secret = webhooks.create_webhook(account.id, receiver.url + "/hook", None)
        extraction_id = _finish(service, account)
        (request,) = receiver.wait_for(1)
        delivery = wait_for(
            lambda: (d := _delivery(webhooks, account, extraction_id)).attempts and d, timeout=10
        )
    event = Webhook(secret).verify(request.body, request.headers)
    assert request.path == "/hook"
    assert event["type"] == "extraction.finished"
    assert event["data"]["id"] == extraction_id and event["data"]["status"] == "SUCCESS"
    assert delivery.status is DeliveryStatus.SUCCEEDED
    assert delivery.attempts[0].response_code == 200


def test_failures_are_retried_with_the_same_event_id_until_one_succeeds(
    service: PaperwiseService, webhooks: Webhooks, account: Account, thread: DeliveryThread
) -> None:
    with Receiver(Reply(500), Reply(200, delay=3.0), Reply(204)) as receiver:
        _, secret = webhooks.create_webhook(account.id, receiver.url, None)
        extraction_id = _finish(service, account)
        requests = receiver.wait_for(3, timeout=20)
        delivery = wait_for(
            lambda: (
                (d := _delivery(webhooks, account, extraction_id)).status
                is DeliveryStatus.SUCCEEDED
                and d
            ),
            timeout=10,
        )
    assert len({r.headers["webhook-id"] for r in requests}) == 1
    assert requests[1].at - requests[0].at >= 0.9  # backoff (0, 1, 1)
    for request in requests:
        Webhook(secret).verify(request.body, request.headers)
    codes = [(a.response_code, a.error) for a in delivery.attempts]
    assert codes == [(500, "HTTP 500"), (None, "timed out after 1 s"), (204, None)]


def test_a_closed_port_is_a_failed_attempt_then_the_schedule_ends(
    service: PaperwiseService, webhooks: Webhooks, account: Account, thread: DeliveryThread
) -> None:
    with Receiver() as receiver:
        url = receiver.url
    webhooks.create_webhook(account.id, url, None)  # nothing listens there any more
    extraction_id = _finish(service, account)
    delivery = wait_for(
        lambda: (
            (d := _delivery(webhooks, account, extraction_id)).status is DeliveryStatus.FAILED and d
        ),
        timeout=15,
    )
    assert len(delivery.attempts) == 3
    assert all(a.response_code is None and a.error for a in delivery.attempts)


def test_the_guard_refuses_loopback_at_delivery_when_private_is_not_allowed(
    service: PaperwiseService, settings: Settings, webhooks: Webhooks, account: Account
) -> None:
    strict = settings.model_copy(update={"webhook_allow_private": False})
    with Receiver() as receiver:
        webhooks.create_webhook(account.id, receiver.url, None)  # registered while allowed
        extraction_id = _finish(service, account)
        sender = HttpWebhookSender(1.0, allow_private=False)
        running = DeliveryThread(service.db, strict, sender)
        running.start()
        try:
            delivery = wait_for(
                lambda: (d := _delivery(webhooks, account, extraction_id)).attempts and d,
                timeout=10,
            )
        finally:
            running.stop()
        time.sleep(0.2)
        assert receiver.received == []
    assert delivery.attempts[0].response_code is None
    assert "127.0.0.1" in (delivery.attempts[0].error or "")
