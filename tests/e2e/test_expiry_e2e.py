"""Expiry over real HTTP with a short PAPERWISE_RESULT_TTL: the result and the document go."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .api_client import Api
from .documents import invoice_pdf
from .server_process import Server

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
TTL_SECONDS = 3


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = Server(
        tmp_path_factory.mktemp("paperwise-ttl"),
        result_ttl=str(TTL_SECONDS),
        sweep_interval="0.5",
    )
    server.start().add_accounts("alice", "bob")
    yield server
    server.stop()


def _files_containing(root: Path, needle: bytes) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_a_finished_extraction_expires_after_the_ttl(server: Server, alice: Api) -> None:
    document = invoice_pdf("EXP-4242-UNIQUE")
    extraction_id = alice.submit_id(document)
    answer = alice.wait(extraction_id)
    assert answer["status"] == "SUCCESS"
    time.sleep(TTL_SECONDS + 2)
    assert alice.poll(extraction_id).json() == {"error": {}, "result": {}, "status": "EXPIRED"}
    assert extraction_id not in alice.http.get("/api/awaiting-poll").json()["extraction_ids"]
    assert _files_containing(server.data_dir, document) == []


def test_an_unpolled_extraction_expires_by_the_sweep(server: Server, alice: Api) -> None:
    extraction_id = alice.submit_id(invoice_pdf("EXP-2"))
    deadline = time.monotonic() + 60
    while extraction_id not in alice.http.get("/api/awaiting-poll").json()["extraction_ids"]:
        assert time.monotonic() < deadline
        time.sleep(0.3)
    time.sleep(TTL_SECONDS + 2)
    assert extraction_id not in alice.http.get("/api/awaiting-poll").json()["extraction_ids"]
    assert alice.poll(extraction_id).json()["status"] == "EXPIRED"
