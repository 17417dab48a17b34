from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from paperwise.domain.accounts import Account
from paperwise.domain.jobs import JobOutcome
from paperwise.domain.result import ExtractionResult
from paperwise.errors import (
    DocumentError,
    DocumentTypeNotFound,
    ErrorBody,
    ExtractionFailed,
    FileTooLarge,
    IdempotencyConflict,
    NotFound,
    UnsupportedFileType,
    ValidationFailed,
)
from paperwise.jobs.sweeper import sweep_once
from paperwise.jobs.worker import lease_policy
from paperwise.services import sync_extraction
from paperwise.services.paperwise_service import PaperwiseService
from paperwise.services.protocol import Submission
from paperwise.storage.job_queue import UNSTORABLE, LeaseTable
from paperwise.storage.tables import documents, extractions

from .conftest import make_pdf

RESULT = ExtractionResult(fields=[]).to_wire(object_id="o", file_name="a.pdf", customer=None)


def _finish(service: PaperwiseService, outcome: JobOutcome | None = None) -> str:
    queue = LeaseTable(service.db, lease_policy(service.settings))
    claim = queue.claim("test-worker")
    assert claim is not None
    assert queue.finish(claim, outcome or JobOutcome(result=RESULT, text="Invoice 1"))
    return claim.extraction_id


def _count(service: PaperwiseService, table: sa.Table) -> int:
    with service.db.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def _age(service: PaperwiseService, column: str, seconds: float) -> None:
    with service.db.write() as conn:
        conn.execute(sa.update(extractions).values({column: extractions.c[column] - seconds}))


def test_submit_records_a_job_that_polls_in_progress(
    service: PaperwiseService, acme: Account, pdf: bytes
) -> None:
    extraction_id = service.submit(acme, Submission(pdf, "a.pdf", "invoice", "c1"))
    assert len(extraction_id) == 40 and int(extraction_id, 16) >= 0
    assert service.poll(acme, extraction_id) == {"error": {}, "result": {}, "status": "IN_PROGRESS"}
    assert service.job_stats().queue_depth == 1


def test_a_finished_job_polls_its_result_and_leaves_awaiting_poll(
    service: PaperwiseService, acme: Account, pdf: bytes
) -> None:
    extraction_id = service.submit(acme, Submission(pdf, "a.pdf", "invoice", "c1"))
    _finish(service)
    assert service.awaiting_poll(acme) == [extraction_id]
    assert service.awaiting_poll(acme, customer="c1") == [extraction_id]
    assert service.awaiting_poll(acme, customer="other") == []
    assert service.poll(acme, extraction_id) == {"error": {}, "result": RESULT, "status": "SUCCESS"}
    assert service.awaiting_poll(acme) == []
    stats = service.job_stats()
    assert stats.by_status["SUCCESS"] == 1 and stats.durations_count == 1


def test_an_error_polls_the_standard_shape(
    service: PaperwiseService, acme: Account, pdf: bytes
) -> None:
    extraction_id = service.submit(acme, Submission(pdf, "a.pdf", "invoice"))
    error: ErrorBody = {"code": "EXTRACTION_TIMEOUT", "message": "too slow", "details": []}
    _finish(service, JobOutcome(error=error))
    assert service.poll(acme, extraction_id) == {"error": error, "result": {}, "status": "ERROR"}


def test_another_accounts_extraction_does_not_exist(
    service: PaperwiseService, acme: Account, globex: Account, pdf: bytes
) -> None:
    extraction_id = service.submit(acme, Submission(pdf, "a.pdf", "invoice"))
    with pytest.raises(NotFound):
        service.poll(globex, extraction_id)
    with pytest.raises(NotFound):
        service.delete_extraction(globex, extraction_id)
    with pytest.raises(NotFound):
        service.poll(acme, "0" * 40)
    assert service.awaiting_poll(globex) == []


def test_submit_validates_before_recording(
    service: PaperwiseService, acme: Account, pdf: bytes
) -> None:
    with pytest.raises(DocumentTypeNotFound):
        service.submit(acme, Submission(pdf, "a.pdf", "no-such-type"))
    with pytest.raises(UnsupportedFileType):
        service.submit(acme, Submission(b"not a document at all", "a.pdf", "invoice"))
    with pytest.raises(ValidationFailed):
        service.submit(acme, Submission(pdf, "  ", "invoice"))
    assert _count(service, extractions) == 0 and _count(service, documents) == 0


def test_submit_refuses_a_file_over_the_limit(service: PaperwiseService, acme: Account) -> None:
    service.settings.max_file_mb = 0.001
    with pytest.raises(FileTooLarge) as raised:
        service.submit(acme, Submission(b"%PDF" + b"x" * 2000, "a.pdf", "invoice"))
    assert raised.value.details[0]["max_bytes"] == 1048


def test_idempotency_key_returns_the_same_id_for_the_same_body(
    service: PaperwiseService, acme: Account, globex: Account, pdf: bytes
) -> None:
    body = Submission(pdf, "a.pdf", "invoice", "c1")
    first = service.submit(acme, body, idempotency_key="k1")
    assert service.submit(acme, body, idempotency_key="k1") == first
    assert service.submit(globex, body, idempotency_key="k1") != first  # keys are per account
    assert service.submit(acme, body) != first
    for other in (
        Submission(pdf, "b.pdf", "invoice", "c1"),
        Submission(pdf, "a.pdf", "receipt", "c1"),
        Submission(pdf, "a.pdf", "invoice", None),
        Submission(pdf + b"\n", "a.pdf", "invoice", "c1"),
    ):
        with pytest.raises(IdempotencyConflict):
            service.submit(acme, other, idempotency_key="k1")


def test_delete_cancels_a_running_job_and_fences_its_worker(
    service: PaperwiseService, acme: Account, pdf: bytes
) -> None:
    extraction_id = service.submit(acme, Submission(pdf, "a.pdf", "invoice"))
    queue = LeaseTable(service.db, lease_policy(service.settings))
    claim = queue.claim("w1")
    assert claim is not None
    service.delete_extraction(acme, extraction_id)
    assert not queue.finish(claim, JobOutcome(result=RESULT, text="t"))
    assert service.poll(acme, extraction_id)["status"] == "EXPIRED"
    assert _count(service, documents) == 0
    service.delete_extraction(acme, extraction_id)  # again: nothing left, no error


def test_delete_purges_a_finished_job(service: PaperwiseService, acme: Account, pdf: bytes) -> None:
    extraction_id = service.submit(acme, Submission(pdf, "a.pdf", "invoice"))
    _finish(service)
    service.delete_extraction(acme, extraction_id)
    assert service.poll(acme, extraction_id) == {"error": {}, "result": {}, "status": "EXPIRED"}
    assert _count(service, documents) == 0
    assert service.awaiting_poll(acme) == []


def test_the_sweep_expires_results_and_later_forgets_them(
    service: PaperwiseService, acme: Account, pdf: bytes
) -> None:
    extraction_id = service.submit(acme, Submission(pdf, "a.pdf", "invoice"))
    _finish(service)
    assert sweep_once(service.db, service.settings).expired == 0
    _age(service, "expires_at", service.settings.result_ttl + 1)
    assert sweep_once(service.db, service.settings).expired == 1
    assert sweep_once(service.db, service.settings).expired == 0  # safe to re-run
    assert _count(service, documents) == 0
    with service.db.read() as conn:
        row = conn.execute(sa.select(extractions)).one()
    assert row.result is None and row.error is None and row.document_id is None
    assert service.poll(acme, extraction_id)["status"] == "EXPIRED"
    _age(service, "expired_at", service.settings.expired_record_ttl + 1)
    assert sweep_once(service.db, service.settings).removed == 1
    with pytest.raises(NotFound):
        service.poll(acme, extraction_id)


def test_the_read_path_never_serves_expired_data(
    service: PaperwiseService, acme: Account, pdf: bytes
) -> None:
    extraction_id = service.submit(acme, Submission(pdf, "a.pdf", "invoice"))
    _finish(service)
    _age(service, "expires_at", service.settings.result_ttl + 1)  # the sweep has not run
    assert service.awaiting_poll(acme) == []
    assert service.poll(acme, extraction_id) == {"error": {}, "result": {}, "status": "EXPIRED"}
    assert _count(service, documents) == 0


def _files_holding(root: Path, needle: bytes) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


@pytest.mark.parametrize("how", ["delete", "sweep", "poll"])
def test_purged_documents_leave_no_bytes_in_the_data_dir(
    service: PaperwiseService, acme: Account, how: str
) -> None:
    document = make_pdf("Invoice PURGE-7319-UNIQUE")
    extraction_id = service.submit(acme, Submission(document, "a.pdf", "invoice"))
    _finish(service, JobOutcome(result=RESULT, text="PURGE-7319-UNIQUE text"))
    data_dir = service.settings.data_dir
    assert _files_holding(data_dir, document)
    if how == "delete":
        service.delete_extraction(acme, extraction_id)
    else:
        _age(service, "expires_at", service.settings.result_ttl + 1)
        if how == "sweep":
            sweep_once(service.db, service.settings)
        assert service.poll(acme, extraction_id)["status"] == "EXPIRED"
    assert _files_holding(data_dir, document) == []
    assert _files_holding(data_dir, b"PURGE-7319-UNIQUE") == []


def test_an_unreadable_document_is_accepted_async_and_refused_sync(
    service: PaperwiseService, acme: Account
) -> None:
    corrupt = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage"
    with pytest.raises(DocumentError) as raised:
        service.extract_now(acme, Submission(corrupt, "a.pdf", "invoice"))
    assert raised.value.code == "INVALID_FILE"
    assert _count(service, extractions) == 0
    extraction_id = service.submit(acme, Submission(corrupt, "a.pdf", "invoice"))
    assert service.poll(acme, extraction_id)["status"] == "IN_PROGRESS"  # the worker will say


def test_a_sync_result_that_cannot_be_stored_fails_at_once_without_a_retry(
    service: PaperwiseService, acme: Account, pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def half_an_emoji(_answer: object, _job: object) -> JobOutcome:
        return JobOutcome(result=RESULT, text="Merci \ud83d")

    monkeypatch.setattr(sync_extraction, "outcome_of", half_an_emoji)
    with pytest.raises(ExtractionFailed) as raised:
        service.extract_now(acme, Submission(pdf, "a.pdf", "invoice"))
    assert raised.value.message == UNSTORABLE
    with service.db.read() as conn:
        record = conn.execute(sa.select(extractions)).one()
    assert (record.status, record.attempt) == ("ERROR", 1)
