"""An idle embedded worker looks for a job as soon as one is submitted, not at its next poll."""

from __future__ import annotations

import threading
import time

import pytest

from paperwise.config import Settings
from paperwise.jobs import worker as worker_module
from paperwise.jobs.worker import Worker
from paperwise.storage.database import CommitWatch, Database

from .conftest import MakeJob


def test_an_idle_worker_wakes_when_a_job_is_submitted(
    db: Database, make_job: MakeJob, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker_module, "IDLE_POLL_SECONDS", 30.0)
    worker = Worker(Settings(), db, worker_id="w1")
    watch = CommitWatch(db)
    submit = threading.Timer(0.2, make_job)
    try:
        began = time.monotonic()
        submit.start()
        worker.wait_for_work(watch)
        waited = time.monotonic() - began
    finally:
        submit.join()
        watch.close()
        worker.sandbox.close()
    assert 0.15 <= waited < 10  # woken by the submission, long before the 30 s poll
    assert worker.queue.claim("w1") is not None


def test_an_idle_worker_still_polls_without_commits(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker_module, "IDLE_POLL_SECONDS", 0.1)
    worker = Worker(Settings(), db, worker_id="w1")
    watch = CommitWatch(db)
    try:
        began = time.monotonic()
        worker.wait_for_work(watch)  # e.g. a dead worker's lease runs out: nothing commits
        assert 0.09 <= time.monotonic() - began < 10
    finally:
        watch.close()
        worker.sandbox.close()
