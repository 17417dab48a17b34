"""An account and an API key as the services hand them out (values; storage builds them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Account:
    id: str
    name: str


@dataclass(frozen=True)
class ApiKey:
    id: str
    account_id: str
    account_name: str
    created_at: datetime
    revoked_at: datetime | None
