"""The soak harness (``make soak``, minutes per mode) in a 15-second run per mode, so it cannot
rot: locust's clients submit, poll and extract synchronously against a real ``paperwise serve``
(embedded, then distributed with a ``paperwise worker``), every accepted job is polled to its
end, and the judged counts are all 0."""

from __future__ import annotations

import os

import psycopg
import pytest
from bench.soak import ADMIN_URL, SoakPlan, soak_mode

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PLAN = SoakPlan(seconds=15, max_requests=400, users=4, workers=1, drain_timeout=120)


def _postgres_or_skip() -> None:
    try:
        psycopg.connect(ADMIN_URL, connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        reason = f"PostgreSQL is not reachable at {ADMIN_URL}: {exc}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.mark.parametrize("mode", ["embedded", "distributed"])
def test_a_short_soak_loses_nothing(mode: str) -> None:
    if mode == "distributed":
        _postgres_or_skip()
    report = soak_mode(mode, PLAN, lambda _: None)
    text = report.render()
    kinds = {kind for kind, status, _, _ in report.requests if status}
    assert kinds == {"submit", "poll", "sync"}, text
    assert report.accepted, text
    assert report.http_5xx == [] and report.no_answer == [] and report.unexpected == [], text
    assert report.lost == [] and report.hung == [] and report.failed == [], text
    assert report.memory_start.api > 0 and report.memory_start.workers > 0, text
    assert report.ok, text
