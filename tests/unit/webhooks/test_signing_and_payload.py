from __future__ import annotations

import json
import time

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from paperwise.domain.webhook_event import event_bytes, event_time, finished_event, new_event_id
from paperwise.errors import ValidationFailed
from paperwise.webhooks.signing import SECRET_PREFIX, new_secret, secret_key, signed_headers


def test_the_event_has_the_shape_of_the_spec() -> None:
    event_id = new_event_id()
    event = finished_event(event_id, "e" * 40, "SUCCESS", 1_770_113_957.388584)
    assert len(event_id) == 40 and int(event_id, 16) >= 0
    assert event == {
        "event_id": event_id,
        "event_time": "2026-02-03T10:19:17.388584",
        "type": "extraction.finished",
        "data": {"id": "e" * 40, "status": "SUCCESS", "message": "Extraction process finished"},
    }
    assert json.loads(event_bytes(event)) == event


def test_event_time_keeps_microseconds_even_when_zero() -> None:
    assert event_time(0.0) == "1970-01-01T00:00:00.000000"


def test_a_new_secret_is_whsec_base64_of_32_bytes_and_unique() -> None:
    first, second = new_secret(), new_secret()
    assert first.startswith(SECRET_PREFIX) and first != second
    assert len(secret_key(first)) == 32


def test_standardwebhooks_verifies_the_signature() -> None:
    secret = new_secret()
    body = event_bytes(finished_event("a" * 40, "b" * 40, "ERROR", time.time()))
    headers = signed_headers([secret], "a" * 40, int(time.time()), body)
    assert Webhook(secret).verify(body, headers)["data"]["status"] == "ERROR"
    assert headers["webhook-id"] == "a" * 40
    assert headers["content-type"] == "application/json"


def test_a_changed_body_or_another_secret_fails_verification() -> None:
    secret = new_secret()
    body = b'{"a":1}'
    headers = signed_headers([secret], "msg", int(time.time()), body)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(b'{"a":2}', headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(body, headers)


def test_two_secrets_sign_twice_and_either_verifies() -> None:
    new, old = new_secret(), new_secret()
    body = b'{"x":true}'
    headers = signed_headers([new, old], "msg", int(time.time()), body)
    assert headers["webhook-signature"].count("v1,") == 2
    for secret in (new, old):
        assert Webhook(secret).verify(body, headers) == {"x": True}


def test_a_secret_that_is_not_base64_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        secret_key("whsec_***")
    with pytest.raises(ValidationFailed):
        signed_headers([], "msg", 0, b"{}")
