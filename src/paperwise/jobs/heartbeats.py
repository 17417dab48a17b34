"""Worker liveness: how often a worker beats and what it is called. The beat itself (its
``workers`` row, which /ready reads) is written by ``paperwise.storage.job_queue``."""

from __future__ import annotations

import os
import secrets
import socket

from paperwise.config import Settings


def heartbeat_interval(settings: Settings) -> float:
    """How often a worker beats: its ``workers`` row, its job's lease, Procrastinate's beat."""
    return max(0.2, settings.lease_seconds / 3)


def new_worker_id() -> str:
    """A worker's id, unique across machines: host, process id and a random suffix."""
    return f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"
