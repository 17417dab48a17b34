"""A result that cannot be stored ends its job ERROR after one run, whichever worker ran it: a
failure to store is no reason to run the extraction again (only a dead worker is)."""

from __future__ import annotations

from typing import Any, cast

import sqlalchemy as sa

from paperwise.config import Settings
from paperwise.domain.document_types import DataType
from paperwise.domain.result import ExtractionResult, FieldResult, Value
from paperwise.jobs.sandbox import Extracted
from paperwise.jobs.worker import Worker
from paperwise.storage.database import Database
from paperwise.storage.job_queue import UNSTORABLE
from paperwise.storage.tables import extractions

from .conftest import MakeJob
from .test_distributed_task import ScriptedSandbox, _run, _task

# A result whose text holds half an emoji, as the reader once produced.
HALF_EMOJI = Extracted(
    result=ExtractionResult(
        fields=[FieldResult("supplier_name", DataType.AUTHOR, [Value("A", 0.9)])]
    ),
    text="Merci \ud83d",
)


def _status(db: Database, extraction_id: str) -> tuple[str, int, str]:
    with db.read() as conn:
        row = conn.execute(sa.select(extractions).where(extractions.c.id == extraction_id)).one()
    return row.status, row.attempt, row.error["message"]


def test_the_embedded_worker_ends_it_in_error_after_one_run(
    db: Database, make_job: MakeJob
) -> None:
    job = make_job()
    worker = Worker(Settings(lease_seconds=2, job_max_attempts=3), db, worker_id="w1")
    sandbox = ScriptedSandbox([HALF_EMOJI, HALF_EMOJI])
    worker.sandbox = cast(Any, sandbox)
    assert worker.run_once()
    assert _status(db, job) == ("ERROR", 1, UNSTORABLE)
    assert not worker.run_once() and sandbox.runs == 1


def test_the_distributed_task_ends_it_in_error_after_one_run(
    db: Database, make_job: MakeJob
) -> None:
    job = make_job()
    task, sandbox = _task(db, HALF_EMOJI, HALF_EMOJI)
    _run(task, job)
    assert _status(db, job) == ("ERROR", 1, UNSTORABLE)
    _run(task, job)  # a stalled retry of the same job finds nothing to do
    assert sandbox.runs == 1
