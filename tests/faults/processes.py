"""The processes a fault hits: a ``paperwise serve`` with embedded workers (SQLite), or a
distributed cluster (API and worker processes on one PostgreSQL database), each killable and
restartable; and the processes a group left behind."""

from __future__ import annotations

import subprocess
from functools import partial
from pathlib import Path

from tests.integration.distributed.processes import kill, start, stop
from tests.integration.helpers import ready, wait_for

from paperwise.config import Settings


def children(pid: int) -> list[int]:
    """The live child processes of ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def worker_pids(serve_pid: int) -> list[int]:
    """The embedded worker processes of a ``serve`` (its spawned multiprocessing children)."""
    pids = []
    for pid in children(serve_pid):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmdline:
            pids.append(pid)
    return pids


class Cluster:
    """``apis`` API processes (``serve --workers 0``) and ``workers`` worker processes on one
    database, each killable and restartable; every process's log is kept in ``logs``."""

    def __init__(
        self, settings: Settings, logs: Path, ports: list[int], workers: int, **extra: str
    ) -> None:
        self.settings = settings
        self.logs = logs
        self.ports = ports
        self.extra = extra
        self.apis: list[subprocess.Popen[bytes] | None] = [None] * len(ports)
        self.workers: list[subprocess.Popen[bytes] | None] = [None] * workers
        self.starts = 0

    def start_api(self, index: int) -> None:
        args = ["serve", "--workers", "0", "--port", str(self.ports[index])]
        self.apis[index] = self._start(args, f"api{index}")

    def start_worker(self, index: int) -> None:
        self.workers[index] = self._start(["worker", "--concurrency", "1"], f"worker{index}")

    def _start(self, args: list[str], name: str) -> subprocess.Popen[bytes]:
        self.starts += 1
        log = self.logs / f"{name}-{self.starts}.log"
        return start(args, self.settings, log, **self.extra)

    def start_all(self) -> Cluster:
        for index in range(len(self.apis)):
            self.start_api(index)
        for index in range(len(self.workers)):
            self.start_worker(index)
        for index in range(len(self.apis)):
            wait_for(partial(ready, self.url(index)), timeout=120, every=0.3)
        return self

    def kill_api(self, index: int) -> None:
        process = self.apis[index]
        assert process is not None
        kill(process)

    def kill_worker(self, index: int) -> None:
        process = self.workers[index]
        assert process is not None
        kill(process)

    def url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.ports[index]}"

    def urls(self) -> list[str]:
        return [self.url(i) for i in range(len(self.apis))]

    def stop_all(self) -> None:
        for process in [*self.apis, *self.workers]:
            if process is not None:
                stop(process)
