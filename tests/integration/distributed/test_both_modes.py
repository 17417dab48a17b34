"""The core job behaviour, run against both modes: embedded (SQLite, lease table) and distributed
(PostgreSQL, Procrastinate)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

import pytest
import sqlalchemy as sa
from tests.unicode_pdfs import EMOJI, EMOJI_SUPPLIER, emoji_invoice_pdf

from paperwise.config import Settings
from paperwise.domain.accounts import Account
from paperwise.domain.jobs import JobOutcome
from paperwise.domain.wire import WireResult
from paperwise.jobs.pool import WorkerPool
from paperwise.jobs.sweeper import SweepThread
from paperwise.jobs.worker import lease_policy
from paperwise.services.paperwise_service import PaperwiseService
from paperwise.services.protocol import Submission
from paperwise.storage.job_queue import UNSTORABLE, LeaseTable
from paperwise.storage.tables import documents, extractions

from ..helpers import make_pdf, make_scan, row, wait_for
from .processes import kill, start, stop

pytestmark = pytest.mark.integration


def _open_jobs(service: PaperwiseService) -> int:
    """Procrastinate jobs not yet done (distributed mode; 0 in embedded mode)."""
    if not service.settings.is_distributed:
        return 0
    with service.db.read() as conn:
        return int(conn.execute(sa.text("SELECT count(*) FROM procrastinate_jobs")).scalar_one())


def test_a_job_completes(service: PaperwiseService, account: Account, settings: Settings) -> None:
    pool = WorkerPool(settings, 1)
    pool.start()
    try:
        extraction_id = service.submit(account, Submission(make_pdf(), "inv.pdf", "invoice", "c"))
        wait_for(lambda: service.poll(account, extraction_id)["status"] != "IN_PROGRESS")
    finally:
        pool.stop()
    answer = service.poll(account, extraction_id)
    assert answer["status"] == "SUCCESS", answer
    assert answer["result"]["file_name"] == "inv.pdf" and answer["result"]["customer"] == "c"
    record = row(service, extraction_id)
    assert (record.attempt, answer["result"]["object_id"]) == (1, record.document_id)
    assert _open_jobs(service) == 0


@pytest.mark.slow
def test_a_killed_worker_s_job_is_taken_again_and_finished_once(
    service: PaperwiseService, account: Account, settings: Settings, tmp_path: Path
) -> None:
    extraction_id = service.submit(account, Submission(make_scan(), "scan.png", "receipt"))
    first = start(["worker", "--concurrency", "1"], settings, tmp_path / "first.log")
    try:
        wait_for(lambda: row(service, extraction_id).attempt == 1, timeout=90)
    finally:
        kill(first)  # the worker, its pool and its sandbox, mid-job
    assert row(service, extraction_id).status == "IN_PROGRESS"
    second = start(["worker", "--concurrency", "1"], settings, tmp_path / "second.log")
    try:
        wait_for(lambda: row(service, extraction_id).status != "IN_PROGRESS", timeout=120)
    finally:
        stop(second)
    record = row(service, extraction_id)
    assert (record.status, record.attempt) == ("SUCCESS", 2), (tmp_path / "second.log").read_text()
    assert record.result["file_name"] == "scan.png"
    assert _open_jobs(service) == 0


def test_a_finished_job_expires(
    service: PaperwiseService, account: Account, settings: Settings
) -> None:
    settings.result_ttl = 1
    pool, sweeper = WorkerPool(settings, 1), SweepThread(service.db, settings)
    pool.start()
    sweeper.start()
    try:
        extraction_id = service.submit(account, Submission(make_pdf(), "inv.pdf", "invoice"))
        wait_for(lambda: row(service, extraction_id).status == "SUCCESS")
        wait_for(lambda: row(service, extraction_id).status == "EXPIRED", timeout=15)
    finally:
        sweeper.stop()
        pool.stop()
    record = row(service, extraction_id)
    assert record.result is None and record.document_id is None
    with service.db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(documents)).scalar() == 0
    assert service.poll(account, extraction_id) == {"error": {}, "result": {}, "status": "EXPIRED"}


def test_sync_extraction_without_workers_runs_in_the_api_s_sandbox(
    service: PaperwiseService, account: Account, settings: Settings
) -> None:
    settings.workers = 0
    result = service.extract_now(account, Submission(make_pdf(), "inv.pdf", "invoice", "c"))
    assert result["file_name"] == "inv.pdf" and len(result["object_id"]) == 40
    assert service.awaiting_poll(account) == []


@contextmanager
def _live_worker(service: PaperwiseService, settings: Settings) -> Iterator[None]:
    """One worker process, running and seen alive by the service (sync jobs go to it)."""
    pool = WorkerPool(settings, 1)
    pool.start()
    try:
        wait_for(service.is_ready, timeout=60)
        yield
    finally:
        pool.stop()


def test_sync_extraction_is_run_by_a_live_worker(
    service: PaperwiseService, account: Account, settings: Settings
) -> None:
    with _live_worker(service, settings):
        result = service.extract_now(account, Submission(make_pdf(), "inv.pdf", "invoice"))
    with service.db.read() as conn:
        worker_id = conn.execute(sa.text("SELECT worker_id FROM extractions")).scalar_one()
    assert not worker_id.startswith("api-")
    assert result["file_name"] == "inv.pdf"
    assert _open_jobs(service) == 0


def test_a_cancelled_job_is_not_completed(
    service: PaperwiseService, account: Account, settings: Settings
) -> None:
    extraction_id = service.submit(account, Submission(make_scan(30), "scan.png", "invoice"))
    pool = WorkerPool(settings, 1)
    pool.start()
    try:
        wait_for(lambda: row(service, extraction_id).attempt == 1, timeout=90)
        service.delete_extraction(account, extraction_id)
        wait_for(lambda: _open_jobs(service) == 0, timeout=30)
    finally:
        pool.stop()
    assert service.poll(account, extraction_id)["status"] == "EXPIRED"
    assert row(service, extraction_id).result is None


def test_an_emoji_in_the_text_layer_is_extracted_at_once(
    service: PaperwiseService, account: Account, settings: Settings
) -> None:
    with _live_worker(service, settings):
        began = time.monotonic()
        result = service.extract_now(account, Submission(emoji_invoice_pdf(), "e.pdf", "invoice"))
        took = time.monotonic() - began
    supplier = next(f for f in result["extracted_fields"] if f["name"] == "supplier_name")
    assert supplier["values"][0]["value"] == EMOJI_SUPPLIER
    assert took < 30  # one attempt; no retries across lease expiries
    with service.db.read() as conn:
        extraction_id = conn.execute(sa.select(extractions.c.id)).scalar_one()
        text = conn.execute(sa.select(documents.c.text)).scalar_one()
    assert EMOJI_SUPPLIER in text and text.count(EMOJI) == 2
    assert row(service, extraction_id).attempt == 1


@pytest.mark.parametrize("text", ["half an emoji \ud83d", "a NUL \x00"], ids=["surrogate", "nul"])
def test_a_result_the_database_refuses_ends_error_after_one_attempt(
    service: PaperwiseService, account: Account, mode: str, text: str
) -> None:
    if mode == "embedded" and "\x00" in text:
        pytest.skip("SQLite stores a NUL in text")
    extraction_id = service.submit(account, Submission(make_pdf(), "inv.pdf", "invoice"))
    queue = LeaseTable(service.db, lease_policy(service.settings))
    claim = queue.claim_id(extraction_id, "w1", service.settings.lease_seconds)
    assert claim is not None
    result = cast(WireResult, {"object_id": claim.job.document_id, "extracted_fields": []})
    assert queue.finish(claim, JobOutcome(result=result, text=text))
    answer = service.poll(account, extraction_id)
    assert answer["status"] == "ERROR" and answer["result"] == {}
    assert answer["error"] == {"code": "EXTRACTION_FAILED", "message": UNSTORABLE, "details": []}
    assert row(service, extraction_id).attempt == 1
    time.sleep(service.settings.lease_seconds + 0.5)  # a lease would have run out by now
    assert queue.claim("w2") is None
    with service.db.read() as conn:
        assert conn.execute(sa.select(documents.c.text)).scalar_one() is None
