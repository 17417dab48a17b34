"""Queue scaling: jobs per second with 1, 2 and 4 worker processes, in both modes, for text PDFs
and for scans, and the queue's own cost per job next to the extraction's, measured side by side
in one run (``make bench`` runs it after the whole path's rows; ``make bench-queue`` alone).

    python -m bench.queue_scaling [--jobs N] [--scan-jobs N] [--workers 1,2,4]
                                  [--modes embedded,distributed] [--documents text,scan]

Each point runs on a fresh store (a temporary data dir, or a temporary PostgreSQL database on
``PAPERWISE_BENCH_POSTGRES``, default postgresql://postgres@127.0.0.1:5432/postgres). Workers
are warmed first (each has run a job of the same kind, so its extraction child is loaded), then
N jobs of a one-page text PDF (or of one scanned page) are submitted at once and timed until the
last one finished.

- accept ms/job: ``submit`` (validation, insert, and in distributed mode the deferral, in one
  transaction) as the API runs it;
- extraction ms/job: the same document through a warm sandbox child with one OCR thread and the
  workers' CPU priority, as a worker runs it, alone (the work itself);
- queue ms/job: one worker's wall time per job minus the extraction: taking the job, loading the
  document, the fenced final write, and the queue engine's own bookkeeping;
- idle ms/job: one job alone on an idle worker, from submit to its final write (the median of a
  few): the wake-up latency plus one job's whole path (text PDFs only).
Writes bench/out/queue_scaling.md. Reports only: always exits 0."""

from __future__ import annotations

import argparse
import io
import multiprocessing
import os
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psycopg
import sqlalchemy as sa
from reportlab.pdfgen import canvas

from bench.datasets import OUT_DIR
from bench.speed import _scanned_page
from paperwise.config import Settings
from paperwise.domain.accounts import Account
from paperwise.domain.document_types import INVOICE
from paperwise.jobs.pool import WorkerPool
from paperwise.jobs.sandbox import SINGLE_THREAD_ENV, Sandbox, SandboxRequest
from paperwise.jobs.worker import WORKER_NICENESS
from paperwise.services.paperwise_service import PaperwiseService, open_service
from paperwise.services.protocol import Submission
from paperwise.storage.document_types_repo import doctype_to_json
from paperwise.storage.tables import extractions

ADMIN_URL = os.environ.get(
    "PAPERWISE_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)


FILE_NAMES = {"text": "invoice.pdf", "scan": "scan.jpg"}


def invoice_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    lines = ["ACME Widgets Ltd", "Invoice number: INV-7", "Date: 2024-03-01", "Total: 120.00 EUR"]
    for i, line in enumerate(lines):
        page.drawString(72, 760 - 18 * i, line)
    page.save()
    return buffer.getvalue()


@dataclass(frozen=True)
class Point:
    document: str
    mode: str
    workers: int
    jobs_per_second: float
    accept_ms: float
    wall_ms_per_job: float
    idle_ms: float


def _finished(service: PaperwiseService) -> list[tuple[str, float]]:
    with service.db.read() as conn:
        rows = conn.execute(
            sa.select(extractions.c.worker_id, extractions.c.finished_at).where(
                extractions.c.status != "IN_PROGRESS"
            )
        )
        return [(r.worker_id, r.finished_at) for r in rows]


def _wait_all(service: PaperwiseService, count: int, timeout: float = 900) -> None:
    deadline = time.monotonic() + timeout
    while len(_finished(service)) < count:
        if time.monotonic() > deadline:
            raise TimeoutError("the jobs did not finish")
        time.sleep(0.05)


def _idle_ms(
    service: PaperwiseService, account: Account, submission: Submission, reps: int = 5
) -> float:
    times = []
    for _ in range(reps):
        time.sleep(1.0)  # every worker idle again
        began = time.time()
        extraction_id = service.submit(account, submission)
        deadline = time.monotonic() + 60
        finished_at = None
        while finished_at is None and time.monotonic() < deadline:
            time.sleep(0.01)
            with service.db.read() as conn:
                finished_at = conn.execute(
                    sa.select(extractions.c.finished_at).where(extractions.c.id == extraction_id)
                ).scalar_one_or_none()
        if finished_at is not None:
            times.append((finished_at - began) * 1000)
    return statistics.median(times) if times else float("nan")


def _run_point(
    settings: Settings, mode: str, workers: int, jobs: int, document: str, data: bytes
) -> Point:
    service = open_service(settings)
    account: Account = service.authenticate(service.create_key("bench")[1])
    submission = Submission(data, FILE_NAMES[document], "invoice")
    pool = WorkerPool(settings, workers)
    pool.start()
    try:
        submitted = 0
        while len({worker for worker, _ in _finished(service)}) < workers:  # warm every worker
            for _ in range(workers):
                service.submit(account, submission)
            submitted += workers
            _wait_all(service, submitted)
        started = time.time()
        for _ in range(jobs):
            service.submit(account, submission)
        accept_ms = (time.time() - started) * 1000 / jobs
        _wait_all(service, submitted + jobs)
        last = max(finished for _, finished in _finished(service))
        idle_ms = _idle_ms(service, account, submission) if document == "text" else float("nan")
    finally:
        pool.stop()
        service.close()
    elapsed = last - started
    per_job = elapsed * 1000 / jobs
    return Point(document, mode, workers, jobs / elapsed, accept_ms, per_job, idle_ms)


def _extraction_ms(data: bytes, settings: Settings, reps: int) -> float:
    """The median of a warm sandbox's runs, measured in a child process at the workers' priority
    and OCR threads (a worker's sandbox inherits both)."""
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn) as pool:  # not daemonic: it may have children
        return pool.submit(_extraction_ms_as_a_worker, data, settings, reps).result()


def _extraction_ms_as_a_worker(data: bytes, settings: Settings, reps: int) -> float:
    os.nice(WORKER_NICENESS)
    sandbox = Sandbox(env=SINGLE_THREAD_ENV)
    request = SandboxRequest(data, doctype_to_json(INVOICE), settings.read_limits())
    try:
        sandbox.run(request, timeout=300)  # warm
        times = []
        for _ in range(reps):
            began = time.perf_counter()
            sandbox.run(request, timeout=300)
            times.append((time.perf_counter() - began) * 1000)
    finally:
        sandbox.close()
    return statistics.median(times)


def _settings(mode: str, workdir: Path, admin: psycopg.Connection | None, tag: str) -> Settings:
    url = None
    if mode == "distributed":
        assert admin is not None
        name = _database(tag)
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        url = ADMIN_URL.rpartition("/")[0] + f"/{name}"
    return Settings(data_dir=workdir / tag, database_url=url, lease_seconds=10, sweep_interval=30)


def postgres_reachable() -> bool:
    try:
        psycopg.connect(ADMIN_URL, connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


def _database(tag: str) -> str:
    return f"paperwise_bench_{os.getpid()}_{tag}"


def _ms(value: float) -> str:
    return "–" if value != value else f"{value:.0f}"  # NaN: not measured


def plot_rows(points: list[Point]) -> list[dict[str, object]]:
    """The points as bench/plots.plot_throughput draws them: one line per document kind and mode."""
    return [
        {"series": f"{p.document}, {p.mode}", "workers": p.workers, "jobs_per_s": p.jobs_per_second}
        for p in points
    ]


def report(points: list[Point], extraction_ms: dict[str, float], jobs: dict[str, int]) -> str:
    lines = [
        "| document | mode | workers | jobs | jobs/s | accept ms/job | wall ms/job | queue ms/job "
        "| extraction ms/job | idle ms/job |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for p in points:
        extraction = extraction_ms[p.document]
        queue = _ms(p.wall_ms_per_job - extraction) if p.workers == 1 else "–"
        lines.append(
            f"| {p.document} | {p.mode} | {p.workers} | {jobs[p.document]} | "
            f"{p.jobs_per_second:.2f} | {p.accept_ms:.1f} | {p.wall_ms_per_job:.0f} | {queue} | "
            f"{extraction:.0f} | {_ms(p.idle_ms)} |"
        )
    return "\n".join(lines) + "\n"


def run(
    jobs: dict[str, int], counts: list[int], modes: list[str], documents: list[str]
) -> tuple[list[Point], dict[str, float]]:
    """Every point (document × mode × workers) and each document's extraction alone."""
    inputs = {"text": invoice_pdf(), "scan": _scanned_page()}
    admin = psycopg.connect(ADMIN_URL, autocommit=True) if "distributed" in modes else None
    points: list[Point] = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        extraction_ms = {
            document: _extraction_ms(
                inputs[document], Settings(data_dir=workdir / "x"), 15 if document == "text" else 3
            )
            for document in documents
        }
        for document in documents:
            for mode in modes:
                for count in counts:
                    tag = f"{document}{mode[:4]}{count}"
                    settings = _settings(mode, workdir, admin, tag)
                    point = _run_point(
                        settings, mode, count, jobs[document], document, inputs[document]
                    )
                    points.append(point)
                    print(point, flush=True)
                    if admin is not None and mode == "distributed":
                        admin.execute(f'DROP DATABASE IF EXISTS "{_database(tag)}" WITH (FORCE)')
    if admin is not None:
        admin.close()
    return points, extraction_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--jobs", type=int, default=40, help="text PDFs per point")
    parser.add_argument("--scan-jobs", type=int, default=6, help="scans per point")
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--modes", default="embedded,distributed")
    parser.add_argument("--documents", default="text,scan")
    args = parser.parse_args()
    jobs = {"text": args.jobs, "scan": args.scan_jobs}
    points, extraction_ms = run(
        jobs,
        [int(n) for n in args.workers.split(",")],
        args.modes.split(","),
        args.documents.split(","),
    )
    text = "# Queue scaling\n\n" + report(points, extraction_ms, jobs)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "queue_scaling.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
