"""The result from embedded XML: every field of the type, high confidence, boxes where the
value is printed, and None without usable XML."""

import dataclasses

from paperwise.domain.document_types import INVOICE, RECEIPT, DocumentType
from paperwise.domain.result import ExtractionResult
from paperwise.pipeline import DocumentState, extract_document, read_einvoice
from paperwise.reading.model import ReadDocument

from .conftest import MakeDoc, right_at
from .test_einvoice_xml import CII
from .test_line_items import GERMAN_TABLE


def _printed_page() -> list[tuple[float, float, str]]:
    return [
        (100, 100, "Lieferant GmbH"),
        (100, 140, "Rechnung 471102 vom 05.03.2018"),
        (100, 300, "Trennblätter"),
        right_at(600, 300, "20"),
        right_at(800, 300, "9,90"),
        right_at(1100, 300, "198,00"),
        (100, 322, "A4"),
        (700, 400, "Netto"),
        right_at(1100, 400, "198,00"),
        (700, 430, "19 % MwSt"),
        right_at(1100, 430, "37,62"),
        (700, 460, "Gesamt"),
        right_at(1100, 460, "1.235,62"),
    ]


def result_from_einvoice(doc: ReadDocument, doctype: DocumentType) -> ExtractionResult | None:
    """The pipeline's first stage alone: the e-invoice's result, None without usable XML."""
    state = DocumentState(doc, doctype)
    read_einvoice(state)
    return state.einvoice


def test_fields_come_from_the_xml_with_boxes(make_doc: MakeDoc) -> None:
    result = result_from_einvoice(make_doc(_printed_page(), xml=CII), INVOICE)
    assert result is not None
    assert [f.name for f in result.fields] == [f.name for f in INVOICE.fields]
    number = result.field("invoice_number")
    assert number is not None and number.best is not None
    assert number.best.value == "471102" and number.best.confidence >= 0.99
    assert number.best.box is not None and number.best.box.y == 140
    issue = result.field("issue_date")
    assert issue is not None and issue.best is not None and issue.best.box is not None
    # the net total is printed twice (line amount and total): the totals block is chosen
    net = result.field("net_amount")
    assert net is not None and net.best is not None and net.best.box is not None
    assert net.best.box.y == 400
    # a value that is not printed keeps no box
    iban = result.field("supplier_iban")
    assert iban is not None and iban.best is not None and iban.best.box is None


def test_line_items_and_vat_pairs(make_doc: MakeDoc) -> None:
    result = result_from_einvoice(make_doc(_printed_page(), xml=CII), INVOICE)
    assert result is not None and len(result.line_items) == 1
    row = {f.name: f.best for f in result.line_items[0]}
    description = row["description"]
    assert description is not None and description.value == "Trennblätter A4"
    assert description.box is not None and description.box.height > 30  # over two lines
    amount = row["amount"]
    assert amount is not None and amount.box is not None and amount.box.y == 300
    rate, net = result.vat_rates[0]
    assert (rate.best and rate.best.value, net.best and net.best.value) == ("19.0000", "198.0000")


def test_type_without_vat_or_items_gets_none(make_doc: MakeDoc) -> None:
    result = result_from_einvoice(make_doc(_printed_page(), xml=CII), RECEIPT)
    assert result is not None and result.vat_rates == []
    assert len(result.line_items) == 1 and len(result.line_items[0]) == 4


def test_no_or_unusable_xml_is_none(make_doc: MakeDoc) -> None:
    assert result_from_einvoice(make_doc(_printed_page()), INVOICE) is None
    assert result_from_einvoice(make_doc(_printed_page(), xml=b"<x/>"), INVOICE) is None


# An e-invoice of the MINIMUM profile: parties and totals, no lines.
MINIMUM_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice
    xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
    xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
    xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocument><ram:ID>471102</ram:ID></rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:TaxBasisTotalAmount>473.00</ram:TaxBasisTotalAmount>
        <ram:GrandTotalAmount>529.87</ram:GrandTotalAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>"""


def test_an_e_invoice_without_lines_takes_them_from_the_printed_table(make_doc: MakeDoc) -> None:
    doc = dataclasses.replace(make_doc(GERMAN_TABLE), embedded_xml=MINIMUM_XML)
    result = extract_document(doc, INVOICE)
    assert result.best_value("total_amount") == "529.8700"  # from the XML
    amounts = [next(f for f in row if f.name == "amount").best for row in result.line_items]
    assert [a.value if a else None for a in amounts] == ["198.0000", "275.0000"]  # the page
