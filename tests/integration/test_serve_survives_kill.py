"""``paperwise serve`` killed with SIGKILL (its whole process group) mid-job: the accepted job
finishes after a restart; SIGTERM stops the server and its workers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess

import httpx
import pytest

from paperwise.config import Settings
from paperwise.services.paperwise_service import PaperwiseService
from paperwise.services.protocol import Submission

from .helpers import PAPERWISE, env_for, group_alive, make_scan, ready, row, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(settings: Settings, port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [PAPERWISE, "serve", "--port", str(port), "--workers", "1"],
        env=env_for(settings),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_an_accepted_job_survives_kill_9_of_serve(
    settings: Settings, service: PaperwiseService
) -> None:
    _key, raw = service.create_key("acme")
    account = service.authenticate(raw)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _serve(settings, port)
    try:
        extraction_id = service.submit(account, Submission(make_scan(), "scan.png", "receipt"))
        wait_for(lambda: row(service, extraction_id).attempt == 1, timeout=90)
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    assert row(service, extraction_id).status == "IN_PROGRESS"

    server = _serve(settings, port)
    try:
        wait_for(lambda: ready(base), timeout=90)
        poll_url = f"{base}/api/get-extraction-data?extraction_id={extraction_id}"
        headers = {"Authorization": f"Token {raw}"}

        def finished() -> dict[str, object] | None:
            body: dict[str, object] = httpx.get(poll_url, headers=headers, timeout=5).json()
            return body if body["status"] != "IN_PROGRESS" else None

        body = wait_for(finished, timeout=120, every=0.5)
        assert body["status"] == "SUCCESS"
        assert row(service, extraction_id).attempt == 2
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
    wait_for(lambda: not group_alive(server.pid), timeout=15)  # no worker left behind
