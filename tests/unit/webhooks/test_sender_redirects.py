"""The sender's guard and redirects, against an in-process transport (no network)."""

from __future__ import annotations

import ipaddress

import httpx

from paperwise.webhooks.sender import MAX_REDIRECTS, HttpWebhookSender
from paperwise.webhooks.url_guard import IpAddress

PUBLIC = {"hooks.example.com": "93.184.216.34", "other.example.com": "8.8.4.4"}


def resolver(host: str, _port: int) -> list[IpAddress]:
    return [ipaddress.ip_address(PUBLIC.get(host, host))]


def sender_for(handler: httpx.MockTransport, allow_private: bool = False) -> HttpWebhookSender:
    return HttpWebhookSender(2.0, allow_private=allow_private, resolver=resolver, transport=handler)


def test_the_request_goes_to_the_approved_address_with_the_real_host_name() -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(202)

    result = sender_for(httpx.MockTransport(handle)).send(
        "https://hooks.example.com:8443/in?x=1", {"webhook-id": "m"}, b"{}"
    )
    assert result.succeeded and result.error is None and result.response_code == 202
    (request,) = seen
    assert str(request.url) == "https://93.184.216.34:8443/in?x=1"
    assert request.headers["host"] == "hooks.example.com:8443"
    assert request.extensions["sni_hostname"] == "hooks.example.com"
    assert request.method == "POST" and request.content == b"{}"


def test_redirects_are_followed_with_the_same_body_and_guarded_at_each_hop() -> None:
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["host"])
        if request.headers["host"] == "hooks.example.com":
            return httpx.Response(307, headers={"location": "https://other.example.com/next"})
        if request.headers["host"] == "other.example.com":
            return httpx.Response(302, headers={"location": "http://169.254.169.254/latest"})
        return httpx.Response(200)

    result = sender_for(httpx.MockTransport(handle)).send("https://hooks.example.com/", {}, b"{}")
    assert seen == ["hooks.example.com", "other.example.com"]  # the metadata hop never happened
    assert result.response_code is None and not result.succeeded
    assert result.error is not None and "169.254.169.254" in result.error


def test_a_redirect_loop_stops_after_the_limit() -> None:
    calls: list[int] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(308, headers={"location": "/again"})

    result = sender_for(httpx.MockTransport(handle)).send("https://hooks.example.com/", {}, b"{}")
    assert len(calls) == MAX_REDIRECTS + 1
    assert result.error == f"more than {MAX_REDIRECTS} redirects"


def test_failures_carry_the_code_and_retry_after() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, headers={"retry-after": "42"})

    result = sender_for(httpx.MockTransport(handle)).send("https://hooks.example.com/", {}, b"{}")
    assert (result.response_code, result.error, result.retry_after) == (503, "HTTP 503", 42.0)


def test_transport_errors_become_attempt_errors() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("read timed out", request=request)

    refused = sender_for(httpx.MockTransport(refuse)).send("https://hooks.example.com/", {}, b"")
    assert refused.response_code is None and refused.error == "ConnectError: connection refused"
    timed_out = sender_for(httpx.MockTransport(slow)).send("https://hooks.example.com/", {}, b"")
    assert timed_out.error == "timed out after 2 s"


def test_a_private_target_is_refused_before_any_request() -> None:
    def never(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no request may be sent")

    result = sender_for(httpx.MockTransport(never)).send("http://10.0.0.7/hook", {}, b"{}")
    assert result.response_code is None
    assert result.error is not None and result.error.startswith("The webhook URL is refused")
