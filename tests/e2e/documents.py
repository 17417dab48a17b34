"""Documents generated for the end-to-end tests: a text-layer invoice PDF, the same as a scanned
PNG (needs OCR), an encrypted PDF."""

from __future__ import annotations

import io

import pypdfium2
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def invoice_pdf(
    number: str = "INV-1001", total: str = "1,190.00", encrypt: str | None = None
) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt)
    lines = [
        (72, 780, 16, "Northwind Traders GmbH"),
        (72, 762, 10, "Hauptstrasse 5, 10115 Berlin"),
        (72, 700, 20, "INVOICE"),
        (72, 670, 11, f"Invoice number: {number}"),
        (72, 652, 11, "Invoice date: 2025-03-14"),
        (72, 634, 11, "Due date: 2025-04-13"),
        (72, 600, 11, "Bill to: Contoso Ltd"),
        (72, 540, 11, "Description                Qty     Unit price      Amount"),
        (72, 520, 11, "Consulting services          10         100.00     1,000.00"),
        (300, 470, 11, "Net amount:      1,000.00 EUR"),
        (300, 452, 11, "VAT 19%:           190.00 EUR"),
        (300, 434, 12, f"Total:           {total} EUR"),
    ]
    for x, y, size, text in lines:
        pdf.setFont("Helvetica", size)
        pdf.drawString(x, y, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def invoice_png(number: str = "INV-2001") -> bytes:
    """The invoice rendered to an image at 150 dpi: read by OCR, so it takes a few seconds."""
    page = pypdfium2.PdfDocument(invoice_pdf(number))[0]
    image = page.render(scale=150 / 72, grayscale=True).to_pil()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
