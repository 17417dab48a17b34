"""Real worker processes against a real SQLite file: what only the embedded pool does.

The behaviour both modes share (a killed worker's job, expiry, sync extraction) is tested
against both in distributed/test_both_modes.py."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from paperwise.config import Settings
from paperwise.domain.accounts import Account
from paperwise.jobs.pool import WorkerPool
from paperwise.jobs.worker import Worker
from paperwise.services.paperwise_service import PaperwiseService
from paperwise.services.protocol import Submission
from paperwise.storage.tables import documents

from .helpers import make_pdf, make_scan, row, wait_for

pytestmark = pytest.mark.integration


def _finished(service: PaperwiseService, account: Account, extraction_id: str) -> bool:
    return service.poll(account, extraction_id)["status"] != "IN_PROGRESS"


def test_a_job_completes_in_a_worker_process(
    settings: Settings, service: PaperwiseService, account: Account
) -> None:
    pool = WorkerPool(settings, 1)
    pool.start()
    try:
        extraction_id = service.submit(account, Submission(make_pdf(), "inv.pdf", "invoice", "c"))
        wait_for(lambda: _finished(service, account, extraction_id))
    finally:
        pool.stop()
    answer = service.poll(account, extraction_id)
    assert answer["status"] == "SUCCESS", answer
    result = answer["result"]
    record = row(service, extraction_id)
    assert result["object_id"] == record.document_id and len(result["object_id"]) == 40
    assert result["file_name"] == "inv.pdf" and result["customer"] == "c"
    assert result["extracted_fields"][0]["name"] == "supplier_name"
    assert "INV-2024-001" in _text(service, record.document_id)


def _text(service: PaperwiseService, document_id: str) -> str:
    with service.db.read() as conn:
        text = conn.execute(sa.select(documents.c.text).where(documents.c.id == document_id))
        return str(text.scalar_one())


def test_a_job_over_the_time_limit_ends_in_error(
    settings: Settings, service: PaperwiseService, account: Account
) -> None:
    settings.job_timeout = 1
    extraction_id = service.submit(account, Submission(make_scan(30), "scan.png", "invoice"))
    worker = Worker(settings, service.db)
    try:
        assert worker.run_once()
    finally:
        worker.sandbox.close()
    answer = service.poll(account, extraction_id)
    assert answer["status"] == "ERROR" and answer["error"]["code"] == "EXTRACTION_TIMEOUT"
    assert set(answer["error"]) == {"code", "message", "details"}


def test_two_workers_finish_every_job_exactly_once(
    settings: Settings, service: PaperwiseService, account: Account
) -> None:
    pool = WorkerPool(settings, 2)
    pool.start()
    try:
        ids = [
            service.submit(account, Submission(make_pdf(), f"{i}.pdf", "invoice")) for i in range(6)
        ]
        wait_for(lambda: all(row(service, i).status != "IN_PROGRESS" for i in ids))
    finally:
        pool.stop()
    records = [row(service, i) for i in ids]
    assert {r.status for r in records} == {"SUCCESS"}
    assert {r.attempt for r in records} == {1}
    assert sorted(service.awaiting_poll(account)) == sorted(ids)


def test_a_stopping_worker_gives_its_job_back(
    settings: Settings, service: PaperwiseService, account: Account
) -> None:
    extraction_id = service.submit(account, Submission(make_scan(30), "scan.png", "invoice"))
    pool = WorkerPool(settings, 1)
    pool.start()
    try:
        wait_for(lambda: row(service, extraction_id).attempt == 1, timeout=60)
    finally:
        pool.stop()
    record = row(service, extraction_id)
    assert (record.status, record.lease_until) == ("IN_PROGRESS", None)
