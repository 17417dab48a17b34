"""What the API may ask about webhooks (``WebhookService``) and the values it gets back.
Another account's endpoints and deliveries do not exist: NotFound."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol


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


class WebhookService(Protocol):
    def create_webhook(
        self, account_id: str, url: str, document_type_name: str | None
    ) -> tuple[WebhookEndpoint, str]:
        """Register an endpoint (URL checked by the SSRF guard; document type resolved to its
        canonical name). Returns it and its signing secret, which is never shown again."""
        ...

    def list_webhooks(self, account_id: str) -> list[WebhookEndpoint]: ...

    def delete_webhook(self, account_id: str, webhook_id: str) -> None:
        """Remove the endpoint, its pending deliveries and their log."""
        ...

    def rotate_webhook_secret(self, account_id: str, webhook_id: str) -> str:
        """A new secret; the old one keeps signing (second signature) for a grace period."""
        ...

    def list_deliveries(self, account_id: str, where: DeliveryFilter) -> list[WebhookDelivery]:
        """Newest first, each with every attempt."""
        ...

    def replay_delivery(self, account_id: str, delivery_id: str) -> WebhookDelivery:
        """Send the delivery again now (same event id); re-enables its endpoint if disabled.
        Conflict while an attempt of it is in flight."""
        ...
