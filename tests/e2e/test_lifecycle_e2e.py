"""Awaiting-poll and DELETE over real HTTP."""

from __future__ import annotations

import time
import uuid

import pytest

from .api_client import Api
from .documents import invoice_pdf, invoice_png

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _wait_awaiting(api: Api, customer: str, expected: set[str], timeout: float = 90) -> list[str]:
    deadline = time.monotonic() + timeout
    while True:
        ids: list[str] = api.http.get("/api/awaiting-poll", params={"customer": customer}).json()[
            "extraction_ids"
        ]
        if set(ids) >= expected or time.monotonic() > deadline:
            return ids
        time.sleep(0.3)


def test_awaiting_poll_lists_finished_unpolled_extractions(alice: Api) -> None:
    customer = f"cust-{uuid.uuid4().hex[:8]}"
    ids = {alice.submit_id(invoice_pdf(f"AW-{n}"), customer=customer) for n in range(2)}
    other = alice.submit_id(invoice_pdf("AW-other"), customer="someone-else")
    listed = _wait_awaiting(alice, customer, ids)
    assert sorted(listed) == sorted(ids) and other not in listed
    polled = ids.pop()
    assert alice.poll(polled).json()["status"] == "SUCCESS"
    assert _wait_awaiting(alice, customer, ids) == list(ids)
    assert polled not in alice.http.get("/api/awaiting-poll").json()["extraction_ids"]


def test_delete_purges_a_finished_extraction(alice: Api) -> None:
    extraction_id = alice.submit_id(invoice_pdf("DEL-1"))
    assert alice.wait(extraction_id)["status"] == "SUCCESS"
    response = alice.http.delete(f"/api/extractions/{extraction_id}")
    assert response.status_code == 204 and response.content == b""
    assert alice.poll(extraction_id).json() == {"error": {}, "result": {}, "status": "EXPIRED"}
    assert alice.http.delete(f"/api/extractions/{extraction_id}").status_code == 204


def test_delete_cancels_an_extraction_in_progress(alice: Api) -> None:
    extraction_id = alice.submit_id(invoice_png("DEL-2"), file_name="scan.png")
    assert alice.http.delete(f"/api/extractions/{extraction_id}").status_code == 204
    assert alice.poll(extraction_id).json()["status"] == "EXPIRED"
    time.sleep(1.0)  # a worker that had started must not bring it back
    assert alice.poll(extraction_id).json()["status"] == "EXPIRED"
