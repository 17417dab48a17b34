"""Who is calling: the API key from ``Authorization: Token <key>`` (or ``Bearer <key>``), and a
per-key token-bucket rate limit."""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader
from starlette.concurrency import run_in_threadpool

from paperwise.domain.accounts import Account
from paperwise.errors import RateLimited, Unauthorized
from paperwise.services.protocol import Service

_SCHEMES = ("token", "bearer")
# Declared for the OpenAPI document (the "Authorize" button of /docs); parsed by key_from_header.
_AUTHORIZATION = APIKeyHeader(
    name="Authorization",
    scheme_name="ApiKey",
    description="'Token <key>' (or 'Bearer <key>'); create keys with `paperwise keys create NAME`",
    auto_error=False,
)


def key_from_header(header: str | None) -> str:
    """The raw key of an Authorization header value; Unauthorized when absent or malformed."""
    if not header:
        raise Unauthorized()
    scheme, _, key = header.strip().partition(" ")
    key = key.strip()
    if scheme.lower() not in _SCHEMES or not key or " " in key:
        raise Unauthorized("The Authorization header must be 'Token <key>' or 'Bearer <key>'.")
    return key


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """A token bucket per key: ``per_minute`` requests a minute, bursts up to ``per_minute``.
    ``per_minute == 0`` turns limiting off. In-process: each API process limits on its own."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._rate = per_minute / 60.0
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        """Take one token for ``key``; RateLimited (with the seconds to wait) when there is none."""
        if self.per_minute <= 0:
            return
        digest = hashlib.sha256(key.encode()).hexdigest()
        now = self._clock()
        with self._lock:
            bucket = self._buckets.get(digest)
            if bucket is None:
                bucket = self._buckets[digest] = _Bucket(float(self.per_minute), now)
            bucket.tokens = min(
                float(self.per_minute), bucket.tokens + (now - bucket.updated) * self._rate
            )
            bucket.updated = now
            if bucket.tokens < 1.0:
                wait = max(1, math.ceil((1.0 - bucket.tokens) / self._rate))
                raise RateLimited(
                    wait,
                    f"More than {self.per_minute} requests a minute with this key; "
                    f"retry in {wait} s.",
                )
            bucket.tokens -= 1.0


def service_of(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


async def current_account(
    request: Request, authorization: Annotated[str | None, Security(_AUTHORIZATION)]
) -> Account:
    """FastAPI dependency: the authenticated, rate-limited account of the request."""
    key = key_from_header(authorization)
    account = await run_in_threadpool(service_of(request).authenticate, key)
    limiter: RateLimiter = request.app.state.rate_limiter
    limiter.check(key)
    return account


AccountDep = Annotated[Account, Depends(current_account)]
