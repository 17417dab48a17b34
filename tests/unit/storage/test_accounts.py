from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from paperwise.errors import NotFound, ValidationFailed
from paperwise.storage.accounts import AccountRepository, hash_key
from paperwise.storage.database import Database


def test_a_key_is_stored_only_as_its_hash(db: Database) -> None:
    with db.write() as conn:
        repo = AccountRepository(conn)
        key, raw = repo.create_key(repo.ensure("acme"))
    with db.read() as conn:
        stored = conn.execute(sa.text("SELECT key_hash FROM api_keys")).scalars().all()
        dump = "\n".join(str(row) for row in conn.execute(sa.text("SELECT * FROM api_keys")))
    assert stored == [hashlib.sha256(raw.encode()).hexdigest()] == [hash_key(raw)]
    assert raw not in dump
    assert len(raw) >= 40 and key.account_name == "acme"


def test_keys_are_unique_and_find_their_account(db: Database) -> None:
    with db.write() as conn:
        repo = AccountRepository(conn)
        acme = repo.ensure("acme")
        _, raw1 = repo.create_key(acme)
        _, raw2 = repo.create_key(repo.ensure("acme"))
        _, other = repo.create_key(repo.ensure("globex"))
    assert raw1 != raw2
    with db.read() as conn:
        repo = AccountRepository(conn)
        assert repo.account_for_key(raw1) == repo.account_for_key(raw2) == acme
        found = repo.account_for_key(other)
        assert found is not None and found.name == "globex"
        assert repo.account_for_key("pw_not-a-key") is None


def test_a_revoked_key_stops_working(db: Database) -> None:
    with db.write() as conn:
        repo = AccountRepository(conn)
        key, raw = repo.create_key(repo.ensure("acme"))
    with db.write() as conn:
        AccountRepository(conn).revoke_key(key.id)
        AccountRepository(conn).revoke_key(key.id)  # twice is fine
    with db.read() as conn:
        repo = AccountRepository(conn)
        assert repo.account_for_key(raw) is None
        (listed,) = repo.list_keys()
    assert listed.id == key.id and listed.revoked_at is not None


def test_revoking_an_unknown_key_is_not_found(db: Database) -> None:
    with db.write() as conn, pytest.raises(NotFound):
        AccountRepository(conn).revoke_key("key_nope")


def test_account_names_are_validated(db: Database) -> None:
    with db.write() as conn, pytest.raises(ValidationFailed):
        AccountRepository(conn).ensure("   ")
