from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from paperwise.config import Settings
from paperwise.domain.accounts import Account
from paperwise.services.paperwise_service import PaperwiseService, open_service

from .postgres import admin_connection, create_database, database_url, drop_database, truncate_all


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL database created for the test session (distributed-mode tests) and dropped."""
    admin = admin_connection()
    name = create_database(admin)
    try:
        yield database_url(name)
    finally:
        drop_database(admin, name)
        admin.close()


@pytest.fixture
def fresh_postgres(postgres_url: str) -> str:
    """The session's PostgreSQL database, emptied for this test."""
    truncate_all(postgres_url)
    return postgres_url


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        workers=1,
        lease_seconds=2,
        job_timeout=120,
        sweep_interval=0.3,
        result_ttl=3600,
    )


@pytest.fixture
def service(settings: Settings) -> Iterator[PaperwiseService]:
    opened = open_service(settings)
    yield opened
    opened.close()


@pytest.fixture
def account(service: PaperwiseService) -> Account:
    return service.authenticate(service.create_key("acme")[1])
