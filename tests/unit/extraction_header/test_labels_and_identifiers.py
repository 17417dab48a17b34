"""Label matching (longest wins, qualifiers, ignored look-alikes) and identifier checks."""

import pytest

from paperwise.extraction.candidates import text_lines
from paperwise.extraction.identifiers import iban_valid
from paperwise.extraction.labels import find_labels


def _meanings(make_doc, text: str) -> list[tuple[str, str]]:
    (line,) = text_lines(make_doc([(100, 100, text)]))
    return [(h.meaning, line.text[h.start : h.end]) for h in find_labels(line)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Invoice No.: 12", [("invoice_number", "Invoice No")]),
        ("Rechnungs-Nr. 12", [("invoice_number", "Rechnungs-Nr")]),
        ("Total net 100.00", [("net_amount", "Total net")]),
        ("Total qty 3", []),
        ("Subtotal 5.00", [("net_amount", "Subtotal")]),
        ("Total (excl. VAT) 5.00", [("net_amount", "Total (excl. VAT")]),
        ("Data di scadenza 01/02/2024", [("pay_due_date", "Data di scadenza")]),
        ("Številka računa 7", [("invoice_number", "Številka računa")]),
        ("Factuurdatum 1-2-2024", [("issue_date", "Factuurdatum")]),
        ("Net Total Rounded (MYR) : 19.00", [("total_amount", "Net Total Rounded")]),
        ("TOTL : RM 73.00", [("total_amount", "TOTL")]),
        ("Rechnungsbeitrag 59,50", [("total_amount", "Rechnungsbeitrag")]),
        ("Jumlah RM 12.00", [("total_amount", "Jumlah")]),
        ("Vs. ordine PO-39170", [("purchase_order_number", "Vs. ordine")]),
        ("Referenz des Käufers : 04011000-12345-34", []),
        ("Weitere Referenz : A777123, Art der Referenz: 130", []),
    ],
)
def test_labels(make_doc, text: str, expected: list[tuple[str, str]]) -> None:
    assert _meanings(make_doc, text) == expected


def test_bare_number_label_is_stronger_after_the_document_title(make_doc) -> None:
    (titled,) = text_lines(make_doc([(100, 100, "Invoice Nr. 42")]))
    (bare,) = text_lines(make_doc([(100, 100, "Nr. 42")]))
    assert find_labels(titled)[-1].strength > find_labels(bare)[0].strength


@pytest.mark.parametrize(
    ("iban", "valid"),
    [
        ("GB82 WEST 1234 5698 7654 32", True),
        ("DE89370400440532013000", True),
        ("DE89370400440532013001", False),
        ("DE8937040044053201300", False),  # too short for Germany
        ("SI56263300012039086", True),
        ("RF84705011870767", False),  # a creditor reference: the same check digits, no IBAN
    ],
)
def test_iban_checksum(iban: str, valid: bool) -> None:
    assert iban_valid(iban) is valid
