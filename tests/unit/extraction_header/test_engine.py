"""extract_from_read: the whole zero-shot path on pages already read."""

from paperwise.domain.document_types import INVOICE, RECEIPT
from paperwise.extraction.engine import extract_from_read
from paperwise.reading.model import ReadDocument

INVOICE_LINES = [
    (100, 110, "Muster GmbH · Hauptstraße 5 · 80333 München"),
    (100, 140, "Kunde AG"),
    (700, 140, "Rechnungsnummer: RE-881"),
    (700, 165, "Rechnungsdatum: 05.03.2024"),
    (100, 300, "Pos Beschreibung"),
    (700, 300, "Menge"),
    (850, 300, "Preis"),
    (1000, 300, "Betrag"),
    (100, 330, "1 Beratung"),
    (700, 330, "2"),
    (850, 330, "500,00"),
    (1000, 330, "1.000,00"),
    (700, 600, "Nettobetrag"),
    (1000, 600, "1.000,00"),
    (700, 625, "MwSt. 19 %"),
    (1000, 625, "190,00"),
    (700, 650, "Gesamtbetrag"),
    (1000, 650, "1.190,00 EUR"),
]


def test_every_field_of_the_type_in_order(make_doc) -> None:
    result = extract_from_read(make_doc(INVOICE_LINES), INVOICE)
    assert [f.name for f in result.fields] == [f.name for f in INVOICE.fields]
    assert result.pages == 1
    assert result.best_value("total_amount") == "1190.0000"
    assert result.best_value("invoice_number") == "RE-881"
    for field in result.fields:
        assert len(field.ranked()) <= 5
        assert all(0.0 <= v.confidence <= 1.0 for v in field.values)


def test_values_are_boxed_on_the_page(make_doc) -> None:
    result = extract_from_read(make_doc(INVOICE_LINES), INVOICE)
    total = result.field("total_amount")
    assert total is not None and total.best is not None and total.best.box is not None
    box = total.best.box
    assert (box.page, box.x, box.y) == (0, 1000, 650)
    assert box.width > 0 and box.height > 0


def test_no_pages_no_values() -> None:
    result = extract_from_read(ReadDocument(pages=[], media_type="image/png"), RECEIPT)
    assert [f.name for f in result.fields] == [f.name for f in RECEIPT.fields]
    assert all(f.values == [] for f in result.fields)
    assert result.line_items == [] and result.vat_rates == []


def test_same_input_same_output(make_doc) -> None:
    doc = make_doc(INVOICE_LINES)
    first = extract_from_read(doc, INVOICE)
    second = extract_from_read(doc, INVOICE)
    assert first == second
