"""Queue scaling: jobs per second with 1, 2 and 4 worker processes, in both modes, and the
queue's own cost per job next to the extraction's, measured side by side in one run.

    python -m bench.queue_scaling [--jobs N] [--workers 1,2,4] [--modes embedded,distributed]

Each point runs on a fresh store (a temporary data dir, or a temporary PostgreSQL database on
``PAPERWISE_BENCH_POSTGRES``, default postgresql://postgres@127.0.0.1:5432/postgres). Workers
are warmed first (each has run a job, so its extraction child is loaded), then N jobs of a
one-page text PDF are submitted at once and timed until the last one finished.

- accept ms/job: ``submit`` (validation, insert, and in distributed mode the deferral, in one
  transaction) as the API runs it;
- extraction ms/job: the same document through a warm sandbox child, alone (the work itself);
- queue ms/job: one worker's wall time per job minus the extraction: taking the job, loading the
  document, the fenced final write, and the queue engine's own bookkeeping;
- idle ms/job: one job alone on an idle worker, from submit to its final write (the median of a
  few): the wake-up latency plus one job's whole path.
Writes bench/out/queue_scaling.md. Reports only: always exits 0."""

from __future__ import annotations

import argparse
import io
import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
import sqlalchemy as sa
from reportlab.pdfgen import canvas

from bench.datasets import OUT_DIR
from paperwise.config import Settings
from paperwise.domain.accounts import Account
from paperwise.domain.document_types import INVOICE
from paperwise.jobs.pool import WorkerPool
from paperwise.jobs.sandbox import Sandbox, SandboxRequest
from paperwise.services.paperwise_service import PaperwiseService, open_service
from paperwise.services.protocol import Submission
from paperwise.storage.document_types_repo import doctype_to_json
from paperwise.storage.tables import extractions

ADMIN_URL = os.environ.get(
    "PAPERWISE_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)


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


def _run_point(settings: Settings, mode: str, workers: int, jobs: int, pdf: bytes) -> Point:
    service = open_service(settings)
    account: Account = service.authenticate(service.create_key("bench")[1])
    submission = Submission(pdf, "invoice.pdf", "invoice")
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
        idle_ms = _idle_ms(service, account, submission)
    finally:
        pool.stop()
        service.close()
    elapsed = last - started
    return Point(mode, workers, jobs / elapsed, accept_ms, elapsed * 1000 / jobs, idle_ms)


def _extraction_ms(pdf: bytes, settings: Settings, reps: int = 15) -> float:
    sandbox = Sandbox()
    request = SandboxRequest(pdf, doctype_to_json(INVOICE), settings.read_limits())
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
        name = f"paperwise_bench_{tag}"
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        url = ADMIN_URL.rpartition("/")[0] + f"/{name}"
    return Settings(data_dir=workdir / tag, database_url=url, lease_seconds=10, sweep_interval=30)


def _report(points: list[Point], extraction_ms: float, jobs: int) -> str:
    lines = [
        "# Queue scaling",
        "",
        f"{jobs} one-page text PDFs per point; extraction alone (warm sandbox): "
        f"{extraction_ms:.0f} ms/job.",
        "",
        "| mode | workers | jobs/s | accept ms/job | wall ms/job | queue ms/job "
        "| extraction ms/job | idle ms/job |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for p in points:
        queue = f"{p.wall_ms_per_job - extraction_ms:.0f}" if p.workers == 1 else "-"
        lines.append(
            f"| {p.mode} | {p.workers} | {p.jobs_per_second:.1f} | {p.accept_ms:.1f} | "
            f"{p.wall_ms_per_job:.0f} | {queue} | {extraction_ms:.0f} | {p.idle_ms:.0f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--jobs", type=int, default=40)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--modes", default="embedded,distributed")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    modes = args.modes.split(",")
    pdf = invoice_pdf()
    admin = psycopg.connect(ADMIN_URL, autocommit=True) if "distributed" in modes else None
    points: list[Point] = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        extraction_ms = _extraction_ms(pdf, Settings(data_dir=workdir / "x"))
        for mode in modes:
            for count in counts:
                tag = f"{mode[:4]}{count}"
                point = _run_point(
                    _settings(mode, workdir, admin, tag), mode, count, args.jobs, pdf
                )
                points.append(point)
                print(point, flush=True)
                if admin is not None and mode == "distributed":
                    admin.execute(f'DROP DATABASE IF EXISTS "paperwise_bench_{tag}" WITH (FORCE)')
    if admin is not None:
        admin.close()
    text = _report(points, extraction_ms, args.jobs)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "queue_scaling.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
