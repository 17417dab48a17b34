"""kill -9 at random (seeded) moments during a load of jobs: of the API process and of worker
processes, in the embedded mode (``serve`` and its worker pool on SQLite) and the distributed
mode (API and worker processes on PostgreSQL). A killed API is started again, as a supervisor
would; killed embedded workers are replaced by the pool itself."""

from __future__ import annotations

import os
import random
import signal
import time
from functools import partial
from pathlib import Path

import psycopg
import pytest
from bench.server_process import Server, free_port
from tests.integration.helpers import group_alive, ready, wait_for

from paperwise.config import Settings

from .conftest import SETTINGS, SYNC_LIMIT, add_webhook
from .load import Load, assert_clean_log, first_success
from .processes import Cluster, worker_pids
from .receiver import Receiver
from .report import conclude

pytestmark = [pytest.mark.faults, pytest.mark.slow]

JOBS = 60
KILLS = 6


def test_kill_9_of_api_and_workers_embedded(tmp_path: Path, seed: int, receiver: Receiver) -> None:
    rng = random.Random(seed)
    server = Server(tmp_path / "data", workers=2, **SETTINGS).start()
    key = server.add_accounts("fault")["fault"]
    add_webhook(server.url, key, receiver.url)
    groups = [_pid(server)]
    load = Load([server.url], key, JOBS, seed, sync_limit=SYNC_LIMIT).start()
    kills: list[str] = []
    recovery = 0.0
    try:
        for turn in range(KILLS):
            time.sleep(rng.uniform(0.5, 2.5))
            assert server.process is not None
            if turn % 3 == 1:  # the API process alone: its workers must notice and stop
                os.kill(server.process.pid, signal.SIGKILL)
                server.process.wait(timeout=30)
                server.process = None
                kills.append("api")
                restarted = time.monotonic()
                groups.append(_pid(server.start()))
                recovery = max(recovery, time.monotonic() - restarted)
            else:
                pids = worker_pids(server.process.pid)
                if pids:
                    os.kill(rng.choice(pids), signal.SIGKILL)
                    kills.append("worker")
        print(f"kills: {kills}")
        load.wait_submitted(240)
        recovery = max(recovery, first_success(server.url, key, 120))
        load.stop()
        conclude(
            "kill -9 of API and workers",
            "embedded",
            load,
            server.url,
            f"sqlite:///{(tmp_path / 'data' / 'paperwise.db').resolve()}",
            recovery=recovery,
            exhausted_ok=True,
        )
    finally:
        load.stop()
        server.stop()
    # the workers of every killed API stopped by themselves (their parent was gone)
    wait_for(lambda: not any(group_alive(g) for g in groups), timeout=30)
    assert_clean_log(server.log_path)


@pytest.mark.fault_sample
def test_kill_9_of_api_and_workers_distributed(
    tmp_path: Path, seed: int, receiver: Receiver, fresh_postgres: str
) -> None:
    rng = random.Random(seed)
    settings = Settings(data_dir=tmp_path / "data", database_url=fresh_postgres)
    cluster = Cluster(settings, tmp_path, [free_port(), free_port()], workers=3, **SETTINGS)
    kills: list[str] = []
    recovery = 0.0
    load: Load | None = None
    try:
        cluster.start_all()
        keys = Server(tmp_path / "data", database_url=fresh_postgres).add_accounts("fault")
        key = keys["fault"]
        add_webhook(cluster.url(1), key, receiver.url)
        load = Load(cluster.urls, key, JOBS, seed, sync_limit=SYNC_LIMIT).start()
        for turn in range(KILLS):
            time.sleep(rng.uniform(0.5, 2.5))
            if turn % 3 == 1:
                index = rng.randrange(len(cluster.apis))
                cluster.kill_api(index)
                kills.append(f"api{index}")
                restarted = time.monotonic()
                cluster.start_api(index)
                wait_for(partial(ready, cluster.url(index)), timeout=120, every=0.3)
                recovery = max(recovery, time.monotonic() - restarted)
            else:
                index = rng.randrange(len(cluster.workers))
                cluster.kill_worker(index)
                kills.append(f"worker{index}")
                cluster.start_worker(index)
        print(f"kills: {kills}")
        load.wait_submitted(240)
        recovery = max(recovery, first_success(cluster.url(0), key, 120))
        load.stop()
        conclude(
            "kill -9 of API and workers",
            "distributed",
            load,
            cluster.url(0),
            fresh_postgres,
            recovery=recovery,
            exhausted_ok=True,
        )
    finally:
        if load is not None:
            load.stop()
        cluster.stop_all()
    with psycopg.connect(fresh_postgres) as conn:  # no Procrastinate job left behind
        assert conn.execute("SELECT count(*) FROM procrastinate_jobs").fetchone() == (0,)


def _pid(server: Server) -> int:
    assert server.process is not None
    return server.process.pid
