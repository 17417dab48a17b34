"""Small documents built in the test run: PDFs with reportlab, images with Pillow."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

# (x points from the left, y points from the top, text)
Placed = tuple[float, float, str]
PdfFactory = Callable[..., bytes]


def _pdf(
    pages: Sequence[Sequence[Placed]],
    *,
    font_size: float = 12,
    user_password: str | None = None,
    pagesize: tuple[float, float] = A4,
) -> bytes:
    buf = io.BytesIO()
    encrypt = StandardEncryption(user_password, ownerPassword="owner") if user_password else None
    pdf = canvas.Canvas(buf, pagesize=pagesize, encrypt=encrypt)
    for placed in pages:
        pdf.setFont("Helvetica", font_size)
        for x, y_from_top, text in placed:
            pdf.drawString(x, pagesize[1] - y_from_top, text)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


@pytest.fixture
def make_pdf() -> PdfFactory:
    """make_pdf([[(x_pt, y_pt_from_top, text), ...], ...page 2...], font_size=, user_password=)"""
    return _pdf


@pytest.fixture
def text_pdf() -> bytes:
    return _pdf([[(72, 144, "Invoice INV-42 total 12.50 due in thirty days")]])


def image_bytes(image: Image.Image, fmt: str, **save: object) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt, **save)
    return buf.getvalue()


@pytest.fixture
def encode_image() -> Callable[..., bytes]:
    return image_bytes
