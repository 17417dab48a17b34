"""The embedded database under a running ``serve`` during a load of jobs: locked by another
connection past the busy timeout, on a filesystem that fills up, and on a filesystem the kernel
turns read-only. While the fault lasts every answer is a clear error in the standard shape (503
NOT_READY with Retry-After, never a 500); when it ends every accepted job ends exactly once."""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bench.server_process import Server

from paperwise.storage.database import BUSY_TIMEOUT_MS

from .conftest import SETTINGS, SYNC_LIMIT, add_webhook
from .load import Load, assert_clean_log, first_success
from .mounts import fill, loop_ext4, remount_repaired, small_tmpfs, trigger_read_only
from .receiver import Receiver
from .report import conclude

pytestmark = [pytest.mark.faults, pytest.mark.slow]

JOBS = 40
LOCK_SECONDS = BUSY_TIMEOUT_MS / 1000 + 5  # longer than a writer waits
FULL_SECONDS = 8.0
READ_ONLY_SECONDS = 5.0


def _fault_under_load(
    name: str,
    data_dir: Path,
    log_dir: Path,
    receiver: Receiver,
    seed: int,
    fault: Callable[[Server], Iterator[None]],
    lasts: float,
) -> None:
    """Start ``serve`` on ``data_dir`` and a load of jobs spread over the fault, run ``fault``
    (it yields once the fault is over), then check and record the row ``name``."""
    server = Server(data_dir, workers=2, **SETTINGS)
    server.log_path = log_dir / "serve.log"  # not on the filesystem the fault breaks
    server.start()
    try:
        key = server.add_accounts("fault")["fault"]
        add_webhook(server.url, key, receiver.url)
        load = Load(
            lambda: [server.url], key, JOBS, seed, sync_limit=SYNC_LIMIT, spread=lasts + 5
        ).start()
        try:
            time.sleep(random.Random(seed).uniform(0.5, 2.0))
            for _ in fault(server):
                pass
            recovery = first_success(server.url, key, 120)
            load.wait_submitted(240)
        finally:
            load.stop()
        database_url = f"sqlite:///{(data_dir / 'paperwise.db').resolve()}"
        conclude(name, "embedded", load, server.url, database_url, recovery=recovery)
    finally:
        server.stop()
    assert_clean_log(server.log_path)


def test_database_locked_by_another_writer(tmp_path: Path, seed: int, receiver: Receiver) -> None:
    data_dir = tmp_path / "data"

    def locked(_server: Server) -> Iterator[None]:
        holder = sqlite3.connect(data_dir / "paperwise.db", isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")  # the write lock, held past the busy timeout
            time.sleep(LOCK_SECONDS)
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()

    name = "SQLite locked by another writer"
    _fault_under_load(name, data_dir, tmp_path, receiver, seed, locked, LOCK_SECONDS)


@pytest.mark.fault_sample
def test_disk_full(tmp_path: Path, seed: int, receiver: Receiver) -> None:
    with small_tmpfs(tmp_path / "data", size_mb=48) as data_dir:

        def full(_server: Server) -> Iterator[None]:
            ballast = fill(data_dir)
            try:
                time.sleep(FULL_SECONDS)
                yield
            finally:
                ballast.unlink()

        name = "disk full (tmpfs)"
        _fault_under_load(name, data_dir, tmp_path, receiver, seed, full, FULL_SECONDS)


def test_filesystem_turns_read_only(tmp_path: Path, seed: int, receiver: Receiver) -> None:
    image = tmp_path / "data.img"
    with loop_ext4(image, tmp_path / "data", size_mb=64) as data_dir:

        def read_only(server: Server) -> Iterator[None]:
            trigger_read_only(data_dir)
            time.sleep(READ_ONLY_SECONDS)
            # The kernel keeps it read-only until it is mounted again: the operator stops the
            # service, repairs and remounts the filesystem and starts the service again.
            server.stop()
            remount_repaired(image, data_dir)
            server.start()
            yield

        name = "filesystem turns read-only (ext4 errors=remount-ro), then restart"
        _fault_under_load(name, data_dir, tmp_path, receiver, seed, read_only, READ_ONLY_SECONDS)
