from __future__ import annotations

from typing import cast

import pytest
import sqlalchemy as sa

from paperwise.domain.jobs import JobOutcome
from paperwise.domain.wire import WireResult
from paperwise.errors import ErrorBody
from paperwise.storage.accounts import AccountRepository
from paperwise.storage.database import Database, now
from paperwise.storage.job_queue import UNSTORABLE, LeaseTable
from paperwise.storage.lessons_repo import LessonRepository
from paperwise.storage.tables import documents, extractions
from paperwise.storage.webhook_tables import webhook_deliveries
from paperwise.storage.webhooks_repo import WebhookRepository

from .conftest import MakeJob

OK = JobOutcome(result=cast(WireResult, {"object_id": "x"}), text="hello")


def _expire_leases(db: Database) -> None:
    with db.write() as conn:
        conn.execute(sa.update(extractions).values(lease_until=1.0))


def _row(db: Database, extraction_id: str) -> sa.Row[tuple[object, ...]]:
    with db.read() as conn:
        return conn.execute(sa.select(extractions).where(extractions.c.id == extraction_id)).one()


def test_a_waiting_job_is_claimed_once(queue: LeaseTable, make_job: MakeJob) -> None:
    job = make_job()
    claim = queue.claim("w1")
    assert claim is not None and claim.extraction_id == job and claim.attempt == 1
    assert queue.claim("w2") is None  # leased


def test_synchronous_jobs_go_first(queue: LeaseTable, make_job: MakeJob) -> None:
    make_job()
    urgent = make_job(sync=True)
    claim = queue.claim("w1")
    assert claim is not None and claim.extraction_id == urgent


def test_a_claim_carries_the_document_and_type(queue: LeaseTable, make_job: MakeJob) -> None:
    make_job(data=b"bytes!")
    claim = queue.claim("w1")
    assert claim is not None
    job = claim.job
    assert job.data == b"bytes!" and job.document_type["name"] == "invoice"
    assert job.file_name == "a.pdf" and job.customer == "c1" and len(job.document_id) == 40
    assert job.lessons == ()  # the account has none


def test_a_claim_carries_the_accounts_lessons_for_its_type(
    db: Database, queue: LeaseTable, make_job: MakeJob
) -> None:
    job_id = make_job()
    with db.write() as conn:
        account_id = conn.execute(
            sa.select(extractions.c.account_id).where(extractions.c.id == job_id)
        ).scalar_one()
        repo = LessonRepository(conn, account_id)
        repo.add("invoice", "acme", {"n": 1})
        repo.add("receipt", "acme", {"n": 2})  # another type: not this job's
        globex = AccountRepository(conn).ensure("globex")
        LessonRepository(conn, globex.id).add("invoice", "acme", {"n": 3})  # another account's
    claim = queue.claim("w1")
    assert claim is not None and claim.job.lessons == ({"n": 1},)
    assert claim.job.account_id == account_id


def test_an_expired_lease_is_taken_again_and_fences_the_first_worker(
    db: Database, queue: LeaseTable, make_job: MakeJob
) -> None:
    job = make_job()
    first = queue.claim("w1")
    _expire_leases(db)  # w1 died: its lease ran out
    second = queue.claim("w2")
    assert first is not None and second is not None and second.attempt == 2
    assert not queue.renew(first)
    assert not queue.finish(first, JobOutcome(error={"code": "X", "message": "", "details": []}))
    assert queue.finish(second, OK)
    assert not queue.finish(second, OK)  # and never twice
    row = _row(db, job)
    assert row.status == "SUCCESS" and row.result == {"object_id": "x"} and row.error is None
    with db.read() as conn:
        assert conn.execute(sa.select(documents.c.text)).scalar_one() == "hello"


def test_renew_keeps_the_job(db: Database, queue: LeaseTable, make_job: MakeJob) -> None:
    job = make_job()
    claim = queue.claim("w1")
    assert claim is not None
    before = _row(db, job).lease_until
    assert queue.renew(claim)
    assert _row(db, job).lease_until >= before
    assert queue.claim("w2") is None


def test_release_gives_the_job_back_at_once(queue: LeaseTable, make_job: MakeJob) -> None:
    make_job()
    claim = queue.claim("w1")
    assert claim is not None
    queue.release(claim)
    again = queue.claim("w2")
    assert again is not None and again.attempt == 2


def test_an_error_outcome_ends_the_job_in_error(
    db: Database, queue: LeaseTable, make_job: MakeJob
) -> None:
    job = make_job()
    claim = queue.claim("w1")
    assert claim is not None
    error: ErrorBody = {"code": "INVALID_FILE", "message": "bad", "details": []}
    assert queue.finish(claim, JobOutcome(error=error))
    row = _row(db, job)
    assert row.status == "ERROR" and row.error == error and row.result is None
    assert row.expires_at - row.finished_at == 3600


UNSTORABLE_OUTCOMES = {  # shaped as no result is, on purpose
    "text with a lone surrogate": JobOutcome(
        result=cast(WireResult, {"object_id": "x"}), text="caf\ud83d"
    ),
    "result with a lone surrogate": JobOutcome(
        result=cast(WireResult, {"name": "\ude00"}), text="ok"
    ),
    "result that is not JSON": JobOutcome(result=cast(WireResult, {"when": object()}), text="ok"),
    "error with a lone surrogate": JobOutcome(
        error=cast(ErrorBody, {"code": "X", "message": "\ud83d"})
    ),
}


@pytest.mark.parametrize("outcome", UNSTORABLE_OUTCOMES.values(), ids=UNSTORABLE_OUTCOMES)
def test_an_outcome_that_cannot_be_stored_ends_the_job_in_error_at_once(
    db: Database, queue: LeaseTable, make_job: MakeJob, outcome: JobOutcome
) -> None:
    job = make_job()
    claim = queue.claim("w1")
    assert claim is not None
    assert queue.finish(claim, outcome)
    row = _row(db, job)
    assert (row.status, row.attempt, row.result) == ("ERROR", 1, None)
    assert row.error == {"code": "EXTRACTION_FAILED", "message": UNSTORABLE, "details": []}
    with db.read() as conn:
        assert conn.execute(sa.select(documents.c.text)).scalar_one() is None
    _expire_leases(db)
    assert queue.claim("w2") is None  # never run again


def test_an_unstorable_outcome_of_a_lost_job_writes_nothing(
    db: Database, queue: LeaseTable, make_job: MakeJob
) -> None:
    job = make_job()
    first = queue.claim("w1")
    _expire_leases(db)
    second = queue.claim("w2")
    assert first is not None and second is not None
    assert not queue.finish(first, UNSTORABLE_OUTCOMES["text with a lone surrogate"])
    assert (_row(db, job).status, _row(db, job).attempt) == ("IN_PROGRESS", 2)
    assert queue.finish(second, OK)


def test_a_database_failure_on_the_final_write_is_not_blamed_on_the_outcome(
    queue: LeaseTable, make_job: MakeJob, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_job()
    claim = queue.claim("w1")
    assert claim is not None

    def database_gone(*_args: object) -> bool:
        raise sa.exc.OperationalError("UPDATE extractions", {}, Exception("database is locked"))

    monkeypatch.setattr(queue, "_write_final", database_gone)
    with pytest.raises(sa.exc.OperationalError):
        queue.finish(claim, OK)  # a database that fails is no reason to give the job up


def test_a_job_that_crashed_too_often_ends_in_error(
    db: Database, queue: LeaseTable, make_job: MakeJob
) -> None:
    job = make_job()
    for _ in range(3):
        assert queue.claim("w") is not None
        _expire_leases(db)
    assert queue.claim("w") is None  # out of attempts
    assert queue.fail_exhausted() == 1
    row = _row(db, job)
    assert row.status == "ERROR" and row.error["code"] == "EXTRACTION_FAILED"
    assert queue.fail_exhausted() == 0


def test_claim_id_takes_one_given_job(queue: LeaseTable, make_job: MakeJob) -> None:
    make_job()
    wanted = make_job()
    claim = queue.claim_id(wanted, "api", 60)
    assert claim is not None and claim.extraction_id == wanted
    assert queue.claim_id(wanted, "api", 60) is None


def test_a_busy_worker_takes_the_next_job_without_looking_first(
    queue: LeaseTable, make_job: MakeJob
) -> None:
    first, second = make_job(), make_job()
    taken = [queue.claim(w, look_first=False) for w in ("w1", "w2", "w3")]
    assert [c.extraction_id if c else None for c in taken] == [first, second, None]


def _deliveries(db: Database) -> int:
    with db.read() as conn:
        return int(
            conn.execute(sa.select(sa.func.count()).select_from(webhook_deliveries)).scalar_one()
        )


def test_finishing_records_events_for_enabled_endpoints_only(
    db: Database, queue: LeaseTable, make_job: MakeJob
) -> None:
    jobs = [make_job() for _ in range(3)]
    with db.read() as conn:
        account_id = conn.execute(sa.select(extractions.c.account_id).limit(1)).scalar_one()

    def finish_next() -> None:
        claim = queue.claim("w")
        assert claim is not None and queue.finish(claim, OK)

    finish_next()  # no endpoint yet
    assert _deliveries(db) == 0
    with db.write() as conn:
        endpoint = WebhookRepository(conn).insert_endpoint(
            account_id, "https://example.com/hook", None, "secret", now()
        )
    finish_next()
    assert _deliveries(db) == 1
    with db.write() as conn:
        WebhookRepository(conn).disable_endpoint(endpoint.id, now())
    finish_next()
    assert _deliveries(db) == 1
    assert all(_row(db, job).status == "SUCCESS" for job in jobs)
