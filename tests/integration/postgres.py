"""A throwaway PostgreSQL database for the distributed-mode tests, on the server these machines
run (127.0.0.1:5432, user postgres, trust auth) or ``PAPERWISE_TEST_POSTGRES`` (an admin URL)."""

from __future__ import annotations

import os
import secrets

import psycopg
import pytest

ADMIN_URL = os.environ.get(
    "PAPERWISE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def admin_connection() -> psycopg.Connection:
    """An autocommit connection to the server; skips the test when there is none, except in CI
    (``CI=true``) where an unreachable PostgreSQL is a failure."""
    try:
        return psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        reason = f"PostgreSQL is not reachable at {ADMIN_URL}: {exc}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def database_url(name: str) -> str:
    base, _, _ = ADMIN_URL.rpartition("/")
    return f"{base}/{name}"


def create_database(admin: psycopg.Connection) -> str:
    name = f"paperwise_test_{secrets.token_hex(6)}"
    admin.execute(f'CREATE DATABASE "{name}"')
    return name


def drop_database(admin: psycopg.Connection, name: str) -> None:
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def truncate_all(url: str) -> None:
    """Empty every table but the migration marker (a fresh state at the price of one query)."""
    with psycopg.connect(url, autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                " AND tablename <> 'alembic_version'"
            )
        ]
        if tables:
            conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
