from __future__ import annotations

from email.utils import formatdate

import pytest

from paperwise.config import DEFAULT_WEBHOOK_BACKOFF, Settings
from paperwise.domain.webhooks import DeliveryStatus
from paperwise.webhooks.delivery import next_step
from paperwise.webhooks.schedule import MAX_RETRY_AFTER, next_attempt_delay, parse_retry_after
from paperwise.webhooks.sender import AttemptResult


def test_the_default_schedule_ends_inside_the_result_lifetime() -> None:
    span = sum(DEFAULT_WEBHOOK_BACKOFF)
    assert 24 * 3600 < span < Settings().result_ttl
    assert len(DEFAULT_WEBHOOK_BACKOFF) == 8


def test_the_schedule_gives_the_wait_after_each_failed_attempt_then_stops() -> None:
    backoff = (0, 5, 300)
    assert next_attempt_delay(1, backoff) == 5
    assert next_attempt_delay(2, backoff) == 300
    assert next_attempt_delay(3, backoff) is None


def test_retry_after_stretches_a_wait_but_never_shortens_it_or_exceeds_the_cap() -> None:
    backoff = (0, 5, 300)
    assert next_attempt_delay(1, backoff, retry_after=60) == 60
    assert next_attempt_delay(2, backoff, retry_after=1) == 300
    assert next_attempt_delay(1, backoff, retry_after=10**9) == MAX_RETRY_AFTER


def test_retry_after_parses_seconds_and_http_dates() -> None:
    assert parse_retry_after("120", now=0) == 120
    assert parse_retry_after(formatdate(1_000_100, usegmt=True), now=1_000_000) == 100
    assert parse_retry_after(formatdate(10, usegmt=True), now=1_000_000) == 0
    for bad in (None, "", "soon", "-5"):
        assert parse_retry_after(bad, now=0) is None


@pytest.mark.parametrize(
    ("result", "attempt", "expected"),
    [
        (AttemptResult(200, 5), 1, (DeliveryStatus.SUCCEEDED, None)),
        (AttemptResult(204, 5), 3, (DeliveryStatus.SUCCEEDED, None)),
        (AttemptResult(410, 5, "HTTP 410"), 1, (DeliveryStatus.DISABLED, None)),
        (AttemptResult(500, 5, "HTTP 500"), 1, (DeliveryStatus.PENDING, 1005.0)),
        (AttemptResult(None, 5, "timed out"), 2, (DeliveryStatus.PENDING, 1300.0)),
        (AttemptResult(429, 5, "HTTP 429", 50.0), 1, (DeliveryStatus.PENDING, 1050.0)),
        (AttemptResult(302, 5, "more than 3 redirects"), 3, (DeliveryStatus.FAILED, None)),
    ],
)
def test_next_step_after_an_attempt(
    result: AttemptResult, attempt: int, expected: tuple[DeliveryStatus, float | None]
) -> None:
    assert next_step(result, attempt, (0, 5, 300), 1000.0) == expected


def test_the_backoff_setting_reads_a_comma_separated_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERWISE_WEBHOOK_BACKOFF", "0, 1,1")
    assert Settings().webhook_backoff == (0, 1, 1)
