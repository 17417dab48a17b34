"""The synthetic invoice generator: deterministic, arithmetically consistent, labels that match
what is printed."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pypdfium2 as pdfium
import pytest
from bench.synthetic import SyntheticDoc, generate, generate_scanned
from bench.synthetic.identifiers import iban_is_valid
from bench.synthetic.invoice_data import money
from bench.synthetic.locales import format_amount, format_date
from PIL import Image

from paperwise.domain.document_types import INVOICE


@pytest.fixture(scope="module")
def docs() -> list[SyntheticDoc]:
    return generate(seed=3, n=25)


def _pdf_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def test_same_seed_same_bytes_and_labels(docs: list[SyntheticDoc]) -> None:
    again = generate(seed=3, n=3)
    assert [d.data for d in again] == [d.data for d in docs[:3]]
    assert [d.label for d in again] == [d.label for d in docs[:3]]
    assert generate(seed=4, n=1)[0].data != docs[0].data


def test_amounts_add_up(docs: list[SyntheticDoc]) -> None:
    for doc in docs:
        inv = doc.invoice
        assert 1 <= len(inv.items) <= 15
        for item in inv.items:
            assert item.amount == money(item.quantity * item.unit_price)
        assert sum(i.amount for i in inv.items) == inv.net
        for vat in inv.vat_lines:
            assert vat.net == sum(i.amount for i in inv.items if i.vat_rate == vat.rate)
            assert vat.tax == money(vat.net * vat.rate / 100)
        fields = doc.label["fields"]
        total, net, tax = (Decimal(fields[k]) for k in ("total_amount", "net_amount", "tax_amount"))
        assert total == net + tax


def test_labels_have_the_manifest_shape(docs: list[SyntheticDoc]) -> None:
    for doc in docs:
        label = doc.label
        assert label["file"] == doc.file and label["document_type"] == "invoice"
        assert label["meta"]["variant"] == "pdf"
        assert list(label["fields"]) == [f.name for f in INVOICE.fields]
        assert dt.date.fromisoformat(label["fields"]["issue_date"])
        assert len(label["line_items"]) == len(doc.invoice.items)
        assert {"percentage", "net"} == set(label["vat_rates"][0])
        iban = label["fields"]["supplier_iban"]
        assert iban is None or iban_is_valid(iban)


def test_printed_text_carries_the_labelled_values(docs: list[SyntheticDoc]) -> None:
    for doc in docs:
        text = " ".join(_pdf_text(doc.data).split())
        fields = doc.label["fields"]
        assert fields["invoice_number"] in text
        assert fields["supplier_name"] in text
        assert fields["buyer_name"] in text
        for item in doc.invoice.items:
            assert item.description_lines[0] in text


def test_variety_of_languages_and_pages(docs: list[SyntheticDoc]) -> None:
    languages = {d.invoice.locale.language for d in generate(seed=5, n=60)}
    assert languages == {"en", "de", "fr", "it", "es", "nl", "sl"}
    assert any(len(pdfium.PdfDocument(d.data)) > 1 for d in docs)
    assert any(len(d.invoice.vat_lines) > 1 for d in docs)


def test_scanned_variants_are_images_with_the_same_labels() -> None:
    scans = generate_scanned(seed=3, n=1)
    for scan in scans:
        image = Image.open(io.BytesIO(scan.data))
        assert image.format in {"JPEG", "PNG", "TIFF"}
        assert image.width > 500
        assert scan.label["fields"]["invoice_number"] == scan.invoice.number
        assert scan.file.startswith("scan/")


def test_number_and_date_formats() -> None:
    value = Decimal("1234567.5")
    assert format_amount(value, "en") == "1,234,567.50"
    assert format_amount(value, "de") == "1.234.567,50"
    assert format_amount(value, "fr") == "1 234 567,50"
    assert format_amount(value, "ch") == "1'234'567.50"
    assert format_amount(Decimal("-3"), "plain_comma") == "-3,00"
    day = dt.date(2024, 3, 5)
    assert format_date(day, "de", None, 0) == "5. März 2024"
    assert format_date(day, "es", None, 0) == "5 de marzo de 2024"
    assert format_date(day, "en", None, 1) == "March 5, 2024"
    assert format_date(day, "sl", "%d.%m.%Y", 0) == "05.03.2024"
