"""The webhook routes over the real service (SQLite in a temporary directory), in process."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from paperwise.api.app import create_app
from paperwise.services.paperwise_service import PaperwiseService
from paperwise.services.webhooks import Webhooks
from paperwise.storage.database import now
from paperwise.storage.webhooks_repo import enqueue_finished_events

from .conftest import PUBLIC_URL, finished_extraction, public_resolver

pytestmark = pytest.mark.anyio


@pytest.fixture
async def client(service: PaperwiseService) -> AsyncIterator[httpx.AsyncClient]:
    service.webhooks = Webhooks(service.db, service.settings, resolver=public_resolver)
    app = create_app(service.settings.model_copy(update={"rate_limit_per_minute": 0}), service)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as test_client:
        yield test_client


def _auth(service: PaperwiseService, account: str) -> dict[str, str]:
    return {"Authorization": f"Token {service.create_key(account)[1]}"}


def _assert_error(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["code"] == code


async def test_create_list_rotate_and_delete_a_webhook(
    client: httpx.AsyncClient, service: PaperwiseService
) -> None:
    auth = _auth(service, "acme")
    created = await client.post(
        "/api/webhooks", json={"url": PUBLIC_URL, "document_type_name": "invoice"}, headers=auth
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert set(body) == {"id", "url", "document_type_name", "secret", "created_at", "disabled_at"}
    assert body["secret"].startswith("whsec_") and body["document_type_name"] == "invoice"
    assert created.headers["location"] == f"/api/webhooks/{body['id']}"
    listed = (await client.get("/api/v1/webhooks", headers=auth)).json()["webhooks"]
    assert [w["id"] for w in listed] == [body["id"]] and "secret" not in listed[0]
    rotated = await client.post(f"/api/webhooks/{body['id']}/rotate-secret", headers=auth)
    assert rotated.status_code == 200
    assert rotated.json()["secret"].startswith("whsec_")
    assert rotated.json()["secret"] != body["secret"]
    assert (await client.delete(f"/api/webhooks/{body['id']}", headers=auth)).status_code == 204
    assert (await client.get("/api/webhooks", headers=auth)).json() == {"webhooks": []}


async def test_a_null_document_type_means_every_type(
    client: httpx.AsyncClient, service: PaperwiseService
) -> None:
    created = await client.post(
        "/api/webhooks", json={"url": PUBLIC_URL}, headers=_auth(service, "acme")
    )
    assert created.json()["document_type_name"] is None


async def test_bad_bodies_and_refused_urls_are_422(
    client: httpx.AsyncClient, service: PaperwiseService
) -> None:
    auth = _auth(service, "acme")
    for body in ({}, {"url": 5}, {"url": PUBLIC_URL, "document_type_name": 3}):
        _assert_error(
            await client.post("/api/webhooks", json=body, headers=auth), 422, "VALIDATION_ERROR"
        )
    for url in ("http://127.0.0.1:8080/", "ftp://hooks.example.com/", "http://[::1]/x"):
        response = await client.post("/api/webhooks", json={"url": url}, headers=auth)
        _assert_error(response, 422, "WEBHOOK_URL_REFUSED")
    response = await client.post(
        "/api/webhooks", json={"url": PUBLIC_URL, "document_type_name": "nope"}, headers=auth
    )
    _assert_error(response, 404, "DOCUMENT_TYPE_NOT_FOUND")
    _assert_error(await client.post("/api/webhooks", json={"url": PUBLIC_URL}), 401, "UNAUTHORIZED")


async def test_deliveries_are_listed_filtered_and_replayed_for_their_owner_only(
    client: httpx.AsyncClient, service: PaperwiseService
) -> None:
    acme, globex = _auth(service, "acme"), _auth(service, "globex")
    created = await client.post("/api/webhooks", json={"url": PUBLIC_URL}, headers=acme)
    webhook_id = created.json()["id"]
    account = service.authenticate(acme["Authorization"].split()[1])
    extraction_id = finished_extraction(service, account)
    with service.db.write() as conn:
        enqueue_finished_events(conn, [extraction_id], now())
    listed = await client.get(
        "/api/webhook-deliveries",
        params={"extraction_id": extraction_id, "webhook_id": webhook_id, "status": "pending"},
        headers=acme,
    )
    (delivery,) = listed.json()["deliveries"]
    assert delivery["webhook_id"] == webhook_id and delivery["extraction_id"] == extraction_id
    assert delivery["status"] == "pending" and delivery["attempts"] == []
    assert len(delivery["event_id"]) == 40 and delivery["next_attempt_at"]
    for params in ({"status": "succeeded"}, {"extraction_id": "x" * 40}):
        other = await client.get("/api/webhook-deliveries", params=params, headers=acme)
        assert other.json() == {"deliveries": []}
    bad = await client.get("/api/webhook-deliveries", params={"status": "lost"}, headers=acme)
    _assert_error(bad, 422, "VALIDATION_ERROR")
    assert (await client.get("/api/webhook-deliveries", headers=globex)).json() == {
        "deliveries": []
    }
    replay_url = f"/api/webhook-deliveries/{delivery['id']}/replay"
    _assert_error(await client.post(replay_url, headers=globex), 404, "NOT_FOUND")
    replayed = await client.post(replay_url, headers=acme)
    assert replayed.status_code == 202
    assert replayed.json()["event_id"] == delivery["event_id"]
    for method, url in (
        ("DELETE", f"/api/webhooks/{webhook_id}"),
        ("POST", f"/api/webhooks/{webhook_id}/rotate-secret"),
    ):
        _assert_error(await client.request(method, url, headers=globex), 404, "NOT_FOUND")
