"""The fresh-layouts generator: deterministic, every layout, amounts consistent to the cent,
labels that match what is printed."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pypdfium2 as pdfium
import pytest
from bench.fresh import LAYOUTS, FreshDoc, generate, generate_scanned
from bench.fresh.formats import amount, date, locale, money
from bench.fresh.parties import iban_is_valid
from PIL import Image

from paperwise.domain.document_types import INVOICE, RECEIPT


@pytest.fixture(scope="module")
def docs() -> list[FreshDoc]:
    return generate(seed=3, n=32)


def _pdf_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        return " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in pdf)
    finally:
        pdf.close()


def test_same_seed_same_bytes_and_labels(docs: list[FreshDoc]) -> None:
    again = generate(seed=3, n=4)
    assert [d.data for d in again] == [d.data for d in docs[:4]]
    assert [d.label for d in again] == [d.label for d in docs[:4]]
    assert generate(seed=4, n=1)[0].data != docs[0].data


def test_every_layout_appears(docs: list[FreshDoc]) -> None:
    assert {d.doc.template for d in docs} == set(LAYOUTS)


def test_amounts_add_up(docs: list[FreshDoc]) -> None:
    for d in docs:
        doc = d.doc
        for line in doc.lines:
            assert line.amount == money(line.quantity * line.unit_price * (1 - line.discount / 100))
        gross_sum = sum((li.amount for li in doc.lines), Decimal(0))
        vats = doc.vat_lines()
        assert sum((v.net for v in vats), Decimal(0)) == doc.net
        for v in vats:
            assert v.tax == money(v.tax) and v.net == money(v.net)
        if doc.gross_prices:
            assert doc.total == gross_sum
        else:
            assert doc.net == gross_sum
            assert all(v.tax == money(v.net * v.rate / 100) for v in vats)
        fields = d.label["fields"]
        assert isinstance(fields, dict)
        if fields.get("net_amount") and fields.get("tax_amount"):
            total = Decimal(fields["total_amount"])
            assert total == Decimal(fields["net_amount"]) + Decimal(fields["tax_amount"])


def test_labels_have_the_manifest_shape(docs: list[FreshDoc]) -> None:
    for d in docs:
        label = d.label
        kind = label["document_type"]
        fields = label["fields"]
        assert isinstance(fields, dict)
        expected = INVOICE if kind == "invoice" else RECEIPT
        assert list(fields) == [f.name for f in expected.fields]
        assert dt.date.fromisoformat(fields["issue_date"])
        assert fields["total_amount"] is not None and fields["currency"] is not None
        iban = fields.get("supplier_iban")
        assert iban is None or iban_is_valid(iban)


def test_printed_text_carries_the_labelled_values(docs: list[FreshDoc]) -> None:
    for d in docs:
        text = _pdf_text(d.data)
        flat = text.replace(" ", "")
        fields = d.label["fields"]
        assert isinstance(fields, dict)
        for name in ("supplier_name", "buyer_name", "invoice_number", "purchase_order_number"):
            if fields.get(name):
                assert fields[name] in text, (d.file, name)
        for name in ("supplier_iban", "supplier_vat_id", "payment_reference"):
            if fields.get(name):
                assert fields[name].replace(" ", "") in flat, (d.file, name)
        for item in d.label.get("line_items", []):  # type: ignore[attr-defined]
            assert item["description"] in text, (d.file, item)


def test_scans_and_photos_are_images_with_labels() -> None:
    scans = generate_scanned(seed=3, n=3)
    for scan in scans:
        image = Image.open(io.BytesIO(scan.data))
        assert image.format == "JPEG" and image.width > 400
        assert scan.file.startswith("scan/")
    assert scans[0].label["document_type"] == "receipt"  # a phone photo of a receipt
    assert scans[2].label["document_type"] == "invoice"


def test_number_and_date_formats() -> None:
    value = Decimal("1234567.5")
    assert amount(value, "en") == "1,234,567.50"
    assert amount(value, "de") == "1.234.567,50"
    assert amount(value, "fr") == "1 234 567,50"
    assert amount(value, "ch") == "1'234'567.50"
    assert amount(Decimal("-3"), "de", group=False) == "-3,00"
    day = dt.date(2024, 3, 5)
    assert date(day, locale("de-DE"), "long") == "5. März 2024"
    assert date(day, locale("es-ES"), "long") == "5 de marzo de 2024"
    assert date(day, locale("en-US"), "long_us") == "March 5, 2024"
    assert date(day, locale("sl-SI"), "sl_spaced") == "5. 3. 2024"
    assert date(day, locale("en-US"), "%m/%d/%Y") == "03/05/2024"
