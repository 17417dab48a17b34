"""kill -9 durability: jobs accepted with 202 survive the death of the whole server and finish
exactly once after a restart on the same data dir."""

from __future__ import annotations

import re
import time

import httpx
import pytest

from .api_client import Api
from .documents import invoice_png
from .server_process import Server

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
JOBS = 2


def _metric(text: str, name: str) -> float:
    match = re.search(rf"^{re.escape(name)} ([0-9.e+]+)$", text, re.MULTILINE)
    assert match, f"{name} missing from /metrics"
    return float(match.group(1))


def test_jobs_survive_kill_9_and_finish_exactly_once(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    server = Server(tmp_path_factory.mktemp("paperwise-kill"), lease_seconds="3")
    key = server.start().add_accounts("alice")["alice"]
    try:
        api = Api(server.url, key)
        # Scanned pages need OCR (seconds each) and one worker takes them one at a time.
        ids = [
            api.submit_id(invoice_png(f"K9-{n}"), file_name=f"scan-{n}.png") for n in range(JOBS)
        ]
        statuses = [api.poll(extraction_id).json()["status"] for extraction_id in ids]
        assert "IN_PROGRESS" in statuses, "the jobs finished before the kill; nothing was tested"
        api.close()
        server.kill()

        server.start()
        api = Api(server.url, key)
        deadline = time.monotonic() + 150
        awaiting: list[str] = []
        while time.monotonic() < deadline:
            awaiting = api.http.get("/api/awaiting-poll").json()["extraction_ids"]
            if len(awaiting) >= JOBS:
                break
            time.sleep(0.5)
        assert sorted(awaiting) == sorted(ids), server.log()  # each once, none lost
        answers = [api.poll(extraction_id).json() for extraction_id in ids]
        assert [a["status"] for a in answers] == ["SUCCESS"] * JOBS, answers
        assert [a["result"]["file_name"] for a in answers] == [f"scan-{n}.png" for n in range(JOBS)]
        metrics = httpx.get(f"{server.url}/metrics").text
        assert _metric(metrics, 'paperwise_extractions{status="SUCCESS"}') == JOBS
        assert _metric(metrics, "paperwise_job_duration_seconds_count") == JOBS
        api.close()
    finally:
        server.stop()
