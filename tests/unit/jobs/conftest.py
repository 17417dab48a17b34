from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from paperwise.domain.document_types import INVOICE
from paperwise.storage.accounts import AccountRepository
from paperwise.storage.database import Database
from paperwise.storage.document_types_repo import doctype_to_json
from paperwise.storage.extractions import ExtractionRepository, NewExtraction
from paperwise.storage.job_queue import LeasePolicy, LeaseTable

MakeJob = Callable[..., str]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'test.db'}")
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture
def queue(db: Database) -> LeaseTable:
    return LeaseTable(db, LeasePolicy(lease_seconds=30, max_attempts=3, result_ttl=3600))


@pytest.fixture
def make_job(db: Database) -> MakeJob:
    with db.write() as conn:
        account = AccountRepository(conn).ensure("acme")

    def make(*, sync: bool = False, data: bytes = b"%PDF-1.4 test") -> str:
        with db.write() as conn:
            return ExtractionRepository(conn).insert(
                NewExtraction(
                    account_id=account.id,
                    data=data,
                    file_name="a.pdf",
                    customer="c1",
                    document_type=doctype_to_json(INVOICE),
                    sync=sync,
                )
            )

    return make
