"""Fixtures of the suite that runs against both modes: ``settings`` is parametrised over the
embedded mode (SQLite in a temporary data dir) and the distributed mode (a PostgreSQL database
created for the session, emptied before each test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperwise.config import Settings


@pytest.fixture(params=["embedded", "distributed"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def settings(mode: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    url = request.getfixturevalue("fresh_postgres") if mode == "distributed" else None
    return Settings(
        data_dir=tmp_path / "data",
        database_url=url,
        workers=1,
        lease_seconds=2,
        job_timeout=120,
        sweep_interval=0.3,
        result_ttl=3600,
    )


@pytest.fixture
def pg_settings(fresh_postgres: str, tmp_path: Path) -> Settings:
    """Distributed mode only, for the tests of what only it has."""
    return Settings(
        data_dir=tmp_path / "data",
        database_url=fresh_postgres,
        workers=1,
        lease_seconds=2,
        job_timeout=120,
        sweep_interval=0.3,
        result_ttl=3600,
    )
