"""Extractions and their documents: recording a submission, reading it back, purging and expiry.

Purging deletes the document row (bytes and text) and clears the result in one transaction,
leaving a small EXPIRED record that is removed later."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from paperwise.domain.document_types import DocumentTypeDict
from paperwise.domain.statuses import Status
from paperwise.domain.wire import WireResult
from paperwise.errors import ErrorBody
from paperwise.storage.database import now
from paperwise.storage.tables import documents, extractions

FINISHED = (Status.SUCCESS.value, Status.ERROR.value)


def new_id() -> str:
    """A 40-hex random id (extractions and documents)."""
    return secrets.token_hex(20)


def request_hash(data: bytes, file_name: str, document_type_name: str, customer: str | None) -> str:
    """What an Idempotency-Key is bound to: the whole request body."""
    digest = hashlib.sha256()
    for part in (hashlib.sha256(data).hexdigest(), file_name, document_type_name, customer or ""):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    digest.update(b"1" if customer is not None else b"0")
    return digest.hexdigest()


@dataclass(frozen=True)
class NewExtraction:
    account_id: str
    data: bytes
    file_name: str
    customer: str | None
    document_type: DocumentTypeDict
    sync: bool = False
    idempotency_key: str | None = None
    request_hash: str | None = None


@dataclass(frozen=True)
class ExtractionRecord:
    id: str
    account_id: str
    document_id: str | None
    status: Status
    result: WireResult | None  # the JSON stored by the final write, as it was written
    error: ErrorBody | None
    sync: bool
    customer: str | None
    expires_at: float | None

    def is_expired_at(self, moment: float) -> bool:
        return self.status is Status.EXPIRED or (
            self.status.value in FINISHED
            and self.expires_at is not None
            and self.expires_at <= moment
        )


class ExtractionRepository:
    """Extraction rows and their documents, inside a caller's transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def insert(self, new: NewExtraction) -> str:
        """Record the document and a waiting extraction (the queue entry). Returns its id."""
        stamp = now()
        document_id, extraction_id = new_id(), new_id()
        self.conn.execute(
            sa.insert(documents).values(
                id=document_id,
                account_id=new.account_id,
                file_name=new.file_name,
                size=len(new.data),
                sha256=hashlib.sha256(new.data).hexdigest(),
                data=new.data,
                created_at=stamp,
            )
        )
        self.conn.execute(
            sa.insert(extractions).values(
                id=extraction_id,
                account_id=new.account_id,
                document_id=document_id,
                document_type=new.document_type,
                file_name=new.file_name,
                customer=new.customer,
                status=Status.IN_PROGRESS.value,
                sync=new.sync,
                attempt=0,
                idempotency_key=new.idempotency_key,
                request_hash=new.request_hash,
                created_at=stamp,
            )
        )
        return extraction_id

    def by_idempotency_key(self, account_id: str, key: str) -> tuple[str, str | None] | None:
        """(extraction id, request hash) recorded under this key, if any."""
        row = self.conn.execute(
            sa.select(extractions.c.id, extractions.c.request_hash).where(
                extractions.c.account_id == account_id, extractions.c.idempotency_key == key
            )
        ).first()
        return (row.id, row.request_hash) if row else None

    def get(self, account_id: str, extraction_id: str) -> ExtractionRecord | None:
        row = self.conn.execute(
            sa.select(extractions).where(
                extractions.c.id == extraction_id, extractions.c.account_id == account_id
            )
        ).first()
        if row is None:
            return None
        return ExtractionRecord(
            id=row.id,
            account_id=row.account_id,
            document_id=row.document_id,
            status=Status(row.status),
            result=row.result,
            error=row.error,
            sync=row.sync,
            customer=row.customer,
            expires_at=row.expires_at,
        )

    def mark_polled(self, extraction_id: str) -> None:
        self.conn.execute(
            sa.update(extractions)
            .where(extractions.c.id == extraction_id, extractions.c.polled_at.is_(None))
            .values(polled_at=now())
        )

    def awaiting_poll(self, account_id: str, customer: str | None = None) -> list[str]:
        query = (
            sa.select(extractions.c.id)
            .where(
                extractions.c.account_id == account_id,
                extractions.c.status.in_(FINISHED),
                extractions.c.polled_at.is_(None),
                extractions.c.expires_at > now(),
            )
            .order_by(extractions.c.finished_at, extractions.c.id)
        )
        if customer is not None:
            query = query.where(extractions.c.customer == customer)
        return list(self.conn.execute(query).scalars())

    def purge(self, extraction_ids: list[str]) -> int:
        """Delete the documents and results of these extractions, leaving EXPIRED records. Also
        cancels waiting or running ones: a worker's final write is fenced out by the status."""
        if not extraction_ids:
            return 0
        document_ids = list(
            self.conn.execute(
                sa.select(extractions.c.document_id).where(
                    extractions.c.id.in_(extraction_ids), extractions.c.document_id.is_not(None)
                )
            ).scalars()
        )
        result = self.conn.execute(
            sa.update(extractions)
            .where(extractions.c.id.in_(extraction_ids))
            .values(
                status=Status.EXPIRED.value,
                document_id=None,
                result=None,
                error=None,
                lease_until=None,
                expired_at=now(),
            )
        )
        if document_ids:
            self.conn.execute(sa.delete(documents).where(documents.c.id.in_(document_ids)))
        return result.rowcount

    def expire_due(self, moment: float | None = None, batch: int = 500) -> int:
        """Catch-up: every finished extraction past its expiry becomes EXPIRED (at most ``batch``
        per call; call again while it returns ``batch``)."""
        due = list(
            self.conn.execute(
                sa.select(extractions.c.id)
                .where(
                    extractions.c.status.in_(FINISHED),
                    extractions.c.expires_at <= (moment if moment is not None else now()),
                )
                .limit(batch)
            ).scalars()
        )
        return self.purge(due)

    def remove_expired_records(self, older_than: float) -> int:
        """Catch-up: drop EXPIRED records that expired before ``older_than`` (then they are 404)."""
        result = self.conn.execute(
            sa.delete(extractions).where(
                extractions.c.status == Status.EXPIRED.value,
                extractions.c.expired_at < older_than,
            )
        )
        return result.rowcount

    def document_text(self, document_id: str) -> str | None:
        return self.conn.execute(
            sa.select(documents.c.text).where(documents.c.id == document_id)
        ).scalar_one_or_none()
