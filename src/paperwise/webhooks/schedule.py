"""When to try a delivery again: the backoff schedule (``PAPERWISE_WEBHOOK_BACKOFF``: one entry
per attempt, the seconds to wait before it; the first attempt is sent as soon as the extraction
finishes) stretched by a receiver's ``Retry-After`` on 429 or 503, never past
``MAX_RETRY_AFTER``."""

from __future__ import annotations

from collections.abc import Sequence
from email.utils import parsedate_to_datetime

# A receiver cannot push one retry further than this (the last step of the default schedule):
# the whole schedule must still end inside the result's lifetime.
MAX_RETRY_AFTER = 36_000.0
RETRY_AFTER_STATUSES = (429, 503)


def next_attempt_delay(
    attempts_made: int,
    backoff: Sequence[int],
    retry_after: float | None = None,
) -> float | None:
    """Seconds to wait after the ``attempts_made``-th failed attempt, or None when the schedule
    is used up. ``backoff[n]`` is the wait before attempt n+1 (0-based n)."""
    if attempts_made >= len(backoff):
        return None
    delay = float(backoff[attempts_made])
    if retry_after is not None:
        delay = max(delay, min(retry_after, MAX_RETRY_AFTER))
    return delay


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date; None if absent/bad."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, moment.timestamp() - now)
