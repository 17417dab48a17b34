from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from standardwebhooks import Webhook

from paperwise.config import Settings
from paperwise.domain.accounts import Account
from paperwise.domain.webhooks import DeliveryFilter, DeliveryStatus, WebhookDelivery
from paperwise.errors import Conflict, NotFound
from paperwise.services.paperwise_service import PaperwiseService
from paperwise.services.webhooks import Webhooks
from paperwise.storage.database import now
from paperwise.storage.webhook_tables import webhook_deliveries, webhook_endpoints
from paperwise.storage.webhooks_repo import WebhookRepository, enqueue_finished_events
from paperwise.webhooks.delivery import DeliveryPolicy, claim_due, deliver_due
from paperwise.webhooks.sender import AttemptResult

from .conftest import PUBLIC_URL, FakeSender, finished_extraction


def _enqueue(service: PaperwiseService, *extraction_ids: str) -> int:
    with service.db.write() as conn:
        return enqueue_finished_events(conn, extraction_ids, now())


def _deliveries(webhooks: Webhooks, account: Account, **where: object) -> list[WebhookDelivery]:
    return webhooks.list_deliveries(account.id, DeliveryFilter(**where))  # type: ignore[arg-type]


def _round(service: PaperwiseService, sender: FakeSender, settings: Settings) -> int:
    with ThreadPoolExecutor(2) as pool:
        return deliver_due(service.db, sender, DeliveryPolicy.from_settings(settings), pool)


def _make_due(service: PaperwiseService) -> None:
    with service.db.write() as conn:
        conn.execute(sa.update(webhook_deliveries).values(next_attempt_at=now() - 1))


def test_each_matching_endpoint_gets_the_same_event(
    service: PaperwiseService, webhooks: Webhooks, acme: Account, globex: Account
) -> None:
    every, _ = webhooks.create_webhook(acme.id, PUBLIC_URL, None)
    invoices, _ = webhooks.create_webhook(acme.id, PUBLIC_URL + "/invoices", "invoice")
    receipts, _ = webhooks.create_webhook(acme.id, PUBLIC_URL + "/receipts", "receipt")
    webhooks.create_webhook(globex.id, PUBLIC_URL, None)
    extraction_id = finished_extraction(service, acme, "invoice")
    assert _enqueue(service, extraction_id) == 2
    found = _deliveries(webhooks, acme, extraction_id=extraction_id)
    assert {d.webhook_id for d in found} == {every.id, invoices.id}
    assert receipts.id not in {d.webhook_id for d in found}
    assert len({d.event_id for d in found}) == 1
    assert all(d.status is DeliveryStatus.PENDING and d.attempts == () for d in found)
    assert _deliveries(webhooks, globex) == []


def test_unfinished_and_synchronous_extractions_make_no_event(
    service: PaperwiseService, webhooks: Webhooks, acme: Account
) -> None:
    webhooks.create_webhook(acme.id, PUBLIC_URL, None)
    running = finished_extraction(service, acme, status="IN_PROGRESS")
    synchronous = finished_extraction(service, acme)
    with service.db.write() as conn:
        conn.exec_driver_sql("UPDATE extractions SET sync = 1 WHERE id = ?", (synchronous,))
    assert _enqueue(service, running, synchronous) == 0


def test_a_successful_delivery_is_signed_logged_and_done(
    service: PaperwiseService, webhooks: Webhooks, acme: Account, settings: Settings
) -> None:
    endpoint, secret = webhooks.create_webhook(acme.id, PUBLIC_URL, None)
    extraction_id = finished_extraction(service, acme, status="ERROR")
    _enqueue(service, extraction_id)
    sender = FakeSender(AttemptResult(204, 12))
    assert _round(service, sender, settings) == 1
    url, headers, body = sender.sent[0]
    event = Webhook(secret).verify(body, headers)
    assert url == PUBLIC_URL
    assert event["data"] == {
        "id": extraction_id,
        "status": "ERROR",
        "message": "Extraction process finished",
    }
    (delivery,) = _deliveries(webhooks, acme, webhook_id=endpoint.id)
    assert headers["webhook-id"] == delivery.event_id == event["event_id"]
    assert delivery.status is DeliveryStatus.SUCCEEDED and delivery.next_attempt_at is None
    assert [(a.attempt, a.response_code, a.duration_ms, a.error) for a in delivery.attempts] == [
        (1, 204, 12, None)
    ]
    assert _round(service, sender, settings) == 0


def test_failures_are_retried_on_the_schedule_with_the_same_id_until_it_ends(
    service: PaperwiseService, webhooks: Webhooks, acme: Account, settings: Settings
) -> None:
    webhooks.create_webhook(acme.id, PUBLIC_URL, None)
    _enqueue(service, finished_extraction(service, acme))
    sender = FakeSender(
        AttemptResult(500, 3, "HTTP 500"),
        AttemptResult(None, 10_000, "timed out after 10 s"),
        AttemptResult(503, 3, "HTTP 503", retry_after=999.0),
    )
    started = now()
    assert _round(service, sender, settings) == 1
    (delivery,) = _deliveries(webhooks, acme)
    assert delivery.status is DeliveryStatus.PENDING
    assert delivery.next_attempt_at is not None
    assert 4 <= delivery.next_attempt_at.timestamp() - started <= 7  # backoff[1] = 5 s
    assert _round(service, sender, settings) == 0  # not due yet
    _make_due(service)
    assert _round(service, sender, settings) == 1
    _make_due(service)
    assert _round(service, sender, settings) == 1
    (delivery,) = _deliveries(webhooks, acme)
    assert delivery.status is DeliveryStatus.FAILED and delivery.next_attempt_at is None
    assert [a.response_code for a in delivery.attempts] == [500, None, 503]
    assert delivery.attempts[1].error == "timed out after 10 s"
    assert len({headers["webhook-id"] for _, headers, _ in sender.sent}) == 1


def test_retry_after_pushes_the_next_attempt(
    service: PaperwiseService, webhooks: Webhooks, acme: Account, settings: Settings
) -> None:
    webhooks.create_webhook(acme.id, PUBLIC_URL, None)
    _enqueue(service, finished_extraction(service, acme))
    started = now()
    _round(service, FakeSender(AttemptResult(429, 3, "HTTP 429", retry_after=120.0)), settings)
    (delivery,) = _deliveries(webhooks, acme)
    assert delivery.next_attempt_at is not None
    assert 119 <= delivery.next_attempt_at.timestamp() - started <= 122


def test_410_disables_the_endpoint_and_its_pending_deliveries(
    service: PaperwiseService, webhooks: Webhooks, acme: Account, settings: Settings
) -> None:
    endpoint, _ = webhooks.create_webhook(acme.id, PUBLIC_URL, None)
    first, second = finished_extraction(service, acme), finished_extraction(service, acme)
    _enqueue(service, first)
    _round(service, FakeSender(AttemptResult(410, 3, "HTTP 410")), settings)
    _enqueue(service, second)  # a disabled endpoint gets no new deliveries
    assert webhooks.list_webhooks(acme.id)[0].disabled_at is not None
    statuses = {d.extraction_id: d.status for d in _deliveries(webhooks, acme)}
    assert statuses == {first: DeliveryStatus.DISABLED}
    with service.db.write() as conn:
        conn.execute(sa.update(webhook_endpoints).values(disabled_at=None))
    _enqueue(service, second)
    with service.db.write() as conn:
        WebhookRepository(conn).disable_endpoint(endpoint.id, now())
    statuses = {d.extraction_id: d.status for d in _deliveries(webhooks, acme)}
    assert statuses == {first: DeliveryStatus.DISABLED, second: DeliveryStatus.DISABLED}


def test_replay_sends_again_with_the_same_event_id_and_reenables_the_endpoint(
    service: PaperwiseService, webhooks: Webhooks, acme: Account, settings: Settings
) -> None:
    webhooks.create_webhook(acme.id, PUBLIC_URL, None)
    _enqueue(service, finished_extraction(service, acme))
    sender = FakeSender(AttemptResult(410, 3, "HTTP 410"), AttemptResult(200, 4))
    _round(service, sender, settings)
    (delivery,) = _deliveries(webhooks, acme)
    replayed = webhooks.replay_delivery(acme.id, delivery.id)
    assert replayed.status is DeliveryStatus.PENDING
    assert webhooks.list_webhooks(acme.id)[0].disabled_at is None
    assert _round(service, sender, settings) == 1
    (delivery,) = _deliveries(webhooks, acme)
    assert delivery.status is DeliveryStatus.SUCCEEDED
    assert [a.response_code for a in delivery.attempts] == [410, 200]
    assert sender.sent[0][1]["webhook-id"] == sender.sent[1][1]["webhook-id"] == delivery.event_id


def test_another_accounts_deliveries_do_not_exist(
    service: PaperwiseService, webhooks: Webhooks, acme: Account, globex: Account
) -> None:
    webhooks.create_webhook(acme.id, PUBLIC_URL, None)
    _enqueue(service, finished_extraction(service, acme))
    (delivery,) = _deliveries(webhooks, acme)
    with pytest.raises(NotFound):
        webhooks.replay_delivery(globex.id, delivery.id)
    assert _deliveries(webhooks, globex, extraction_id=delivery.extraction_id) == []


def test_the_log_filters_by_status_and_endpoint(
    service: PaperwiseService, webhooks: Webhooks, acme: Account, settings: Settings
) -> None:
    one, _ = webhooks.create_webhook(acme.id, PUBLIC_URL + "/1", None)
    two, _ = webhooks.create_webhook(acme.id, PUBLIC_URL + "/2", None)
    _enqueue(service, finished_extraction(service, acme))
    sender = FakeSender(AttemptResult(200, 1), AttemptResult(500, 1, "HTTP 500"))
    _round(service, sender, settings)
    succeeded = _deliveries(webhooks, acme, status=DeliveryStatus.SUCCEEDED)
    pending = _deliveries(webhooks, acme, status=DeliveryStatus.PENDING)
    assert len(succeeded) == len(pending) == 1
    assert {d.webhook_id for d in (*succeeded, *pending)} == {one.id, two.id}
    assert [d.webhook_id for d in _deliveries(webhooks, acme, webhook_id=two.id)] == [two.id]


def test_a_delivery_is_claimed_once_until_its_lease_runs_out(
    service: PaperwiseService, webhooks: Webhooks, acme: Account, settings: Settings
) -> None:
    webhooks.create_webhook(acme.id, PUBLIC_URL, None)
    _enqueue(service, finished_extraction(service, acme))
    policy = DeliveryPolicy.from_settings(settings)
    (claim,) = claim_due(service.db, policy, 5)
    assert claim.attempt == 1
    assert claim_due(service.db, policy, 5) == []
    with service.db.write() as conn:
        conn.execute(sa.update(webhook_deliveries).values(lease_until=now() - 1))
    (again,) = claim_due(service.db, policy, 5)
    assert again.attempt == 2 and again.event_id == claim.event_id
    with service.db.write() as conn:  # the first claim was lost: its outcome is not applied
        assert not WebhookRepository(conn).settle(claim, DeliveryStatus.SUCCEEDED, None, now())
    with pytest.raises(Conflict):  # in flight
        webhooks.replay_delivery(acme.id, again.id)


def test_a_delivery_written_before_the_clock_went_back_is_due_at_once(
    service: PaperwiseService, webhooks: Webhooks, acme: Account, settings: Settings
) -> None:
    """The fault suite's clock jump: events recorded while the clock was 2 h ahead, one of them
    claimed by a process that died, are not held back until the clock catches up."""
    webhooks.create_webhook(acme.id, PUBLIC_URL, None)
    ahead = now() + 7200
    finished = [finished_extraction(service, acme) for _ in range(3)]
    with service.db.write() as conn:
        enqueue_finished_events(conn, finished[:2], ahead)
        WebhookRepository(conn).claim(WebhookRepository(conn).due_ids(ahead, 1)[0], ahead, 60)
    policy = DeliveryPolicy.from_settings(settings)
    assert len(claim_due(service.db, policy, 5)) == 2
    with service.db.write() as conn:  # a step smaller than CLOCK_STEP_SECONDS is waited out
        enqueue_finished_events(conn, finished[2:], now() + 30)
    assert claim_due(service.db, policy, 5) == []


def test_a_rotated_secret_keeps_signing_until_it_lapses(
    service: PaperwiseService, webhooks: Webhooks, acme: Account, settings: Settings
) -> None:
    endpoint, old = webhooks.create_webhook(acme.id, PUBLIC_URL, None)
    new = webhooks.rotate_webhook_secret(acme.id, endpoint.id)
    _enqueue(service, finished_extraction(service, acme))
    sender = FakeSender()
    _round(service, sender, settings)
    _, headers, body = sender.sent[0]
    assert headers["webhook-signature"].count("v1,") == 2
    assert Webhook(old).verify(body, headers) == Webhook(new).verify(body, headers)
    with service.db.write() as conn:
        conn.execute(sa.update(webhook_endpoints).values(previous_secret_until=now() - 1))
    _enqueue(service, finished_extraction(service, acme))
    _round(service, sender, settings)
    assert sender.sent[1][1]["webhook-signature"].count("v1,") == 1


def test_deleting_an_endpoint_removes_its_deliveries(
    service: PaperwiseService, webhooks: Webhooks, acme: Account
) -> None:
    endpoint, _ = webhooks.create_webhook(acme.id, PUBLIC_URL, None)
    _enqueue(service, finished_extraction(service, acme))
    webhooks.delete_webhook(acme.id, endpoint.id)
    assert _deliveries(webhooks, acme) == []


def test_job_stats_count_deliveries_by_status_for_the_metrics(
    service: PaperwiseService, webhooks: Webhooks, acme: Account, settings: Settings
) -> None:
    webhooks.create_webhook(acme.id, PUBLIC_URL, None)
    assert service.job_stats().webhook_deliveries == {
        "pending": 0,
        "succeeded": 0,
        "failed": 0,
        "disabled": 0,
    }
    _enqueue(service, finished_extraction(service, acme), finished_extraction(service, acme))
    _round(service, FakeSender(AttemptResult(500, 3, "HTTP 500")), settings)  # one fails, one ok
    counts = service.job_stats().webhook_deliveries
    assert counts["pending"] == 1 and counts["succeeded"] == 1
