"""Webhooks over real HTTP: a real ``paperwise serve`` (loopback allowed, backoff 0,1,1) posts
to a real receiver on 127.0.0.1, which verifies every request with the standardwebhooks package."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from standardwebhooks import Webhook
from tests.integration.webhooks.receiver import Received, Receiver, Reply

from .api_client import Api
from .documents import invoice_pdf
from .server_process import Server

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def webhook_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = Server(
        tmp_path_factory.mktemp("paperwise-webhooks"),
        webhook_allow_private="1",
        webhook_backoff="0,1,1",
        webhook_timeout="2",
    )
    server.start().add_accounts("carol", "dave")
    yield server
    server.stop()


@pytest.fixture
def carol(webhook_server: Server) -> Iterator[Api]:
    api = Api(webhook_server.url, webhook_server.keys["carol"])
    yield api
    api.close()


@pytest.fixture
def dave(webhook_server: Server) -> Iterator[Api]:
    api = Api(webhook_server.url, webhook_server.keys["dave"])
    yield api
    api.close()


def _register(api: Api, url: str, document_type_name: str | None = None) -> dict[str, Any]:
    response = api.http.post(
        "/api/webhooks", json={"url": url, "document_type_name": document_type_name}
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _deliveries(api: Api, **params: str) -> list[dict[str, Any]]:
    response = api.http.get("/api/webhook-deliveries", params=params)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["deliveries"]
    return found


def _wait_deliveries(
    api: Api, done: Any, timeout: float = 30.0, **params: str
) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while True:
        found = _deliveries(api, **params)
        if done(found) or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def _verify(secret: str, request: Received) -> dict[str, Any]:
    event: dict[str, Any] = Webhook(secret).verify(request.body, request.headers)
    return event


def test_a_finished_extraction_is_delivered_signed_and_logged(carol: Api, dave: Api) -> None:
    with Receiver() as receiver:
        webhook = _register(carol, receiver.url + "/paperwise")
        extraction_id = carol.submit_id(invoice_pdf())
        (request,) = receiver.wait_for(1, timeout=90)
        (delivery,) = _wait_deliveries(
            carol,
            lambda found: found and found[0]["status"] == "succeeded",
            extraction_id=extraction_id,
        )
    event = _verify(webhook["secret"], request)
    assert event["type"] == "extraction.finished" and len(event["event_id"]) == 40
    assert event["data"] == {
        "id": extraction_id,
        "status": "SUCCESS",
        "message": "Extraction process finished",
    }
    assert request.headers["webhook-id"] == event["event_id"]
    assert carol.poll(extraction_id).json()["status"] == "SUCCESS"
    assert delivery["event_id"] == event["event_id"] and delivery["webhook_id"] == webhook["id"]
    assert [a["response_code"] for a in delivery["attempts"]] == [200]
    assert _deliveries(dave, extraction_id=extraction_id) == []
    assert dave.http.delete(f"/api/webhooks/{webhook['id']}").status_code == 404
    assert carol.http.delete(f"/api/webhooks/{webhook['id']}").status_code == 204


def test_failed_attempts_are_retried_with_the_same_id_and_can_be_replayed(carol: Api) -> None:
    with Receiver(Reply(500), Reply(503, {"Retry-After": "1"})) as receiver:
        webhook = _register(carol, receiver.url)
        extraction_id = carol.submit_id(invoice_pdf(number="INV-RETRY"))
        requests = receiver.wait_for(3, timeout=90)
        (delivery,) = _wait_deliveries(
            carol,
            lambda found: found and found[0]["status"] == "succeeded",
            extraction_id=extraction_id,
        )
        replay = carol.http.post(f"/api/webhook-deliveries/{delivery['id']}/replay")
        assert replay.status_code == 202
        replayed = receiver.wait_for(4, timeout=30)[3]
    ids = {r.headers["webhook-id"] for r in [*requests, replayed]}
    assert ids == {delivery["event_id"]}
    for request in [*requests, replayed]:
        assert _verify(webhook["secret"], request)["data"]["id"] == extraction_id
    assert requests[1].at - requests[0].at >= 0.9
    assert [a["response_code"] for a in delivery["attempts"]] == [500, 503, 200]
    carol.http.delete(f"/api/webhooks/{webhook['id']}")


def test_an_endpoint_for_one_type_gets_only_that_type(carol: Api) -> None:
    with Receiver() as receipts, Receiver() as everything:
        only_receipts = _register(carol, receipts.url, "receipt")
        every = _register(carol, everything.url)
        extraction_id = carol.submit_id(invoice_pdf(number="INV-FILTER"))
        everything.wait_for(1, timeout=90)
        time.sleep(1.5)
        assert receipts.received == []
    assert _deliveries(carol, extraction_id=extraction_id, webhook_id=only_receipts["id"]) == []
    for webhook in (only_receipts, every):
        carol.http.delete(f"/api/webhooks/{webhook['id']}")


def test_a_rotated_secret_and_the_old_one_both_verify(carol: Api) -> None:
    with Receiver() as receiver:
        webhook = _register(carol, receiver.url)
        rotated = carol.http.post(f"/api/webhooks/{webhook['id']}/rotate-secret")
        assert rotated.status_code == 200
        carol.submit_id(invoice_pdf(number="INV-ROTATE"))
        (request,) = receiver.wait_for(1, timeout=90)
    assert _verify(rotated.json()["secret"], request) == _verify(webhook["secret"], request)
    carol.http.delete(f"/api/webhooks/{webhook['id']}")


def test_loopback_urls_are_refused_when_the_operator_has_not_allowed_them(alice: Api) -> None:
    for url in ("http://127.0.0.1:9/hook", "http://localhost/hook", "http://169.254.169.254/"):
        response = alice.http.post("/api/webhooks", json={"url": url})
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "WEBHOOK_URL_REFUSED"


def test_a_pending_delivery_survives_a_killed_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    server = Server(
        tmp_path_factory.mktemp("paperwise-webhook-kill"),
        webhook_allow_private="1",
        webhook_backoff="0,3,3",
    )
    server.start().add_accounts("erin")
    api = Api(server.url, server.keys["erin"])
    try:
        with Receiver(Reply(500)) as receiver:
            webhook = _register(api, receiver.url)
            api.submit_id(invoice_pdf(number="INV-KILL"))
            receiver.wait_for(1, timeout=90)
            _wait_deliveries(api, lambda found: found and found[0]["attempts"])  # 500 recorded
            server.kill()  # SIGKILL: the API, its workers and the delivery thread
            server.start()
            first, second = receiver.wait_for(2, timeout=90)
    finally:
        api.close()
        server.stop()
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert _verify(webhook["secret"], second)["event_id"] == first.headers["webhook-id"]
