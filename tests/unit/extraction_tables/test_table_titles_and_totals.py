"""Item tables with titles in other languages or not known at all: row numbers and codes kept
out of descriptions, counts found by arithmetic, and a total sentence under the columns."""

import pytest

from paperwise.domain.document_types import INVOICE
from paperwise.extraction.layout import document_lines
from paperwise.extraction.line_items import extract_line_items
from paperwise.extraction.table_columns import column_meaning
from paperwise.reading.model import ReadDocument

from .conftest import MakeDoc, right_at


def _rows(doc: ReadDocument) -> list[dict[str, str | None]]:
    results = extract_line_items(document_lines(doc.pages), INVOICE.line_item_fields)
    return [{f.name: (f.best.value if f.best else None) for f in row} for row in results]


@pytest.mark.parametrize(
    ("title", "meaning"),
    [
        ("Zap. št.", "position"),  # SL
        ("Poz.", "position"),
        ("Regel", "position"),  # NL
        ("Riga", "position"),  # IT
        ("Línea", "position"),  # ES
        ("Lfd. Nr.", "position"),
        ("Artikelcode", "product_code"),  # not the "Artikel" description
        ("Item code", "product_code"),
        ("Aant.", "quantity"),  # NL
        ("Uren", "quantity"),
        ("P. unit.", "unit_price"),
        ("Prezzo unit.", "unit_price"),
    ],
)
def test_column_titles_in_more_languages(title: str, meaning: str) -> None:
    assert column_meaning(title) == meaning


def test_row_numbers_and_codes_stay_out_of_the_description(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "Regel"),
            (180, 300, "Artikelcode"),  # one space before the next title
            (296, 300, "Artikel"),
            (600, 300, "Aant."),
            (760, 300, "Prijs"),
            (1000, 300, "Bedrag"),
            (100, 340, "1"),
            (180, 340, "401213"),
            (296, 340, "Installatiebuis 19 mm"),
            right_at(650, 340, "25"),
            right_at(860, 340, "274,68"),
            right_at(1100, 340, "6867,00"),
        ]
    )
    rows = _rows(doc)
    assert [(r["product_code"], r["description"], r["quantity"]) for r in rows] == [
        ("401213", "Installatiebuis 19 mm", "25.0000")
    ]


def test_a_row_number_under_an_unknown_title_is_no_description(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "Lp."),  # a title in no list
            (180, 300, "Opis"),
            (600, 300, "Kol."),
            (760, 300, "Cena"),
            (1000, 300, "Vrednost"),
            (100, 340, "1"),
            (180, 340, "Vizitke 500 kos"),
            right_at(650, 340, "2"),
            right_at(860, 340, "182,54"),
            right_at(1100, 340, "365,08"),
        ]
    )
    assert [r["description"] for r in _rows(doc)] == ["Vizitke 500 kos"]


def test_a_count_under_an_unknown_title_is_the_quantity_when_it_adds_up(
    make_doc: MakeDoc,
) -> None:
    doc = make_doc(
        [
            (100, 300, "Omschrijving"),
            (600, 300, "Colli"),  # a title in no list
            (760, 300, "Prijs"),
            (1000, 300, "Bedrag"),
            (100, 340, "Koperen buis 15 mm"),
            (620, 340, "3 kg"),
            right_at(810, 340, "107,43"),
            right_at(1100, 340, "322,29"),
            (100, 380, "Printpapier A4"),
            (620, 380, "7 doos"),  # seven times the price it is not: no quantity
            right_at(810, 380, "10,00"),
            right_at(1100, 380, "20,00"),
        ]
    )
    rows = _rows(doc)
    assert [(r["description"], r["quantity"], r["unit"]) for r in rows] == [
        ("Koperen buis 15 mm", "3.0000", "kg"),
        ("Printpapier A4", None, None),
    ]


def test_numbers_under_a_units_title_without_a_quantity_column_count(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "Descripción"),
            (600, 300, "Uds."),
            (760, 300, "Precio"),
            (1000, 300, "Total"),
            (100, 340, "Silla de oficina"),
            right_at(640, 340, "100"),
            right_at(860, 340, "247,30"),
            right_at(1100, 340, "24730,00"),
        ]
    )
    rows = _rows(doc)
    assert [(r["description"], r["quantity"], r["unit"]) for r in rows] == [
        ("Silla de oficina", "100.0000", None)
    ]


def test_a_total_sentence_under_the_columns_ends_the_table(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "Bezeichnung"),
            (800, 300, "Anzahl"),
            (950, 300, "EP"),
            (1050, 300, "Gesamtpreis"),
            (100, 340, "Visitenkarten 500 Stk"),
            right_at(860, 340, "12"),
            right_at(970, 340, "116,82"),
            right_at(1160, 340, "1.401,84"),
            # its figures fall under the quantity, price and amount titles, but do not multiply
            right_at(1160, 400, "Gesamtbetrag EUR 1.682,21 inkl. 20% MwSt. (280,37)"),
            (100, 440, "Abschluss"),
            right_at(860, 440, "1"),
            right_at(970, 440, "1,00"),
            right_at(1160, 440, "1,00"),
        ]
    )
    assert [r["description"] for r in _rows(doc)] == ["Visitenkarten 500 Stk"]


def test_an_item_named_like_a_total_is_kept_when_it_adds_up(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "Leistung"),
            (600, 300, "Std."),
            (760, 300, "Preis"),
            (1000, 300, "Betrag"),
            (100, 340, "Steuerberatung Jahresabschluss"),
            right_at(650, 340, "2"),
            right_at(860, 340, "120,00"),
            right_at(1100, 340, "240,00"),
            (100, 380, "Fahrtkosten"),
            right_at(650, 380, "1"),
            right_at(860, 380, "30,00"),
            right_at(1100, 380, "30,00"),
        ]
    )
    assert [r["description"] for r in _rows(doc)] == [
        "Steuerberatung Jahresabschluss",
        "Fahrtkosten",
    ]


def test_a_tax_code_inside_a_row_ends_nothing(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 300, "Beschreibung"),
            (500, 300, "Nettopreis"),
            (700, 300, "Menge"),
            (850, 300, "MwSt"),
            (1000, 300, "Betrag"),
            (100, 340, "Wirkarbeit HT"),
            right_at(600, 340, "0,05"),  # rounded: 10000 x 0,05 is not 52,00
            right_at(760, 340, "10000"),
            (850, 340, "19 % VAT (S)"),
            right_at(1100, 340, "52,00"),
            (100, 380, "Ökosteuer"),
            right_at(600, 380, "0,02"),
            right_at(760, 380, "10000"),
            (850, 380, "19 % VAT (S)"),
            right_at(1100, 380, "20,50"),
        ]
    )
    assert [r["description"] for r in _rows(doc)] == ["Wirkarbeit HT", "Ökosteuer"]
