"""The load of the soak (``bench.soak``), run by locust in a process of its own (locust patches
the standard library with gevent at import, so it never shares a process with the servers or the
harness).

    SOAK_API_KEY=KEY python -m bench.soak_load --host URL --documents FILES.json --out RUN.json
        [--users N] [--seconds S] [--max-requests N] [--sync-timeout S]

Headless and on loopback: ``--users`` concurrent clients, each waiting 0.5-2 s between requests,
send a mix of submits (``extract-data-async``), polls of their own accepted extractions
(``get-extraction-data``) and synchronous extractions (``extract-data``) of born-digital PDFs
until ``--seconds`` have passed or ``--max-requests`` were answered, whichever comes first. Every
request is recorded (its kind, status or the exception that replaced it, milliseconds);
``RUN.json`` holds them with every accepted extraction id and the final statuses seen, for the
harness to judge."""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import time
from pathlib import Path
from typing import Any

import gevent
from locust import HttpUser, between, task
from locust.env import Environment

SUBMIT, POLL, SYNC = "submit", "poll", "sync"
FINAL = {"SUCCESS", "ERROR", "EXPIRED"}
KEY_VARIABLE = "SOAK_API_KEY"


class Record:
    """What the clients saw, shared by every simulated user of the process."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, int, str, float]] = []  # kind, status, exception, ms
        self.accepted: list[str] = []
        self.final: dict[str, str] = {}
        self.documents: list[tuple[str, str]] = []  # file name, base64
        self.key = ""
        self.sync_timeout = 330.0
        self.max_requests = 0
        self.started = time.monotonic()

    def body(self) -> dict[str, Any]:
        name, encoded = random.choice(self.documents)
        return {"file": encoded, "file_name": name, "document_type_name": "invoice"}


RECORD = Record()


class SoakClient(HttpUser):
    """One API client: submits, polls its own extractions, now and then a synchronous call."""

    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Token {RECORD.key}"
        self.pending: list[str] = []

    def _send(self, kind: str, method: str, path: str, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            response = self.client.request(method, path, name=kind, **kwargs)
        except Exception as exc:  # no answer (a timeout or a reset): recorded, never raised
            RECORD.requests.append((kind, 0, type(exc).__name__, _ms(started)))
            return None
        error = type(response.error).__name__ if response.status_code == 0 else ""
        RECORD.requests.append((kind, response.status_code, error, _ms(started)))
        return response if response.status_code else None

    @task(3)
    def submit(self) -> None:
        response = self._send(SUBMIT, "POST", "/api/extract-data-async", json=RECORD.body())
        if response is not None and response.status_code == 202:
            extraction_id = str(response.json()["extraction_id"])
            RECORD.accepted.append(extraction_id)
            self.pending.append(extraction_id)

    @task(6)
    def poll(self) -> None:
        if not self.pending:
            return
        extraction_id = self.pending[0]
        response = self._send(
            POLL, "GET", "/api/get-extraction-data", params={"extraction_id": extraction_id}
        )
        if response is None or response.status_code != 200:
            return
        status = str(response.json().get("status"))
        self.pending.pop(0)
        if status in FINAL:
            RECORD.final[extraction_id] = status
        else:
            self.pending.append(extraction_id)  # to the back: the others get their turn

    @task(1)
    def sync(self) -> None:
        self._send(
            SYNC, "POST", "/api/extract-data", json=RECORD.body(), timeout=RECORD.sync_timeout
        )


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0


def run(host: str, users: int, seconds: float) -> None:
    """Run the clients until ``seconds`` pass or ``RECORD.max_requests`` were made."""
    environment = Environment(user_classes=[SoakClient], host=host)
    runner = environment.create_local_runner()
    runner.start(users, spawn_rate=users)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and len(RECORD.requests) < RECORD.max_requests:
        gevent.sleep(0.5)
    runner.quit()
    runner.greenlet.join(timeout=RECORD.sync_timeout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak_load", description=__doc__)
    parser.add_argument("--host", required=True)
    parser.add_argument("--documents", type=Path, required=True, help="JSON list of PDF paths")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=180.0)
    parser.add_argument("--max-requests", type=int, default=5000)
    parser.add_argument("--sync-timeout", type=float, default=330.0)
    args = parser.parse_args(argv)
    RECORD.documents = [
        (Path(p).name, base64.b64encode(Path(p).read_bytes()).decode())
        for p in json.loads(args.documents.read_text())
    ]
    RECORD.key = os.environ[KEY_VARIABLE]  # not an argument: the command line is public
    RECORD.sync_timeout = args.sync_timeout
    RECORD.max_requests = args.max_requests
    started = time.monotonic()
    run(args.host, args.users, args.seconds)
    args.out.write_text(
        json.dumps(
            {
                "seconds": time.monotonic() - started,
                "requests": RECORD.requests,
                "accepted": RECORD.accepted,
                "final": RECORD.final,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
