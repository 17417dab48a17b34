"""A pool of worker processes (spawned), restarted when one dies, stopped on request."""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from multiprocessing.process import BaseProcess

from paperwise.config import Settings
from paperwise.jobs.distributed_worker import distributed_worker_main
from paperwise.jobs.worker import worker_process_main

log = logging.getLogger(__name__)
SUPERVISE_SECONDS = 2.0
STOP_GRACE_SECONDS = 10.0


class WorkerPool:
    """``count`` worker processes; a supervisor thread replaces any that exits unexpectedly."""

    def __init__(self, settings: Settings, count: int) -> None:
        self.settings = settings
        self.count = count
        self._ctx = multiprocessing.get_context("spawn")
        self._processes: list[BaseProcess] = []
        self._stopping = threading.Event()
        self._supervisor = threading.Thread(
            target=self._supervise, name="paperwise-workers", daemon=True
        )

    def start(self) -> None:
        self._processes = [self._spawn(i) for i in range(self.count)]
        if self.count:
            self._supervisor.start()

    def _spawn(self, index: int) -> BaseProcess:
        process = self._ctx.Process(
            target=(
                distributed_worker_main if self.settings.is_distributed else worker_process_main
            ),
            args=(self.settings, os.getpid()),
            name=f"paperwise-worker-{index}",
        )
        process.start()
        return process

    def _supervise(self) -> None:
        while not self._stopping.wait(SUPERVISE_SECONDS):
            for index, process in enumerate(self._processes):
                if not process.is_alive() and not self._stopping.is_set():
                    log.warning(
                        "worker %s exited (%s); starting a new one", index, process.exitcode
                    )
                    self._processes[index] = self._spawn(index)

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self._processes if p.pid is not None]

    def stop(self) -> None:
        """SIGTERM every worker (each gives its job back), then kill any still running."""
        self._stopping.set()
        if self._supervisor.is_alive():
            self._supervisor.join(SUPERVISE_SECONDS * 2)
        for process in self._processes:
            if process.is_alive():
                process.terminate()
        for process in self._processes:
            process.join(STOP_GRACE_SECONDS)
            if process.is_alive():
                process.kill()
                process.join(1)
