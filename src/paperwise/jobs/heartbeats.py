"""Worker liveness: each worker process beats a row in ``workers``; /ready asks for a fresh one."""

from __future__ import annotations

import os
import socket

import sqlalchemy as sa

from paperwise.storage.database import Database, now
from paperwise.storage.tables import workers

# A worker is alive when it beat within this many lease periods.
ALIVE_LEASES = 2.0


def beat(db: Database, worker_id: str) -> None:
    moment = now()
    with db.write() as conn:
        updated = conn.execute(
            sa.update(workers).where(workers.c.id == worker_id).values(heartbeat_at=moment)
        ).rowcount
        if not updated:
            conn.execute(
                sa.insert(workers).values(
                    id=worker_id,
                    hostname=socket.gethostname()[:255],
                    pid=os.getpid(),
                    started_at=moment,
                    heartbeat_at=moment,
                )
            )


def forget(db: Database, worker_id: str) -> None:
    with db.write() as conn:
        conn.execute(sa.delete(workers).where(workers.c.id == worker_id))


def alive_count(db: Database, lease_seconds: float) -> int:
    since = now() - ALIVE_LEASES * lease_seconds
    with db.read() as conn:
        count = conn.execute(
            sa.select(sa.func.count()).select_from(workers).where(workers.c.heartbeat_at >= since)
        ).scalar_one()
    return int(count)


def prune(db: Database, older_than: float) -> int:
    """Drop rows of workers that stopped beating long ago (killed without saying goodbye)."""
    with db.write() as conn:
        return conn.execute(sa.delete(workers).where(workers.c.heartbeat_at < older_than)).rowcount
