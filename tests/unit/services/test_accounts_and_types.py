from __future__ import annotations

import pytest

from paperwise.domain.accounts import Account
from paperwise.domain.document_types import INVOICE, document_type_from_dict
from paperwise.errors import (
    Conflict,
    DocumentTypeNotFound,
    Forbidden,
    NotFound,
    Unauthorized,
    ValidationFailed,
)
from paperwise.services.paperwise_service import PaperwiseService
from paperwise.services.protocol import Submission
from paperwise.storage import job_queue

CUSTOM = document_type_from_dict(
    {
        "name": "po",
        "fields": [
            {"name": "number", "data_type": "STRING"},
            {"name": "date", "data_type": "DATE"},
        ],
    }
)


def test_keys_authenticate_until_revoked(service: PaperwiseService) -> None:
    key, raw = service.create_key("acme")
    account = service.authenticate(raw)
    assert account.name == "acme" and account.id == key.account_id
    assert [k.id for k in service.list_keys()] == [key.id]
    service.revoke_key(key.id)
    with pytest.raises(Unauthorized):
        service.authenticate(raw)
    with pytest.raises(Unauthorized):
        service.authenticate("")
    with pytest.raises(NotFound):
        service.revoke_key("key_unknown")


def test_every_account_has_the_builtin_types(service: PaperwiseService, acme: Account) -> None:
    names = [t.name for t in service.document_types.list(acme)]
    assert names[:2] == ["invoice", "receipt"]
    assert service.document_types.get(acme, "simple-invoice") == INVOICE
    with pytest.raises(DocumentTypeNotFound):
        service.document_types.get(acme, "nope")


def test_builtin_types_cannot_be_changed(service: PaperwiseService, acme: Account) -> None:
    with pytest.raises(Conflict):
        service.document_types.create(acme, INVOICE)
    with pytest.raises(Forbidden):
        service.document_types.update(acme, "invoice", INVOICE)
    with pytest.raises(Forbidden):
        service.document_types.delete(acme, "line-item-invoice")


def test_user_types_belong_to_their_account(
    service: PaperwiseService, acme: Account, globex: Account, pdf: bytes
) -> None:
    created = service.document_types.create(acme, CUSTOM)
    assert created == CUSTOM and not created.builtin
    assert service.document_types.get(acme, "po") == CUSTOM
    with pytest.raises(Conflict):
        service.document_types.create(acme, CUSTOM)
    with pytest.raises(DocumentTypeNotFound):
        service.document_types.get(globex, "po")
    with pytest.raises(DocumentTypeNotFound):
        service.submit(globex, Submission(pdf, "a.pdf", "po"))
    assert len(service.submit(acme, Submission(pdf, "a.pdf", "po"))) == 40


def test_update_and_delete_a_user_type(service: PaperwiseService, acme: Account) -> None:
    service.document_types.create(acme, CUSTOM)
    changed = document_type_from_dict({"name": "po", "fields": [], "vat_rates": True})
    assert service.document_types.update(acme, "po", changed).vat_rates
    assert service.document_types.get(acme, "po").vat_rates
    with pytest.raises(ValidationFailed):
        service.document_types.update(acme, "po", CUSTOM.__class__("other", CUSTOM.fields))
    service.document_types.delete(acme, "po")
    with pytest.raises(DocumentTypeNotFound):
        service.document_types.delete(acme, "po")
    with pytest.raises(DocumentTypeNotFound):
        service.document_types.update(acme, "po", changed)


def test_ready_needs_a_live_worker_when_workers_are_expected(
    service: PaperwiseService,
) -> None:
    assert service.is_ready()  # workers=0: the database is enough
    service.settings.workers = 2
    assert not service.is_ready()
    job_queue.beat(service.db, "w1")
    assert service.is_ready()
    job_queue.forget(service.db, "w1")
    assert not service.is_ready()


def test_deleting_a_type_forgets_what_was_learned_for_it(
    service: PaperwiseService, acme: Account
) -> None:
    from paperwise.storage.lessons_repo import LessonRepository

    service.document_types.create(acme, CUSTOM)
    with service.db.write() as conn:
        LessonRepository(conn, acme.id).add("po", "acme supplies", {"kept": False}, None)
        LessonRepository(conn, acme.id).add("invoice", "acme supplies", {"kept": True}, None)
    service.document_types.delete(acme, "po")
    service.document_types.create(acme, CUSTOM)  # the same name again starts afresh
    with service.db.read() as conn:
        assert LessonRepository(conn, acme.id).count("po") == 0
        assert LessonRepository(conn, acme.id).for_type("invoice") == [{"kept": True}]
