"""Accounts and their API keys. Keys are stored as the SHA-256 of a 256-bit random secret: the
raw key is shown once and never stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from paperwise.domain.accounts import Account, ApiKey
from paperwise.errors import NotFound, ValidationFailed
from paperwise.storage.database import now
from paperwise.storage.tables import accounts, api_keys

KEY_PREFIX = "pw_"
MAX_ACCOUNT_NAME = 200


def hash_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode("utf-8")).hexdigest()


def new_raw_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def _timestamp(value: float | None) -> datetime | None:
    return datetime.fromtimestamp(value, UTC) if value is not None else None


class AccountRepository:
    """Reads and writes accounts and keys inside a caller's transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def by_name(self, name: str) -> Account | None:
        row = self.conn.execute(sa.select(accounts).where(accounts.c.name == name)).first()
        return Account(id=row.id, name=row.name) if row else None

    def ensure(self, name: str) -> Account:
        """The account called ``name``, created if new."""
        name = name.strip()
        if not name or len(name) > MAX_ACCOUNT_NAME:
            raise ValidationFailed(
                "The account name is not valid.",
                [{"field": "name", "problem": f"1-{MAX_ACCOUNT_NAME} characters"}],
            )
        existing = self.by_name(name)
        if existing:
            return existing
        account = Account(id=secrets.token_hex(16), name=name)
        self.conn.execute(
            sa.insert(accounts).values(id=account.id, name=account.name, created_at=now())
        )
        return account

    def create_key(self, account: Account) -> tuple[ApiKey, str]:
        raw = new_raw_key()
        key_id = "key_" + secrets.token_hex(8)
        created = now()
        self.conn.execute(
            sa.insert(api_keys).values(
                id=key_id, account_id=account.id, key_hash=hash_key(raw), created_at=created
            )
        )
        key = ApiKey(
            id=key_id,
            account_id=account.id,
            account_name=account.name,
            created_at=datetime.fromtimestamp(created, UTC),
            revoked_at=None,
        )
        return key, raw

    def list_keys(self) -> list[ApiKey]:
        query = (
            sa.select(api_keys, accounts.c.name.label("account_name"))
            .join(accounts, accounts.c.id == api_keys.c.account_id)
            .order_by(api_keys.c.created_at)
        )
        return [
            ApiKey(
                id=row.id,
                account_id=row.account_id,
                account_name=row.account_name,
                created_at=datetime.fromtimestamp(row.created_at, UTC),
                revoked_at=_timestamp(row.revoked_at),
            )
            for row in self.conn.execute(query)
        ]

    def revoke_key(self, key_id: str) -> None:
        """Revoke a key (idempotent for a key already revoked); NotFound for an unknown id."""
        exists = self.conn.execute(sa.select(api_keys.c.id).where(api_keys.c.id == key_id)).first()
        if not exists:
            raise NotFound(f"There is no key with id {key_id!r}.")
        self.conn.execute(
            sa.update(api_keys)
            .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
            .values(revoked_at=now())
        )

    def account_for_key(self, raw_key: str) -> Account | None:
        """The account of an active key, else None. Only the key's SHA-256 digest reaches the
        database, so the time the lookup takes does not depend on how much of a real key a
        guess shares (the digest of a near miss is as far from the stored one as any other); the
        row found is confirmed by a constant-time comparison of the digests."""
        digest = hash_key(raw_key)
        query = (
            sa.select(accounts.c.id, accounts.c.name, api_keys.c.key_hash)
            .join(api_keys, api_keys.c.account_id == accounts.c.id)
            .where(api_keys.c.key_hash == digest, api_keys.c.revoked_at.is_(None))
        )
        row = self.conn.execute(query).first()
        if row is None or not hmac.compare_digest(row.key_hash, digest):
            return None
        return Account(id=row.id, name=row.name)
