"""A small printed page with known text, as a PDF text layer (the truth) and as pixels."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.pdfgen import canvas

from paperwise.reading.model import PDF_DPI, Page, ReadLimits
from paperwise.reading.reader import read_document

LINES = (
    "ACME TOOLS LIMITED",
    "Invoice number INV-20417",
    "Date 14/03/2024",
    "Total due 1,234.50",
)
PAGE_PT = (300.0, 170.0)  # a small page keeps OCR fast


@dataclass(frozen=True)
class PrintedPage:
    pdf: bytes
    truth: Page  # the words of the text layer, in PDF_DPI pixels
    image: Image.Image  # the page rendered at PDF_DPI: the same pixel grid as the truth


@pytest.fixture(scope="session")
def printed_page() -> PrintedPage:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=PAGE_PT)
    for index, text in enumerate(LINES):
        pdf.setFont("Helvetica-Bold" if index == 0 else "Helvetica", 14)
        pdf.drawString(24, PAGE_PT[1] - 36 - 32 * index, text)
    pdf.showPage()
    pdf.save()
    data = buf.getvalue()
    truth = read_document(data, ReadLimits()).pages[0]
    document = pdfium.PdfDocument(data)
    image = document[0].render(scale=PDF_DPI / 72).to_pil().convert("RGB")
    document.close()
    return PrintedPage(data, truth, image)


def png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()
