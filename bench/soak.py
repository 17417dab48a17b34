"""The soak (``make soak``): minutes of mixed load from concurrent clients against a real
``paperwise serve``, in embedded mode (SQLite, embedded workers) and in distributed mode
(PostgreSQL, ``serve --workers 0`` plus ``paperwise worker`` processes).

    python -m bench.soak [--modes embedded,distributed] [--seconds S] [--max-requests N]
        [--users N] [--workers N] [--drain-timeout S] [--max-growth-mb MB]

For each mode: a server on a free loopback port with a temporary data dir (and, distributed, a
temporary database on ``PAPERWISE_BENCH_POSTGRES``, default
postgresql://postgres@127.0.0.1:5432/postgres), rate limit off; a warm-up (every worker has run
a job, as many synchronous calls as the API runs at once were answered side by side); the
resident memory (RSS) of the API process and of every worker process; then locust
(``bench.soak_load``, headless) runs ``--users`` clients for
``--seconds`` or ``--max-requests`` answers, whichever comes first: submits, polls of their own
extractions and synchronous extractions of born-digital PDFs of the synthetic set. Afterwards
every accepted extraction id is polled until it ends (at most ``--drain-timeout`` s) and the RSS
is read again.

It prints, per mode: requests by kind and status, latency percentiles per kind, the memory at
start, peak and end, and the judged counts. It exits 1 when, in any mode, a request got a 5xx or
no answer (or any answer but the expected 202/200), an accepted job is lost (its id unknown at
the end) or hung (not ended by the drain deadline) or ended ERROR, or the RSS of the API or of
the workers (all processes together) grew by more than ``--max-growth-mb`` from start to end,
or the API key or a stack trace is in a log of the server or the workers.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from bench.api_client import Api
from bench.datasets import LabelledFile, load_set
from bench.process_memory import MB, Memory, MemoryWatch
from bench.server_process import Server, WorkerGroup

MODES = ("embedded", "distributed")
ADMIN_URL = os.environ.get(
    "PAPERWISE_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)
KINDS = ("submit", "poll", "sync")
EXPECTED = {"submit": 202, "poll": 200, "sync": 200}
PERCENTILES = (50, 90, 95, 99)
DOCUMENTS = 20  # born-digital PDFs of the synthetic set the clients pick from
JOB_TIMEOUT = 300  # the service's default hard limit for one job, seconds


# --- the judged outcome --------------------------------------------------------------------------


@dataclass
class ModeReport:
    mode: str
    workers: int
    users: int
    load_seconds: float
    requests: list[tuple[str, int, str, float]]  # kind, status (0 = no answer), exception, ms
    accepted: list[str]
    final: dict[str, str]  # extraction id -> SUCCESS, ERROR, EXPIRED, IN_PROGRESS, UNKNOWN
    errors: Counter[str]  # error code of each extraction that ended ERROR
    memory_start: Memory
    memory_peak: Memory
    memory_end: Memory
    max_growth: int
    drain_seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def http_5xx(self) -> list[str]:
        return [f"{k} {s}" for k, s, _, _ in self.requests if s >= 500]

    @property
    def no_answer(self) -> list[str]:
        return [f"{k} {e}" for k, s, e, _ in self.requests if s == 0]

    @property
    def unexpected(self) -> list[str]:
        return [f"{k} {s}" for k, s, _, _ in self.requests if 0 < s < 500 and s != EXPECTED[k]]

    @property
    def lost(self) -> list[str]:
        return [i for i in self.accepted if self.final.get(i) == "UNKNOWN"]

    @property
    def hung(self) -> list[str]:
        return [i for i in self.accepted if self.final.get(i, "IN_PROGRESS") == "IN_PROGRESS"]

    @property
    def failed(self) -> list[str]:
        return [i for i in self.accepted if self.final.get(i) in ("ERROR", "EXPIRED")]

    def growth(self) -> dict[str, int]:
        return {
            "api": self.memory_end.api - self.memory_start.api,
            "workers": self.memory_end.workers - self.memory_start.workers,
        }

    @property
    def grew_too_much(self) -> list[str]:
        return [role for role, grown in self.growth().items() if grown > self.max_growth]

    @property
    def ok(self) -> bool:
        return not (
            self.http_5xx
            or self.no_answer
            or self.unexpected
            or self.lost
            or self.hung
            or self.failed
            or self.grew_too_much
            or self.problems
        )

    def latencies(self, kind: str) -> list[float]:
        return [ms for k, s, _, ms in self.requests if k == kind and s == EXPECTED[kind]]

    def render(self) -> str:
        answered = [r for r in self.requests if r[1]]
        lines = [
            f"== {self.mode}: {self.users} clients, {self.workers} workers, "
            f"{self.load_seconds:.0f} s of load, {len(self.requests)} requests "
            f"({len(answered) / max(self.load_seconds, 1e-9):.1f}/s answered)",
            "requests by kind and status: "
            + ", ".join(
                f"{kind} {status or 'no answer'}: {n}"
                for (kind, status), n in sorted(
                    Counter((k, s) for k, s, _, _ in self.requests).items()
                )
            ),
            "latency ms (kind: n, p50 / p90 / p95 / p99 / max):",
        ]
        for kind in KINDS:
            times = sorted(self.latencies(kind))
            if not times:
                lines.append(f"  {kind}: none")
                continue
            cuts = [_percentile(times, p) for p in PERCENTILES]
            lines.append(
                f"  {kind}: {len(times)}, "
                + " / ".join(f"{c:.0f}" for c in cuts)
                + f" / {times[-1]:.0f}"
            )
        finals = Counter(self.final.get(i, "IN_PROGRESS") for i in self.accepted)
        lines += [
            f"jobs accepted: {len(self.accepted)}, ended: "
            + (", ".join(f"{s} {n}" for s, n in finals.most_common()) or "none")
            + f" (drain {self.drain_seconds:.0f} s)",
            "errors by code: " + (", ".join(f"{c} {n}" for c, n in self.errors.items()) or "none"),
            _memory_line("RSS start", self.memory_start),
            _memory_line("RSS peak ", self.memory_peak),
            _memory_line("RSS end  ", self.memory_end),
            "RSS growth start->end: "
            + ", ".join(f"{role} {grown / MB:+.0f} MB" for role, grown in self.growth().items())
            + f" (bound: {self.max_growth / MB:.0f} MB each)",
            f"HTTP 5xx: {len(self.http_5xx)}, no answer: {len(self.no_answer)}, "
            f"other unexpected answers: {len(self.unexpected)}",
            f"jobs lost: {len(self.lost)}, hung: {len(self.hung)}, "
            f"ended ERROR/EXPIRED: {len(self.failed)}",
        ]
        for label, items in (
            ("5xx", self.http_5xx),
            ("no answer", self.no_answer),
            ("unexpected", self.unexpected),
            ("lost", self.lost),
            ("hung", self.hung),
            ("RSS grew too much", self.grew_too_much),
            ("problem", self.problems),
        ):
            if items:
                lines.append(
                    f"  {label}: " + ", ".join(f"{k} {n}" for k, n in Counter(items).items())
                )
        lines.append(f"{self.mode}: {'OK' if self.ok else 'FAILED'}")
        return "\n".join(lines)


def _percentile(ordered: Sequence[float], p: int) -> float:
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[p - 1]


def _memory_line(label: str, memory: Memory) -> str:
    return (
        f"{label}: api {memory.api / MB:.0f} MB, workers {memory.workers / MB:.0f} MB "
        f"({memory.processes} processes)"
    )


# --- one mode ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SoakPlan:
    seconds: float = 180.0
    max_requests: int = 5000
    users: int = 10
    workers: int = 2
    drain_timeout: float = 300.0
    max_growth_mb: float = 64.0


def soak_documents(count: int = DOCUMENTS) -> list[LabelledFile]:
    """Born-digital PDFs of the synthetic set (made on first use), spread over the set."""
    pdfs = [f for f in load_set("synthetic") if f.path.suffix.lower() == ".pdf"]
    step = max(len(pdfs) // count, 1)
    return pdfs[::step][:count]


def printed_text(documents: Sequence[LabelledFile]) -> set[str]:
    """Text the documents print that no log line may hold: their IBANs and VAT ids."""
    fields = ("supplier_iban", "supplier_vat_id")
    return {
        str(d.label["fields"][f]) for d in documents for f in fields if d.label["fields"].get(f)
    }


@contextmanager
def postgres_database() -> Iterator[str]:
    """A database of its own on the PostgreSQL server, dropped afterwards; its URL."""
    name = f"paperwise_soak_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{ADMIN_URL.rpartition('/')[0]}/{name}"
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Running:
    """The server of a mode, the process groups to measure (the server's first) and the logs."""

    server: Server
    groups: list[int]
    logs: list[Path]


@contextmanager
def running_service(mode: str, data: Path, workers: int) -> Iterator[Running]:
    """The server (and, distributed, the worker processes) of ``mode``."""
    settings = {"rate_limit_per_minute": "0"}
    if mode == "embedded":
        server = Server(data, workers=workers, **settings).start()
        try:
            yield Running(server, [_pid(server)], [server.log_path])
        finally:
            server.stop()
        return
    with postgres_database() as url:
        server = Server(data, workers=0, database_url=url, **settings).start()
        group = WorkerGroup(data, workers, database_url=url, **settings)
        try:
            group.start()
            assert group.process is not None
            yield Running(
                server, [_pid(server), group.process.pid], [server.log_path, group.log_path]
            )
        finally:
            group.stop()
            server.stop()


def log_problems(logs: Sequence[Path], key: str, document_text: set[str]) -> list[str]:
    """A key, document text or a stack trace in the logs of the run (never in a log line)."""
    problems: list[str] = []
    for log in logs:
        text = log.read_text(errors="replace") if log.exists() else ""
        if key in text:
            problems.append(f"the API key is in {log.name}")
        if "Traceback" in text:
            problems.append(f"a stack trace is in {log.name}")
        if [t for t in document_text if t in text]:
            problems.append(f"document text is in {log.name}")
    return problems


def _pid(server: Server) -> int:
    assert server.process is not None
    return server.process.pid


def warm_up(api: Api, documents: Sequence[Path], workers: int) -> None:
    """Every worker has run a job (their sandboxes loaded) and as many synchronous calls as the
    API runs at once (one sandbox of its own per core, started on first use) were answered side by
    side, so the memory read next is that of a service in use, not of one just started."""
    ids = [api.submit_id(documents[i % len(documents)].read_bytes()) for i in range(workers * 2)]
    for extraction_id in ids:
        answer = api.wait(extraction_id, timeout=JOB_TIMEOUT)
        if answer["status"] != "SUCCESS":
            raise RuntimeError(f"warm-up extraction ended {answer['status']}: {answer['error']}")
    at_once = os.cpu_count() or 1
    with ThreadPoolExecutor(at_once) as pool:
        codes = list(
            pool.map(
                lambda i: api.extract(documents[i % len(documents)].read_bytes()).status_code,
                range(at_once),
            )
        )
    if any(code != 200 for code in codes):
        raise RuntimeError(f"warm-up synchronous extractions: {codes}")


def run_load(
    url: str, key: str, documents: Sequence[Path], plan: SoakPlan, work: Path
) -> dict[str, Any]:
    """``bench.soak_load`` (locust) in a process of its own; what it recorded."""
    listing, out = work / "documents.json", work / "load.json"
    listing.write_text(json.dumps([str(p) for p in documents]))
    sync_timeout = JOB_TIMEOUT + 30
    command = [
        sys.executable,
        "-m",
        "bench.soak_load",
        "--host",
        url,
        "--documents",
        str(listing),
        "--out",
        str(out),
        "--users",
        str(plan.users),
        "--seconds",
        str(plan.seconds),
        "--max-requests",
        str(plan.max_requests),
        "--sync-timeout",
        str(sync_timeout),
    ]
    env = {**os.environ, "SOAK_API_KEY": key}
    with (work / "locust.log").open("wb") as log:
        subprocess.run(
            command,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=True,
            timeout=plan.seconds + sync_timeout + 120,
        )
    recorded: dict[str, Any] = json.loads(out.read_text())
    return recorded


def drain(api: Api, accepted: Sequence[str], final: dict[str, str], timeout: float) -> Counter[str]:
    """Poll every accepted extraction not seen ending until it ends or ``timeout`` passes; a 404
    marks it UNKNOWN (lost). The error codes of those that ended ERROR."""
    errors: Counter[str] = Counter()
    waiting = [i for i in accepted if i not in final or final[i] == "ERROR"]
    deadline = time.monotonic() + timeout
    while waiting:
        still: list[str] = []
        for extraction_id in waiting:
            response = api.poll(extraction_id)
            if response.status_code == 404:
                final[extraction_id] = "UNKNOWN"
                continue
            answer = response.json() if response.status_code == 200 else {}
            status = str(answer.get("status", "IN_PROGRESS"))
            final[extraction_id] = status
            if status == "ERROR":
                errors[str((answer.get("error") or {}).get("code"))] += 1
            elif status == "IN_PROGRESS":
                still.append(extraction_id)
        waiting = still
        if not waiting or time.monotonic() > deadline:
            break
        time.sleep(1.0)
    return errors


def soak_mode(mode: str, plan: SoakPlan, say: Callable[[str], None]) -> ModeReport:
    documents = soak_documents()
    paths = [d.path for d in documents]
    with tempfile.TemporaryDirectory(prefix=f"paperwise-soak-{mode}-") as tmp:
        work = Path(tmp)
        with running_service(mode, work / "data", plan.workers) as running:
            server = running.server
            key = server.add_accounts("soak")["soak"]
            api = Api(server.url, key)
            try:
                say(f"{mode}: warming up")
                warm_up(api, paths, plan.workers)

                def memory() -> Memory:
                    return Memory.read(running.groups[0], running.groups)

                start = memory()
                say(f"{mode}: load for {plan.seconds:.0f} s")
                with MemoryWatch(memory) as watch:
                    recorded = run_load(server.url, key, paths, plan, work)
                say(f"{mode}: draining {len(recorded['accepted'])} accepted jobs")
                began = time.monotonic()
                final = dict(recorded["final"])
                errors = drain(api, recorded["accepted"], final, plan.drain_timeout)
                drained = time.monotonic() - began
                end = memory()
            finally:
                api.close()
            report = ModeReport(
                mode=mode,
                workers=plan.workers,
                users=plan.users,
                load_seconds=float(recorded["seconds"]),
                requests=[
                    (str(k), int(s), str(e), float(ms)) for k, s, e, ms in recorded["requests"]
                ],
                accepted=list(recorded["accepted"]),
                final=final,
                errors=errors,
                memory_start=start,
                memory_peak=watch.peak,
                memory_end=end,
                max_growth=int(plan.max_growth_mb * MB),
                drain_seconds=drained,
            )
            if not server.running():
                report.problems.append("the server exited during the soak")
        report.problems += log_problems(running.logs, key, printed_text(documents))
        return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("--modes", default=",".join(MODES), help="embedded,distributed")
    parser.add_argument("--seconds", type=float, default=SoakPlan.seconds, help="load per mode")
    parser.add_argument("--max-requests", type=int, default=SoakPlan.max_requests)
    parser.add_argument("--users", type=int, default=SoakPlan.users, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=SoakPlan.workers)
    parser.add_argument("--drain-timeout", type=float, default=SoakPlan.drain_timeout)
    parser.add_argument("--max-growth-mb", type=float, default=SoakPlan.max_growth_mb)
    args = parser.parse_args(argv)
    plan = SoakPlan(
        args.seconds,
        args.max_requests,
        args.users,
        args.workers,
        args.drain_timeout,
        args.max_growth_mb,
    )
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = set(modes) - set(MODES)
    if unknown:
        parser.error(f"unknown mode(s): {', '.join(sorted(unknown))}")
    ok = True
    for mode in modes:
        report = soak_mode(mode, plan, lambda line: print(line, file=sys.stderr, flush=True))
        print(report.render(), flush=True)
        ok = ok and report.ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
