from __future__ import annotations

import io
import ipaddress
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
import sqlalchemy as sa
from reportlab.pdfgen import canvas

from paperwise.config import Settings
from paperwise.domain.accounts import Account
from paperwise.services.paperwise_service import PaperwiseService, open_service
from paperwise.services.protocol import Submission
from paperwise.services.webhooks import Webhooks
from paperwise.storage.tables import extractions
from paperwise.webhooks.sender import AttemptResult
from paperwise.webhooks.url_guard import IpAddress

PUBLIC_URL = "https://hooks.example.com/paperwise"


def public_resolver(host: str, _port: int) -> list[IpAddress]:
    """IP literals resolve to themselves, every name to one public address (no DNS)."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        return [ipaddress.ip_address("93.184.216.34")]


class FakeSender:
    """Answers each send with the next scripted result (200 once the script is used up) and
    remembers every request."""

    def __init__(self, *script: AttemptResult) -> None:
        self.script = list(script)
        self.sent: list[tuple[str, dict[str, str], bytes]] = []

    def send(self, url: str, headers: Mapping[str, str], body: bytes) -> AttemptResult:
        self.sent.append((url, dict(headers), body))
        return self.script.pop(0) if self.script else AttemptResult(200, 3)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data", workers=0, result_ttl=3600, webhook_backoff=(0, 5, 300)
    )


@pytest.fixture
def service(settings: Settings) -> Iterator[PaperwiseService]:
    opened = open_service(settings)
    yield opened
    opened.close()


@pytest.fixture
def webhooks(service: PaperwiseService, settings: Settings) -> Webhooks:
    return Webhooks(service.db, settings, resolver=public_resolver)


@pytest.fixture
def acme(service: PaperwiseService) -> Account:
    return service.authenticate(service.create_key("acme")[1])


@pytest.fixture
def globex(service: PaperwiseService) -> Account:
    return service.authenticate(service.create_key("globex")[1])


def make_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Invoice 1 Total 10.00 EUR")
    page.save()
    return buffer.getvalue()


def finished_extraction(
    service: PaperwiseService,
    account: Account,
    document_type_name: str = "invoice",
    status: str = "SUCCESS",
) -> str:
    """An asynchronous extraction, set finished directly in its row (no worker involved)."""
    extraction_id = service.submit(
        account, Submission(make_pdf(), "a.pdf", document_type_name, None)
    )
    with service.db.write() as conn:
        conn.execute(
            sa.update(extractions)
            .where(extractions.c.id == extraction_id)
            .values(status=status, finished_at=time.time(), expires_at=time.time() + 3600)
        )
    return extraction_id
