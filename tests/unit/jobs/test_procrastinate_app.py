"""The Procrastinate app of the distributed mode, on Procrastinate's in-memory connector."""

from __future__ import annotations

import procrastinate
import pytest
from procrastinate.exceptions import JobAborted
from procrastinate.testing import InMemoryConnector

from paperwise.config import Settings
from paperwise.jobs.procrastinate_app import (
    EXTRACT_TASK,
    QUEUE,
    ProcrastinateDispatch,
    dispatcher_for,
    libpq_url,
    register_extract_task,
    row_is_the_entry,
)


def test_the_embedded_mode_needs_no_job_besides_the_row() -> None:
    assert dispatcher_for(Settings()) is row_is_the_entry


def test_the_distributed_mode_defers_jobs_without_connecting_at_start() -> None:
    settings = Settings(database_url="postgresql://nobody@127.0.0.1:1/none")
    assert isinstance(dispatcher_for(settings), ProcrastinateDispatch)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u@h/db", "postgresql://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql://u@h/db"),
        ("postgres://u@h/db", "postgres://u@h/db"),
    ],
)
def test_libpq_url(url: str, expected: str) -> None:
    assert libpq_url(Settings(database_url=url)) == expected


def test_the_task_runs_the_given_extraction_and_requeues_only_shutdown_aborts() -> None:
    app = procrastinate.App(connector=InMemoryConnector())
    seen: list[str] = []
    register_extract_task(app, lambda _context, extraction_id: seen.append(extraction_id))
    task = app.tasks[EXTRACT_TASK]
    assert task.queue == QUEUE
    with app.open():
        app.configure_task(EXTRACT_TASK, lock="abc", queueing_lock="abc").defer(extraction_id="abc")
        app.run_worker(queues=[QUEUE], wait=False, install_signal_handlers=False)
    assert seen == ["abc"]
    strategy = task.retry_strategy
    assert strategy is not None
    job = procrastinate.jobs.Job(
        id=1, queue=QUEUE, lock=None, queueing_lock=None, task_name=EXTRACT_TASK, task_kwargs={}
    )
    assert strategy.get_retry_decision(exception=JobAborted(), job=job) is not None
    assert strategy.get_retry_decision(exception=ValueError(), job=job) is None
