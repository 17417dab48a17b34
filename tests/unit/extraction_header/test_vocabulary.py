"""Label vocabulary across languages and the readings that go with it: credit-note numbers,
order and payment references, net and tax synonyms, bracketed tax, receipt VAT tables, VAT
breakdowns without a total row, due dates in the payment sentence and spaced VAT ids."""

import pytest

from paperwise.domain.document_types import INVOICE, RECEIPT, DocumentType
from paperwise.domain.result import ExtractionResult
from paperwise.extraction.header import HeaderExtractor
from paperwise.extraction.labels import find_labels
from paperwise.extraction.layout import document_lines
from paperwise.extraction.vat_rates import TaxLines, extract_vat_rates

from .conftest import index_of, segments_of


def _meanings(make_doc, text: str) -> list[tuple[str, str]]:
    (line,) = segments_of(make_doc([(100, 100, text)]))
    return [(h.meaning, line.text[h.start : h.end]) for h in find_labels(line)]


def _extract(placed, make_doc, doctype: DocumentType = INVOICE) -> ExtractionResult:
    return ExtractionResult(HeaderExtractor(index_of(make_doc(placed))).results(doctype.fields))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # net: goods total, tax base, a total qualified as excluding tax (NL)
        ("Totaal exclusief BTW 100,00", [("net_amount", "Totaal exclusief BTW")]),
        ("Totale merce 100,00", [("net_amount", "Totale merce")]),
        ("Total base 100,00", [("net_amount", "Total base")]),
        # tax: the tax word before its 'total'
        ("DDV skupaj 22,00", [("tax_amount", "DDV skupaj")]),
        # a number word after a full label is part of it
        ("Your order no.: 4501313278", [("purchase_order_number", "Your order no")]),
        ("Naročilnica št.: PO-46225", [("purchase_order_number", "Naročilnica št.")]),
        ("Št. naročila: PO-96351", [("purchase_order_number", "Št. naročila")]),
        ("P.O. # B2022-408", [("purchase_order_number", "P.O. #")]),
        ("Vos réf. ORD149522", [("purchase_order_number", "Vos réf")]),
        ("Please quote: 59382724", [("payment_reference", "Please quote")]),
        ("Référence à rappeler: INV-34701", [("payment_reference", "Référence à rappeler")]),
        # a credit note's own number
        ("Avoir n°: 70909927", [("invoice_number", "Avoir n°")]),
        ("Creditnotanummer: F2021/9472", [("invoice_number", "Creditnotanummer")]),
        ("Nota di credito n. 12", [("invoice_number", "Nota di credito n")]),
        ("Številka dobropisa: A-2024-6896", [("invoice_number", "Številka dobropisa")]),
        ("Documento n. INV-26400", [("invoice_number", "Documento n")]),
        # ... and the original invoice it refers to, which is not its number
        ("sur facture n° 70909920", []),
        ("rif. fattura n. 62945917", []),
        ("k računu št. A-2024-6899", []),
        ("betreft factuur F2021/9475", []),
        ("rectifica a la factura no RE-2021-6232", []),
        # our own reference names neither the order nor the payment
        ("Our ref. DR/27", []),
        ("Ns. rif. 12/A", []),
        # a label glued to a currency code by the text layer
        ("RechnungsbetragEUR 161.972,74", [("total_amount", "Rechnungsbetrag")]),
        ("Gross weight 12 kg", []),
    ],
)
def test_labels(make_doc, text: str, expected: list[tuple[str, str]]) -> None:
    assert _meanings(make_doc, text) == expected


def test_bracketed_tax_after_a_positive_total_is_not_negative(make_doc) -> None:
    result = _extract([(100, 300, "Totaalbedrag 1.007,76 EUR incl. 21% btw (174,90)")], make_doc)
    assert result.best_value("total_amount") == "1007.7600"
    assert result.best_value("tax_amount") == "174.9000"


def test_bracketed_amount_right_after_an_abbreviation(make_doc) -> None:
    result = _extract([(100, 300, "Zu zahlen 762,00 € inkl. 20% MwSt.(127,00)")], make_doc)
    assert result.best_value("tax_amount") == "127.0000"


def test_bracketed_amounts_on_a_credit_note_stay_negative(make_doc) -> None:
    placed = [
        (700, 300, "Net"),
        (1000, 300, "(100.00)"),
        (700, 325, "VAT"),
        (1000, 325, "(20.00)"),
        (700, 350, "Total"),
        (1000, 350, "(120.00)"),
    ]
    result = _extract(placed, make_doc)
    assert result.best_value("tax_amount") == "-20.0000"
    assert result.best_value("total_amount") == "-120.0000"


# A till receipt's VAT table: the titles are not above their columns.
_RECEIPT = [
    (33, 100, "1 Flat white"),
    (365, 100, "83.90"),
    (33, 130, "BALANCE DUE"),
    (365, 130, "83.90"),
    (33, 200, "VAT"),
    (110, 200, "Net"),
    (190, 200, "VAT"),
    (270, 200, "Gross"),
    (33, 225, "A 20%"),
    (150, 225, "69.92"),
    (240, 225, "13.98"),
    (330, 225, "83.90"),
]


def test_receipt_vat_table_columns_matched_by_order(make_doc) -> None:
    result = _extract(_RECEIPT, make_doc, RECEIPT)
    assert result.best_value("total_amount") == "83.9000"
    assert result.best_value("tax_amount") == "13.9800"


def test_receipt_vat_table_title_on_one_segment(make_doc) -> None:
    placed = [
        (33, 130, "Summe EUR"),
        (365, 130, "82,06"),
        (33, 200, "MwSt Netto Steuer Brutto"),
        (33, 225, "A 19%"),
        (150, 225, "68,96"),
        (240, 225, "13,10"),
        (330, 225, "82,06"),
    ]
    assert _extract(placed, make_doc, RECEIPT).best_value("tax_amount") == "13.1000"


def test_unlabelled_tax_column_is_total_minus_net_printed_with_a_rate(make_doc) -> None:
    placed = [
        (33, 130, "Totaal"),
        (365, 130, "49,57"),
        (33, 200, "Btw"),
        (110, 200, "Excl. Btw"),
        (270, 200, "Incl."),
        (33, 225, "A 21%"),
        (150, 225, "40,97"),
        (240, 225, "8,60"),
        (330, 225, "49,57"),
    ]
    tax = _extract(placed, make_doc, RECEIPT).field("tax_amount")
    assert tax is not None and tax.best is not None
    assert tax.best.value == "8.6000"
    assert tax.best.confidence < 0.6  # a guess, not a reading


def test_a_charge_is_not_taken_for_the_tax(make_doc) -> None:
    placed = [
        (700, 300, "Subtotal"),
        (1000, 300, "100.00"),
        (700, 325, "Shipping"),
        (1000, 325, "10.00"),
        (700, 350, "Total"),
        (1000, 350, "110.00"),
    ]
    assert _extract(placed, make_doc).best_value("tax_amount") is None


def _vat_breakdown(rows: list[tuple[str, str, str, str]]) -> list[tuple[float, float, str]]:
    placed: list[tuple[float, float, str]] = [
        (110, 500, "Aliquota"),
        (321, 500, "Imponibile"),
        (483, 500, "Imposta"),
        (662, 500, "Totale"),
    ]
    for i, (rate, net, tax, total) in enumerate(rows):
        y = 525 + 25 * i
        placed += [(110, y, rate), (320, y, net), (480, y, tax), (640, y, total)]
    return placed


def test_vat_breakdown_without_a_total_row_is_summed(make_doc) -> None:
    rows = [("22%", "2.837,15", "624,17", "3.461,32"), ("10%", "5.566,25", "556,63", "6.122,88")]
    result = _extract(_vat_breakdown(rows), make_doc)
    assert result.best_value("net_amount") == "8403.4000"
    assert result.best_value("tax_amount") == "1180.8000"
    assert result.best_value("total_amount") == "9584.2000"


def test_one_row_adding_up_is_no_independent_check(make_doc) -> None:
    result = _extract(_vat_breakdown([("22%", "2.837,15", "624,17", "3.461,32")]), make_doc)
    total = result.field("total_amount")
    assert total is not None and total.best is not None
    assert total.best.value == "3461.3200"
    assert total.best.confidence < 0.9


@pytest.mark.parametrize(
    ("sentence", "due"),
    [
        ("Please pay GBP 1,452.29 by 09/11/2025.", "2025-11-09"),
        ("Merci de régler 9 804,56 EUR avant le 26/01/2022.", "2022-01-26"),
        ("Si prega di pagare 7.030,86 € entro il 29.04.2024.", "2024-04-29"),
        ("Gelieve 45284,41 EUR te voldoen vóór 10-03-2022.", "2022-03-10"),
        ("Prosimo, plačajte 11089,46 EUR do 14.01.2023.", "2023-01-14"),
        ("Rogamos abonen EUR 8199,53 antes del 09/09/2025.", "2025-09-09"),
        ("Bitte überweisen Sie EUR 1.972,74 bis zum 07.07.2022.", "2022-07-07"),
    ],
)
def test_due_date_in_the_payment_sentence(make_doc, sentence: str, due: str) -> None:
    placed = [(700, 140, "Invoice date: 01/01/2021"), (100, 700, sentence)]
    assert _extract(placed, make_doc).best_value("pay_due_date") == due


def test_a_date_after_by_without_a_payment_verb_is_no_due_date(make_doc) -> None:
    placed = [(700, 140, "Invoice date: 01/01/2021"), (100, 700, "Delivered by 09/11/2025.")]
    assert _extract(placed, make_doc).best_value("pay_due_date") is None


@pytest.mark.parametrize(
    ("line", "vat_id"),
    [
        ("VAT Reg. No. GB 245 0409 82", "GB245040982"),
        ("UID CHE-763.932.303 MWST", "CHE-763.932.303 MWST"),
        ("USt-IdNr.: DE 123 456 789", "DE123456789"),
    ],
)
def test_vat_ids_after_their_label(make_doc, line: str, vat_id: str) -> None:
    assert _extract([(100, 900, line)], make_doc).best_value("supplier_vat_id") == vat_id


def test_weak_reference_label_takes_only_the_value_beside_it(make_doc) -> None:
    beside = _extract([(100, 900, "Omschrijving: F2021/3376")], make_doc)
    assert beside.best_value("payment_reference") == "F2021/3376"
    column = [(193, 400, "Omschrijving"), (193, 425, "LED-paneel 60x60 36W")]
    assert _extract(column, make_doc).best_value("payment_reference") is None


def test_rest_of_a_longer_reference_label_is_not_the_reference(make_doc) -> None:
    for line in ("Zahlungsreferenz (unbedingt angeben): RF50 3043 1372 98",
                 "Référence (à indiquer): RF50 3043 1372 98"):  # fmt: skip
        placed = [(100, 900, line)]
        assert _extract(placed, make_doc).best_value("payment_reference") == "RF50 3043 1372 98"


def test_rate_in_brackets_with_three_decimals(make_doc) -> None:
    placed = [
        (700, 600, "Subtotal"),
        (1000, 600, "$34,850.12"),
        (700, 625, "Sales tax (8.875%)"),
        (1000, 625, "$3,092.95"),
        (700, 650, "Total"),
        (1000, 650, "$37,943.07"),
    ]
    doc = make_doc(placed)
    header = HeaderExtractor(index_of(doc)).results(INVOICE.fields)
    pairs = extract_vat_rates(TaxLines(document_lines(doc.pages)), header, [])
    assert [[f.best.value for f in pair if f.best] for pair in pairs] == [["8.8750", "34850.1200"]]
