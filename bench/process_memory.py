"""Resident memory (RSS) of the processes of a service, read from ``/proc`` by process group: the
API process alone and every other process (workers and their job sandboxes) together. Used by
``bench.soak`` to bound memory growth under load."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
MB = 1024 * 1024


def group_of(stat: str) -> tuple[int, int]:
    """(pid, process group) of a ``/proc/PID/stat`` line; the command name may hold spaces and
    parentheses, so the fields are counted from its closing one."""
    pid = int(stat.split(" ", 1)[0])
    fields = stat[stat.rindex(")") + 2 :].split()
    return pid, int(fields[2])  # state, ppid, pgrp


def group_rss(pgid: int) -> dict[int, int]:
    """Resident bytes of every live process of process group ``pgid``."""
    found: dict[int, int] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            pid, group = group_of((proc / "stat").read_text())
            if group == pgid:
                found[pid] = int((proc / "statm").read_text().split()[1]) * PAGE_SIZE
        except (OSError, ValueError, IndexError):
            continue  # ended while being read
    return found


@dataclass
class Memory:
    """RSS in bytes of the API process and of every other process (workers, their job sandboxes;
    ``processes`` of them) at one moment."""

    api: int
    workers: int
    processes: int

    @staticmethod
    def read(api_pid: int, groups: Sequence[int]) -> Memory:
        rss: dict[int, int] = {}
        for group in groups:
            rss.update(group_rss(group))
        api = rss.pop(api_pid, 0)
        return Memory(api, sum(rss.values()), len(rss))


class MemoryWatch:
    """Samples the memory every few seconds on a thread; the peak of each figure."""

    def __init__(self, read: Callable[[], Memory], every: float = 5.0) -> None:
        self.read = read
        self.every = every
        self.peak = Memory(0, 0, 0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            now = self.read()
            self.peak = Memory(
                max(self.peak.api, now.api),
                max(self.peak.workers, now.workers),
                max(self.peak.processes, now.processes),
            )

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
