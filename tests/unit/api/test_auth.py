from __future__ import annotations

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from paperwise.api.auth import RateLimiter, key_from_header
from paperwise.errors import RateLimited, Unauthorized

from .fake_service import FakeService
from .http_helpers import assert_error

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("header", "key"),
    [("Token abc", "abc"), ("Bearer abc", "abc"), ("token   abc ", "abc"), ("BEARER k-1", "k-1")],
)
def test_key_from_header_accepts_token_and_bearer(header: str, key: str) -> None:
    assert key_from_header(header) == key


@pytest.mark.parametrize("header", [None, "", "abc", "Basic dXNlcjpwYXNz", "Token ", "Token a b"])
def test_key_from_header_rejects_the_rest(header: str | None) -> None:
    with pytest.raises(Unauthorized):
        key_from_header(header)


async def test_both_schemes_authenticate(
    client: AsyncClient, auth: dict[str, str], other_auth: dict[str, str]
) -> None:
    assert auth["Authorization"].startswith("Token ")
    assert other_auth["Authorization"].startswith("Bearer ")
    for headers in (auth, other_auth):
        assert (await client.get("/api/document-types", headers=headers)).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Token not-a-key"}, {"Authorization": "Basic dXNlcjpwYXNz"}],
)
async def test_missing_unknown_or_malformed_keys_are_401(
    client: AsyncClient, headers: dict[str, str]
) -> None:
    for method, url in [
        ("POST", "/api/extract-data"),
        ("POST", "/api/v1/extract-data-async"),
        ("GET", "/api/get-extraction-data?extraction_id=x"),
        ("DELETE", "/api/extractions/x"),
        ("GET", "/api/awaiting-poll"),
        ("GET", "/api/document-types"),
        ("DELETE", "/api/document-types/x"),
    ]:
        response = await client.request(method, url, headers=headers)
        assert_error(response, 401, "UNAUTHORIZED")
        assert response.headers["www-authenticate"] == "Token"


async def test_a_revoked_key_is_401(client: AsyncClient, service: FakeService) -> None:
    key, raw = service.create_key("carol")
    service.revoke_key(key.id)
    response = await client.get("/api/awaiting-poll", headers={"Authorization": f"Token {raw}"})
    assert_error(response, 401, "UNAUTHORIZED")


def test_rate_limiter_refills_over_time() -> None:
    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    limiter.check("k")
    limiter.check("k")
    with pytest.raises(RateLimited) as caught:
        limiter.check("k")
    assert caught.value.retry_after == 30
    limiter.check("other key")
    now[0] = 30.0
    limiter.check("k")


def test_rate_limit_zero_is_off() -> None:
    limiter = RateLimiter(0)
    for _ in range(1000):
        limiter.check("k")


async def test_over_the_limit_is_429_with_retry_after(
    app: FastAPI, client: AsyncClient, auth: dict[str, str], other_auth: dict[str, str]
) -> None:
    app.state.rate_limiter = RateLimiter(3)
    for _ in range(3):
        assert (await client.get("/api/awaiting-poll", headers=auth)).status_code == 200
    response = await client.get("/api/awaiting-poll", headers=auth)
    body = assert_error(response, 429, "RATE_LIMITED")
    assert int(response.headers["retry-after"]) >= 1
    assert "3 requests a minute" in body["message"]
    assert (await client.get("/api/awaiting-poll", headers=other_auth)).status_code == 200
