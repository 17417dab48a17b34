"""Webhook values: an endpoint, a delivery with its attempts and status, and a filter over the
delivery log. Storage builds them, the services hand them out, the API writes them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    DISABLED = "disabled"


@dataclass(frozen=True)
class WebhookEndpoint:
    id: str
    url: str
    document_type_name: str | None
    created_at: datetime
    disabled_at: datetime | None


@dataclass(frozen=True)
class DeliveryAttempt:
    attempt: int
    at: datetime
    url: str
    response_code: int | None
    duration_ms: int
    error: str | None


@dataclass(frozen=True)
class WebhookDelivery:
    id: str
    event_id: str
    webhook_id: str
    extraction_id: str
    status: DeliveryStatus
    attempts: tuple[DeliveryAttempt, ...]
    next_attempt_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class DeliveryFilter:
    delivery_id: str | None = None
    extraction_id: str | None = None
    webhook_id: str | None = None
    status: DeliveryStatus | None = None
    limit: int = 100
