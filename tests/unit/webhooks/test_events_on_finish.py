"""The queue's final writes record the webhook events in the same transaction."""

from __future__ import annotations

import sqlalchemy as sa

from paperwise.domain.accounts import Account
from paperwise.domain.jobs import JobOutcome
from paperwise.domain.result import ExtractionResult
from paperwise.domain.webhooks import DeliveryFilter, DeliveryStatus
from paperwise.jobs.worker import lease_policy
from paperwise.services.paperwise_service import PaperwiseService
from paperwise.services.protocol import Submission
from paperwise.services.webhooks import Webhooks
from paperwise.storage.job_queue import LeaseTable
from paperwise.storage.tables import extractions

from .conftest import PUBLIC_URL, make_pdf

RESULT = ExtractionResult(fields=[]).to_wire(object_id="o", file_name="a.pdf", customer=None)


def _queue(service: PaperwiseService) -> LeaseTable:
    return LeaseTable(service.db, lease_policy(service.settings))


def test_finishing_a_job_records_one_event_per_endpoint(
    service: PaperwiseService, webhooks: Webhooks, acme: Account
) -> None:
    webhooks.create_webhook(acme.id, PUBLIC_URL, None)
    extraction_id = service.submit(acme, Submission(make_pdf(), "a.pdf", "invoice"))
    queue = _queue(service)
    claim = queue.claim("w1")
    assert claim is not None
    assert queue.finish(claim, JobOutcome(result=RESULT, text="x"))
    (delivery,) = webhooks.list_deliveries(acme.id, DeliveryFilter())
    assert delivery.extraction_id == extraction_id
    assert delivery.status is DeliveryStatus.PENDING
    assert not queue.finish(claim, JobOutcome(result=RESULT, text="x"))  # fenced: no second event
    assert len(webhooks.list_deliveries(acme.id, DeliveryFilter())) == 1


def test_a_job_that_crashed_too_often_ends_error_with_an_event(
    service: PaperwiseService, webhooks: Webhooks, acme: Account
) -> None:
    webhooks.create_webhook(acme.id, PUBLIC_URL, None)
    extraction_id = service.submit(acme, Submission(make_pdf(), "a.pdf", "invoice"))
    with service.db.write() as conn:
        conn.execute(
            sa.update(extractions).values(attempt=service.settings.job_max_attempts, lease_until=1)
        )
    assert _queue(service).fail_exhausted() == 1
    assert _queue(service).fail_exhausted() == 0
    (delivery,) = webhooks.list_deliveries(acme.id, DeliveryFilter(extraction_id=extraction_id))
    assert delivery.status is DeliveryStatus.PENDING
    assert service.poll(acme, extraction_id)["status"] == "ERROR"
