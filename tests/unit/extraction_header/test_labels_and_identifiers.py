"""Label matching (longest wins, qualifiers, ignored look-alikes) and identifier checks."""

import pytest

from paperwise.extraction.identifiers import (
    iban_candidates,
    iban_valid,
    repaired_reference,
    vat_id_candidates,
)
from paperwise.extraction.labels import find_labels

from .conftest import index_of, segments_of


def _meanings(make_doc, text: str) -> list[tuple[str, str]]:
    (line,) = segments_of(make_doc([(100, 100, text)]))
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
    (titled,) = segments_of(make_doc([(100, 100, "Invoice Nr. 42")]))
    (bare,) = segments_of(make_doc([(100, 100, "Nr. 42")]))
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


@pytest.mark.parametrize(
    ("read", "repaired"),
    [
        ("RP92 3037 1518 36", "RF92 3037 1518 36"),  # 'RF' misread: the check digits hold as RF
        ("RF92 3037 1518 36", "RF92 3037 1518 36"),
        ("RP12 3037 1518 36", "RP12 3037 1518 36"),  # no check digits fit: left as read
        ("PT50 0002 0123 1234 5678 9015 4", "PT50 0002 0123 1234 5678 9015 4"),  # an IBAN
        ("A-2022-3111", "A-2022-3111"),
        ("S100 203121", "SI00 203121"),  # a Slovenian model's 'SI'
        ("S1002-2024", "S1002-2024"),
    ],
)
def test_reference_scheme_letters_misread(read: str, repaired: str) -> None:
    assert repaired_reference(read) == repaired


def test_dutch_vat_id_with_its_b_read_as_eight(make_doc) -> None:
    doc = make_doc([(100, 1600, "Btw-nr.: NL404622342801"), (100, 1640, "KvK 12345678")])
    values = [c.value for c in vat_id_candidates(index_of(doc), set())]
    assert values == ["NL404622342B01"]


def test_iban_country_letter_misread_after_its_label(make_doc) -> None:
    doc = make_doc([(100, 1600, "IBAN TT61M7945070858770471148653 REA MI-109300")])
    values = [c.value for c in iban_candidates(index_of(doc), set())]
    assert values == ["IT61M7945070858770471148653"]
    unlabelled = make_doc([(100, 1600, "Conto TT61M7945070858770471148653")])
    assert iban_candidates(index_of(unlabelled), set()) == []
