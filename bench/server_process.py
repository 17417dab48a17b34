"""A real ``paperwise serve`` in a subprocess (its own process group), ``paperwise worker``
processes for the distributed mode, and the CLI next to them.

Shared by the end-to-end tests (``tests/e2e``), ``bench.corpus`` and ``bench.soak``. The CLI runs as
``python -m paperwise`` under this interpreter, so the code on ``PYTHONPATH`` (a checkout or
worktree) is what runs, not only the one the venv installed."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

PAPERWISE = [sys.executable, "-m", "paperwise"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def paperwise_env(data_dir: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERWISE_")}
    env["PAPERWISE_DATA_DIR"] = str(data_dir)
    env.update({f"PAPERWISE_{name.upper()}": value for name, value in settings.items()})
    return env


def create_keys(data_dir: Path, accounts: list[str], **settings: str) -> dict[str, str]:
    """``paperwise keys create ACCOUNT`` for each account, run side by side; the key is the last
    line of each one's stdout."""
    runs = {
        account: subprocess.Popen(
            [*PAPERWISE, "keys", "create", account],
            env=paperwise_env(data_dir, **settings),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for account in accounts
    }
    keys: dict[str, str] = {}
    for account, run in runs.items():
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        keys[account] = out.strip().splitlines()[-1]
    return keys


class Server:
    """``paperwise serve --port P --workers N`` on ``data_dir``; ``url`` once started."""

    def __init__(self, data_dir: Path, workers: int = 1, **settings: str) -> None:
        self.data_dir = data_dir
        self.workers = workers
        self.settings = settings
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = data_dir / f"serve-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.keys: dict[str, str] = {}

    def add_accounts(self, *names: str) -> dict[str, str]:
        """A new key for each account (through the CLI, on the same data dir)."""
        self.keys.update(create_keys(self.data_dir, list(names), **self.settings))
        return self.keys

    def start(self, timeout: float = 90.0) -> Server:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [*PAPERWISE, "serve", "--port", str(self.port), "--workers", str(self.workers)],
                env=paperwise_env(self.data_dir, **self.settings),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"serve exited early:\n{self.log()}")
            try:
                if httpx.get(f"{self.url}/ready", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"serve was not ready within {timeout} s:\n{self.log()}")

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def kill(self) -> None:
        """SIGKILL the whole process group (the API and its workers) at once."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None

    def stop(self) -> None:
        """SIGTERM, then SIGKILL whatever is left of the group."""
        if self.process is not None:
            stop_group(self.process)
        self.process = None


class WorkerGroup:
    """``paperwise worker --concurrency N`` (distributed mode: the queue is in the database of
    ``settings``), in its own process group; its log next to the server's in ``data_dir``."""

    def __init__(self, data_dir: Path, concurrency: int, **settings: str) -> None:
        self.data_dir = data_dir
        self.concurrency = concurrency
        self.settings = settings
        self.log_path = data_dir / f"worker-{os.getpid()}-{id(self)}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> WorkerGroup:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [*PAPERWISE, "worker", "--concurrency", str(self.concurrency)],
                env=paperwise_env(self.data_dir, **self.settings),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.process is not None:
            stop_group(self.process)
        self.process = None


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group led by ``process``, then SIGKILL whatever is left of it."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # stray workers of the group
