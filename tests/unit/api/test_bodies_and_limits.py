from __future__ import annotations

import base64
from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from starlette.types import Message

from paperwise.api.bodies import BodyLimits, build_submission, decode_base64, unstorable
from paperwise.errors import FileTooLarge, ValidationFailed

from .http_helpers import PDF, assert_error, extract_body

pytestmark = pytest.mark.anyio
LIMIT = 10485  # max_file_mb=0.01 in conftest


@pytest.mark.parametrize(
    "encoded",
    [
        base64.b64encode(b"\x00\xffhello?>").decode(),
        base64.b64encode(b"\x00\xffhello?>").decode().rstrip("="),
        base64.urlsafe_b64encode(b"\x00\xffhello?>").decode(),
        base64.encodebytes(b"\x00\xffhello?>").decode(),
        "data:application/pdf;base64," + base64.b64encode(b"\x00\xffhello?>").decode(),
    ],
)
def test_decode_base64_accepts_common_spellings(encoded: str) -> None:
    assert decode_base64(encoded) == b"\x00\xffhello?>"


@pytest.mark.parametrize("encoded", ["not base64!", "ab$d", "é"])
def test_decode_base64_rejects_garbage(encoded: str) -> None:
    with pytest.raises(ValueError):
        decode_base64(encoded)


def test_build_submission_strips_names_and_keeps_the_file_name_as_data() -> None:
    fields = extract_body(file_name=" ../../etc/passwd ", document_type_name=" invoice ")
    submission = build_submission(fields, None, None, BodyLimits(LIMIT))
    assert submission.file_name == "../../etc/passwd"
    assert submission.document_type_name == "invoice"
    assert submission.data == PDF


def test_build_submission_reports_long_names() -> None:
    fields = extract_body(file_name="x" * 256, customer="c" * 1001)
    with pytest.raises(ValidationFailed) as caught:
        build_submission(fields, None, None, BodyLimits(LIMIT))
    assert [d["field"] for d in caught.value.details] == ["file_name", "customer"]


def test_build_submission_enforces_the_file_limit() -> None:
    with pytest.raises(FileTooLarge) as caught:
        build_submission(extract_body(b"%PDF-" + b"x" * LIMIT), None, None, BodyLimits(LIMIT))
    assert caught.value.details == [{"field": "file", "limit_bytes": LIMIT}]


def test_body_limit_allows_for_base64_growth() -> None:
    limits = BodyLimits(3_000_000)
    assert limits.max_body_bytes > len(base64.encodebytes(b"x" * 3_000_000)) + 1000


async def test_decoded_file_over_the_limit_is_413_stating_it(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    body = extract_body(b"%PDF-" + b"x" * LIMIT)
    response = await client.post("/api/extract-data", json=body, headers=auth)
    error = assert_error(response, 413, "FILE_TOO_LARGE")
    assert str(LIMIT) in error["message"]
    assert error["details"] == [{"field": "file", "limit_bytes": LIMIT}]


async def test_multipart_file_over_the_limit_is_413(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    response = await client.post(
        "/api/extract-data-async",
        files={"file": ("big.pdf", b"%PDF-" + b"x" * LIMIT, "application/pdf")},
        data={"document_type_name": "invoice"},
        headers=auth,
    )
    assert_error(response, 413, "FILE_TOO_LARGE")


async def test_declared_content_length_over_the_limit_is_413_before_reading(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    response = await client.post(
        "/api/extract-data",
        content=b"{}",
        headers={**auth, "Content-Type": "application/json", "Content-Length": "99999999"},
    )
    assert_error(response, 413, "FILE_TOO_LARGE")


async def test_streamed_body_over_the_limit_is_cut_off(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    sent = 0

    async def chunks(first: bytes) -> AsyncIterator[bytes]:
        nonlocal sent
        yield first
        for _ in range(100):
            sent += 1
            yield b"x" * 65536

    part_head = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n'
    for content_type, first in [
        ("application/json", b'{"file": "'),
        ("multipart/form-data; boundary=b", part_head),
    ]:
        sent = 0
        response = await client.post(
            "/api/extract-data",
            content=chunks(first),
            headers={**auth, "Content-Type": content_type},
        )
        assert_error(response, 413, "FILE_TOO_LARGE")
        assert sent < 100


async def test_document_type_body_has_its_own_small_limit(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    huge = {"name": "x", "fields": [{"name": "f", "hint": "h" * 300_000}]}
    response = await client.post("/api/document-types", json=huge, headers=auth)
    assert_error(response, 413, "FILE_TOO_LARGE")


async def test_a_client_that_disconnects_mid_body_is_not_a_server_error(
    app: FastAPI, auth: dict[str, str]
) -> None:
    messages: list[Message] = [
        {"type": "http.request", "body": b'{"file": "', "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        return messages.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/api/extract-data", "raw_path": b"/api/extract-data",
        "root_path": "", "query_string": b"", "server": ("t", 80), "client": ("c", 1),
        "headers": [(b"authorization", auth["Authorization"].encode()),
                    (b"content-type", b"application/json")],
    }  # fmt: skip
    await app(scope, receive, send)
    assert sent[0]["status"] == 400


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("plain ascii", False),
        ("ascii with a NUL \x00 inside", True),
        ("Zürich, 5 €", False),
        ("Zürich \x00", True),
        ("half an emoji \ud83d", True),
        ("a whole emoji 😀", False),
    ],
)
def test_unstorable_finds_nul_and_lone_surrogates_in_ascii_and_other_text(
    text: str, refused: bool
) -> None:
    assert unstorable(text) is refused
