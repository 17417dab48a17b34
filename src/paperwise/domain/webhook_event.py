"""The ``extraction.finished`` event of SPEC.md and its exact bytes on the wire."""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime
from typing import Any

EVENT_TYPE = "extraction.finished"
FINISHED_MESSAGE = "Extraction process finished"


def new_event_id() -> str:
    """A 40-hex event id; one per finished extraction, kept across retries and replays."""
    return secrets.token_hex(20)


def event_time(moment: float) -> str:
    """Unix seconds as SPEC.md writes them: naive UTC ISO 8601 with microseconds."""
    naive = datetime.fromtimestamp(moment, UTC).replace(tzinfo=None)
    return naive.isoformat(timespec="microseconds")


def finished_event(event_id: str, extraction_id: str, status: str, moment: float) -> dict[str, Any]:
    """The event body for an extraction that ended ``status`` (SUCCESS or ERROR) at ``moment``."""
    return {
        "event_id": event_id,
        "event_time": event_time(moment),
        "type": EVENT_TYPE,
        "data": {"id": extraction_id, "status": status, "message": FINISHED_MESSAGE},
    }


def event_bytes(event: dict[str, Any]) -> bytes:
    """The body that is signed and sent: compact JSON, ASCII only, keys in their stored order."""
    return json.dumps(event, separators=(",", ":"), ensure_ascii=True).encode("ascii")
