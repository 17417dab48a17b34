"""What only the distributed mode has: migrations under concurrency, the job deferred in the
row's transaction, the stalled-job and orphan sweeps."""

from __future__ import annotations

import asyncio
import subprocess
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
import sqlalchemy as sa

from paperwise.config import Settings
from paperwise.domain.accounts import Account
from paperwise.jobs.procrastinate_app import worker_app
from paperwise.jobs.queue_sweep import QueueSweep
from paperwise.services.paperwise_service import PaperwiseService, open_service
from paperwise.services.protocol import Submission
from paperwise.storage.database import Database
from paperwise.storage.job_queue import requeue_orphans, retry_stalled_jobs

from ..helpers import PAPERWISE, make_pdf
from ..postgres import admin_connection, create_database, database_url, drop_database
from .processes import env_of

pytestmark = pytest.mark.integration


@pytest.fixture
def service(pg_settings: Settings) -> Iterator[PaperwiseService]:
    opened = open_service(pg_settings)
    yield opened
    opened.close()


@pytest.fixture
def account(service: PaperwiseService) -> Account:
    return service.authenticate(service.create_key("acme")[1])


def _jobs(service: PaperwiseService) -> list[tuple[str, str]]:
    """(status, lock) of every Procrastinate job."""
    with service.db.read() as conn:
        rows = conn.execute(sa.text("SELECT status::text, lock FROM procrastinate_jobs"))
        return [(r[0], r[1]) for r in rows]


def test_migrations_are_safe_when_several_processes_start_at_once(pg_settings: Settings) -> None:
    admin = admin_connection()
    name = create_database(admin)
    try:
        settings = pg_settings.model_copy(update={"database_url": database_url(name)})
        runs = [
            subprocess.Popen(
                [PAPERWISE, "db", "upgrade"],
                env=env_of(settings),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _ in range(4)
        ]
        outputs = [run.communicate(timeout=180)[0] for run in runs]
        assert [run.returncode for run in runs] == [0] * 4, outputs
        db = Database.from_settings(settings)
        head = db.head_revision()
        assert all(f"revision {head}" in out for out in outputs), outputs
        with db.read() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM procrastinate_jobs")).scalar() == 0
        db.dispose()
    finally:
        drop_database(admin, name)
        admin.close()


def test_submitting_defers_one_job_in_the_row_s_transaction(
    service: PaperwiseService, account: Account
) -> None:
    extraction_id = service.submit(account, Submission(make_pdf(), "a.pdf", "invoice"))
    assert _jobs(service) == [("todo", extraction_id)]
    with pytest.raises(RuntimeError), service.db.write() as conn:
        service.dispatch(conn, "f" * 40, sync=False)
        raise RuntimeError("the transaction fails after the defer")
    assert _jobs(service) == [("todo", extraction_id)]  # rolled back with it


def test_concurrent_twins_with_one_idempotency_key_get_one_extraction(
    service: PaperwiseService, account: Account
) -> None:
    submission = Submission(make_pdf(), "a.pdf", "invoice")
    barrier = threading.Barrier(6)

    def submit(_index: int) -> str:
        barrier.wait()
        return service.submit(account, submission, idempotency_key="twin")

    with ThreadPoolExecutor(6) as pool:
        ids = set(pool.map(submit, range(6)))
    assert len(ids) == 1
    assert _jobs(service) == [("todo", ids.pop())]


def test_a_running_job_of_a_silent_worker_is_put_back(
    service: PaperwiseService, account: Account
) -> None:
    extraction_id = service.submit(account, Submission(make_pdf(), "a.pdf", "invoice"))
    with service.db.write() as conn:
        worker = conn.execute(sa.text("SELECT procrastinate_register_worker_v1()")).scalar()
        conn.execute(
            sa.text("UPDATE procrastinate_jobs SET status = 'doing', worker_id = :w"), {"w": worker}
        )
    assert retry_stalled_jobs(service.db, older_than=60) == 0  # its worker beat just now
    with service.db.write() as conn:
        conn.execute(
            sa.text("UPDATE procrastinate_workers SET last_heartbeat = NOW() - interval '1 hour'")
        )
    assert retry_stalled_jobs(service.db, older_than=60) == 1
    assert retry_stalled_jobs(service.db, older_than=60) == 0  # safe to run twice
    assert _jobs(service) == [("todo", extraction_id)]


def test_an_extraction_without_a_job_gets_one_again(
    service: PaperwiseService, account: Account, pg_settings: Settings
) -> None:
    extraction_id = service.submit(account, Submission(make_pdf(), "a.pdf", "invoice"))
    sweep = QueueSweep(service.db, pg_settings)
    assert sweep().orphans == 0
    with service.db.write() as conn:
        conn.execute(sa.text("UPDATE procrastinate_jobs SET status = 'failed'"))
    assert requeue_orphans(service.db, sweep.dispatch.requeue) == 1
    assert requeue_orphans(service.db, sweep.dispatch.requeue) == 0
    assert sorted(_jobs(service)) == [("failed", extraction_id), ("todo", extraction_id)]


def test_the_schema_of_procrastinate_is_in_place(pg_settings: Settings) -> None:
    assert pg_settings.database_url is not None
    with psycopg.connect(pg_settings.database_url) as conn:
        functions = conn.execute(
            "SELECT count(*) FROM pg_proc WHERE proname = 'procrastinate_defer_jobs_v1'"
        ).fetchone()
    assert functions == (1,)


def test_only_procrastinates_bookkeeping_skips_the_disk_flush(
    service: PaperwiseService, pg_settings: Settings
) -> None:
    """A worker's Procrastinate connections commit without waiting for the flush; the rows'
    connections (the take, the final write, the deferral at accept) still wait for it."""
    app = worker_app(pg_settings)

    async def worker_setting() -> str:
        async with app.open_async():
            pool = app.connector.pool  # type: ignore[attr-defined]
            async with pool.connection() as conn:
                row = await (await conn.execute("SHOW synchronous_commit")).fetchone()
                return str(row[0])

    assert asyncio.run(worker_setting()) == "off"
    with service.db.write() as conn:
        assert conn.execute(sa.text("SHOW synchronous_commit")).scalar() == "on"
