from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from paperwise.config import Settings
from paperwise.domain.accounts import Account
from paperwise.services.paperwise_service import PaperwiseService, open_service


def make_pdf(text: str = "Invoice 1 Total 10.00 EUR") -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", workers=0, result_ttl=3600, lease_seconds=5)


@pytest.fixture
def service(settings: Settings) -> Iterator[PaperwiseService]:
    opened = open_service(settings)
    yield opened
    opened.close()


@pytest.fixture
def acme(service: PaperwiseService) -> Account:
    return service.authenticate(service.create_key("acme")[1])


@pytest.fixture
def globex(service: PaperwiseService) -> Account:
    return service.authenticate(service.create_key("globex")[1])


@pytest.fixture
def pdf() -> bytes:
    return make_pdf()
