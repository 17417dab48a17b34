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


def test_a_key_is_looked_up_by_its_digest_alone(db: Database) -> None:
    """The raw key never reaches the database: the one comparison made on it is the database's
    equality of SHA-256 digests, and the time that takes tells a caller at most how much of the
    digest of their own guess matches a stored one, which brings them no closer to a key (that
    would take a SHA-256 preimage). So checking a key takes the same time whatever it shares
    with a real one: the constant-time comparison of the security issue."""
    with db.write() as conn:
        repo = AccountRepository(conn)
        _, raw = repo.create_key(repo.ensure("acme"))
    guesses = [raw, raw[:-1] + ("A" if raw[-1] != "A" else "B"), "pw_x"]
    sent: list[str] = []

    def record(*args: object) -> None:
        statement, parameters = args[2], args[3]
        sent.append(f"{statement} {parameters}")

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        with db.read() as conn:
            found = [AccountRepository(conn).account_for_key(g) for g in guesses]
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    assert found[0] is not None and found[1:] == [None, None]
    lookups = [s for s in sent if "api_keys" in s]
    assert len(lookups) == len(guesses)
    for guess, lookup in zip(guesses, lookups, strict=True):
        assert guess not in lookup and hash_key(guess) in lookup


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
