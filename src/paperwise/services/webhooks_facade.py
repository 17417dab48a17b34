"""What the API may ask about webhooks (``WebhookService``); the values it gets back are in
``paperwise.domain.webhooks``. Another account's endpoints and deliveries do not exist: NotFound."""

from __future__ import annotations

from typing import Protocol

from paperwise.domain.webhooks import DeliveryFilter, WebhookDelivery, WebhookEndpoint


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
