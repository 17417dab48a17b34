"""A load of jobs driven over HTTP while a fault is injected, and what it must prove afterwards.

``Load`` submits jobs (each with its own Idempotency-Key, sent again on a dropped connection or a
503 until it is accepted), polls accepted ones at random to check that nothing half-written is
served, and runs synchronous callers side by side, timing each answer. Every answer that is not a
2xx must be in the standard error shape with no traceback in it; a 500 is counted apart (it
must not happen)."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from bench.api_client import Api
from tests.e2e.documents import invoice_pdf

FINAL = {"SUCCESS", "ERROR"}
RETRIED = {502, 503, 504}  # a client tries these again (the service said: later)
_TRACE_MARKERS = ("Traceback", 'File "', "sqlalchemy", "sqlite3.", "psycopg")


def check_error_shape(response: httpx.Response) -> str | None:
    """What is wrong with a non-2xx answer, or None when it is a clear standard error."""
    try:
        body = response.json()
    except ValueError:
        return f"{response.status_code} is not JSON: {response.text[:200]!r}"
    if not isinstance(body, dict) or set(body) != {"code", "message", "details"}:
        return f"{response.status_code} is not the standard error shape: {body!r}"
    if not str(body["code"]).isupper() or not body["message"]:
        return f"{response.status_code} has no code or message: {body!r}"
    if any(marker in response.text for marker in _TRACE_MARKERS):
        return f"{response.status_code} carries internals: {response.text[:300]!r}"
    return None


def check_poll_answer(answer: dict[str, Any], file_name: str) -> str | None:
    """What is half-written or foreign in one poll answer, or None."""
    status = answer.get("status")
    if status == "IN_PROGRESS":
        return None
    if status == "SUCCESS":
        result = answer.get("result")
        if not isinstance(result, dict) or result.get("file_name") != file_name:
            return f"SUCCESS without its own whole result: {answer!r:.300}"
        if not isinstance(result.get("extracted_fields"), list) or not result["extracted_fields"]:
            return f"SUCCESS with no fields: {answer!r:.300}"
        return None
    if status == "ERROR":
        error = answer.get("error")
        if not isinstance(error, dict) or set(error) != {"code", "message", "details"}:
            return f"ERROR without a standard error: {answer!r:.300}"
        return None
    return f"unknown status: {answer!r:.300}"


@dataclass
class Tally:
    """Everything the load saw, shared by its threads."""

    accepted: dict[str, str] = field(default_factory=dict)  # extraction id -> file name
    statuses: Counter[int] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    sync_seconds: list[float] = field(default_factory=list)
    sync_statuses: Counter[int] = field(default_factory=Counter)
    transport_errors: int = 0
    server_errors: list[str] = field(default_factory=list)  # each 5xx but 503, with its body
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, response: httpx.Response) -> None:
        with self.lock:
            self.statuses[response.status_code] += 1
            if response.status_code >= 500 and response.status_code != 503:
                self.server_errors.append(f"{response.status_code} {response.text:.300}")
            if response.status_code >= 400:
                problem = check_error_shape(response)
                if problem:
                    self.problems.append(problem)
                else:
                    self.codes[response.json()["code"]] += 1

    def problem(self, text: str) -> None:
        with self.lock:
            self.problems.append(text)

    def five_hundreds(self, but: str | None = None) -> int:
        """Answers that say "unexpected": 500 (and any 5xx a client would not retry), but those
        whose body says ``but``."""
        return sum(1 for text in self.server_errors if but is None or but not in text)

    @property
    def unavailable(self) -> int:
        return self.statuses[503]


class Load:
    """``jobs`` asynchronous jobs (text-layer invoices, each its own number and file name),
    spread evenly over ``spread`` seconds, plus ``sync_callers`` threads of synchronous
    extractions until ``stop()``; ``urls`` are tried in turn (a killed API's request goes to the
    next one)."""

    def __init__(
        self,
        urls: list[str] | Callable[[], list[str]],
        key: str,
        jobs: int,
        seed: int,
        *,
        submitters: int = 4,
        sync_callers: int = 1,
        sync_limit: float = 60.0,
        accept_within: float = 180.0,
        spread: float = 0.0,
    ) -> None:
        fixed = [] if callable(urls) else list(urls)
        self.urls: Callable[[], list[str]] = urls if callable(urls) else (lambda: fixed)
        self.key = key
        self.jobs = jobs
        self.rng = random.Random(seed)
        self.submitters = submitters
        self.sync_callers = sync_callers
        self.sync_limit = sync_limit
        self.accept_within = accept_within
        self.spread = spread
        self._started = time.monotonic()
        self.tally = Tally()
        self._done = threading.Event()
        self._threads: list[threading.Thread] = []
        self.documents = {i: invoice_pdf(f"F-{seed}-{i}", f"{100 + i}.00") for i in range(jobs)}

    def _client(self, url: str, timeout: float = 30.0) -> httpx.Client:
        return httpx.Client(
            base_url=url, headers={"Authorization": f"Token {self.key}"}, timeout=timeout
        )

    def submit_one(self, index: int) -> str | None:
        """POST until accepted (202), the same Idempotency-Key each time; None if never."""
        time.sleep(max(0.0, self._started + self.spread * index / self.jobs - time.monotonic()))
        file_name = f"job-{index}.pdf"
        body = Api.body(self.documents[index], file_name)
        headers = {"Idempotency-Key": f"fault-{index}"}
        deadline = time.monotonic() + self.accept_within
        turn = index
        while time.monotonic() < deadline:
            urls = self.urls()
            url = urls[turn % len(urls)]
            turn += 1
            try:
                # longer than a write waits for a lock (30 s), to see the service's own answer
                with self._client(url, timeout=60) as client:
                    answer = client.post("/api/extract-data-async", json=body, headers=headers)
            except httpx.TransportError:
                with self.tally.lock:
                    self.tally.transport_errors += 1
                time.sleep(0.3)
                continue
            self.tally.saw(answer)
            if answer.status_code == 202:
                extraction_id = str(answer.json()["extraction_id"])
                with self.tally.lock:
                    self.tally.accepted[extraction_id] = file_name
                return extraction_id
            if answer.status_code not in RETRIED and answer.status_code != 500:
                self.tally.problem(f"job {index} refused: {answer.status_code} {answer.text:.200}")
                return None
            time.sleep(0.5)
        return None

    def _submit_all(self) -> None:
        with ThreadPoolExecutor(self.submitters) as pool:
            list(pool.map(self.submit_one, range(self.jobs)))

    def _poll_at_random(self) -> None:
        """Poll accepted jobs at random while the load runs: every answer must be whole."""
        while not self._done.wait(0.2):
            with self.tally.lock:
                if not self.tally.accepted:
                    continue
                extraction_id, file_name = self.rng.choice(list(self.tally.accepted.items()))
            try:
                with self._client(self.rng.choice(self.urls()), timeout=15) as client:
                    answer = client.get(
                        "/api/get-extraction-data", params={"extraction_id": extraction_id}
                    )
            except httpx.TransportError:
                continue
            self.tally.saw(answer)
            if answer.status_code == 200:
                problem = check_poll_answer(answer.json(), file_name)
                if problem:
                    self.tally.problem(f"poll {extraction_id}: {problem}")

    def _call_sync(self, caller: int) -> None:
        """Synchronous extractions one after the other; each must answer within the limit."""
        document = invoice_pdf(f"S-{caller}")
        body = Api.body(document, f"sync-{caller}.pdf")
        while not self._done.is_set():
            started = time.monotonic()
            try:
                with self._client(self.rng.choice(self.urls()), self.sync_limit + 30) as client:
                    answer = client.post("/api/extract-data", json=body)
            except httpx.TransportError:
                time.sleep(0.5)  # the API was down: no answer to time
                continue
            elapsed = time.monotonic() - started
            self.tally.saw(answer)
            with self.tally.lock:
                self.tally.sync_seconds.append(elapsed)
                self.tally.sync_statuses[answer.status_code] += 1
            if elapsed > self.sync_limit:
                self.tally.problem(f"a sync caller waited {elapsed:.1f} s")
            if answer.status_code != 200:
                time.sleep(0.5)

    def start(self) -> Load:
        self._started = time.monotonic()
        targets: list[Callable[[], None]] = [self._submit_all, self._poll_at_random]
        targets += [partial(self._call_sync, c) for c in range(self.sync_callers)]
        for target in targets:
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def wait_submitted(self, timeout: float) -> None:
        self._threads[0].join(timeout)
        assert not self._threads[0].is_alive(), "the submissions did not end in time"

    def stop(self) -> None:
        self._done.set()
        for thread in self._threads:
            thread.join(self.sync_limit + 40)

    def finals(self, url: str, timeout: float) -> tuple[dict[str, dict[str, Any]], list[str]]:
        """Poll every accepted job until it ends: its final answers, and the ids still running
        at ``timeout`` (hung)."""
        answers: dict[str, dict[str, Any]] = {}
        waiting = dict(self.tally.accepted)
        deadline = time.monotonic() + timeout
        with self._client(url, timeout=15) as client:
            while waiting and time.monotonic() < deadline:
                for extraction_id, file_name in list(waiting.items()):
                    try:
                        response = client.get(
                            "/api/get-extraction-data", params={"extraction_id": extraction_id}
                        )
                    except httpx.TransportError:
                        break
                    self.tally.saw(response)
                    if response.status_code != 200:
                        continue
                    answer = response.json()
                    problem = check_poll_answer(answer, file_name)
                    if problem:
                        self.tally.problem(f"final {extraction_id}: {problem}")
                    if answer["status"] in FINAL:
                        answers[extraction_id] = answer
                        del waiting[extraction_id]
                if waiting:
                    time.sleep(0.5)
        return answers, sorted(waiting)


def assert_clean_log(path: Path) -> None:
    """No stack trace in a process's log: every error is one line (paperwise.logs)."""
    text = path.read_text(errors="replace")
    assert "Traceback" not in text, text[text.index("Traceback") - 300 :][:2000]


def first_success(url: str, key: str, timeout: float) -> float:
    """Seconds until a new job is accepted and ends SUCCESS (the service works again)."""
    started = time.monotonic()
    deadline = started + timeout
    document = invoice_pdf("PROBE")
    with httpx.Client(base_url=url, headers={"Authorization": f"Token {key}"}, timeout=10) as http:
        while time.monotonic() < deadline:
            try:
                answer = http.post("/api/extract-data-async", json=Api.body(document, "probe.pdf"))
                if answer.status_code == 202:
                    extraction_id = answer.json()["extraction_id"]
                    while time.monotonic() < deadline:
                        poll = http.get(
                            "/api/get-extraction-data", params={"extraction_id": extraction_id}
                        )
                        if poll.status_code == 200 and poll.json()["status"] == "SUCCESS":
                            return time.monotonic() - started
                        if poll.status_code == 200 and poll.json()["status"] == "ERROR":
                            break
                        time.sleep(0.2)
            except httpx.TransportError:
                pass
            time.sleep(0.3)
    raise AssertionError(f"the service did not recover within {timeout} s")
