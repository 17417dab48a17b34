"""Line items from word geometry: header tables in several languages, wrapped descriptions,
page breaks, the totals block, receipts without a header, and arithmetic confidence."""

from paperwise.domain.document_types import INVOICE, RECEIPT, DataType, FieldDef
from paperwise.domain.result import FieldResult
from paperwise.extraction.layout import document_lines
from paperwise.extraction.line_items import extract_line_items
from paperwise.reading.model import ReadDocument

from .conftest import MakeDoc, right_at


def _rows(results: list[list[FieldResult]]) -> list[dict[str, str | None]]:
    return [{f.name: (f.best.value if f.best else None) for f in row} for row in results]


GERMAN_TABLE = [
    (100, 100, "Rechnung Nr. 4711"),
    (100, 300, "Pos"),
    (180, 300, "Bezeichnung"),
    (600, 300, "Menge"),
    (760, 300, "Einzelpreis"),
    (920, 300, "MwSt"),
    (1020, 300, "Betrag"),
    (100, 340, "1"),
    (180, 340, "Trennblätter A4"),
    right_at(650, 340, "20"),
    right_at(870, 340, "9,90"),
    right_at(960, 340, "19 %"),
    right_at(1100, 340, "198,00"),
    (100, 380, "2"),
    (180, 380, "Joghurt Banane"),
    right_at(650, 380, "50"),
    right_at(870, 380, "5,50"),
    right_at(960, 380, "7 %"),
    right_at(1100, 380, "275,00"),
    (180, 402, "laktosefrei"),
    (600, 480, "Summe netto"),
    right_at(1100, 480, "473,00"),
    (600, 510, "MwSt 19 %"),
    right_at(1100, 510, "37,62"),
]


def test_german_table_with_wrapped_description(make_doc: MakeDoc) -> None:
    rows = _rows(extract(make_doc(GERMAN_TABLE)))
    assert rows == [
        {
            "description": "Trennblätter A4",
            "product_code": None,
            "quantity": "20.0000",
            "unit": None,
            "unit_price": "9.9000",
            "amount": "198.0000",
            "vat_rate": "19.0000",
        },
        {
            "description": "Joghurt Banane laktosefrei",
            "product_code": None,
            "quantity": "50.0000",
            "unit": None,
            "unit_price": "5.5000",
            "amount": "275.0000",
            "vat_rate": "7.0000",
        },
    ]


def extract(doc: ReadDocument) -> list[list[FieldResult]]:
    return extract_line_items(document_lines(doc.pages), INVOICE.line_item_fields)


def test_values_have_boxes_and_arithmetic_sets_confidence(make_doc: MakeDoc) -> None:
    table = list(GERMAN_TABLE)
    # a row whose quantity x price does not give its amount
    table += [
        (100, 420, "3"),
        (180, 420, "Kaffee"),
        right_at(650, 420, "2"),
        right_at(870, 420, "4,00"),
        right_at(1100, 420, "9,00"),
    ]
    results = extract(make_doc(table))
    amount = results[0][5].best
    assert amount is not None and amount.box is not None
    assert amount.box.x + amount.box.width == 1100 and amount.box.y == 340
    good = results[0][5].best
    bad = results[2][5].best
    assert good is not None and bad is not None and good.confidence > 0.9 > bad.confidence


def test_english_table_with_phrase_titles_and_thousands(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 200, "Item code"),
            (260, 200, "Description"),
            (700, 200, "Qty"),
            (820, 200, "Unit price"),
            (1020, 200, "Line total"),
            (100, 240, "AB-100"),
            (260, 240, "Consulting services"),
            right_at(740, 240, "12"),
            right_at(960, 240, "1,250.00"),
            right_at(1120, 240, "15,000.00"),
            (700, 300, "Subtotal"),
            right_at(1120, 300, "15,000.00"),
        ]
    )
    rows = _rows(extract(doc))
    assert len(rows) == 1
    assert rows[0]["product_code"] == "AB-100"
    assert rows[0]["description"] == "Consulting services"
    assert (rows[0]["quantity"], rows[0]["unit_price"], rows[0]["amount"]) == (
        "12.0000",
        "1250.0000",
        "15000.0000",
    )


def test_french_table_with_space_thousands(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 200, "Désignation"),
            (600, 200, "Qté"),
            (760, 200, "Prix unitaire"),
            (1000, 200, "Montant HT"),
            (100, 240, "Contrat de maintenance"),
            right_at(640, 240, "3"),
            right_at(900, 240, "7 553,10"),
            right_at(1120, 240, "22 659,30"),
            (700, 300, "Total HT"),
            right_at(1120, 300, "22 659,30"),
        ]
    )
    rows = _rows(extract(doc))
    assert [(r["description"], r["amount"]) for r in rows] == [
        ("Contrat de maintenance", "22659.3000")
    ]


def test_table_goes_on_over_a_page_break(make_doc: MakeDoc) -> None:
    header = [
        (100, 300, "Artikel"),
        (600, 300, "Anzahl"),
        (760, 300, "Preis"),
        (1000, 300, "Gesamt"),
    ]
    first = [
        *header,
        (100, 340, "Stahlwinkel"),
        right_at(640, 340, "4"),
        right_at(860, 340, "10,00"),
        right_at(1100, 340, "40,00"),
        (500, 1700, "Seite 1 von 2"),
    ]
    second = [
        *header,
        (100, 340, "Kopierpapier"),
        right_at(640, 340, "2"),
        right_at(860, 340, "5,00"),
        right_at(1100, 340, "10,00"),
        (600, 420, "Gesamtbetrag"),
        right_at(1100, 420, "50,00"),
    ]
    rows = _rows(extract(make_doc(first, second)))
    assert [r["description"] for r in rows] == ["Stahlwinkel", "Kopierpapier"]


def test_tax_summary_table_is_not_items(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 200, "Art"),
            (300, 200, "Basisbetrag"),
            (600, 200, "Steuersatz"),
            (900, 200, "Steuerbetrag"),
            (100, 240, "Umsatzsteuer"),
            right_at(420, 240, "198,00"),
            right_at(660, 240, "19"),
            right_at(1000, 240, "37,62"),
        ]
    )
    assert extract(doc) == []


def test_receipt_without_header(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 50, "SUPERMARKT MUSTER"),
            (100, 120, "Milch 1L"),
            right_at(500, 120, "1,19"),
            (520, 120, "A"),
            (100, 150, "Brot"),
            right_at(500, 150, "2,49"),
            (520, 150, "A"),
            (100, 180, "Apfel 3 x 0,50"),
            right_at(500, 180, "1,50"),
            (520, 180, "A"),
            (100, 230, "SUMME EUR"),
            right_at(500, 230, "5,18"),
        ]
    )
    results = _rows_of(doc)
    assert [(r["description"], r["amount"]) for r in results] == [
        ("Milch 1L", "1.1900"),
        ("Brot", "2.4900"),
        ("Apfel", "1.5000"),
    ]
    assert (results[2]["quantity"], results[2]["unit_price"]) == ("3.0000", "0.5000")


def _rows_of(doc: ReadDocument) -> list[dict[str, str | None]]:
    return _rows(extract_line_items(document_lines(doc.pages), RECEIPT.line_item_fields))


def test_fields_follow_the_given_definitions(make_doc: MakeDoc) -> None:
    fields = [
        FieldDef("total", DataType.NUMBER),
        FieldDef("text", DataType.STRING),
        FieldDef("color", DataType.STRING),
    ]
    results = extract_line_items(document_lines(make_doc(GERMAN_TABLE).pages), fields)
    assert [[f.name for f in row] for row in results] == [["total", "text", "color"]] * 2
    assert results[0][0].best is not None and results[0][0].best.value == "198.0000"
    assert results[0][2].values == []


def test_no_fields_no_rows(make_doc: MakeDoc) -> None:
    assert extract_line_items(document_lines(make_doc(GERMAN_TABLE).pages), []) == []


def test_discount_and_tax_amount_columns_stay_out_of_the_fields(make_doc: MakeDoc) -> None:
    doc = make_doc(
        [
            (100, 200, "Descrizione"),
            (500, 200, "Q.tà"),
            (620, 200, "Prezzo"),
            (760, 200, "Sconto"),
            (880, 200, "Importo IVA"),
            (1060, 200, "Importo"),
            (100, 240, "Licenza software"),
            right_at(540, 240, "2"),
            right_at(700, 240, "100,00"),
            right_at(820, 240, "10,00"),
            right_at(1000, 240, "41,80"),
            right_at(1140, 240, "190,00"),
        ]
    )
    rows = _rows(extract(doc))
    assert [(r["description"], r["quantity"], r["unit_price"], r["amount"]) for r in rows] == [
        ("Licenza software", "2.0000", "100.0000", "190.0000")
    ]
