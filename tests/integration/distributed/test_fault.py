"""The fault test of the distributed mode: several hundred jobs submitted over HTTP to two API
processes while worker processes are SIGKILLed at random moments and restarted, and one API
process is SIGKILLed too. Every accepted job must end exactly once: none lost (every id answered
202 ends SUCCESS), none doubled (one row per Idempotency-Key, one webhook event per extraction,
the event being written in the same transaction as the fenced final write)."""

from __future__ import annotations

import base64
import random
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from paperwise.config import Settings
from paperwise.services.paperwise_service import PaperwiseService, open_service

from ..helpers import make_pdf, wait_for
from .processes import kill, start, stop

pytestmark = [pytest.mark.integration, pytest.mark.slow]

JOBS = 300
WORKERS = 3
WORKER_KILLS = 8
EXTRA = {"webhook_allow_private": "1", "webhook_backoff": "0,3600", "rate_limit_per_minute": "0"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Cluster:
    """API and worker processes on one database, each killable and restartable."""

    def __init__(self, settings: Settings, logs: Path) -> None:
        self.settings = settings
        self.logs = logs
        self.ports = [_free_port(), _free_port()]
        self.apis: list[subprocess.Popen[bytes] | None] = [None, None]
        self.workers: list[subprocess.Popen[bytes] | None] = [None] * WORKERS
        self.starts = 0

    def start_api(self, index: int) -> None:
        args = ["serve", "--workers", "0", "--port", str(self.ports[index])]
        self.apis[index] = self._start(args, f"api{index}")

    def start_worker(self, index: int) -> None:
        self.workers[index] = self._start(["worker", "--concurrency", "1"], f"worker{index}")

    def _start(self, args: list[str], name: str) -> subprocess.Popen[bytes]:
        self.starts += 1
        return start(args, self.settings, self.logs / f"{name}-{self.starts}.log", **EXTRA)

    def url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.ports[index]}"

    def wait_ready(self, index: int) -> None:
        def ready() -> bool:
            try:
                return httpx.get(f"{self.url(index)}/ready", timeout=2).status_code == 200
            except httpx.TransportError:
                return False

        wait_for(ready, timeout=120, every=0.3)

    def stop_all(self) -> None:
        for process in [*self.apis, *self.workers]:
            if process is not None:
                stop(process)


@pytest.fixture
def service(pg_settings: Settings) -> Iterator[PaperwiseService]:
    opened = open_service(pg_settings)
    yield opened
    opened.close()


def _submit(cluster: Cluster, key: str, index: int, body: dict[str, str]) -> str:
    """POST until one API answers 202; a killed API's request goes again, same key, elsewhere."""
    headers = {"Authorization": f"Token {key}", "Idempotency-Key": f"fault-{index}"}
    deadline = time.monotonic() + 120
    target = index % 2
    while time.monotonic() < deadline:
        try:
            answer = httpx.post(
                f"{cluster.url(target)}/api/extract-data-async",
                json=body,
                headers=headers,
                timeout=30,
            )
            if answer.status_code == 202:
                return str(answer.json()["extraction_id"])
            assert answer.status_code >= 500, answer.text
        except httpx.TransportError:
            pass
        target = 1 - target
        time.sleep(0.2)
    raise AssertionError(f"job {index} was never accepted")


def _chaos(cluster: Cluster, rng: random.Random, done: threading.Event, kills: list[str]) -> None:
    """SIGKILL a random worker every few seconds and start it again; once, an API process."""
    api_killed = False
    while not done.wait(rng.uniform(1.5, 4.0)) and len(kills) < WORKER_KILLS + 1:
        if not api_killed and len(kills) >= 2:
            process = cluster.apis[0]
            assert process is not None
            kill(process)
            kills.append("api0")
            api_killed = True
            time.sleep(1.0)
            cluster.start_api(0)
            continue
        index = rng.randrange(WORKERS)
        process = cluster.workers[index]
        assert process is not None
        kill(process)
        kills.append(f"worker{index}")
        cluster.start_worker(index)


def test_every_accepted_job_ends_exactly_once_despite_kills(
    service: PaperwiseService, pg_settings: Settings, tmp_path: Path
) -> None:
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    key = service.create_key("fault")[1]
    cluster = Cluster(pg_settings, tmp_path)
    started = time.monotonic()
    kills: list[str] = []
    done = threading.Event()
    try:
        for index in range(2):
            cluster.start_api(index)
        for index in range(WORKERS):
            cluster.start_worker(index)
        for index in range(2):
            cluster.wait_ready(index)
        hook = httpx.post(
            f"{cluster.url(1)}/api/webhooks",
            json={"url": "http://127.0.0.1:9/paperwise", "document_type_name": None},
            headers={"Authorization": f"Token {key}"},
            timeout=30,
        )
        assert hook.status_code in (200, 201), hook.text
        body = {
            "file": base64.b64encode(make_pdf()).decode(),
            "file_name": "invoice.pdf",
            "document_type_name": "invoice",
        }
        chaos = threading.Thread(target=_chaos, args=(cluster, rng, done, kills), daemon=True)
        chaos.start()
        with ThreadPoolExecutor(4) as submitters:
            accepted = list(submitters.map(lambda i: _submit(cluster, key, i, body), range(JOBS)))
        wait_for(lambda: _in_progress(service) == 0 or len(kills) > WORKER_KILLS, timeout=600)
        done.set()
        chaos.join(60)
        wait_for(lambda: _in_progress(service) == 0, timeout=300, every=1.0)
    finally:
        done.set()
        cluster.stop_all()
    elapsed = time.monotonic() - started
    with service.db.read() as conn:
        rows = conn.execute(sa.text("SELECT id, status, attempt FROM extractions")).all()
        events: dict[str, int] = dict(
            conn.execute(
                sa.text("SELECT extraction_id, count(*) FROM webhook_deliveries GROUP BY 1")
            ).all()
        )
        open_jobs = conn.execute(sa.text("SELECT count(*) FROM procrastinate_jobs")).scalar()
    statuses = {r.id: r.status for r in rows}
    retaken = sum(r.attempt > 1 for r in rows)
    print(
        f"\nfault test (seed {seed}): {JOBS} jobs, kills {kills}, {retaken} jobs retaken, "
        f"{elapsed:.0f} s"
    )
    assert len(set(accepted)) == JOBS  # one extraction per Idempotency-Key
    assert len(rows) == JOBS  # no twin created by a retried request
    assert {statuses[i] for i in accepted} == {"SUCCESS"}  # none lost
    assert all(events.get(i) == 1 for i in accepted), events  # none finished twice
    assert open_jobs == 0
    assert "api0" in kills and len(kills) >= 3


def _in_progress(service: PaperwiseService) -> int:
    with service.db.read() as conn:
        count = conn.execute(
            sa.text("SELECT count(*) FROM extractions WHERE status = 'IN_PROGRESS'")
        ).scalar()
    return int(count or 0)
