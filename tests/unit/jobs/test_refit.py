"""The background refit of the account models: a change of an account's lessons marks its model
of that type changed, a worker refits it from all of the type's lessons, and the account's next
job of that type (and no other account's, no other type's) reads it."""

from __future__ import annotations

import sqlalchemy as sa

from paperwise.domain.document_types import document_type_from_dict
from paperwise.jobs.refit import refit_once
from paperwise.learning.meanings import AccountModel, MeaningEvidence
from paperwise.storage.account_models_repo import AccountModelRepository, next_changed
from paperwise.storage.accounts import AccountRepository
from paperwise.storage.database import Database
from paperwise.storage.document_types_repo import DocumentTypeRepository
from paperwise.storage.job_queue import LeaseTable
from paperwise.storage.lesson_tables import account_models
from paperwise.storage.lessons_repo import LessonRepository
from paperwise.storage.tables import extractions

from .conftest import MakeJob

TOTAL_IS_K5 = {"meanings": MeaningEvidence({"k5": ["total_amount"]}).to_json()}
OPAQUE = document_type_from_dict(
    {
        "name": "opaque",
        "fields": [
            {"name": "supplier_name", "data_type": "AUTHOR"},
            {"name": "k5", "data_type": "NUMBER"},
        ],
    }
)


def _account(db: Database, name: str) -> str:
    with db.write() as conn:
        account = AccountRepository(conn).ensure(name)
        if DocumentTypeRepository(conn, account.id).get("opaque") is None:
            DocumentTypeRepository(conn, account.id).insert(OPAQUE)
    return account.id


def _teach(db: Database, account_id: str, document_type: str, *suppliers: str) -> list[str]:
    with db.write() as conn:
        repo = LessonRepository(conn, account_id)
        return [repo.add(document_type, s, TOTAL_IS_K5) for s in suppliers]


def _model(db: Database, account_id: str, document_type: str) -> AccountModel | None:
    with db.read() as conn:
        raw = AccountModelRepository(conn, account_id).get(document_type)
    return AccountModel.from_json(raw) if raw is not None else None


def _refit_all(db: Database) -> int:
    count = 0
    while refit_once(db):
        count += 1
    return count


def test_a_changed_model_is_refitted_from_all_the_types_lessons_once(db: Database) -> None:
    acme = _account(db, "acme")
    _teach(db, acme, "opaque", "nordwind")
    assert _refit_all(db) == 1
    assert _model(db, acme, "opaque") == AccountModel({}, {}, 1)  # one document: no meaning yet
    _teach(db, acme, "opaque", "suedlicht")
    with db.read() as conn:
        assert next_changed(conn) is not None
    assert _model(db, acme, "opaque") == AccountModel({}, {}, 1)  # not refitted in the request
    assert _refit_all(db) == 1
    assert _model(db, acme, "opaque") == AccountModel({"k5": "total_amount"}, {}, 2)
    assert _refit_all(db) == 0  # up to date


def test_deleting_training_documents_refits_and_the_last_one_forgets_the_model(
    db: Database,
) -> None:
    acme = _account(db, "acme")
    first, _ = _teach(db, acme, "opaque", "nordwind", "suedlicht")
    _refit_all(db)
    with db.write() as conn:
        assert LessonRepository(conn, acme).delete(first)
    assert _refit_all(db) == 1
    assert _model(db, acme, "opaque") == AccountModel({}, {}, 1)
    with db.write() as conn:
        assert LessonRepository(conn, acme).delete_matching("opaque", "suedlicht") == 1
    assert _refit_all(db) == 1
    assert _model(db, acme, "opaque") is None
    with db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(account_models)).scalar() == 0


def test_a_change_during_a_refit_is_refitted_again(db: Database) -> None:
    acme = _account(db, "acme")
    _teach(db, acme, "opaque", "nordwind", "suedlicht")
    with db.read() as conn:
        changed = next_changed(conn)
    assert changed is not None
    _teach(db, acme, "opaque", "ostsee")  # while a worker fits the change above
    with db.write() as conn:
        AccountModelRepository(conn, acme).store("opaque", {"documents": 2}, changed.changed_at)
    assert _refit_all(db) == 1
    model = _model(db, acme, "opaque")
    assert model is not None and model.documents == 3


def test_a_job_reads_its_own_accounts_model_of_its_own_type(
    db: Database, queue: LeaseTable, make_job: MakeJob
) -> None:
    job = make_job()  # an invoice of account "acme"
    with db.read() as conn:
        acme = conn.execute(
            sa.select(extractions.c.account_id).where(extractions.c.id == job)
        ).scalar_one()
    globex = _account(db, "globex")
    _teach(db, globex, "invoice", "nordwind", "suedlicht")  # another account's
    _teach(db, acme, "opaque", "nordwind", "suedlicht")  # another type's
    _teach(db, acme, "invoice", "nordwind")
    _refit_all(db)
    claim = queue.claim("w1")
    assert claim is not None and claim.job.account_model == AccountModel({}, {}, 1).to_json()
    _teach(db, acme, "invoice", "suedlicht")
    _refit_all(db)
    second = make_job()
    claim = queue.claim("w1")
    assert claim is not None and claim.extraction_id == second
    assert AccountModel.from_json(claim.job.account_model).documents == 2
