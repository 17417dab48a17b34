from __future__ import annotations

import pytest

from paperwise.domain.accounts import Account
from paperwise.errors import DocumentTypeNotFound, NotFound, WebhookUrlRefused
from paperwise.services.paperwise_service import PaperwiseService
from paperwise.services.webhooks import Webhooks

from .conftest import PUBLIC_URL


def test_a_webhook_is_created_with_a_secret_and_listed_without_it(
    webhooks: Webhooks, acme: Account
) -> None:
    endpoint, secret = webhooks.create_webhook(acme.id, f" {PUBLIC_URL} ", None)
    assert secret.startswith("whsec_")
    assert (endpoint.url, endpoint.document_type_name, endpoint.disabled_at) == (
        PUBLIC_URL,
        None,
        None,
    )
    assert webhooks.list_webhooks(acme.id) == [endpoint]


def test_a_document_type_is_stored_by_its_canonical_name(webhooks: Webhooks, acme: Account) -> None:
    endpoint, _ = webhooks.create_webhook(acme.id, PUBLIC_URL, "simple-invoice")
    assert endpoint.document_type_name == "invoice"
    with pytest.raises(DocumentTypeNotFound):
        webhooks.create_webhook(acme.id, PUBLIC_URL, "no-such-type")


def test_private_urls_are_refused_unless_allowed(
    service: PaperwiseService, webhooks: Webhooks, acme: Account
) -> None:
    strict = Webhooks(service.db, service.settings)
    with pytest.raises(WebhookUrlRefused):
        strict.create_webhook(acme.id, "http://127.0.0.1:9000/hook", None)
    relaxed = Webhooks(
        service.db, service.settings.model_copy(update={"webhook_allow_private": True})
    )
    endpoint, _ = relaxed.create_webhook(acme.id, "http://127.0.0.1:9000/hook", None)
    assert webhooks.list_webhooks(acme.id) == [endpoint]


def test_another_accounts_webhooks_do_not_exist(
    webhooks: Webhooks, acme: Account, globex: Account
) -> None:
    endpoint, _ = webhooks.create_webhook(acme.id, PUBLIC_URL, None)
    assert webhooks.list_webhooks(globex.id) == []
    with pytest.raises(NotFound):
        webhooks.delete_webhook(globex.id, endpoint.id)
    with pytest.raises(NotFound):
        webhooks.rotate_webhook_secret(globex.id, endpoint.id)
    webhooks.delete_webhook(acme.id, endpoint.id)
    assert webhooks.list_webhooks(acme.id) == []
    with pytest.raises(NotFound):
        webhooks.delete_webhook(acme.id, endpoint.id)


def test_an_account_may_register_only_so_many_endpoints(
    service: PaperwiseService, acme: Account, globex: Account
) -> None:
    from paperwise.config import Settings
    from paperwise.errors import Conflict

    from .conftest import public_resolver

    limited = Webhooks(
        service.db,
        Settings(data_dir=service.settings.data_dir, max_webhooks_per_account=2),
        resolver=public_resolver,
    )
    first, _ = limited.create_webhook(acme.id, PUBLIC_URL, None)
    limited.create_webhook(acme.id, PUBLIC_URL + "/2", None)
    with pytest.raises(Conflict) as refused:
        limited.create_webhook(acme.id, PUBLIC_URL + "/3", None)
    assert refused.value.details == [{"limit": 2}]
    limited.create_webhook(globex.id, PUBLIC_URL, None)  # another account has its own
    limited.delete_webhook(acme.id, first.id)
    limited.create_webhook(acme.id, PUBLIC_URL + "/3", None)  # room again
