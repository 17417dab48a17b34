"""What the API may ask about webhooks, each use case in its own transaction; the values it gets
back are in ``paperwise.domain.webhooks``. Another account's endpoints and deliveries do not
exist: NotFound. URLs pass the SSRF guard here, at registration; deliveries are checked again at
every attempt by the sender."""

from __future__ import annotations

from paperwise.config import Settings
from paperwise.domain.webhooks import DeliveryFilter, WebhookDelivery, WebhookEndpoint
from paperwise.errors import Conflict, NotFound
from paperwise.services.document_types import resolve_document_type
from paperwise.storage.database import Database, now
from paperwise.storage.webhooks_repo import WebhookRepository
from paperwise.webhooks.signing import new_secret
from paperwise.webhooks.url_guard import Resolver, check_url, resolve_host

# How long a rotated-out secret still signs (as a second signature).
PREVIOUS_SECRET_SECONDS = 24 * 3600


class Webhooks:
    """Webhook endpoints, the delivery log and replay, over the database (``Service.webhooks``)."""

    def __init__(self, db: Database, settings: Settings, resolver: Resolver = resolve_host) -> None:
        self.db = db
        self.settings = settings
        self.resolver = resolver

    def create_webhook(
        self, account_id: str, url: str, document_type_name: str | None
    ) -> tuple[WebhookEndpoint, str]:
        """Register an endpoint (URL checked by the SSRF guard; document type resolved to its
        canonical name). Returns it and its signing secret, which is never shown again."""
        url = check_url(
            url, allow_private=self.settings.webhook_allow_private, resolver=self.resolver
        ).url.strip()
        secret = new_secret()
        with self.db.write() as conn:
            repo = WebhookRepository(conn)
            limit = self.settings.max_webhooks_per_account
            if repo.endpoint_count(account_id) >= limit:
                raise Conflict(
                    f"An account may have at most {limit} webhook endpoints; delete one first.",
                    [{"limit": limit}],
                )
            type_name = None
            if document_type_name is not None:
                type_name = resolve_document_type(conn, account_id, document_type_name).name
            endpoint = repo.insert_endpoint(account_id, url, type_name, secret, now())
        return endpoint, secret

    def list_webhooks(self, account_id: str) -> list[WebhookEndpoint]:
        with self.db.read() as conn:
            return WebhookRepository(conn).endpoints(account_id)

    def delete_webhook(self, account_id: str, webhook_id: str) -> None:
        """Remove the endpoint, its pending deliveries and their log."""
        with self.db.write() as conn:
            if not WebhookRepository(conn).delete_endpoint(account_id, webhook_id):
                raise _no_webhook(webhook_id)

    def rotate_webhook_secret(self, account_id: str, webhook_id: str) -> str:
        """A new secret; the old one keeps signing (second signature) for a grace period."""
        secret = new_secret()
        with self.db.write() as conn:
            repo = WebhookRepository(conn)
            if not repo.rotate_secret(
                account_id, webhook_id, secret, now() + PREVIOUS_SECRET_SECONDS
            ):
                raise _no_webhook(webhook_id)
        return secret

    def list_deliveries(self, account_id: str, where: DeliveryFilter) -> list[WebhookDelivery]:
        """Newest first, each with every attempt."""
        with self.db.read() as conn:
            return WebhookRepository(conn).deliveries(account_id, where)

    def replay_delivery(self, account_id: str, delivery_id: str) -> WebhookDelivery:
        """Send the delivery again now (same event id); re-enables its endpoint if disabled.
        Conflict while an attempt of it is in flight."""
        with self.db.write() as conn:
            repo = WebhookRepository(conn)
            if not repo.replay(account_id, delivery_id, now()):
                raise NotFound(f"There is no webhook delivery {delivery_id!r}.")
            found = repo.deliveries(account_id, DeliveryFilter(delivery_id=delivery_id))
        return found[0]


def _no_webhook(webhook_id: str) -> NotFound:
    return NotFound(f"There is no webhook {webhook_id!r}.")
