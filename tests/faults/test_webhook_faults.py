"""A webhook receiver that hangs (holds the connection, never answers), resets the connection,
or answers slowly, while jobs finish. The jobs are not held up by it, and once it behaves
again every finished extraction's one event reaches it at least once (the same event id on
every retry: SPEC, "Delivered at least once")."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from bench.server_process import Server
from tests.integration.helpers import wait_for

from .conftest import SETTINGS, SYNC_LIMIT, add_webhook
from .load import Load, assert_clean_log
from .receiver import Receiver
from .report import conclude

pytestmark = [pytest.mark.faults, pytest.mark.slow]

JOBS = 30
FAULT_SECONDS = 8.0


@pytest.mark.parametrize("mode", ["hang", "reset", "slow"])
def test_webhook_receiver_misbehaves(
    tmp_path: Path, seed: int, receiver: Receiver, mode: str
) -> None:
    rng = random.Random(seed)
    server = Server(tmp_path / "data", workers=2, **SETTINGS).start()
    key = server.add_accounts("fault")["fault"]
    add_webhook(server.url, key, receiver.url)
    load = Load(
        [server.url], key, JOBS, seed, sync_limit=SYNC_LIMIT, spread=FAULT_SECONDS + 2
    ).start()
    try:
        time.sleep(rng.uniform(0.2, 1.0))
        receiver.set_mode(mode)
        time.sleep(FAULT_SECONDS)
        receiver.set_mode("ok")
        healed = time.monotonic()
        load.wait_submitted(120)
        load.stop()
        accepted = list(load.tally.accepted)
        # every finished extraction's event arrives once the receiver answers again
        wait_for(lambda: all(receiver.events_of(i) for i in accepted), timeout=120, every=0.5)
        recovery = time.monotonic() - healed
        row = conclude(
            {
                "hang": "webhook receiver hangs",
                "reset": "webhook receiver resets the connection",
                "slow": "webhook receiver answers slowly (1.5 s)",
            }[mode],
            "embedded",
            load,
            server.url,
            f"sqlite:///{(tmp_path / 'data' / 'paperwise.db').resolve()}",
            recovery=recovery,
        )
        distinct = {i: receiver.events_of(i) for i in accepted}
        assert all(len(events) == 1 for events in distinct.values()), distinct  # finished once
        repeats = sum(len(receiver.received[i]) - 1 for i in accepted)
        print(f"{row.accepted} events delivered, {repeats} delivered again (at least once)")
    finally:
        load.stop()
        server.stop()
    assert_clean_log(server.log_path)
