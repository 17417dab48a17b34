from __future__ import annotations

import logging
import sqlite3
import sys

import httpx
import pytest
from fastapi import FastAPI
from httpx import AsyncClient

import paperwise.errors as errors_module
from paperwise.api.errors import STATUS_BY_CODE, status_for
from paperwise.errors import DatabaseUnavailable, PaperwiseError
from paperwise.logs import OneLineFormatter

from .fake_service import FakeService
from .http_helpers import assert_error, extract_body

pytestmark = pytest.mark.anyio


def _all_error_classes() -> list[type[PaperwiseError]]:
    found: list[type[PaperwiseError]] = []
    pending: list[type[PaperwiseError]] = [PaperwiseError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return [cls for cls in found if cls.__module__ == errors_module.__name__]


def test_every_error_code_has_a_status() -> None:
    for cls in _all_error_classes():
        assert cls.code in STATUS_BY_CODE, cls


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("BAD_REQUEST", 400), ("INVALID_FILE", 400), ("EMPTY_DOCUMENT", 400),
        ("ENCRYPTED_DOCUMENT", 400), ("TOO_MANY_PAGES", 400), ("IMAGE_TOO_LARGE", 400),
        ("UNAUTHORIZED", 401), ("FORBIDDEN", 403), ("NOT_FOUND", 404),
        ("DOCUMENT_TYPE_NOT_FOUND", 404), ("CONFLICT", 409), ("IDEMPOTENCY_CONFLICT", 409),
        ("FILE_TOO_LARGE", 413), ("UNSUPPORTED_FILE_TYPE", 415), ("VALIDATION_ERROR", 422),
        ("RATE_LIMITED", 429), ("INTERNAL_ERROR", 500), ("NOT_READY", 503),
        ("EXTRACTION_TIMEOUT", 504),
    ],
)  # fmt: skip
def test_status_table(code: str, status: int) -> None:
    assert STATUS_BY_CODE[code] == status


def test_an_unknown_code_is_500() -> None:
    class Odd(PaperwiseError):
        code = "SOMETHING_NEW"

    assert status_for(Odd()) == 500


async def test_unknown_route_is_404_in_the_standard_shape(client: AsyncClient) -> None:
    assert_error(await client.get("/api/no-such-thing"), 404, "NOT_FOUND")
    assert_error(await client.get("/nowhere"), 404, "NOT_FOUND")


async def test_wrong_method_is_405_with_allow(client: AsyncClient) -> None:
    response = await client.get("/api/extract-data")
    assert_error(response, 405, "METHOD_NOT_ALLOWED")
    assert "POST" in response.headers["allow"]


async def test_unexpected_exception_is_a_bare_500(
    client: AsyncClient,
    auth: dict[str, str],
    service: FakeService,
    caplog: pytest.LogCaptureFixture,
) -> None:
    service.fail_with = RuntimeError("database password is hunter2")
    with caplog.at_level(logging.ERROR, logger="paperwise.api"):
        response = await client.post("/api/extract-data", json=extract_body(), headers=auth)
    body = assert_error(response, 500, "INTERNAL_ERROR")
    assert "hunter2" not in response.text and body["details"] == []
    assert "hunter2" in caplog.text  # the operator sees it in the log
    # ... on one line, with the exception's type and message but no stack trace (logs.py)
    (record,) = [r for r in caplog.records if r.name == "paperwise.api"]
    line = OneLineFormatter().format(record)
    assert "\n" not in line and "Traceback" not in line and 'File "' not in line
    assert line.endswith(": database password is hunter2]")
    assert "[RuntimeError at fake_service.py:" in line  # where it was raised
    assert "Traceback" in OneLineFormatter(tracebacks=True).format(record)  # the opt-in


async def test_a_database_that_refuses_work_is_a_503_with_retry_after(
    client: AsyncClient,
    auth: dict[str, str],
    service: FakeService,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Locked past the busy timeout, full or read-only (the fault suite, tests/faults): the
    service is not ready, which is a 503 a client retries, not an unexpected 500; the log line
    says why."""
    try:
        raise sqlite3.OperationalError("database or disk is full")
    except sqlite3.OperationalError as exc:
        unavailable = DatabaseUnavailable()
        unavailable.__cause__ = exc
    service.fail_with = unavailable
    with caplog.at_level(logging.ERROR, logger="paperwise.api"):
        response = await client.post("/api/extract-data", json=extract_body(), headers=auth)
    body = assert_error(response, 503, "NOT_READY")
    assert response.headers["retry-after"] == "5"
    assert "try again" in body["message"] and "disk" not in response.text
    (record,) = [r for r in caplog.records if r.name == "paperwise.api"]
    assert OneLineFormatter().format(record).endswith(": database or disk is full]")


def test_a_long_multiline_exception_message_is_one_short_line() -> None:
    try:
        raise ValueError("first line\nsecond line " + "x" * 500)
    except ValueError:
        record = logging.LogRecord("t", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    line = OneLineFormatter("%(message)s").format(record)
    assert line.startswith("failed [ValueError at test_errors.py:")
    assert "in test_a_long_multiline_exception_message_is_one_short_line: first line second" in line
    assert "\n" not in line and len(line) < 400


def test_quoted_input_in_an_exception_message_is_blanked() -> None:
    try:
        int("Invoice from Quokka GmbH")
    except ValueError:
        record = logging.LogRecord("t", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    line = OneLineFormatter("%(message)s").format(record)
    assert "Quokka" not in line and line.endswith("invalid literal for int() with base 10: '…']")


async def test_unexpected_exception_in_a_middleware_free_path_still_answers(
    app: FastAPI, auth: dict[str, str], service: FakeService
) -> None:
    service.fail_with = KeyError("x")
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=True)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as raw_client:
        response = await raw_client.post("/api/extract-data", json=extract_body(), headers=auth)
    assert_error(response, 500, "INTERNAL_ERROR")
