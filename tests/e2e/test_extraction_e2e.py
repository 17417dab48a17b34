"""Extraction over real HTTP against ``paperwise serve``: sync, async, bad input, idempotency."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx
import pytest
from tests.unicode_pdfs import EMOJI_SUPPLIER, emoji_invoice_pdf

from .api_client import Api
from .documents import invoice_pdf
from .server_process import Server

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _standard_error(body: dict[str, Any], code: str) -> None:
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == code and body["message"]
    assert isinstance(body["details"], list)


def _best(result: dict[str, Any], name: str) -> str | None:
    """The best value of field ``name`` in a result object."""
    values = next(f["values"] for f in result["extracted_fields"] if f["name"] == name)
    return str(values[0]["value"]) if values else None


def test_sync_extraction_of_a_text_pdf(alice: Api) -> None:
    number = f"INV-{uuid.uuid4().int % 1_000_000:06d}"  # an invoice number holds digits
    response = alice.extract(invoice_pdf(number), customer="acct-7")
    assert response.status_code == 200, response.text
    result = response.json()
    assert set(result) == {
        "object_id",
        "file_name",
        "customer",
        "extracted_fields",
        "line_items",
        "vat_rates",
    }
    assert result["file_name"] == "invoice.pdf" and result["customer"] == "acct-7"
    assert len(result["object_id"]) == 40
    names = [f["name"] for f in result["extracted_fields"]]
    assert names[:4] == ["supplier_name", "buyer_name", "invoice_number", "issue_date"]
    assert _best(result, "invoice_number") == number
    assert _best(result, "issue_date") == "2025-03-14"
    assert _best(result, "total_amount") == "1190.0000"


def test_sync_extraction_of_a_pdf_printing_an_emoji(alice: Api) -> None:
    began = time.monotonic()
    response = alice.extract(emoji_invoice_pdf())
    took = time.monotonic() - began
    assert response.status_code == 200, response.text
    result = response.json()
    assert _best(result, "supplier_name") == EMOJI_SUPPLIER
    assert _best(result, "total_amount") == "120.0000"
    assert took < 10  # one attempt: no retries across lease expiries


def test_the_same_routes_answer_under_api_v1(alice: Api) -> None:
    response = alice.http.post("/api/v1/extract-data", json=Api.body(invoice_pdf("V1-1")))
    assert response.status_code == 200, response.text


def test_multipart_upload(alice: Api) -> None:
    response = alice.http.post(
        "/api/extract-data",
        files={"file": ("upload.pdf", invoice_pdf("MP-1"), "application/pdf")},
        data={"document_type_name": "invoice"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["file_name"] == "upload.pdf"


def test_async_extraction_and_polling_to_success(alice: Api) -> None:
    number = f"INV-{uuid.uuid4().int % 1_000_000:06d}"  # an invoice number holds digits
    response = alice.submit(invoice_pdf(number))
    assert response.status_code == 202, response.text
    extraction_id = response.json()["extraction_id"]
    assert len(extraction_id) == 40 and int(extraction_id, 16) >= 0
    assert response.headers["location"].endswith(f"extraction_id={extraction_id}")
    assert int(response.headers["retry-after"]) > 0
    first = alice.http.get(response.headers["location"])
    assert first.status_code == 200 and first.json()["status"] in {"IN_PROGRESS", "SUCCESS"}
    answer = alice.wait(extraction_id)
    assert list(answer) == ["error", "result", "status"]
    assert answer["status"] == "SUCCESS" and answer["error"] == {}
    assert _best(answer["result"], "invoice_number") == number


BAD_DOCUMENTS = pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "INVALID_FILE"),
        (invoice_pdf(encrypt="secret"), "ENCRYPTED_DOCUMENT"),
    ],
    ids=["corrupt", "encrypted"],
)


@BAD_DOCUMENTS
def test_a_bad_document_is_4xx_sync(alice: Api, data: bytes, code: str) -> None:
    response = alice.extract(data, "broken.pdf")
    assert response.status_code == 400, response.text
    _standard_error(response.json(), code)


@BAD_DOCUMENTS
def test_a_bad_document_ends_error_async(alice: Api, data: bytes, code: str) -> None:
    """SPEC 1, Errors: "asynchronously the extraction ends ERROR with the same shape in error"."""
    answer = alice.wait(alice.submit_id(data, file_name="broken.pdf"))
    assert answer["status"] == "ERROR" and answer["result"] == {}
    _standard_error(answer["error"], code)


def test_unsupported_type_is_415(alice: Api) -> None:
    response = alice.extract(b"just some plain text, not a document", "notes.txt")
    assert response.status_code == 415, response.text
    _standard_error(response.json(), "UNSUPPORTED_FILE_TYPE")


def test_unknown_document_type_is_404(alice: Api) -> None:
    response = alice.extract(invoice_pdf(), document_type_name="no-such-type")
    assert response.status_code == 404
    _standard_error(response.json(), "DOCUMENT_TYPE_NOT_FOUND")


def test_idempotency_key(alice: Api) -> None:
    headers = {"Idempotency-Key": uuid.uuid4().hex}
    data = invoice_pdf("IDEM-1")
    first = alice.submit(data, headers=headers)
    again = alice.submit(data, headers=headers)
    assert first.status_code == again.status_code == 202
    assert first.json()["extraction_id"] == again.json()["extraction_id"]
    other = alice.submit(invoice_pdf("IDEM-2"), headers=headers)
    assert other.status_code == 409
    _standard_error(other.json(), "IDEMPOTENCY_CONFLICT")


def test_auth_missing_and_unknown(server: Server) -> None:
    for headers in ({}, {"Authorization": "Token pw_not_a_key"}):
        response = httpx.get(f"{server.url}/api/awaiting-poll", headers=headers)
        assert response.status_code == 401
        _standard_error(response.json(), "UNAUTHORIZED")


def test_ops_routes(server: Server, alice: Api) -> None:
    assert httpx.get(f"{server.url}/health").json() == {"status": "ok"}
    assert httpx.get(f"{server.url}/ready").status_code == 200
    metrics = httpx.get(f"{server.url}/metrics").text
    assert "paperwise_http_requests_total" in metrics and "paperwise_queue_depth" in metrics
    spec = httpx.get(f"{server.url}/openapi.json").json()
    assert "/api/extract-data-async" in spec["paths"]
    framework_404 = httpx.get(f"{server.url}/api/nothing-here")
    assert framework_404.status_code == 404
    _standard_error(framework_404.json(), "NOT_FOUND")
