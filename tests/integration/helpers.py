"""Helpers of the integration tests: documents to extract, waiting, rows, subprocess env."""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfgen import canvas

from paperwise.config import Settings
from paperwise.services.paperwise_service import PaperwiseService
from paperwise.storage.tables import extractions

PAPERWISE = str(Path(sys.executable).with_name("paperwise"))


def make_pdf() -> bytes:
    """A one-page invoice with a text layer: read in milliseconds, no OCR."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    for i, line in enumerate(
        [
            "ACME Widgets Ltd",
            "Invoice number: INV-2024-001",
            "Date: 2024-03-01",
            "Total: 120.00 EUR",
        ]
    ):
        page.drawString(72, 760 - 18 * i, line)
    page.save()
    return buffer.getvalue()


def make_scan(lines: int = 8) -> bytes:
    """An image that needs OCR: a job that takes seconds, to kill or time out mid-way."""
    image = Image.new("L", (1240, 80 + 40 * lines), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=28)
    for i in range(lines):
        draw.text((60, 40 + 40 * i), f"Line {i} widget {i * 7} costs {i * 3}.50 EUR", font=font)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def wait_for(predicate: Callable[[], Any], timeout: float = 120.0, every: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"condition not met within {timeout} s")


def row(service: PaperwiseService, extraction_id: str) -> Any:
    with service.db.read() as conn:
        return conn.execute(sa.select(extractions).where(extractions.c.id == extraction_id)).one()


def env_for(settings: Settings) -> dict[str, str]:
    """The environment that gives a subprocess these settings."""
    env = dict(os.environ)
    for name in ("data_dir", "lease_seconds", "job_timeout", "result_ttl", "sweep_interval"):
        env[f"PAPERWISE_{name.upper()}"] = str(getattr(settings, name))
    return env


def ready(base_url: str) -> bool:
    """Whether the server at ``base_url`` answers ``/ready`` with 200."""
    try:
        return httpx.get(f"{base_url}/ready", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def group_alive(pgid: int) -> bool:
    """Whether any process of the process group ``pgid`` is still running."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True
