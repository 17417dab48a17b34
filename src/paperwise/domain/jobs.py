"""The values of an extraction job: what it extracts from, the claim a worker holds on it under a
lease, how it ended, and the queue's figures for /metrics. The queue itself (its SQL) is
``paperwise.storage.job_queue``; the workers that run jobs are ``paperwise.jobs``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from paperwise.domain.document_types import DocumentTypeDict
from paperwise.domain.wire import WireResult
from paperwise.errors import ErrorBody


@dataclass(frozen=True)
class JobInput:
    """What a job extracts from: the document and the document type as recorded at submit, and
    the lessons of its account for that type (most recent first), read when the job was taken
    so a correction counts for the very next document."""

    data: bytes
    document_id: str
    document_type: DocumentTypeDict
    file_name: str
    customer: str | None
    account_id: str = ""  # whose lessons apply
    lessons: tuple[dict[str, Any], ...] = ()


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

    result: WireResult | None = None
    text: str | None = None
    error: ErrorBody | None = None


@dataclass(frozen=True)
class JobStats:
    """For /metrics: extractions by status, queue depth, finished-job durations, and webhook
    deliveries by status (every account's)."""

    by_status: dict[str, int]
    queue_depth: int
    running: int
    durations_count: int
    durations_sum_seconds: float
    webhook_deliveries: dict[str, int] = field(default_factory=dict)
