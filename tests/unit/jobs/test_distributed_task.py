"""The distributed worker's task body over a real (SQLite) extraction table, with a scripted
sandbox standing in for the extraction child process."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import procrastinate
import pytest
import sqlalchemy as sa
from procrastinate.exceptions import JobAborted

from paperwise.config import Settings
from paperwise.domain.jobs import JobOutcome
from paperwise.jobs.distributed_worker import ExtractionTask
from paperwise.jobs.sandbox import Crashed, Failed, Interrupted, SandboxOutcome
from paperwise.storage.database import Database
from paperwise.storage.job_queue import EXHAUSTED
from paperwise.storage.tables import extractions

from .conftest import MakeJob

BAD_FILE = Failed(error={"code": "INVALID_FILE", "message": "bad", "details": []})
BAD_FILE_OUTCOME = JobOutcome(error=BAD_FILE.error)


@dataclass
class ScriptedSandbox:
    """Answers from a script; ``Interrupted`` only once the caller asks to stop."""

    answers: list[SandboxOutcome]
    runs: int = 0
    meanwhile: Callable[[], None] = lambda: None

    def run(self, _request: Any, timeout: float, should_stop: Any = None) -> SandboxOutcome:
        self.runs += 1
        self.meanwhile()
        answer = self.answers.pop(0)
        if isinstance(answer, Interrupted):
            assert should_stop is not None and should_stop()
        return answer

    def close(self) -> None:
        pass


@dataclass
class Context:
    aborting: bool = False

    def should_abort(self) -> bool:
        return self.aborting


def _task(db: Database, *answers: SandboxOutcome) -> tuple[ExtractionTask, ScriptedSandbox]:
    settings = Settings(lease_seconds=2, job_max_attempts=3, result_ttl=3600)
    task = ExtractionTask(settings, db, "w1")
    sandbox = ScriptedSandbox(list(answers))
    task.sandbox = cast(Any, sandbox)
    return task, sandbox


def _run(task: ExtractionTask, extraction_id: str, context: Context | None = None) -> None:
    task(cast(procrastinate.JobContext, context or Context()), extraction_id)


def _row(db: Database, extraction_id: str) -> Any:
    with db.read() as conn:
        return conn.execute(sa.select(extractions).where(extractions.c.id == extraction_id)).one()


def test_a_job_is_run_and_written_once(db: Database, make_job: MakeJob) -> None:
    job = make_job()
    task, sandbox = _task(db, BAD_FILE)
    _run(task, job)
    record = _row(db, job)
    assert (record.status, record.attempt, record.error["code"]) == ("ERROR", 1, "INVALID_FILE")
    _run(task, job)  # the same job again (a stalled retry): nothing left to do
    assert sandbox.runs == 1


def test_a_crashed_sandbox_is_tried_again_until_the_attempts_run_out(
    db: Database, make_job: MakeJob
) -> None:
    job = make_job()
    task, sandbox = _task(db, Crashed(), Crashed(), Crashed())
    _run(task, job)
    record = _row(db, job)
    assert (record.status, record.attempt, sandbox.runs) == ("ERROR", 4, 3)
    assert record.error["message"] == EXHAUSTED


def test_a_crash_then_a_result(db: Database, make_job: MakeJob) -> None:
    job = make_job()
    task, _ = _task(db, Crashed(), BAD_FILE)
    _run(task, job)
    assert (_row(db, job).status, _row(db, job).attempt) == ("ERROR", 2)


def test_a_shutdown_gives_the_row_back_and_requeues_the_job(
    db: Database, make_job: MakeJob
) -> None:
    job = make_job()
    task, _ = _task(db, Interrupted())
    with pytest.raises(JobAborted):
        _run(task, job, Context(aborting=True))
    record = _row(db, job)
    assert (record.status, record.lease_until, record.attempt) == ("IN_PROGRESS", None, 1)


def test_a_row_leased_elsewhere_is_waited_for(db: Database, make_job: MakeJob) -> None:
    job = make_job()
    task, sandbox = _task(db, BAD_FILE)
    other = task.queue.claim_id(job, "api-1", lease_seconds=60)
    assert other is not None
    finisher = threading.Timer(0.5, task.queue.finish, args=(other, BAD_FILE_OUTCOME))
    finisher.start()
    _run(task, job)
    finisher.join()
    assert sandbox.runs == 0 and _row(db, job).worker_id == "api-1"


def test_a_lost_lease_leaves_the_row_to_its_new_owner(db: Database, make_job: MakeJob) -> None:
    job = make_job()
    task, sandbox = _task(db, Interrupted())

    def retaken_while_running() -> None:
        with db.write() as conn:
            conn.execute(sa.update(extractions).values(lease_until=1.0))
        assert task.queue.claim_id(job, "w2", lease_seconds=60) is not None
        task.renew()  # the heartbeat finds the row is no longer ours

    sandbox.meanwhile = retaken_while_running
    _run(task, job)
    record = _row(db, job)
    assert (record.status, record.worker_id, record.attempt) == ("IN_PROGRESS", "w2", 2)
