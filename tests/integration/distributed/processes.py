"""``paperwise`` subprocesses for the tests, each in its own process group (to SIGKILL at once)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from pathlib import Path

from paperwise.config import Settings

from ..helpers import PAPERWISE

_PASSED = ("data_dir", "lease_seconds", "job_timeout", "result_ttl", "sweep_interval")


def env_of(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment that gives a subprocess these settings (and the database URL)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERWISE_")}
    for name in _PASSED:
        env[f"PAPERWISE_{name.upper()}"] = str(getattr(settings, name))
    if settings.database_url:
        env["PAPERWISE_DATABASE_URL"] = settings.database_url
    env.update({f"PAPERWISE_{k.upper()}": v for k, v in extra.items()})
    return env


def start(args: list[str], settings: Settings, log: Path, **extra: str) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [PAPERWISE, *args],
            env=env_of(settings, **extra),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the process and everything it started (its group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (a clean stop), then SIGKILL whatever is left of the group."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=30)
    kill(process)
