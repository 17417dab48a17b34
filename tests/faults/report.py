"""One summary row per fault, checked and collected: the suite prints them at the end and writes
them to ``bench/out/faults.md`` (the README's reliability table quotes them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from paperwise.storage.database import Database
from paperwise.storage.job_queue import EXHAUSTED

from .load import Load

OUT = Path(__file__).resolve().parents[2] / "bench" / "out" / "faults.md"
HEADER = (
    "| fault | mode | jobs accepted | ended once | lost | 500s | 503s (Retry-After) | hung "
    "| ended ERROR | slowest sync answer | recovery |"
)


@dataclass
class Row:
    fault: str
    mode: str
    accepted: int
    ended_once: int
    lost: int
    five_hundreds: int
    unavailable: int
    hung: int
    errors: int
    slowest_sync: float
    recovery: float | None

    def markdown(self) -> str:
        recovery = "—" if self.recovery is None else f"{self.recovery:.1f} s"
        return (
            f"| {self.fault} | {self.mode} | {self.accepted} | {self.ended_once} | {self.lost} "
            f"| {self.five_hundreds} | {self.unavailable} | {self.hung} | {self.errors} "
            f"| {self.slowest_sync:.1f} s | {recovery} |"
        )


ROWS: list[Row] = []
# A sync call whose job ended ERROR (its worker killed on every attempt) is a 500 in the standard
# shape with this code; its message is the generic one (a 500 never says more).
KILLED_SYNC = '"code":"EXTRACTION_FAILED"'


def events_per_extraction(database_url: str) -> tuple[int, dict[str, int]]:
    """How many rows the database holds for the load's jobs (``job-N.pdf``), and how many
    webhook events each extraction made (one per matching endpoint when it finished; two would
    mean it finished twice)."""
    db = Database(database_url)
    try:
        with db.read() as conn:
            rows = conn.execute(
                sa.text("SELECT count(*) FROM extractions WHERE file_name LIKE 'job-%'")
            ).scalar_one()
            events = conn.execute(
                sa.text("SELECT extraction_id, count(*) FROM webhook_deliveries GROUP BY 1")
            ).all()
    finally:
        db.dispose()
    return int(rows), {str(extraction_id): int(n) for extraction_id, n in events}


def conclude(
    fault: str,
    mode: str,
    load: Load,
    url: str,
    database_url: str,
    *,
    recovery: float | None,
    settle: float = 180.0,
    exhausted_ok: bool = False,
) -> Row:
    """Wait for every accepted job to end, record the row, then assert what the suite promises:
    all accepted, each ended exactly once, none lost or hung, no 500 and every error clear.
    ``exhausted_ok``: a job (or a sync call, with a 500) may end ERROR because its worker was
    killed on every attempt (job_max_attempts)."""
    answers, hung = load.finals(url, settle)
    rows, events = events_per_extraction(database_url)
    tally = load.tally
    accepted = list(tally.accepted)
    ended_once = sum(1 for i in accepted if i in answers and events.get(i) == 1)
    lost = sum(1 for i in accepted if i not in answers and i not in hung)
    row = Row(
        fault=fault,
        mode=mode,
        accepted=len(accepted),
        ended_once=ended_once,
        lost=lost,
        five_hundreds=tally.five_hundreds(but=KILLED_SYNC if exhausted_ok else None),
        unavailable=tally.unavailable,
        # jobs that ended ERROR, and sync calls answered so (killed on every attempt)
        errors=sum(1 for a in answers.values() if a["status"] == "ERROR")
        + tally.five_hundreds()
        - tally.five_hundreds(but=KILLED_SYNC),
        hung=len(hung) + sum(1 for s in tally.sync_seconds if s > load.sync_limit),
        slowest_sync=max(tally.sync_seconds, default=0.0),
        recovery=recovery,
    )
    ROWS.append(row)
    print(
        f"\n{HEADER}\n{row.markdown()}\nstatuses {dict(tally.statuses)} codes {dict(tally.codes)}"
    )
    details: dict[str, Any] = {"problems": tally.problems[:5], "hung": hung[:5]}
    assert len(accepted) == load.jobs, f"accepted {len(accepted)} of {load.jobs}: {details}"
    assert not tally.problems, details
    assert not hung, details
    assert row.lost == 0
    # A job ends ERROR only when a kill test killed its worker job_max_attempts times.
    allowed = {("SUCCESS", None)} | ({("ERROR", EXHAUSTED)} if exhausted_ok else set())
    failed = {i: a for i, a in answers.items() if _ending(a) not in allowed}
    assert not failed, failed
    assert row.ended_once == len(accepted), {i: events.get(i) for i in accepted}
    assert rows == len(accepted), f"{rows} rows for {len(accepted)} accepted jobs"
    assert row.five_hundreds == 0, tally.server_errors[:5]
    return row


def _ending(answer: dict[str, Any]) -> tuple[str, str | None]:
    error = answer.get("error") or {}
    return answer["status"], error.get("message")


def write_summary() -> str | None:
    if not ROWS:
        return None
    text = "\n".join([HEADER, "|" + "---|" * 11, *(row.markdown() for row in ROWS)]) + "\n"
    try:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(text)
    except OSError as exc:  # a read-only checkout: the printed table is the record
        text += f"(not written to {OUT}: {exc})\n"
    return text
