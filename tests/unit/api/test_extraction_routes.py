from __future__ import annotations

import base64
import hashlib
import json
import threading

import anyio
import anyio.to_thread
import pytest
from httpx import AsyncClient

from paperwise.domain.accounts import Account
from paperwise.domain.wire import WireResult
from paperwise.errors import (
    EmptyDocument,
    EncryptedDocument,
    ExtractionFailed,
    ExtractionTimeout,
    ImageTooLarge,
    InvalidFile,
    PaperwiseError,
    TooManyPages,
)
from paperwise.services.protocol import Submission

from .fake_service import FakeService
from .http_helpers import PDF, assert_error, extract_body

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("prefix", ["/api", "/api/v1"])
async def test_sync_extraction_answers_the_result_object(
    client: AsyncClient, auth: dict[str, str], prefix: str
) -> None:
    response = await client.post(f"{prefix}/extract-data", json=extract_body(), headers=auth)
    assert response.status_code == 200
    result = response.json()
    assert result["file_name"] == "invoice.pdf"
    assert result["customer"] == "cust-1"
    assert len(result["object_id"]) == 40
    assert result["extracted_fields"][0]["name"] == "supplier_name"
    assert result["extracted_fields"][0]["values"][0]["value"] == "ACME Ltd"
    assert result["line_items"] == [] and result["vat_rates"] == []


async def test_sync_extraction_runs_off_the_event_loop(
    client: AsyncClient, auth: dict[str, str], service: FakeService
) -> None:
    await client.post("/api/extract-data", json=extract_body(), headers=auth)
    assert service.threads and "AnyIO worker thread" in service.threads[0]


async def test_multipart_upload_takes_the_file_name_from_the_part(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    response = await client.post(
        "/api/extract-data",
        files={"file": ("scan.pdf", PDF, "application/pdf")},
        data={"document_type_name": "receipt"},
        headers=auth,
    )
    assert response.status_code == 200, response.text
    assert response.json()["file_name"] == "scan.pdf"
    assert response.json()["customer"] is None


async def test_multipart_accepts_a_base64_text_field_and_an_explicit_name(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    response = await client.post(
        "/api/extract-data",
        data={**extract_body(), "file_name": "named.pdf"},
        files={"unused": ("x.txt", b"x", "text/plain")},
        headers=auth,
    )
    assert response.status_code == 200, response.text
    assert response.json()["file_name"] == "named.pdf"


async def test_broken_multipart_is_400(client: AsyncClient, auth: dict[str, str]) -> None:
    response = await client.post(
        "/api/extract-data",
        content=b"not multipart at all",
        headers={**auth, "Content-Type": "multipart/form-data"},
    )
    assert_error(response, 400, "BAD_REQUEST")


async def test_json_without_content_type_is_still_read(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    response = await client.post(
        "/api/extract-data", content=json.dumps(extract_body()).encode(), headers=auth
    )
    assert response.status_code == 200


async def test_missing_fields_are_422_naming_each(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    response = await client.post("/api/extract-data", json={"customer": 5}, headers=auth)
    body = assert_error(response, 422, "VALIDATION_ERROR")
    named = {detail["field"] for detail in body["details"]}
    assert named == {"file", "file_name", "document_type_name", "customer"}


async def test_invalid_base64_is_422_on_the_file_field(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    response = await client.post(
        "/api/extract-data", json=extract_body(file="@@@not base64"), headers=auth
    )
    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert body["details"] == [{"field": "file", "problem": "not valid base64"}]


async def test_body_that_is_not_json_is_400(client: AsyncClient, auth: dict[str, str]) -> None:
    response = await client.post(
        "/api/extract-data",
        content=b"{nope",
        headers={**auth, "Content-Type": "application/json"},
    )
    assert_error(response, 400, "BAD_REQUEST")


async def test_json_array_body_is_422(client: AsyncClient, auth: dict[str, str]) -> None:
    assert_error(
        await client.post("/api/extract-data", json=[1], headers=auth), 422, "VALIDATION_ERROR"
    )


async def test_unsupported_file_type_is_415(client: AsyncClient, auth: dict[str, str]) -> None:
    response = await client.post(
        "/api/extract-data", json=extract_body(b"hello, plain text"), headers=auth
    )
    assert_error(response, 415, "UNSUPPORTED_FILE_TYPE")


async def test_unknown_document_type_is_404(client: AsyncClient, auth: dict[str, str]) -> None:
    response = await client.post(
        "/api/extract-data", json=extract_body(document_type_name="nope"), headers=auth
    )
    assert_error(response, 404, "DOCUMENT_TYPE_NOT_FOUND")


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (InvalidFile(), 400),
        (EmptyDocument(), 400),
        (EncryptedDocument(), 400),
        (TooManyPages(), 400),
        (ImageTooLarge(), 400),
        (ExtractionTimeout(), 504),
    ],
)
async def test_bad_documents_answer_their_code(
    client: AsyncClient,
    auth: dict[str, str],
    service: FakeService,
    error: PaperwiseError,
    status: int,
) -> None:
    service.fail_with = error
    assert_error(
        await client.post("/api/extract-data", json=extract_body(), headers=auth),
        status,
        error.code,
    )


async def test_a_500_error_hides_its_message(
    client: AsyncClient, auth: dict[str, str], service: FakeService
) -> None:
    service.fail_with = ExtractionFailed("worker crashed at /srv/secret/path.py line 3")
    body = assert_error(
        await client.post("/api/extract-data", json=extract_body(), headers=auth),
        500,
        "EXTRACTION_FAILED",
    )
    assert "secret" not in body["message"] and body["details"] == []


async def test_async_extraction_is_202_with_location_and_retry_after(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    response = await client.post("/api/v1/extract-data-async", json=extract_body(), headers=auth)
    assert response.status_code == 202
    extraction_id = response.json()["extraction_id"]
    assert response.json() == {"extraction_id": extraction_id}
    location = response.headers["location"]
    assert location == f"/api/v1/get-extraction-data?extraction_id={extraction_id}"
    assert int(response.headers["retry-after"]) >= 1
    poll = await client.get(location, headers=auth)
    assert poll.json() == {"error": {}, "result": {}, "status": "IN_PROGRESS"}
    assert poll.headers["retry-after"] == response.headers["retry-after"]


async def test_poll_through_success(
    client: AsyncClient, auth: dict[str, str], service: FakeService
) -> None:
    extraction_id = (
        await client.post("/api/extract-data-async", json=extract_body(), headers=auth)
    ).json()["extraction_id"]
    service.finish(extraction_id)
    assert (await client.get("/api/awaiting-poll", headers=auth)).json() == {
        "extraction_ids": [extraction_id]
    }
    poll = await client.get(f"/api/get-extraction-data?extraction_id={extraction_id}", headers=auth)
    assert poll.status_code == 200
    body = poll.json()
    assert list(body) == ["error", "result", "status"]
    assert body["status"] == "SUCCESS" and body["error"] == {}
    assert body["result"]["file_name"] == "invoice.pdf"
    assert "retry-after" not in poll.headers
    assert (await client.get("/api/awaiting-poll", headers=auth)).json() == {"extraction_ids": []}


async def test_poll_of_an_error_carries_the_standard_shape(
    client: AsyncClient, auth: dict[str, str], service: FakeService
) -> None:
    extraction_id = (
        await client.post("/api/extract-data-async", json=extract_body(), headers=auth)
    ).json()["extraction_id"]
    service.finish(extraction_id, EncryptedDocument())
    body = (
        await client.get(
            "/api/get-extraction-data", params={"extraction_id": extraction_id}, headers=auth
        )
    ).json()
    assert body["status"] == "ERROR" and body["result"] == {}
    assert body["error"]["code"] == "ENCRYPTED_DOCUMENT"
    assert set(body["error"]) == {"code", "message", "details"}


async def test_awaiting_poll_filters_by_customer(
    client: AsyncClient, auth: dict[str, str], service: FakeService
) -> None:
    ids = [
        (
            await client.post(
                "/api/extract-data-async", json=extract_body(customer=customer), headers=auth
            )
        ).json()["extraction_id"]
        for customer in ("a", "b")
    ]
    for extraction_id in ids:
        service.finish(extraction_id)
    answer = (await client.get("/api/awaiting-poll", params={"customer": "b"}, headers=auth)).json()
    assert answer == {"extraction_ids": [ids[1]]}


async def test_poll_of_unknown_or_foreign_id_is_404(
    client: AsyncClient, auth: dict[str, str], other_auth: dict[str, str]
) -> None:
    extraction_id = (
        await client.post("/api/extract-data-async", json=extract_body(), headers=auth)
    ).json()["extraction_id"]
    url = "/api/get-extraction-data"
    assert_error(
        await client.get(url, params={"extraction_id": "0" * 40}, headers=auth), 404, "NOT_FOUND"
    )
    foreign = await client.get(url, params={"extraction_id": extraction_id}, headers=other_auth)
    assert_error(foreign, 404, "NOT_FOUND")
    gone = await client.delete(f"/api/extractions/{extraction_id}", headers=other_auth)
    assert_error(gone, 404, "NOT_FOUND")


async def test_poll_without_id_is_422_naming_the_parameter(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    body = assert_error(
        await client.get("/api/get-extraction-data", headers=auth), 422, "VALIDATION_ERROR"
    )
    assert body["details"][0]["field"] == "query.extraction_id"


async def test_delete_is_204_and_later_polls_say_expired(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    extraction_id = (
        await client.post("/api/extract-data-async", json=extract_body(), headers=auth)
    ).json()["extraction_id"]
    response = await client.delete(f"/api/extractions/{extraction_id}", headers=auth)
    assert response.status_code == 204 and response.content == b""
    poll = await client.get(f"/api/get-extraction-data?extraction_id={extraction_id}", headers=auth)
    assert poll.json() == {"error": {}, "result": {}, "status": "EXPIRED"}


async def test_idempotency_key_same_body_same_id_other_body_409(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    headers = {**auth, "Idempotency-Key": "retry-1"}
    first = await client.post("/api/extract-data-async", json=extract_body(), headers=headers)
    again = await client.post("/api/extract-data-async", json=extract_body(), headers=headers)
    assert first.json() == again.json()
    other = await client.post(
        "/api/extract-data-async", json=extract_body(customer="someone else"), headers=headers
    )
    assert_error(other, 409, "IDEMPOTENCY_CONFLICT")


async def test_an_overlong_idempotency_key_is_422(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    response = await client.post(
        "/api/extract-data-async",
        json=extract_body(),
        headers={**auth, "Idempotency-Key": "k" * 300},
    )
    assert_error(response, 422, "VALIDATION_ERROR")


async def test_base64_variants_reach_the_service_as_the_same_bytes(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    encoded = base64.encodebytes(PDF * 3).decode()  # with line breaks
    response = await client.post("/api/extract-data", json=extract_body(file=encoded), headers=auth)
    assert response.status_code == 200
    assert response.json()["object_id"] == hashlib.sha1(PDF * 3).hexdigest()


async def test_waiting_sync_extractions_do_not_starve_other_requests(
    client: AsyncClient, auth: dict[str, str], service: FakeService
) -> None:
    default_limiter = anyio.to_thread.current_default_thread_limiter()
    default_tokens, default_limiter.total_tokens = default_limiter.total_tokens, 2
    release = threading.Event()
    original = service.extract_now

    def slow_extract_now(account: Account, submission: Submission) -> WireResult:
        release.wait(10)
        return original(account, submission)

    service.extract_now = slow_extract_now  # type: ignore[method-assign]
    statuses: list[int] = []

    async def extract() -> None:
        response = await client.post("/api/extract-data", json=extract_body(), headers=auth)
        statuses.append(response.status_code)

    try:
        async with anyio.create_task_group() as group:
            for _ in range(3):
                group.start_soon(extract)
            await anyio.sleep(0.2)
            with anyio.fail_after(5):
                assert (await client.get("/api/awaiting-poll", headers=auth)).status_code == 200
            release.set()
    finally:
        default_limiter.total_tokens = default_tokens
    assert statuses == [200, 200, 200]
