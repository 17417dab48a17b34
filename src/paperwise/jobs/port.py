"""The job port: what a worker needs from a queue. The embedded adapter is ``LeaseTable``; a
PostgreSQL adapter (distributed mode) implements the same methods."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class JobInput:
    """What a job extracts from: the document and the document type as recorded at submit, and
    the lessons of its account for that type (most recent first) and its model (what all of
    them teach about the fields' meanings, None before the first fit), read when the job was
    taken so a correction counts for the very next document."""

    data: bytes
    document_id: str
    document_type: dict[str, Any]
    file_name: str
    customer: str | None
    account_id: str = ""  # whose lessons apply
    lessons: tuple[dict[str, Any], ...] = ()
    account_model: dict[str, Any] | None = None


@dataclass(frozen=True)
class Claim:
    """A job taken under a lease, with its input (read in the transaction that took it).
    ``attempt`` is the fencing token of every later write."""

    extraction_id: str
    attempt: int
    worker_id: str
    job: JobInput = field(repr=False, compare=False)


@dataclass(frozen=True)
class JobOutcome:
    """The end of a job: a wire result and the document's text, or an error body."""

    result: dict[str, Any] | None = None
    text: str | None = None
    error: dict[str, Any] | None = None


class JobQueue(Protocol):
    def claim(self, worker_id: str) -> Claim | None:
        """Take the next waiting job (synchronous requests first) under a fresh lease, and read
        its input, in one transaction."""
        ...

    def renew(self, claim: Claim) -> bool:
        """Extend the lease; False when the job is no longer ours (retaken or cancelled)."""
        ...

    def finish(self, claim: Claim, outcome: JobOutcome) -> bool:
        """The fenced final write; False (and nothing written) when the job is no longer ours."""
        ...

    def release(self, claim: Claim) -> None:
        """Give the job back at once (worker stopping, sandbox crashed)."""
        ...

    def fail_exhausted(self) -> int:
        """End ERROR every job whose lease ran out after its last allowed attempt."""
        ...
