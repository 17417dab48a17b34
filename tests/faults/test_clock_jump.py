"""The wall clock of the service jumps forward and back during a load of jobs, as an NTP step
or a badly set host clock does. ``serve`` and every process it starts read the offset from a
file the test rewrites (``PAPERWISE_TEST_CLOCK_OFFSET_FILE``: every time the tables store goes
through ``storage.database.now()``); the monotonic clock does not move, as in a real step.
(libfaketime, from Debian, was tried first: leaving the monotonic clock alone it makes Python's
``time.sleep`` fail with EINVAL, and faking it too would move the monotonic clock, which a real
step never does.) Leases, heartbeats and expiry are stored as wall times: a jump forward makes
every running job's lease look expired (another worker may take it; the fenced final write keeps
one end), a jump back makes leases and due times look far away. Every accepted job must still
end exactly once, and its webhook event must not wait for the clock to catch up."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from bench.server_process import Server
from tests.integration.helpers import wait_for

from .conftest import SETTINGS, SYNC_LIMIT, add_webhook
from .load import Load, assert_clean_log, first_success
from .receiver import Receiver
from .report import conclude

pytestmark = [pytest.mark.faults, pytest.mark.slow]

JOBS = 40
# The offsets (seconds) the clock takes in turn, a few seconds apart: forward 3 h, back 2 h (still
# 1 h ahead of the real time), then back 1 h to the real time.
JUMPS = [3 * 3600, 3600, 0]


def test_clock_jumps_forward_and_back(tmp_path: Path, seed: int, receiver: Receiver) -> None:
    rng = random.Random(seed)
    offset = tmp_path / "clock-offset"
    offset.write_text("0\n")
    clock = {"test_clock_offset_file": str(offset)}
    server = Server(tmp_path / "data", workers=2, **SETTINGS, **clock).start()
    key = server.add_accounts("fault")["fault"]
    add_webhook(server.url, key, receiver.url)
    load = Load([server.url], key, JOBS, seed, sync_limit=SYNC_LIMIT, spread=15).start()
    try:
        for jump in JUMPS:
            time.sleep(rng.uniform(2.0, 5.0))
            offset.write_text(f"{jump}\n")
        recovery = first_success(server.url, key, 120)
        load.wait_submitted(120)
        load.stop()
        conclude(
            "wall clock jumps +3 h, -2 h, -1 h",
            "embedded",
            load,
            server.url,
            f"sqlite:///{(tmp_path / 'data' / 'paperwise.db').resolve()}",
            recovery=recovery,
        )
        # the events of jobs that ended while the clock was ahead are not held back for hours
        accepted = list(load.tally.accepted)
        wait_for(lambda: all(receiver.events_of(i) for i in accepted), timeout=60, every=0.5)
    finally:
        load.stop()
        server.stop()
    assert_clean_log(server.log_path)
