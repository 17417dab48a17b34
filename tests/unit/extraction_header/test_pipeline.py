"""extract_document: the whole pipeline on pages already read."""

import dataclasses

from paperwise.domain.document_types import INVOICE, RECEIPT
from paperwise.domain.result import Value
from paperwise.extraction.layout import page_lines
from paperwise.pipeline import extract_document
from paperwise.reading.model import ReadDocument

from .conftest import MakeDoc

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
    result = extract_document(make_doc(INVOICE_LINES), INVOICE)
    assert [f.name for f in result.fields] == [f.name for f in INVOICE.fields]
    assert result.pages == 1
    assert result.best_value("total_amount") == "1190.0000"
    assert result.best_value("invoice_number") == "RE-881"
    for field in result.fields:
        assert len(field.ranked()) <= 5
        assert all(0.0 <= v.confidence <= 1.0 for v in field.values)


def test_values_are_boxed_on_the_page(make_doc) -> None:
    result = extract_document(make_doc(INVOICE_LINES), INVOICE)
    total = result.field("total_amount")
    assert total is not None and total.best is not None and total.best.box is not None
    box = total.best.box
    assert (box.page, box.x, box.y) == (0, 1000, 650)
    assert box.width > 0 and box.height > 0


def test_no_pages_no_values() -> None:
    result = extract_document(ReadDocument(pages=[], media_type="image/png"), RECEIPT)
    assert [f.name for f in result.fields] == [f.name for f in RECEIPT.fields]
    assert all(f.values == [] for f in result.fields)
    assert result.line_items == [] and result.vat_rates == []


def test_same_input_same_output(make_doc) -> None:
    doc = make_doc(INVOICE_LINES)
    first = extract_document(doc, INVOICE)
    second = extract_document(doc, INVOICE)
    assert first == second


# A MINIMUM-profile e-invoice: number, currency and totals; no dates, parties, lines or taxes.
MINIMUM_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice
    xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
    xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">
  <rsm:ExchangedDocument><ram:ID>RE-881-XML</ram:ID></rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:TaxBasisTotalAmount>1000.00</ram:TaxBasisTotalAmount>
        <ram:GrandTotalAmount>1190.00</ram:GrandTotalAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>"""


def test_what_the_e_invoice_lacks_comes_from_the_page(make_doc: MakeDoc) -> None:
    doc = dataclasses.replace(make_doc(INVOICE_LINES), embedded_xml=MINIMUM_XML)
    result = extract_document(doc, INVOICE)
    number = result.field("invoice_number")
    assert number is not None and number.best is not None
    assert (number.best.value, number.best.confidence) == ("RE-881-XML", 0.99)  # XML first
    assert len(number.values) == 1  # the page's reading is not mixed in
    assert result.best_value("issue_date") == "2024-03-05"  # from the page
    assert result.best_value("tax_amount") == "190.0000"
    assert result.best_value("buyer_name") == "Kunde AG"
    pairs = [[f.best.value if f.best else None for f in pair] for pair in result.vat_rates]
    assert pairs == [["19.0000", "1000.0000"]]


def test_the_page_is_grouped_into_lines_once(make_doc: MakeDoc, monkeypatch) -> None:
    from paperwise.extraction import layout

    calls = []

    def counted(page):
        calls.append(page.index)
        return page_lines(page)

    monkeypatch.setattr(layout, "page_lines", counted)
    doc = dataclasses.replace(make_doc(INVOICE_LINES), embedded_xml=MINIMUM_XML)
    result = extract_document(doc, INVOICE)  # e-invoice, line items, header, VAT, one grouping
    assert result.best_value("issue_date") == "2024-03-05"
    assert calls == [0]


def test_the_ranker_seam_sees_the_scored_candidates_and_its_answer_is_used(
    make_doc: MakeDoc, monkeypatch
) -> None:
    from paperwise import pipeline

    seen = []

    def re_rank(state, fields, results):
        seen.append((state.header, state.index, [f.name for f in fields]))
        number = next(r for r in results if r.name == "invoice_number")
        number.values = [Value("ranked", 0.99)]
        return results

    monkeypatch.setattr(pipeline, "rank_header", re_rank)
    result = extract_document(make_doc(INVOICE_LINES), INVOICE)
    ((header, index, names),) = seen
    assert header is not None and header.index is index
    assert [v.value for v in header.values("invoice_number")] == ["RE-881"]
    assert names == [f.name for f in INVOICE.fields]
    assert result.best_value("invoice_number") == "ranked"
