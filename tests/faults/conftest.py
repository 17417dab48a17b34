"""Fixtures of the fault suite: the webhook receiver, the PostgreSQL database of the
distributed mode (the integration suite's), the seed of the random moments, and the summary
table printed at the end of the run."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator

import httpx
import pytest
from tests.integration.conftest import fresh_postgres, postgres_url

from .receiver import Receiver
from .report import OUT, write_summary

__all__ = ["fresh_postgres", "postgres_url"]

# Settings of every server the suite starts: short leases and limits so a fault shows quickly.
SETTINGS = {
    "lease_seconds": "3",
    "job_timeout": "60",
    "sweep_interval": "0.5",
    "rate_limit_per_minute": "0",
    "webhook_allow_private": "1",
    "webhook_backoff": "0,1,1,2,2,3,5,5,5,5",
    "webhook_timeout": "2",
}
SYNC_LIMIT = 60.0  # the job time limit: a synchronous caller is answered within it


@pytest.fixture
def seed() -> int:
    """The seed of the random moments; ``PAPERWISE_FAULT_SEED`` replays a run."""
    value = int(os.environ.get("PAPERWISE_FAULT_SEED") or random.randrange(1_000_000))
    print(f"\nfault seed {value} (PAPERWISE_FAULT_SEED={value} replays it)")
    return value


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver().start()
    yield running
    running.close()


def add_webhook(url: str, key: str, target: str) -> None:
    """Register ``target`` for every finished extraction of the account."""
    answer = httpx.post(
        f"{url}/api/webhooks",
        json={"url": target, "document_type_name": None},
        headers={"Authorization": f"Token {key}"},
        timeout=30,
    )
    assert answer.status_code in (200, 201), answer.text


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    text = write_summary()
    if text:
        terminalreporter.write_sep("=", "faults")
        terminalreporter.write(text)
        if OUT.exists():
            terminalreporter.write_line(f"(written to {OUT})")
