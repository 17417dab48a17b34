"""One delivery attempt over HTTP. ``WebhookSender`` is the port (tests use a real receiver or a
fake); ``HttpWebhookSender`` posts with httpx under the configured timeout, follows up to
``MAX_REDIRECTS`` redirects by hand with the guard checked at every hop, and, when private
addresses are refused, connects to the very address the guard approved (no second DNS lookup an
attacker could answer differently)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urljoin

import httpx

from paperwise.errors import WebhookUrlRefused
from paperwise.webhooks.schedule import RETRY_AFTER_STATUSES, parse_retry_after
from paperwise.webhooks.url_guard import CheckedUrl, Resolver, check_url, resolve_host

MAX_REDIRECTS = 3
_REDIRECTS = (301, 302, 303, 307, 308)
MAX_ERROR_CHARS = 500


@dataclass(frozen=True)
class AttemptResult:
    """What one attempt got: a status code, or an error (refused, timeout, connection)."""

    response_code: int | None
    duration_ms: int
    error: str | None = None
    retry_after: float | None = None

    @property
    def succeeded(self) -> bool:
        return self.response_code is not None and 200 <= self.response_code < 300

    @property
    def gone(self) -> bool:
        """The receiver said 410 Gone: the endpoint is disabled."""
        return self.response_code == 410


class WebhookSender(Protocol):
    def send(self, url: str, headers: Mapping[str, str], body: bytes) -> AttemptResult:
        """POST ``body`` to ``url``; never raises for a failed attempt."""
        ...


def _pinned(target: CheckedUrl) -> tuple[str, dict[str, str], dict[str, str]]:
    """The URL with its host replaced by the approved address, the Host header, and the SNI
    name for TLS (certificates are still checked against the real host name)."""
    default = 443 if target.scheme == "https" else 80
    host_header = target.host if target.port == default else f"{target.host}:{target.port}"
    url = str(httpx.URL(target.url).copy_with(host=str(target.addresses[0])))
    extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
    return url, {"host": host_header}, extensions


class HttpWebhookSender:
    """The real sender: one short-lived client per attempt, no automatic redirects."""

    def __init__(
        self,
        timeout: float,
        *,
        allow_private: bool,
        resolver: Resolver = resolve_host,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.timeout = timeout
        self.allow_private = allow_private
        self.resolver = resolver
        self.transport = transport

    def send(self, url: str, headers: Mapping[str, str], body: bytes) -> AttemptResult:
        started = time.monotonic()

        def result(
            code: int | None, error: str | None, retry: float | None = None
        ) -> AttemptResult:
            elapsed = int((time.monotonic() - started) * 1000)
            return AttemptResult(code, elapsed, error[:MAX_ERROR_CHARS] if error else None, retry)

        try:
            client = httpx.Client(
                timeout=self.timeout, follow_redirects=False, transport=self.transport
            )
            with client:
                for _hop in range(MAX_REDIRECTS + 1):
                    code, location, retry = self._post(client, url, headers, body)
                    if code in _REDIRECTS and location:
                        url = urljoin(url, location)
                        continue
                    if 200 <= code < 300:
                        return result(code, None)
                    return result(code, f"HTTP {code}", retry)
                return result(code, f"more than {MAX_REDIRECTS} redirects")
        except WebhookUrlRefused as exc:
            return result(None, exc.message)
        except httpx.TimeoutException:
            return result(None, f"timed out after {self.timeout:g} s")
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            return result(None, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)

    def _post(
        self, client: httpx.Client, url: str, headers: Mapping[str, str], body: bytes
    ) -> tuple[int, str | None, float | None]:
        """One request; (status, redirect location, Retry-After seconds)."""
        target = check_url(url, allow_private=self.allow_private, resolver=self.resolver)
        request_url = url
        extensions: dict[str, str] = {}
        all_headers = dict(headers)
        if not self.allow_private:
            request_url, host_header, extensions = _pinned(target)
            all_headers.update(host_header)
        request = client.build_request(
            "POST", request_url, headers=all_headers, content=body, extensions=extensions
        )
        response = client.send(request, stream=True)  # the body is never read
        response.close()
        retry = None
        if response.status_code in RETRY_AFTER_STATUSES:
            retry = parse_retry_after(response.headers.get("retry-after"), time.time())
        return response.status_code, response.headers.get("location"), retry
