"""Worker liveness: each worker process beats a row in ``workers``; /ready asks for a fresh one."""

from __future__ import annotations

import os
import secrets
import socket

import sqlalchemy as sa

from paperwise.config import Settings
from paperwise.storage.database import Database, now
from paperwise.storage.tables import workers

# A worker is alive when it beat within this many lease periods.
ALIVE_LEASES = 2.0


def heartbeat_interval(settings: Settings) -> float:
    """How often a worker beats: its ``workers`` row, its job's lease, Procrastinate's beat."""
    return max(0.2, settings.lease_seconds / 3)


def new_worker_id() -> str:
    """A worker's id, unique across machines: host, process id and a random suffix."""
    return f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"


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
