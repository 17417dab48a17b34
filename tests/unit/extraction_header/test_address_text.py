"""Address text: separators of one-line forms, and where an address block stops."""

import pytest

from paperwise.extraction.party_text import STOP_ADDRESS
from paperwise.extraction.supplier_address import tidy_address


@pytest.mark.parametrize(
    ("printed", "tidy"),
    [
        ("Via Roma 5 - 00184 Roma", "Via Roma 5 00184 Roma"),
        ("Industriestraße 56- 80331 München", "Industriestraße 56 80331 München"),
        ("Street 3 | 12345 Town", "Street 3 12345 Town"),
        ("Hauptstraße 56-58 80331 München", "Hauptstraße 56-58 80331 München"),
    ],
)
def test_dash_between_street_and_postcode_is_a_separator(printed: str, tidy: str) -> None:
    assert tidy_address(printed) == tidy


@pytest.mark.parametrize(
    "text",
    ["Rechnungsnummer: INV-35073", "Umsatzsteuer-ID DE876124898", "Beleg-Nr.: 25-982-003451"],
)
def test_compound_document_and_tax_labels_stop_an_address(text: str) -> None:
    assert STOP_ADDRESS.search(text)


@pytest.mark.parametrize("text", ["Wagner Steuerberatung GmbH", "Steuerweg 4", "Nordstraße 12"])
def test_names_and_streets_do_not_stop_an_address(text: str) -> None:
    assert not STOP_ADDRESS.search(text)
